"""La caché de entrenamiento: claves por contenido y entradas atómicas verificadas.

Una entrada vive en ``config.cache_dir()/models/<perfil>/<nombre>/<clave>`` y
contiene sólo los pesos (``model.weights.h5``) y un ``result.json`` con las
curvas, las métricas y la suma de comprobación de los pesos.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from cnnbook import __version__, config
from cnnbook.records import write_json_atomic
from cnnbook.validation import check_text

__all__ = [
    "CACHE_FORMAT",
    "WEIGHTS_FILE",
    "fingerprint",
    "cache_key",
    "entry_dir",
    "publish_entry",
    "store_entry",
    "load_entry",
]

#: Versión del formato de las entradas; cambiarla invalida toda la caché.
CACHE_FORMAT = 2

#: Archivo de los pesos dentro de una entrada.
WEIGHTS_FILE = "model.weights.h5"


# -- Claves -------------------------------------------------------------------


def fingerprint(*arrays: np.ndarray) -> str:
    """Huella (BLAKE2b) de los bytes, la forma y el tipo de uno o más arreglos.

    >>> fingerprint(np.zeros(3)) == fingerprint(np.zeros(3))
    True
    >>> fingerprint(np.zeros(3)) == fingerprint(np.zeros(3, dtype="float32"))
    False
    """
    digest = hashlib.blake2b(digest_size=16)
    for i, array in enumerate(arrays):
        if not isinstance(array, np.ndarray):
            raise TypeError(
                f"el argumento {i} de `fingerprint` debe ser un arreglo de NumPy; "
                f"se recibió {type(array).__name__}."
            )
        digest.update(repr((array.shape, array.dtype.str)).encode())
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def _strip_names(obj):
    """Quita los nombres automáticos (``dense_3``...) que cambian entre sesiones.

    >>> _strip_names({"name": "dense_3", "units": 8, "layers": [{"name": "x"}]})
    {'units': 8, 'layers': [{}]}
    """
    if isinstance(obj, dict):
        return {k: _strip_names(v) for k, v in obj.items() if k != "name"}
    if isinstance(obj, list):
        return [_strip_names(v) for v in obj]
    return obj


def versions() -> dict[str, str]:
    """Versiones de las bibliotecas y del formato: forman parte de cada clave."""
    import keras
    import tensorflow as tf

    return {
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "python": ".".join(platform.python_version_tuple()[:2]),
        "format": str(CACHE_FORMAT),
    }


def cache_key(model, settings: dict, data_fingerprint: str) -> str:
    """Clave de caché: hash SHA-256 de modelo, compilación, ajustes, datos y versiones."""
    if not hasattr(model, "to_json") or not hasattr(model, "get_compile_config"):
        raise TypeError(
            f"`model` debe ser un keras.Model; se recibió {type(model).__name__}."
        )
    if not isinstance(settings, dict):
        raise TypeError(f"`settings` debe ser un diccionario; se recibió {settings!r}.")
    check_text(data_fingerprint, "data_fingerprint")
    material = {
        "model": _strip_names(json.loads(model.to_json())),
        "compile": _strip_names(model.get_compile_config() or {}),
        "settings": settings,
        "data": data_fingerprint,
        "versions": versions(),
    }
    blob = json.dumps(material, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


# -- Entradas -----------------------------------------------------------------


def entry_dir(name: str, key: str) -> Path:
    """Carpeta de la entrada ``key`` del entrenamiento ``name`` (perfil activo)."""
    return config.cache_dir() / "models" / config.profile().name / name / key


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_entry(entry: Path, key: str, model):
    """Carga los pesos de una entrada en ``model`` o devuelve ``None`` (y la borra).

    Sólo se guardan los pesos: la arquitectura la reconstruye ``build()`` con el
    código del libro. Así no se deserializa código de ningún archivo, y no
    dependemos de que cada capa de Keras se pueda reconstruir desde su
    configuración (``RandomShear`` de Keras 3 no puede).

    Returns
    -------
    (keras.Model, dict) o None
        El modelo con los pesos cargados y el contenido de ``result.json``.
    """
    meta_path, model_path = entry / "result.json", entry / WEIGHTS_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("key") != key or meta.get("format") != CACHE_FORMAT:
            raise ValueError("la clave o el formato no coinciden (entrada obsoleta)")
        if _sha256_file(model_path) != meta.get("model_sha256"):
            raise ValueError("la suma de comprobación del modelo no coincide")
        with warnings.catch_warnings():
            # El estado del optimizador no hace falta: el modelo ya está entrenado.
            warnings.filterwarnings(
                "ignore", message="Skipping variable loading for optimizer"
            )
            model.load_weights(model_path)
    except Exception as exc:  # cualquier fallo: la entrada no es de fiar
        print(
            f"Entrada de caché inválida en {entry} ({exc}); se borra y se vuelve a "
            "entrenar.",
            flush=True,
        )
        shutil.rmtree(entry, ignore_errors=True)
        return None
    return model, meta


def publish_entry(entry: Path, key: str, fill) -> None:
    """Crea la entrada ``entry`` de forma atómica.

    ``fill(carpeta)`` escribe los archivos en una carpeta temporal junto a la
    entrada, que se renombra al final: un proceso interrumpido nunca deja una
    entrada a medias. Después se borran las otras claves del mismo nombre (ya
    obsoletas) y los restos temporales de escrituras interrumpidas.
    """
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=entry.parent))
    try:
        fill(tmp)
        if entry.exists():
            shutil.rmtree(entry)
        os.replace(tmp, entry)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for sibling in entry.parent.iterdir():
        if sibling != entry and sibling.is_dir():
            shutil.rmtree(sibling, ignore_errors=True)


def store_entry(
    entry: Path, key: str, model, history, metrics, train_seconds, updates=None
) -> None:
    """Guarda los pesos y ``result.json`` en la entrada (de forma atómica).

    ``updates`` (opcional) es lo que observó ``watch_updates``.
    """

    def fill(folder: Path) -> None:
        model.save_weights(folder / WEIGHTS_FILE)
        write_json_atomic(
            folder / "result.json",
            {
                "format": CACHE_FORMAT,
                "key": key,
                "history": history,
                "metrics": metrics,
                "train_seconds": train_seconds,
                "model_sha256": _sha256_file(folder / WEIGHTS_FILE),
                "versions": versions(),
                "cnnbook": __version__,
                **({"updates": updates} if updates is not None else {}),
            },
        )

    publish_entry(entry, key, fill)
