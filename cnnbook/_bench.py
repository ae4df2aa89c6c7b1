"""Gancho del benchmark (``benchmarks/build.py``): tiempos de cada entrenamiento.

Fuera del camino normal del libro: nada se mide hasta que alguien llama a
:func:`install` (lo hace la construcción de la documentación cuando
``config.bench_log()`` está definido). Desde entonces, cada llamada a
:func:`cnnbook.training.fit_or_load` añade una línea JSON a ``config.bench_log()``
con sus tiempos y las capas Conv2D y Dense del modelo (para contar FLOP). Con
``config.bench_pure()``, cada entrenamiento nuevo se mide además con
``model.fit`` pelado (sin validación ni callbacks): el *gemelo*.
"""

from __future__ import annotations

import json
import sys
import time

from cnnbook import config
from cnnbook.training import fit


class _BenchHook(fit.TrainingHook):
    def __init__(self):
        self._pure_seconds = None

    def before_training(self, name, build, x, y, *, epochs, batch_size, seed) -> bool:
        self._pure_seconds = None
        if not config.bench_pure():
            return False
        # El gemelo entrena antes que el libro; como consume el generador
        # aleatorio, fit_or_load reconstruye el modelo con la misma semilla y el
        # resultado del libro no cambia.
        self._pure_seconds = _pure_keras_seconds(build, x, y, epochs, batch_size, seed)
        return True

    def after_fit(self, run, info: dict) -> None:
        pure, self._pure_seconds = self._pure_seconds, None
        log = config.bench_log()
        if log is None:
            return
        if run.from_cache:  # sin entrenamiento no hubo gemelo
            pure = None
        twin_seconds = info["hook_seconds"] if pure is not None else 0.0
        event = {
            "event": "fit",
            "script": sys.argv[0],
            "name": run.name,
            "cached": run.from_cache,
            "lesson_seconds": info["seconds"] - twin_seconds,
            "train_seconds": None if run.from_cache else run.train_seconds,
            "eval_seconds": info["eval_seconds"],
            "pure_keras_seconds": pure,
            "twin_seconds": twin_seconds,
            "epochs": run.epochs,
            "batch_size": run.batch_size,
            "n_train": info["n_train"],
            "test_accuracy": run.test_accuracy,
            "layers": _layer_table(run.model),
        }
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")


_HOOK = _BenchHook()


def install() -> None:
    """Activa el gancho del benchmark en ``fit_or_load``; llamarla otra vez no hace nada.

    El gancho consulta ``config.bench_log()`` y ``config.bench_pure()`` en cada
    entrenamiento: sin ``CNNBOOK_BENCH_LOG`` no escribe nada.
    """
    if _HOOK not in fit.HOOKS:
        fit.HOOKS.append(_HOOK)


def _pure_keras_seconds(build, x, y, epochs, batch_size, seed) -> float:
    """Segundos de ``model.fit`` pelado con el mismo modelo, datos y épocas."""
    fit.set_seed(seed)
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
