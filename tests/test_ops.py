"""Pruebas de ``cnnbook.ops``: la referencia NumPy frente a TensorFlow/Keras.

Además de los ejemplos de la clase, se comparan cientos de casos aleatorios
(con semilla fija) contra ``tf.nn`` y algunas capas de Keras. Al final del
módulo se imprime el número de casos y la diferencia máxima observada
(visible con ``pytest -s``).
"""

import ast
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from cnnbook import ops

SEED = 42
TOL = 1e-4  # float64 (NumPy) frente a float32 (TensorFlow)

# Acumulado de todas las comparaciones numéricas contra TensorFlow/Keras.
_STATS = {"casos": 0, "max_diff": 0.0}


@pytest.fixture(scope="module", autouse=True)
def _resumen_vs_keras():
    """Imprime el resumen de las comparaciones al terminar el módulo."""
    yield
    if _STATS["casos"]:
        print(
            f"\nops vs Keras: {_STATS['casos']} casos, "
            f"diferencia máxima {_STATS['max_diff']:.1e}"
        )
        assert _STATS["max_diff"] < TOL


def _compare(ours, ref, context=""):
    """Compara forma y valores con la referencia de TF y anota el caso."""
    ref = np.asarray(ref, dtype=np.float64)
    assert ours.shape == ref.shape, f"{context}: forma {ours.shape} != {ref.shape}"
    diff = float(np.max(np.abs(ours - ref))) if ours.size else 0.0
    _STATS["casos"] += 1
    _STATS["max_diff"] = max(_STATS["max_diff"], diff)
    scale = max(1.0, float(np.max(np.abs(ref)))) if ref.size else 1.0
    assert diff < TOL * scale, f"{context}: diferencia {diff:.3e}"


def _rng(*key):
    return np.random.default_rng([SEED, *key])


# ---------------------------------------------------------------------------
# Generadores de casos aleatorios
# ---------------------------------------------------------------------------


def _random_stride(rng):
    if rng.random() < 0.25:
        return int(rng.integers(1, 4)), int(rng.integers(1, 4))
    return int(rng.integers(1, 4))


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _random_conv_case(rng, kernel_rank, mode):
    """Sortea imagen, núcleo, relleno y paso de un caso de convolución."""
    if mode == "int":
        padding = int(rng.integers(0, 3))
    elif mode == "tuple":
        padding = tuple(tuple(int(v) for v in rng.integers(0, 3, size=2)) for _ in "hw")
    else:
        padding = mode
    pads = _explicit(padding)
    h, w = (int(v) for v in rng.integers(1, 13, size=2))
    if padding == "same":
        kh, kw = (int(v) for v in rng.integers(1, 6, size=2))
    else:
        kh = int(rng.integers(1, min(5, h + sum(pads[0])) + 1))
        kw = int(rng.integers(1, min(5, w + sum(pads[1])) + 1))
    channels = 1 if kernel_rank == 2 else int(rng.integers(1, 5))
    filters = int(rng.integers(1, 4))
    # Con un canal, a veces la imagen va sin eje de canales: (H, W).
    if channels == 1 and rng.random() < 0.5:
        image = rng.uniform(-1, 1, size=(h, w))
    else:
        image = rng.uniform(-1, 1, size=(h, w, channels))
    kernel_shape = {2: (kh, kw), 3: (kh, kw, channels), 4: (kh, kw, channels, filters)}
    kernel = rng.uniform(-1, 1, size=kernel_shape[kernel_rank])
    return image, kernel, padding, _random_stride(rng)


def _explicit(padding):
    if padding in ("valid", "same"):
        return (0, 0), (0, 0)
    if isinstance(padding, int):
        return (padding, padding), (padding, padding)
    return padding


def _tf_conv(image, kernel, padding, stride):
    """Referencia con ``tf.nn.conv2d`` (float32) en el formato de ``ops.conv2d``."""
    x = image if image.ndim == 3 else image[:, :, None]
    k = kernel.reshape(kernel.shape[:2] + (x.shape[2], -1))
    if isinstance(padding, str):
        tf_padding = padding.upper()
    else:
        # Relleno explícito con ceros en NumPy y después convolución VALID.
        x = np.pad(x, list(_explicit(padding)) + [(0, 0)])
        tf_padding = "VALID"
    out = tf.nn.conv2d(
        x[None].astype(np.float32),
        k.astype(np.float32),
        strides=[1, *_pair(stride), 1],
        padding=tf_padding,
    ).numpy()[0]
    return out if kernel.ndim == 4 else out[:, :, 0]


