"""Relleno (*padding*) y tamaño de la salida de una convolución o agrupación."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from cnnbook.ops._checks import check_image_ndim
from cnnbook.validation import check_array, check_int, check_pair, is_int

__all__ = ["output_size", "pad"]


def parse_padding(padding, name: str = "padding"):
    """Normaliza el relleno a ``"valid"``, ``"same"`` o ``((arr, ab), (izq, der))``.

    Las cadenas se aceptan sin distinguir mayúsculas, porque TensorFlow escribe
    ``"SAME"`` y Keras ``"same"`` para lo mismo.

    >>> parse_padding("SAME")
    'same'
    >>> parse_padding(1)
    ((1, 1), (1, 1))
    """
    expected = (
        f"`{name}` debe ser 'valid', 'same', un entero no negativo o una pareja "
        "((arriba, abajo), (izquierda, derecha))"
    )
    if isinstance(padding, str):
        mode = padding.lower()
        if mode not in ("valid", "same"):
            raise ValueError(f"{expected}; se recibió la cadena {padding!r}.")
        return mode
    if is_int(padding):
        p = check_int(padding, name, minimum=0)
        return (p, p), (p, p)
    if isinstance(padding, (tuple, list)):
        sides_ok = len(padding) == 2 and all(
            isinstance(side, (tuple, list)) and len(side) == 2 for side in padding
        )
        if not sides_ok:
            raise ValueError(f"{expected}; se recibió {padding!r}.")
        return tuple(check_pair(side, name, minimum=0) for side in padding)
    raise TypeError(
        f"{expected}; se recibió {padding!r} (de tipo {type(padding).__name__})."
    )


def same_pads(n: int, k: int, s: int) -> tuple[int, int]:
    """Relleno ``"same"`` de TensorFlow para un eje.

    TensorFlow elige el relleno total mínimo que da ``ceil(n / s)`` salidas y,
    si es impar, pone el píxel sobrante abajo o a la derecha.

    >>> same_pads(7, 3, 2)
    (1, 1)
    >>> same_pads(6, 3, 2)
    (0, 1)
    """
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def resolve_padding(padding, in_hw, k_hw, strides):
    """Traduce cualquier forma de ``padding`` a ``((arriba, abajo), (izq, der))``."""
    mode = parse_padding(padding)
    if mode == "valid":
        return (0, 0), (0, 0)
    if mode == "same":
        return tuple(
            same_pads(n, k, s) for n, k, s in zip(in_hw, k_hw, strides, strict=True)
        )
    return mode


def output_size(n, k, padding=0, stride=1) -> int:
    """Tamaño de la salida de una convolución (o agrupación) en un eje.

    Con relleno entero ``p`` vale ``floor((n + 2p - k) / s) + 1``; con
    ``"valid"``, lo mismo con ``p = 0``; con ``"same"``, ``ceil(n / s)``, como
    en Keras.

    Parameters
    ----------
    n : int
        Tamaño de la entrada en ese eje (``n >= 1``).
    k : int
        Tamaño del núcleo (``k >= 1``).
    padding : int o {"valid", "same"}, opcional
        Ceros añadidos a *cada* lado (``p >= 0``, predeterminado 0), o el modo
        de relleno de Keras.
    stride : int, opcional
        Paso ``s >= 1`` (predeterminado 1).

    Returns
    -------
    int
        Número de posiciones de la salida.

    Raises
    ------
    TypeError
        Si algún argumento no es entero (los booleanos y los flotantes se
        rechazan) o ``padding`` no es entero ni cadena.
    ValueError
        Si algún valor está fuera de rango o el núcleo no cabe:
        ``k > n + 2p``.

    Examples
    --------
    >>> output_size(6, 3, padding=1, stride=2)
    3
    >>> output_size(7, 3, padding="same", stride=2)
    4
    """
    n = check_int(n, "n", minimum=1)
    k = check_int(k, "k", minimum=1)
    s = check_int(stride, "stride", minimum=1)
    if isinstance(padding, str):
        if parse_padding(padding) == "same":
            return math.ceil(n / s)
        p = 0
    else:
        p = check_int(padding, "padding", minimum=0)
    if k > n + 2 * p:
        raise ValueError(
            f"El núcleo `k`={k} no cabe en la entrada rellenada "
            f"`n` + 2·`padding` = {n + 2 * p}."
        )
    return (n + 2 * p - k) // s + 1


def _check_fill_value(value) -> None:
    # Cualquier real, también infinito: -inf es el relleno natural antes de un
    # máximo. Por eso no sirve ``check_real``, que exige un número finito.
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(
            f"`value` debe ser un número real; se recibió {value!r} "
            f"(de tipo {type(value).__name__})."
        )


def _fill_dtype(dtype: np.dtype, value) -> np.dtype:
    """El tipo de ``image`` si ``value`` cabe exactamente en él; si no, ``float64``."""
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        if not (float(value).is_integer() and info.min <= value <= info.max):
            # Promover es mejor que truncar 0.5 a 0 o desbordar -1 en uint8.
            return np.dtype(np.float64)
    return dtype


def pad(image, p, value=0) -> np.ndarray:
    """Rellena los ejes espaciales de una imagen con un valor constante.

    Parameters
    ----------
    image : array_like
        Imagen ``(H, W)`` o ``(H, W, C)``. Los canales no se rellenan.
    p : int o tuple
        Número de píxeles ``p >= 0`` que se añaden en cada borde, o
        ``((arriba, abajo), (izquierda, derecha))``.
    value : int o float, opcional
        Valor del relleno (predeterminado 0, el *zero padding* de las CNN).

    Returns
    -------
    numpy.ndarray
        Arreglo de forma ``(H + arriba + abajo, W + izquierda + derecha[, C])``.
        Conserva el tipo de ``image`` cuando ``value`` se representa en él
        exactamente; si no (por ejemplo ``value=0.5`` con una imagen entera),
        el resultado es ``float64``.

    Raises
    ------
    TypeError
        Si ``image`` no es numérica, ``p`` no es entero o ``value`` no es un
        número real.
    ValueError
        Si ``image`` no tiene 2 o 3 dimensiones, está vacía, o ``p`` es
        negativo o tiene otra estructura.

    Examples
    --------
    >>> pad([[1, 2], [3, 4]], 1)
    array([[0, 0, 0, 0],
           [0, 1, 2, 0],
           [0, 3, 4, 0],
           [0, 0, 0, 0]])
    """
    img = check_array(image, "image")
    check_image_ndim(img, "image")
    if isinstance(p, str):
        # "same" y "valid" dependen del núcleo, que ``pad`` no conoce.
        raise TypeError(
            "`p` debe ser un entero no negativo o una pareja "
            f"((arriba, abajo), (izquierda, derecha)); se recibió la cadena {p!r}."
        )
    pads = parse_padding(p, name="p")
    _check_fill_value(value)
    width = list(pads) + ([(0, 0)] if img.ndim == 3 else [])
    dtype = _fill_dtype(img.dtype, value)
    return np.pad(img.astype(dtype, copy=False), width, constant_values=value)
