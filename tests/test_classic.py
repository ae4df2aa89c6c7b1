"""Pruebas de ``cnnbook.classic``: características HOG de un lote de imágenes."""

from __future__ import annotations

import numpy as np
import pytest
from skimage.feature import hog

from cnnbook import classic


def _digits(n=5, seed=0):
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 28, 28), dtype=np.uint8)
    for i in range(n):
        r, c = rng.integers(4, 18, size=2)
        x[i, r : r + 8, c : c + 2] = 255  # un trazo vertical
        x[i, r + 6 : r + 8, c : c + 8] = 200  # y uno horizontal
    return x


def test_shape_dtype_and_length():
    x = _digits(4)
    feats = classic.hog_features(x)
    assert feats.shape == (4, classic.hog_length((28, 28))) == (4, 324)
    assert feats.dtype == np.float32
    assert classic.hog_features(x, orientations=6, pixels_per_cell=(4, 4)).shape == (
        4,
        classic.hog_length((28, 28), 6, (4, 4)),
    )


def test_matches_skimage_image_by_image():
    x = _digits(3)
    feats = classic.hog_features(x)
    for image, row in zip(x, feats, strict=True):
        ref = hog(
            image,
            orientations=9,
            pixels_per_cell=(7, 7),
            cells_per_block=(2, 2),
            block_norm="L2-Hys",
        )
        np.testing.assert_allclose(row, ref, rtol=1e-6, atol=1e-7)


def test_deterministic_and_independent_of_batch():
    x = _digits(6, seed=3)
    a, b = classic.hog_features(x), classic.hog_features(x)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a[2:3], classic.hog_features(x[2:3]))


def test_float_and_uint8_give_same_features():
    x = _digits(2)
    np.testing.assert_allclose(
        classic.hog_features(x),
        classic.hog_features(x.astype(np.float64)),
        rtol=1e-5,
        atol=1e-6,
    )


def test_features_distinguish_orientation():
    horizontal = np.zeros((1, 28, 28), dtype=np.uint8)
    horizontal[0, 13:15, 4:24] = 255
    vertical = np.ascontiguousarray(horizontal.transpose(0, 2, 1))
    a, b = classic.hog_features(horizontal), classic.hog_features(vertical)
    assert not np.allclose(a, b)


def test_hog_image_range_and_shape():
    drawing = classic.hog_image(_digits(1)[0])
    assert drawing.shape == (28, 28) and drawing.dtype == np.float32
    assert drawing.min() >= 0 and drawing.max() == pytest.approx(1.0)
    blank = classic.hog_image(np.zeros((28, 28)))
    assert np.all(blank == 0)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "argument"),
    [
        ((np.zeros((28, 28)),), {}, ValueError, "images"),
        ((np.zeros((2, 28, 28, 1)),), {}, ValueError, "images"),
        ((np.zeros((0, 28, 28)),), {}, ValueError, "images"),
        (([[[0]]],), {}, TypeError, "images"),
        ((np.zeros((2, 28, 28), dtype=bool),), {}, TypeError, "images"),
        ((np.zeros((2, 28, 28)),), {"orientations": 0}, ValueError, "orientations"),
        (
            (np.zeros((2, 28, 28)),),
            {"pixels_per_cell": 7},
            ValueError,
            "pixels_per_cell",
        ),
        (
            (np.zeros((2, 28, 28)),),
            {"cells_per_block": (0, 2)},
            ValueError,
            "cells_per_block",
        ),
        ((np.zeros((2, 8, 8)),), {}, ValueError, "pixels_per_cell"),
    ],
)
def test_hog_features_rejects_bad_input(args, kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}`"):
        classic.hog_features(*args, **kwargs)


def test_hog_image_and_length_reject_bad_input():
    with pytest.raises(ValueError, match="`image`"):
        classic.hog_image(np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="`shape`"):
        classic.hog_length((28,))
