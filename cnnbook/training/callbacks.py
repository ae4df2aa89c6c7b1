"""Callbacks de Keras del entrenamiento: copias de los pesos y una línea por época.

Las clases se crean al llamar a las funciones, para importar Keras sólo cuando
de verdad se entrena.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["weight_snapshots", "epoch_log", "update_watch"]


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


def update_watch(keep: int, images: np.ndarray):
    """Callback que observa las últimas ``keep`` actualizaciones de los pesos.

    Guarda en un búfer circular una copia plana de los pesos entrenables después
    de cada actualización (``keep + 1`` copias: cada cambio necesita la anterior)
    y deja de copiar en la primera con pesos no finitos, para que el búfer
    termine justo ahí. Al final de cada época mide el mayor *logit* (la entrada
    de la última capa, que debe ser ``Dense``) de ``images``. :meth:`summary`
    da, por actualización, la norma del cambio, la de los pesos y el *logit*.
    """
    import keras

    class UpdateWatch(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ring, self.where = None, np.zeros((keep + 1, 2), dtype=np.int64)
            self.count, self.epoch, self.frozen = 0, 0, False
            self.epoch_logits: list[float] = []

        def on_train_begin(self, logs=None):
            head = self.model.layers[-1]
            if not isinstance(head, keras.layers.Dense):
                raise ValueError(
                    "`watch_updates` necesita que la última capa del modelo sea "
                    f"Dense; es {type(head).__name__}."
                )
            self.head = head
            self.features = keras.Model(self.model.inputs[0], head.input)
            self._flatten = _flattener(self.model.trainable_weights)
            self._copy(0, 0)  # los pesos iniciales

        def _copy(self, epoch, batch):
            flat = self._flatten().numpy()
            if self.ring is None:
                self.ring = np.empty((keep + 1, flat.size), dtype=np.float32)
            slot = self.count % (keep + 1)
            self.ring[slot], self.where[slot] = flat, (epoch, batch)
            self.count += 1
            self.frozen = not np.isfinite(flat).all()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch + 1

        def on_train_batch_end(self, batch, logs=None):
            if not self.frozen:
                self._copy(self.epoch, batch + 1)

        def on_epoch_end(self, epoch, logs=None):
            self.epoch_logits.append(self._max_logit())

        def _max_logit(self):
            kernel, bias = (np.asarray(w) for w in self.head.weights)
            with np.errstate(all="ignore"):
                z = self.features.predict(images, verbose=0) @ kernel + bias
            return float(np.abs(z).max())

        def summary(self) -> dict:
            """Las actualizaciones guardadas, en orden, y el logit por época."""
            n = min(self.count, keep + 1)
            order = [(self.count - n + i) % (keep + 1) for i in range(n)]
            return {
                **_describe_updates(self, self.ring[order], self.where[order]),
                "epoch_max_logit": self.epoch_logits,
            }

    return UpdateWatch()


def _flattener(variables):
    """Un solo grafo que aplana y concatena ``variables``: una copia por
    actualización en lugar de una conversión a NumPy por variable."""
    import tensorflow as tf

    return tf.function(lambda: tf.concat([tf.reshape(v, [-1]) for v in variables], 0))


def _describe_updates(watch, snaps: np.ndarray, where: np.ndarray) -> dict:
    """Normas y mayor *logit* de cada copia de los pesos (salvo la primera).

    Carga cada copia en el modelo para medir su *logit* y al final deja los
    pesos con que terminó el entrenamiento.
    """
    variables = watch.model.trainable_weights
    final = [np.array(v) for v in variables]
    shapes = [tuple(v.shape) for v in variables]
    bounds = np.cumsum([int(np.prod(s)) for s in shapes])[:-1]
    logits = []
    for flat in snaps[1:]:
        for var, part, shape in zip(
            variables, np.split(flat, bounds), shapes, strict=True
        ):
            var.assign(part.reshape(shape))
        logits.append(watch._max_logit())
    for var, value in zip(variables, final, strict=True):
        var.assign(value)
    with np.errstate(all="ignore"):
        snaps64 = snaps.astype(np.float64)
        change = np.sqrt(np.sum(np.diff(snaps64, axis=0) ** 2, axis=1))
        norm = np.sqrt(np.sum(snaps64[1:] ** 2, axis=1))
    return {
        "epoch": where[1:, 0].tolist(),
        "update": where[1:, 1].tolist(),
        "change_norm": change.tolist(),
        "weight_norm": norm.tolist(),
        "max_logit": logits,
    }
