"""Pruebas de las figuras de ``cnnbook.plots``: se crean, tienen los ejes esperados
y rechazan argumentos inválidos con un mensaje que nombra el argumento."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from cnnbook import ops, plots

PATCH = np.array(
    [
        [176, 182, 184, 166, 91],
        [180, 182, 183, 88, 62],
        [181, 191, 175, 66, 62],
        [181, 188, 157, 97, 75],
        [182, 184, 110, 106, 90],
    ]
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _image_axes(fig):
    return [ax for ax in fig.axes if ax.images]


# -- matrix -------------------------------------------------------------------


def test_matrix_writes_every_number():
    fig = plots.matrix(PATCH, title="vecindad", cmap="gray", vmin=0, vmax=255)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == PATCH.size
    assert texts[0] == "176" and texts[-1] == "90"
    assert ax.get_title() == "vecindad"


def test_matrix_text_contrasts_with_cell():
    fig = plots.matrix([[0, 255]], cmap="gray", vmin=0, vmax=255)
    dark, light = fig.axes[0].texts
    assert dark.get_color() == "white" and light.get_color() == "black"


def test_matrix_on_given_axes_and_highlight():
    fig, ax = plt.subplots()
    out = plots.matrix(PATCH, ax=ax, highlight=(1, 2, 3, 3))
    assert out is fig
    (rect,) = ax.patches
    assert rect.get_xy() == (1.5, 0.5)
    assert (rect.get_width(), rect.get_height()) == (3, 3)


def test_matrix_several_highlights_and_callable_fmt():
    fig = plots.matrix(
        np.eye(4), highlight=[(0, 0, 2, 2), (2, 2, 2, 2)], fmt=lambda v: f"<{v:g}>"
    )
    ax = fig.axes[0]
    assert len(ax.patches) == 2
    assert ax.texts[0].get_text() == "<1>"


def test_matrix_diverging_limits_are_symmetric():
    fig = plots.matrix([[-1, 3], [0, 2]], cmap="RdBu_r")
    assert fig.axes[0].images[0].get_clim() == (-3.0, 3.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"values": np.ones(3)}, ValueError, "values"),
        ({"values": np.ones((50, 2))}, ValueError, "values"),
        ({"values": [["a", "b"]]}, TypeError, "values"),
        (
            {"values": np.ones((2, 2)), "highlight": (1, 1, 2, 2)},
            ValueError,
            "highlight",
        ),
        ({"values": np.ones((2, 2)), "highlight": (0, 0, 1)}, ValueError, "highlight"),
        ({"values": np.ones((2, 2)), "fmt": "sin llaves"}, TypeError, "fmt"),
        ({"values": np.ones((2, 2)), "cmap": "no-existe"}, ValueError, "cmap"),
        (
            {"values": np.ones((2, 2)), "cmap": "RdBu_r", "vmin": 0, "vmax": 2},
            ValueError,
            "vmin",
        ),
    ],
)
def test_matrix_rejects_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}`"):
        plots.matrix(**kwargs)


def test_kernel_label():
    assert plots.kernel_label(1 / 9) == "1/9"
    assert plots.kernel_label(-8.0) == "-8"
    assert plots.kernel_label(0.4537) == "0.45"
    with pytest.raises(TypeError, match="`value`"):
        plots.kernel_label("1")


# -- filter_results -----------------------------------------------------------


def test_filter_results_two_panels_per_kernel():
    image = np.random.default_rng(0).integers(0, 256, size=(20, 30), dtype=np.uint8)
    fig = plots.filter_results(image, dict(ops.KERNELS), ncols=3, title="clásicos")
    assert len(fig.axes) == 2 * len(ops.KERNELS)
    assert len(_image_axes(fig)) == 2 * len(ops.KERNELS)
    titles = [ax.get_title() for ax in fig.axes]
    assert "gradiente vertical" in titles and "suma = 0" in titles
    assert fig.get_suptitle() == "clásicos"


def test_filter_results_styles_by_kernel_sum():
    image = np.random.default_rng(1).integers(0, 256, size=(12, 12), dtype=np.uint8)
    fig = plots.filter_results(
        image, {"id": ops.KERNELS["identidad"], "g": ops.KERNELS["gradiente_vertical"]}
    )
    result_images = [ax.images[0] for ax in fig.axes[1::2]]
    assert result_images[0].get_cmap().name == "gray"
    assert result_images[0].get_clim() == (0.0, 255.0)
    lo, hi = result_images[1].get_clim()
    assert result_images[1].get_cmap().name == "RdBu_r" and lo == -hi


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "argument"),
    [
        ((np.ones((4, 4, 3)), {"a": np.ones((3, 3))}), {}, ValueError, "image"),
        ((np.ones((8, 8)), [np.ones((3, 3))]), {}, TypeError, "kernels"),
        ((np.ones((8, 8)), {}), {}, ValueError, "kernels"),
        ((np.ones((8, 8)), {"a": np.ones(3)}), {}, ValueError, "kernels"),
        ((np.ones((8, 8)), {"a": np.ones((3, 3))}), {"ncols": 0}, ValueError, "ncols"),
        ((np.ones((2, 2)), {"a": np.ones((3, 3))}), {}, ValueError, "kernel"),
    ],
)
def test_filter_results_rejects_bad_arguments(args, kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}"):
        plots.filter_results(*args, **kwargs)


# -- filters ------------------------------------------------------------------


def test_filters_one_image_per_filter_with_shared_symmetric_scale():
    weights = np.random.default_rng(0).normal(size=(5, 5, 1, 6)).astype(np.float32)
    fig = plots.filters(weights, title="primera capa")
    images = [ax.images[0] for ax in _image_axes(fig)]
    assert len(images) == 6
    lim = float(np.abs(weights).max())
    for image in images:
        assert image.get_cmap().name == "RdBu_r"
        assert image.get_clim() == pytest.approx((-lim, lim))
    assert fig.get_suptitle() == "primera capa"


def test_filters_one_row_per_input_channel_and_names():
    weights = np.random.default_rng(0).normal(size=(3, 3, 3, 4))
    fig = plots.filters(weights, names=list("abcd"), ncols=2, annotate=True)
    assert len(_image_axes(fig)) == 3 * 4
    assert {ax.get_title() for ax in fig.axes} >= set("abcd")
    assert all(len(ax.texts) == 9 for ax in _image_axes(fig))


def test_filters_accepts_2d_and_3d():
    assert len(_image_axes(plots.filters(np.eye(3)))) == 1
    assert len(_image_axes(plots.filters(np.ones((3, 3, 5))))) == 5


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"weights": np.ones(3)}, ValueError, "weights"),
        ({"weights": np.ones((3, 3, 1, 2, 1))}, ValueError, "weights"),
        ({"weights": np.array([[True]])}, TypeError, "weights"),
        ({"weights": np.ones((3, 3, 1, 2)), "names": ["a"]}, ValueError, "names"),
        ({"weights": np.ones((3, 3, 1, 2)), "names": "ab"}, TypeError, "names"),
        ({"weights": np.ones((3, 3, 1, 2)), "ncols": -1}, ValueError, "ncols"),
        ({"weights": np.ones((3, 3, 1, 2)), "annotate": 1}, TypeError, "annotate"),
    ],
)
def test_filters_rejects_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}`"):
        plots.filters(**kwargs)


# -- image_grid ---------------------------------------------------------------


def test_image_grid_layout_and_shared_limits():
    images = np.random.default_rng(0).normal(size=(6, 8, 8))
    fig = plots.image_grid(
        images,
        titles=[f"m{i}" for i in range(6)],
        ncols=4,
        cmap="RdBu_r",
        row_labels=["a", "b"],
        colorbar=True,
    )
    shown = _image_axes(fig)
    assert len(shown) == 6
    lo, hi = shown[0].images[0].get_clim()
    assert lo == -hi and all(ax.images[0].get_clim() == (lo, hi) for ax in shown)
    assert shown[0].get_ylabel() == "a" and shown[4].get_ylabel() == "b"


def test_image_grid_accepts_list_of_different_sizes():
    fig = plots.image_grid([np.zeros((4, 4)), np.ones((6, 3))], cmap="cividis")
    assert len(_image_axes(fig)) == 2


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"images": []}, ValueError, "images"),
        ({"images": np.ones((4, 4))}, ValueError, "images"),
        ({"images": np.ones((2, 4, 4)), "titles": ["a"]}, ValueError, "titles"),
        ({"images": np.ones((2, 4, 4)), "titles": "ab"}, TypeError, "titles"),
        (
            {"images": np.ones((2, 4, 4)), "row_labels": ["a", "b"]},
            ValueError,
            "row_labels",
        ),
        ({"images": np.ones((2, 4, 4)), "ncols": 0}, ValueError, "ncols"),
        ({"images": np.ones((2, 4, 4)), "cmap": 3}, ValueError, "cmap"),
        ({"images": np.ones((2, 4, 4)), "panel_size": 0}, ValueError, "panel_size"),
    ],
)
def test_image_grid_rejects_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=f"`{argument}`"):
        plots.image_grid(**kwargs)


def test_matrix_row_and_column_labels():
    fig = plots.matrix(np.eye(2), row_labels=["a", "b"], col_labels=["c", "d"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["c", "d"]
    with pytest.raises(ValueError, match="`row_labels`"):
        plots.matrix(np.eye(2), row_labels=["a"])
    with pytest.raises(TypeError, match="`col_labels`"):
        plots.matrix(np.eye(2), col_labels="cd")


# -- ax / axes: dibujar en los ejes de quien llama --------------------------------

HISTORY = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7], "val_loss": [1.1, 0.6]}
U8 = np.arange(2 * 8 * 8, dtype=np.uint8).reshape(2, 8, 8)


def _artists(ax):
    return (
        len(ax.images)
        + len(ax.lines)
        + len(ax.patches)
        + len(ax.texts)
        + len(ax.collections)
    )


SINGLE_AXES = {
    "matrix": lambda ax: plots.matrix(PATCH, ax=ax),
    "image": lambda ax: plots.image(PATCH.astype(np.uint8), ax=ax),
    "line_chart": lambda ax: plots.line_chart(
        [1, 2], {"a": [0.1, 0.2]}, "x", "y", ax=ax
    ),
    "accuracy_bars": lambda ax: plots.accuracy_bars(["a"], [0.5], ax=ax),
    "grouped_bars": lambda ax: plots.grouped_bars(["a"], {"g": [0.5]}, ax=ax),
}

MULTI_AXES = {
    "learning_curves": (2, lambda axes: plots.learning_curves(HISTORY, axes=axes)),
    "image_pair": (2, lambda axes: plots.image_pair(U8[0], U8[1], "a", "b", axes=axes)),
    "prediction_grid": (
        2,
        lambda axes: plots.prediction_grid(
            U8, [0, 1], [0, 0], ["a", "b"], ncols=2, axes=axes
        ),
    ),
    "shift_accuracy_maps": (
        1,
        lambda axes: plots.shift_accuracy_maps(
            {"m": np.full((3, 3), 0.5)}, [-1, 0, 1], axes=axes
        ),
    ),
    "image_grid": (2, lambda axes: plots.image_grid(U8, ncols=2, axes=axes)),
    "filters": (2, lambda axes: plots.filters(np.ones((3, 3, 1, 2)), axes=axes)),
    "filter_results": (
        2,
        lambda axes: plots.filter_results(PATCH, {"k": np.ones((3, 3))}, axes=axes),
    ),
}


@pytest.mark.parametrize("name", SINGLE_AXES)
def test_single_panel_draws_into_given_axes(name):
    fig, (ax, other) = plt.subplots(1, 2)
    assert SINGLE_AXES[name](ax) is fig
    assert _artists(ax) > 0 and _artists(other) == 0


@pytest.mark.parametrize("name", SINGLE_AXES)
def test_single_panel_rejects_what_is_not_axes(name):
    with pytest.raises(TypeError, match="`ax`"):
        SINGLE_AXES[name]("ejes")


@pytest.mark.parametrize("name", MULTI_AXES)
def test_multi_panel_draws_into_given_axes(name):
    count, draw = MULTI_AXES[name]
    fig, axes = plt.subplots(1, count + 1, squeeze=False)
    assert draw(list(axes[0, :count])) is fig
    assert all(_artists(ax) > 0 for ax in axes[0, :count])
    assert _artists(axes[0, count]) == 0


@pytest.mark.parametrize("name", MULTI_AXES)
def test_multi_panel_checks_the_number_of_axes(name):
    count, draw = MULTI_AXES[name]
    _, axes = plt.subplots(1, count + 1, squeeze=False)
    with pytest.raises(ValueError, match="`axes`"):
        draw(list(axes.flat))
    with pytest.raises(TypeError, match="`axes`"):
        draw(["no", "son", "ejes"][:count])


def test_animation_draws_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    anim = plots.convolution_animation(n=4, k=3, padding=0, stride=1, axes=axes)
    assert anim._fig is fig
    fig.canvas.draw()  # arranca la animación en la figura recibida
    assert all(_artists(ax) > 0 for ax in axes)


def test_composed_panels_keep_the_figure_title():
    fig, axes = plt.subplots(1, 3)
    plots.learning_curves(HISTORY, title=None, axes=axes[:2])
    plots.matrix(np.eye(2), ax=axes[2], title="tercero")
    assert fig.get_suptitle() == ""
    assert axes[2].get_title() == "tercero"


# -- opciones de composición --------------------------------------------------------


def test_line_chart_ticks_and_line_styles():
    fig = plots.line_chart(
        [0, 1, 2],
        {"a": [1.0, 2.0, 3.0], "b": [3.0, 2.0, 1.0]},
        "x",
        None,
        xticks=[0, 1, 2],
        markers=False,
    )
    ax = fig.axes[0]
    assert list(ax.get_xticks()) == [0, 1, 2]
    assert [line.get_linestyle() for line in ax.lines] == ["-", "--"]
    assert all(line.get_marker() in ("None", None, "") for line in ax.lines)
    assert ax.get_ylabel() == ""
    with pytest.raises(ValueError, match="`xticks`"):
        plots.line_chart([0], {"a": [1.0]}, "x", "y", xticks=[[0]])
    with pytest.raises(TypeError, match="`markers`"):
        plots.line_chart([0], {"a": [1.0]}, "x", "y", markers="no")


def test_image_gray_color_and_frame():
    fig = plots.image(np.zeros((4, 4)), title="real")
    assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)
    assert fig.axes[0].get_title() == "real"
    fig = plots.image(np.zeros((4, 4, 3), dtype=np.uint8), frame=False)
    assert not fig.axes[0].axison
    with pytest.raises(ValueError, match="`image`"):
        plots.image(np.zeros((4, 4, 2)))


def test_image_grid_marks_one_pixel_per_image():
    fig = plots.image_grid(U8, marks=[None, (3, 5)])
    first, second = _image_axes(fig)
    assert not first.lines
    (mark,) = second.lines
    assert (list(mark.get_xdata()), list(mark.get_ydata())) == ([5], [3])
    with pytest.raises(ValueError, match="`marks`"):
        plots.image_grid(U8, marks=[None])
    with pytest.raises(ValueError, match="`marks`"):
        plots.image_grid(U8, marks=[None, (-1, 0)])
