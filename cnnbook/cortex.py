"""Células simples de la corteza visual, simuladas con NumPy.

Las lecciones «La corteza visual» y «Células complejas» del capítulo 2 usan
barras de luz como estímulos y modelan una :term:`célula simple` como un kernel
orientado cuyos pesos suman cero: positivo sobre la línea, negativo fuera.
"""

from __future__ import annotations

import numpy as np

from cnnbook import ops
from cnnbook.validation import check_array, check_int, check_real

__all__ = ["bar", "simple_cell", "responses"]


def bar(
    angle: float, row: int = 14, col: int = 14, length: int = 9, size: int = 28
) -> np.ndarray:
    """Imagen negra de ``size`` x ``size`` con una barra blanca de 1 píxel de grosor.

    La barra mide ``length`` píxeles, está centrada en ``(row, col)`` y forma
    ``angle`` grados con la horizontal (0° horizontal, 90° vertical, 45° sube
    hacia la derecha).

    >>> bar(0, row=1, length=3, size=4, col=1).astype(int).tolist()
    [[0, 0, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    """
    angle = check_real(angle, "angle")
    size = check_int(size, "size", minimum=1)
    row = check_int(row, "row", minimum=0, maximum=size - 1)
    col = check_int(col, "col", minimum=0, maximum=size - 1)
    length = check_int(length, "length", minimum=1)
    rows, cols = np.mgrid[:size, :size]
    t = np.deg2rad(angle)
    across = (cols - col) * np.sin(t) + (rows - row) * np.cos(t)  # distancia a la recta
    along = (cols - col) * np.cos(t) - (rows - row) * np.sin(t)  # posición sobre ella
    return ((np.abs(across) < 0.5) & (np.abs(along) <= length / 2)).astype(float)


def simple_cell(angle: float, k: int = 5) -> np.ndarray:
    """Kernel de ``k`` x ``k``: +1/n sobre la línea orientada, -1/m fuera de ella.

    ``n`` y ``m`` son cuántos píxeles hay sobre la línea y fuera de ella, así que
    los positivos suman 1, los negativos -1 y el kernel entero 0: una zona
    uniforme no produce respuesta.

    >>> float(abs(simple_cell(45).sum()) < 1e-12)
    1.0
    """
    angle = check_real(angle, "angle")
    k = check_int(k, "k", minimum=3)
    line = bar(angle, row=k // 2, col=k // 2, length=2 * k, size=k)
    return np.where(line > 0, 1 / line.sum(), -1 / (line.size - line.sum()))


def responses(image: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Respuesta de una célula simple en cada posición: ReLU(conv2d(image, cell)).

    Con relleno ``same``, el mapa tiene la forma de ``image``: cada píxel es una
    copia de la célula centrada allí.
    """
    image = check_array(image, "image", ndim=2)
    cell = check_array(cell, "cell", ndim=2)
    return ops.relu(ops.conv2d(image, cell, padding="same"))
