"""Kernels y filtros de convolución: los pesos de una capa ``Conv2D`` y lo que
hace cada kernel con una imagen.

(El módulo no se llama ``filters`` para no confundirse con la función
:func:`~cnnbook.plots.filters`.)

Los pesos se dibujan siempre con el mapa divergente ``RdBu_r`` y límites
simétricos: rojo es positivo, azul negativo y blanco cercano a cero.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from cnnbook import ops
from cnnbook.validation import (
    check_array,
    check_bool,
    check_int,
    check_text,
    check_texts,
)

from ._common import _check_axes, _finish, _grid
from .matrices import kernel_label, matrix

__all__ = ["filters", "filter_results"]


def _two_decimals(value) -> str:
    """Dos decimales, sin escribir «-0.00»."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _as_filter_bank(weights) -> np.ndarray:
    """Los pesos como ``(k, k, C_entrada, F)``, aunque lleguen en 2 o 3 dimensiones."""
    w = check_array(weights, "weights", ndim=(2, 3, 4), finite=True)
    if w.ndim == 2:
        return w[:, :, None, None]
    if w.ndim == 3:
        return w[:, :, None, :]
    return w


def _filter_panel(ax, plane: np.ndarray, lim: float, annotate: bool):
    """Un plano de un filtro, con sus pesos escritos si ``annotate``."""
    ax.axis("on")
    if annotate:
        matrix(
            plane,
            ax=ax,
            fmt=_two_decimals,
            cmap="RdBu_r",
            vmin=-lim,
            vmax=lim,
            show_indices=False,
            fontsize=7,
        )
        return ax.images[-1]
    image = ax.imshow(
        plane, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest"
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return image


def filters(
    weights,
    title: str | None = None,
    names: Sequence[str] | None = None,
    ncols: int = 8,
    annotate: bool = False,
    *,
    axes=None,
):
    """Los filtros de una capa ``Conv2D``, una imagen pequeña por filtro.

    Todos comparten la misma escala de color divergente y simétrica (``RdBu_r``,
    de ``-max|w|`` a ``+max|w|``): rojo es un peso positivo, azul uno negativo y
    blanco un peso cercano a cero, así que los filtros se pueden comparar entre
    sí. Si la capa recibe varios canales (por ejemplo RGB), cada canal de
    entrada ocupa una fila.

    Parameters
    ----------
    weights : array_like, forma ``(k, k, C_entrada, F)``
        Pesos de la capa, en el orden de Keras:
        ``layer.get_weights()[0]``. También se acepta ``(k, k, F)`` o
        ``(k, k)`` (un solo canal de entrada).
    title : str, opcional
        Título de la figura.
    names : sequence of str, opcional
        Un título por filtro; por omisión «filtro 1», «filtro 2», …
    ncols : int
        Filtros por fila (predeterminado 8).
    annotate : bool
        Si es ``True``, escribe cada peso (con dos decimales) en su celda.
    axes : sequence of matplotlib.axes.Axes, opcional
        Los ejes de los paneles en orden de lectura: ``C_entrada`` filas por
        cada bloque de ``ncols`` filtros (los que sobran quedan en blanco); por
        omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con todos los filtros.

    Raises
    ------
    TypeError
        Si ``weights`` no es numérico o ``names`` no es una secuencia de textos.
    ValueError
        Si ``weights`` no tiene 2, 3 o 4 dimensiones, si ``names`` no tiene un
        nombre por filtro o si ``ncols`` no es un entero positivo.
    """
    check_text(title, "title", optional=True)
    w = _as_filter_bank(weights)
    _, _, n_in, n_filters = w.shape
    if names is None:
        names = [f"filtro {f + 1}" for f in range(n_filters)]
    names = check_texts(names, "names", length=n_filters)
    ncols = min(check_int(ncols, "ncols", minimum=1), n_filters)
    check_bool(annotate, "annotate")
    nrows = int(np.ceil(n_filters / ncols)) * n_in
    cell = 1.45 if not annotate else 0.42 * w.shape[1] + 0.5
    # Un mínimo de ancho para que el título y las etiquetas quepan.
    width = max(cell * ncols + 1.2 + 0.4 * (n_in > 1), 5.0)
    axes = _grid(axes, nrows, ncols, (width, cell * nrows + 0.7))
    lim = float(np.max(np.abs(w))) or 1.0
    for f in range(n_filters):
        block, col = divmod(f, ncols)
        for c in range(n_in):
            ax = axes[(block * n_in + c) * ncols + col]
            image = _filter_panel(ax, w[:, :, c, f], lim, annotate)
            if c == 0:
                ax.set_title(names[f], fontsize=10)
            if col == 0 and n_in > 1:
                ax.set_ylabel(f"canal {c}", fontsize=9)
    fig = axes[0].figure
    fig.colorbar(image, ax=axes, shrink=0.8, label="peso")
    return _finish(fig, title)


def _result_style(image, result, kernel):
    """Mapa de color y límites para mostrar el resultado de un kernel.

    Los kernels que suman 0 (detectores de bordes) dan valores con signo: se usa
    ``RdBu_r`` simétrico, recortado en el percentil 99 de ``|resultado|`` para
    que unos pocos píxeles extremos no apaguen el resto. Los demás conservan el
    brillo: se muestran en grises con el rango de la imagen original.
    """
    if abs(float(np.sum(kernel))) < 1e-9:
        lim = float(np.percentile(np.abs(result), 99)) or 1.0
        return "RdBu_r", -lim, lim
    if image.dtype == np.uint8:
        return "gray", 0.0, 255.0
    lo, hi = float(np.min(image)), float(np.max(image))
    return "gray", lo, (hi if hi > lo else lo + 1.0)


def _check_kernels(kernels) -> dict[str, np.ndarray]:
    if not isinstance(kernels, dict):
        raise TypeError(
            "`kernels` debe ser un diccionario nombre -> kernel; se recibió "
            f"{type(kernels).__name__}."
        )
    if not kernels:
        raise ValueError("`kernels` no puede estar vacío.")
    checked = {}
    for name, kernel in kernels.items():
        if not isinstance(name, str):
            raise TypeError(f"los nombres de `kernels` deben ser texto; hay {name!r}.")
        ker = check_array(kernel, f"kernels[{name!r}]", ndim=2, finite=True)
        if ker.shape[0] > 9 or ker.shape[1] > 9:
            raise ValueError(
                f"`kernels[{name!r}]` es demasiado grande para escribir sus pesos "
                f"({ker.shape}); usa kernels de a lo sumo 9 × 9."
            )
        checked[name] = ker
    return checked


def _pair_panels(count: int, ncols: int, aspect: float) -> list:
    """Una figura nueva con ``count`` parejas de ejes (kernel, resultado)."""
    nrows = int(np.ceil(count / ncols))
    fig = plt.figure(
        figsize=(ncols * (1.9 + 2.9 * aspect), nrows * 3.1), layout="constrained"
    )
    grid = fig.add_gridspec(nrows, 2 * ncols, width_ratios=[1.0, 1.5 * aspect] * ncols)
    panels = []
    for idx in range(count):
        row, col = divmod(idx, ncols)
        panels.append(fig.add_subplot(grid[row, 2 * col]))
        panels.append(fig.add_subplot(grid[row, 2 * col + 1]))
    return panels


def _kernel_and_result(ax_k, ax_r, name: str, ker, img, result) -> None:
    """El kernel con sus pesos (y su suma) y, al lado, la imagen filtrada."""
    matrix(
        ker,
        ax=ax_k,
        fmt=kernel_label,
        cmap="RdBu_r",
        show_indices=False,
        fontsize=9 if max(ker.shape) <= 3 else 7,
    )
    ax_k.set_title(f"suma = {kernel_label(round(float(np.sum(ker)), 9))}", fontsize=10)
    cmap, lo, hi = _result_style(img, result, ker)
    ax_r.imshow(result, cmap=cmap, vmin=lo, vmax=hi)
    ax_r.set_xticks([])
    ax_r.set_yticks([])
    ax_r.set_title(name.replace("_", " "))


def filter_results(
    image,
    kernels: dict,
    ncols: int = 3,
    title: str | None = None,
    padding="valid",
    *,
    axes=None,
):
    """Cada kernel como matriz numerada junto al resultado de convolucionar la imagen.

    Para cada entrada de ``kernels`` se dibujan dos paneles: el kernel con sus
    pesos escritos (y su suma en el título) y la imagen filtrada con
    :func:`cnnbook.ops.conv2d`. Los resultados de los kernels que suman 1 se
    muestran en grises con el rango de la imagen (valores fuera de él se
    saturan); los de los kernels que suman 0, con el mapa divergente ``RdBu_r``
    centrado en 0: rojo positivo, azul negativo, blanco sin cambio.

    Parameters
    ----------
    image : array_like, forma ``(H, W)``
        Imagen en escala de grises (``uint8`` o real).
    kernels : dict[str, array_like]
        Nombre -> kernel 2-D, en el orden en que se dibujan.
    ncols : int
        Parejas kernel/resultado por fila (predeterminado 3).
    title : str, opcional
        Título de la figura.
    padding : {"valid", "same"} o int
        Relleno de la convolución, como en :func:`cnnbook.ops.conv2d`.
    axes : sequence of matplotlib.axes.Axes, opcional
        Dos ejes por kernel, en orden: kernel, resultado, kernel, resultado…;
        por omisión se crea una figura con ``ncols`` parejas por fila.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con las parejas kernel / resultado.

    Raises
    ------
    TypeError
        Si ``kernels`` no es un diccionario, un nombre no es texto o algún
        arreglo no es numérico.
    ValueError
        Si ``image`` no es 2-D, ``kernels`` está vacío, algún kernel no es 2-D
        o no cabe en la imagen, o ``ncols`` no es un entero positivo.
    """
    check_text(title, "title", optional=True)
    img = check_array(image, "image", ndim=2, finite=True)
    checked = _check_kernels(kernels)
    ncols = min(check_int(ncols, "ncols", minimum=1), len(checked))
    results = {name: ops.conv2d(img, k, padding=padding) for name, k in checked.items()}
    if axes is None:
        panels = _pair_panels(len(checked), ncols, img.shape[1] / img.shape[0])
    else:
        panels = _check_axes(axes, 2 * len(checked))
    for (name, ker), ax_k, ax_r in zip(
        checked.items(), panels[::2], panels[1::2], strict=True
    ):
        _kernel_and_result(ax_k, ax_r, name, ker, img, results[name])
    return _finish(panels[0].figure, title)
