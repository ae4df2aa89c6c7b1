"""Comprobación de argumentos, con los mensajes de error en español en un solo lugar.

Cada función pública del libro valida lo que recibe antes de hacer nada: un
argumento absurdo produce un ``TypeError`` (tipo equivocado) o un ``ValueError``
(tipo correcto, valor fuera de lo admitido) cuyo mensaje nombra el argumento
entre comillas invertidas y dice qué se esperaba. Nada se convierte en silencio.

Las funciones siguen el espíritu de ``sklearn.utils.check_scalar``: reciben el
valor y el nombre del argumento, y devuelven el valor ya normalizado.

>>> check_int(3, "epochs", minimum=1)
3
>>> check_int(0, "epochs", minimum=1)
Traceback (most recent call last):
...
ValueError: `epochs` debe ser un entero mayor o igual que 1; se recibió 0.
>>> check_pair(2, "stride", minimum=1)
(2, 2)

Este módulo no importa nada del resto del paquete: todos los demás lo usan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__ = [
    "is_int",
    "check_int",
    "check_real",
    "check_bool",
    "check_text",
    "check_texts",
    "check_choice",
    "check_pair",
    "check_int_pair",
    "check_callable",
    "check_array",
    "check_labels",
    "check_shape",
    "check_xy",
    "check_int_tuple",
]


def _got(value) -> str:
    return f"se recibió {value!r}"


def _check_bounds(value, name: str, kind: str, minimum, maximum) -> None:
    if minimum is not None and value < minimum:
        raise ValueError(
            f"`{name}` debe ser {kind} mayor o igual que {minimum}; {_got(value)}."
        )
    if maximum is not None and value > maximum:
        raise ValueError(
            f"`{name}` debe ser {kind} menor o igual que {maximum}; {_got(value)}."
        )


def is_int(value) -> bool:
    """``True`` si ``value`` es un entero de Python o de NumPy (y no un booleano)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_int(
    value, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Un entero (no booleano) dentro de ``[minimum, maximum]``; devuelve ``int``.

    >>> check_int(True, "n")
    Traceback (most recent call last):
    ...
    TypeError: `n` debe ser un entero; se recibió True (de tipo bool).
    """
    if not is_int(value):
        raise TypeError(
            f"`{name}` debe ser un entero; {_got(value)} (de tipo {type(value).__name__})."
        )
    _check_bounds(value, name, "un entero", minimum, maximum)
    return int(value)


def check_real(
    value,
    name: str,
    *,
    optional: bool = False,
    positive: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | None:
    """Un número real finito (o ``None`` si ``optional``); devuelve ``float``.

    >>> check_real(0.5, "rate", minimum=0, maximum=1)
    0.5
    >>> check_real(-1, "learning_rate", positive=True)
    Traceback (most recent call last):
    ...
    ValueError: `learning_rate` debe ser un número positivo; se recibió -1.
    """
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        kind = "un número o None" if optional else "un número"
        raise TypeError(f"`{name}` debe ser {kind}; {_got(value)}.")
    if not np.isfinite(value):
        raise ValueError(f"`{name}` debe ser un número finito; {_got(value)}.")
    if positive and value <= 0:
        raise ValueError(f"`{name}` debe ser un número positivo; {_got(value)}.")
    _check_bounds(value, name, "un número", minimum, maximum)
    return float(value)


def check_bool(value, name: str) -> bool:
    """``True`` o ``False``, sin aceptar 0, 1 ni textos."""
    if not isinstance(value, bool):
        raise TypeError(f"`{name}` debe ser True o False; {_got(value)}.")
    return value


def check_text(value, name: str, *, optional: bool = False) -> str | None:
    """Un texto (o ``None`` si ``optional``): títulos, etiquetas, colores."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        kind = "un texto o None" if optional else "un texto"
        raise TypeError(f"`{name}` debe ser {kind}; {_got(value)}.")
    return value


def check_texts(
    value, name: str, *, optional: bool = False, length: int | None = None
) -> list[str] | None:
    """Una lista (o tupla) de textos, con ``length`` elementos si se indica."""
    if value is None and optional:
        return None
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(f"`{name}` debe ser una lista de textos; {_got(value)}.")
    if not all(isinstance(t, str) for t in value):
        raise TypeError(f"`{name}` debe contener sólo textos; {_got(value)}.")
    if length is not None and len(value) != length:
        raise ValueError(
            f"`{name}` debe tener {length} textos, uno por elemento; tiene {len(value)}."
        )
    return list(value)


def check_choice(value, name: str, choices: Iterable):
    """Uno de los valores de ``choices``.

    >>> check_choice("adam", "optimizer", ("sgd", "adam"))
    'adam'
    """
    choices = tuple(choices)
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise ValueError(f"`{name}` debe ser uno de {shown}; {_got(value)}.")
    return value


def check_pair(value, name: str, *, minimum: int = 0) -> tuple[int, int]:
    """Un entero o una pareja de enteros (vertical, horizontal), cada uno ``>= minimum``.

    >>> check_pair((1, 2), "stride", minimum=1)
    (1, 2)
    """
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"`{name}` debe ser un entero o una pareja (vertical, horizontal); "
                f"se recibió una secuencia de longitud {len(value)}."
            )
        return (
            check_int(value[0], name, minimum=minimum),
            check_int(value[1], name, minimum=minimum),
        )
    v = check_int(value, name, minimum=minimum)
    return v, v


def check_int_pair(value, name: str, *, minimum: int = 1) -> tuple[int, int]:
    """Exactamente una pareja (alto, ancho) de enteros ``>= minimum``."""
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(is_int(v) and v >= minimum for v in value)
    ):
        raise ValueError(
            f"`{name}` debe ser una pareja (alto, ancho) de enteros mayores o iguales "
            f"que {minimum}; {_got(value)}."
        )
    return int(value[0]), int(value[1])