# ---------------------------------------------------------------------------
# Barridos contra TensorFlow / Keras
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kernel_rank", [2, 3, 4])
@pytest.mark.parametrize("mode", ["valid", "same", "int", "tuple"])
def test_conv2d_vs_tf_sweep(kernel_rank, mode):
    rng = _rng(1, kernel_rank, ["valid", "same", "int", "tuple"].index(mode))
    for case in range(30):
        image, kernel, padding, stride = _random_conv_case(rng, kernel_rank, mode)
        ours = ops.conv2d(image, kernel, padding=padding, stride=stride)
        assert ours.dtype == np.float64
        context = (
            f"caso {case}: image {image.shape}, kernel {kernel.shape}, "
            f"padding={padding}, stride={stride}"
        )
        _compare(ours, _tf_conv(image, kernel, padding, stride), context)
        # La forma coincide con output_size en cada eje.
        if not isinstance(padding, tuple):
            for axis in (0, 1):
                expected = ops.output_size(
                    image.shape[axis],
                    kernel.shape[axis],
                    padding=padding,
                    stride=_pair(stride)[axis],
                )
                assert ours.shape[axis] == expected, context


def test_conv2d_vs_tf_explicit_padding_sweep():
    """El relleno explícito ((a, b), (i, d)) coincide con el de ``tf.nn.conv2d``."""
    rng = _rng(2)
    for _ in range(20):
        image, kernel, padding, stride = _random_conv_case(rng, 4, "tuple")
        (top, bottom), (left, right) = padding
        x = image if image.ndim == 3 else image[:, :, None]
        ref = tf.nn.conv2d(
            x[None].astype(np.float32),
            kernel.astype(np.float32),
            strides=[1, *_pair(stride), 1],
            padding=[[0, 0], [top, bottom], [left, right], [0, 0]],
        ).numpy()[0]
        _compare(ops.conv2d(image, kernel, padding, stride), ref, f"{padding}")


def test_conv2d_vs_keras_conv2d_layer():
    rng = _rng(3)
    for case in range(8):
        mode = ("valid", "same")[case % 2]
        image, kernel, padding, stride = _random_conv_case(rng, 4, mode)
        x = image if image.ndim == 3 else image[:, :, None]
        layer = keras.layers.Conv2D(
            kernel.shape[3],
            kernel.shape[:2],
            strides=stride,
            padding=padding,
            use_bias=False,
        )
        layer.build((None, *x.shape))
        layer.set_weights([kernel.astype(np.float32)])
        ref = keras.ops.convert_to_numpy(layer(x[None].astype(np.float32)))[0]
        _compare(ops.conv2d(image, kernel, padding, stride), ref, f"caso {case}")


def _random_pool_case(rng):
    h, w = (int(v) for v in rng.integers(1, 13, size=2))
    if rng.random() < 0.4:
        x = rng.uniform(-1, 1, size=(h, w))
    else:
        x = rng.uniform(-1, 1, size=(h, w, int(rng.integers(1, 5))))
    if rng.random() < 0.25:
        size = (
            int(rng.integers(1, min(4, h) + 1)),
            int(rng.integers(1, min(4, w) + 1)),
        )
    else:
        size = int(rng.integers(1, min(4, h, w) + 1))
    stride = None if rng.random() < 0.4 else _random_stride(rng)
    return x, size, stride


@pytest.mark.parametrize(
    ("ours", "tf_pool"),
    [(ops.max_pool, tf.nn.max_pool2d), (ops.avg_pool, tf.nn.avg_pool2d)],
    ids=["max_pool", "avg_pool"],
)
def test_pool_vs_tf_sweep(ours, tf_pool):
    rng = _rng(4, int(ours.__name__ == "max_pool"))
    for case in range(60):
        x, size, stride = _random_pool_case(rng)
        x3 = x if x.ndim == 3 else x[:, :, None]
        ref = tf_pool(
            x3[None].astype(np.float32),
            ksize=list(_pair(size)),
            strides=list(_pair(size if stride is None else stride)),
            padding="VALID",
        ).numpy()[0]
        ref = ref if x.ndim == 3 else ref[:, :, 0]
        context = f"caso {case}: x {x.shape}, size={size}, stride={stride}"
        _compare(ours(x, size=size, stride=stride), ref, context)


