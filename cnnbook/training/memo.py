"""Resultados caros que no son entrenamientos de Keras, en la misma caché.

Una lección que extrae características HOG de 70,000 imágenes o evalúa un modelo
sobre 81 traslados repite el mismo cálculo en cada construcción aunque nada haya
cambiado. :func:`memoize` lo guarda en la caché direccionada por contenido, al
lado de los modelos, con una clave que cubre todo lo que determina el resultado:

* el código de la función (y el de las funciones de la lección que llama),
* sus argumentos: arreglos por sus bytes, modelos por su arquitectura y pesos,
  números y textos por su valor,
* el código fuente del paquete ``cnnbook`` y las versiones de las bibliotecas.

Para que la clave sea completa, la función recibe todo lo que usa como
argumento: si lee una variable global que no sea un módulo, una función o una
clase, :func:`memoize` se niega a guardarla. Los valores se guardan como
``.npz`` sin *pickle* y un JSON; nunca se deserializa código.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import time
import types
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from cnnbook import config
from cnnbook.records import check_name, write_json_atomic
from cnnbook.training.cache import (
    CACHE_FORMAT,
    _strip_names,
    fingerprint,
    publish_entry,
)

__all__ = ["Memo", "memoize"]

_VALUES_FILE = "values.npz"
_LIBRARIES = ("numpy", "scikit-learn", "scikit-image", "tensorflow", "keras")
_SCALARS = (bool, int, float, str, type(None))


@dataclass
class Memo:
    """Resultado de :func:`memoize`.

    Attributes
    ----------
    name : str
        Nombre del cálculo (el de su carpeta en la caché).
    value : numpy.ndarray or dict
        Lo que devolvió la función (un arreglo, o un diccionario de arreglos y
        números).
    seconds : float
        Segundos que tomó el cálculo cuando se hizo (también si ahora se cargó).
    from_cache : bool
        ``True`` si el valor se cargó de la caché.
    key : str
        Clave de caché.
    """

    name: str
    value: object
    seconds: float
    from_cache: bool
    key: str


@functools.lru_cache(maxsize=1)
def package_digest() -> str:
    """Huella del código fuente de ``cnnbook`` (todos sus ``.py``)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _library_versions() -> dict[str, str | None]:
    found = {}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _code_digest(code: types.CodeType, digest) -> None:
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_digest(const, digest)
        else:
            digest.update(repr(const).encode())


def _global_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _function_digest(func, digest, seen: set) -> None:
    """Código de ``func`` y de las funciones de su mismo módulo que usa.

    Una variable global que no sea módulo, clase o función no entra en la
    clave: se rechaza, para que nunca se cargue un resultado de otros datos.
    """
    if id(func) in seen:
        return
    seen.add(id(func))
    _code_digest(func.__code__, digest)
    digest.update(repr(func.__defaults__).encode())
    for cell in func.__closure__ or ():
        _check_static(cell.cell_contents, "(variable de cierre)", func)
    for name in sorted(_global_names(func.__code__)):
        if name not in func.__globals__:
            continue  # atributo, función integrada o nombre local
        value = func.__globals__[name]
        _check_static(value, name, func)
        if (
            isinstance(value, types.FunctionType)
            and value.__module__ == func.__module__
        ):
            _function_digest(value, digest, seen)


def _check_static(value, name: str, func) -> None:
    if isinstance(
        value, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType)
    ):
        return
    if isinstance(value, (functools.partial, types.MethodType)):
        return
    raise ValueError(
        f"`compute` ({func.__qualname__}) usa la variable `{name}` "
        f"({type(value).__name__}) sin recibirla como argumento; pásala como "
        "argumento de `memoize` para que forme parte de la clave de caché."
    )


def _input_material(name: str, value):
    if isinstance(value, np.ndarray):
        return {"array": fingerprint(value)}
    if isinstance(value, _SCALARS):
        return {"value": value}
    if isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
        return {"sequence": list(value)}
    if callable(getattr(value, "get_weights", None)) and hasattr(value, "to_json"):
        weights = [np.asarray(w) for w in value.get_weights()]
        return {
            "model": _strip_names(json.loads(value.to_json())),
            "weights": fingerprint(*weights) if weights else "",
        }
    raise TypeError(
        f"el argumento `{name}` de `memoize` debe ser un arreglo de NumPy, un "
        "número, un texto, una lista de números o un modelo de Keras; se recibió "
        f"{type(value).__name__}."
    )


