"""Qué no aprendió la red: exactitud con imágenes trasladadas, giradas o escaladas."""

from __future__ import annotations

import keras
import numpy as np

from cnnbook import data
from cnnbook.interpret._checks import BATCH, _images, _input_shape, _targets
from cnnbook.validation import check_array, check_choice, check_int


def _accuracy(model, x: np.ndarray, y: np.ndarray) -> float:
    """Fracción de aciertos, con una sola llamada a ``predict`` por lote completo."""
    return float(np.mean(model.predict(x, batch_size=BATCH, verbose=0).argmax(1) == y))


def shift_accuracy_grid(
    model: keras.Model, x: np.ndarray, y: np.ndarray, max_shift: int = 8, step: int = 2
) -> np.ndarray:
    """Exactitud con las imágenes trasladadas ``(dy, dx)`` píxeles (con :func:`cnnbook.data.shift`).

    Los desplazamientos de cada eje son :math:`s = \\text{step} \\cdot m`, con
    :math:`|s| \\le` ``max_shift``; lo que entra por el borde es cero. La celda
    ``[a, b]`` usa ``dy = s[a]`` (hacia abajo) y ``dx = s[b]`` (a la derecha), como
    :func:`cnnbook.plots.shift_accuracy_maps`. ``y``: etiquetas enteras ``(N,)``.
    """
    shape = _input_shape(model)
    x = _images(x, "x", shape, batch=True)
    y = _targets(model, x, y)
    max_shift = check_int(max_shift, "max_shift", minimum=0, maximum=min(shape[:2]))
    step = check_int(step, "step", minimum=1)
    shifts = step * np.arange(-(max_shift // step), max_shift // step + 1)
    return np.array(
        [[_accuracy(model, data.shift(x, dy, dx), y) for dx in shifts] for dy in shifts]
    )


def _affine(x: np.ndarray, degrees: float, factor: float) -> np.ndarray:
    r"""Gira ``degrees`` (antihorario) y amplía ``factor`` veces, alrededor del
    centro: la salida en :math:`p` toma la entrada en :math:`c + R_{-\theta}(p - c)/s`."""
    cy, cx = (x.shape[1] - 1) / 2, (x.shape[2] - 1) / 2
    t = np.deg2rad(degrees)
    a, b = np.cos(t) / factor, np.sin(t) / factor
    matrix = [a, -b, cx - a * cx + b * cy, b, a, cy - b * cx - a * cy, 0, 0]
    out = keras.ops.image.affine_transform(
        x, np.array(matrix, np.float32), "bilinear", fill_mode="constant"
    )
    return keras.ops.convert_to_numpy(out)


def transform_accuracy(
    model: keras.Model, x: np.ndarray, y: np.ndarray, kind: str, values: np.ndarray
) -> np.ndarray:
    """Exactitud con las imágenes giradas o escaladas, una por valor de ``values``.

    ``kind="rotation"``: giro de ``values`` grados (positivo, antihorario);
    ``kind="scale"``: ampliación por el factor (mayor que 1, acercar). Ambos
    alrededor del centro, con interpolación bilineal y ceros fuera de la imagen.
    ``y``: etiquetas enteras ``(N,)``.
    """
    shape = _input_shape(model)
    x = _images(x, "x", shape, batch=True)
    y = _targets(model, x, y)
    kind = check_choice(kind, "kind", ("rotation", "scale"))
    values = check_array(values, "values", ndim=1, finite=True)
    if kind == "scale" and values.min() <= 0:
        raise ValueError(
            f"`values` debe tener factores de escala positivos; se recibió "
            f"{values.tolist()}."
        )
    pairs = [(v, 1.0) if kind == "rotation" else (0.0, v) for v in values.tolist()]
    return np.array([_accuracy(model, _affine(x, *pair), y) for pair in pairs])
