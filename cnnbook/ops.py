"""Operaciones de referencia de una red convolucional, escritas en NumPy puro.

Este módulo existe para *enseñar*: cada función reproduce, con NumPy y sin
TensorFlow, lo que hace la capa correspondiente de Keras, de modo que una
lección pueda mostrar la cuenta completa y compararla con la biblioteca.

Convenciones
------------
* Las imágenes se guardan como ``(H, W)`` (un canal) o ``(H, W, C)``
  (canales al final, como Keras). No hay dimensión de lote.
* Los núcleos (*kernels*) se guardan como ``(kH, kW)``, ``(kH, kW, C)`` o
  ``(kH, kW, C, F)``, el mismo orden que usa Keras para los pesos de
  ``Conv2D``.
* La "convolución" es la de las bibliotecas de aprendizaje profundo, es decir,
  una correlación cruzada: el núcleo **no** se invierte.
* Las cuentas de convolución y de promedio se hacen en ``float64``, para que
  la referencia sea más precisa que la versión ``float32`` de TensorFlow.
* Las entradas se validan: arreglos booleanos, complejos, de texto o de
  objetos se rechazan con un mensaje en español, en lugar de convertirlos en
  silencio.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "conv2d",
    "conv2d_loop",
    "output_size",
    "pad",
    "max_pool",
    "avg_pool",
    "relu",
    "KERNELS",
    "SLIDE_KERNELS",
]


# ---------------------------------------------------------------------------
# Validación
# ---------------------------------------------------------------------------


def _as_numeric_array(x, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Convierte ``x`` en arreglo y exige que sea entero o de punto flotante.

    Parameters
    ----------
    x : array_like
        Valor recibido por la función pública.
    name : str
        Nombre del argumento, para citarlo en el mensaje de error.
    allow_empty : bool, opcional
        Si es ``False`` (predeterminado), un arreglo sin elementos es un error.

    Returns
    -------
    numpy.ndarray
        El mismo arreglo (sin copia si ya lo era).

    Raises
    ------
    TypeError
        Si el tipo de dato no es entero ni de punto flotante.
    ValueError
        Si ``x`` es una lista irregular o, sin ``allow_empty``, está vacío.
    """
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # listas irregulares, p. ej. [[1, 2], [3]]
        raise ValueError(
            f"`{name}` debe ser un arreglo rectangular; las filas de la lista "
            "recibida no tienen todas la misma longitud."
        ) from exc
    # bool no es subtipo de np.integer en NumPy, así que queda excluido aquí.
    if not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(
            f"`{name}` debe contener números enteros o de punto flotante; "
            f"se recibió un arreglo de tipo {arr.dtype}."
        )
    if arr.size == 0 and not allow_empty:
        raise ValueError(
            f"`{name}` no puede estar vacío; se recibió un arreglo de forma {arr.shape}."
        )
    return arr


def _is_int(value) -> bool:
    """Indica si ``value`` es un entero de Python o de NumPy (y no un booleano)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_int(value, name: str, minimum: int) -> int:
    """Valida un entero con cota inferior y lo devuelve como ``int``."""
    if not _is_int(value):
        raise TypeError(
            f"`{name}` debe ser un entero; se recibió {value!r} "
            f"(de tipo {type(value).__name__})."
        )
    if value < minimum:
        raise ValueError(
            f"`{name}` debe ser un entero >= {minimum}; se recibió {value}."
        )
    return int(value)


def _check_pair(value, name: str, minimum: int) -> tuple[int, int]:
    """Valida un entero o una pareja de enteros (vertical, horizontal)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"`{name}` debe ser un entero o una pareja (vertical, horizontal); "
                f"se recibió una secuencia de longitud {len(value)}."
            )
        return (
            _check_int(value[0], name, minimum),
            _check_int(value[1], name, minimum),
        )
    v = _check_int(value, name, minimum)
    return v, v


