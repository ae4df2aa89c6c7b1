"""Las figuras que el libro repite: curvas de aprendizaje, rejillas de predicciones,
imágenes comparadas y barras de exactitud.

Al importar el módulo se fija un estilo común (fondo blanco opaco, para que las
figuras se lean también en el modo oscuro del sitio; paleta apta para personas
con daltonismo). Cada función devuelve la figura de Matplotlib que crea.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = [
    "COLORS",
    "setup_style",
    "learning_curves",
    "prediction_grid",
    "image_pair",
    "accuracy_bars",
    "shift_accuracy_maps",
]

#: Paleta de Okabe e Ito, distinguible con los tipos comunes de daltonismo.
COLORS = {
    "azul": "#0072B2",
    "naranja": "#E69F00",
    "verde": "#009E73",
    "bermellon": "#D55E00",
    "celeste": "#56B4E9",
    "purpura": "#CC79A7",
    "amarillo": "#F0E442",
    "negro": "#000000",
}


def setup_style() -> None:
    """Estilo común de las figuras del libro."""
    plt.rcParams.update(
        {
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.transparent": False,
            "figure.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=list(COLORS.values())),
            "image.cmap": "gray",
            "axes.formatter.use_locale": False,
        }
    )


setup_style()


def _check_history(history) -> dict:
    if not isinstance(history, dict) or "loss" not in history:
        raise TypeError(
            "`history` debe ser el diccionario de curvas de un entrenamiento "
            "(con al menos la clave 'loss'), por ejemplo `run.history`."
        )
    return history


def learning_curves(history: dict, title: str = "Curvas de aprendizaje"):
    """Pérdida y exactitud por época, en entrenamiento y (si se midió) en prueba."""
    _check_history(history)
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for ax, metric, label in (
        (axes[0], "loss", "Pérdida (entropía cruzada)"),
        (axes[1], "accuracy", "Exactitud"),
    ):
        if metric in history:
            ax.plot(epochs, history[metric], "o-", label="entrenamiento")
        if f"val_{metric}" in history:
            ax.plot(epochs, history[f"val_{metric}"], "s--", label="prueba")
        ax.set_xlabel("Época")
        ax.set_ylabel(label)
        ax.set_xticks(epochs if len(epochs) <= 20 else epochs[::2])
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return fig


def _as_images(images) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(
            "`images` debe ser un lote (N, H, W), (N, H, W, 1) o (N, H, W, 3); "
            f"tiene forma {images.shape}."
        )
    return images


def _show(ax, image) -> None:
    if image.ndim == 2:
        ax.imshow(
            image, cmap="gray", vmin=0, vmax=255 if image.dtype == np.uint8 else 1
        )
    else:
        ax.imshow(image)
    ax.set_xticks([])
    ax.set_yticks([])


def prediction_grid(
    images,
    y_true: Sequence[int],
    y_pred: Sequence[int],
    class_names: Sequence[str],
    ncols: int = 5,
    title: str | None = None,
):
    """Rejilla de imágenes con el título «pred = … / real = …».

    Los aciertos se escriben en azul y los errores en bermellón, con una marca
    (✓ / ✗) para no depender sólo del color.
    """
    images = _as_images(images)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if not (len(images) == len(y_true) == len(y_pred)) or len(images) == 0:
        raise ValueError(
            "`images`, `y_true` e `y_pred` deben tener la misma longitud (mayor que 0)."
        )
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"`ncols` debe ser un entero positivo; se recibió {ncols!r}.")
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(2.1 * ncols, 2.5 * nrows),
        layout="constrained",
        squeeze=False,
    )
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, t, p in zip(axes.flat, images, y_true, y_pred, strict=False):
        ax.axis("on")
        _show(ax, image)
        ok = int(t) == int(p)
        ax.set_title(
            f"pred = {class_names[int(p)]} {'✓' if ok else '✗'}\nreal = {class_names[int(t)]}",
            color=COLORS["azul"] if ok else COLORS["bermellon"],
            fontsize=10,
        )
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color(COLORS["azul"] if ok else COLORS["bermellon"])
            spine.set_linewidth(2)
    if title:
        fig.suptitle(title)
    return fig


def image_pair(
    left, right, left_title: str, right_title: str, suptitle: str | None = None
):
    """Dos imágenes lado a lado (por ejemplo, original y trasladada)."""
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.6), layout="constrained")
    for ax, image, text in ((axes[0], left, left_title), (axes[1], right, right_title)):
        image = np.asarray(image)
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        if image.ndim not in (2, 3):
            raise ValueError(
                f"cada imagen debe tener forma (H, W) o (H, W, 3); se recibió {image.shape}."
            )
        _show(ax, image)
        # Rejilla tenue: deja ver cuántos píxeles se movió el trazo.
        ax.set_xticks(np.arange(-0.5, image.shape[1], 4), minor=True)
        ax.set_yticks(np.arange(-0.5, image.shape[0], 4), minor=True)
        ax.grid(which="minor", color=COLORS["celeste"], alpha=0.35, linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_title(text)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def accuracy_bars(
    labels: Sequence[str],
    values: Sequence[float],
    reference: Sequence[float | None] | None = None,
    title: str = "Exactitud en el conjunto de prueba",
    reference_label: str = "valor reportado en la clase",
):
    """Barras de exactitud (en %), con el valor de referencia de la clase si se da."""
    labels, values = list(labels), np.asarray(values, dtype=float)
    if len(labels) != len(values) or len(labels) == 0:
        raise ValueError(
            "`labels` y `values` deben tener la misma longitud (mayor que 0)."
        )
    if np.any((values < 0) | (values > 1)):
        raise ValueError("`values` deben ser exactitudes entre 0 y 1.")
    fig, ax = plt.subplots(figsize=(1.9 * len(labels) + 2.5, 3.8), layout="constrained")
    pos = np.arange(len(labels))
    bars = ax.bar(
        pos, 100 * values, color=COLORS["azul"], width=0.6, label="este libro"
    )
    ax.bar_label(bars, labels=[f"{100 * v:.1f} %" for v in values], padding=3)
    if reference is not None:
        if len(reference) != len(labels):
            raise ValueError("`reference` debe tener la misma longitud que `labels`.")
        ref_x = [p for p, r in zip(pos, reference, strict=True) if r is not None]
        ref_y = [100 * r for r in reference if r is not None]
        ax.scatter(
            ref_x,
            ref_y,
            marker="D",
            s=60,
            color=COLORS["naranja"],
            zorder=3,
            edgecolor="black",
            label=reference_label,
        )
        ax.legend(loc="upper right", fontsize=9)
    ax.set_xticks(pos, labels)
    ax.set_ylabel("Exactitud (%)")
    ax.set_ylim(0, 110)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    return fig


def shift_accuracy_maps(maps: dict, shifts: Sequence[int], title: str | None = None):
    """Mapas de exactitud según el desplazamiento (dy, dx) de la imagen de prueba.

    Parameters
    ----------
    maps : dict[str, ndarray]
        Un mapa por modelo: ``maps[nombre][i, j]`` es la exactitud con las
        imágenes trasladadas ``shifts[i]`` píxeles hacia abajo y ``shifts[j]``
        hacia la derecha.
    shifts : sequence of int
        Los desplazamientos evaluados en cada eje.
    """
    shifts = list(shifts)
    if not isinstance(maps, dict) or not maps:
        raise TypeError("`maps` debe ser un diccionario no vacío nombre -> mapa.")
    for name, acc in maps.items():
        if np.shape(acc) != (len(shifts), len(shifts)):
            raise ValueError(
                f"el mapa {name!r} debe tener forma ({len(shifts)}, {len(shifts)}) "
                f"como `shifts`; tiene {np.shape(acc)}."
            )
    fig, axes = plt.subplots(
        1,
        len(maps),
        figsize=(4.6 * len(maps) + 0.8, 4.4),
        layout="constrained",
        squeeze=False,
    )
    for ax, (name, acc) in zip(axes[0], maps.items(), strict=True):
        im = ax.imshow(100 * np.asarray(acc), cmap="cividis", vmin=0, vmax=100)
        for i in range(len(shifts)):
            for j in range(len(shifts)):
                value = 100 * acc[i][j]
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
    fig.colorbar(im, ax=axes[0].tolist(), label="Exactitud (%)", shrink=0.85)
    if title:
        fig.suptitle(title)
    return fig
