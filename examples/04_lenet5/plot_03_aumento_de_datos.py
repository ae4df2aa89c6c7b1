"""
El bloque de aumento de datos de la clase
=========================================

Qué hacen de verdad las cuatro capas aleatorias de Keras que usa la clase, medido.

**Lo que aprenderás**

* Qué es el :term:`aumento de datos`: transformar al azar cada imagen de
  entrenamiento en cada época para que la red vea variaciones que el conjunto
  original no tiene.
* Qué significan de verdad los factores de las capas de aumento de Keras
  (traslación, rotación, acercar y alejar, cizallamiento), medidos uno por uno.
* Cuánto mueve el bloque completo un dígito entero, comparado con la prueba
  trasladada 4 píxeles.
"""

# %%
# Un bloque que cambia los datos en cada época
# --------------------------------------------
# La siguiente lección agrega a LeNet-5 cuatro cambios para que resista los
# traslados; el tercero es el aumento de datos (*data augmentation*): antes de
# la primera convolución, un bloque de capas aleatorias traslada, gira, acerca
# o aleja (*zoom*) e inclina (*shear*, cizallamiento) cada imagen de
# entrenamiento, distinta en cada época. En la evaluación el bloque no hace
# nada. Antes de entrenar con él conviene saber qué hace exactamente; eso mide
# esta lección, sin entrenar ninguna red.
import keras
import numpy as np

from cnnbook import claims, config, data, formatting, models, plots

print(config.profile().describe())
(x_train, _), _ = data.load_mnist()
x_train_n = data.normalize(x_train)[..., None]

# %%
# El bloque de aumento de datos
# -----------------------------
# El código de la clase usa estos factores, y los comenta así:
# ``# traslación ±4 px``, ``# rotación ~±10°``, ``# zoom ±10%`` y, para el
# cizallamiento (*shear*), ``# "inclina" la imagen hasta un 10%``. Así guarda
# Keras los factores:
for layer in models.augmentation().layers:
    print(
        f"{type(layer).__name__:18s}",
        {k: v for k, v in layer.get_config().items() if k.endswith("factor")},
    )

# %%
# ¿Qué significan de verdad? Keras interpreta el factor de traslación como una
# **fracción del lado** de la imagen, el de rotación como una **fracción de una
# vuelta completa**, el de zoom como la fracción en que se acerca o se aleja la
# imagen, y el de cizallamiento como la pendiente de la inclinación. Además,
# ``RandomShear(0.1)`` con un solo argumento fija sólo ``x_factor``: inclina en
# horizontal y nunca en vertical (``y_factor`` queda en 0, como dice la
# configuración de arriba).
#
# Medimos las cuatro capas por separado, 2,000 veces cada una, sobre imágenes
# de 32 x 32 (el tamaño de los dígitos con el borde): un punto brillante en el
# centro (traslación), una barra horizontal (rotación), un cuadrado de 12 x 12
# (zoom) y una barra vertical (cizallamiento).
N = 2000
fill = {"fill_mode": "constant", "fill_value": 0.0}
pixels = np.arange(32)


def centre_of_mass(images):
    """Fila y columna del centro de masa de cada imagen de un lote (N, 32, 32, 1)."""
    w = images[..., 0]
    mass = w.sum(axis=(1, 2))
    return (w.sum(axis=2) @ pixels) / mass, (w.sum(axis=1) @ pixels) / mass


def augment(layer, images):
    """La capa aleatoria aplicada como en el entrenamiento."""
    return np.asarray(layer(images, training=True))


def blank():
    return np.zeros((N, 32, 32, 1), dtype="float32")


# Traslación: cuánto se mueve un punto.
dot = blank()
dot[:, 16, 16] = 1.0
rows, cols = centre_of_mass(
    augment(keras.layers.RandomTranslation(0.08, 0.08, seed=1, **fill), dot)
)
max_shift = max(np.abs(rows - 16).max(), np.abs(cols - 16).max())

# Rotación: el ángulo de una barra horizontal, por sus momentos de segundo orden.
bar = blank()
bar[:, 15:17, 4:28] = 1.0
w = augment(keras.layers.RandomRotation(0.1, seed=2, **fill), bar)[..., 0]
yy, xx = np.mgrid[0:32, 0:32] - 15.5
cov_xy, cov_xx, cov_yy = ((w * a).sum(axis=(1, 2)) for a in (xx * yy, xx**2, yy**2))
max_angle = np.abs(np.degrees(0.5 * np.arctan2(2 * cov_xy, cov_xx - cov_yy))).max()

