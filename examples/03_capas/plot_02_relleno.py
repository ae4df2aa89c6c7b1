r"""
Relleno (*padding*)
===================

Bordes de ceros para conservar el tamaño y que el kernel también vea los bordes.

**Lo que aprenderás**

* Por qué cada :term:`convolución` sin relleno encoge la imagen y cuánto.
* Qué es el relleno con ceros (*zero padding*) y cómo se ve una imagen
  rellenada, número por número.
* La diferencia entre ``padding="valid"`` y ``padding="same"`` en Keras.
* Que sin relleno el kernel ve los píxeles del borde muchas menos veces que los
  del centro, y cuánto corrige el relleno ese desequilibrio.
"""

# %%
# La imagen se encoge
# -------------------
# En una imagen de :math:`H \times W` píxeles (alto por ancho), un kernel de
# :math:`k \times k` sólo cabe en :math:`W - k + 1` posiciones por fila y en
# :math:`H - k + 1` por columna: la salida pierde :math:`k - 1` filas y
# columnas. La clase lo resume así: con un kernel de
# 3 x 3, la imagen resultante es más pequeña que la original. Si apilamos
# convoluciones sin relleno, la pérdida se acumula. Partimos de un dígito de
# MNIST (28 x 28) y aplicamos capas de 3 x 3 una tras otra:
import keras
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import claims, config, formatting, ops, plots

print(config.profile().describe())
side = 28
for layer in range(1, 14):
    side = ops.output_size(side, 3)
    print(f"después de {layer:2d} capa(s) de 3 x 3: {side:2d} x {side:2d}")

# %%
# Tras trece capas sólo quedan unos pocos píxeles: una red profunda sin relleno
# se quedaría sin imagen. Además, como veremos al final de la lección, los
# píxeles del borde participan en muy pocas cuentas.
#
# Rellenar con ceros
# ------------------
# El :term:`relleno` (*padding*) agrega filas y columnas alrededor de la imagen
# antes de convolucionar, generalmente con ceros. ``ops.pad(imagen, p)`` añade
# :math:`p` píxeles en cada borde: una imagen de :math:`H \times W` pasa a
# :math:`(H + 2p) \times (W + 2p)`.
image = np.arange(1, 26).reshape(5, 5)
padded = ops.pad(image, 1)
print("Original:", image.shape, "· rellenada:", padded.shape)
fig, axes = plt.subplots(
    1, 2, figsize=(8, 4), layout="constrained", width_ratios=[5, 7]
)
plots.matrix(image, ax=axes[0], title="Imagen de 5 x 5", vmin=0, vmax=25)
plots.matrix(
    padded,
    ax=axes[1],
    title="Con relleno p = 1: 7 x 7",
    highlight=(1, 1, 5, 5),
    vmin=0,
    vmax=25,
)

# %%
# El rectángulo marca la imagen original; alrededor, el marco de ceros. Ahora
# un kernel de 3 x 3 cabe centrado en *cada* píxel original, incluidas las
# esquinas. Lo vemos con un kernel de unos, que suma los nueve vecinos: sin
# relleno la salida es de 3 x 3; con relleno, de 5 x 5, como la entrada.
ones = np.ones((3, 3), dtype=int)
valid = ops.conv2d(image, ones)
same = ops.conv2d(padded, ones)
print("Sin relleno:", valid.shape, "· con relleno:", same.shape)
fig, axes = plt.subplots(
    1, 2, figsize=(8, 4), layout="constrained", width_ratios=[3, 5]
)
plots.matrix(valid, ax=axes[0], title="Sin relleno: 3 x 3", vmin=0, vmax=same.max())
plots.matrix(
    same,
    ax=axes[1],
    title="Con relleno: 5 x 5",
    vmin=0,
    vmax=same.max(),
    highlight=(1, 1, 3, 3),
)

# %%
# El centro de la salida rellenada (el recuadro) coincide con la salida sin
# relleno. En el borde, cada suma incluye algunos ceros del marco en lugar de
# píxeles, así que sale más baja que si la imagen continuara: el relleno con
# ceros oscurece un poco los bordes de un mapa. Es el precio de conservar el
# tamaño.
claims.check(
    "el centro de la salida rellenada coincide con la salida sin relleno",
    np.array_equal(same[1:-1, 1:-1], valid),
)

