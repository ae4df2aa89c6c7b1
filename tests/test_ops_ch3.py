"""Pruebas de ``cnnbook.ops`` para el capítulo 3 (capas convolucionales).

Complementan ``test_ops.py``:

* la fórmula del tamaño de salida ``floor((n + 2p - k) / s) + 1`` frente a las
  formas que producen capas de Keras *ejecutadas* (``ZeroPadding2D`` +
  ``Conv2D``, ``Conv2D(padding="same")`` y ``MaxPooling2D``), incluido el
  ejercicio de la clase (imagen de 6 x 6 con borde de ceros, kernel de 3 x 3,
  paso 2: salida de 3 x 3);
* la cuenta de parámetros de una capa convolucional, ``(k·k·C + 1)·filtros``,
  frente a ``count_params()`` de Keras;
* entradas inválidas de la agrupación que ``test_ops.py`` no cubre: el mensaje
  está en español y nombra el argumento.
"""

import itertools
import math

import keras
import numpy as np
import pytest

from cnnbook import ops


def _keras_conv_shape(n, k, p, s, channels=1, filters=1):
    """Forma espacial de la salida de ``ZeroPadding2D(p)`` + ``Conv2D(k, s)``."""
    inputs = keras.Input((n, n, channels))
    x = keras.layers.ZeroPadding2D(p)(inputs) if p else inputs
    x = keras.layers.Conv2D(filters, k, strides=s, padding="valid")(x)
    model = keras.Model(inputs, x)
    out = model(np.zeros((1, n, n, channels), dtype="float32"))
    return tuple(out.shape[1:3])


# ---------------------------------------------------------------------------
# Tamaño de salida
# ---------------------------------------------------------------------------

# (n, k, p, s, tamaño esperado), escritos a mano.
LECTURE_CASES = [
    (6, 3, 1, 2, 3),  # ejercicio de la clase: 6 x 6 + borde = 8 x 8, paso 2 -> 3 x 3
    (8, 3, 0, 2, 3),  # lo mismo, con la imagen ya rellenada de 8 x 8
    (6, 3, 0, 1, 4),  # apilamiento: 6 x 6, kernel 3 x 3 -> 4 x 4
    (64, 3, 1, 1, 64),  # Conv2D(padding="same") de la primera lección
    (28, 5, 0, 1, 24),  # LeNet-5, primera convolución
    (28, 5, 2, 1, 28),  # LeNet-5 mejorada: borde de 2
]


@pytest.mark.parametrize(("n", "k", "p", "s", "expected"), LECTURE_CASES)
def test_output_size_lecture_cases_vs_keras(n, k, p, s, expected):
    assert ops.output_size(n, k, padding=p, stride=s) == expected
    assert _keras_conv_shape(n, k, p, s) == (expected, expected)
    assert ops.conv2d(np.zeros((n, n)), np.ones((k, k)), p, s).shape == (
        expected,
        expected,
    )


def test_lecture_exercise_never_uses_last_row_and_column():
    """Con paso 2, las ventanas empiezan en 0, 2 y 4: la fila 7 sobra."""
    image = ops.pad(np.ones((6, 6)), 1)
    starts = [2 * i for i in range(ops.output_size(8, 3, 0, 2))]
    assert starts == [0, 2, 4]
    assert max(starts) + 3 == 7  # la última ventana llega hasta la fila 6
    marked = image.copy()
    marked[7, :] = 1000  # cambiar la última fila no cambia la salida
    kernel = np.arange(9.0).reshape(3, 3)
    np.testing.assert_array_equal(
        ops.conv2d(image, kernel, stride=2), ops.conv2d(marked, kernel, stride=2)
    )


SWEEP = [
    (n, k, p, s)
    for n, k, p, s in itertools.product(
        (1, 2, 5, 6, 7, 8, 13, 28, 32), (1, 2, 3, 5, 7), (0, 1, 2, 3), (1, 2, 3, 4)
    )
    if k <= n + 2 * p
]


