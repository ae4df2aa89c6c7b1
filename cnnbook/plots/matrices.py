"""Matrices pequeñas con su número escrito en cada celda, y la ventana que se
desliza sobre ellas (capítulos 2 y 3).

:func:`matrix` es la pieza de la que se arman las demás figuras de kernels y
ventanas: :func:`window_steps` aquí, y :func:`~cnnbook.plots.filters` y
:func:`~cnnbook.plots.filter_results` en :mod:`cnnbook.plots.kernels`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from matplotlib.patches import Circle, Rectangle
from matplotlib.patheffects import withStroke

from cnnbook.validation import (
    check_array,
    check_bool,
    check_int,
    check_pair,
    check_real,
    check_text,
    check_texts,
    is_int,
)

from ._common import _axes_or_new, _check_ax, _check_cmap, _color_limits, _finish, _grid
from .style import COLORS

__all__ = ["matrix", "kernel_label", "window_steps"]


def _text_color(rgba) -> str:
    """Negro sobre colores claros, blanco sobre oscuros (luminancia relativa)."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _check_fmt(fmt):
    if not (callable(fmt) or (isinstance(fmt, str) and "{" in fmt)):
        raise TypeError(
            "`fmt` debe ser una cadena de formato como '{:.2f}' o una función que "
            f"convierta un número en texto; se recibió {fmt!r}."
        )
    return fmt


def _check_window(item, shape) -> tuple[int, int, int, int]:
    """Una ventana ``(fila, columna, alto, ancho)`` que cabe en una matriz ``shape``."""
    if (
        not isinstance(item, (tuple, list))
        or len(item) != 4
        or not all(is_int(v) for v in item)
    ):
        raise ValueError(
            "`highlight` debe ser una tupla de cuatro enteros (fila, columna, "
            f"alto, ancho) o una lista de ellas; se recibió {item!r}."
        )
    row, col, height, width = (int(v) for v in item)
    if (
        min(row, col) < 0
        or min(height, width) < 1
        or row + height > shape[0]
        or col + width > shape[1]
    ):
        raise ValueError(
            f"la ventana `highlight` {item!r} se sale de la matriz de "
            f"{shape[0]}×{shape[1]}."
        )
    return row, col, height, width


def _check_windows(highlight, shape) -> list[tuple[int, int, int, int]]:
    """Normaliza ``highlight`` a una lista de ventanas (fila, col, alto, ancho)."""
    if highlight is None:
        return []
    single = (
        isinstance(highlight, tuple)
        and len(highlight) == 4
        and all(not isinstance(v, (tuple, list)) for v in highlight)
    )
    items = [highlight] if single else highlight
    if not isinstance(items, (list, tuple)) or not items:
        raise ValueError(
            "`highlight` debe ser una tupla (fila, columna, alto, ancho) o una lista "
            f"de ellas; se recibió {highlight!r}."
        )
    return [_check_window(item, shape) for item in items]


def _draw_cells(ax, arr: np.ndarray, style: dict, fmt, fontsize: float) -> None:
    """La matriz como imagen y su número en cada celda, del color que contraste."""
    image = ax.imshow(arr, interpolation="nearest", **style)
    for (i, j), value in np.ndenumerate(arr):
        ax.text(
            j,
            i,
            fmt(value) if callable(fmt) else fmt.format(value),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=_text_color(image.cmap(image.norm(value))),
        )


