"""Volúmenes: la salida de una capa convolucional dibujada como una pila de mapas."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.patches import Rectangle

from cnnbook.validation import check_array, check_real, check_text, check_texts

from ._common import _axes_or_new, _check_ax, _check_cmap, _color_limits

__all__ = ["feature_stack"]


def _stack_layer(ax, plane, corner, zorder: int, style: dict):
    """Un mapa de la pila con su borde; ``corner`` es su esquina inferior izquierda."""
    x0, y0 = corner
    height, width = plane.shape
    shown = ax.imshow(
        plane,
        extent=(x0, x0 + width, y0, y0 + height),
        interpolation="nearest",
        zorder=zorder,
        **style,
    )
    ax.add_patch(
        Rectangle(
            (x0, y0),
            width,
            height,
            fill=False,
            edgecolor="black",
            linewidth=1.0,
            zorder=zorder + 0.5,
        )
    )
    return shown


def feature_stack(
    maps,
    title: str | None = None,
    labels: Sequence[str] | None = None,
    cmap: str = "cividis",
    offset: float = 0.22,
    *,
    ax=None,
):
    """Un volumen ``(alto, ancho, mapas)`` dibujado como una pila de mapas.

    Cada mapa de características se dibuja un poco más arriba y a la derecha
    que el anterior, como cartas de una baraja; el primero queda al frente.
    Todos comparten los mismos límites de color. La figura deja ver que la
    salida de una capa convolucional es un volumen con un plano por filtro.

    Parameters
    ----------
    maps : array_like, forma ``(H, W, F)``
        Los mapas, en el orden de los canales de Keras (a lo sumo 64).
    title : str, opcional
        Título de los ejes; por omisión, la forma del volumen «H × W × F».
    labels : sequence of str, opcional
        Un nombre por mapa; se escriben junto al borde derecho de cada uno.
    cmap : str
        Mapa de color (``"cividis"``, ``"gray"`` o ``"RdBu_r"`` simétrico).
    offset : float
        Desplazamiento entre mapas consecutivos, como fracción del lado de un
        mapa (entre 0.02 y 1; predeterminado 0.22).
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar; por omisión se crea una figura a la medida. La
        barra de color se agrega junto a los ejes.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de la pila.

    Raises
    ------
    TypeError
        Si ``maps`` no es numérico o ``labels`` no son textos.
    ValueError
        Si ``maps`` no tiene 3 dimensiones o más de 64 mapas, ``labels`` no
        tiene un texto por mapa u ``offset`` está fuera de rango.
    """
    check_text(title, "title", optional=True)
    vol = check_array(maps, "maps", ndim=3, finite=True)
    height, width, n_maps = vol.shape
    if n_maps > 64:
        raise ValueError(
            f"`maps` tiene {n_maps} mapas; la pila se lee con a lo sumo 64."
        )
    check_texts(labels, "labels", optional=True, length=n_maps)
    offset = check_real(offset, "offset", minimum=0.02, maximum=1)
    lo, hi = _color_limits(vol, _check_cmap(cmap), None, None)
    _check_ax(ax)
    side = max(height, width)
    dx = dy = offset * side
    total_w = width + dx * (n_maps - 1)
    total_h = height + dy * (n_maps - 1)
    scale = 4.2 / max(total_w, total_h)
    extra_w = 1.6 if labels is not None else 0.6
    ax = _axes_or_new(ax, (total_w * scale + extra_w, total_h * scale + 0.8))
    style = {"cmap": cmap, "vmin": lo, "vmax": hi}
    # Del último al primero: el primer mapa queda al frente.
    for f in range(n_maps - 1, -1, -1):
        shown = _stack_layer(ax, vol[:, :, f], (f * dx, f * dy), n_maps - f, style)
        if labels is not None:
            ax.text(
                f * dx + width + 0.1 * dx,
                f * dy + 0.5 * dy,
                labels[f],
                fontsize=8,
                va="center",
                ha="left",
            )
    ax.set_xlim(-0.02 * side, total_w + (2.5 * dx if labels is not None else 0.05))
    ax.set_ylim(-0.02 * side, total_h + 0.02 * side)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.figure.colorbar(shown, ax=ax, shrink=0.7)
    ax.set_title(title or f"{height} × {width} × {n_maps}")
    return ax.figure
