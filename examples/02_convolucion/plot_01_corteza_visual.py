"""
La corteza visual
=================

Células simples y complejas, del gato de Hubel y Wiesel a las primeras redes convolucionales.

**Lo que aprenderás**

* Qué descubrieron Hubel y Wiesel en 1962 en la corteza visual del gato: células
  simples, que responden a una línea con cierta orientación en un lugar preciso,
  y células complejas, que toleran cambios de posición.
* Cómo simular ambas con unas cuantas líneas de NumPy: una :term:`célula simple` es un
  kernel orientado que recorre la imagen; una :term:`célula compleja` toma el máximo de
  las respuestas de muchas células simples.
* Cómo de esa idea salieron el neocognitrón de Fukushima (1980) y la primera red
  convolucional entrenada con :term:`retropropagación` de LeCun y su equipo, y qué son
  las características de bajo, medio y alto nivel.
"""

# %%
# Neuronas que sólo ven un pedazo
# -------------------------------
# En el capítulo anterior vimos que un :term:`perceptrón multicapa` no sabe qué píxeles
# son vecinos. Necesitamos capas que respeten la estructura local de la imagen,
# que toleren que un objeto se mueva, que no multipliquen sus parámetros con el
# tamaño de la imagen y que aprendan patrones reutilizables. La inspiración
# vino de la biología.
#
# David Hubel y Torsten Wiesel (la diapositiva de la clase escribe «Huber» y
# «Weisel») registraron la actividad de neuronas de la corteza visual del gato
# mientras le mostraban barras de luz: sus primeros campos receptivos se
# publicaron en 1959 (:ref:`ref-hubel1959`), y el artículo de 1962 que cita la
# clase (:ref:`ref-hubel1962`) describe dos tipos de neuronas:
#
# * Las **células simples** (*simple cells*) sólo ven una parte pequeña del campo
#   visual, su :term:`campo receptivo`. Hay muchas, cada una cubre un pedacito y
#   entre todas cubren el campo completo. Cada una se activa cuando ve una línea
#   con cierta orientación justo en su pedacito.
# * Las **células complejas** (*complex cells*) reúnen lo que ven varias células
#   simples, así que su campo receptivo es más grande. También prefieren una
#   orientación, pero no les importa la posición exacta de la línea dentro de su
#   campo.
#
# La clase resume lo segundo diciendo que a las neuronas complejas «no les
# importa su dirección ni posición»; en los registros de Hubel y Wiesel la
# preferencia por una orientación se conserva, y lo que se vuelve tolerante es
# la posición. La simulación de esta lección lo hace visible.
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import claims, config, ops, plots

print(config.profile().describe())

# %%
# Estímulos: una barra de luz
# ---------------------------
# Nuestros estímulos son imágenes negras de 28 x 28 píxeles (el tamaño de
# MNIST) con una barra blanca de un píxel de grosor. El ángulo se mide como en
# geometría: 0° es horizontal, 90° vertical, 45° sube hacia la derecha y 135°
# baja hacia la derecha.
SIZE = 28
ANGLES = (0, 45, 90, 135)


