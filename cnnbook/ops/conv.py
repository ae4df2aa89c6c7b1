"""Convolución 2-D, vectorizada y con bucles explícitos."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook.ops._checks import check_image_ndim
from cnnbook.ops.padding import resolve_padding
from cnnbook.validation import check_array, check_pair

__all__ = ["conv2d", "conv2d_loop"]


class _Conv(NamedTuple):
    """Argumentos de una convolución ya validados y normalizados."""

    x: np.ndarray  # imagen ya rellenada, float64, (Hp, Wp, C)
    bank: np.ndarray  # núcleo float64 (kH, kW, C, F)
    strides: tuple[int, int]
    out_hw: tuple[int, int]
    keep_filters: bool  # el núcleo era un banco (kH, kW, C, F): se conserva el eje F


def _filter_bank(ker: np.ndarray, channels: int) -> np.ndarray:
    """Lleva el núcleo a la forma de banco ``(kH, kW, C, F)`` y comprueba ``C``."""
    if ker.ndim == 2:
        # Un núcleo plano sobre varios canales es ambiguo (¿se suma? ¿se aplica
        # a cada canal?), así que sólo se acepta con un único canal.
        if channels != 1:
            raise ValueError(
                "Un `kernel` 2-D (kH, kW) sólo se admite con una `image` de un "
                f"canal; `image` tiene {channels} canales. Use un `kernel` de forma "
                f"(kH, kW, {channels}) para sumar sobre los canales."
            )
        bank = ker[:, :, np.newaxis, np.newaxis]
    elif ker.ndim == 3:
        bank = ker[:, :, :, np.newaxis]
    else:
        bank = ker
    if bank.shape[2] != channels:
        raise ValueError(
            f"`kernel` espera {bank.shape[2]} canal(es) de entrada (su eje 2), pero "
            f"`image` tiene {channels} canal(es)."
        )
    return bank


def _pad_for_kernel(x: np.ndarray, k_hw, padding, strides) -> np.ndarray:
    """Rellena ``x`` (``float64``) según ``padding`` y comprueba que el núcleo quepa."""
    (top, bottom), (left, right) = resolve_padding(padding, x.shape[:2], k_hw, strides)
    padded_hw = (x.shape[0] + top + bottom, x.shape[1] + left + right)
    if k_hw[0] > padded_hw[0] or k_hw[1] > padded_hw[1]:
        raise ValueError(
            f"El `kernel` de {k_hw[0]}×{k_hw[1]} no cabe en la `image` de "
            f"{padded_hw[0]}×{padded_hw[1]} (tamaño ya con el relleno `padding`); "
            "usa un núcleo más pequeño o más relleno."
        )
    return np.pad(
        x.astype(np.float64, copy=False), ((top, bottom), (left, right), (0, 0))
    )


def _prepare_conv(image, kernel, padding, stride) -> _Conv:
    """Valida y normaliza los argumentos comunes a :func:`conv2d` y su versión lenta."""
    img = check_array(image, "image")
    ker = check_array(kernel, "kernel")
    check_image_ndim(img, "image")
    if ker.ndim not in (2, 3, 4):
        raise ValueError(
            "`kernel` debe ser un arreglo de 2, 3 o 4 dimensiones (k, k), (k, k, C) "
            f"o (k, k, C, F); se recibió uno de {ker.ndim} dimensiones."
        )
    strides = check_pair(stride, "stride", minimum=1)
    x = img if img.ndim == 3 else img[:, :, np.newaxis]
    bank = _filter_bank(ker, x.shape[2])
    k_hw = bank.shape[:2]
    x = _pad_for_kernel(x, k_hw, padding, strides)
    out_hw = tuple(
        (n - k) // s + 1 for n, k, s in zip(x.shape[:2], k_hw, strides, strict=True)
    )
    return _Conv(x, bank.astype(np.float64, copy=False), strides, out_hw, ker.ndim == 4)


def conv2d(image, kernel, padding="valid", stride=1) -> np.ndarray:
    r"""Convolución 2-D tal como la definen Keras y TensorFlow.

    Calcula la correlación cruzada (el núcleo no se invierte)

    .. math::

        S(i, j) = \sum_m \sum_n \sum_c I(i s + m,\, j s + n,\, c)\, K(m, n, c)

    sobre la imagen ya rellenada. Es la operación de ``keras.layers.Conv2D``
    sin sesgo ni activación; :func:`conv2d_loop` la escribe con bucles.

    Parameters
    ----------
    image : array_like
        Imagen ``(H, W)`` o ``(H, W, C)``, entera o de punto flotante.
    kernel : array_like
        ``(kH, kW)``: un núcleo plano, sólo con una imagen de un canal (con
        varios no es evidente si debe sumarse sobre ellos). ``(kH, kW, C)``: un
        filtro que suma los ``C`` canales en un único plano de salida.
        ``(kH, kW, C, F)``: un banco de ``F`` filtros, como los pesos de
        ``Conv2D``; la salida tiene un plano por filtro.
    padding : {"valid", "same"} o int o tuple, opcional
        ``"valid"`` (predeterminado): sin relleno. ``"same"``: el relleno de
        TensorFlow, que produce ``ceil(H / s)`` filas y ``ceil(W / s)``
        columnas y, si el relleno total es impar, pone el píxel extra abajo y
        a la derecha. Un entero ``p >= 0`` añade ``p`` ceros en cada borde, y
        ``((arriba, abajo), (izquierda, derecha))`` fija cada borde.
    stride : int o tuple of int, opcional
        Paso ``s >= 1`` (predeterminado 1), o pareja ``(vertical, horizontal)``.

    Returns
    -------
    numpy.ndarray
        ``float64`` de forma ``(H', W')``, o ``(H', W', F)`` con un banco de
        filtros, donde ``H' = floor((H + relleno - kH) / s) + 1``.

    Raises
    ------
    TypeError
        Si un arreglo no es numérico o ``stride``/``padding`` tienen otro tipo.
    ValueError
        Si las dimensiones o los canales no corresponden, un arreglo está vacío,
        ``stride`` o el relleno están fuera de rango, o el núcleo no cabe.

    Examples
    --------
    >>> img = np.arange(16).reshape(4, 4)
    >>> conv2d(img, np.ones((2, 2)), stride=2)
    array([[10., 18.],
           [42., 50.]])
    """
    conv = _prepare_conv(image, kernel, padding, stride)
    (sh, sw), (kh, kw) = conv.strides, conv.bank.shape[:2]
    # Vista (H', W', C, kH, kW) de todas las ventanas, sin copiar la imagen;
    # el paso se aplica tomando una de cada ``s`` ventanas.
    windows = sliding_window_view(conv.x, (kh, kw), axis=(0, 1))[::sh, ::sw]
    out = np.einsum("ijcmn,mncf->ijf", windows, conv.bank, optimize=True)
    return out if conv.keep_filters else out[:, :, 0]


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
    conv = _prepare_conv(image, kernel, padding, stride)
    (sh, sw), (out_h, out_w) = conv.strides, conv.out_hw
    kh, kw, _, n_filters = conv.bank.shape
    out = np.zeros((out_h, out_w, n_filters))
    for i in range(out_h):
        for j in range(out_w):
            # Ventana de la imagen que "ve" la neurona de salida (i, j).
            region = conv.x[i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            for f in range(n_filters):
                out[i, j, f] = np.sum(region * conv.bank[:, :, :, f])
    return out if conv.keep_filters else out[:, :, 0]
