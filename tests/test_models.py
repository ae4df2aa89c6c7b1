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