# %%
# ``valid`` y ``same`` en Keras
# -----------------------------
# ``Conv2D`` no recibe el número de ceros sino un modo: ``padding="valid"``
# (sin relleno, el valor por omisión) o ``padding="same"`` (el relleno que hace
# falta para que, con paso 1, la salida mida lo mismo que la entrada: para un
# kernel impar, :math:`p = (k - 1) / 2` por lado). Construimos capas con los
# dos modos y leemos la forma de su salida:
print(f"{'entrada':>9}  {'kernel':>7}  {'valid':>9}  {'same':>9}  {'p = (k-1)/2':>11}")
for n, k in [(5, 3), (28, 3), (28, 5), (64, 3), (64, 7)]:
    shapes = {}
    for mode in ("valid", "same"):
        layer = keras.layers.Conv2D(1, k, padding=mode)
        shapes[mode] = tuple(layer(np.zeros((1, n, n, 1), "float32")).shape[1:3])
    print(
        f"{f'{n} x {n}':>9}  {f'{k} x {k}':>7}  {str(shapes['valid']):>9}  "
        f"{str(shapes['same']):>9}  {(k - 1) // 2:>11}"
    )

# %%
# Con un kernel impar, ``"same"`` es exactamente el relleno de
# :math:`(k - 1) / 2` ceros por lado que hicimos a mano. Lo comprobamos con la
# imagen de 5 x 5 y un kernel al azar:
rng = np.random.default_rng(config.SEED)
kernel = rng.normal(size=(3, 3)).astype("float32")
layer = keras.layers.Conv2D(1, 3, padding="same", use_bias=False)
layer.build((None, 5, 5, 1))
layer.set_weights([kernel[:, :, None, None]])
keras_out = layer(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]
ours = ops.conv2d(ops.pad(image, 1), kernel)
same_diff = float(np.max(np.abs(keras_out - ours)))
print(f"Diferencia máxima entre Keras 'same' y ops.pad + ops.conv2d: {same_diff:.1e}")
claims.check(
    "«same» es el relleno de (k - 1)/2 ceros por lado: las dos salidas difieren "
    "sólo en el redondeo de float32",
    same_diff < 1e-5,
    diferencia_máxima=same_diff,
)

# %%
# Los bordes, vistos por el kernel
# --------------------------------
# El segundo beneficio del relleno, según la clase, es que los bordes también
# sean procesados por el kernel. Para medirlo contamos, para cada píxel de una
# imagen de 8 x 8, en cuántas posiciones del kernel de 3 x 3 queda cubierto.
# Recorremos las posiciones como lo hace la convolución y sumamos 1 a cada
# píxel de la ventana.


def coverage(n, k, p):
    """Cuántas ventanas de k x k (paso 1, relleno p) cubren cada píxel original."""
    counts = np.zeros((n + 2 * p, n + 2 * p), dtype=int)
    out = ops.output_size(n, k, padding=p)
    for i in range(out):
        for j in range(out):
            counts[i : i + k, j : j + k] += 1
    return counts[p : p + n, p : p + n]  # sólo los píxeles de la imagen


paddings = {0: "sin relleno", 1: "p = 1 («same»)", 2: "p = 2"}
fig, axes = plt.subplots(1, 3, figsize=(13, 4.6), layout="constrained")
for ax, (p, label) in zip(axes, paddings.items()):
    plots.matrix(coverage(8, 3, p), ax=ax, vmin=0, vmax=9, title=label)
fig.suptitle("Veces que el kernel de 3 x 3 cubre cada píxel de una imagen de 8 x 8")

