"""El bloque de aumento de la clase compuesto en una sola transformación afín."""

import keras
import numpy as np
import pytest
from scipy import stats

from cnnbook import affine, models, speed

SIDE = 32


def _coordinates(n):
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype("float32")
    return np.repeat(np.stack([cols, rows, np.ones_like(cols)], -1)[None], n, 0)


def test_composed_matrix_equals_the_four_keras_layers_with_their_parameters():
    # Los mismos parámetros que sortean las capas de Keras, aplicados por ellas
    # una tras otra y por la matriz compuesta una sola vez.
    x = keras.ops.convert_to_tensor(_coordinates(32))
    layers = models.augmentation(seed=7).layers
    drawn = [layer.get_random_transformation(x, training=True) for layer in layers]
    chained = x
    for layer, transformation in zip(layers, drawn, strict=True):
        chained = layer.transform_images(chained, transformation, training=True)
    chained = keras.ops.convert_to_numpy(chained)
    as_numpy = keras.ops.convert_to_numpy
    matrices = affine.lecture_affine_matrices(
        as_numpy(drawn[0]["translations"]),
        as_numpy(drawn[1]["angle"]),
        as_numpy(drawn[2]["width_zoom"]).ravel(),
        as_numpy(drawn[3]["shear_factor"])[:, 0],
        SIDE,
        SIDE,
    )
    once = keras.ops.convert_to_numpy(
        keras.ops.image.affine_transform(x, matrices.reshape(-1, 9)[:, :8])
    )
    inside = (chained[..., 2] > 1 - 1e-4) & (once[..., 2] > 1 - 1e-4)
    assert inside.mean() > 0.5
    np.testing.assert_allclose(
        chained[..., :2][inside], once[..., :2][inside], atol=0.01
    )


def test_matrices_by_hand():
    # Rotación de 90° alrededor del centro (15.5, 15.5): (0, 0) lee de (31, 0).
    m = affine.lecture_affine_matrices([[0, 0]], [90], [1], [0], SIDE, SIDE)[0]
    np.testing.assert_allclose(m, [[0, -1, 31], [1, 0, 0], [0, 0, 1]], atol=1e-5)
    # Traslación de (2, -1) píxeles: se lee 2 px a la izquierda y 1 abajo.
    m = affine.lecture_affine_matrices([[2, -1]], [0], [1], [0], SIDE, SIDE)[0]
    np.testing.assert_allclose(m, [[1, 0, -2], [0, 1, 1], [0, 0, 1]], atol=1e-6)
    # Zoom 0.5 alrededor del centro, luego cizallamiento con pivote en la fila 0.
    m = affine.lecture_affine_matrices([[0, 0]], [0], [0.5], [0.2], SIDE, SIDE)[0]
    np.testing.assert_allclose(
        m, [[0.5, 0.1, 7.75], [0, 0.5, 7.75], [0, 0, 1]], atol=1e-6
    )


def test_layer_is_identity_at_inference_and_moves_when_training():
    x = np.random.default_rng(0).random((8, SIDE, SIDE, 1)).astype("float32")
    block = affine.composed_augmentation(seed=3)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(block(x, training=False)), x
    )
    assert np.abs(keras.ops.convert_to_numpy(block(x, training=True)) - x).max() > 0.1


def test_recovered_parameters_are_exact_for_a_known_matrix():
    class Fixed(keras.layers.Layer):
        def call(self, x, training=False):
            m = affine.lecture_affine_matrices(
                [[1.5, -2]], [20], [1.05], [0.05], SIDE, SIDE
            )
            t = np.repeat(m.reshape(1, 9)[:, :8], keras.ops.shape(x)[0], 0)
            return keras.ops.image.affine_transform(x, t)

    params = affine.affine_parameters(Fixed(), n=3, side=SIDE)
    m = affine.lecture_affine_matrices([[1.5, -2]], [20], [1.05], [0.05], SIDE, SIDE)[0]
    np.testing.assert_allclose(params, np.repeat(m[:2].reshape(1, 6), 3, 0), atol=1e-3)


def test_same_distribution_as_the_lecture_block_and_detects_a_different_one():
    lecture = affine.affine_parameters(models.augmentation(seed=1), n=1000)
    composed = affine.affine_parameters(affine.composed_augmentation(seed=2), n=1000)
    p = [stats.ks_2samp(lecture[:, i], composed[:, i]).pvalue for i in range(6)]
    assert min(p) > 0.001
    # Sin rotación, a1 y b0 (los senos) cambian de distribución.
    no_rotation = keras.Sequential(models.augmentation(seed=1).layers[::2])
    other = affine.affine_parameters(no_rotation, n=1000)
    assert stats.ks_2samp(lecture[:, 1], other[:, 1]).pvalue < 1e-6


def test_augmentation_seconds_is_positive():
    x = np.zeros((4, SIDE, SIDE, 1), "float32")
    assert speed.augmentation_seconds(affine.composed_augmentation(), x, repeats=1) > 0


@pytest.mark.parametrize(
    ("kwargs", "arg"),
    [
        ({"translation": [0, 0]}, "translation"),
        ({"translation": [[0, 0, 0]]}, "translation"),
        ({"angle": [0, 1]}, "angle"),
        ({"zoom": [np.nan]}, "zoom"),
        ({"shear": "x"}, "shear"),
        ({"height": 0}, "height"),
    ],
)
def test_matrices_bad_arguments(kwargs, arg):
    good = {"translation": [[0, 0]], "angle": [0], "zoom": [1], "shear": [0]}
    good.update(height=32, width=32)
    with pytest.raises((ValueError, TypeError), match=f"`{arg}`"):
        affine.lecture_affine_matrices(**{**good, **kwargs})


def test_bad_block_and_seed_name_the_argument():
    with pytest.raises(TypeError, match="`block`"):
        affine.affine_parameters("bloque")
    with pytest.raises(TypeError, match="`block`"):
        speed.augmentation_seconds(None, np.zeros((1, 8, 8, 1)))
    with pytest.raises(ValueError, match="`seed`"):
        affine.composed_augmentation(seed=-1)
