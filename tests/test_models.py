import keras
import pytest

from cnnbook import lecture, models


def test_mlp_parameter_count_matches_lecture():
    model = models.mlp((28, 28, 1))
    assert model.count_params() == lecture.PARAMS["mlp"] == 188_660
    assert [layer.count_params() for layer in model.layers] == [
        0,
        0,
        157_000,
        30_150,
        1_510,
    ]


def test_mlp_on_cifar_shapes():
    assert models.mlp((32, 32, 3)).count_params() == (3072 + 1) * 200 + 30_150 + 1_510


def test_lenet5_parameter_count_matches_lecture():
    model = models.lenet5((28, 28, 1))
    assert model.count_params() == lecture.PARAMS["lenet5"] == 44_426
    shapes = [tuple(layer.output.shape[1:]) for layer in model.layers]
    assert shapes[1:5] == [(24, 24, 6), (12, 12, 6), (8, 8, 16), (4, 4, 16)]


def test_summary_is_spanish_and_exact():
    text = models.summary(models.mlp((28, 28, 1)))
    assert "Parámetros totales: 188,660" in text
    assert "Forma de salida" in text and "densa_1 (Dense)" in text
    assert "(None, 784)" in text


def test_compile_classifier():
    model = models.compile_classifier(models.mlp((4, 4, 1), hidden=(3,)), "sgd", 0.1)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="`optimizer`"):
        models.compile_classifier(models.mlp((4, 4, 1)), "rmsprop")
    with pytest.raises(ValueError, match="`learning_rate`"):
        models.compile_classifier(models.mlp((4, 4, 1)), "adam", -1.0)
    with pytest.raises(TypeError, match="`model`"):
        models.compile_classifier("modelo")


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda: models.mlp([28, 28]), "input_shape"),
        (lambda: models.mlp((28, 0, 1)), "input_shape"),
        (lambda: models.mlp((28, 28, 1), hidden=(200, -1)), "hidden"),
        (lambda: models.mlp((28, 28, 1), num_classes=1), "num_classes"),
        (lambda: models.lenet5((28, 28)), "input_shape"),
        (lambda: models.summary(object()), "model"),
    ],
)
def test_bad_arguments(call, arg):
    with pytest.raises((ValueError, TypeError), match=f"`{arg}`"):
        call()


def test_lenet5_with_border_is_the_32x32_lenet():
    model = models.lenet5((28, 28, 1), padding=2)
    assert tuple(model.get_layer("conv_2").output.shape[1:]) == (10, 10, 16)
    assert model.count_params() == 61_706  # 400 entradas a la primera densa


def test_improved_lenet_shapes_and_count():
    model = models.lenet5_improved()
    assert tuple(model.get_layer("borde").output.shape[1:]) == (32, 32, 1)
    assert tuple(model.get_layer("pool_3").output.shape[1:]) == (4, 4, 64)
    expected = (25 + 1) * 16 + (25 * 16 + 1) * 32 + (25 * 32 + 1) * 64
    expected += (1024 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10
    assert model.count_params() == expected == 198_526
    plain = models.lenet5_improved(augment=False)
    assert plain.count_params() == expected
    assert "aumento" not in [layer.name for layer in plain.layers]


def test_augmentation_is_identity_at_inference():
    import numpy as np

    x = np.random.default_rng(0).random((8, 32, 32, 1)).astype("float32")
    block = models.augmentation(seed=3)
    np.testing.assert_array_equal(block(x, training=False).numpy(), x)
    assert np.abs(block(x, training=True).numpy() - x).max() > 0.1
    model = models.lenet5_improved()
    np.testing.assert_allclose(
        model.predict(x[:, 2:30, 2:30], verbose=0),
        model(x[:, 2:30, 2:30], training=False).numpy(),
        atol=1e-6,
    )


@pytest.mark.parametrize(
    ("kwargs", "arg"),
    [
        ({"padding": -1}, "padding"),
        ({"filters": ()}, "filters"),
        ({"filters": (16, 0)}, "filters"),
        ({"augment": 1}, "augment"),
        ({"input_shape": (28, 28)}, "input_shape"),
        ({"filters": (4, 4, 4, 4, 4, 4)}, "filters"),
    ],
)
def test_improved_lenet_bad_arguments(kwargs, arg):
    with pytest.raises((ValueError, TypeError), match=f"`{arg}`"):
        models.lenet5_improved(**kwargs)


def test_augmentation_bad_seed():
    with pytest.raises(ValueError, match="`seed`"):
        models.augmentation(seed=-2)


def test_small_cnn():
    model = models.small_cnn()
    assert model.count_params() == (9 + 1) * 8 + (72 + 1) * 16 + (400 + 1) * 10 == 5_258
    with pytest.raises(ValueError, match="`input_shape`"):
        models.small_cnn((28, 28))


@pytest.mark.parametrize(
    "build",
    [
        lambda: models.mlp((28, 28, 1)),
        lambda: models.lenet5((28, 28, 1)),
        lambda: models.lenet5((28, 28, 1), padding=2),
        lambda: models.lenet5_improved(augment=True),
        lambda: models.lenet5((32, 32, 3)),
        lambda: models.small_cnn(),
    ],
    ids=[
        "mlp",
        "lenet5",
        "lenet5_borde",
        "lenet5_mejorada",
        "lenet5_cifar",
        "cnn_pequena",
    ],
)
def test_tiny_end_to_end_fit(build):
    import numpy as np

    model = models.compile_classifier(build(), "sgd", 0.05)
    shape = model.input_shape[1:]
    rng = np.random.default_rng(0)
    x = rng.random((32, *shape)).astype("float32")
    y = np.eye(10, dtype="float32")[np.arange(32) % 10]
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(history.history["loss"]).all()
    assert model.predict(x[:4], verbose=0).shape == (4, 10)
