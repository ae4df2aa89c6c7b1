"""
La corteza visual
=================

Las neuronas de Hubel y Wiesel que sólo ven un pedazo, simuladas como kernels orientados.

**Lo que aprenderás**

* Qué descubrieron Hubel y Wiesel en 1962 en la corteza visual del gato: células
  simples, que responden a una línea con cierta orientación en un lugar preciso,
  y células complejas, que toleran cambios de posición.
* Cómo simular una :term:`célula simple` con unas cuantas líneas de NumPy: un
  kernel orientado que recorre la imagen.
* Por qué la respuesta de una célula simple depende de la posición exacta de la
  línea (la lección siguiente trata las células complejas).
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
import numpy as np

from cnnbook import claims, config, cortex, plots

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
stimuli = np.stack([cortex.bar(a) for a in ANGLES])
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

#
# ``cortex.simple_cell`` construye ese kernel a partir de una barra de 5 x 5.
cells = np.stack([cortex.simple_cell(a) for a in ANGLES], axis=-1)  # (5, 5, 4)
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

# ``cortex.responses`` hace las dos cosas: convolución y ReLU.
maps = np.stack(
    [cortex.responses(s, cells[:, :, j]) for s in stimuli for j in range(len(ANGLES))]
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
moving = np.stack([cortex.bar(0, row=r) for r in positions])
moving_maps = np.stack([cortex.responses(s, cells[:, :, 0]) for s in moving])

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
rows_answering = positions[moving_maps[:, CENTER, CENTER] > 1e-9].tolist()
print("Filas en que responde la célula del centro:", rows_answering)
claims.check(
    "la célula simple del centro sólo responde con la barra en la fila 14",
    rows_answering == [CENTER],
    filas_con_respuesta=rows_answering,
)

# %%
# Una sola célula simple, entonces, no basta para reconocer una línea que puede
# aparecer en cualquier parte: hacen falta copias en cada posición, y algo que
# reúna sus respuestas. Eso último es lo que hacen las células complejas, el
# tema de la lección siguiente.
#
# Resumen
# -------
# * Una célula simple responde a una línea con cierta orientación en un lugar
#   preciso. La modelamos con un kernel orientado de pesos que suman cero y la
#   replicamos en cada posición deslizando el kernel por la imagen: una
#   convolución seguida de ReLU.
# * Su respuesta depende de la posición exacta de la línea: una fila más arriba
#   o más abajo y la célula calla.
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
#          tilted = cortex.bar(30)
#          for j, a in enumerate(ANGLES):
#              print(a, cortex.responses(tilted, cells[:, :, j]).max().round(2))
#
#       La célula de 45° es la que más responde, pero menos que ante una barra a
#       45°: la respuesta cae a medida que la orientación se aleja de la
#       preferida. Los neurofisiólogos llaman a esa curva *curva de
#       sintonización*.
#
# 2. ¿Qué responde una célula simple ante una imagen completamente blanca? ¿Y
#    una célula cuyos pesos fueran todos positivos?
#
#    .. dropdown:: Solución
#
#       Lejos de los bordes de la imagen, una célula simple responde 0 ante una
#       imagen blanca (salvo un error de redondeo minúsculo), porque sus pesos
#       suman 0: no hay línea, no hay respuesta. (En el borde,
#       ``padding="same"`` rellena con ceros y la célula «ve» un escalón de
#       luz.) Un kernel de pesos positivos
#       respondería en todas partes a la luz, con o sin línea: no distinguiría
#       bordes de zonas uniformes. En la lección de filtros clásicos volveremos
#       a la suma de los pesos de un kernel.
#
#       .. code-block:: python
#
#          white = np.ones((SIZE, SIZE))
#          print(cortex.responses(white, cells[:, :, 0])[5:-5, 5:-5].max())
