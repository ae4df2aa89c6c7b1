"""Registros JSON de métricas: lo que una lección midió, para que otra lo reúna.

Cada entrenamiento de :func:`cnnbook.training.fit_or_load` (entrenado o cargado
de la caché) deja aquí un registro con sus métricas, y una lección puede
guardar otras mediciones con :func:`save_record` (por ejemplo, la exactitud en
un conjunto transformado). Los registros viven en
``config.records_dir()/<perfil>/<nombre>.json`` y los lee :mod:`cnnbook.report`.

Este módulo no importa TensorFlow ni Keras: leer los registros es inmediato.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from cnnbook import config

__all__ = ["save_record", "load_record", "load_records"]

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


def is_name(value) -> bool:
    """``True`` si ``value`` sirve de nombre de registro o de conjunto.

    >>> is_name("mlp_mnist"), is_name("Con Espacios")
    (True, False)
    """
    return isinstance(value, str) and bool(_NAME_RE.match(value))


def check_name(value) -> str:
    """El argumento ``name``: identificador corto en minúsculas (también de la caché)."""
    if not is_name(value):
        raise ValueError(
            "`name` debe ser un identificador corto en minúsculas (letras, dígitos, "
            f"'_' o '-', hasta 64 caracteres); se recibió {value!r}."
        )
    return value


def write_json_atomic(path: Path, payload: dict) -> None:
    """Escribe ``payload`` en un archivo temporal y lo renombra al final.

    Un proceso interrumpido nunca deja un JSON a medias: o el anterior o el nuevo.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_path(name: str) -> Path:
    """Archivo del registro ``name`` en el perfil activo."""
    return config.records_dir() / config.profile().name / f"{check_name(name)}.json"


def save_record(name: str, values: dict, **meta) -> Path:
    """Guarda un registro de métricas ``values`` bajo ``name`` (JSON, escritura atómica).

    Parameters
    ----------
    name : str
        Identificador del resultado, por ejemplo ``"mlp_mnist_shifted"``.
    values : dict
        Métricas numéricas, por ejemplo ``{"test_accuracy": 0.0761}``.
    **meta
        Datos adicionales (épocas, tiempos, tamaño de los datos...).
    """
    check_name(name)
    if not isinstance(values, dict) or not values:
        raise TypeError("`values` debe ser un diccionario no vacío de métricas.")
    for k, v in values.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise TypeError(f"el valor `{k}` de `values` debe ser numérico; es {v!r}.")
    path = record_path(name)
    payload = {
        "name": name,
        "profile": config.profile().name,
        "values": values,
        **meta,
    }
    write_json_atomic(path, payload)
    return path


def load_record(name: str) -> dict:
    """Lee el registro ``name`` del perfil activo.

    Raises
    ------
    FileNotFoundError
        Si el registro no existe (la lección que lo produce no se ha ejecutado).
    """
    path = record_path(name)
    if not path.is_file():
        raise FileNotFoundError(
            f"No existe el registro de métricas {name!r} del perfil "
            f"{config.profile().name!r} ({path}). Ejecute primero la lección que lo "
            "produce."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def load_records() -> dict[str, dict]:
    """Todos los registros del perfil activo, por nombre."""
    folder = config.records_dir() / config.profile().name
    if not folder.is_dir():
        return {}
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if not p.name.startswith(".")
    }
