"""Animación: un kernel que recorre una imagen rellenada y llena la salida."""

from __future__ import annotations

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.patches import Rectangle

from cnnbook import ops
from cnnbook.validation import check_int

from ._common import _panels
from .style import COLORS

__all__ = ["convolution_animation"]


def _draw_input(ax, padded: np.ndarray, padding: int, n: int, k: int) -> Rectangle:
    """La entrada rellenada (el borde de ceros en gris más claro) con sus números.

    Devuelve el rectángulo de la ventana del kernel, que la animación mueve.
    """
    side = padded.shape[0]
    border = np.ones((side, side), dtype=bool)
    border[padding : side - padding, padding : side - padding] = False
    ax.imshow(np.where(border, 0.85, 0.55), cmap="gray", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(padded):
        ax.text(c, r, str(v), ha="center", va="center", fontsize=9)
    ax.set_title(f"Entrada {n} x {n} con relleno {padding} (gris: ceros)")
    window = Rectangle(
        (-0.5, -0.5), k, k, fill=False, edgecolor=COLORS["bermellon"], linewidth=3
    )
    ax.add_patch(window)
    ax.set_xticks([])
    ax.set_yticks([])
    return window


def _draw_output(ax, out: int, stride: int) -> list[list]:
    """La salida vacía de ``out × out`` casillas; devuelve sus textos, por llenar."""
    ax.imshow(np.full((out, out), 0.95), cmap="gray", vmin=0, vmax=1)
    for i in range(out + 1):
        ax.axhline(i - 0.5, color="0.6", linewidth=1)
        ax.axvline(i - 0.5, color="0.6", linewidth=1)
    texts = [
        [ax.text(c, r, "", ha="center", va="center", fontsize=10) for c in range(out)]
        for r in range(out)
    ]
    ax.set_title(f"Salida {out} x {out} (paso {stride})")
    ax.set_xticks([])
    ax.set_yticks([])
    return texts


def convolution_animation(
    n: int = 6,
    k: int = 3,
    padding: int = 1,
    stride: int = 2,
    seed: int = 0,
    *,
    axes=None,
):
    """Animación de un kernel que recorre una imagen rellenada, con su salida.

    A la izquierda, la imagen de ``n x n`` con un borde de ``padding`` ceros (en
    gris) y la ventana del kernel; a la derecha, la salida, que se llena celda
    por celda con la suma de productos de cada ventana. La imagen y el kernel
    son enteros pequeños al azar, para que las cuentas se puedan seguir.

    Parameters
    ----------
    n : int
        Lado de la imagen, de 1 a 12 (para que los números se lean).
    k : int
        Lado del kernel; debe caber en la imagen rellenada.
    padding : int
        Ceros que se agregan en cada borde.
    stride : int
        Paso del kernel.
    seed : int
        Semilla de la imagen y del kernel.
    axes : pareja de matplotlib.axes.Axes, opcional
        Los ejes de la entrada y de la salida; por omisión se crea una figura.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        La animación (su figura es ``anim._fig``); por ejemplo,
        ``anim.to_jshtml()`` da el reproductor para una página web.
    """
    seed = check_int(seed, "seed", minimum=0)
    n = check_int(n, "n", minimum=1, maximum=12)
    k = check_int(k, "k", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    stride = check_int(stride, "stride", minimum=1)
    if k > n + 2 * padding:
        raise ValueError(
            f"`k` ({k}) no puede exceder la imagen rellenada de {n + 2 * padding}."
        )
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 10, size=(n, n))
    kernel = rng.integers(-1, 2, size=(k, k))
    result = ops.conv2d(image, kernel, padding=padding, stride=stride).astype(int)
    out = result.shape[0]
    ratios = [n + 2 * padding, max(out, 3)]
    ax_in, ax_out = _panels(axes, 1, 2, (9, 4.6), gridspec_kw={"width_ratios": ratios})
    window = _draw_input(ax_in, ops.pad(image, padding), padding, n, k)
    texts = _draw_output(ax_out, out, stride)
    fig = ax_in.figure
    fig.suptitle(f"Kernel {k} x {k}: " + "  ".join(str(row) for row in kernel.tolist()))

    def update(frame):
        r, c = divmod(frame, out)
        window.set_xy((c * stride - 0.5, r * stride - 0.5))
        texts[r][c].set_text(str(result[r, c]))
        return [window, texts[r][c]]

    return FuncAnimation(fig, update, frames=out * out, interval=700, repeat=False)
