"""Las células simples del capítulo 2: barras, kernels orientados y respuestas."""

from __future__ import annotations

import numpy as np
import pytest

from cnnbook import cortex


@pytest.mark.parametrize("angle", [0, 45, 90, 135])
def test_bar_has_its_length_and_passes_through_its_centre(angle):
    image = cortex.bar(angle, row=10, col=12, length=7, size=24)
    assert image[10, 12] == 1
    # 7 píxeles de largo: 7 en horizontal o vertical; en diagonal, cada píxel
    # avanza sqrt(2), así que caben 5 (d * sqrt(2) <= 3.5 para d = -2..2).
    assert image.sum() == (7 if angle % 90 == 0 else 5)


def test_horizontal_bar_is_one_row():
    image = cortex.bar(0, row=5, col=5, length=5, size=11)
    assert np.flatnonzero(image.any(axis=1)).tolist() == [5]
    assert np.flatnonzero(image[5]).tolist() == [3, 4, 5, 6, 7]


@pytest.mark.parametrize("angle", [0, 45, 90, 135, 30])
def test_simple_cell_sums_to_zero_with_unit_halves(angle):
    cell = cortex.simple_cell(angle)
    assert cell.shape == (5, 5)
    assert cell[cell > 0].sum() == pytest.approx(1)
    assert cell[cell < 0].sum() == pytest.approx(-1)


def test_simple_cell_answers_its_orientation_only_where_the_bar_is():
    cell = cortex.simple_cell(0)
    on = cortex.responses(cortex.bar(0), cell)
    assert on[14, 14] == pytest.approx(1)
    assert on[13, 14] == 0 and on[15, 14] == 0  # una fila fuera: calla
    off = cortex.responses(cortex.bar(90), cell)
    assert off.max() < 0.5


def test_uniform_image_gives_no_response_away_from_the_border():
    white = np.ones((20, 20))
    assert (
        np.abs(cortex.responses(white, cortex.simple_cell(45))[3:-3, 3:-3]).max()
        < 1e-12
    )


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cortex.bar(0, row=40), "row"),
        (lambda: cortex.bar(0, size=0), "size"),
        (lambda: cortex.bar("diagonal"), "angle"),
        (lambda: cortex.simple_cell(0, k=2), "k"),
        (lambda: cortex.responses(np.zeros((2, 8, 8)), np.ones((3, 3))), "image"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
