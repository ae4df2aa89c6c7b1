"""Las comprobaciones compartidas: qué aceptan, qué rechazan y qué dicen."""

from __future__ import annotations

import numpy as np
import pytest

from cnnbook import validation as v


@pytest.mark.parametrize("value", [True, 1.0, "3", None, np.float64(2)])
def test_check_int_rejects_non_integers(value):
    with pytest.raises(TypeError, match="`n` debe ser un entero"):
        v.check_int(value, "n")


def test_check_int_bounds_and_numpy_integers():
    assert v.check_int(np.int64(3), "n", minimum=1, maximum=3) == 3
    assert type(v.check_int(np.int64(3), "n")) is int
    with pytest.raises(ValueError, match="mayor o igual que 1"):
        v.check_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match="menor o igual que 3"):
        v.check_int(4, "n", maximum=3)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 0])
def test_check_real_positive(value):
    with pytest.raises(ValueError, match="`lr`"):
        v.check_real(value, "lr", positive=True)


def test_check_real_optional_and_type():
    assert v.check_real(None, "x", optional=True) is None
    with pytest.raises(TypeError, match="un número o None"):
        v.check_real("1", "x", optional=True)
    with pytest.raises(TypeError, match="un número;"):
        v.check_real(None, "x")


def test_texts_flags_choices():
    assert v.check_bool(False, "f") is False
    with pytest.raises(TypeError, match="`f` debe ser True o False"):
        v.check_bool(0, "f")
    assert v.check_text(None, "t", optional=True) is None
    with pytest.raises(TypeError, match="`t`"):
        v.check_text(3, "t")
    assert v.check_texts(("a", "b"), "ts", length=2) == ["a", "b"]
    with pytest.raises(TypeError, match="`ts`"):
        v.check_texts("ab", "ts")
    with pytest.raises(ValueError, match="2 textos"):
        v.check_texts(["a"], "ts", length=2)
    with pytest.raises(ValueError, match="'sgd', 'adam'"):
        v.check_choice("rmsprop", "optimizer", ("sgd", "adam"))


def test_pairs():
    assert v.check_pair(3, "s", minimum=1) == (3, 3)
    assert v.check_pair([1, 2], "s", minimum=1) == (1, 2)
    with pytest.raises(ValueError, match="longitud 3"):
        v.check_pair((1, 2, 3), "s")
    with pytest.raises(ValueError, match="`cells`"):
        v.check_int_pair(4, "cells")
    assert v.check_int_pair((2, 3), "cells") == (2, 3)


def test_check_array():
    with pytest.raises(ValueError, match="rectangular"):
        v.check_array([[1, 2], [3]], "k")
    with pytest.raises(TypeError, match="bool"):
        v.check_array(np.array([True]), "k")
    with pytest.raises(TypeError, match="arreglo de NumPy"):
        v.check_array([1, 2], "k", ndarray=True)
    with pytest.raises(ValueError, match="2 o 3 dimensiones"):
        v.check_array(np.zeros(4), "k", ndim=(2, 3))
    with pytest.raises(ValueError, match="vacío"):
        v.check_array(np.zeros((0, 3)), "k")
    with pytest.raises(ValueError, match="no finitos"):
        v.check_array([1.0, np.nan], "k", finite=True)
    with pytest.raises(TypeError, match="enteros"):
        v.check_array([1.5], "k", integer=True)
    arr = np.ones((2, 2))
    assert v.check_array(arr, "k") is arr  # sin copia


def test_labels_shape_xy():
    with pytest.raises(ValueError, match="entre 0 y 1"):
        v.check_labels([0, 2], "y", num_classes=2)
    with pytest.raises(ValueError, match="negativas"):
        v.check_labels([0, -1], "y")
    with pytest.raises(TypeError, match="`y`"):
        v.check_labels("01", "y")
    assert v.check_shape((28, 28, 1)) == (28, 28, 1)
    with pytest.raises(ValueError, match="`input_shape`"):
        v.check_shape([28, 28])
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="deben coincidir"):
        v.check_xy((x, np.zeros(2)), "train")
    with pytest.raises(TypeError, match="`train`"):
        v.check_xy([x, x], "train")


def test_callable():
    assert v.check_callable(len, "build") is len
    with pytest.raises(TypeError, match="`build` debe ser una función"):
        v.check_callable(3, "build")
