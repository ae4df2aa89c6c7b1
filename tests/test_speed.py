"""Conteo de operaciones por capa y mediciones de tiempo (`cnnbook.speed`)."""

import keras
import numpy as np
import pytest

from cnnbook import models, modern, speed


def test_conv_and_dense_flops_counted_by_hand():
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Conv2D(4, 3, name="c"),  # salida 6 x 6 x 4
            keras.layers.MaxPooling2D(2),  # 3 x 3 x 4: sin FLOP contados
            keras.layers.Flatten(),
            keras.layers.Dense(5, name="d"),
        ]
    )
    costs = speed.layer_costs(model)
    assert [(c.name, c.kind, c.output) for c in costs] == [
        ("c", "Conv2D", (6, 6, 4)),
        ("d", "Dense", (5,)),
    ]
    assert costs[0].forward_flops == 2 * 6 * 6 * 3 * 3 * 3 * 4
    assert costs[1].forward_flops == 2 * 36 * 5
    # La primera capa no calcula el gradiente de la imagen: 2 veces; la otra, 3.
    assert speed.train_flops(model) == 2 * costs[0].forward_flops + 3 * 360


def test_lenet5_forward_flops_match_the_layer_shapes():
    costs = speed.layer_costs(models.lenet5((32, 32, 3)))
    conv1 = costs[0]
    assert conv1.output == (28, 28, 6)
    assert conv1.forward_flops == 2 * 28 * 28 * 5 * 5 * 3 * 6


def test_augmentation_block_is_entered_and_has_no_flops():
    plain = modern.modern_cnn(input_shape=(8, 8, 3), widths=(4,), num_classes=2)
    augmented = modern.modern_cnn(
        input_shape=(8, 8, 3), widths=(4,), num_classes=2, augment=True
    )
    assert speed.train_flops(plain) == speed.train_flops(augmented)


def test_step_seconds_trains_and_is_positive():
    model = models.compile_classifier(
        models.mlp((4, 4, 1), hidden=(4,), num_classes=2), "sgd", 0.1
    )
    x = np.random.default_rng(0).random((16, 4, 4, 1)).astype("float32")
    y = np.eye(2, dtype="float32")[np.arange(16) % 2]
    before = [w.copy() for w in model.get_weights()]
    seconds = speed.step_seconds(model, x, y, batch_size=8, steps=2, repeats=2)
    assert seconds > 0
    assert any(
        not np.array_equal(a, b)
        for a, b in zip(before, model.get_weights(), strict=True)
    )


def test_matmul_gflops_is_a_positive_rate():
    assert speed.matmul_gflops(size=128, repeats=2) > 0


def test_bad_inputs_name_the_argument():
    uncompiled = models.mlp((4, 4, 1), hidden=(4,), num_classes=2)
    x = np.zeros((8, 4, 4, 1), "float32")
    y = np.zeros((8, 2), "float32")
    with pytest.raises(ValueError, match="compilado"):
        speed.step_seconds(uncompiled, x, y, batch_size=4)
    compiled = models.compile_classifier(uncompiled, "sgd", 0.1)
    with pytest.raises(ValueError, match="`batch_size`"):
        speed.step_seconds(compiled, x, y, batch_size=16)
    with pytest.raises(ValueError, match="Conv2D ni Dense"):
        speed.layer_costs(keras.Sequential([keras.Input((4,)), keras.layers.ReLU()]))