# %%
# Sin relleno, una esquina entra en una sola cuenta, un píxel del borde en tres
# y uno del centro en nueve. El relleno ``"same"`` de :math:`p = 1` sube la
# esquina a cuatro y el borde a seis: los bordes ya se procesan, aunque todavía
# un poco menos que el centro. Sólo con :math:`p = k - 1 = 2` (el relleno
# llamado «completo», *full*) todos los píxeles entran en nueve cuentas, a
# cambio de una salida más grande que la entrada. Resumimos cuántos píxeles
# quedan en desventaja, también para un dígito de MNIST de 28 x 28:
for n in (8, 28):
    for p in paddings:
        counts = coverage(n, 3, p)
        print(
            f"{n:2d} x {n:<2d}, {paddings[p]:<15}: esquina {counts[0, 0]}, "
            f"borde {counts[0, n // 2]}, centro {counts[n // 2, n // 2]}; "
            f"{formatting.percent(np.mean(counts < 9), 1):>7} de los píxeles se ven "
            "menos de 9 veces"
        )
corner_edge = {
    p: (int(coverage(8, 3, p)[0, 0]), int(coverage(8, 3, p)[0, 4])) for p in paddings
}
claims.check(
    "en la imagen de 8 x 8, la esquina y el borde entran en 1 y 3 cuentas sin "
    "relleno, en 4 y 6 con p = 1 y en 9 con p = 2, como el centro",
    corner_edge == {0: (1, 3), 1: (4, 6), 2: (9, 9)}
    and all(coverage(8, 3, p)[4, 4] == 9 for p in paddings),
    esquina_y_borde=corner_edge,
)

# %%
# En una imagen pequeña el borde es una fracción grande de la imagen: sin
# relleno, la red apenas mira lo que ocurre allí.
#
# Resumen
# -------
# * Sin relleno, un kernel de :math:`k \times k` produce una salida de
#   :math:`(H - k + 1) \times (W - k + 1)`: cada capa encoge la imagen.
# * El relleno con ceros agrega :math:`p` filas y columnas por lado; con
#   :math:`p = (k - 1)/2` y paso 1, la salida mide lo mismo que la entrada. En
#   Keras es ``padding="same"``; ``padding="valid"`` es no rellenar.
# * Sin relleno, los píxeles del borde entran en muy pocas cuentas; con
#   ``"same"`` entran en muchas más, y con :math:`p = k - 1` en tantas como los
#   del centro. El costo es que las sumas del borde incluyen ceros.
#
# Ejercicios
# ----------
# 1. ¿Qué relleno :math:`p` conserva el tamaño de una imagen de 28 x 28 con un
#    kernel de 5 x 5, como en la LeNet-5 mejorada del capítulo siguiente?
#    Comprueba tu respuesta con ``exercises.check("3.2.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       :math:`p = (5 - 1)/2 = 2`. En efecto,
#       ``ops.output_size(28, 5, padding=2)`` da 28, igual que
#       ``ops.output_size(28, 5, padding="same")``.
#
# 2. Con un kernel *par*, por ejemplo de 4 x 4, no hay un :math:`p` entero que
#    reparta el relleno por igual. ¿Qué hace ``"same"``?
#
#    .. dropdown:: Solución
#
#       Hace falta un relleno total de 3 filas y 3 columnas; TensorFlow pone 1
#       arriba y a la izquierda y 2 abajo y a la derecha:
#
#       .. code-block:: python
#
#          k4 = rng.normal(size=(4, 4))
#          a = ops.conv2d(image, k4, padding="same")
#          b = ops.conv2d(image, k4, padding=((1, 2), (1, 2)))
#          print(a.shape, np.allclose(a, b))  # (5, 5) True
#
# 3. Usa ``coverage`` para un kernel de 5 x 5 sin relleno en una imagen de
#    8 x 8. ¿Cuántas veces se ve una esquina y cuántas el centro?
#
#    .. dropdown:: Solución
#
#       ``coverage(8, 5, 0)`` da 1 en las esquinas y a lo sumo 16 en el centro
#       (la salida tiene sólo 4 x 4 posiciones, así que ningún píxel llega a
#       las 25 cuentas posibles). Con el relleno ``"same"``,
#       ``coverage(8, 5, 2)``, la esquina sube a 9; con ``coverage(8, 5, 4)``
#       todos los píxeles se ven 25 veces. Cuanto más grande el kernel, más
#       importa el relleno.
