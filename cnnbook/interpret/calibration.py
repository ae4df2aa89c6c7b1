"""Cuánto confiar en la red: calibración, matriz de confusión y errores seguros."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnbook.validation import check_array, check_int, check_labels


@dataclass(frozen=True)
class Reliability:
    """Diagrama de confiabilidad (*reliability diagram*): un valor por intervalo.

    ``confidence`` y ``accuracy``: confianza media y exactitud de cada intervalo
    (NaN si está vacío); ``counts``: ejemplos de cada uno; ``edges``: sus bordes;
    ``ece``: error de calibración esperado.
    """

    confidence: np.ndarray
    accuracy: np.ndarray
    counts: np.ndarray
    edges: np.ndarray
    ece: float


def _probabilities(probabilities, labels) -> tuple[np.ndarray, np.ndarray]:
    p = check_array(probabilities, "probabilities", ndim=2, finite=True)
    if p.min() < 0 or p.max() > 1 or not np.allclose(p.sum(axis=1), 1, atol=1e-3):
        raise ValueError(
            "`probabilities` debe tener una fila de probabilidades (entre 0 y 1, "
            "que suman 1) por ejemplo, como la salida de una softmax."
        )
    y = check_labels(labels, "labels", num_classes=p.shape[1])
    if len(y) != len(p):
        raise ValueError(
            f"`labels` debe tener una etiqueta por fila de `probabilities` "
            f"({len(p)}); tiene {len(y)}."
        )
    return p, y


def reliability(
    probabilities: np.ndarray, labels: np.ndarray, bins: int = 10
) -> Reliability:
    r"""Calibración: ¿acierta la red tan a menudo como dice su confianza?

    La confianza de un ejemplo es su mayor probabilidad y la predicción, su clase.
    Los ejemplos se reparten en ``bins`` intervalos iguales de confianza
    :math:`(\frac{b-1}{B}, \frac{b}{B}]`, y el error de calibración esperado
    (*expected calibration error*, ECE; Guo et al., 2017) es
    :math:`\sum_b \frac{n_b}{N} |\mathrm{acc}_b - \mathrm{conf}_b|`.
    """
    p, y = _probabilities(probabilities, labels)
    bins = check_int(bins, "bins", minimum=1)
    edges = np.linspace(0, 1, bins + 1)
    conf, hit = p.max(axis=1), p.argmax(axis=1) == y
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    counts = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore"):  # intervalos vacíos: 0/0 = NaN
        confidence = np.bincount(which, conf, bins) / counts
        accuracy = np.bincount(which, hit, bins) / counts
    gap = np.nan_to_num(np.abs(accuracy - confidence))
    return Reliability(
        confidence, accuracy, counts, edges, float(counts @ gap / len(y))
    )


def confusion(
    predicted: np.ndarray, labels: np.ndarray, num_classes: int
) -> np.ndarray:
    """Matriz de confusión :math:`M_{ij}`: ejemplos de la clase verdadera ``i``
    predichos como ``j`` (filas: verdad; columnas: predicción, como scikit-learn)."""
    num_classes = check_int(num_classes, "num_classes", minimum=1)
    predicted = check_labels(predicted, "predicted", num_classes=num_classes)
    labels = check_labels(labels, "labels", num_classes=num_classes)
    if len(predicted) != len(labels):
        raise ValueError(
            f"`labels` debe tener tantos elementos como `predicted` ({len(predicted)}); "
            f"tiene {len(labels)}."
        )
    flat = labels.astype(np.int64) * num_classes + predicted
    return np.bincount(flat, minlength=num_classes**2).reshape(num_classes, -1)


def most_confident_errors(
    probabilities: np.ndarray, labels: np.ndarray, k: int = 8
) -> np.ndarray:
    r"""Índices de los ``k`` errores con mayor confianza :math:`\max_c p_c`, de mayor
    a menor (menos de ``k`` si hay menos errores)."""
    p, y = _probabilities(probabilities, labels)
    k = check_int(k, "k", minimum=1)
    wrong = np.flatnonzero(p.argmax(axis=1) != y)
    return wrong[np.argsort(-p[wrong].max(axis=1), kind="stable")][:k]
