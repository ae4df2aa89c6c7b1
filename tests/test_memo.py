"""La caché de resultados que no son entrenamientos (`training.memoize`)."""

import os

import numpy as np
import pytest

from cnnbook import config, models, training
from cnnbook.training import memo

# Las funciones cuentan sus llamadas en un archivo: una lista global no se
# permite (no forma parte de la clave), y justamente eso se prueba abajo.
LOG = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"memo-calls-{os.getpid()}")


def calls():
    return os.path.getsize(LOG) if os.path.exists(LOG) else 0


def squares(x, offset, log=LOG):
    with open(log, "a") as fh:
        fh.write("x")
    return x**2 + offset


def stats(x):
    return {"mean": np.float64(x.mean()), "doubled": 2 * x, "label": "ok"}


def uses_helper(x):
    return helper(x)


def helper(x):
    return x + 1


@pytest.fixture(autouse=True)
def _no_calls():
    if os.path.exists(LOG):
        os.remove(LOG)
    yield
    if os.path.exists(LOG):
        os.remove(LOG)


def test_miss_then_hit(isolated_env):
    x = np.arange(6.0)
    first = training.memoize("sq", squares, x=x, offset=1.0)
    second = training.memoize("sq", squares, x=x, offset=1.0)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert calls() == 1
    np.testing.assert_array_equal(second.value, x**2 + 1)
    assert second.key == first.key
    assert second.seconds == pytest.approx(first.seconds)
    entry = config.cache_dir() / "results" / config.profile().name / "sq" / first.key
    assert (entry / "result.json").is_file()


def test_any_input_change_recomputes(isolated_env):
    x = np.arange(6.0)
    keys = {
        training.memoize("sq", squares, x=x, offset=1.0).key,
        training.memoize("sq", squares, x=x, offset=2.0).key,
        training.memoize("sq", squares, x=x.astype(np.float32), offset=1.0).key,
        training.memoize("sq", squares, x=x[::-1].copy(), offset=1.0).key,
    }
    assert len(keys) == 4 and calls() == 4


def test_code_change_changes_key(isolated_env):
    x = np.arange(3.0)

    def plus_one(x):
        return x + 1

    def plus_two(x):
        return x + 2

    assert memo.memo_key("a", plus_one, {"x": x}) != memo.memo_key(
        "a", plus_two, {"x": x}
    )


def test_helper_code_is_part_of_the_key(isolated_env, monkeypatch):
    x = np.arange(3.0)
    before = memo.memo_key("a", uses_helper, {"x": x})

    def other_helper(x):
        return x - 1

    monkeypatch.setitem(uses_helper.__globals__, "helper", other_helper)
    other_helper.__module__ = uses_helper.__module__
    assert memo.memo_key("a", uses_helper, {"x": x}) != before


def test_dict_values_round_trip(isolated_env):
    x = np.arange(4.0)
    fresh = training.memoize("st", stats, x=x)
    loaded = training.memoize("st", stats, x=x)
    assert loaded.from_cache
    for result in (fresh, loaded):
        assert result.value["mean"] == 1.5 and isinstance(result.value["mean"], float)
        assert result.value["label"] == "ok"
        np.testing.assert_array_equal(result.value["doubled"], 2 * x)


def test_model_inputs_by_weights(isolated_env):
    def build():
        return models.mlp((2, 2, 1), hidden=(3,), num_classes=2)

    training.set_seed(0)
    a = build()
    training.set_seed(1)
    b = build()

    def count(model):
        return np.array(model.count_params())

    assert memo.memo_key("m", count, {"model": a}) != memo.memo_key(
        "m", count, {"model": b}
    )


def test_global_data_is_refused(isolated_env):
    data = np.arange(3.0)

    def reads_closure():
        return data

    with pytest.raises(ValueError, match="`compute`.*pásala como argumento"):
        training.memoize("g", reads_closure)


def test_corrupt_entry_is_recomputed(isolated_env, capsys):
    x = np.arange(6.0)
    first = training.memoize("sq", squares, x=x, offset=0.0)
    entry = config.cache_dir() / "results" / config.profile().name / "sq" / first.key
    (entry / "values.npz").write_bytes(b"no es un npz")
    again = training.memoize("sq", squares, x=x, offset=0.0)
    assert not again.from_cache and calls() == 2
    assert "inválido" in capsys.readouterr().out
    np.testing.assert_array_equal(again.value, x**2)


def test_failed_compute_writes_nothing(isolated_env):
    def boom(x):
        raise RuntimeError("falla a propósito")

    with pytest.raises(RuntimeError):
        training.memoize("boom", boom, x=np.zeros(2))
    assert not (config.cache_dir() / "results").exists()


@pytest.mark.parametrize(
    ("compute", "inputs", "error", "match"),
    [
        (len, {}, TypeError, "`compute` debe ser una función"),
        (squares, {"x": object(), "offset": 1}, TypeError, "`x` de `memoize`"),
        (lambda: [1, 2], {}, TypeError, "debe devolver un arreglo"),
        (lambda: {"a b": 1}, {}, TypeError, "identificadores"),
        (lambda: {"a": np.array([None])}, {}, TypeError, "sin pickle"),
    ],
)
def test_bad_input(isolated_env, compute, inputs, error, match):
    with pytest.raises(error, match=match):
        training.memoize("bad", compute, **inputs)
    assert not list((config.cache_dir() / "results").rglob("values.npz"))


def test_bad_name(isolated_env):
    with pytest.raises(ValueError, match="`name`"):
        training.memoize("Con Espacios", squares, x=np.zeros(1), offset=0)