def memo_key(name: str, compute, inputs: dict) -> str:
    """Clave SHA-256 de un cálculo: código, argumentos, paquete y versiones."""
    code = hashlib.sha256()
    _function_digest(compute, code, set())
    material = {
        "name": name,
        "code": code.hexdigest(),
        "inputs": {k: _input_material(k, v) for k, v in sorted(inputs.items())},
        "package": package_digest(),
        "versions": _library_versions(),
        "format": CACHE_FORMAT,
    }
    blob = json.dumps(material, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def _split(value, name: str) -> tuple[dict, dict]:
    """Separa un resultado en arreglos (para ``.npz``) y números (para JSON)."""
    if isinstance(value, np.ndarray):
        return {"value": value}, {}
    if not isinstance(value, dict) or not value:
        raise TypeError(
            f"la función de `{name}` debe devolver un arreglo de NumPy o un "
            f"diccionario no vacío; devolvió {type(value).__name__}."
        )
    arrays, scalars = {}, {}
    for key, item in value.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise TypeError(
                f"las claves del resultado de `{name}` deben ser identificadores; "
                f"se encontró {key!r}."
            )
        if isinstance(item, np.ndarray):
            if item.dtype == object:
                raise TypeError(
                    f"`{name}`: el arreglo `{key}` es de objetos y no se puede "
                    "guardar sin pickle."
                )
            arrays[key] = item
        elif isinstance(item, (np.integer, np.floating, np.bool_)):
            scalars[key] = item.item()
        elif isinstance(item, _SCALARS):
            scalars[key] = item
        else:
            raise TypeError(
                f"`{name}`: el valor `{key}` debe ser un arreglo, un número o un "
                f"texto; es {type(item).__name__}."
            )
    return arrays, scalars


def _load(entry: Path, key: str):
    try:
        meta = json.loads((entry / "result.json").read_text(encoding="utf-8"))
        if meta.get("key") != key or meta.get("format") != CACHE_FORMAT:
            raise ValueError("la clave o el formato no coinciden")
        with np.load(entry / _VALUES_FILE, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        if fingerprint(*(arrays[k] for k in sorted(arrays))) != meta["arrays"]:
            raise ValueError("la huella de los arreglos no coincide")
    except Exception as exc:  # cualquier fallo: la entrada no es de fiar
        print(f"Resultado en caché inválido en {entry} ({exc}); se recalcula.")
        shutil.rmtree(entry, ignore_errors=True)
        return None
    if meta["whole"]:
        return arrays["value"], meta["seconds"]
    return {**arrays, **meta["scalars"]}, meta["seconds"]


def _store(entry: Path, key: str, value, seconds: float, name: str):
    """Escribe la entrada de forma atómica y devuelve el valor tal como se cargaría."""
    arrays, scalars = _split(value, name)

    def fill(folder: Path) -> None:
        np.savez(folder / _VALUES_FILE, **arrays)
        write_json_atomic(
            folder / "result.json",
            {
                "format": CACHE_FORMAT,
                "key": key,
                "whole": isinstance(value, np.ndarray),
                "scalars": scalars,
                "arrays": fingerprint(*(arrays[k] for k in sorted(arrays))),
                "seconds": seconds,
            },
        )

    publish_entry(entry, key, fill)
    return value if isinstance(value, np.ndarray) else {**arrays, **scalars}


def memoize(name: str, compute, **inputs) -> Memo:
    """Calcula ``compute(**inputs)`` o carga el resultado de la caché.

    Parameters
    ----------
    name : str
        Nombre del cálculo: letras minúsculas, dígitos, ``_`` o ``-``.
    compute : function
        Función de Python que recibe ``inputs`` y devuelve un arreglo de NumPy o
        un diccionario de arreglos, números y textos. Todo lo que usa, salvo
        módulos, clases y funciones, debe llegar como argumento.
    **inputs
        Arreglos, números, textos, listas de números o modelos de Keras; entran
        en la clave por su contenido (no pueden llamarse ``name`` ni ``compute``).

    Returns
    -------
    Memo
        El valor, los segundos del cálculo y si salió de la caché.
    """
    check_name(name)
    if not isinstance(compute, types.FunctionType):
        raise TypeError(
            "`compute` debe ser una función de Python (def o lambda); se recibió "
            f"{type(compute).__name__}."
        )
    key = memo_key(name, compute, inputs)
    entry = config.cache_dir() / "results" / config.profile().name / name / key
    loaded = _load(entry, key) if entry.is_dir() else None
    if loaded is not None:
        return Memo(name, loaded[0], loaded[1], True, key)
    start = time.perf_counter()
    value = compute(**inputs)
    seconds = time.perf_counter() - start
    value = _store(entry, key, value, seconds, name)
    return Memo(name, value, seconds, False, key)