def _parse_padding(padding, name: str = "padding"):
    """Normaliza el relleno a ``"valid"``, ``"same"`` o ``((arr, ab), (izq, der))``.

    Las cadenas se aceptan sin distinguir mayúsculas, porque TensorFlow escribe
    ``"SAME"`` y Keras ``"same"`` para lo mismo.
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
    if _is_int(padding):
        p = _check_int(padding, name, 0)
        return (p, p), (p, p)
    if isinstance(padding, (tuple, list)) and len(padding) == 2:
        pairs = []
        for side in padding:
            if not (isinstance(side, (tuple, list)) and len(side) == 2):
                raise ValueError(f"{expected}; se recibió {padding!r}.")
            pairs.append((_check_int(side[0], name, 0), _check_int(side[1], name, 0)))
        return tuple(pairs)
    if isinstance(padding, (tuple, list)):
        raise ValueError(f"{expected}; se recibió {padding!r}.")
    raise TypeError(
        f"{expected}; se recibió {padding!r} (de tipo {type(padding).__name__})."
    )


def _same_pads(n: int, k: int, s: int) -> tuple[int, int]:
    """Relleno ``"same"`` de TensorFlow para un eje.

    TensorFlow elige el relleno total mínimo que da ``ceil(n / s)`` salidas y,
    si es impar, pone el píxel sobrante abajo o a la derecha.
    """
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _resolve_padding(padding, in_hw, k_hw, strides):
    """Traduce cualquier forma de ``padding`` a ``((arriba, abajo), (izq, der))``."""
    mode = _parse_padding(padding)
    if mode == "valid":
        return (0, 0), (0, 0)
    if mode == "same":
        return tuple(
            _same_pads(n, k, s) for n, k, s in zip(in_hw, k_hw, strides, strict=True)
        )
    return mode


def _prepare_conv(image, kernel, padding, stride):
    """Valida y normaliza los argumentos comunes a :func:`conv2d` y su versión lenta.

    Returns
    -------
    x : numpy.ndarray
        Imagen ya rellenada, ``float64``, de forma ``(Hp, Wp, C)``.
    k4 : numpy.ndarray
        Núcleo ``float64`` de forma ``(kH, kW, C, F)``.
    strides : tuple of int
        Paso vertical y horizontal.
    out_hw : tuple of int
        Alto y ancho de la salida.
    bank : bool
        ``True`` si el núcleo era un banco ``(kH, kW, C, F)`` y la salida debe
        conservar el eje de filtros.
    """
    img = _as_numeric_array(image, "image")
    ker = _as_numeric_array(kernel, "kernel")
    if img.ndim not in (2, 3):
        raise ValueError(
            "`image` debe ser un arreglo de 2 o 3 dimensiones (H, W) o (H, W, C); "
            f"se recibió uno de {img.ndim} dimensiones."
        )
    if ker.ndim not in (2, 3, 4):
        raise ValueError(
            "`kernel` debe ser un arreglo de 2, 3 o 4 dimensiones (k, k), (k, k, C) "
            f"o (k, k, C, F); se recibió uno de {ker.ndim} dimensiones."
        )
    strides = _check_pair(stride, "stride", 1)

    x = img if img.ndim == 3 else img[:, :, np.newaxis]
    channels = x.shape[2]
    if ker.ndim == 2:
        # Un núcleo plano sobre varios canales es ambiguo (¿se suma? ¿se aplica
        # a cada canal?), así que sólo se acepta con un único canal.
        if channels != 1:
            raise ValueError(
                "Un `kernel` 2-D (kH, kW) sólo se admite con una `image` de un "
                f"canal; `image` tiene {channels} canales. Use un `kernel` de forma "
                f"(kH, kW, {channels}) para sumar sobre los canales."
            )
        k4 = ker[:, :, np.newaxis, np.newaxis]
    elif ker.ndim == 3:
        k4 = ker[:, :, :, np.newaxis]
    else:
        k4 = ker
    if k4.shape[2] != channels:
        raise ValueError(
            f"`kernel` espera {k4.shape[2]} canal(es) de entrada (su eje 2), pero "
            f"`image` tiene {channels} canal(es)."
        )

    k_hw = k4.shape[:2]
    (top, bottom), (left, right) = _resolve_padding(padding, x.shape[:2], k_hw, strides)
    padded_hw = (x.shape[0] + top + bottom, x.shape[1] + left + right)
    if k_hw[0] > padded_hw[0] or k_hw[1] > padded_hw[1]:
        raise ValueError(
            f"El `kernel` de {k_hw[0]}×{k_hw[1]} no cabe en la `image` de "
            f"{padded_hw[0]}×{padded_hw[1]} (tamaño ya con el relleno `padding`); "
            "use un núcleo más pequeño o más relleno."
        )
    x = np.pad(
        x.astype(np.float64, copy=False),
        ((top, bottom), (left, right), (0, 0)),
    )
    out_hw = tuple(
        (n - k) // s + 1 for n, k, s in zip(padded_hw, k_hw, strides, strict=True)
    )
    return x, k4.astype(np.float64, copy=False), strides, out_hw, ker.ndim == 4


# ---------------------------------------------------------------------------
# Convolución
# ---------------------------------------------------------------------------


def conv2d(image, kernel, padding="valid", stride=1) -> np.ndarray:
    r"""Convolución 2-D tal como la definen Keras y TensorFlow.

    Calcula la correlación cruzada (el núcleo no se invierte)

    .. math::

        S(i, j) = \sum_m \sum_n \sum_c I(i s + m,\, j s + n,\, c)\, K(m, n, c)

    sobre la imagen ya rellenada. Es la operación de ``keras.layers.Conv2D``
    sin sesgo ni activación.

    Parameters
    ----------
    image : array_like
        Imagen ``(H, W)`` o ``(H, W, C)``, entera o de punto flotante.
    kernel : array_like
        Uno de:

        * ``(kH, kW)``: un núcleo plano. Sólo con una imagen de un canal
          (``(H, W)`` o ``(H, W, 1)``); con varios canales es un error, porque
          no es evidente si debe sumarse sobre ellos.
        * ``(kH, kW, C)``: un filtro que recorre los ``C`` canales y los suma
          en un único plano de salida.
        * ``(kH, kW, C, F)``: un banco de ``F`` filtros, como los pesos de
          ``Conv2D``; la salida tiene un plano por filtro.
    padding : {"valid", "same"} o int o tuple, opcional
        ``"valid"`` (predeterminado): sin relleno. ``"same"``: el relleno de
        TensorFlow, que produce ``ceil(H / s)`` filas y ``ceil(W / s)``
        columnas y, si el relleno total es impar, pone el píxel extra abajo y
        a la derecha. Un entero ``p >= 0`` añade ``p`` ceros en cada borde, y
        ``((arriba, abajo), (izquierda, derecha))`` fija cada borde.
    stride : int o tuple of int, opcional
        Paso ``s >= 1`` con que se desplaza el núcleo (predeterminado 1), o una
        pareja ``(vertical, horizontal)``.

    Returns
    -------
    numpy.ndarray
        Arreglo ``float64`` de forma ``(H', W')`` si ``kernel`` tiene 2 o 3
        dimensiones, o ``(H', W', F)`` si es un banco de filtros, donde
        ``H' = floor((H + relleno - kH) / s) + 1`` (véase :func:`output_size`).

    Raises
    ------
    TypeError
        Si un arreglo no es numérico (booleano, complejo, texto...) o si
        ``stride`` o ``padding`` tienen un tipo inválido.
    ValueError
        Si las dimensiones no corresponden, los canales de ``image`` y
        ``kernel`` no coinciden, algún arreglo está vacío, ``stride < 1``, el
        relleno es negativo o desconocido, o el núcleo no cabe en la imagen
        rellenada.

    See Also
    --------
    conv2d_loop : la misma operación con bucles explícitos, para leerla.

    Examples
    --------
    >>> img = np.arange(16).reshape(4, 4)
    >>> conv2d(img, np.ones((2, 2)), stride=2)
    array([[10., 18.],
           [42., 50.]])
    """
    x, k4, (sh, sw), _, bank = _prepare_conv(image, kernel, padding, stride)
    kh, kw = k4.shape[:2]
    # Vista (H', W', C, kH, kW) de todas las ventanas, sin copiar la imagen;
    # el paso se aplica tomando una de cada ``s`` ventanas.
    windows = sliding_window_view(x, (kh, kw), axis=(0, 1))[::sh, ::sw]
    out = np.einsum("ijcmn,mncf->ijf", windows, k4, optimize=True)
    return out if bank else out[:, :, 0]


def conv2d_loop(image, kernel, padding="valid", stride=1) -> np.ndarray:
    """Convolución 2-D con bucles explícitos, para leerla paso a paso.

    Hace exactamente lo mismo que :func:`conv2d` (mismos argumentos, misma
    validación, mismo resultado), pero recorre la salida píxel por píxel: en
    cada posición recorta la ventana de la imagen, la multiplica elemento a
    elemento por el filtro y suma. Es lenta; sirve para entender la fórmula,
    no para entrenar redes.

    Parameters
    ----------
    image, kernel, padding, stride
        Como en :func:`conv2d`.

    Returns
    -------
    numpy.ndarray
        Arreglo ``float64`` con la misma forma que devuelve :func:`conv2d`.

    Raises
    ------
    TypeError, ValueError
        En los mismos casos que :func:`conv2d`.
    """
    x, k4, (sh, sw), (out_h, out_w), bank = _prepare_conv(
        image, kernel, padding, stride
    )
    kh, kw, _, n_filters = k4.shape
    out = np.zeros((out_h, out_w, n_filters))
    for i in range(out_h):
        for j in range(out_w):
            # Ventana de la imagen que "ve" la neurona de salida (i, j).
            region = x[i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            for f in range(n_filters):
                out[i, j, f] = np.sum(region * k4[:, :, :, f])
    return out if bank else out[:, :, 0]


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
    n = _check_int(n, "n", 1)
    k = _check_int(k, "k", 1)
    s = _check_int(stride, "stride", 1)
    if isinstance(padding, str):
        mode = _parse_padding(padding)
        if mode == "same":
            return math.ceil(n / s)
        p = 0
    else:
        p = _check_int(padding, "padding", 0)
    if k > n + 2 * p:
        raise ValueError(
            f"El núcleo `k`={k} no cabe en la entrada rellenada "
            f"`n` + 2·`padding` = {n + 2 * p}."
        )
    return (n + 2 * p - k) // s + 1


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
    img = _as_numeric_array(image, "image")
    if img.ndim not in (2, 3):
        raise ValueError(
            "`image` debe ser un arreglo de 2 o 3 dimensiones (H, W) o (H, W, C); "
            f"se recibió uno de {img.ndim} dimensiones."
        )
    if isinstance(p, str):
        raise TypeError(
            "`p` debe ser un entero no negativo o una pareja "
            f"((arriba, abajo), (izquierda, derecha)); se recibió la cadena {p!r}."
        )
    pads = _parse_padding(p, name="p")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(
            f"`value` debe ser un número real; se recibió {value!r} "
            f"(de tipo {type(value).__name__})."
        )

    dtype = img.dtype
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        fits = float(value).is_integer() and info.min <= value <= info.max
        if not fits:
            # Promover es mejor que truncar 0.5 a 0 o desbordar -1 en uint8.
            dtype = np.dtype(np.float64)
    width = list(pads) + ([(0, 0)] if img.ndim == 3 else [])
    return np.pad(img.astype(dtype, copy=False), width, constant_values=value)


# ---------------------------------------------------------------------------
# Agrupación (pooling) y activación
# ---------------------------------------------------------------------------


def _pool_windows(x, size, stride, func_name: str):
    """Devuelve la vista ``(H', W'[, C], kH, kW)`` de las ventanas de agrupación."""
    arr = _as_numeric_array(x, "x")
    if arr.ndim not in (2, 3):
        raise ValueError(
            f"`x` de {func_name} debe ser un arreglo de 2 o 3 dimensiones (H, W) o "
            f"(H, W, C); se recibió uno de {arr.ndim} dimensiones."
        )
    kh, kw = _check_pair(size, "size", 1)
    sh, sw = (kh, kw) if stride is None else _check_pair(stride, "stride", 1)
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
    x : array_like
        Mapa ``(H, W)`` o ``(H, W, C)``; cada canal se agrupa por separado.
    size : int o tuple of int, opcional
        Lado de la ventana (predeterminado 2) o pareja ``(alto, ancho)``.
    stride : int o tuple of int, opcional
        Paso; si es ``None`` (predeterminado) vale ``size``, como en Keras.

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
    arr = _as_numeric_array(x, "x", allow_empty=True)
    return np.maximum(arr, 0, dtype=np.float64)


# ---------------------------------------------------------------------------
# Núcleos clásicos de procesamiento de imágenes
# ---------------------------------------------------------------------------


def _frozen(rows) -> np.ndarray:
    """Crea un arreglo ``float64`` de sólo lectura, para que una lección no
    altere por accidente el núcleo que usan las demás."""
    arr = np.array(rows, dtype=np.float64)
    arr.flags.writeable = False
    return arr


#: Núcleos 3×3 clásicos, por nombre. Los que suavizan o conservan la imagen
#: suman 1 (no cambian el brillo medio); los detectores de bordes suman 0 (dan
#: cero sobre una zona de intensidad constante).
KERNELS: dict[str, np.ndarray] = {
    "identidad": _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "desenfoque": _frozen(np.full((3, 3), 1 / 9)),
    "realce": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    # Prewitt: responde a bordes horizontales (cambios de arriba hacia abajo).
    "gradiente_horizontal": _frozen([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
    # Prewitt: responde a bordes verticales (cambios de izquierda a derecha).
    "gradiente_vertical": _frozen([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
    # Laplaciano de 8 vecinos, que incluye las diagonales.
    "laplaciano_diagonal": _frozen([[1, 1, 1], [1, -8, 1], [1, 1, 1]]),
}

#: Núcleos tal como aparecen impresos en las diapositivas de la clase, sólo
#: los que difieren de :data:`KERNELS`. Ambos suman 1 en lugar de 0, así que no
#: son detectores de bordes: sobre una zona constante devuelven la intensidad
#: en vez de cero. Una lección puede mostrarlos junto a la versión correcta.
SLIDE_KERNELS: dict[str, np.ndarray] = {
    "gradiente_horizontal": _frozen([[-1, -1, -1], [0, 1, 0], [1, 1, 1]]),
    "laplaciano_diagonal": _frozen([[1, 0, -1], [0, 0, 1], [-1, 0, 1]]),
}