# Zoom: cuánto cambia el lado de un cuadrado (la raíz de su área).
square = blank()
square[:, 10:22, 10:22] = 1.0
zoomed = augment(keras.layers.RandomZoom(0.1, seed=3, **fill), square)
scale = np.sqrt(zoomed.sum(axis=(1, 2, 3)) / square[0].sum())

# Cizallamiento: cuánto se corre, en cada fila, una barra vertical en el centro;
# y si una barra horizontal se mueve en vertical (no debería).
vertical = blank()
vertical[:, :, 15:17] = 1.0
shear = keras.layers.RandomShear(0.1, seed=4, **fill)
w = augment(shear, vertical)[..., 0]
by_row = np.abs((w * pixels).sum(axis=2) / w.sum(axis=2) - 15.5).max(axis=0)
horizontal = blank()
horizontal[:, 15:17, :] = 1.0
w = augment(shear, horizontal)[:, :, 4:28, 0]  # lejos de los lados
by_column = (w * pixels[:, None]).sum(axis=1) / w.sum(axis=1)
vertical_move = np.abs(by_column - 15.5).max()

print(
    f"Traslación:     hasta {max_shift:.2f} px en cada eje "
    f"(0.08 x 32 = {0.08 * 32:.2f} px; el comentario decía ±4 px)"
)
print(
    f"Rotación:       hasta {max_angle:.1f}° "
    f"(0.1 x 360° = {0.1 * 360:.0f}°; el comentario decía ~±10°)"
)
print(
    f"Zoom:           el lado se multiplica por entre {scale.min():.2f} y "
    f"{scale.max():.2f} (acercar y alejar hasta 10 %, como decía el comentario)"
)
print(
    f"Cizallamiento:  la barra vertical se corre {by_row[0]:.2f} px en la fila de "
    f"arriba, hasta {by_row[15:17].mean():.2f} px en el centro y hasta "
    f"{by_row[31]:.2f} px en la fila de abajo; en vertical, {vertical_move:.2f} px"
)
claims.check(
    "la traslación llega a 2.56 px y no a 4, la rotación a 36° y no a 10°, el zoom "
    "acerca y aleja hasta un 10 %, y el cizallamiento es sólo horizontal y parte de "
    "la fila de arriba: 0 px arriba, unos 1.55 px en el centro y 3.1 px abajo",
    abs(max_shift - 2.56) < 0.15
    and 34 < max_angle < 36.5
    and 0.88 < scale.min() < 0.93
    and 1.07 < scale.max() < 1.13
    and by_row[0] < 0.05
    and abs(by_row[15:17].mean() - 1.55) < 0.15
    and abs(by_row[31] - 3.1) < 0.2
    and vertical_move < 0.01,
    traslación_px=float(max_shift),
    rotación_grados=float(max_angle),
    cizallamiento_abajo_px=float(by_row[31]),
)

# %%
# Es decir, en una imagen de 32 x 32:
#
# * el factor 0.08 traslada hasta 2.56 píxeles, no 4 (para 4 píxeles haría
#   falta 0.125);
# * el factor 0.1 de rotación gira hasta 36°, no 10° (para ±10° haría falta un
#   factor de aproximadamente 0.028);
# * el zoom sí acerca y aleja hasta un 10 %, como decía el comentario;
# * el cizallamiento inclina sólo en horizontal, y como Keras lo calcula desde
#   la fila de arriba y no desde el centro, además traslada: cada fila se corre
#   hasta 0.1 veces su distancia a la fila de arriba, 1.55 px en el centro de la
#   imagen y 3.1 px en la última fila.
#
# Los comentarios del código de la clase no coinciden con lo que Keras hace en
# la traslación y en la rotación. Conservamos los factores de la clase —son los
# que produjeron su resultado— y lo tenemos presente al interpretar.
#
# Los cuatro juntos, sobre dígitos
# --------------------------------
# Un píxel concreto puede moverse mucho más de 2.56 px: una rotación de 36°
# mueve más de 6 px un punto a 10 px del centro. Pero para la prueba trasladada
# importa otra cosa: ¿cuánto se desplaza el dígito entero? Medimos el centro de
# masa de 2,000 dígitos de entrenamiento con borde, antes y después del bloque
# completo, y contamos cuántos quedaron movidos como los de la prueba (4 px
# hacia abajo y 4 px a la derecha) o al menos 3 px y 3 px.
padded = np.pad(x_train_n[:N], ((0, 0), (2, 2), (2, 2), (0, 0)))
rows0, cols0 = centre_of_mass(padded)
rows1, cols1 = centre_of_mass(augment(models.augmentation(seed=config.SEED), padded))
dy, dx = rows1 - rows0, cols1 - cols0
like_test = {t: float(np.mean((dy >= t) & (dx >= t))) for t in (3, 4)}
print(
    f"El centro de los dígitos se movió hasta {np.abs(dy).max():.2f} px en vertical "
    f"y hasta {np.abs(dx).max():.2f} px en horizontal."
)
for t, share in like_test.items():
    print(
        f"Movidos al menos {t} px hacia abajo y {t} px a la derecha a la vez: "
        f"{formatting.percent(share, 1)}"
    )
