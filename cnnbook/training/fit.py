"""El coordinador :func:`fit_or_load`: validar, construir, calcular la clave,
cargar o entrenar, y registrar.

Cada paso es una función corta de este módulo; la caché, los callbacks y la
evaluación viven en sus propios módulos.

Ganchos
-------
``HOOKS`` es una lista de :class:`TrainingHook`, vacía por omisión: el camino
normal del libro no mide nada más. ``cnnbook._bench.install()`` añade el gancho
del benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cnnbook import config
from cnnbook.formatting import integer
from cnnbook.records import (
    current_lesson,
    lessons_using,
    save_record,
)
from cnnbook.training import cache
from cnnbook.training.callbacks import epoch_log, update_watch, weight_snapshots
from cnnbook.training.evaluation import EVAL_BATCH_SIZE, evaluate_epochs, final_metrics
from cnnbook.training.request import Request, validate
from cnnbook.validation import check_int

__all__ = ["TrainingRun", "TrainingHook", "HOOKS", "set_seed", "fit_or_load"]


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
    updates : dict or None
        Con ``watch_updates``: lo que se observó en las últimas actualizaciones
        (ver :func:`~cnnbook.training.callbacks.update_watch`).
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
    updates: dict | None = None

    @property
    def test_accuracy(self) -> float:
        """Exactitud en el conjunto de prueba."""
        return self.metrics["test_accuracy"]


class TrainingHook:
    """Observador de :func:`fit_or_load`; los métodos por omisión no hacen nada."""

    def before_training(self, name, build, x, y, *, epochs, batch_size, seed) -> bool:
        """Se llama justo antes de entrenar (nunca si el modelo sale de la caché).

        Devuelve ``True`` si usó el generador aleatorio (por ejemplo, si entrenó
        otro modelo): entonces :func:`fit_or_load` vuelve a construir el modelo
        con la misma semilla, y el libro entrena exactamente lo mismo.
        """
        return False

    def after_fit(self, run: TrainingRun, info: dict) -> None:
        """Se llama al final de cada :func:`fit_or_load`, entrenado o cargado.

        ``info`` trae ``seconds`` (la llamada completa), ``hook_seconds`` (lo
        que tomaron los ganchos antes de entrenar, con la reconstrucción del
        modelo), ``eval_seconds`` (la evaluación por épocas; ``None`` si se
        cargó) y ``n_train``.
        """


#: Ejemplos de entrenamiento con los que ``watch_updates`` mide el mayor *logit*.
WATCH_IMAGES = 512

#: Ganchos activos; vacía salvo que alguien instale uno (el benchmark).
HOOKS: list[TrainingHook] = []


def set_seed(seed: int = config.SEED) -> None:
    """Fija las semillas de Python, NumPy y TensorFlow y pide operaciones deterministas.

    Con esto, el mismo entrenamiento en la misma máquina da los mismos pesos.
    """
    check_int(seed, "seed", minimum=0)
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


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
    watch_updates: int = 0,
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
    watch_updates : int
        Si es mayor que 0, se observan las últimas ``watch_updates``
        actualizaciones de los pesos (hasta la primera con pesos no finitos) y
        el mayor *logit* al final de cada época; quedan en ``run.updates``. Sirve
        para estudiar una divergencia sin repetir el entrenamiento.

    Returns
    -------
    TrainingRun
    """
    start = time.perf_counter()
    req = validate(
        name,
        build,
        train,
        test,
        epochs,
        batch_size,
        seed,
        monitor_test,
        extra_test,
        watch_updates,
    )
    model = _build_model(req.build, req.seed)
    key = _cache_key(model, req)
    entry = cache.entry_dir(req.name, key)
    run = _load(entry, key, model, req)
    timings = {"hook_seconds": 0.0, "eval_seconds": None}
    if run is None:
        run, timings = _train(entry, key, model, req)
    _record(run, req)
    _after_fit(run, req, time.perf_counter() - start, timings)
    return run


# -- Pasos ----------------------------------------------------------------------


def _build_model(build, seed: int):
    """Fija la semilla y construye el modelo: mismos pesos iniciales cada vez."""
    set_seed(seed)
    model = build()
    if getattr(model, "optimizer", None) is None or not model.compiled:
        raise ValueError(
            "`build` debe devolver un modelo compilado (llama a model.compile)."
        )
    return model


def _cache_key(model, req: Request) -> str:
    """Clave de caché: el modelo, los ajustes y la huella de todos los datos."""
    settings = {
        "epochs": req.epochs,
        "batch_size": req.batch_size,
        "seed": req.seed,
        "shuffle": True,
        "monitor_test": req.monitor_test,
        "extra_test": sorted(req.extra_test),
        "eval_batch_size": EVAL_BATCH_SIZE,
    }
    if req.watch_updates:  # sólo si se pide: las demás claves no cambian
        settings["watch_updates"] = req.watch_updates
    extra_arrays = [
        a for label in sorted(req.extra_test) for a in req.extra_test[label]
    ]
    data = cache.fingerprint(*req.train, *req.test, *extra_arrays)
    return cache.cache_key(model, settings, data)


