"""Piezas que comparten las figuras de :mod:`cnnbook.plots`.

Aquí están los ejes que recibe una función (``ax`` o ``axes``) o la figura que
crea, el título de la figura y los mapas y límites de color comunes. Las
comprobaciones genéricas de argumentos viven en :mod:`cnnbook.validation`; aquí
sólo quedan las propias de las figuras.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

#: Mapas de color divergentes: sólo se usan con límites simétricos alrededor de 0.
DIVERGING = ("RdBu_r", "RdBu", "coolwarm", "bwr", "seismic", "PuOr", "BrBG")


def _check_ax(ax) -> Axes | None:
    """``None`` o unos ejes de Matplotlib donde dibujar."""
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"`ax` debe ser un eje de Matplotlib (Axes) o None; se recibió {ax!r}."
        )
    return ax


def _check_axes(axes, count: int) -> list[Axes] | None:
    """``None`` o exactamente ``count`` ejes, uno por panel, en orden de lectura.

    Admite una lista, una tupla o el arreglo de ejes que devuelve
    ``plt.subplots``.
    """
    if axes is None:
        return None
    flat = []
    if isinstance(axes, (list, tuple, np.ndarray)):
        flat = list(np.ravel(np.asarray(axes, dtype=object)))
    if not flat or not all(isinstance(a, Axes) for a in flat):
        raise TypeError(
            "`axes` debe ser una lista de ejes de Matplotlib (Axes) o None; se "
            f"recibió {axes!r}."
        )
    if len(flat) != count:
        raise ValueError(
            f"`axes` debe tener {count} ejes, uno por panel; tiene {len(flat)}."
        )
    return flat


def _axes_or_new(ax: Axes | None, figsize) -> Axes:
    """Los ejes recibidos o, sin ellos, los de una figura nueva de ``figsize``."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _panels(axes, nrows: int, ncols: int, figsize, **kwargs) -> list[Axes]:
    """Los ejes de ``nrows × ncols`` paneles, en orden de lectura.

    Con ``axes`` (los de quien llama) se comprueba que haya uno por panel; sin
    ellos se crea la figura, con ``kwargs`` para ``plt.subplots``.
    """
    if axes is not None:
        return _check_axes(axes, nrows * ncols)
    _, grid = plt.subplots(
        nrows, ncols, figsize=figsize, layout="constrained", squeeze=False, **kwargs
    )
    return list(grid.flat)


def _grid(axes, nrows: int, ncols: int, figsize) -> list[Axes]:
    """Como :func:`_panels`, con los paneles apagados: cada uno se enciende al usarse.

    Así, los paneles sobrantes de la última fila quedan en blanco.
    """
    panels = _panels(axes, nrows, ncols, figsize)
    for ax in panels:
        ax.axis("off")
    return panels


def _finish(fig, title: str | None):
    """Escribe ``title`` (si lo hay) sobre toda la figura y la devuelve."""
    if title:
        fig.suptitle(title)
    return fig


def _check_cmap(cmap, name: str = "cmap") -> str:
    if not isinstance(cmap, str) or cmap not in plt.colormaps():
        raise ValueError(
            f"`{name}` debe ser el nombre de un mapa de color de Matplotlib, por "
            f"ejemplo 'cividis', 'gray' o 'RdBu_r'; se recibió {cmap!r}."
        )
    return cmap


def _color_limits(arr, cmap: str, vmin, vmax) -> tuple[float, float]:
    """Límites de color; con un mapa divergente se exigen simétricos alrededor de 0.

    >>> _color_limits(np.array([-1, 3]), "RdBu_r", None, None)
    (-3.0, 3.0)
    >>> _color_limits(np.array([2, 2]), "gray", None, None)
    (1.0, 3.0)
    """
    if cmap in DIVERGING:
        if vmin is None and vmax is None:
            lim = float(np.max(np.abs(arr))) or 1.0
            return -lim, lim
        if vmin is None or vmax is None or not np.isclose(vmin, -vmax) or vmax <= 0:
            raise ValueError(
                f"con el mapa divergente {cmap!r}, `vmin` y `vmax` deben ser "
                f"simétricos (vmin = -vmax > 0); se recibió vmin={vmin!r}, vmax={vmax!r}."
            )
        return float(vmin), float(vmax)
    lo = float(np.min(arr)) if vmin is None else float(vmin)
    hi = float(np.max(arr)) if vmax is None else float(vmax)
    if lo == hi:  # matriz constante: cualquier rango que la contenga sirve
        lo, hi = lo - 1.0, hi + 1.0
    if lo > hi:
        raise ValueError(f"`vmin` ({lo:g}) debe ser menor que `vmax` ({hi:g}).")
    return lo, hi
