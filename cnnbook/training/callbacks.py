"""Callbacks de Keras del entrenamiento: copias de los pesos y una línea por época.

Las clases se crean al llamar a las funciones, para importar Keras sólo cuando
de verdad se entrena.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["weight_snapshots", "epoch_log"]


def weight_snapshots(enabled: bool):
    """Callback que guarda una copia de los pesos al final de cada época.

    Las curvas de prueba se calculan *después* de entrenar, con estos pesos: el
    mismo valor que daría evaluar al final de cada época, pero sin interrumpir el
    entrenamiento. Evaluar entre épocas hacía que los pasos de la LeNet-5 con
    aumento de datos tardaran el doble en épocas enteras (medido con
    ``benchmarks/build.py``).

    Las copias quedan en el atributo ``weights`` (una lista por época); con
    ``enabled=False`` la lista queda vacía.
    """
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


def epoch_log(name: str, epochs: int):
    """Callback que imprime una línea por época en lugar de las barras de Keras."""
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