def _load(entry, key: str, model, req: Request) -> TrainingRun | None:
    """El resultado guardado en la caché, o ``None`` si no hay uno válido."""
    loaded = cache.load_entry(entry, key, model) if entry.is_dir() else None
    if loaded is None:
        return None
    model, meta = loaded
    print(
        f"[{req.name}] modelo cargado de la caché (entrenado en "
        f"{meta['train_seconds']:.1f} s; clave {key[:12]}).",
        flush=True,
    )
    return TrainingRun(
        req.name,
        model,
        meta["history"],
        meta["metrics"],
        req.epochs,
        req.batch_size,
        meta["train_seconds"],
        True,
        key,
        updates=meta.get("updates"),
    )


def _train(entry, key: str, model, req: Request) -> tuple[TrainingRun, dict]:
    """Entrena, evalúa por épocas y guarda la entrada de caché."""
    model, hook_seconds = _before_training(model, req)
    print(
        f"[{req.name}] entrenando {req.epochs} épocas con {integer(req.n_train)} ejemplos "
        f"({config.profile().name}).",
        flush=True,
    )
    history, train_seconds, eval_seconds, updates = _fit_and_evaluate(model, req)
    metrics = final_metrics(model, history, req.test, req.extra_test)
    cache.store_entry(entry, key, model, history, metrics, train_seconds, updates)
    run = TrainingRun(
        req.name,
        model,
        history,
        metrics,
        req.epochs,
        req.batch_size,
        train_seconds,
        False,
        key,
        updates=updates,
    )
    return run, {"hook_seconds": hook_seconds, "eval_seconds": eval_seconds}


def _before_training(model, req: Request):
    """Avisa a los ganchos; si alguno usó el generador aleatorio, reconstruye el
    modelo con la misma semilla para que el libro entrene lo mismo."""
    if not HOOKS:
        return model, 0.0
    start = time.perf_counter()
    used_rng = [
        hook.before_training(
            req.name,
            req.build,
            *req.train,
            epochs=req.epochs,
            batch_size=req.batch_size,
            seed=req.seed,
        )
        for hook in list(HOOKS)
    ]
    if any(used_rng):
        model = _build_model(req.build, req.seed)
    return model, time.perf_counter() - start


def _fit_and_evaluate(model, req: Request) -> tuple[dict, float, float, dict | None]:
    """``model.fit`` con una línea por época y, después, las curvas de prueba.

    Returns
    -------
    (history, train_seconds, eval_seconds, updates)
        ``train_seconds`` incluye la evaluación por épocas.
    """
    eval_sets = {"val": req.test} if req.monitor_test else {}
    eval_sets.update(req.extra_test)
    snapshots = weight_snapshots(bool(eval_sets))
    callbacks = [snapshots, epoch_log(req.name, req.epochs)]
    if req.watch_updates:
        watch = update_watch(req.watch_updates, req.train[0][:WATCH_IMAGES])
        callbacks.append(watch)
    start = time.perf_counter()
    fit = model.fit(
        *req.train,
        epochs=req.epochs,
        batch_size=req.batch_size,
        shuffle=True,
        verbose=0,
        callbacks=callbacks,
    )
    updates = watch.summary() if req.watch_updates else None
    history = {k: [float(v) for v in vals] for k, vals in fit.history.items()}
    if eval_sets:
        print(
            f"[{req.name}] evaluación con los pesos del final de cada época:",
            flush=True,
        )
    eval_start = time.perf_counter()
    history.update(evaluate_epochs(model, snapshots.weights, eval_sets, req.name))
    eval_seconds = time.perf_counter() - eval_start
    return history, time.perf_counter() - start, eval_seconds, updates


def _record(run: TrainingRun, req: Request) -> None:
    """El registro de métricas del entrenamiento (también si se cargó).

    ``lessons`` dice qué lecciones lo usan: el libro marca como pesadas las que
    entrenan más de un minuto en ``full`` (``docs/_ext/colab_links.py``).
    """
    save_record(
        run.name,
        {**run.metrics, "params": int(run.model.count_params())},
        epochs=req.epochs,
        batch_size=req.batch_size,
        train_seconds=run.train_seconds,
        n_train=req.n_train,
        n_test=len(req.test[0]),
        key=run.key,
        lessons=lessons_using(run.name, run.key, current_lesson()),
    )


def _after_fit(run: TrainingRun, req: Request, seconds: float, timings: dict) -> None:
    """Avisa a los ganchos del final de la llamada, con sus tiempos."""
    info = {"seconds": seconds, **timings, "n_train": req.n_train}
    for hook in list(HOOKS):
        hook.after_fit(run, info)