@pytest.mark.parametrize(
    ("ours", "layer_cls"),
    [
        (ops.max_pool, keras.layers.MaxPooling2D),
        (ops.avg_pool, keras.layers.AveragePooling2D),
    ],
    ids=["MaxPooling2D", "AveragePooling2D"],
)
def test_pool_vs_keras_layers(ours, layer_cls):
    rng = _rng(5, int(ours.__name__ == "max_pool"))
    for _ in range(5):
        x, size, stride = _random_pool_case(rng)
        x3 = x if x.ndim == 3 else x[:, :, None]
        layer = layer_cls(pool_size=size, strides=stride)
        ref = keras.ops.convert_to_numpy(layer(x3[None].astype(np.float32)))[0]
        ref = ref if x.ndim == 3 else ref[:, :, 0]
        _compare(ours(x, size=size, stride=stride), ref, f"{x.shape}, {size}")


def test_relu_vs_tf_sweep():
    rng = _rng(6)
    for _ in range(20):
        shape = tuple(int(v) for v in rng.integers(1, 8, size=rng.integers(1, 4)))
        x = rng.normal(size=shape)
        ours = ops.relu(x)
        assert ours.dtype == np.float64
        _compare(ours, tf.nn.relu(x.astype(np.float32)).numpy(), f"{shape}")


def test_output_size_vs_conv2d_and_keras_shapes():
    """``output_size`` da la forma de ``conv2d`` y la de ``keras.layers.Conv2D``."""
    checked = 0
    for n in range(1, 13):
        for k in range(1, 6):
            for stride in range(1, 4):
                for padding in ("valid", "same", 0, 1, 2):
                    p = padding if isinstance(padding, int) else 0
                    if padding != "same" and k > n + 2 * p:
                        with pytest.raises(ValueError, match="`k`"):
                            ops.output_size(n, k, padding=padding, stride=stride)
                        continue
                    size = ops.output_size(n, k, padding=padding, stride=stride)
                    # Keras no tiene relleno entero: equivale a ZeroPadding2D + valid.
                    keras_padding = "same" if padding == "same" else "valid"
                    keras_n = n + 2 * p
                    layer = keras.layers.Conv2D(
                        1, k, strides=stride, padding=keras_padding
                    )
                    keras_shape = layer.compute_output_shape(
                        (None, keras_n, keras_n, 1)
                    )
                    image = np.zeros((n, n))
                    conv_shape = ops.conv2d(
                        image, np.ones((k, k)), padding, stride
                    ).shape
                    assert size == keras_shape[1] == conv_shape[0] == conv_shape[1], (
                        n,
                        k,
                        padding,
                        stride,
                    )
                    checked += 1
    assert checked > 500


# ---------------------------------------------------------------------------
# Ejemplos de la clase y casos hechos a mano
# ---------------------------------------------------------------------------

LECTURE_MATRIX = [
    [12, 5, 3, 9, 1, 23],
    [8, 6, 55, 6, 13, 62],
    [41, 8, 3, 51, 22, 27],
    [32, 67, 53, 12, 26, 17],
    [9, 22, 15, 8, 57, 62],
    [23, 53, 25, 75, 12, 9],
]


def test_max_pool_lecture_example():
    result = ops.max_pool(LECTURE_MATRIX, 2)
    np.testing.assert_array_equal(result, [[12, 55, 62], [67, 53, 27], [53, 75, 62]])
    # Sólo elige valores: conserva el tipo entero.
    assert np.issubdtype(result.dtype, np.integer)


def test_avg_pool_lecture_example():
    expected = np.array(LECTURE_MATRIX, dtype=float).reshape(3, 2, 3, 2).mean((1, 3))
    result = ops.avg_pool(LECTURE_MATRIX, 2)
    assert result.dtype == np.float64
    np.testing.assert_allclose(result, expected)
    assert result[0, 0] == pytest.approx((12 + 5 + 8 + 6) / 4)