def bar(angle, row=SIZE // 2, col=SIZE // 2, length=9, size=SIZE):
    """Imagen de ``size`` x ``size`` con una barra de 1 píxel centrada en (row, col)."""
    rows, cols = np.mgrid[:size, :size]
    t = np.deg2rad(angle)
    across = (cols - col) * np.sin(t) + (rows - row) * np.cos(t)  # distancia a la recta
    along = (cols - col) * np.cos(t) - (rows - row) * np.sin(t)  # posición sobre ella
    return ((np.abs(across) < 0.5) & (np.abs(along) <= length / 2)).astype(float)


stimuli = np.stack([bar(a) for a in ANGLES])
fig = plots.image_grid(
    stimuli,
    titles=[f"barra a {a}°" for a in ANGLES],
    title="Cuatro estímulos en el centro de la imagen",
)

# %%
# Una célula simple es un kernel orientado
# ----------------------------------------
# Modelamos cada célula simple con una matriz pequeña de 5 x 5 pesos, un
# :term:`kernel`: vale lo mismo, positivo, sobre una línea que pasa por el
# centro con la orientación preferida, y lo mismo, negativo, en el resto. Los
# pesos positivos suman 1 y los negativos -1, así que el kernel suma 0: sobre
# una zona uniforme (toda negra o toda blanca) la célula no responde.


def simple_cell(angle, k=5):
    """Kernel de k x k: +1/n sobre la línea orientada, -1/m fuera de ella."""
    line = bar(angle, row=k // 2, col=k // 2, length=2 * k, size=k)
    return np.where(line > 0, 1 / line.sum(), -1 / (line.size - line.sum()))


cells = np.stack([simple_cell(a) for a in ANGLES], axis=-1)  # (5, 5, 4)
for a, k in zip(ANGLES, np.moveaxis(cells, -1, 0)):
    print(
        f"célula de {a:3d}°: positivos suman {k[k > 0].sum():.2f}, "
        f"negativos {k[k < 0].sum():.2f}, total {round(k.sum(), 12) + 0.0:.2f}"
    )
fig = plots.filters(
    cells,
    names=[f"célula de {a}°" for a in ANGLES],
    annotate=True,
    title="Cuatro células simples (rojo: peso positivo, azul: negativo)",
)

# %%
# La respuesta de una célula simple en un lugar de la imagen es la suma de los
# productos de sus pesos por los píxeles que cubre, pasada por una
# rectificación: si la suma es negativa, la neurona simplemente no dispara
# (:math:`\max(0, x)`, la función :term:`ReLU`). Para tener una célula en *cada*
# posición deslizamos el mismo kernel por toda la imagen: eso es una
# :term:`convolución`, el tema de este capítulo. Con ``padding="same"`` el mapa
# de respuestas tiene el mismo tamaño que la imagen: cada píxel del mapa es la
# respuesta de la célula que vigila esa posición.


def responses(image, kernel):
    return ops.relu(ops.conv2d(image, kernel, padding="same"))


maps = np.stack(
    [responses(s, cells[:, :, j]) for s in stimuli for j in range(len(ANGLES))]
)
print("Forma de cada mapa de respuestas:", maps.shape[1:])
fig = plots.image_grid(
    maps,
    titles=[f"célula de {a}°" for _ in ANGLES for a in ANGLES],
    row_labels=[f"barra a {a}°" for a in ANGLES],
    cmap="cividis",
    vmin=0,
    vmax=1,
    colorbar=True,
    title="Respuesta de cada tipo de célula simple a cada barra",
)

# %%
# En la diagonal de la rejilla (barra y célula con la misma orientación) el
# mapa se enciende a lo largo de la barra; fuera de ella queda casi apagado.
# Resumimos cada mapa con su respuesta más fuerte:
peaks = maps.max(axis=(1, 2)).reshape(len(ANGLES), len(ANGLES))
fig = plots.matrix(
    peaks,
    fmt="{:.2f}",
    cmap="cividis",
    vmin=0,
    vmax=1,
    row_labels=[f"barra {a}°" for a in ANGLES],
    col_labels=[f"célula {a}°" for a in ANGLES],
    title="Respuesta máxima de cada mapa",
)
off_diagonal = peaks[~np.eye(len(ANGLES), dtype=bool)]

# %%
# Cuando la orientación coincide, la célula responde con todo su peso positivo;
# cuando no, la barra sólo toca la línea del kernel en un píxel o dos y los
# pesos negativos cancelan lo poco que suma: lo que queda son respuestas
# débiles, sobre todo cerca de los extremos de la barra.
claims.check(
    "con la orientación preferida la respuesta máxima es 1, y con las otras "
    "no pasa de 0.25",
    bool(np.allclose(np.diag(peaks), 1) and off_diagonal.max() <= 0.25),
    mayor_fuera_de_la_diagonal=float(off_diagonal.max()),
)

# %%
# La posición importa
# -------------------
# Ahora fijamos *una* célula simple de 0°, la que vigila el centro de la imagen
# (fila 14, columna 14), y movemos una barra horizontal de arriba hacia abajo.
CENTER = SIZE // 2
positions = np.arange(4, SIZE - 3)
moving = np.stack([bar(0, row=r) for r in positions])
moving_maps = np.stack([responses(s, cells[:, :, 0]) for s in moving])

shown = [6, 10, 14, 18, 22]
idx = [int(np.flatnonzero(positions == r)[0]) for r in shown]
fig = plots.image_grid(
    np.concatenate([moving[idx], moving_maps[idx]]),
    titles=[f"fila {r}" for r in shown] * 2,
    ncols=len(shown),
    cmap="cividis",
    vmin=0,
    vmax=1,
    row_labels=["estímulo", "células de 0°"],
    title="La barra se mueve; la respuesta de las células de 0° la sigue",
    # En la fila de respuestas se marca la célula del centro.
    marks=[None] * len(shown) + [(CENTER, CENTER)] * len(shown),
)

# %%
# El cuadro bermellón marca la célula del centro. Sólo dispara cuando la barra
# pasa exactamente por su campo receptivo con la orientación correcta; una fila
# arriba o abajo, la barra cae sobre los pesos negativos y la célula calla.
#
# Una célula compleja toma el máximo
# ----------------------------------
# Una célula compleja recibe las respuestas de muchas células simples de la
# misma orientación y dispara si *alguna* de ellas dispara: su respuesta es el
# máximo de todo el mapa. En esta simulación su campo receptivo es la imagen
# entera. Comparamos la célula simple del centro con las cuatro células
# complejas mientras la barra horizontal baja.
simple_center = moving_maps[:, CENTER, CENTER]
complex_cells = {
    a: np.array([responses(s, cells[:, :, j]).max() for s in moving])
    for j, a in enumerate(ANGLES)
}
print("fila | simple 0° (centro) | " + " | ".join(f"compleja {a}°" for a in ANGLES))
for i, r in enumerate(positions):
    values = " | ".join(f"{complex_cells[a][i]:12.2f}" for a in ANGLES)
    print(f"{r:4d} | {simple_center[i]:18.2f} | {values}")

# %%
# La misma tabla, dibujada:
fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
ax.plot(positions, simple_center, "o-", label="simple de 0° (centro)")
for a, marker in zip(ANGLES, "s^vD"):
    ax.plot(positions, complex_cells[a], marker + "--", label=f"compleja de {a}°")
ax.set_xlabel("fila de la barra horizontal")
ax.set_ylabel("respuesta")
ax.set_ylim(-0.05, 1.1)
ax.grid(alpha=0.3)
ax.legend(fontsize=9, ncols=2)
ax.set_title("Células simples frente a células complejas")

# %%
# La célula simple sólo responde en una fila; la compleja de 0° responde con la
# misma fuerza en todas: es **tolerante a la posición**. Las complejas de otras
# orientaciones se quedan abajo: la tolerancia es a la posición, no a la
# orientación.
others = np.concatenate([complex_cells[a] for a in ANGLES[1:]])
claims.check(
    "la célula simple del centro sólo responde con la barra en la fila 14",
    positions[simple_center > 1e-9].tolist() == [CENTER],
    filas_con_respuesta=positions[simple_center > 1e-9].tolist(),
)
claims.check(
    "la compleja de 0° responde lo mismo en todas las filas, y más que "
    "cualquier compleja de otra orientación",
    bool(np.ptp(complex_cells[0]) < 1e-9 and complex_cells[0].min() > others.max()),
    compleja_0=float(complex_cells[0].min()),
    mayor_de_las_otras=float(others.max()),
)

# %%
# En el capítulo 3 veremos que la capa de :term:`agrupamiento máximo`
# (*max pooling*) de una red convolucional hace exactamente esto, con campos
# receptivos más pequeños que la imagen.
#
# Del gato a las máquinas
# -----------------------
# **1980, el neocognitrón.** Kunihiko Fukushima, a partir del trabajo de Hubel
# y Wiesel, propuso el :term:`neocognitrón` (:ref:`ref-fukushima1980`): la
# primera arquitectura artificial con capas jerárquicas de campos receptivos,
# antecesora conceptual de las redes convolucionales. Alternaba capas de
# células «S» (simples, como nuestros kernels) y «C» (complejas, como nuestro
# máximo), y reconocía números y caracteres escritos a mano sin importar su
# ubicación en la imagen. No usaba retropropagación (*backpropagation*), que
# aún no se popularizaba: sus filtros se ajustaban con una regla de
# aprendizaje no supervisada.
#
# **1998, LeCun y su equipo.** Yann LeCun, Léon Bottou, Yoshua Bengio y Patrick
# Haffner describieron LeNet-5 (:ref:`ref-lecun1998`), una red basada en el
# operador matemático de la **convolución**. Sus **filtros** hacen lo que
# hacían los kernels del procesamiento de imágenes (detectar bordes, suavizar,
# eliminar ruido), con una diferencia decisiva: sus pesos se aprenden con
# **retropropagación**. La clase la presenta como la primera
# :term:`red neuronal convolucional` entrenada así, pero LeCun y sus colegas de
# los Laboratorios Bell ya habían entrenado una red convolucional con
# retropropagación para leer códigos postales escritos a mano en 1989
# (:ref:`ref-lecun1989`); el artículo de 1998 es la versión madura de esa línea
# de trabajo. LeNet-5 es la red que construimos en el capítulo 4.
#
# Características de bajo, medio y alto nivel
# -------------------------------------------
# Al apilar capas, el campo receptivo crece y lo que detecta cada capa se
# vuelve más abstracto. En una red entrenada con rostros, la clase lo ilustra
# así:
#
# * **Bajo nivel**: líneas y bordes, como nuestras células simples.
# * **Nivel medio**: combinaciones de bordes que forman partes, como ojos,
#   nariz y orejas.
# * **Alto nivel**: la estructura completa de la cara.
#
# Nadie programa esos detectores: la red los aprende. En la última lección del
# capítulo veremos los filtros que aprende la primera capa de LeNet-5.
#
# Resumen
# -------
# * Una célula simple responde a una línea con cierta orientación en un lugar
#   preciso. La modelamos con un kernel orientado de pesos que suman cero y la
#   replicamos en cada posición deslizando el kernel por la imagen: una
#   convolución seguida de ReLU.
# * Una célula compleja toma el máximo de muchas células simples de la misma
#   orientación: conserva la preferencia por la orientación y tolera la
#   posición.
# * El neocognitrón (1980) apiló capas de ambos tipos sin retropropagación;
#   LeNet-5 (1998) aprendió sus filtros con retropropagación. Las capas
#   apiladas detectan características de nivel cada vez más alto.
#
# Ejercicios
# ----------
# 1. Construye una barra a 30°, que no coincide con ninguna de las cuatro
#    células. ¿Cuál responde más? ¿Con la misma fuerza que ante su orientación
#    preferida?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          tilted = bar(30)
#          for j, a in enumerate(ANGLES):
#              print(a, responses(tilted, cells[:, :, j]).max().round(2))
#
#       La célula de 45° es la que más responde, pero menos que ante una barra a
#       45°: la respuesta cae a medida que la orientación se aleja de la
#       preferida. Los neurofisiólogos llaman a esa curva *curva de
#       sintonización*.
#
# 2. Una célula compleja con un campo receptivo más pequeño toma el máximo sólo
#    sobre una región. Usa ``ops.max_pool(mapa, size=14)`` para tener cuatro
#    células complejas de 0°, una por cuadrante de 14 x 14, y mira cuáles
#    disparan con la barra horizontal en la fila 6 y en la fila 22.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          for r in (6, 22):
#              print(r, ops.max_pool(responses(bar(0, row=r), cells[:, :, 0]), size=14))
#
#       Con la barra en la fila 6 disparan las dos células de la mitad de
#       arriba (la barra cruza la columna 14, así que toca ambos cuadrantes);
#       con la barra en la fila 22, las dos de abajo. Cada célula compleja
#       tolera la posición *dentro* de su campo receptivo, no fuera de él.
#
# 3. ¿Qué responde una célula simple ante una imagen completamente blanca? ¿Y
#    una célula cuyos pesos fueran todos positivos?
#
#    .. dropdown:: Solución
#
#       Lejos de los bordes de la imagen, una célula simple responde 0 ante una
#       imagen blanca (salvo un error de redondeo minúsculo), porque sus pesos
#       suman 0: no hay línea, no hay respuesta. (En el borde, ``padding="same"`` rellena con ceros y la
#       célula «ve» un escalón de luz.) Un kernel de pesos positivos
#       respondería en todas partes a la luz, con o sin línea: no distinguiría
#       bordes de zonas uniformes. En la lección de filtros clásicos volveremos
#       a la suma de los pesos de un kernel.
#
#       .. code-block:: python
#
#          white = np.ones((SIZE, SIZE))
#          print(responses(white, cells[:, :, 0])[5:-5, 5:-5].max())