def test_output_size_formula_vs_keras_sweep():
    """La fórmula coincide con las capas de Keras ejecutadas en cada caso válido."""
    assert len(SWEEP) > 500
    for n, k, p, s in SWEEP:
        formula = math.floor((n + 2 * p - k) / s) + 1
        size = ops.output_size(n, k, padding=p, stride=s)
        assert size == formula, (n, k, p, s)
        assert _keras_conv_shape(n, k, p, s) == (size, size), (n, k, p, s)


@pytest.mark.parametrize("n", [1, 5, 6, 7, 28, 33, 64])
@pytest.mark.parametrize("k", [1, 2, 3, 5])
@pytest.mark.parametrize("s", [1, 2, 3])
def test_output_size_same_vs_keras_layer(n, k, s):
    layer = keras.layers.Conv2D(1, k, strides=s, padding="same")
    out = layer(np.zeros((1, n, n, 1), dtype="float32"))
    assert ops.output_size(n, k, padding="same", stride=s) == out.shape[1]
    assert out.shape[1] == math.ceil(n / s)


@pytest.mark.parametrize("size", [1, 2, 3, 4])
@pytest.mark.parametrize("stride", [None, 1, 2, 3])
def test_output_size_gives_pooling_shape(size, stride):
    """La misma fórmula (sin relleno) da la forma de MaxPooling2D y de max_pool."""
    for n in range(size, 15):
        s = size if stride is None else stride
        expected = ops.output_size(n, size, padding=0, stride=s)
        layer = keras.layers.MaxPooling2D(pool_size=size, strides=stride)
        out = layer(np.zeros((1, n, n, 1), dtype="float32"))
        assert out.shape[1:3] == (expected, expected), (n, size, stride)
        assert ops.max_pool(np.zeros((n, n)), size, stride).shape == (
            expected,
            expected,
        )


# ---------------------------------------------------------------------------
# Número de parámetros
# ---------------------------------------------------------------------------


def conv_params(k, channels, filters, bias=True):
    """(k·k·C + 1)·filtros: un peso por casilla del kernel y canal, más un sesgo."""
    return (k * k * channels + (1 if bias else 0)) * filters


@pytest.mark.parametrize("k", [1, 2, 3, 5, 7])
@pytest.mark.parametrize("channels", [1, 2, 3, 8, 16])
@pytest.mark.parametrize("filters", [1, 2, 6, 10, 32])
def test_conv_param_count_vs_keras(k, channels, filters):
    layer = keras.layers.Conv2D(filters, k)
    layer.build((None, 32, 32, channels))
    assert layer.count_params() == conv_params(k, channels, filters)
    kernel, bias = layer.get_weights()
    assert kernel.shape == (k, k, channels, filters)
    assert bias.shape == (filters,)


@pytest.mark.parametrize(("k", "channels", "filters"), [(3, 1, 2), (5, 6, 16)])
def test_conv_param_count_without_bias_and_independent_of_image(k, channels, filters):
    no_bias = keras.layers.Conv2D(filters, k, use_bias=False)
    no_bias.build((None, 20, 20, channels))
    assert no_bias.count_params() == conv_params(k, channels, filters, bias=False)
    # Los pesos se comparten en toda la imagen: su tamaño no cambia la cuenta.
    for side in (8, 64, 128):
        layer = keras.layers.Conv2D(filters, k, strides=2, padding="same")
        layer.build((None, side, side, channels))
        assert layer.count_params() == conv_params(k, channels, filters)


def test_conv_param_count_lecture_models():
    """Capas de la clase: Conv2D(2, 3) sobre 64x64x1 y las de LeNet-5."""
    from cnnbook import models

    first = keras.layers.Conv2D(filters=2, kernel_size=(3, 3), padding="same")
    first.build((None, 64, 64, 1))
    assert first.count_params() == conv_params(3, 1, 2) == 20
    lenet = models.lenet5((28, 28, 1))
    assert lenet.get_layer("conv_1").count_params() == conv_params(5, 1, 6) == 156
    assert lenet.get_layer("conv_2").count_params() == conv_params(5, 6, 16) == 2416


