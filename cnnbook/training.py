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
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cnnbook import __version__, config

__all__ = [
    "CACHE_FORMAT",
    "TrainingRun",
    "set_seed",
    "fingerprint",
    "cache_key",
    "fit_or_load",
    "accuracy",
    "save_record",
    "load_record",
    "load_records",
]

#: Versión del formato de las entradas; cambiarla invalida toda la caché.
CACHE_FORMAT = 2

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


def _check_name(name) -> str:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            "`name` debe ser un identificador corto en minúsculas (letras, dígitos, "
            f"'_' o '-', hasta 64 caracteres); se recibió {name!r}."
        )
    return name


def _check_positive_int(arg: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"`{arg}` debe ser un entero mayor o igual que 1; se recibió {value!r}."
        )
    return value


def set_seed(seed: int = config.SEED) -> None:
    """Fija las semillas de Python, NumPy y TensorFlow y pide operaciones deterministas.

    Con esto, el mismo entrenamiento en la misma máquina da los mismos pesos.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"`seed` debe ser un entero no negativo; se recibió {seed!r}.")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def fingerprint(*arrays: np.ndarray) -> str:
    """Huella (BLAKE2b) de los bytes, la forma y el tipo de uno o más arreglos."""
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
    """Quita los nombres automáticos (``dense_3``...) que cambian entre sesiones."""
    if isinstance(obj, dict):
        return {k: _strip_names(v) for k, v in obj.items() if k != "name"}
    if isinstance(obj, list):
        return [_strip_names(v) for v in obj]
    return obj


def _versions() -> dict[str, str]:
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
    if not isinstance(data_fingerprint, str):
        raise TypeError(
            f"`data_fingerprint` debe ser el texto que devuelve `fingerprint`; "
            f"se recibió {data_fingerprint!r}."
        )
    material = {
        "model": _strip_names(json.loads(model.to_json())),
        "compile": _strip_names(model.get_compile_config() or {}),
        "settings": settings,
        "data": data_fingerprint,
        "versions": _versions(),
    }
    blob = json.dumps(material, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json_atomic(path: Path, payload: dict) -> None:
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


@dataclass
class TrainingRun:
    """Resultado de :func:`fit_or_load`.

    Attributes
    ----------
    name : str
        Nombre del entrenamiento (también el del registro de métricas).
    model : keras.Model
        El modelo entrenado.
    history : dict[str, list[float]]
        Curvas por época: ``loss``, ``accuracy`` y, si se vigiló la prueba,
        ``val_loss`` y ``val_accuracy``.
    metrics : dict[str, float]
        ``test_loss`` y ``test_accuracy`` (sobre todo el conjunto de prueba) y
        ``train_accuracy`` (la de la última época).
    epochs, batch_size : int
        Épocas efectivas (según el perfil) y tamaño del lote.
    train_seconds : float
        Segundos que tomó el entrenamiento cuando se hizo (también si ahora se cargó).
    from_cache : bool
        ``True`` si el modelo se cargó de la caché.
    key : str
        Clave de caché.
    """

    name: str
    model: object
    history: dict[str, list[float]]
    metrics: dict[str, float]
    epochs: int
    batch_size: int
    train_seconds: float
    from_cache: bool
    key: str
    profile: str = field(default_factory=lambda: config.profile().name)

    @property
    def test_accuracy(self) -> float:
        """Exactitud en el conjunto de prueba."""
        return self.metrics["test_accuracy"]


class _Snapshots:
    """Guarda una copia de los pesos al final de cada época.

    Las curvas de prueba se calculan *después* de entrenar, con estos pesos: el
    mismo valor que daría evaluar al final de cada época, pero sin interrumpir el
    entrenamiento. Evaluar entre épocas hacía que los pasos de la LeNet-5 con
    aumento de datos tardaran el doble en épocas enteras (medido con
    ``benchmarks/build.py``).
    """

    def __new__(cls, enabled: bool):
        import keras

        class Snapshots(keras.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.weights = []

            def on_epoch_end(self, epoch, logs=None):
                if enabled:
                    self.weights.append(
                        [np.array(w, copy=True) for w in self.model.get_weights()]
                    )

        return Snapshots()


def _evaluate_epochs(model, snapshots, sets: dict, name: str) -> dict:
    """Pérdida y exactitud de cada conjunto con los pesos de cada época."""
    history: dict[str, list[float]] = {}
    final = model.get_weights()
    for epoch, weights in enumerate(snapshots, start=1):
        model.set_weights(weights)
        parts = []
        for label, (x, y) in sets.items():
            loss, acc = model.evaluate(x, y, batch_size=1024, verbose=0)
            history.setdefault(f"{label}_loss", []).append(float(loss))
            history.setdefault(f"{label}_accuracy", []).append(float(acc))
            shown = "prueba" if label == "val" else label
            parts.append(f"{shown}: pérdida {loss:.4f}, exactitud {acc:.4f}")
        print(
            f"[{name}] época {epoch}/{len(snapshots)} · " + " · ".join(parts),
            flush=True,
        )
    model.set_weights(final)
    return history


class _EpochLog:
    """Una línea por época en lugar de las barras de progreso de Keras."""

    def __new__(cls, name: str, epochs: int):
        import keras

        class EpochLog(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self._start = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                parts = [f"[{name}] época {epoch + 1}/{epochs}"]
                if "loss" in logs:
                    parts.append(f"pérdida {logs['loss']:.4f}")
                if "accuracy" in logs:
                    parts.append(f"exactitud {logs['accuracy']:.4f}")
                parts.append(f"{time.perf_counter() - self._start:.1f} s")
                print(" · ".join(parts), flush=True)

        return EpochLog()


def _check_split(arg: str, value) -> tuple[np.ndarray, np.ndarray]:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(a, np.ndarray) for a in value)
    ):
        raise TypeError(f"`{arg}` debe ser una pareja (x, y) de arreglos de NumPy.")
    x, y = value
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"`{arg}`: x tiene {len(x)} ejemplos e y {len(y)}; deben coincidir y no "
            "ser cero."
        )
    return x, y


def _entry_dir(name: str, key: str) -> Path:
    return config.cache_dir() / "models" / config.profile().name / name / key


WEIGHTS_FILE = "model.weights.h5"


def _load_entry(entry: Path, key: str, model):
    """Carga los pesos de una entrada en ``model`` o devuelve ``None`` (y la borra).

    Sólo se guardan los pesos: la arquitectura la reconstruye ``build()`` con el
    código del libro. Así no se deserializa código de ningún archivo, y no
    dependemos de que cada capa de Keras se pueda reconstruir desde su
    configuración (``RandomShear`` de Keras 3 no puede).
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