def _label_cells(ax, shape, show_indices: bool, row_labels, col_labels) -> None:
    """Líneas finas entre celdas (para contar) e índices o etiquetas de filas y columnas."""
    ax.set_xticks(np.arange(-0.5, shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks([])
    ax.set_yticks([])
    if show_indices or col_labels is not None:
        ax.set_xticks(range(shape[1]), col_labels or range(shape[1]))
    if show_indices or row_labels is not None:
        ax.set_yticks(range(shape[0]), row_labels or range(shape[0]))
    labelled = row_labels is not None or col_labels is not None
    ax.tick_params(which="major", length=0, labelsize=10 if labelled else 8)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _draw_window(ax, window, color: str) -> None:
    row, col, height, width = window
    ax.add_patch(
        Rectangle(
            (col - 0.5, row - 0.5),
            width,
            height,
            fill=False,
            edgecolor=color,
            linewidth=3.5,
            zorder=3,
            # Halo blanco: el rectángulo se distingue sobre cualquier color.
            path_effects=[withStroke(linewidth=6.5, foreground="white")],
        )
    )


def matrix(
    values,
    ax=None,
    highlight=None,
    title: str | None = None,
    fmt="{:g}",
    cmap: str = "cividis",
    vmin: float | None = None,
    vmax: float | None = None,
    fontsize: float | None = None,
    show_indices: bool = True,
    highlight_color: str = COLORS["bermellon"],
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
):
    """Dibuja una matriz pequeña como imagen, con su número escrito en cada celda.

    Sirve para ver a la vez los valores de una imagen diminuta, de un kernel o de
    un resultado, y su aspecto como imagen. El número se escribe en negro o en
    blanco según lo claro u oscuro del color de la celda.

    Parameters
    ----------
    values : array_like, forma ``(filas, columnas)``
        La matriz (a lo sumo 40 × 40: con más celdas los números no se leen).
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar, para componer paneles; si es ``None`` se crea una
        figura a la medida.
    highlight : tuple o list of tuple, opcional
        Ventana ``(fila, columna, alto, ancho)`` que se encierra en un rectángulo
        grueso (por ejemplo, la región que cubre un kernel), o una lista de ellas.
    title : str, opcional
        Título de los ejes.
    fmt : str o callable
        Formato de cada número: una cadena como ``"{:.2f}"`` o una función que
        recibe el valor y devuelve el texto.
    cmap : str
        Mapa de color: ``"cividis"`` (predeterminado), ``"gray"`` o, para
        valores con signo, ``"RdBu_r"`` (siempre con límites simétricos).
    vmin, vmax : float, opcional
        Límites de color; por omisión, el mínimo y el máximo de ``values`` (o
        ``±max|values|`` con un mapa divergente).
    fontsize : float, opcional
        Tamaño de los números; por omisión se ajusta al tamaño de la matriz.
    show_indices : bool
        Si es ``True`` (predeterminado), numera filas y columnas desde 0.
    highlight_color : str
        Color del rectángulo de ``highlight``.
    row_labels, col_labels : sequence of str, opcional
        Etiquetas de las filas y de las columnas, en lugar de sus índices.

    Returns
    -------
    matplotlib.figure.Figure
        La figura que contiene los ejes.

    Raises
    ------
    TypeError
        Si ``values`` no es numérica, ``fmt`` no es cadena ni función o las
        etiquetas no son textos.
    ValueError
        Si ``values`` no es 2-D, está vacía o es demasiado grande, si la ventana
        ``highlight`` se sale de la matriz, si hay un número de etiquetas
        distinto del de filas o columnas o si los límites de un mapa divergente
        no son simétricos.

    >>> fig = matrix([[1, 2], [3, 4]], highlight=(0, 0, 1, 2))
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['1', '2', '3', '4']
    """
    _check_ax(ax)
    check_text(title, "title", optional=True)
    check_real(vmin, "vmin", optional=True)
    check_real(vmax, "vmax", optional=True)
    check_real(fontsize, "fontsize", optional=True, positive=True)
    check_bool(show_indices, "show_indices")
    check_text(highlight_color, "highlight_color")
    arr = check_array(values, "values", ndim=2, finite=True)
    if arr.shape[0] > 40 or arr.shape[1] > 40:
        raise ValueError(
            f"`values` es demasiado grande para escribir sus números ({arr.shape}); "
            "usa a lo sumo 40 × 40 celdas."
        )
    _check_fmt(fmt)
    windows = _check_windows(highlight, arr.shape)
    check_texts(row_labels, "row_labels", optional=True, length=arr.shape[0])
    check_texts(col_labels, "col_labels", optional=True, length=arr.shape[1])
    lo, hi = _color_limits(arr, _check_cmap(cmap), vmin, vmax)
    ax = _axes_or_new(ax, (0.6 * arr.shape[1] + 1.2, 0.6 * arr.shape[0] + 1.0))
    size = fontsize or max(6.0, 13.0 - 0.45 * max(arr.shape))
    _draw_cells(ax, arr, {"cmap": cmap, "vmin": lo, "vmax": hi}, fmt, size)
    _label_cells(ax, arr.shape, show_indices, row_labels, col_labels)
    for window in windows:
        _draw_window(ax, window, highlight_color)
    if title:
        ax.set_title(title)
    return ax.figure


def kernel_label(value) -> str:
    """Texto corto de un peso de kernel: entero, fracción sencilla o decimal.

    ``1/9`` se escribe como fracción (como en la clase) y ``0.4537`` como
    ``0.45``.

    >>> kernel_label(1 / 9), kernel_label(-8.0), kernel_label(0.4537)
    ('1/9', '-8', '0.45')
    """
    value = check_real(value, "value")
    if value.is_integer():
        return f"{value:g}"
    frac = Fraction(value).limit_denominator(32)
    if frac.denominator > 1 and abs(float(frac) - value) < 1e-9:
        return f"{frac.numerator}/{frac.denominator}"
    return f"{value:.2f}"


def _window_positions(shape, size, stride) -> tuple[list, tuple, tuple, int]:
    """Casillas ``(i, j)`` de la salida en orden de lectura, la ventana, el paso y
    el ancho de la salida."""
    kh, kw = check_pair(size, "size", minimum=1)
    sh, sw = check_pair(stride, "stride", minimum=1)
    if kh > shape[0] or kw > shape[1]:
        raise ValueError(
            f"La ventana `size` de {kh}×{kw} no cabe en `values` de "
            f"{shape[0]}×{shape[1]}."
        )
    out_h, out_w = (shape[0] - kh) // sh + 1, (shape[1] - kw) // sw + 1
    positions = [(i, j) for i in range(out_h) for j in range(out_w)]
    return positions, (kh, kw), (sh, sw), out_w


def _mark_max(ax, arr: np.ndarray, window, first_text: int) -> None:
    """Negrita y un círculo para el mayor número de la ventana ``(fila, col, alto, ancho)``.

    ``first_text`` es cuántos textos tenía ``ax`` antes de escribir la matriz.
    """
    row, col, height, width = window
    region = arr[row : row + height, col : col + width]
    di, dj = np.unravel_index(np.argmax(region), region.shape)
    ax.texts[first_text + (row + di) * arr.shape[1] + col + dj].set_fontweight("bold")
    ax.add_patch(
        Circle(
            (col + dj, row + di),
            0.45,
            fill=False,
            edgecolor=COLORS["bermellon"],
            linewidth=2,
            zorder=4,
        )
    )


def window_steps(
    values,
    size,
    stride=1,
    ncols: int | None = None,
    titles: Sequence[str] | None = None,
    title: str | None = None,
    mark_max: bool = False,
    fmt="{:g}",
    cmap: str = "cividis",
    panel_size: float = 2.4,
    *,
    axes=None,
):
    """Una copia de la matriz por cada posición de una ventana que se desliza.

    En cada panel se resalta, con :func:`matrix`, la ventana de ``size``
    que corresponde a una casilla de la salida, recorriendo las posiciones en
    orden de lectura (de izquierda a derecha y de arriba abajo). Sirve para
    seguir una convolución con paso (*stride*) o una agrupación (*pooling*)
    ventana por ventana. No se añade relleno: si lo hay, ``values`` debe ser la
    matriz ya rellenada.

    Parameters
    ----------
    values : array_like, forma ``(filas, columnas)``
        La matriz (a lo sumo 16 × 16, para que los números se lean).
    size : int o tuple of int
        Lado de la ventana o pareja ``(alto, ancho)``.
    stride : int o tuple of int
        Paso de la ventana (predeterminado 1), o pareja ``(vertical, horizontal)``.
    ncols : int, opcional
        Paneles por fila; por omisión, tantos como columnas tiene la salida.
    titles : sequence of str, opcional
        Un título por panel; por omisión «salida (i, j)».
    title : str, opcional
        Título de la figura.
    mark_max : bool
        Si es ``True``, el número mayor de cada ventana se escribe en negrita y
        se encierra en un círculo (lo que conserva el agrupamiento máximo).
    fmt, cmap
        Como en :func:`matrix`. Todos los paneles comparten los límites de color.
    panel_size : float
        Lado de cada panel en pulgadas (predeterminado 2.4, a lo sumo 8).
    axes : sequence of matplotlib.axes.Axes, opcional
        Los ejes de los paneles en orden de lectura (filas × ``ncols``; los que
        sobran quedan en blanco); por omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con un panel por posición de la ventana.

    Raises
    ------
    TypeError
        Si ``values`` no es numérica, ``size``/``stride`` no son enteros o
        ``titles`` no son textos.
    ValueError
        Si ``values`` no es 2-D o es demasiado grande, la ventana no cabe,
        ``size`` o ``stride`` son menores que 1, ``titles`` no tiene un texto
        por posición o ``ncols``/``panel_size`` no son positivos.
    """
    check_text(title, "title", optional=True)
    panel_size = check_real(panel_size, "panel_size", positive=True, maximum=8)
    arr = check_array(values, "values", ndim=2, finite=True)
    if arr.shape[0] > 16 or arr.shape[1] > 16:
        raise ValueError(
            f"`values` es demasiado grande para un panel por ventana ({arr.shape}); "
            "usa a lo sumo 16 × 16 celdas."
        )
    positions, (kh, kw), (sh, sw), out_w = _window_positions(arr.shape, size, stride)
    if titles is None:
        titles = [f"salida ({i}, {j})" for i, j in positions]
    titles = check_texts(titles, "titles", length=len(positions))
    ncols = out_w if ncols is None else check_int(ncols, "ncols", minimum=1)
    ncols = min(ncols, len(positions))
    check_bool(mark_max, "mark_max")
    _check_fmt(fmt)
    lo, hi = _color_limits(arr, _check_cmap(cmap), None, None)
    nrows = int(np.ceil(len(positions) / ncols))
    aspect = arr.shape[1] / arr.shape[0]
    figsize = (panel_size * aspect * ncols + 0.4, (panel_size + 0.35) * nrows + 0.5)
    axes = _grid(axes, nrows, ncols, figsize)
    style = {"fmt": fmt, "cmap": cmap, "vmin": lo, "vmax": hi, "show_indices": False}
    fontsize = max(6.0, 11.0 - 0.45 * max(arr.shape))
    for ax, (i, j), text in zip(axes, positions, titles, strict=False):
        row, col = i * sh, j * sw
        ax.axis("on")
        first_text = len(ax.texts)
        matrix(arr, ax=ax, highlight=(row, col, kh, kw), fontsize=fontsize, **style)
        ax.set_title(text, fontsize=10)
        if mark_max:
            _mark_max(ax, arr, (row, col, kh, kw), first_text)
    return _finish(axes[0].figure, title)
