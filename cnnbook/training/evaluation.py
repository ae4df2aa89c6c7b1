"""Evaluación: las curvas por época a partir de copias de los pesos, y la exactitud."""

from __future__ import annotations

import numpy as np

from cnnbook.formatting import integer
from cnnbook.validation import check_array, check_int, check_labels

__all__ = [
    "EVAL_BATCH_SIZE",
    "evaluate_epochs",
    "final_metrics",
    "accuracy",
    "first_nan_epoch",
]

#: Lote de evaluación (no cambia los resultados; forma parte de la clave de caché).
EVAL_BATCH_SIZE = 1024


def evaluate_epochs(model, snapshots, sets: dict, name: str) -> dict:
    """Pérdida y exactitud de cada conjunto con los pesos de cada época.

    Imprime una línea por época y deja en ``model`` los pesos finales.

    Returns
    -------
    dict[str, list[float]]
        ``<conjunto>_loss`` y ``<conjunto>_accuracy`` por época.
    """
    history: dict[str, list[float]] = {}
    final = model.get_weights()
    for epoch, weights in enumerate(snapshots, start=1):
        model.set_weights(weights)
        parts = []
        for label, (x, y) in sets.items():
            loss, acc = model.evaluate(x, y, batch_size=EVAL_BATCH_SIZE, verbose=0)
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


def final_metrics(model, history: dict, test, extra_labels) -> dict:
    """Métricas finales: las de la prueba, la última exactitud de entrenamiento y
    la de cada conjunto extra.

    Si la prueba se vigiló por épocas (``history["val_loss"]``), sus valores
    finales ya son los de los pesos finales y no se vuelve a evaluar.
    """
    if "val_loss" in history:
        test_loss, test_acc = history["val_loss"][-1], history["val_accuracy"][-1]
    else:
        test_loss, test_acc = model.evaluate(
            *test, batch_size=EVAL_BATCH_SIZE, verbose=0
        )
    metrics = {
        "test_loss": float(test_loss),
        "test_accuracy": float(test_acc),
        "train_accuracy": history["accuracy"][-1] if "accuracy" in history else None,
    }
    for label in extra_labels:
        metrics[f"{label}_loss"] = history[f"{label}_loss"][-1]
        metrics[f"{label}_accuracy"] = history[f"{label}_accuracy"][-1]
    return metrics


def accuracy(model, x: np.ndarray, y: np.ndarray, batch_size: int = 1024) -> float:
    """Fracción de ``x`` que ``model`` clasifica como ``y`` (etiquetas enteras ``(N,)``).

    La clase predicha es la de mayor probabilidad.
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(
            f"`model` debe ser un modelo de Keras (con `predict`); se recibió {model!r}."
        )
    x = check_array(x, "x", ndarray=True)
    y = check_labels(y, "y")
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"`x` tiene {integer(len(x))} ejemplos e `y` {integer(len(y))}; deben "
            "coincidir y no ser cero."
        )
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    pred = model.predict(x, batch_size=batch_size, verbose=0).argmax(axis=1)
    return float(np.mean(pred == y))


def first_nan_epoch(losses, upto: int | None = None) -> int | None:
    """Primera época (contando desde 1) cuya pérdida no es finita, o ``None``.

    Sólo mira las primeras ``upto`` épocas (todas si es ``None``). Una pérdida
    ``NaN`` o infinita indica que el entrenamiento divergió en esa época.

    >>> first_nan_epoch([0.5, 0.2, float("nan"), float("nan")])
    3
    >>> first_nan_epoch([0.5, 0.2, float("nan")], upto=2) is None
    True
    """
    losses = check_array(losses, "losses", ndim=1)
    if upto is not None:
        losses = losses[: check_int(upto, "upto", minimum=1)]
    bad = np.flatnonzero(~np.isfinite(losses))
    return int(bad[0]) + 1 if bad.size else None