def test_output_size_lecture_examples():
    assert ops.output_size(6, 3, padding=1, stride=2) == 3
    assert ops.output_size(6 + 2, 3, 0, 2) == 3
    assert ops.output_size(6, 3) == 4
    assert ops.output_size(6, 3, padding="valid") == 4
    assert ops.output_size(6, 3, padding="same") == 6
    assert ops.output_size(7, 3, padding="same", stride=2) == 4
    assert ops.output_size(5, 2) == 4


def test_conv2d_bank_of_ten_filters_lecture_shape():
    rng = _rng(7)
    bank = rng.normal(size=(3, 3, 1, 10))
    assert ops.conv2d(rng.normal(size=(6, 6)), bank).shape == (4, 4, 10)
    rgb_bank = rng.normal(size=(3, 3, 3, 10))
    assert ops.conv2d(rng.normal(size=(6, 6, 3)), rgb_bank).shape == (4, 4, 10)
    assert ops.conv2d(rng.normal(size=(6, 6)), bank, padding=1, stride=2).shape == (
        3,
        3,
        10,
    )


def test_conv2d_5x5_with_2x2_kernel_by_hand():
    image = np.arange(25).reshape(5, 5)
    kernel = [[1, 0], [0, -1]]
    # S(i, j) = I(i, j) - I(i + 1, j + 1) = -6 en todas partes.
    np.testing.assert_array_equal(ops.conv2d(image, kernel), np.full((4, 4), -6.0))
    np.testing.assert_array_equal(
        ops.conv2d(image, np.ones((2, 2)), stride=2), [[12.0, 20.0], [52.0, 60.0]]
    )


def test_conv2d_is_cross_correlation_without_flip():
    rng = _rng(8)
    image = rng.normal(size=(4, 5))
    kernel = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    result = ops.conv2d(image, kernel)
    for i in range(result.shape[0]):
        for j in range(result.shape[1]):
            assert result[i, j] == pytest.approx(
                np.sum(image[i : i + 2, j : j + 3] * kernel)
            )
    # Con el núcleo invertido el resultado cambia: no es la convolución matemática.
    assert not np.allclose(result, ops.conv2d(image, kernel[::-1, ::-1]))


def test_conv2d_three_d_kernel_sums_over_channels():
    rng = _rng(9)
    image = rng.normal(size=(5, 6, 3))
    kernel = rng.normal(size=(3, 3, 3))
    per_channel = sum(ops.conv2d(image[:, :, c], kernel[:, :, c]) for c in range(3))
    np.testing.assert_allclose(ops.conv2d(image, kernel), per_channel)


def test_conv2d_single_channel_shapes_are_interchangeable():
    rng = _rng(10)
    image = rng.normal(size=(6, 7))
    kernel = rng.normal(size=(3, 2))
    expected = ops.conv2d(image, kernel)
    np.testing.assert_allclose(ops.conv2d(image[:, :, None], kernel), expected)
    np.testing.assert_allclose(ops.conv2d(image, kernel[:, :, None]), expected)
    np.testing.assert_allclose(
        ops.conv2d(image, kernel[:, :, None, None]), expected[:, :, None]
    )


def test_conv2d_same_padding_puts_extra_pixel_bottom_right():
    # n=4, k=2, s=1: relleno total 1, todo abajo/a la derecha.
    image = np.arange(1, 17, dtype=float).reshape(4, 4)
    result = ops.conv2d(image, np.ones((2, 2)), padding="same")
    assert result.shape == (4, 4)
    assert result[0, 0] == 1 + 2 + 5 + 6
    assert result[3, 3] == 16
    # "SAME" y "same" son lo mismo, como en TF y Keras.
    np.testing.assert_array_equal(
        ops.conv2d(image, np.ones((2, 2)), padding="SAME"), result
    )


def test_conv2d_identity_kernel_with_same_padding_returns_image():
    rng = _rng(11)
    image = rng.normal(size=(7, 5))
    np.testing.assert_array_equal(
        ops.conv2d(image, ops.KERNELS["identidad"], padding="same"), image
    )