def fit_or_load(
    name: str,
    build: Callable[[], object],
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    epochs: int,
    batch_size: int = 32,
    seed: int = config.SEED,
    monitor_test: bool = True,
    extra_test: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> TrainingRun:
    """Entrena ``build()`` con ``train`` o lo carga de la caché si ya se entrenó.

    Parameters
    ----------
    name : str
        Nombre corto del entrenamiento, por ejemplo ``"mlp_mnist"``.
    build : callable
        Función sin argumentos que construye y **compila** el modelo. Se llama
        después de fijar la semilla, así los pesos iniciales son reproducibles.
    train, test : (x, y)
        Datos de entrenamiento y de prueba.
    epochs : int
        Épocas de la clase; el perfil ``quick`` puede recortarlas.
    batch_size : int
        Tamaño del lote.
    seed : int
        Semilla de los pesos iniciales y del barajado.
    monitor_test : bool
        Si es ``True``, se mide la pérdida y la exactitud en ``test`` con los
        pesos del final de cada época (``history["val_loss"]`` y
        ``history["val_accuracy"]``, sólo para dibujar las curvas). Los pesos de
        cada época se guardan en memoria y se evalúan al terminar de entrenar:
        mismos valores que evaluar entre épocas, sin interrumpir el entrenamiento.
    extra_test : dict[str, (x, y)], opcional
        Otros conjuntos de prueba (por ejemplo, dígitos trasladados), medidos de
        la misma forma. Sus curvas quedan en ``history["<nombre>_accuracy"]`` y
        su exactitud final en ``metrics["<nombre>_accuracy"]``. El nombre
        ``"val"`` está reservado para ``test``.

    Returns
    -------
    TrainingRun
    """
    call_start = time.perf_counter()
    _check_name(name)
    if not callable(build):
        raise TypeError(
            "`build` debe ser una función que construya y compile el modelo."
        )
    x_train, y_train = _check_split("train", train)
    x_test, y_test = _check_split("test", test)
    _check_positive_int("batch_size", batch_size)
    if not isinstance(monitor_test, bool):
        raise TypeError(
            f"`monitor_test` debe ser True o False; se recibió {monitor_test!r}."
        )
    extra_test = {} if extra_test is None else extra_test
    if not isinstance(extra_test, dict):
        raise TypeError("`extra_test` debe ser un diccionario nombre -> (x, y).")
    for label, split in extra_test.items():
        if not isinstance(label, str) or not _NAME_RE.match(label):
            raise ValueError(
                f"las claves de `extra_test` deben ser nombres cortos en minúsculas; "
                f"se recibió {label!r}."
            )
        if label == "val":
            raise ValueError(
                "`extra_test` no puede usar el nombre 'val': es el de la prueba original."
            )
        _check_split(f"extra_test[{label!r}]", split)
    prof = config.profile()
    epochs = prof.epochs(epochs)

    set_seed(seed)
    model = build()
    if getattr(model, "optimizer", None) is None or not model.compiled:
        raise ValueError(
            "`build` debe devolver un modelo compilado (llame a model.compile)."
        )
    settings = {
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "shuffle": True,
        "monitor_test": monitor_test,
        "extra_test": sorted(extra_test),
        "eval_batch_size": 1024,
    }
    extra_arrays = [a for label in sorted(extra_test) for a in extra_test[label]]
    key = cache_key(
        model, settings, fingerprint(x_train, y_train, x_test, y_test, *extra_arrays)
    )
    entry = _entry_dir(name, key)

    pure_seconds = None
    twin_seconds = 0.0
    eval_seconds = None
    loaded = _load_entry(entry, key, model) if entry.is_dir() else None
    if loaded is not None:
        model, meta = loaded
        print(
            f"[{name}] modelo cargado de la caché (entrenado en "
            f"{meta['train_seconds']:.1f} s; clave {key[:12]}).",
            flush=True,
        )
        run = TrainingRun(
            name,
            model,
            meta["history"],
            meta["metrics"],
            epochs,
            batch_size,
            meta["train_seconds"],
            True,
            key,
        )
    else:
        if _bench_log() is not None and os.environ.get("CNNBOOK_BENCH_PURE") == "1":
            # Benchmark: el mismo modelo, datos y épocas con ``model.fit`` pelado.
            # Va antes del entrenamiento del libro y luego se reconstruye el
            # modelo con la misma semilla: el resultado del libro no cambia.
            twin_start = time.perf_counter()
            pure_seconds = _pure_keras_seconds(
                build, x_train, y_train, epochs, batch_size, seed
            )
            set_seed(seed)
            model = build()
            twin_seconds = time.perf_counter() - twin_start
        print(
            f"[{name}] entrenando {epochs} épocas con {len(x_train)} ejemplos "
            f"({prof.name}).",
            flush=True,
        )
        eval_sets = {"val": (x_test, y_test)} if monitor_test else {}
        eval_sets.update(extra_test)
        snapshots = _Snapshots(bool(eval_sets))
        start = time.perf_counter()
        fit = model.fit(
            x_train,
            y_train,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=True,
            verbose=0,
            callbacks=[snapshots, _EpochLog(name, epochs)],
        )
        history = {k: [float(v) for v in vals] for k, vals in fit.history.items()}
        if eval_sets:
            print(
                f"[{name}] evaluación con los pesos del final de cada época:",
                flush=True,
            )
        eval_start = time.perf_counter()
        history.update(_evaluate_epochs(model, snapshots.weights, eval_sets, name))
        eval_seconds = time.perf_counter() - eval_start
        train_seconds = time.perf_counter() - start
        if monitor_test:  # los pesos finales son los de la última época
            test_loss, test_acc = history["val_loss"][-1], history["val_accuracy"][-1]
        else:
            test_loss, test_acc = model.evaluate(
                x_test, y_test, batch_size=1024, verbose=0
            )
        metrics = {
            "test_loss": float(test_loss),
            "test_accuracy": float(test_acc),
            "train_accuracy": history["accuracy"][-1]
            if "accuracy" in history
            else None,
        }
        for label in extra_test:
            metrics[f"{label}_loss"] = history[f"{label}_loss"][-1]
            metrics[f"{label}_accuracy"] = history[f"{label}_accuracy"][-1]
        _store(entry, key, model, history, metrics, train_seconds)
        run = TrainingRun(
            name, model, history, metrics, epochs, batch_size, train_seconds, False, key
        )

    save_record(
        name,
        {**run.metrics, "params": int(run.model.count_params())},
        epochs=epochs,
        batch_size=batch_size,
        train_seconds=run.train_seconds,
        n_train=len(x_train),
        n_test=len(x_test),
        key=key,
    )
    if _bench_log() is not None:
        _log_bench(
            {
                "event": "fit",
                "script": sys.argv[0],
                "name": name,
                "cached": run.from_cache,
                "lesson_seconds": time.perf_counter() - call_start - twin_seconds,
                "train_seconds": None if run.from_cache else run.train_seconds,
                "eval_seconds": eval_seconds,
                "pure_keras_seconds": pure_seconds,
                "twin_seconds": twin_seconds,
                "epochs": epochs,
                "batch_size": batch_size,
                "n_train": len(x_train),
                "layers": _layer_table(run.model),
            }
        )
    return run


# -- Ganchos del benchmark (benchmarks/build.py) ----------------------------------
# Sólo actúan con CNNBOOK_BENCH_LOG=<archivo>: cada llamada a ``fit_or_load`` añade
# una línea JSON con sus tiempos; con CNNBOOK_BENCH_PURE=1, cada entrenamiento
# nuevo se mide además con ``model.fit`` pelado (sin validación ni callbacks).


def _bench_log() -> Path | None:
    value = os.environ.get("CNNBOOK_BENCH_LOG")
    return Path(value) if value else None


def _log_bench(event: dict) -> None:
    with open(_bench_log(), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(event) + "\n")


def _pure_keras_seconds(build, x, y, epochs, batch_size, seed) -> float:
    set_seed(seed)
    twin = build()
    start = time.perf_counter()
    twin.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return time.perf_counter() - start


def _layer_table(model) -> list[dict]:
    """Capas Conv2D y Dense (también dentro de submodelos), para contar FLOP."""
    rows = []
    stack = list(model.layers)
    while stack:
        layer = stack.pop(0)
        if hasattr(layer, "layers"):
            stack[:0] = list(layer.layers)
            continue
        kind = type(layer).__name__
        if kind in ("Conv2D", "Dense"):
            rows.append(
                {
                    "name": layer.name,
                    "kind": kind,
                    "output": [int(d) for d in layer.output.shape[1:]],
                    "kernel": [int(d) for d in layer.kernel.shape],
                }
            )
    return rows


def accuracy(model, x: np.ndarray, y: np.ndarray, batch_size: int = 1024) -> float:
    """Fracción de ``x`` que ``model`` clasifica como ``y`` (etiquetas enteras ``(N,)``).

    La clase predicha es la de mayor probabilidad.
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(
            f"`model` debe ser un modelo de Keras (con `predict`); se recibió {model!r}."
        )
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
        raise TypeError("`x` e `y` deben ser arreglos de NumPy.")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"`y` debe ser un vector de etiquetas enteras (N,); tiene forma {y.shape} "
            f"y tipo {y.dtype}."
        )
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"`x` tiene {len(x)} ejemplos e `y` {len(y)}; deben coincidir y no ser cero."
        )
    _check_positive_int("batch_size", batch_size)
    pred = model.predict(x, batch_size=batch_size, verbose=0).argmax(axis=1)
    return float(np.mean(pred == y))


def _store(entry: Path, key: str, model, history, metrics, train_seconds) -> None:
    """Escribe la entrada en una carpeta temporal y la renombra al final."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=entry.parent))
    try:
        model.save_weights(tmp / WEIGHTS_FILE)
        _write_json_atomic(
            tmp / "result.json",
            {
                "format": CACHE_FORMAT,
                "key": key,
                "history": history,
                "metrics": metrics,
                "train_seconds": train_seconds,
                "model_sha256": _sha256_file(tmp / WEIGHTS_FILE),
                "versions": _versions(),
                "cnnbook": __version__,
            },
        )
        if entry.exists():
            shutil.rmtree(entry)
        os.replace(tmp, entry)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # Otras claves del mismo nombre quedaron obsoletas; también restos temporales
    # de entrenamientos interrumpidos.
    for sibling in entry.parent.iterdir():
        if sibling != entry and sibling.is_dir():
            shutil.rmtree(sibling, ignore_errors=True)


def _record_path(name: str) -> Path:
    return config.records_dir() / config.profile().name / f"{_check_name(name)}.json"


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
    _check_name(name)
    if not isinstance(values, dict) or not values:
        raise TypeError("`values` debe ser un diccionario no vacío de métricas.")
    for k, v in values.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise TypeError(f"el valor `{k}` de `values` debe ser numérico; es {v!r}.")
    path = _record_path(name)
    payload = {
        "name": name,
        "profile": config.profile().name,
        "values": values,
        **meta,
    }
    _write_json_atomic(path, payload)
    return path


def load_record(name: str) -> dict:
    """Lee el registro ``name`` del perfil activo.

    Raises
    ------
    FileNotFoundError
        Si el registro no existe (la lección que lo produce no se ha ejecutado).
    """
    path = _record_path(name)
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
