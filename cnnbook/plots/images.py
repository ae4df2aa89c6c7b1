"""Imágenes: una sola, dos lado a lado, rejillas de predicciones y rejillas de
imágenes de un canal con límites de color comunes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnbook.validation import (
    check_array,
    check_bool,
    check_int,
    check_labels,
    check_pair,
    check_real,
    check_text,
    check_texts,
)

from ._common import (
    _axes_or_new,
    _check_ax,
    _check_cmap,
    _color_limits,
    _finish,
    _grid,
    _panels,
)
from .style import COLORS

__all__ = ["image", "image_pair", "prediction_grid", "image_grid"]


def _as_image(value, name: str) -> np.ndarray:
    """Una imagen ``(H, W)`` o ``(H, W, 3)``; ``(H, W, 1)`` pierde su canal."""
    arr = check_array(value, name)
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim != 2 and not (arr.ndim == 3 and arr.shape[-1] in (3, 4)):
        raise ValueError(
            f"`{name}` debe tener forma (H, W), (H, W, 1) o (H, W, 3); tiene forma "
            f"{arr.shape}."
        )
    return arr


def _draw_image(ax, image: np.ndarray) -> None:
    """Una imagen sin marcas en los ejes: en grises (de 0 a 255 si es ``uint8``,
    de 0 a 1 si no) o a color."""
    if image.ndim == 2:
        ax.imshow(
            image, cmap="gray", vmin=0, vmax=255 if image.dtype == np.uint8 else 1
        )
    else:
        ax.imshow(image)
    ax.set_xticks([])
    ax.set_yticks([])


def image(image, title: str | None = None, *, frame: bool = True, ax=None):
    """Una imagen en escala de grises o a color, sin marcas en los ejes.

    Una imagen ``uint8`` en grises se dibuja de 0 (negro) a 255 (blanco); una
    real, de 0 a 1.

    Parameters
    ----------
    image : array_like, forma ``(H, W)``, ``(H, W, 1)`` o ``(H, W, 3)``
        La imagen.
    title : str, opcional
        Título de los ejes.
    frame : bool
        Si es ``False``, tampoco se dibuja el marco de los ejes.
    ax : matplotlib.axes.Axes, opcional
        Ejes donde dibujar, para componer paneles; por omisión se crea una
        figura de 3.2 × 3.2 pulgadas.

    Returns
    -------
    matplotlib.figure.Figure
        La figura que contiene la imagen.

    >>> fig = image(np.zeros((4, 4), dtype=np.uint8), title="negro")
    >>> fig.axes[0].images[0].get_clim()
    (0.0, 255.0)
    """
    arr = _as_image(image, "image")
    check_text(title, "title", optional=True)
    check_bool(frame, "frame")
    ax = _axes_or_new(_check_ax(ax), (3.2, 3.2))
    _draw_image(ax, arr)
    if not frame:
        ax.axis("off")
    if title:
        ax.set_title(title)
    return ax.figure


def image_pair(
    left,
    right,
    left_title: str,
    right_title: str,
    suptitle: str | None = None,
    *,
    axes=None,
):
    """Dos imágenes lado a lado (por ejemplo, original y trasladada).

    Una rejilla tenue cada 4 píxeles deja contar cuánto se movió el trazo.

    Parameters
    ----------
    left, right : array_like, forma ``(H, W)``, ``(H, W, 1)`` o ``(H, W, 3)``
        Las dos imágenes.
    left_title, right_title : str
        El título de cada una.
    suptitle : str, opcional
        Título de la figura.
    axes : pareja de matplotlib.axes.Axes, opcional
        Los ejes de las dos imágenes; por omisión se crea una figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura con las dos imágenes.
    """
    check_text(left_title, "left_title")
    check_text(right_title, "right_title")
    check_text(suptitle, "suptitle", optional=True)
    images = (_as_image(left, "left"), _as_image(right, "right"))
    axes = _panels(axes, 1, 2, (6.4, 4.0))
    for ax, img, text in zip(axes, images, (left_title, right_title), strict=True):
        _draw_image(ax, img)
        ax.set_xticks(np.arange(-0.5, img.shape[1], 4), minor=True)
        ax.set_yticks(np.arange(-0.5, img.shape[0], 4), minor=True)
        ax.grid(which="minor", color=COLORS["celeste"], alpha=0.35, linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_title(text)
    return _finish(axes[0].figure, suptitle)


def _as_batch(images) -> np.ndarray:
    images = check_array(images, "images")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(
            "`images` debe ser un lote (N, H, W), (N, H, W, 1) o (N, H, W, 3); "
            f"tiene forma {images.shape}."
        )
    return images


def _prediction_panel(ax, image, true_name: str, pred_name: str, ok: bool) -> None:
    """Una imagen con «pred = … / real = …» y un marco del color del acierto."""
    color = COLORS["azul"] if ok else COLORS["bermellon"]
    ax.axis("on")
    _draw_image(ax, image)
    ax.set_title(
        f"pred = {pred_name} {'✓' if ok else '✗'}\nreal = {true_name}",
        color=color,
        fontsize=10,
    )
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(color)
        spine.set_linewidth(2)


def prediction_grid(
    images,
    y_true: Sequence[int],
    y_pred: Sequence[int],
    class_names: Sequence[str],
    ncols: int = 5,
    title: str | None = None,
    *,
    axes=None,
):
    """Rejilla de imágenes con el título «pred = … / real = …».

    Los aciertos se escriben en azul y los errores en bermellón, con una marca
    (✓ / ✗) para no depender sólo del color.

    Parameters
    ----------
    images : array_like, forma ``(N, H, W)``, ``(N, H, W, 1)`` o ``(N, H, W, 3)``
        Las imágenes.
    y_true, y_pred : sequence of int
        La clase real y la predicha de cada imagen.
    class_names : sequence of str
        El nombre de cada clase.
    ncols : int
        Imágenes por fila (predeterminado 5).
    title : str, opcional
        Título de la figura.
    axes : sequence of matplotlib.axes.Axes, opcional
        Los ejes de la rejilla en orden de lectura, ``ceil(N / ncols) * ncols``
        en total, si quieres componer la figura (los que sobran quedan en
        blanco); por omisión se crea una.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de la rejilla de predicciones.
    """
    class_names = check_texts(class_names, "class_names")
    y_true = check_labels(y_true, "y_true", num_classes=len(class_names))
    y_pred = check_labels(y_pred, "y_pred", num_classes=len(class_names))
    check_text(title, "title", optional=True)
    images = _as_batch(images)
    if not (len(images) == len(y_true) == len(y_pred)):
        raise ValueError(
            "`images`, `y_true` e `y_pred` deben tener la misma longitud (mayor que 0)."
        )
    ncols = check_int(ncols, "ncols", minimum=1)
    nrows = int(np.ceil(len(images) / ncols))
    axes = _grid(axes, nrows, ncols, (2.1 * ncols, 2.5 * nrows))
    for ax, img, t, p in zip(axes, images, y_true, y_pred, strict=False):
        _prediction_panel(ax, img, class_names[t], class_names[p], ok=t == p)
    return _finish(axes[0].figure, title)


def _grid_images(images) -> list[np.ndarray]:
    if isinstance(images, np.ndarray):
        return list(check_array(images, "images", ndim=3, finite=True))
    if isinstance(images, (list, tuple)) and images:
        return [check_array(im, "images", ndim=2, finite=True) for im in images]
    raise ValueError(
        "`images` debe ser un arreglo (N, H, W) o una lista no vacía de imágenes 2-D."
    )


def _check_marks(marks, count: int) -> list:
    if marks is None:
        return [None] * count
    if not isinstance(marks, (list, tuple)):
        raise TypeError(
            "`marks` debe ser una lista con una posición (fila, columna) o None por "
            f"imagen; se recibió {marks!r}."
        )
    if len(marks) != count:
        raise ValueError(
            f"`marks` debe tener un elemento por imagen ({count}); tiene {len(marks)}."
        )
    return [None if m is None else check_pair(m, "marks") for m in marks]


def _grid_panel(ax, im, style: dict, title: str | None, mark) -> object:
    """Un panel de :func:`image_grid`: la imagen, su título y su marca."""
    ax.axis("on")
    shown = ax.imshow(im, interpolation="nearest", **style)
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=10)
    if mark is not None:
        row, col = mark
        ax.plot(col, row, "s", ms=9, mfc="none", mec=COLORS["bermellon"], mew=2)
    return shown


def image_grid(
    images,
    titles: Sequence[str] | None = None,
    ncols: int = 4,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
    row_labels: Sequence[str] | None = None,
    colorbar: bool = False,
    title: str | None = None,
    panel_size: float = 2.3,
    *,
    marks: Sequence | None = None,
    axes=None,
):
    """Rejilla de imágenes de un canal (mapas de respuesta, mapas de características…).

    Todas las imágenes comparten los mismos límites de color, para que sus
    intensidades se puedan comparar; con un mapa divergente (``"RdBu_r"``) los
    límites son simétricos alrededor de 0.

    Parameters
    ----------
    images : array_like o sequence, forma ``(N, H, W)``
        Las imágenes; pueden venir en una lista si tienen tamaños distintos.
    titles : sequence of str, opcional
        Un título por imagen.
    ncols : int
        Imágenes por fila (predeterminado 4).
    cmap : str
        Mapa de color (``"gray"``, ``"cividis"`` o ``"RdBu_r"``).
    vmin, vmax : float, opcional
        Límites de color comunes; por omisión, los de todas las imágenes.
    row_labels : sequence of str, opcional
        Una etiqueta por fila, escrita a la izquierda.
    colorbar : bool
        Si es ``True``, agrega una barra de color común.
    title : str, opcional
        Título de la figura.
    panel_size : float
        Alto de cada panel en pulgadas (predeterminado 2.3, a lo sumo 12).
    marks : sequence, opcional
        Una posición ``(fila, columna)`` o ``None`` por imagen: ese píxel se
        encierra en un cuadro bermellón (por ejemplo, la célula que se sigue).
    axes : sequence of matplotlib.axes.Axes, opcional
        Un eje por panel, en orden de lectura: ``ceil(N / ncols) * ncols`` en
        total, y los que sobran quedan en blanco. Por omisión se crea la figura.

    Returns
    -------
    matplotlib.figure.Figure
        La figura de la rejilla.

    Raises
    ------
    TypeError
        Si alguna imagen no es numérica o ``titles``/``row_labels`` no son textos.
    ValueError
        Si no hay imágenes, alguna no es 2-D, ``ncols`` no es un entero
        positivo, ``panel_size`` no es positivo o ``titles``/``row_labels``/
        ``marks`` no tienen la longitud correcta.
    """
    check_text(title, "title", optional=True)
    check_real(vmin, "vmin", optional=True)
    check_real(vmax, "vmax", optional=True)
    check_bool(colorbar, "colorbar")
    side = check_real(panel_size, "panel_size", positive=True, maximum=12)
    items = _grid_images(images)
    ncols = min(check_int(ncols, "ncols", minimum=1), len(items))
    nrows = int(np.ceil(len(items) / ncols))
    check_texts(titles, "titles", optional=True, length=len(items))
    check_texts(row_labels, "row_labels", optional=True, length=nrows)
    marks = _check_marks(marks, len(items))
    every = np.concatenate([np.ravel(im) for im in items]).astype(float)
    lo, hi = _color_limits(every, _check_cmap(cmap), vmin, vmax)
    height = max(im.shape[0] for im in items)
    width = max(im.shape[1] for im in items)
    figsize = (side * ncols * min(width / height, 2.0) + 0.8, side * nrows + 0.6)
    axes = _grid(axes, nrows, ncols, figsize)
    style = {"cmap": cmap, "vmin": lo, "vmax": hi}
    for idx, im in enumerate(items):
        text = None if titles is None else titles[idx]
        shown = _grid_panel(axes[idx], im, style, text, marks[idx])
    for r, label in enumerate(row_labels or []):
        axes[r * ncols].axis("on")
        axes[r * ncols].set_ylabel(label)
    fig = axes[0].figure
    if colorbar:
        fig.colorbar(shown, ax=axes, shrink=0.8)
    return _finish(fig, title)
