"""Entrenar o cargar: una caché de modelos direccionada por contenido.

``fit_or_load`` entrena un modelo sólo si no existe ya una entrada de caché con la
misma *clave*. La clave es un resumen (hash) de todo lo que determina el
resultado:

* la arquitectura y la compilación del modelo (capas, optimizador, pérdida),
* los ajustes de entrenamiento (épocas, lote, semilla, barajado),
* la huella de los datos (los bytes de las imágenes y etiquetas),
* las versiones de TensorFlow, Keras, NumPy y Python.

Si algo de eso cambia, la clave cambia y se vuelve a entrenar. Cada entrada se
escribe primero en una carpeta temporal y se renombra al final (operación
atómica): un entrenamiento interrumpido nunca deja una entrada a medias. Al
cargar se verifica la suma de comprobación del modelo; una entrada dañada se
borra y se vuelve a entrenar.

Además, cada modelo entrenado (o cargado) escribe un *registro* JSON con sus
métricas en ``config.records_dir()/<perfil>/<nombre>.json``, para que una página
posterior pueda reunirlos. :func:`save_record` permite registrar otras
mediciones (por ejemplo, la exactitud en un conjunto transformado).

Submódulos
----------
``cache``
    Claves (:func:`fingerprint`, :func:`cache_key`) y entradas: carpeta,
    escritura atómica y carga verificada.
``callbacks``
    Callbacks de Keras: copias de los pesos por época y una línea por época.
``evaluation``
    Curvas por época a partir de las copias de los pesos; :func:`accuracy`.
``memo``
    :func:`memoize`: los cálculos caros que no son entrenamientos (HOG,
    evaluaciones sobre muchas transformaciones) en la misma caché.
``fit``
    El coordinador :func:`fit_or_load`, :class:`TrainingRun`, :func:`set_seed`
    y los ganchos (vacíos salvo en el benchmark, ver ``cnnbook._bench``).

Los registros viven en :mod:`cnnbook.records` (sin TensorFlow) y se reexportan
aquí para las lecciones.
"""

from cnnbook.records import load_record, load_records, save_record
from cnnbook.training.cache import CACHE_FORMAT, cache_key, fingerprint
from cnnbook.training.evaluation import accuracy, first_nan_epoch
from cnnbook.training.fit import TrainingRun, fit_or_load, set_seed
from cnnbook.training.memo import Memo, memoize

__all__ = [
    "CACHE_FORMAT",
    "TrainingRun",
    "set_seed",
    "fingerprint",
    "cache_key",
    "fit_or_load",
    "Memo",
    "memoize",
    "accuracy",
    "first_nan_epoch",
    "save_record",
    "load_record",
    "load_records",
]
