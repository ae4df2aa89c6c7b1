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
import sys
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


_LESSON_RE = re.compile(r"^plot_\w+\.py$")


def current_lesson() -> str | None:
    """La lección que se está ejecutando, ``"<capítulo>/plot_<...>.py"``, o ``None``.

    sphinx-gallery ejecuta cada lección dentro del proceso de Sphinx y, mientras
    dura, pone la ruta del guion en ``sys.argv[0]`` (como ``python plot_....py``).
    En Jupyter, en Colab o en las pruebas ``sys.argv[0]`` es otro programa: ``None``.

    >>> from unittest import mock
    >>> with mock.patch.object(sys, "argv", ["/libro/examples/01_mlp/plot_01_x.py"]):
    ...     current_lesson()
    '01_mlp/plot_01_x.py'
    """
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is None or not _LESSON_RE.match(script.name):
        return None
    return f"{script.resolve().parent.name}/{script.name}"


def lessons_using(name: str, key: str, lesson: str | None) -> list[str]:
    """Lecciones que usan el entrenamiento ``name`` de clave ``key``.

    Las que ya anotó su registro (si es del mismo entrenamiento: misma clave)
    más ``lesson``. Varias lecciones cargan el mismo modelo; quien abre una sola
    en Colab, con la caché vacía, lo entrena: cuenta para cada una.
    """
    try:
        previous = json.loads(record_path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # sin registro o ilegible: se empieza de nuevo
        previous = None
    known = set()
    if isinstance(previous, dict) and previous.get("key") == key:
        old = previous.get("lessons")
        known = (
            {x for x in old if isinstance(x, str)} if isinstance(old, list) else set()
        )
    return sorted(known | ({lesson} if lesson else set()))


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
            f"{config.profile().name!r} ({path}). Ejecuta primero la lección que lo "
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