def check_callable(value, name: str, what: str = "una función") -> Callable:
    """Algo que se pueda llamar; ``what`` describe qué debe hacer."""
    if not callable(value):
        raise TypeError(f"`{name}` debe ser {what}; {_got(value)}.")
    return value


def check_array(
    value,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    finite: bool = False,
    ndarray: bool = False,
    integer: bool = False,
) -> np.ndarray:
    """Un arreglo de números enteros o reales (nunca booleanos, texto u objetos).

    Parameters
    ----------
    value : array_like
        Lo recibido; con ``ndarray=True`` debe ser ya un ``numpy.ndarray``.
    name : str
        Nombre del argumento, para el mensaje.
    ndim : int o tupla de int, opcional
        Número(s) de dimensiones admitidos.
    allow_empty : bool
        Si es ``False``, un arreglo sin elementos es un error.
    finite : bool
        Si es ``True``, NaN e infinito son un error.
    integer : bool
        Si es ``True``, sólo se admiten enteros.

    Returns
    -------
    numpy.ndarray
        El arreglo (sin copia si ya lo era).

    >>> check_array([[1, 2], [3, 4]], "kernel", ndim=2).shape
    (2, 2)
    >>> check_array([True], "x")
    Traceback (most recent call last):
    ...
    TypeError: `x` debe contener números enteros o reales; su tipo es bool.
    """
    if ndarray and not isinstance(value, np.ndarray):
        raise TypeError(
            f"`{name}` debe ser un arreglo de NumPy; se recibió {type(value).__name__}."
        )
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # listas irregulares, p. ej. [[1, 2], [3]]
        raise ValueError(
            f"`{name}` debe ser un arreglo rectangular; sus filas no tienen todas "
            "la misma longitud."
        ) from exc
    # bool no es subtipo de np.integer en NumPy, así que queda excluido aquí.
    is_integer = np.issubdtype(arr.dtype, np.integer)
    if not (is_integer or (np.issubdtype(arr.dtype, np.floating) and not integer)):
        kind = "enteros" if integer else "números enteros o reales"
        raise TypeError(f"`{name}` debe contener {kind}; su tipo es {arr.dtype}.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            dims = " o ".join(str(d) for d in allowed)
            raise ValueError(
                f"`{name}` debe tener {dims} dimensiones; tiene forma {arr.shape}."
            )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"`{name}` no puede estar vacío; tiene forma {arr.shape}.")
    if finite and not is_integer and not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}` contiene valores no finitos (NaN o infinito).")
    return arr


def check_labels(value, name: str, *, num_classes: int | None = None) -> np.ndarray:
    """Un vector de etiquetas de clase enteras, entre 0 y ``num_classes - 1``.

    >>> check_labels([0, 2, 1], "y_true", num_classes=3).tolist()
    [0, 2, 1]
    """
    if isinstance(value, (str, bytes)) or not isinstance(
        value, (list, tuple, np.ndarray)
    ):
        raise TypeError(
            f"`{name}` debe ser una lista de etiquetas enteras; {_got(value)}."
        )
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(
            f"`{name}` debe ser un vector de etiquetas enteras (N,); tiene forma "
            f"{arr.shape} y tipo {arr.dtype}."
        )
    if arr.size and arr.min() < 0:
        raise ValueError(f"`{name}` no puede tener etiquetas negativas.")
    if num_classes is not None and arr.size and arr.max() >= num_classes:
        raise ValueError(
            f"`{name}` debe tener etiquetas entre 0 y {num_classes - 1}; van de "
            f"{arr.min()} a {arr.max()}."
        )
    return arr


def check_shape(value, name: str = "input_shape", *, max_dims: int = 3) -> tuple:
    """Una forma: tupla de 1 a ``max_dims`` enteros positivos, como ``(28, 28, 1)``."""
    if (
        not isinstance(value, tuple)
        or not 1 <= len(value) <= max_dims
        or not all(is_int(d) and d > 0 for d in value)
    ):
        raise ValueError(
            f"`{name}` debe ser una tupla de 1 a {max_dims} enteros positivos, por "
            f"ejemplo (28, 28, 1); {_got(value)}."
        )
    return tuple(int(d) for d in value)


def check_xy(value, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Una pareja ``(x, y)`` de arreglos de NumPy con el mismo número de ejemplos."""
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(a, np.ndarray) for a in value)
    ):
        raise TypeError(f"`{name}` debe ser una pareja (x, y) de arreglos de NumPy.")
    x, y = value
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"`{name}`: x tiene {len(x)} ejemplos e y {len(y)}; deben coincidir y no "
            "ser cero."
        )
    return x, y


def check_int_tuple(
    value, name: str, *, minimum: int = 1, allow_empty: bool = False
) -> tuple[int, ...]:
    """Una tupla de enteros ``>= minimum``: neuronas o filtros de cada capa.

    >>> check_int_tuple((16, 32), "filters")
    (16, 32)
    >>> check_int_tuple((16, 0), "filters")
    Traceback (most recent call last):
    ...
    ValueError: `filters` debe ser una tupla no vacía de enteros mayores o iguales que 1; se recibió (16, 0).
    """
    if not isinstance(value, tuple):
        raise TypeError(f"`{name}` debe ser una tupla de enteros; {_got(value)}.")
    if not all(is_int(v) and v >= minimum for v in value) or (
        not value and not allow_empty
    ):
        kind = "una tupla" if allow_empty else "una tupla no vacía"
        raise ValueError(
            f"`{name}` debe ser {kind} de enteros mayores o iguales que {minimum}; "
            f"{_got(value)}."
        )
    return tuple(int(v) for v in value)
