import pytest

from cnnbook import exercises, models, ops


def test_answers_are_what_the_library_computes():
    assert exercises.ANSWERS["1.1.1"][0] == models.mlp((32, 32, 3)).count_params()
    assert (
        exercises.ANSWERS["1.2.1"][0]
        == models.mlp((32, 32, 3)).get_layer("densa_1").count_params()
    )
    assert (
        exercises.ANSWERS["3.2.1"][0] == 2 and ops.output_size(28, 5, padding=2) == 28
    )
    assert exercises.ANSWERS["3.3.1"][0] == ops.output_size(32, 5, padding=2, stride=2)
    assert exercises.ANSWERS["4.1.1"][0] == models.lenet5((32, 32, 3)).count_params()
    assert exercises.ANSWERS["4.4.1"][0] == models.lenet5_improved().count_params()
    import keras

    layer = keras.layers.Conv2D(2, 3)
    layer.build((None, 64, 64, 3))
    assert exercises.ANSWERS["3.1.1"][0] == layer.count_params()


def test_check_messages(capsys):
    assert exercises.check("1.1.1", 646_260)
    assert "¡Correcto!" in capsys.readouterr().out
    assert not exercises.check("1.1.1", 188_660)
    out = capsys.readouterr().out
    assert "Todavía no" in out and "Es mayor" in out
    assert not exercises.check("3.3.1", (16, 16))


@pytest.mark.parametrize(
    ("args", "exc", "arg"),
    [
        (("9.9.9", 1), ValueError, "exercise"),
        (("1.1.1", "646260"), TypeError, "answer"),
        (("1.1.1", True), TypeError, "answer"),
    ],
)
def test_check_bad_arguments(args, exc, arg):
    with pytest.raises(exc, match=f"`{arg}`"):
        exercises.check(*args)