def test_conv2d_accepts_lists_and_integer_arrays():
    result = ops.conv2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], np.ones((2, 2), dtype=int))
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [[12.0, 16.0], [24.0, 28.0]])
    # uint8 no se desborda: las cuentas se hacen en float64.
    image = np.full((3, 3), 200, dtype=np.uint8)
    assert ops.conv2d(image, np.ones((3, 3), dtype=np.uint8))[0, 0] == 1800.0


def test_conv2d_loop_equals_conv2d():
    rng = _rng(12)
    modes = ["valid", "same", "int", "tuple"]
    for case in range(60):
        image, kernel, padding, stride = _random_conv_case(
            rng, 2 + case % 3, modes[case % 4]
        )
        fast = ops.conv2d(image, kernel, padding, stride)
        slow = ops.conv2d_loop(image, kernel, padding, stride)
        assert slow.dtype == np.float64
        assert slow.shape == fast.shape
        np.testing.assert_allclose(slow, fast, rtol=1e-12, atol=1e-12)


def test_conv2d_loop_validates_like_conv2d():
    with pytest.raises(ValueError, match="`kernel`"):
        ops.conv2d_loop(np.ones((3, 3)), np.ones((4, 4)))
    with pytest.raises(TypeError, match="`stride`"):
        ops.conv2d_loop(np.ones((3, 3)), np.ones((2, 2)), stride=1.0)


def test_pad():
    np.testing.assert_array_equal(
        ops.pad([[1, 2], [3, 4]], 1),
        [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]],
    )
    image = np.ones((2, 3, 4), dtype=np.float32)
    padded = ops.pad(image, 2)
    assert padded.shape == (6, 7, 4)  # los canales no se rellenan
    assert padded.dtype == np.float32
    assert padded.sum() == image.sum()
    assert ops.pad(image, ((1, 0), (0, 2))).shape == (3, 5, 4)
    assert ops.pad(np.ones((2, 2)), 0).shape == (2, 2)
    np.testing.assert_array_equal(ops.pad(np.zeros((1, 1)), 1, value=7)[0], [7, 7, 7])


def test_pad_promotes_instead_of_truncating():
    image = np.array([[1, 2]], dtype=np.uint8)
    assert ops.pad(image, 1).dtype == np.uint8
    assert ops.pad(image, 1, value=255).dtype == np.uint8
    promoted = ops.pad(image, 1, value=-1)
    assert promoted.dtype == np.float64
    assert promoted[0, 0] == -1
    assert ops.pad(image, 1, value=0.5)[0, 0] == 0.5


def test_pad_matches_conv2d_integer_padding():
    rng = _rng(13)
    image = rng.normal(size=(5, 4, 2))
    kernel = rng.normal(size=(3, 3, 2, 3))
    np.testing.assert_allclose(
        ops.conv2d(image, kernel, padding=2),
        ops.conv2d(ops.pad(image, 2), kernel, padding="valid"),
    )


def test_pooling_defaults_and_dtypes():
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    assert ops.max_pool(x).shape == (2, 2)  # size=2, stride=size
    assert ops.max_pool(x).dtype == np.float32
    assert ops.avg_pool(x).dtype == np.float64
    np.testing.assert_array_equal(ops.max_pool(x, 3, 1), [[10, 11], [14, 15]])
    # Las ventanas incompletas se descartan ("valid"): 5x5 con 2 -> 2x2.
    assert ops.max_pool(np.ones((5, 5, 3))).shape == (2, 2, 3)
    assert ops.avg_pool(np.ones((5, 7)), size=(2, 3)).shape == (2, 2)


def test_relu():
    np.testing.assert_array_equal(ops.relu([-2, 0, 3]), [0.0, 0.0, 3.0])
    assert ops.relu(np.arange(-3, 3)).dtype == np.float64
    assert ops.relu(np.ones((2, 3, 4))).shape == (2, 3, 4)
    assert ops.relu(-1.5) == 0.0


# ---------------------------------------------------------------------------
# Núcleos clásicos
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("identidad", 1),
        ("desenfoque", 1),
        ("realce", 1),
        ("gradiente_horizontal", 0),
        ("gradiente_vertical", 0),
        ("laplaciano_diagonal", 0),
    ],
)
def test_kernel_sums(name, total):
    kernel = ops.KERNELS[name]
    assert kernel.shape == (3, 3)
    assert kernel.dtype == np.float64
    assert kernel.sum() == pytest.approx(total, abs=1e-12)


