"""La visión por computadora clásica: características diseñadas a mano.

Antes de las redes convolucionales, reconocer imágenes seguía un flujo fijo:
aplicar filtros diseñados por expertos, resumir sus respuestas en un vector de
características (*features*) y entrenar con él un clasificador tradicional. Este
módulo implementa la parte de las características con el histograma de gradientes
orientados (HOG) de Dalal y Triggs (2005), usando ``skimage.feature.hog``.

El clasificador se elige en la lección, a la vista del lector (scikit-learn).
"""

from __future__ import annotations

import numpy as np

from cnnbook.validation import check_array, check_int, check_int_pair

__all__ = ["hog_features", "hog_image", "hog_length"]


def _hog_options(shape, orientations, pixels_per_cell, cells_per_block) -> dict:
    """Valida las opciones del HOG (al menos un bloque debe caber en ``shape``).

    Las devuelve como argumentos con nombre de ``skimage.feature.hog``.
    """
    orientations = check_int(orientations, "orientations", minimum=1)
    cell = check_int_pair(pixels_per_cell, "pixels_per_cell")
    block = check_int_pair(cells_per_block, "cells_per_block")
    n_cells = (shape[0] // cell[0], shape[1] // cell[1])
    if n_cells[0] < block[0] or n_cells[1] < block[1]:
        raise ValueError(
            f"Con `pixels_per_cell`={cell} una imagen de {shape[0]}×{shape[1]} tiene "
            f"{n_cells[0]}×{n_cells[1]} celdas, menos que un bloque "
            f"`cells_per_block`={block}; usa celdas o bloques más pequeños."
        )
    return {
        "orientations": orientations,
        "pixels_per_cell": cell,
        "cells_per_block": block,
    }


def hog_length(
    shape: tuple[int, int],
    orientations: int = 9,
    pixels_per_cell: tuple[int, int] = (7, 7),
    cells_per_block: tuple[int, int] = (2, 2),
) -> int:
    """Longitud del vector HOG de una imagen de tamaño ``shape``.

    Es ``bloques_verticales × bloques_horizontales × celdas_por_bloque ×
    orientaciones``; con los valores predeterminados y una imagen de MNIST
    (28 × 28): 3 × 3 × 4 × 9 = 324.
    """
    shape = check_int_pair(shape, "shape")
    options = _hog_options(shape, orientations, pixels_per_cell, cells_per_block)
    cell, block = options["pixels_per_cell"], options["cells_per_block"]
    n_cells = (shape[0] // cell[0], shape[1] // cell[1])
    n_blocks = (n_cells[0] - block[0] + 1, n_cells[1] - block[1] + 1)
    return n_blocks[0] * n_blocks[1] * block[0] * block[1] * options["orientations"]


def hog_features(
    images: np.ndarray,
    orientations: int = 9,
    pixels_per_cell: tuple[int, int] = (7, 7),
    cells_per_block: tuple[int, int] = (2, 2),
) -> np.ndarray:
    """Histogramas de gradientes orientados (HOG) de un lote de imágenes en grises.

    Para cada imagen: se calcula el gradiente en cada píxel (cuánto y en qué
    dirección cambia la intensidad), se divide la imagen en celdas de
    ``pixels_per_cell`` píxeles, en cada celda se hace un histograma de las
    orientaciones del gradiente con ``orientations`` intervalos (cada píxel vota
    con su magnitud) y los histogramas se normalizan por bloques de
    ``cells_per_block`` celdas (norma ``L2-Hys``). El resultado concatena todos
    los bloques en un vector.

    Parameters
    ----------
    images : numpy.ndarray, forma ``(N, H, W)``
        Lote de imágenes en escala de grises (``uint8`` como las de MNIST, o
        reales).
    orientations : int
        Intervalos de orientación del histograma (predeterminado 9, como Dalal
        y Triggs).
    pixels_per_cell : (int, int)
        Tamaño de la celda en píxeles (predeterminado ``(7, 7)``: 4 × 4 celdas
        en una imagen de 28 × 28).
    cells_per_block : (int, int)
        Celdas por bloque de normalización (predeterminado ``(2, 2)``).

    Returns
    -------
    numpy.ndarray, forma ``(N, D)``, ``float32``
        Un vector de características por imagen; ``D`` es :func:`hog_length`.

    Raises
    ------
    TypeError
        Si ``images`` no es un arreglo numérico de NumPy.
    ValueError
        Si ``images`` no tiene forma ``(N, H, W)``, está vacío o las celdas y
        bloques no caben en la imagen.

    Examples
    --------
    >>> x = np.zeros((2, 28, 28), dtype=np.uint8)
    >>> hog_features(x).shape
    (2, 324)
    """
    from skimage.feature import hog

    images = check_array(images, "images", ndarray=True, ndim=3)
    shape = images.shape[1:]
    options = _hog_options(shape, orientations, pixels_per_cell, cells_per_block)
    out = np.empty((len(images), hog_length(shape, **options)), dtype=np.float32)
    for i, image in enumerate(images):
        out[i] = hog(image, block_norm="L2-Hys", feature_vector=True, **options)
    return out


def hog_image(
    image: np.ndarray,
    orientations: int = 9,
    pixels_per_cell: tuple[int, int] = (7, 7),
) -> np.ndarray:
    """Dibujo del HOG de una imagen: en cada celda, una estrella de segmentos.

    Cada segmento de una celda apunta en una de las ``orientations``
    orientaciones y su brillo es el peso de esa orientación en el histograma
    (sin normalizar por bloques), así que se ve qué bordes dominan en cada
    celda. Los segmentos se dibujan perpendiculares al gradiente, es decir, a lo
    largo del borde.

    Parameters
    ----------
    image : numpy.ndarray, forma ``(H, W)``
        Imagen en escala de grises.
    orientations, pixels_per_cell
        Como en :func:`hog_features`.

    Returns
    -------
    numpy.ndarray, forma ``(H, W)``, ``float32``
        Imagen del dibujo, reescalada a [0, 1].

    Raises
    ------
    TypeError, ValueError
        Si ``image`` no es un arreglo numérico 2-D o la celda no cabe en ella.
    """
    from skimage.feature import hog

    image = check_array(image, "image", ndarray=True, ndim=2)
    options = _hog_options(image.shape, orientations, pixels_per_cell, (1, 1))
    _, drawing = hog(image, visualize=True, feature_vector=True, **options)
    top = float(drawing.max())
    return (drawing / top if top > 0 else drawing).astype(np.float32)
