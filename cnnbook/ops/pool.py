"""Agrupación (*pooling*) por máximo y por promedio, y la activación ReLU."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook.ops._checks import check_image_ndim
from cnnbook.validation import check_array, check_pair

__all__ = ["max_pool", "avg_pool", "relu"]


def _pool_windows(x, size, stride, func_name: str):
    """Devuelve la vista ``(H', W'[, C], kH, kW)`` de las ventanas de agrupación."""
    arr = check_array(x, "x")
    check_image_ndim(arr, "x", owner=func_name)
    kh, kw = check_pair(size, "size", minimum=1)
    sh, sw = (kh, kw) if stride is None else check_pair(stride, "stride", minimum=1)
    if kh > arr.shape[0] or kw > arr.shape[1]:
        raise ValueError(
            f"La ventana `size` de {kh}×{kw} es más grande que la entrada `x` de "
            f"{arr.shape[0]}×{arr.shape[1]}."
        )
    # Agrupación "valid", como MaxPooling2D por omisión: las ventanas
    # incompletas del borde se descartan.
    windows = sliding_window_view(arr, (kh, kw), axis=(0, 1))
    return windows[::sh, ::sw]


def max_pool(x, size=2, stride=None) -> np.ndarray:
    """Agrupación por máximo (*max pooling*) sin relleno.

    Parameters
    ----------
    x : array_like
        Mapa ``(H, W)`` o ``(H, W, C)``; cada canal se agrupa por separado.
    size : int o tuple of int, opcional
        Lado de la ventana (predeterminado 2) o pareja ``(alto, ancho)``.
    stride : int o tuple of int, opcional
        Paso; si es ``None`` (predeterminado) vale ``size``, como en Keras.

    Returns
    -------
    numpy.ndarray
        Arreglo ``(H', W'[, C])`` con ``H' = floor((H - size) / stride) + 1``.
        Conserva el tipo de ``x``, porque sólo elige valores.

    Raises
    ------
    TypeError
        Si ``x`` no es numérico o ``size``/``stride`` no son enteros.
    ValueError
        Si ``x`` no tiene 2 o 3 dimensiones o está vacío, ``size`` o
        ``stride`` son menores que 1, o la ventana es más grande que ``x``.

    Examples
    --------
    >>> max_pool([[1, 2, 5, 0], [3, 4, 1, 1], [0, 0, 2, 2], [9, 0, 2, 7]])
    array([[4, 5],
           [9, 7]])
    """
    return _pool_windows(x, size, stride, "max_pool").max(axis=(-2, -1))


def avg_pool(x, size=2, stride=None) -> np.ndarray:
    """Agrupación por promedio (*average pooling*) sin relleno.

    Parameters
    ----------
    x, size, stride
        Como en :func:`max_pool`.

    Returns
    -------
    numpy.ndarray
        Arreglo ``float64`` de forma ``(H', W'[, C])``.

    Raises
    ------
    TypeError, ValueError
        En los mismos casos que :func:`max_pool`.

    Examples
    --------
    >>> avg_pool([[1, 2, 5, 0], [3, 4, 1, 1], [0, 0, 2, 2], [9, 0, 2, 7]])
    array([[2.5 , 1.75],
           [2.25, 3.25]])
    """
    windows = _pool_windows(x, size, stride, "avg_pool")
    return windows.mean(axis=(-2, -1), dtype=np.float64)


def relu(x) -> np.ndarray:
    """Unidad lineal rectificada: ``max(0, x)`` elemento a elemento.

    Parameters
    ----------
    x : array_like
        Arreglo numérico de cualquier forma.

    Returns
    -------
    numpy.ndarray
        Arreglo ``float64`` de la misma forma que ``x``.

    Raises
    ------
    TypeError
        Si ``x`` no es numérico.

    Examples
    --------
    >>> relu([-2, 0, 3])
    array([0., 0., 3.])
    """
    arr = check_array(x, "x", allow_empty=True)
    return np.maximum(arr, 0, dtype=np.float64)
