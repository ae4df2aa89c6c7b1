"""Los argumentos de :func:`~cnnbook.training.fit_or_load`, validados una vez."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cnnbook import config
from cnnbook.records import check_name, is_name
from cnnbook.validation import check_bool, check_callable, check_int, check_xy

__all__ = ["Request", "validate"]


@dataclass(frozen=True)
class Request:
    """Los argumentos de :func:`fit_or_load`, ya validados."""

    name: str
    build: Callable[[], object]
    train: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]
    extra_test: dict[str, tuple[np.ndarray, np.ndarray]]
    epochs: int
    batch_size: int
    seed: int
    monitor_test: bool
    watch_updates: int = 0

    @property
    def n_train(self) -> int:
        return len(self.train[0])


def validate(
    name,
    build,
    train,
    test,
    epochs,
    batch_size,
    seed,
    monitor_test,
    extra_test,
    watch_updates=0,
) -> Request:
    check_name(name)
    check_callable(build, "build", "una función que construya y compile el modelo")
    train = check_xy(train, "train")
    test = check_xy(test, "test")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    check_bool(monitor_test, "monitor_test")
    extra_test = _check_extra_test(extra_test)
    epochs = config.profile().epochs(epochs)
    seed = check_int(seed, "seed", minimum=0)
    watch_updates = check_int(watch_updates, "watch_updates", minimum=0)
    return Request(
        name,
        build,
        train,
        test,
        extra_test,
        epochs,
        batch_size,
        seed,
        monitor_test,
        watch_updates,
    )


def _check_extra_test(extra_test) -> dict:
    extra_test = {} if extra_test is None else extra_test
    if not isinstance(extra_test, dict):
        raise TypeError("`extra_test` debe ser un diccionario nombre -> (x, y).")
    checked = {}
    for label, split in extra_test.items():
        if not is_name(label):
            raise ValueError(
                f"las claves de `extra_test` deben ser nombres cortos en minúsculas; "
                f"se recibió {label!r}."
            )
        if label == "val":
            raise ValueError(
                "`extra_test` no puede usar el nombre 'val': es el de la prueba original."
            )
        checked[label] = check_xy(split, f"extra_test[{label!r}]")
    return checked