claims.check(
    "casi ningún dígito aumentado (menos del 1 %) quedó movido a la vez 3 px hacia "
    "abajo y 3 px a la derecha; la prueba trasladada los mueve 4 y 4",
    like_test[3] < 0.01,
    al_menos_3_y_3=like_test[3],
)

# %%
# El bloque no muestra a la red el traslado de la prueba; si la red acierta en
# la prueba trasladada, es porque extiende lo que aprendió con movimientos más
# pequeños. Lo medimos más abajo.
#
# Así se ven algunos dígitos aumentados:
aug = models.augmentation(seed=config.SEED)
samples = [padded[i, :, :, 0] for i in range(8)]
for _ in range(3):
    out = np.asarray(aug(padded[:8], training=True))
    samples += [out[i, :, :, 0] for i in range(8)]
fig = plots.image_grid(
    samples,
    ncols=8,
    row_labels=["original", "aumento 1", "aumento 2", "aumento 3"],
    title="Dígitos con borde (32 x 32) y tres versiones aumentadas de cada uno",
)


# %%
# Resumen
# -------
# * El bloque de aumento de la clase encadena cuatro capas aleatorias de Keras:
#   traslación, rotación, acercar y alejar, y cizallamiento.
# * Medidos, sus factores no dicen lo que decían los comentarios del código de
#   la clase en dos casos: la traslación llega a 2.56 px y no a 4, y la rotación
#   a 36° y no a 10°. El zoom sí es de ±10 %, y el cizallamiento es sólo
#   horizontal y, por partir de la fila de arriba, también traslada.
# * Aplicado a dígitos, el bloque casi nunca mueve un dígito entero tanto como
#   la prueba trasladada. La lección siguiente mide si, aun así, le sirve a la
#   red para acertar en ella.
#
# Ejercicios
# ----------
# 1. Cambia el factor de traslación a 0.125 (los "±4 px" que decía el
#    comentario) y repite la medición del punto y la de los dígitos. ¿Cuántos
#    dígitos quedan ahora movidos al menos 3 px hacia abajo y 3 px a la derecha?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          layer = keras.layers.RandomTranslation(0.125, 0.125, seed=1, **fill)
#          rows, cols = centre_of_mass(augment(layer, dot))
#          print(max(np.abs(rows - 16).max(), np.abs(cols - 16).max()))
#          moved = augment(layer, padded)
#          r1, c1 = centre_of_mass(moved)
#          print(np.mean((r1 - rows0 >= 3) & (c1 - cols0 >= 3)))
#
#       Con 0.125 x 32 = 4 px, el punto se mueve hasta 4 px en cada eje, y la
#       traslación sola ya deja una fracción de los dígitos movidos como los de
#       la prueba. Para saber qué le pasa a la red, copia
#       ``models.augmentation`` con ese factor y entrena con ``fit_or_load``
#       bajo otro nombre, como en la lección siguiente.
#
# 2. ¿Qué factor de ``RandomRotation`` da los «~±10°» del comentario?
#    Compruébalo con la barra horizontal.
#
#    .. dropdown:: Solución
#
#       El factor es una fracción de una vuelta: 10 / 360 ≈ 0.028.
#
#       .. code-block:: python
#
#          layer = keras.layers.RandomRotation(10 / 360, seed=2, **fill)
#          w = augment(layer, bar)[..., 0]
#          c_xy, c_xx, c_yy = ((w * a).sum(axis=(1, 2)) for a in (xx * yy, xx**2, yy**2))
#          print(np.abs(np.degrees(0.5 * np.arctan2(2 * c_xy, c_xx - c_yy))).max())
