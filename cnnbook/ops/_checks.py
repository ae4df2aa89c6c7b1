"""Comprobación de imágenes propia de ``ops``: una imagen es ``(H, W)`` o ``(H, W, C)``."""

from __future__ import annotations

import numpy as np


def check_image_ndim(arr: np.ndarray, name: str, owner: str | None = None) -> None:
    """Exige 2 o 3 dimensiones; ``owner`` nombra la función para el mensaje.

    El mensaje recuerda la forma esperada, ``(H, W)`` o ``(H, W, C)``, porque el
    error típico de quien aprende es pasar un lote ``(N, H, W, C)`` de Keras.
    """
    if arr.ndim not in (2, 3):
        where = f" de {owner}" if owner else ""
        raise ValueError(
            f"`{name}`{where} debe ser un arreglo de 2 o 3 dimensiones (H, W) o "
            f"(H, W, C); se recibió uno de {arr.ndim} dimensiones."
        )
