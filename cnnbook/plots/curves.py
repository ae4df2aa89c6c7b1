"""Curvas: aprendizaje por época de uno o varios entrenamientos, y series contra x.

Las dos figuras de aprendizaje tienen dos paneles, pérdida y exactitud por
época; la línea continua es el conjunto de entrenamiento y la discontinua, el
de prueba (si se midió).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnbook.validation import check_array, check_bool, check_text

from ._common import _axes_or_new, _check_ax, _finish, _panels
from .style import COLORS

__all__ = ["learning_curves", "compare_curves", "line_chart"]

#: Los dos paneles de aprendizaje: la métrica de ``history`` y el título de su eje.
_METRICS = (("loss", "Pérdida (entropía cruzada)"), ("accuracy", "Exactitud"))

#: Cómo se distinguen las series de :func:`line_chart`, además del color.
_MARKERS = "osD^vP*X"
_LINESTYLES = ("-", "--", ":", "-.")


def _check_history(history, name: str = "history") -> dict:
    if not isinstance(history, dict) or "loss" not in history:
        raise TypeError(
            f"`{name}` debe ser el diccionario de curvas de un entrenamiento "
            "(con al menos la clave 'loss'), por ejemplo `run.history`."
        )
    return history


def _curve_panels(axes) -> list:
    """Los paneles de pérdida y de exactitud: los recibidos o los de una figura nueva."""
    return _panels(axes, 1, 2, (10, 3.8))


def _plot_metric(ax, history: dict, metric: str, labels: tuple, **style) -> None:
    """La curva de entrenamiento y la de prueba de ``metric``, si se midieron."""
    epochs = np.arange(1, len(history["loss"]) + 1)
    if metric in history:
        ax.plot(epochs, history[metric], "o-", label=labels[0], **style)
    if f"val_{metric}" in history:
        ax.plot(epochs, history[f"val_{metric}"], "s--", label=labels[1], **style)


def _epoch_axis(ax, ylabel: str, epochs: int) -> None:
    """Eje de épocas con una marca por época (cada dos si son más de 20) y rejilla."""
    ticks = np.arange(1, epochs + 1)
    ax.set_xlabel("Época")
    ax.set_ylabel(ylabel)
    ax.set_xticks(ticks if epochs <= 20 else ticks[::2])
    ax.grid(alpha=0.3)


def learning_curves(
    history: dict, title: str | None = "Curvas de aprendizaje", *, axes=None
):
    """Pérdida y exactitud por época, en entrenamiento y (si se midió) en prueba.

    Parameters
    ----------
    history : dict
        Las curvas de un entrenamiento (por ejemplo ``run.history``), con al
        menos la clave ``'loss'``.
    title : str, opcional
        Título de la figura; con ``None`` no se escribe.
    axes : pareja de matplotlib.axes.Axes, opcional
        Los ejes de la pérdida y de la exactitud, si quieres componer la
        figura; por omisión se crea una con los dos paneles.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con los dos paneles.
    """
    check_text(title, "title", optional=True)
    _check_history(history)
    axes = _curve_panels(axes)
    for ax, (metric, ylabel) in zip(axes, _METRICS, strict=True):
        _plot_metric(ax, history, metric, ("entrenamiento", "prueba"))
        _epoch_axis(ax, ylabel, len(history["loss"]))
        ax.legend()
    return _finish(axes[0].figure, title)


def compare_curves(histories: dict, title: str | None = None, *, axes=None):
    """Curvas de aprendizaje de varios entrenamientos en los mismos ejes.

    Dos paneles (pérdida y exactitud por época). Cada entrenamiento tiene su
    color; la línea continua es el conjunto de entrenamiento y la discontinua,
    el de prueba (si se midió).

    Parameters
    ----------
    histories : dict[str, dict]
        Nombre del entrenamiento -> su ``history`` (por ejemplo ``run.history``).
    title : str, opcional
        Título de la figura.
    axes : pareja de matplotlib.axes.Axes, opcional
        Los ejes de la pérdida y de la exactitud; por omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con las curvas de todos los entrenamientos.

    Raises
    ------
    TypeError
        Si ``histories`` no es un diccionario no vacío o alguna curva no tiene
        la clave ``'loss'``.
    """
    check_text(title, "title", optional=True)
    if not isinstance(histories, dict) or not histories:
        raise TypeError(
            "`histories` debe ser un diccionario no vacío nombre -> history."
        )
    for name, history in histories.items():
        _check_history(history, f"histories[{name!r}]")
    palette = list(COLORS.values())
    axes = _curve_panels(axes)
    for k, (name, history) in enumerate(histories.items()):
        labels = (f"{name}, entrenamiento", f"{name}, prueba")
        for ax, (metric, _) in zip(axes, _METRICS, strict=True):
            _plot_metric(ax, history, metric, labels, color=palette[k % len(palette)])
    longest = max(1, *(len(h["loss"]) for h in histories.values()))
    for ax, (_, ylabel) in zip(axes, _METRICS, strict=True):
        _epoch_axis(ax, ylabel, longest)
        if ax.lines:
            ax.legend(fontsize=9)
    return _finish(axes[0].figure, title)


def _check_series(series, count: int) -> dict:
    if not isinstance(series, dict) or not series:
        raise TypeError("`series` debe ser un diccionario no vacío nombre -> valores.")
    checked = {}
    for name, values in series.items():
        values = check_array(values, f"series[{name!r}]", ndim=1).astype(float)
        if len(values) != count:
            raise ValueError(
                f"`series[{name!r}]` debe tener {count} valores, uno por valor de "
                f"`x`; tiene {len(values)}."
            )
        checked[name] = values
    return checked


def line_chart(
    x: Sequence[float],
    series: dict,
    xlabel: str,
    ylabel: str | None,
    title: str | None = None,
    percent: bool = False,
    logy: bool = False,
    *,
    xticks: Sequence[float] | None = None,
    markers: bool = True,
    ax=None,
):
    """Varias curvas ``series[nombre]`` contra ``x``, cada una con su color.

    Parameters
    ----------
    x : sequence of float
        Valores del eje horizontal, comunes a todas las series.
    series : dict[str, sequence of float]
        Nombre de la curva -> un valor por cada ``x``.
    xlabel, ylabel : str
        Títulos de los ejes; ``ylabel`` puede ser ``None`` (sin título).
    title : str, opcional
        Título de los ejes.
    percent : bool
        Si es ``True``, los valores son fracciones entre 0 y 1 y se dibujan en %.
    logy : bool
        Si es ``True``, el eje vertical es logarítmico.
    xticks : sequence of float, opcional
        Marcas del eje horizontal; por omisión las elige Matplotlib.
    markers : bool
        Si es ``True`` (predeterminado), cada serie lleva un marcador distinto
        en cada punto; con ``False`` se distinguen por el tipo de línea, más
        gruesa, que es lo que conviene para curvas de muchos puntos.
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar; por omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de las curvas.
    """
    check_text(xlabel, "xlabel")
    check_text(ylabel, "ylabel", optional=True)
    check_text(title, "title", optional=True)
    check_bool(percent, "percent")
    check_bool(logy, "logy")
    check_bool(markers, "markers")
    _check_ax(ax)
    if not isinstance(x, (list, tuple, range, np.ndarray)):
        raise TypeError("`x` debe ser una lista de valores del eje horizontal.")
    x = list(x)
    curves = _check_series(series, len(x))
    if xticks is not None:
        xticks = check_array(xticks, "xticks", ndim=1, finite=True)
    ax = _axes_or_new(ax, (7, 4))
    for k, (name, values) in enumerate(curves.items()):
        style = (
            {"marker": _MARKERS[k % len(_MARKERS)]}
            if markers
            else {"linestyle": _LINESTYLES[k % len(_LINESTYLES)], "linewidth": 2.2}
        )
        ax.plot(x, 100 * values if percent else values, label=name, **style)
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(f"{ylabel} (%)" if percent else ylabel)
    if percent:
        ax.set_ylim(0, 105)
    if logy:
        ax.set_yscale("log")
    if xticks is not None:
        ax.set_xticks(xticks)
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax.figure
