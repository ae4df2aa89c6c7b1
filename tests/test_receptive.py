"""Campo receptivo: las recurrencias, contra cuentas a mano y contra el gradiente."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

from cnnbook import models, modern, receptive


def _stack(*stack, shape=(28, 28, 1)):
    return keras.Sequential([keras.Input(shape), *stack])


def _strided():
    """Paso 2, relleno "same" (impar y par), dilatación, núcleo no cuadrado."""
    return _stack(
        layers.Conv2D(4, 3, strides=2, padding="same", name="c1"),
        layers.ReLU(),
        layers.Conv2D(4, 3, padding="same", dilation_rate=2, name="c2"),
        layers.MaxPooling2D(3, strides=2, padding="same", name="p1"),
        layers.Dropout(0.5),
        layers.Conv2D(4, (3, 1), name="c3"),
        layers.AveragePooling2D(2, name="p2"),
        shape=(45, 44, 3),
    )


def _sizes(model):
    return {row.name: row.size for row in receptive.receptive_fields(model)}


def test_two_3x3_convolutions_see_5x5():
    model = _stack(layers.Conv2D(2, 3, name="a"), layers.Conv2D(2, 3, name="b"))
    assert _sizes(model) == {"a": (3, 3), "b": (5, 5)}


def test_conv_pool_conv_sees_8x8():
    model = _stack(
        layers.Conv2D(2, 3, name="a"),
        layers.MaxPooling2D(2, name="p"),
        layers.Conv2D(2, 3, name="b"),
    )
    rows = receptive.receptive_fields(model)
    assert [r.size for r in rows] == [(3, 3), (4, 4), (8, 8)]
    assert [r.jump for r in rows] == [(1, 1), (2, 2), (2, 2)]


def test_lenet5_by_hand():
    rows = receptive.receptive_fields(models.lenet5())
    assert [r.name for r in rows] == ["conv_1", "pool_1", "conv_2", "pool_2"]
    assert [r.size[0] for r in rows] == [5, 6, 14, 16]
    assert [r.jump[0] for r in rows] == [1, 2, 2, 4]
    assert [r.output[0] for r in rows] == [24, 12, 8, 4]
    assert all(r.start == (0, 0) for r in rows)


def test_padding_moves_the_start_not_the_size():
    valid = receptive.receptive_fields(_stack(layers.Conv2D(1, 5)))[0]
    same = receptive.receptive_fields(_stack(layers.Conv2D(1, 5, padding="same")))[0]
    assert valid.size == same.size == (5, 5)
    assert (valid.start, same.start) == ((0, 0), (-2, -2))
    border = receptive.receptive_fields(models.lenet5(padding=2))
    assert border[0].name == "borde" and border[-1].size == (16, 16)
    assert border[-1].start == (-2, -2)


def test_output_sides_match_keras():
    for model in (_strided(), models.lenet5(padding=2), models.small_cnn()):
        by_name = {layer.name: layer for layer in model.layers}
        for row in receptive.receptive_fields(model):
            assert row.output == tuple(by_name[row.name].output.shape[1:3]), row


def test_nested_blocks_and_head_are_handled():
    rows = receptive.receptive_fields(models.lenet5_improved())
    assert [r.size[0] for r in rows] == [1, 5, 6, 14, 16, 32, 36]
    assert receptive.receptive_fields(models.mlp()) == []


@pytest.mark.parametrize(
    "build", [models.lenet5, models.small_cnn, _strided], ids=lambda f: f.__name__
)
def test_computed_equals_measured(build):
    model = build()
    rows = receptive.receptive_fields(model)
    assert rows
    for row in rows:
        assert receptive.measured_receptive_field(model, row.name) == row.size, row


def _residual():
    return modern.modern_cnn(
        widths=(2, 2, 2), batchnorm=True, augment=True, residual=True, global_pool=True
    )


def _branches():
    """Dos ramas de núcleos distintos que se concatenan (como en Inception)."""
    inputs = keras.Input((20, 20, 1))
    a = layers.Conv2D(2, 3, padding="same", name="rama3")(inputs)
    b = layers.Conv2D(2, 5, padding="same", name="rama5")(inputs)
    x = layers.Concatenate(name="juntar")([a, b])
    x = layers.MaxPooling2D(2, name="pool")(x)
    x = layers.Conv2D(2, 3, name="despues")(x)
    return keras.Model(inputs, layers.Flatten()(x))


def test_branches_see_the_union_of_their_fields():
    # La concatenación ve lo que ve la rama más ancha (5), no la suma (7).
    assert _sizes(_branches()) == {
        "rama3": (3, 3),
        "rama5": (5, 5),
        "juntar": (5, 5),
        "pool": (6, 6),
        "despues": (10, 10),
    }


def test_residual_stage_follows_the_longest_path():
    sizes = _sizes(_residual())
    # Etapa 1: 3, 5 (la rama), suma 5, pool 6; etapa 2 con salto 2: 10, 14, 14, 16.
    assert [
        sizes[f"etapa{i}_{n}"]
        for i in (1, 2)
        for n in ("conv1", "conv2", "suma", "pool")
    ] == [(3, 3), (5, 5), (5, 5), (6, 6), (10, 10), (14, 14), (14, 14), (16, 16)]


@pytest.mark.parametrize("build", [_residual, _branches], ids=lambda f: f.__name__)
def test_computed_equals_measured_with_branches(build):
    model = build()
    for row in receptive.receptive_fields(model):
        if max(row.size) <= 20:  # que quepa en la imagen
            assert receptive.measured_receptive_field(model, row.name) == row.size, row


def test_gradient_map_sits_where_the_start_says():
    model = _strided()
    for row in receptive.receptive_fields(model):
        grad = receptive.gradient_map(model, row.name)
        assert grad.shape == (45, 44) and grad.min() >= 0
        unit = [(n - 1) // 2 for n in row.output]
        top_left = [
            s + u * j for s, u, j in zip(row.start, unit, row.jump, strict=True)
        ]
        rows, cols = (np.flatnonzero(grad.any(axis=a)) for a in (1, 0))
        assert (rows[0], cols[0]) == (max(top_left[0], 0), max(top_left[1], 0))


def test_field_larger_than_image_is_clipped_when_measured():
    model = _stack(
        *[layers.Conv2D(1, 5, padding="same") for _ in range(3)], shape=(12, 12, 1)
    )
    assert receptive.receptive_fields(model)[-1].size == (13, 13)
    name = model.layers[-1].name
    assert receptive.measured_receptive_field(model, name) == (12, 12)


def test_bad_arguments_are_spanish_and_named():
    model = models.lenet5()
    with pytest.raises(ValueError, match="`layer_name`.*'conv_1', 'pool_1'"):
        receptive.measured_receptive_field(model, "densa_1")
    with pytest.raises(TypeError, match="`layer_name` debe ser un texto"):
        receptive.gradient_map(model, 3)
    with pytest.raises(TypeError, match="`model` debe ser un keras.Model"):
        receptive.receptive_fields("lenet5")
    with pytest.raises(ValueError, match="`model` tiene la capa 'subir'"):
        receptive.receptive_fields(_stack(layers.UpSampling2D(name="subir")))
    with pytest.raises(ValueError, match="`model` debe recibir imágenes"):
        receptive.receptive_fields(models.mlp((4,), hidden=(2,)))
    with pytest.raises(ValueError, match="`model` debe recibir imágenes"):
        receptive.receptive_fields(keras.Sequential([layers.Conv2D(1, 3)]))
    with pytest.raises(ValueError, match="no tiene ninguna"):
        receptive.gradient_map(models.mlp(), "densa_1")
