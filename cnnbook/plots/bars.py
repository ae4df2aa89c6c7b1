"""Exactitudes comparadas: barras por modelo o por clase, barras agrupadas y mapas
de exactitud según el traslado de la imagen de prueba.

Las exactitudes se reciben como fracciones entre 0 y 1 y se dibujan en %.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnbook.validation import check_array, check_real, check_text, check_texts

from ._common import _axes_or_new, _check_ax, _finish, _panels
from .style import COLORS

__all__ = ["accuracy_bars", "grouped_bars", "shift_accuracy_maps"]

#: Color y trama de cada serie de :func:`grouped_bars` (la trama no depende del color).
_GROUP_COLORS = (COLORS["azul"], COLORS["naranja"], COLORS["verde"], COLORS["purpura"])
_HATCHES = ("", "//", "..", "xx")


def _check_accuracies(values, name: str, count: int) -> np.ndarray:
    """``count`` exactitudes entre 0 y 1, una por etiqueta de ``labels``."""
    values = check_array(values, name, ndim=1, finite=True).astype(float)
    if len(values) != count:
        raise ValueError(
            f"`{name}` debe tener {count} valores, uno por etiqueta de `labels`; "
            f"tiene {len(values)}."
        )
    if np.any((values < 0) | (values > 1)):
        raise ValueError(f"`{name}` debe tener exactitudes entre 0 y 1.")
    return values


def _check_reference(reference, count: int) -> list[float | None] | None:
    if reference is None:
        return None
    if isinstance(reference, str) or not isinstance(reference, (list, tuple)):
        raise TypeError(
            "`reference` debe ser una lista de valores (o None), uno por barra; "
            f"se recibió {reference!r}."
        )
    if len(reference) != count:
        raise ValueError("`reference` debe tener la misma longitud que `labels`.")
    return [
        None if r is None else check_real(r, "reference", minimum=0, maximum=1)
        for r in reference
    ]


def _accuracy_axis(ax, pos, labels: list[str], ylabel: str, top: float) -> None:
    """Una etiqueta por barra o grupo, eje de 0 a ``top`` % y rejilla horizontal."""
    ax.set_xticks(pos, labels)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, top)
    ax.grid(axis="y", alpha=0.3)


def accuracy_bars(
    labels: Sequence[str],
    values: Sequence[float],
    reference: Sequence[float | None] | None = None,
    title: str = "Exactitud en el conjunto de prueba",
    reference_label: str = "valor reportado en la clase",
    *,
    ax=None,
):
    """Barras de exactitud (en %), con el valor de referencia de la clase si se da.

    Parameters
    ----------
    labels : sequence of str
        Una etiqueta por barra.
    values : sequence of float
        Una exactitud entre 0 y 1 por barra; se escribe encima en %.
    reference : sequence of float or None, opcional
        El valor que reporta la clase para cada barra (``None`` donde no hay),
        dibujado como un rombo.
    title : str
        Título de los ejes.
    reference_label : str
        Nombre de los rombos en la leyenda.
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar, si quieres componer paneles; por omisión se crea
        una figura de ancho proporcional al número de barras.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de las barras.
    """
    check_text(title, "title")
    check_text(reference_label, "reference_label")
    labels = check_texts(labels, "labels")
    values = _check_accuracies(values, "values", len(labels))
    reference = _check_reference(reference, len(labels))
    _check_ax(ax)
    ax = _axes_or_new(ax, (1.9 * len(labels) + 2.5, 3.8))
    pos = np.arange(len(labels))
    bars = ax.bar(
        pos, 100 * values, color=COLORS["azul"], width=0.6, label="este libro"
    )
    ax.bar_label(bars, labels=[f"{100 * v:.1f} %" for v in values], padding=3)
    if reference is not None:
        ax.scatter(
            [p for p, r in zip(pos, reference, strict=True) if r is not None],
            [100 * r for r in reference if r is not None],
            marker="D",
            s=60,
            color=COLORS["naranja"],
            zorder=3,
            edgecolor="black",
            label=reference_label,
        )
        ax.legend(loc="upper right", fontsize=9)
    _accuracy_axis(ax, pos, labels, "Exactitud (%)", 110)
    ax.set_title(title)
    return ax.figure


def grouped_bars(
    labels: Sequence[str],
    groups: dict,
    title: str | None = None,
    ylabel: str = "Exactitud (%)",
    *,
    ax=None,
):
    """Barras agrupadas de exactitudes (entre 0 y 1), con su valor escrito encima.

    Parameters
    ----------
    labels : sequence of str
        Una etiqueta por grupo de barras (por ejemplo, un modelo).
    groups : dict[str, sequence of float]
        Una serie por color (por ejemplo, "prueba original", "prueba trasladada"),
        con un valor por grupo. Las series se distinguen también por su trama.
    title : str, opcional
        Título de los ejes.
    ylabel : str
        Título del eje vertical.
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar; por omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de las barras agrupadas.
    """
    check_text(title, "title", optional=True)
    check_text(ylabel, "ylabel")
    labels = check_texts(labels, "labels")
    if not labels:
        raise ValueError("`labels` no puede estar vacía: va una etiqueta por grupo.")
    if not isinstance(groups, dict) or not groups:
        raise TypeError("`groups` debe ser un diccionario no vacío nombre -> valores.")
    series = {
        name: _check_accuracies(values, f"groups[{name!r}]", len(labels))
        for name, values in groups.items()
    }
    _check_ax(ax)
    ax = _axes_or_new(ax, (1.6 * len(labels) + 3, 4.2))
    width = 0.8 / len(series)
    pos = np.arange(len(labels))
    for k, (name, values) in enumerate(series.items()):
        bars = ax.bar(
            pos + (k - (len(series) - 1) / 2) * width,
            100 * values,
            width,
            label=name,
            color=_GROUP_COLORS[k % 4],
            hatch=_HATCHES[k % 4],
            edgecolor="white",
        )
        ax.bar_label(
            bars, labels=[f"{100 * v:.1f}" for v in values], padding=2, fontsize=8
        )
    _accuracy_axis(ax, pos, labels, ylabel, 112)
    ax.legend(loc="upper left", fontsize=9, ncols=len(series))
    if title:
        ax.set_title(title)
    return ax.figure


def _check_maps(maps, size: int) -> dict[str, np.ndarray]:
    if not isinstance(maps, dict) or not maps:
        raise TypeError("`maps` debe ser un diccionario no vacío nombre -> mapa.")
    checked = {}
    for name, acc in maps.items():
        acc = check_array(acc, f"maps[{name!r}]", ndim=2)
        if acc.shape != (size, size):
            raise ValueError(
                f"`maps[{name!r}]` debe tener forma ({size}, {size}) como `shifts`; "
                f"tiene {acc.shape}."
            )
        checked[name] = acc
    return checked


def _accuracy_map(ax, acc: np.ndarray, shifts: list, name: str):
    """Un mapa de exactitud (en %) con el valor escrito en cada casilla."""
    image = ax.imshow(100 * acc, cmap="cividis", vmin=0, vmax=100)
    for (i, j), value in np.ndenumerate(100 * acc):
        ax.text(
            j,
            i,
            f"{value:.0f}",
            ha="center",
            va="center",
            fontsize=7,
            color="black" if value > 55 else "white",
        )
    ax.set_xticks(range(len(shifts)), shifts)
    ax.set_yticks(range(len(shifts)), shifts)
    ax.set_xlabel("dx: píxeles a la derecha")
    ax.set_ylabel("dy: píxeles hacia abajo")
    ax.set_title(name)
    return image


def shift_accuracy_maps(
    maps: dict, shifts: Sequence[int], title: str | None = None, *, axes=None
):
    """Mapas de exactitud según el desplazamiento (dy, dx) de la imagen de prueba.

    Parameters
    ----------
    maps : dict[str, ndarray]
        Un mapa por modelo: ``maps[nombre][i, j]`` es la exactitud con las
        imágenes trasladadas ``shifts[i]`` píxeles hacia abajo y ``shifts[j]``
        hacia la derecha.
    shifts : sequence of int
        Los desplazamientos evaluados en cada eje.
    title : str, opcional
        Título de la figura.
    axes : sequence of matplotlib.axes.Axes, opcional
        Un eje por mapa, si quieres componer la figura; por omisión se crea una
        con los mapas en fila y una barra de color común.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con un mapa por modelo.
    """
    check_text(title, "title", optional=True)
    if not isinstance(shifts, (list, tuple, range)):
        raise TypeError("`shifts` debe ser una lista de desplazamientos enteros.")
    shifts = list(shifts)
    checked = _check_maps(maps, len(shifts))
    axes = _panels(axes, 1, len(checked), (4.6 * len(checked) + 0.8, 4.4))
    for ax, (name, acc) in zip(axes, checked.items(), strict=True):
        image = _accuracy_map(ax, acc, shifts, name)
    fig = axes[0].figure
    fig.colorbar(image, ax=axes, label="Exactitud (%)", shrink=0.85)
    return _finish(fig, title)
