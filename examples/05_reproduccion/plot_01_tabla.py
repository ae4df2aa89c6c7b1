"""
La clase, reproducida
=====================

Cada resultado de la clase junto al que midió esta construcción del libro.

**Lo que encontrarás**

* Una fila por cada resultado que reporta la clase: su valor, el que midió esta
  construcción del libro, la diferencia, el perfil, las épocas y el tiempo de
  entrenamiento.
* Una figura que compara las exactitudes.

Si falta el registro de alguna fila (porque la lección que lo produce no se
ejecutó), esta página no se construye: el libro nunca rellena una celda a mano.
"""

# %%
# La tabla
# --------
# Los registros están en ``config.records_dir()``, separados por perfil.
from cnnbook import config, plots, report

print(config.profile().describe())
print("Registros leídos de:", config.records_dir() / config.profile().name)
table, values = report.reproduction_table()
table

# %%
# «pp» son puntos porcentuales. Los tiempos son los del entrenamiento que
# produjo cada modelo en la máquina que construyó el libro (si el modelo se cargó
# de la caché, el de su entrenamiento original).
#
# Las exactitudes, lado a lado
# ----------------------------
acc = [v for v in values if v["kind"] == "accuracy"]
fig = plots.grouped_bars(
    [v["label"].split(" · ")[0].replace(" en ", "\nen ") for v in acc],
    {
        "la clase": [v["lecture"] for v in acc],
        "este libro": [v["measured"] for v in acc],
    },
    title="Resultados de la clase y de esta construcción",
)

# %%
# ¿Por qué no coinciden al último decimal?
# ----------------------------------------
# * La inicialización de los pesos y el orden de los lotes dependen de la semilla;
#   la clase no publica la suya. Entrenar con otra semilla mueve la exactitud
#   algunas décimas.
# * Las versiones de TensorFlow y Keras, y el procesador, cambian el redondeo de
#   las operaciones.
# * El CIFAR-10 de este libro se decodificó de una recodificación JPEG del
#   conjunto, así que sus píxeles difieren ligeramente de los oficiales.
# * Para CIFAR-10 en grises, el tamaño 28 x 28 se obtiene con una interpolación
#   concreta (bilineal con suavizado) que la clase no especifica.
#
# Lo que sí debe coincidir es la forma de los resultados: el MLP funciona con
# dígitos, no con fotografías, no mejora al quitar el color, se desploma con
# dígitos trasladados; LeNet-5 memoriza el conjunto de entrenamiento con muchos
# menos parámetros y también se desploma con la traslación. Los conteos de
# parámetros, en cambio, son exactos.
print(str(table))