def test_kernels_values_and_read_only():
    assert set(ops.KERNELS) == {
        "identidad",
        "desenfoque",
        "realce",
        "gradiente_horizontal",
        "gradiente_vertical",
        "laplaciano_diagonal",
    }
    np.testing.assert_array_equal(
        ops.KERNELS["gradiente_horizontal"], [[-1, -1, -1], [0, 0, 0], [1, 1, 1]]
    )
    np.testing.assert_array_equal(
        ops.KERNELS["gradiente_vertical"], ops.KERNELS["gradiente_horizontal"].T
    )
    np.testing.assert_array_equal(
        ops.KERNELS["laplaciano_diagonal"], [[1, 1, 1], [1, -8, 1], [1, 1, 1]]
    )
    np.testing.assert_allclose(ops.KERNELS["desenfoque"], np.full((3, 3), 1 / 9))
    for kernel in (*ops.KERNELS.values(), *ops.SLIDE_KERNELS.values()):
        with pytest.raises(ValueError):
            kernel[0, 0] = 99.0


def test_slide_kernels_differ_and_do_not_sum_to_zero():
    assert set(ops.SLIDE_KERNELS) <= set(ops.KERNELS)
    np.testing.assert_array_equal(
        ops.SLIDE_KERNELS["gradiente_horizontal"], [[-1, -1, -1], [0, 1, 0], [1, 1, 1]]
    )
    np.testing.assert_array_equal(
        ops.SLIDE_KERNELS["laplaciano_diagonal"], [[1, 0, -1], [0, 0, 1], [-1, 0, 1]]
    )
    for name, slide in ops.SLIDE_KERNELS.items():
        assert not np.array_equal(slide, ops.KERNELS[name])
        assert slide.sum() == 1  # sobre una zona constante no da cero
        flat = np.full((5, 5), 3.0)
        assert np.all(ops.conv2d(flat, ops.KERNELS[name]) == 0)
        assert np.all(ops.conv2d(flat, slide) == 3.0)


def test_prewitt_kernels_detect_their_edges():
    # Borde horizontal: arriba 0, abajo 1.
    horizontal_edge = np.repeat([[0.0], [0.0], [0.0], [1.0], [1.0], [1.0]], 6, axis=1)
    gx = ops.conv2d(horizontal_edge, ops.KERNELS["gradiente_horizontal"])
    gy = ops.conv2d(horizontal_edge, ops.KERNELS["gradiente_vertical"])
    assert gx.max() == 3.0
    assert np.all(gy == 0)
    gx_t = ops.conv2d(horizontal_edge.T, ops.KERNELS["gradiente_horizontal"])
    assert np.all(gx_t == 0)
    assert ops.conv2d(horizontal_edge.T, ops.KERNELS["gradiente_vertical"]).max() == 3


def test_all_is_complete():
    expected = {
        "conv2d",
        "conv2d_loop",
        "output_size",
        "pad",
        "max_pool",
        "avg_pool",
        "relu",
        "KERNELS",
        "SLIDE_KERNELS",
    }
    assert set(ops.__all__) == expected
    assert all(hasattr(ops, name) for name in ops.__all__)


