"""Pruebas de las figuras del capítulo 3: ``window_steps``, ``feature_stack`` y
``compare_curves``. Se crean, dibujan lo esperado y rechazan argumentos
inválidos con un mensaje en español que nombra el argumento."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle, Rectangle

from cnnbook import plots

LECTURE = np.array(
    [
        [12, 5, 3, 9, 1, 23],
        [8, 6, 55, 6, 13, 62],
        [41, 8, 3, 51, 22, 27],
        [32, 67, 53, 12, 26, 17],
        [9, 22, 15, 8, 57, 62],
        [23, 53, 25, 75, 12, 9],
    ]
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _panels(fig):
    return [ax for ax in fig.axes if ax.images]


# -- window_steps ---------------------------------------------------------------


def test_window_steps_one_panel_per_position_with_its_window():
    padded = np.pad(np.arange(1, 37).reshape(6, 6), 1)
    fig = plots.window_steps(padded, size=3, stride=2, title="paso 2")
    panels = _panels(fig)
    assert len(panels) == 9  # salida de 3 x 3
    corners = []
    for ax in panels:
        (rect,) = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert rect.get_width() == 3 and rect.get_height() == 3
        corners.append(rect.get_xy())
        assert len(ax.texts) == padded.size
    expected = [(c - 0.5, r - 0.5) for r in (0, 2, 4) for c in (0, 2, 4)]
    assert corners == expected
    assert panels[0].get_title() == "salida (0, 0)"
    assert fig._suptitle.get_text() == "paso 2"


def test_window_steps_marks_the_max_of_each_region():
    titles = [f"región {i + 1}" for i in range(9)]
    fig = plots.window_steps(LECTURE, 2, stride=2, mark_max=True, titles=titles)
    maxima = []
    for ax in _panels(fig):
        (circle,) = [p for p in ax.patches if isinstance(p, Circle)]
        col, row = circle.center
        maxima.append(LECTURE[int(row), int(col)])
        bold = [t for t in ax.texts if t.get_fontweight() == "bold"]
        assert len(bold) == 1 and bold[0].get_text() == str(LECTURE[int(row), int(col)])
    assert maxima == [12, 55, 62, 67, 53, 27, 53, 75, 62]
    assert [ax.get_title() for ax in _panels(fig)] == titles


def test_window_steps_default_stride_and_ncols():
    fig = plots.window_steps(np.arange(16).reshape(4, 4), 3, ncols=2)
    assert len(_panels(fig)) == 4
    fig = plots.window_steps(np.ones((3, 5)), (2, 3), stride=(1, 2))
    assert len(_panels(fig)) == 2 * 2


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"values": np.ones((3, 3)), "size": 4}, ValueError, "`size`"),
        ({"values": np.ones((3, 3)), "size": 0}, ValueError, "`size`"),
        ({"values": np.ones((3, 3)), "size": 2, "stride": 0}, ValueError, "`stride`"),
        ({"values": np.ones((3, 3)), "size": 2.0}, TypeError, "`size`"),
        ({"values": np.ones(5), "size": 2}, ValueError, "`values`"),
        ({"values": np.ones((20, 20)), "size": 2}, ValueError, "`values`"),
        ({"values": [["a"]], "size": 1}, TypeError, "`values`"),
        (
            {"values": np.ones((4, 4)), "size": 2, "titles": ["a"]},
            ValueError,
            "`titles`",
        ),
        (
            {"values": np.ones((4, 4)), "size": 2, "titles": "abc"},
            TypeError,
            "`titles`",
        ),
        ({"values": np.ones((4, 4)), "size": 2, "ncols": 0}, ValueError, "`ncols`"),
        (
            {"values": np.ones((4, 4)), "size": 2, "mark_max": 1},
            TypeError,
            "`mark_max`",
        ),
        (
            {"values": np.ones((4, 4)), "size": 2, "panel_size": -1},
            ValueError,
            "`panel_size`",
        ),
        (
            {"values": np.ones((4, 4)), "size": 2, "cmap": "no-existe"},
            ValueError,
            "`cmap`",
        ),
    ],
)
def test_window_steps_rejects_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=argument):
        plots.window_steps(**kwargs)


# -- feature_stack ----------------------------------------------------------------


def test_feature_stack_draws_every_map_front_to_back():
    rng = np.random.default_rng(0)
    maps = rng.normal(size=(4, 4, 10))
    labels = [f"filtro {i + 1}" for i in range(10)]
    fig = plots.feature_stack(maps, labels=labels, cmap="RdBu_r")
    ax = fig.axes[0]
    assert len(ax.images) == 10
    # El primer mapa queda al frente (mayor zorder) y abajo a la izquierda.
    by_z = sorted(ax.images, key=lambda im: im.get_zorder(), reverse=True)
    np.testing.assert_array_equal(by_z[0].get_array(), maps[:, :, 0])
    assert by_z[0].get_extent()[0] == 0
    assert ax.get_title() == "4 × 4 × 10"
    assert {t.get_text() for t in ax.texts} == set(labels)
    lo, hi = by_z[0].get_clim()
    assert lo == -hi  # mapa divergente simétrico, común a todos


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"maps": np.ones((4, 4))}, ValueError, "`maps`"),
        ({"maps": np.ones((2, 2, 65))}, ValueError, "`maps`"),
        ({"maps": np.ones((2, 2, 3)), "labels": ["a"]}, ValueError, "`labels`"),
        ({"maps": np.ones((2, 2, 3)), "labels": [1, 2, 3]}, TypeError, "`labels`"),
        ({"maps": np.ones((2, 2, 3)), "offset": 0}, ValueError, "`offset`"),
        ({"maps": np.ones((2, 2, 3)), "cmap": "no-existe"}, ValueError, "`cmap`"),
        ({"maps": np.full((2, 2, 3), np.nan)}, ValueError, "`maps`"),
    ],
)
def test_feature_stack_rejects_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=argument):
        plots.feature_stack(**kwargs)


# -- compare_curves ---------------------------------------------------------------


def test_compare_curves_one_color_per_run():
    history = {
        "loss": [1.0, 0.5, 0.3],
        "accuracy": [0.5, 0.8, 0.9],
        "val_loss": [0.9, 0.6, 0.4],
        "val_accuracy": [0.6, 0.7, 0.85],
    }
    fig = plots.compare_curves(
        {"SGD": history, "Adam": {"loss": [0.8, 0.4], "accuracy": [0.6, 0.9]}},
        title="SGD contra Adam",
    )
    loss_ax, acc_ax = fig.axes[:2]
    labels = [line.get_label() for line in loss_ax.lines]
    assert labels == ["SGD, entrenamiento", "SGD, prueba", "Adam, entrenamiento"]
    assert loss_ax.lines[0].get_color() == loss_ax.lines[1].get_color()
    assert loss_ax.lines[0].get_color() != loss_ax.lines[2].get_color()
    assert len(acc_ax.lines) == 3
    assert list(loss_ax.get_xticks()) == [1, 2, 3]
    assert fig._suptitle.get_text() == "SGD contra Adam"


@pytest.mark.parametrize("bad", [{}, [], {"a": {"accuracy": [1.0]}}, {"a": [1.0]}])
def test_compare_curves_rejects_bad_histories(bad):
    with pytest.raises(TypeError, match="`histor"):
        plots.compare_curves(bad)


# -- ax / axes: dibujar en los ejes de quien llama --------------------------------


def _artists(ax):
    return len(ax.images) + len(ax.lines) + len(ax.patches) + len(ax.texts)


def test_window_steps_draws_into_given_axes():
    fig, axes = plt.subplots(2, 3)
    out = plots.window_steps(LECTURE, 2, stride=3, mark_max=True, axes=axes[:, :2])
    assert out is fig
    panels = [axes[0, 0], axes[0, 1], axes[1, 0], axes[1, 1]]
    assert all(len(ax.texts) == LECTURE.size for ax in panels)
    assert all(
        len([p for p in ax.patches if isinstance(p, Circle)]) == 1 for ax in panels
    )
    assert _artists(axes[0, 2]) == _artists(axes[1, 2]) == 0
    with pytest.raises(ValueError, match="`axes`"):
        plots.window_steps(LECTURE, 2, stride=3, axes=axes)


def test_mark_max_with_text_already_in_the_axes():
    fig, ax = plt.subplots()
    ax.text(0, 0, "nota previa")
    plots.window_steps(np.array([[1, 9], [3, 4]]), 2, mark_max=True, axes=[ax])
    assert [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"] == ["9"]


def test_feature_stack_draws_into_given_axes():
    fig, (ax, other) = plt.subplots(1, 2)
    assert plots.feature_stack(np.ones((3, 3, 4)), ax=ax) is fig
    assert len(ax.images) == 4 and _artists(other) == 0
    with pytest.raises(TypeError, match="`ax`"):
        plots.feature_stack(np.ones((3, 3, 4)), ax="ejes")


def test_compare_curves_draws_into_given_axes():
    fig, axes = plt.subplots(1, 3)
    history = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7]}
    assert plots.compare_curves({"a": history}, axes=axes[1:]) is fig
    assert not axes[0].lines and len(axes[1].lines) == len(axes[2].lines) == 1
    with pytest.raises(ValueError, match="`axes`"):
        plots.compare_curves({"a": history}, axes=axes)
