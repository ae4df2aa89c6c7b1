"""Núcleos clásicos de procesamiento de imágenes, por nombre."""

from __future__ import annotations

import numpy as np

__all__ = ["KERNELS", "SLIDE_KERNELS"]


def _frozen(rows) -> np.ndarray:
    """Crea un arreglo ``float64`` de sólo lectura, para que una lección no
    altere por accidente el núcleo que usan las demás."""
    arr = np.array(rows, dtype=np.float64)
    arr.flags.writeable = False
    return arr


#: Núcleos 3×3 clásicos, por nombre. Los que suavizan o conservan la imagen
#: suman 1 (no cambian el brillo medio); los detectores de bordes suman 0 (dan
#: cero sobre una zona de intensidad constante).
KERNELS: dict[str, np.ndarray] = {
    "identidad": _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "desenfoque": _frozen(np.full((3, 3), 1 / 9)),
    "realce": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    # Prewitt: responde a bordes horizontales (cambios de arriba hacia abajo).
    "gradiente_horizontal": _frozen([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
    # Prewitt: responde a bordes verticales (cambios de izquierda a derecha).
    "gradiente_vertical": _frozen([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
    # Laplaciano de 8 vecinos, que incluye las diagonales.
    "laplaciano_diagonal": _frozen([[1, 1, 1], [1, -8, 1], [1, 1, 1]]),
}

#: Núcleos tal como aparecen impresos en las diapositivas de la clase, sólo
#: los que difieren de :data:`KERNELS`. Ambos suman 1 en lugar de 0, así que no
#: son detectores de bordes: sobre una zona constante devuelven la intensidad
#: en vez de cero. Una lección puede mostrarlos junto a la versión correcta.
SLIDE_KERNELS: dict[str, np.ndarray] = {
    "gradiente_horizontal": _frozen([[-1, -1, -1], [0, 1, 0], [1, 1, 1]]),
    "laplaciano_diagonal": _frozen([[1, 0, -1], [0, 0, 1], [-1, 0, 1]]),
}