def test_ops_is_pure_numpy():
    # ``ops`` es un paquete: se revisan todos sus módulos. De ``cnnbook`` sólo
    # puede usar sus propios módulos y la validación compartida.
    imported = set()
    for path in sorted(Path(ops.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    outside = {m for m in imported if not m.startswith("cnnbook.ops")}
    assert {m.split(".")[0] for m in outside} <= {
        "__future__",
        "math",
        "numbers",
        "typing",
        "numpy",
        "cnnbook",
    }
    assert {m for m in outside if m.startswith("cnnbook")} <= {"cnnbook.validation"}


# ---------------------------------------------------------------------------
# Entradas inválidas
# ---------------------------------------------------------------------------

IMG = np.ones((5, 5))
IMG3 = np.ones((5, 5, 3))
K = np.ones((3, 3))

BAD_CALLS = {
    # conv2d: dimensiones
    "kernel_5d": (
        lambda: ops.conv2d(IMG, np.ones((3, 3, 1, 1, 1))),
        ValueError,
        "kernel",
    ),
    "kernel_1d": (lambda: ops.conv2d(IMG, np.ones(3)), ValueError, "kernel"),
    "image_4d": (lambda: ops.conv2d(np.ones((1, 5, 5, 1)), K), ValueError, "image"),
    "image_1d": (lambda: ops.conv2d(np.ones(5), K), ValueError, "image"),
    # conv2d: tamaños y canales
    "kernel_too_big": (lambda: ops.conv2d(IMG, np.ones((6, 6))), ValueError, "kernel"),
    "kernel_too_wide": (
        lambda: ops.conv2d(IMG, np.ones((1, 8)), padding=1),
        ValueError,
        "kernel",
    ),
    "channels_3d": (lambda: ops.conv2d(IMG3, np.ones((3, 3, 2))), ValueError, "kernel"),
    "channels_4d": (
        lambda: ops.conv2d(IMG3, np.ones((3, 3, 1, 4))),
        ValueError,
        "kernel",
    ),
    "channels_2d_image": (
        lambda: ops.conv2d(IMG, np.ones((3, 3, 2))),
        ValueError,
        "image",
    ),
    "kernel_2d_multichannel": (lambda: ops.conv2d(IMG3, K), ValueError, "kernel"),
    # conv2d: stride
    "stride_zero": (lambda: ops.conv2d(IMG, K, stride=0), ValueError, "stride"),
    "stride_negative": (lambda: ops.conv2d(IMG, K, stride=-1), ValueError, "stride"),
    "stride_float": (lambda: ops.conv2d(IMG, K, stride=1.0), TypeError, "stride"),
    "stride_bool": (lambda: ops.conv2d(IMG, K, stride=True), TypeError, "stride"),
    "stride_triple": (
        lambda: ops.conv2d(IMG, K, stride=(1, 1, 1)),
        ValueError,
        "stride",
    ),
    "stride_pair_zero": (
        lambda: ops.conv2d(IMG, K, stride=(1, 0)),
        ValueError,
        "stride",
    ),
    # conv2d: padding
    "padding_string": (
        lambda: ops.conv2d(IMG, K, padding="full"),
        ValueError,
        "padding",
    ),
    "padding_negative": (lambda: ops.conv2d(IMG, K, padding=-1), ValueError, "padding"),
    "padding_float": (lambda: ops.conv2d(IMG, K, padding=1.0), TypeError, "padding"),
    "padding_bool": (lambda: ops.conv2d(IMG, K, padding=True), TypeError, "padding"),
    "padding_none": (lambda: ops.conv2d(IMG, K, padding=None), TypeError, "padding"),
    "padding_bad_tuple": (
        lambda: ops.conv2d(IMG, K, padding=((1, 1), (1,))),
        ValueError,
        "padding",
    ),
    "padding_tuple_negative": (
        lambda: ops.conv2d(IMG, K, padding=((1, 1), (0, -1))),
        ValueError,
        "padding",
    ),
    # conv2d: tipos y arreglos vacíos
    "image_bool": (lambda: ops.conv2d(IMG > 0, K), TypeError, "image"),
    "image_str": (
        lambda: ops.conv2d([["a", "b"], ["c", "d"]], [[1]]),
        TypeError,
        "image",
    ),
    "image_object": (
        lambda: ops.conv2d(np.array([[1, None]], dtype=object), [[1]]),
        TypeError,
        "image",
    ),
    "image_complex": (lambda: ops.conv2d(IMG + 1j, K), TypeError, "image"),
    "kernel_complex": (lambda: ops.conv2d(IMG, K * 1j), TypeError, "kernel"),
    "kernel_bool": (lambda: ops.conv2d(IMG, K > 0), TypeError, "kernel"),
    "image_none": (lambda: ops.conv2d(None, K), TypeError, "image"),
    "image_ragged": (lambda: ops.conv2d([[1, 2], [3]], [[1]]), ValueError, "image"),
    "image_empty": (lambda: ops.conv2d(np.zeros((0, 5)), [[1]]), ValueError, "image"),
    "kernel_empty": (lambda: ops.conv2d(IMG, np.zeros((0, 0))), ValueError, "kernel"),
    "channels_empty": (
        lambda: ops.conv2d(np.zeros((5, 5, 0)), np.zeros((1, 1, 0))),
        ValueError,
        "image",
    ),
    # output_size
    "n_zero": (lambda: ops.output_size(0, 1), ValueError, "`n`"),
    "k_zero": (lambda: ops.output_size(5, 0), ValueError, "`k`"),
    "n_float": (lambda: ops.output_size(6.0, 3), TypeError, "`n`"),
    "n_bool": (lambda: ops.output_size(True, 1), TypeError, "`n`"),
    "k_float": (lambda: ops.output_size(6, 3.0), TypeError, "`k`"),
    "os_stride_zero": (lambda: ops.output_size(6, 3, stride=0), ValueError, "stride"),
    "os_stride_float": (lambda: ops.output_size(6, 3, stride=2.0), TypeError, "stride"),
    "os_padding_negative": (
        lambda: ops.output_size(6, 3, padding=-1),
        ValueError,
        "padding",
    ),
    "os_padding_float": (
        lambda: ops.output_size(6, 3, padding=0.5),
        TypeError,
        "padding",
    ),
    "os_padding_string": (
        lambda: ops.output_size(6, 3, padding="full"),
        ValueError,
        "padding",
    ),
    "os_kernel_too_big": (lambda: ops.output_size(3, 6, padding=1), ValueError, "`k`"),
    # pad
    "pad_negative": (lambda: ops.pad(IMG, -1), ValueError, "`p`"),
    "pad_float": (lambda: ops.pad(IMG, 1.5), TypeError, "`p`"),
    "pad_string": (lambda: ops.pad(IMG, "same"), TypeError, "`p`"),
    "pad_image_1d": (lambda: ops.pad(np.ones(4), 1), ValueError, "image"),
    "pad_image_bool": (lambda: ops.pad(IMG > 0, 1), TypeError, "image"),
    "pad_value_str": (lambda: ops.pad(IMG, 1, value="0"), TypeError, "value"),
    "pad_value_bool": (lambda: ops.pad(IMG, 1, value=False), TypeError, "value"),
    "pad_value_complex": (lambda: ops.pad(IMG, 1, value=1j), TypeError, "value"),
    # pooling
    "pool_too_big": (lambda: ops.max_pool(np.ones((2, 2)), 3), ValueError, "size"),
    "pool_too_big_pair": (
        lambda: ops.avg_pool(np.ones((4, 2)), (2, 3)),
        ValueError,
        "size",
    ),
    "pool_size_zero": (lambda: ops.max_pool(IMG, 0), ValueError, "size"),
    "pool_size_float": (lambda: ops.avg_pool(IMG, 2.0), TypeError, "size"),
    "pool_stride_zero": (lambda: ops.max_pool(IMG, 2, stride=0), ValueError, "stride"),
    "pool_stride_float": (
        lambda: ops.avg_pool(IMG, 2, stride=1.5),
        TypeError,
        "stride",
    ),
    "pool_4d": (lambda: ops.max_pool(np.ones((1, 4, 4, 1))), ValueError, "`x`"),
    "pool_1d": (lambda: ops.avg_pool(np.ones(4)), ValueError, "`x`"),
    "pool_bool": (lambda: ops.max_pool(IMG > 0), TypeError, "`x`"),
    "pool_empty": (lambda: ops.avg_pool(np.zeros((0, 4))), ValueError, "`x`"),
    # relu
    "relu_str": (lambda: ops.relu(["a"]), TypeError, "`x`"),
    "relu_bool": (lambda: ops.relu(np.array([True, False])), TypeError, "`x`"),
    "relu_complex": (lambda: ops.relu([1j]), TypeError, "`x`"),
}


@pytest.mark.parametrize("name", BAD_CALLS)
def test_bad_input_raises_clear_error(name):
    call, error, argument = BAD_CALLS[name]
    with pytest.raises(error, match=argument) as info:
        call()
    # El mensaje es nuestro (cita el argumento entre comillas invertidas), no un
    # error interno de NumPy en inglés.
    assert "`" in str(info.value)
