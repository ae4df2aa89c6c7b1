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
    "line_chart",
    "grouped_bars",
    "convolution_animation",
    "matrix",
    "kernel_label",
    "filter_results",
    "filters",
    "image_grid",
    "window_steps",
    "feature_stack",
    "compare_curves",
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
    _check_text(title, "title", optional=False)
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
    _check_labels(y_true, "y_true")
    _check_labels(y_pred, "y_pred")
    _check_texts(class_names, "class_names", optional=False)
    _check_text(title, "title")
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
    _check_text(left_title, "left_title", optional=False)
    _check_text(right_title, "right_title", optional=False)
    _check_text(suptitle, "suptitle")
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 4.0), layout="constrained")
    for arg, image, text in (("left", left, left_title), ("right", right, right_title)):
        if not isinstance(text, str):
            raise TypeError(
                f"el título de `{arg}` debe ser un texto; se recibió {text!r}."
            )
        ax = axes[0] if arg == "left" else axes[1]
        image = np.asarray(image)
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        if image.ndim not in (2, 3):
            raise ValueError(
                f"`{arg}` debe tener forma (H, W) o (H, W, 3); se recibió {image.shape}."
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
    _check_text(title, "title", optional=False)
    _check_text(reference_label, "reference_label", optional=False)
    if not isinstance(labels, (list, tuple)) or not all(
        isinstance(t, str) for t in labels
    ):
        raise TypeError(
            "`labels` debe ser una lista de textos (una etiqueta por barra)."
        )
    if not isinstance(values, (list, tuple, np.ndarray)):
        raise TypeError("`values` debe ser una lista de exactitudes entre 0 y 1.")
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
        if isinstance(reference, str) or not isinstance(reference, (list, tuple)):
            raise TypeError(
                "`reference` debe ser una lista de valores (o None), uno por barra; "
                f"se recibió {reference!r}."
            )
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
    _check_text(title, "title")
    if not isinstance(maps, dict) or not maps:
        raise TypeError("`maps` debe ser un diccionario no vacío nombre -> mapa.")
    if not isinstance(shifts, (list, tuple, range)):
        raise TypeError("`shifts` debe ser una lista de desplazamientos enteros.")
    shifts = list(shifts)
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


# ---------------------------------------------------------------------------
# Matrices, kernels y filtros (capítulo 2 en adelante)
# ---------------------------------------------------------------------------

#: Mapas de color divergentes: sólo se usan con límites simétricos alrededor de 0.
_DIVERGING = ("RdBu_r", "RdBu", "coolwarm", "bwr", "seismic", "PuOr", "BrBG")


def _numeric_array(values, name: str, ndim: tuple[int, ...]) -> np.ndarray:
    """Convierte ``values`` en arreglo numérico con ``ndim`` dimensiones válidas."""
    try:
        arr = np.asarray(values)
    except ValueError as exc:  # listas irregulares
        raise ValueError(
            f"`{name}` debe ser un arreglo rectangular; sus filas no tienen todas "
            "la misma longitud."
        ) from exc
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(
            f"`{name}` debe contener números enteros o reales; su tipo es {arr.dtype}."
        )
    if arr.ndim not in ndim:
        dims = " o ".join(str(d) for d in ndim)
        raise ValueError(
            f"`{name}` debe tener {dims} dimensiones; tiene forma {arr.shape}."
        )
    if arr.size == 0:
        raise ValueError(f"`{name}` no puede estar vacío; tiene forma {arr.shape}.")
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}` contiene valores no finitos (NaN o infinito).")
    return arr


def _check_text(value, name: str, optional: bool = True):
    """Un texto (o ``None`` si es opcional): títulos, etiquetas, colores."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        kind = "un texto o None" if optional else "un texto"
        raise TypeError(f"`{name}` debe ser {kind}; se recibió {value!r}.")
    return value


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"`{name}` debe ser True o False; se recibió {value!r}.")
    return value


def _check_real(value, name: str, optional: bool = True, positive: bool = False):
    """Un número real finito (o ``None`` si es opcional)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        kind = "un número o None" if optional else "un número"
        raise TypeError(f"`{name}` debe ser {kind}; se recibió {value!r}.")
    if not np.isfinite(value) or (positive and value <= 0):
        kind = "positivo" if positive else "finito"
        raise ValueError(f"`{name}` debe ser un número {kind}; se recibió {value!r}.")
    return float(value)


def _check_ax(ax) -> None:
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"`ax` debe ser un eje de Matplotlib (Axes) o None; se recibió {ax!r}."
        )


def _is_text_list(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value)


def _check_texts(value, name: str, optional: bool = True):
    """Una lista (o tupla) de textos, o ``None`` si es opcional."""
    if value is None and optional:
        return None
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(f"`{name}` debe ser una lista de textos; se recibió {value!r}.")
    if not all(isinstance(t, str) for t in value):
        raise TypeError(f"`{name}` debe contener sólo textos; se recibió {value!r}.")
    return value


def _check_labels(value, name: str) -> np.ndarray:
    """Una secuencia de etiquetas de clase enteras (no negativas)."""
    if isinstance(value, (str, bytes)) or not isinstance(
        value, (list, tuple, np.ndarray)
    ):
        raise TypeError(
            f"`{name}` debe ser una lista de etiquetas enteras; se recibió {value!r}."
        )
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(
            f"`{name}` debe ser una lista plana de etiquetas enteras; se recibió "
            f"forma {arr.shape} y tipo {arr.dtype}."
        )
    if arr.size and arr.min() < 0:
        raise ValueError(f"`{name}` no puede tener etiquetas negativas.")
    return arr


def _check_positive(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"`{name}` debe ser un entero positivo; se recibió {value!r}.")
    return int(value)


def _check_cmap(cmap, name: str = "cmap") -> str:
    if not isinstance(cmap, str) or cmap not in plt.colormaps():
        raise ValueError(
            f"`{name}` debe ser el nombre de un mapa de color de Matplotlib, por "
            f"ejemplo 'cividis', 'gray' o 'RdBu_r'; se recibió {cmap!r}."
        )
    return cmap


def _color_limits(arr, cmap: str, vmin, vmax) -> tuple[float, float]:
    """Límites de color; con un mapa divergente se exigen simétricos alrededor de 0."""
    if cmap in _DIVERGING:
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


def _text_color(rgba) -> str:
    """Negro sobre colores claros, blanco sobre oscuros (luminancia relativa)."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _check_windows(highlight, shape) -> list[tuple[int, int, int, int]]:
    """Normaliza ``highlight`` a una lista de ventanas (fila, col, alto, ancho)."""
    if highlight is None:
        return []
    items = (
        [highlight]
        if isinstance(highlight, tuple)
        and len(highlight) == 4
        and all(not isinstance(v, (tuple, list)) for v in highlight)
        else highlight
    )
    if not isinstance(items, (list, tuple)) or not items:
        raise ValueError(
            "`highlight` debe ser una tupla (fila, columna, alto, ancho) o una lista "
            f"de ellas; se recibió {highlight!r}."
        )
    windows = []
    for item in items:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 4
            or not all(
                isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                for v in item
            )
        ):
            raise ValueError(
                "`highlight` debe ser una tupla de cuatro enteros (fila, columna, "
                f"alto, ancho) o una lista de ellas; se recibió {item!r}."
            )
        row, col, height, width = (int(v) for v in item)
        if (
            row < 0
            or col < 0
            or height < 1
            or width < 1
            or row + height > shape[0]
            or col + width > shape[1]
        ):
            raise ValueError(
                f"la ventana `highlight` {item!r} se sale de la matriz de "
                f"{shape[0]}×{shape[1]}."
            )
        windows.append((row, col, height, width))
    return windows


def _format_value(fmt, value) -> str:
    return fmt(value) if callable(fmt) else fmt.format(value)


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
        Ejes donde dibujar; si es ``None`` se crea una figura a la medida.
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
    """
    _check_ax(ax)
    _check_text(title, "title")
    _check_real(vmin, "vmin")
    _check_real(vmax, "vmax")
    _check_real(fontsize, "fontsize", positive=True)
    _check_flag(show_indices, "show_indices")
    _check_text(highlight_color, "highlight_color", optional=False)
    from matplotlib.patches import Rectangle
    from matplotlib.patheffects import withStroke

    arr = _numeric_array(values, "values", (2,))
    if arr.shape[0] > 40 or arr.shape[1] > 40:
        raise ValueError(
            f"`values` es demasiado grande para escribir sus números ({arr.shape}); "
            "use a lo sumo 40 × 40 celdas."
        )
    if not (callable(fmt) or (isinstance(fmt, str) and "{" in fmt)):
        raise TypeError(
            "`fmt` debe ser una cadena de formato como '{:.2f}' o una función que "
            f"convierta un número en texto; se recibió {fmt!r}."
        )
    _check_cmap(cmap)
    windows = _check_windows(highlight, arr.shape)
    for arg, labels, expected in (
        ("row_labels", row_labels, arr.shape[0]),
        ("col_labels", col_labels, arr.shape[1]),
    ):
        if labels is None:
            continue
        if not _is_text_list(labels):
            raise TypeError(f"`{arg}` debe ser una lista de textos.")
        if len(labels) != expected:
            raise ValueError(
                f"`{arg}` debe tener {expected} elementos; tiene {len(labels)}."
            )
    if ax is None:
        n_rows, n_cols = arr.shape
        _, ax = plt.subplots(
            figsize=(0.6 * n_cols + 1.2, 0.6 * n_rows + 1.0), layout="constrained"
        )
    lo, hi = _color_limits(arr, cmap, vmin, vmax)
    image = ax.imshow(arr, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
    size = fontsize or max(6.0, 13.0 - 0.45 * max(arr.shape))
    for (i, j), value in np.ndenumerate(arr):
        ax.text(
            j,
            i,
            _format_value(fmt, value),
            ha="center",
            va="center",
            fontsize=size,
            color=_text_color(image.cmap(image.norm(value))),
        )
    # Líneas finas entre celdas para contar filas y columnas.
    ax.set_xticks(np.arange(-0.5, arr.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, arr.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks([])
    ax.set_yticks([])
    if show_indices or col_labels is not None:
        ax.set_xticks(range(arr.shape[1]), col_labels or range(arr.shape[1]))
    if show_indices or row_labels is not None:
        ax.set_yticks(range(arr.shape[0]), row_labels or range(arr.shape[0]))
    labelled = row_labels is not None or col_labels is not None
    ax.tick_params(which="major", length=0, labelsize=10 if labelled else 8)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for row, col, height, width in windows:
        ax.add_patch(
            Rectangle(
                (col - 0.5, row - 0.5),
                width,
                height,
                fill=False,
                edgecolor=highlight_color,
                linewidth=3.5,
                zorder=3,
                # Halo blanco: el rectángulo se distingue sobre cualquier color.
                path_effects=[withStroke(linewidth=6.5, foreground="white")],
            )
        )
    if title:
        ax.set_title(title)
    return ax.figure


def kernel_label(value) -> str:
    """Texto corto de un peso de kernel: entero, fracción sencilla o decimal.

    ``1/9`` se escribe como fracción (como en la clase) y ``0.4537`` como
    ``0.45``.
    """
    from fractions import Fraction

    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"`value` debe ser un número; se recibió {value!r}.")
    value = float(value)
    if value.is_integer():
        return f"{value:g}"
    frac = Fraction(value).limit_denominator(32)
    if frac.denominator > 1 and abs(float(frac) - value) < 1e-9:
        return f"{frac.numerator}/{frac.denominator}"
    return f"{value:.2f}"


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


def filter_results(
    image,
    kernels: dict,
    ncols: int = 3,
    title: str | None = None,
    padding="valid",
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

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        Si ``kernels`` no es un diccionario, un nombre no es texto o algún
        arreglo no es numérico.
    ValueError
        Si ``image`` no es 2-D, ``kernels`` está vacío, algún kernel no es 2-D
        o no cabe en la imagen, o ``ncols`` no es un entero positivo.
    """
    _check_text(title, "title")
    from cnnbook import ops

    img = _numeric_array(image, "image", (2,))
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
        ker = _numeric_array(kernel, f"kernels[{name!r}]", (2,))
        if ker.shape[0] > 9 or ker.shape[1] > 9:
            raise ValueError(
                f"`kernels[{name!r}]` es demasiado grande para escribir sus pesos "
                f"({ker.shape}); use kernels de a lo sumo 9 × 9."
            )
        checked[name] = ker
    ncols = _check_positive(ncols, "ncols")
    ncols = min(ncols, len(checked))
    nrows = int(np.ceil(len(checked) / ncols))
    aspect = img.shape[1] / img.shape[0]
    fig = plt.figure(
        figsize=(ncols * (1.9 + 2.9 * aspect), nrows * 3.1), layout="constrained"
    )
    grid = fig.add_gridspec(nrows, 2 * ncols, width_ratios=[1.0, 1.5 * aspect] * ncols)
    for idx, (name, ker) in enumerate(checked.items()):
        row, col = divmod(idx, ncols)
        ax_k = fig.add_subplot(grid[row, 2 * col])
        ax_r = fig.add_subplot(grid[row, 2 * col + 1])
        total = float(np.sum(ker))
        matrix(
            ker,
            ax=ax_k,
            fmt=kernel_label,
            cmap="RdBu_r",
            show_indices=False,
            fontsize=9 if max(ker.shape) <= 3 else 7,
            title=f"suma = {kernel_label(round(total, 9))}",
        )
        ax_k.title.set_fontsize(10)
        result = ops.conv2d(img, ker, padding=padding)
        cmap, lo, hi = _result_style(img, result, ker)
        ax_r.imshow(result, cmap=cmap, vmin=lo, vmax=hi)
        ax_r.set_xticks([])
        ax_r.set_yticks([])
        ax_r.set_title(name.replace("_", " "))
    if title:
        fig.suptitle(title)
    return fig


def _two_decimals(value) -> str:
    """Dos decimales, sin escribir «-0.00»."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def filters(
    weights,
    title: str | None = None,
    names: Sequence[str] | None = None,
    ncols: int = 8,
    annotate: bool = False,
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

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        Si ``weights`` no es numérico o ``names`` no es una secuencia de textos.
    ValueError
        Si ``weights`` no tiene 2, 3 o 4 dimensiones, si ``names`` no tiene un
        nombre por filtro o si ``ncols`` no es un entero positivo.
    """
    _check_text(title, "title")
    w = _numeric_array(weights, "weights", (2, 3, 4))
    if w.ndim == 2:
        w = w[:, :, None, None]
    elif w.ndim == 3:
        w = w[:, :, None, :]
    _, _, n_in, n_filters = w.shape
    if names is None:
        names = [f"filtro {f + 1}" for f in range(n_filters)]
    elif not _is_text_list(names):
        raise TypeError("`names` debe ser una lista de textos, uno por filtro.")
    names = list(names)
    if len(names) != n_filters:
        raise ValueError(
            f"`names` debe tener un nombre por filtro ({n_filters}); tiene {len(names)}."
        )
    ncols = min(_check_positive(ncols, "ncols"), n_filters)
    if not isinstance(annotate, bool):
        raise TypeError(f"`annotate` debe ser True o False; se recibió {annotate!r}.")
    blocks = int(np.ceil(n_filters / ncols))
    nrows = blocks * n_in
    cell = 1.45 if not annotate else 0.42 * w.shape[1] + 0.5
    fig, axes = plt.subplots(
        nrows,
        ncols,
        # Un mínimo de ancho para que el título y las etiquetas quepan.
        figsize=(max(cell * ncols + 1.2 + 0.4 * (n_in > 1), 5.0), cell * nrows + 0.7),
        layout="constrained",
        squeeze=False,
    )
    lim = float(np.max(np.abs(w))) or 1.0
    image = None
    for ax in axes.flat:
        ax.axis("off")
    for f in range(n_filters):
        block, col = divmod(f, ncols)
        for c in range(n_in):
            ax = axes[block * n_in + c, col]
            ax.axis("on")
            if annotate:
                matrix(
                    w[:, :, c, f],
                    ax=ax,
                    fmt=_two_decimals,
                    cmap="RdBu_r",
                    vmin=-lim,
                    vmax=lim,
                    show_indices=False,
                    fontsize=7,
                )
                image = ax.images[-1]
            else:
                image = ax.imshow(
                    w[:, :, c, f],
                    cmap="RdBu_r",
                    vmin=-lim,
                    vmax=lim,
                    interpolation="nearest",
                )
                ax.set_xticks([])
                ax.set_yticks([])
            if c == 0:
                ax.set_title(names[f], fontsize=10)
            if col == 0 and n_in > 1:
                ax.set_ylabel(f"canal {c}", fontsize=9)
    fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8, label="peso")
    if title:
        fig.suptitle(title)
    return fig


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
        Alto de cada panel en pulgadas (predeterminado 2.3).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        Si alguna imagen no es numérica o ``titles``/``row_labels`` no son textos.
    ValueError
        Si no hay imágenes, alguna no es 2-D, ``ncols`` no es un entero
        positivo, ``panel_size`` no es positivo o ``titles``/``row_labels`` no
        tienen la longitud correcta.
    """
    _check_text(title, "title")
    _check_real(vmin, "vmin")
    _check_real(vmax, "vmax")
    _check_flag(colorbar, "colorbar")
    _check_real(panel_size, "panel_size", optional=False, positive=True)
    if isinstance(images, np.ndarray):
        arr = _numeric_array(images, "images", (3,))
        items = list(arr)
    elif isinstance(images, (list, tuple)) and images:
        items = [_numeric_array(im, "images", (2,)) for im in images]
    else:
        raise ValueError(
            "`images` debe ser un arreglo (N, H, W) o una lista no vacía de imágenes 2-D."
        )
    n = len(items)
    ncols = min(_check_positive(ncols, "ncols"), n)
    nrows = int(np.ceil(n / ncols))
    for arg, labels, expected in (
        ("titles", titles, n),
        ("row_labels", row_labels, nrows),
    ):
        if labels is None:
            continue
        if not _is_text_list(labels):
            raise TypeError(f"`{arg}` debe ser una lista de textos.")
        if len(labels) != expected:
            raise ValueError(
                f"`{arg}` debe tener {expected} elementos; tiene {len(labels)}."
            )
    _check_cmap(cmap)
    every = np.concatenate([np.ravel(im) for im in items]).astype(float)
    lo, hi = _color_limits(every, cmap, vmin, vmax)
    if (
        isinstance(panel_size, bool)
        or not isinstance(panel_size, (int, float))
        or not 0 < panel_size <= 12
    ):
        raise ValueError(
            "`panel_size` debe ser un número positivo de pulgadas (a lo sumo 12); "
            f"se recibió {panel_size!r}."
        )
    height = max(im.shape[0] for im in items)
    width = max(im.shape[1] for im in items)
    side = float(panel_size)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(side * ncols * min(width / height, 2.0) + 0.8, side * nrows + 0.6),
        layout="constrained",
        squeeze=False,
    )
    for ax in axes.flat:
        ax.axis("off")
    shown = None
    for idx, im in enumerate(items):
        ax = axes.flat[idx]
        ax.axis("on")
        shown = ax.imshow(im, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[idx], fontsize=10)
    if row_labels is not None:
        for r, label in enumerate(row_labels):
            axes[r, 0].axis("on")
            axes[r, 0].set_ylabel(label)
    if colorbar:
        fig.colorbar(shown, ax=axes.ravel().tolist(), shrink=0.8)
    if title:
        fig.suptitle(title)
    return fig


def line_chart(
    x: Sequence[float],
    series: dict,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    percent: bool = False,
    logy: bool = False,
):
    """Varias curvas ``series[nombre]`` contra ``x``, con marcadores distintos."""
    _check_text(xlabel, "xlabel", optional=False)
    _check_text(ylabel, "ylabel", optional=False)
    _check_text(title, "title")
    _check_flag(percent, "percent")
    _check_flag(logy, "logy")
    if not isinstance(x, (list, tuple, range, np.ndarray)):
        raise TypeError("`x` debe ser una lista de valores del eje horizontal.")
    x = list(x)
    if not isinstance(series, dict) or not series:
        raise TypeError("`series` debe ser un diccionario no vacío nombre -> valores.")
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    markers = "osD^vP*X"
    for k, (name, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        if len(values) != len(x):
            raise ValueError(
                f"la serie {name!r} de `series` debe tener {len(x)} valores."
            )
        ax.plot(
            x, 100 * values if percent else values, marker=markers[k % 8], label=name
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"{ylabel} (%)" if percent else ylabel)
    if percent:
        ax.set_ylim(0, 105)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


# ---------------------------------------------------------------------------
# Ventanas, volúmenes y comparación de entrenamientos (capítulo 3)
# ---------------------------------------------------------------------------


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
        Lado de cada panel en pulgadas (predeterminado 2.4).

    Returns
    -------
    matplotlib.figure.Figure

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
    _check_text(title, "title")
    _check_real(panel_size, "panel_size", optional=False, positive=True)
    from matplotlib.patches import Circle

    from cnnbook import ops

    arr = _numeric_array(values, "values", (2,))
    if arr.shape[0] > 16 or arr.shape[1] > 16:
        raise ValueError(
            f"`values` es demasiado grande para un panel por ventana ({arr.shape}); "
            "use a lo sumo 16 × 16 celdas."
        )
    kh, kw = ops._check_pair(size, "size", 1)
    sh, sw = ops._check_pair(stride, "stride", 1)
    if kh > arr.shape[0] or kw > arr.shape[1]:
        raise ValueError(
            f"La ventana `size` de {kh}×{kw} no cabe en `values` de "
            f"{arr.shape[0]}×{arr.shape[1]}."
        )
    out_h = ops.output_size(arr.shape[0], kh, 0, sh)
    out_w = ops.output_size(arr.shape[1], kw, 0, sw)
    positions = [(i, j) for i in range(out_h) for j in range(out_w)]
    if titles is None:
        titles = [f"salida ({i}, {j})" for i, j in positions]
    elif not _is_text_list(titles):
        raise TypeError("`titles` debe ser una lista de textos, uno por posición.")
    titles = list(titles)
    if len(titles) != len(positions):
        raise ValueError(
            f"`titles` debe tener un texto por posición de la ventana "
            f"({len(positions)}); tiene {len(titles)}."
        )
    ncols = out_w if ncols is None else _check_positive(ncols, "ncols")
    ncols = min(ncols, len(positions))
    if (
        isinstance(panel_size, bool)
        or not isinstance(panel_size, (int, float))
        or not 0 < panel_size <= 8
    ):
        raise ValueError(
            "`panel_size` debe ser un número positivo de pulgadas (a lo sumo 8); "
            f"se recibió {panel_size!r}."
        )
    if not isinstance(mark_max, bool):
        raise TypeError(f"`mark_max` debe ser True o False; se recibió {mark_max!r}.")
    _check_cmap(cmap)
    lo, hi = _color_limits(arr, cmap, None, None)
    nrows = int(np.ceil(len(positions) / ncols))
    aspect = arr.shape[1] / arr.shape[0]
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_size * aspect * ncols + 0.4, (panel_size + 0.35) * nrows + 0.5),
        layout="constrained",
        squeeze=False,
    )
    for ax in axes.flat:
        ax.axis("off")
    fontsize = max(6.0, 11.0 - 0.45 * max(arr.shape))
    for ax, (i, j), text in zip(axes.flat, positions, titles, strict=False):
        ax.axis("on")
        row, col = i * sh, j * sw
        matrix(
            arr,
            ax=ax,
            highlight=(row, col, kh, kw),
            fmt=fmt,
            cmap=cmap,
            vmin=lo,
            vmax=hi,
            fontsize=fontsize,
            show_indices=False,
        )
        ax.set_title(text, fontsize=10)
        if mark_max:
            window = arr[row : row + kh, col : col + kw]
            di, dj = np.unravel_index(np.argmax(window), window.shape)
            ax.texts[(row + di) * arr.shape[1] + col + dj].set_fontweight("bold")
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
    if title:
        fig.suptitle(title)
    return fig


def feature_stack(
    maps,
    title: str | None = None,
    labels: Sequence[str] | None = None,
    cmap: str = "cividis",
    offset: float = 0.22,
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
        Título de la figura; por omisión, la forma del volumen «H × W × F».
    labels : sequence of str, opcional
        Un nombre por mapa; se escriben junto al borde derecho de cada uno.
    cmap : str
        Mapa de color (``"cividis"``, ``"gray"`` o ``"RdBu_r"`` simétrico).
    offset : float
        Desplazamiento entre mapas consecutivos, como fracción del lado de un
        mapa (entre 0.02 y 1; predeterminado 0.22).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        Si ``maps`` no es numérico o ``labels`` no son textos.
    ValueError
        Si ``maps`` no tiene 3 dimensiones o más de 64 mapas, ``labels`` no
        tiene un texto por mapa u ``offset`` está fuera de rango.
    """
    _check_text(title, "title")
    from matplotlib.patches import Rectangle

    vol = _numeric_array(maps, "maps", (3,))
    height, width, n_maps = vol.shape
    if n_maps > 64:
        raise ValueError(
            f"`maps` tiene {n_maps} mapas; la pila se lee con a lo sumo 64."
        )
    if labels is not None:
        if not _is_text_list(labels):
            raise TypeError("`labels` debe ser una lista de textos, uno por mapa.")
        if len(labels) != n_maps:
            raise ValueError(
                f"`labels` debe tener un texto por mapa ({n_maps}); tiene {len(labels)}."
            )
    if (
        isinstance(offset, bool)
        or not isinstance(offset, (int, float))
        or not 0.02 <= offset <= 1
    ):
        raise ValueError(
            f"`offset` debe ser un número entre 0.02 y 1; se recibió {offset!r}."
        )
    _check_cmap(cmap)
    lo, hi = _color_limits(vol, cmap, None, None)
    side = max(height, width)
    dx = dy = offset * side
    total_w = width + dx * (n_maps - 1)
    total_h = height + dy * (n_maps - 1)
    scale = 4.2 / max(total_w, total_h)
    fig, ax = plt.subplots(
        figsize=(
            total_w * scale + (1.6 if labels is not None else 0.6),
            total_h * scale + 0.8,
        ),
        layout="constrained",
    )
    shown = None
    # Del último al primero: el primer mapa queda al frente.
    for f in range(n_maps - 1, -1, -1):
        x0, y0 = f * dx, f * dy
        shown = ax.imshow(
            vol[:, :, f],
            cmap=cmap,
            vmin=lo,
            vmax=hi,
            extent=(x0, x0 + width, y0, y0 + height),
            interpolation="nearest",
            zorder=n_maps - f,
        )
        ax.add_patch(
            Rectangle(
                (x0, y0),
                width,
                height,
                fill=False,
                edgecolor="black",
                linewidth=1.0,
                zorder=n_maps - f + 0.5,
            )
        )
        if labels is not None:
            ax.text(
                x0 + width + 0.1 * dx,
                y0 + 0.5 * dy,
                labels[f],
                fontsize=8,
                va="center",
                ha="left",
            )
    ax.set_xlim(-0.02 * side, total_w + (2.5 * dx if labels is not None else 0.05))
    ax.set_ylim(-0.02 * side, total_h + 0.02 * side)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(shown, ax=ax, shrink=0.7)
    ax.set_title(title or f"{height} × {width} × {n_maps}")
    return fig


def compare_curves(histories: dict, title: str | None = None):
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

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        Si ``histories`` no es un diccionario no vacío o alguna curva no tiene
        la clave ``'loss'``.
    """
    _check_text(title, "title")
    if not isinstance(histories, dict) or not histories:
        raise TypeError(
            "`histories` debe ser un diccionario no vacío nombre -> history."
        )
    for history in histories.values():
        _check_history(history)
    palette = list(COLORS.values())
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    longest = 1
    for k, (name, history) in enumerate(histories.items()):
        color = palette[k % len(palette)]
        epochs = np.arange(1, len(history["loss"]) + 1)
        longest = max(longest, len(epochs))
        for ax, metric in ((axes[0], "loss"), (axes[1], "accuracy")):
            if metric in history:
                ax.plot(
                    epochs,
                    history[metric],
                    "o-",
                    color=color,
                    label=f"{name}, entrenamiento",
                )
            if f"val_{metric}" in history:
                ax.plot(
                    epochs,
                    history[f"val_{metric}"],
                    "s--",
                    color=color,
                    label=f"{name}, prueba",
                )
    ticks = np.arange(1, longest + 1)
    for ax, label in (
        (axes[0], "Pérdida (entropía cruzada)"),
        (axes[1], "Exactitud"),
    ):
        ax.set_xlabel("Época")
        ax.set_ylabel(label)
        ax.set_xticks(ticks if longest <= 20 else ticks[::2])
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def grouped_bars(
    labels: Sequence[str],
    groups: dict,
    title: str | None = None,
    ylabel: str = "Exactitud (%)",
):
    """Barras agrupadas de exactitudes (entre 0 y 1), con su valor escrito encima.

    Parameters
    ----------
    labels : sequence of str
        Una etiqueta por grupo de barras (por ejemplo, un modelo).
    groups : dict[str, sequence of float]
        Una serie por color (por ejemplo, "prueba original", "prueba trasladada").
    """
    _check_text(title, "title")
    _check_text(ylabel, "ylabel", optional=False)
    if not isinstance(labels, (list, tuple)) or not all(
        isinstance(t, str) for t in labels
    ):
        raise TypeError(
            "`labels` debe ser una lista de textos (una etiqueta por grupo)."
        )
    labels = list(labels)
    if not isinstance(groups, dict) or not groups or not labels:
        raise TypeError(
            "`groups` debe ser un diccionario no vacío y `labels` no vacía."
        )
    fig, ax = plt.subplots(figsize=(1.6 * len(labels) + 3, 4.2), layout="constrained")
    width = 0.8 / len(groups)
    hatches = ["", "//", "..", "xx"]
    palette = [COLORS["azul"], COLORS["naranja"], COLORS["verde"], COLORS["purpura"]]
    pos = np.arange(len(labels))
    for k, (name, values) in enumerate(groups.items()):
        values = np.asarray(values, dtype=float)
        if len(values) != len(labels):
            raise ValueError(
                f"la serie {name!r} de `groups` debe tener {len(labels)} valores."
            )
        if np.any((values < 0) | (values > 1)):
            raise ValueError(
                f"la serie {name!r} de `groups` debe tener valores entre 0 y 1."
            )
        bars = ax.bar(
            pos + (k - (len(groups) - 1) / 2) * width,
            100 * values,
            width,
            label=name,
            color=palette[k % 4],
            hatch=hatches[k % 4],
            edgecolor="white",
        )
        ax.bar_label(
            bars, labels=[f"{100 * v:.1f}" for v in values], padding=2, fontsize=8
        )
    ax.set_xticks(pos, labels)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 112)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9, ncols=len(groups))
    if title:
        ax.set_title(title)
    return fig


def convolution_animation(
    n: int = 6, k: int = 3, padding: int = 1, stride: int = 2, seed: int = 0
):
    """Animación de un kernel que recorre una imagen rellenada, con su salida.

    A la izquierda, la imagen de ``n x n`` con un borde de ``padding`` ceros (en
    gris) y la ventana del kernel; a la derecha, la salida, que se llena celda
    por celda con la suma de productos de cada ventana.

    Returns
    -------
    matplotlib.animation.FuncAnimation
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"`seed` debe ser un entero no negativo; se recibió {seed!r}.")
    from matplotlib.animation import FuncAnimation
    from matplotlib.patches import Rectangle

    from cnnbook import ops

    for arg, value, low in (
        ("n", n, 1),
        ("k", k, 1),
        ("padding", padding, 0),
        ("stride", stride, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(
                f"`{arg}` debe ser un entero >= {low}; se recibió {value!r}."
            )
    if n > 12 or k > n + 2 * padding:
        raise ValueError(
            "`n` debe ser a lo sumo 12 (para que la figura se lea) y `k` no puede "
            "exceder la imagen rellenada."
        )
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 10, size=(n, n))
    kernel = rng.integers(-1, 2, size=(k, k))
    padded = ops.pad(image, padding)
    result = ops.conv2d(image, kernel, padding=padding, stride=stride).astype(int)
    out = result.shape[0]
    side = n + 2 * padding

    fig, (ax_in, ax_out) = plt.subplots(
        1,
        2,
        figsize=(9, 4.6),
        layout="constrained",
        gridspec_kw={"width_ratios": [side, max(out, 3)]},
    )
    border = np.zeros((side, side), dtype=bool)
    border[:padding, :] = border[-padding:, :] = True if padding else False
    border[:, :padding] = border[:, -padding:] = True if padding else False
    ax_in.imshow(np.where(border, 0.85, 0.55), cmap="gray", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(padded):
        ax_in.text(c, r, str(v), ha="center", va="center", fontsize=9)
    ax_in.set_title(f"Entrada {n} x {n} con relleno {padding} (gris: ceros)")
    window = Rectangle(
        (-0.5, -0.5), k, k, fill=False, edgecolor=COLORS["bermellon"], linewidth=3
    )
    ax_in.add_patch(window)
    ax_out.imshow(np.full((out, out), 0.95), cmap="gray", vmin=0, vmax=1)
    for i in range(out + 1):
        ax_out.axhline(i - 0.5, color="0.6", linewidth=1)
        ax_out.axvline(i - 0.5, color="0.6", linewidth=1)
    texts = [
        [
            ax_out.text(c, r, "", ha="center", va="center", fontsize=10)
            for c in range(out)
        ]
        for r in range(out)
    ]
    ax_out.set_title(f"Salida {out} x {out} (paso {stride})")
    for ax in (ax_in, ax_out):
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"Kernel {k} x {k}: " + "  ".join(str(row) for row in kernel.tolist()))

    def update(frame):
        r, c = divmod(frame, out)
        window.set_xy((c * stride - 0.5, r * stride - 0.5))
        texts[r][c].set_text(str(result[r, c]))
        return [window, texts[r][c]]

    return FuncAnimation(fig, update, frames=out * out, interval=700, repeat=False)