# ---------------------------------------------------------------------------
# Entradas inválidas de la agrupación (además de las de test_ops.py)
# ---------------------------------------------------------------------------

X = np.arange(16.0).reshape(4, 4)
X3 = np.ones((4, 5, 2))

BAD_POOL_CALLS = {
    # ventana más grande que la entrada
    "avg_too_big": (lambda f: f(X, 5), ValueError, "`size`"),
    "too_big_channels": (lambda f: f(X3, 5), ValueError, "`size`"),
    "too_tall_pair": (lambda f: f(X3, (5, 2)), ValueError, "`size`"),
    "too_big_with_stride": (lambda f: f(X, 6, stride=1), ValueError, "`size`"),
    "too_big_1x1_input": (lambda f: f(np.ones((1, 1)), 2), ValueError, "`size`"),
    # paso < 1 o mal formado
    "stride_negative": (lambda f: f(X, 2, stride=-1), ValueError, "`stride`"),
    "stride_pair_zero": (lambda f: f(X, 2, stride=(1, 0)), ValueError, "`stride`"),
    "stride_pair_negative": (
        lambda f: f(X, 2, stride=(-2, 1)),
        ValueError,
        "`stride`",
    ),
    "stride_triple": (lambda f: f(X, 2, stride=(1, 1, 1)), ValueError, "`stride`"),
    "stride_bool": (lambda f: f(X, 2, stride=True), TypeError, "`stride`"),
    "stride_str": (lambda f: f(X, 2, stride="2"), TypeError, "`stride`"),
    # tamaño de ventana < 1 o mal formado
    "size_negative": (lambda f: f(X, -2), ValueError, "`size`"),
    "size_pair_zero": (lambda f: f(X, (2, 0)), ValueError, "`size`"),
    "size_triple": (lambda f: f(X, (2, 2, 2)), ValueError, "`size`"),
    "size_bool": (lambda f: f(X, True), TypeError, "`size`"),
    "size_none": (lambda f: f(X, None), TypeError, "`size`"),
    # dimensiones equivocadas
    "scalar": (lambda f: f(np.float64(3.0)), ValueError, "`x`"),
    "batch_4d": (lambda f: f(np.ones((2, 4, 4, 1))), ValueError, "`x`"),
    "vector": (lambda f: f([1.0, 2.0, 3.0, 4.0]), ValueError, "`x`"),
    "ragged": (lambda f: f([[1, 2], [3]]), ValueError, "`x`"),
    "complex": (lambda f: f(X + 1j), TypeError, "`x`"),
    "text": (lambda f: f([["a", "b"], ["c", "d"]]), TypeError, "`x`"),
}

SPANISH_WORDS = ("debe", "se recibió", "más grande", "no puede")


@pytest.mark.parametrize("func", [ops.max_pool, ops.avg_pool], ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", BAD_POOL_CALLS)
def test_pool_bad_input_spanish_error_names_argument(func, name):
    call, error, argument = BAD_POOL_CALLS[name]
    with pytest.raises(error) as info:
        call(func)
    message = str(info.value)
    assert argument in message, message
    assert any(word in message for word in SPANISH_WORDS), message


def test_pool_error_reports_sizes():
    with pytest.raises(ValueError) as info:
        ops.max_pool(np.ones((3, 7)), (4, 2))
    message = str(info.value)
    assert "4×2" in message and "3×7" in message
    with pytest.raises(ValueError, match="max_pool") as info:
        ops.max_pool(np.ones((2, 2, 2, 2)))
    assert "4 dimensiones" in str(info.value)
    with pytest.raises(ValueError, match="avg_pool"):
        ops.avg_pool(np.ones(3))
