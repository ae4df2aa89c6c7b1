"""Afirmaciones comprobadas: la frase que interpreta un resultado, verificada por la construcción.

Una lección que escribe «la pérdida de prueba deja de bajar» llama, justo después
de mostrar el resultado, a :func:`check` con esa frase y la condición medida::

    from cnnbook import claims
    claims.check(
        "la pérdida de prueba deja de bajar en las últimas épocas",
        min(val_loss[-3:]) >= min(val_loss) - 1e-3,
        mínimo=min(val_loss),
    )

En el perfil ``full`` (el libro), si la condición no se cumple la construcción se
detiene con un :class:`ClaimError` que nombra la lección y la frase: el texto
nunca contradice lo que la página muestra. En el perfil ``quick`` los números no
son los de la clase, así que una afirmación que no se cumple se avisa en la
salida de la página, sin detener la construcción.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import numpy as np

from cnnbook import config
from cnnbook.validation import check_bool, check_text

__all__ = ["ClaimError", "check"]


class ClaimError(AssertionError):
    """Una afirmación de una lección ya no se cumple con los valores medidos."""


def _lesson() -> str:
    """Nombre del archivo que llamó a :func:`check` (la lección)."""
    frame = inspect.stack()[2]
    return Path(frame.filename).name


def _format(values: dict) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, np.integer):
            value = int(value)
        if isinstance(value, float) and math.isfinite(value):
            value = f"{value:.4g}"
        elif isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:,}"  # 73,402, como el resto del libro
        parts.append(f"{key} = {value}")
    return "; ".join(parts)


def check(statement: str, holds, **values) -> bool:
    """Comprueba ``statement`` con la condición ``holds`` calculada de los valores medidos.

    Parameters
    ----------
    statement : str
        La afirmación, en español, tal como la lee el lector.
    holds : bool
        Si la afirmación se cumple (una expresión sobre lo medido; se aceptan los
        booleanos de NumPy).
    **values
        Los valores en que se basa, para mostrarlos junto a la afirmación.

    Returns
    -------
    bool
        ``True`` si se cumple (en ``quick`` puede devolver ``False``).

    Raises
    ------
    ClaimError
        En el perfil ``full``, si la afirmación no se cumple.

    >>> check("dos más dos son cuatro", 2 + 2 == 4, suma=4)
    ✓ Comprobado: dos más dos son cuatro (suma = 4).
    True
    """
    check_text(statement, "statement")
    if not statement.strip():
        raise ValueError("`statement` no puede ser un texto vacío.")
    if isinstance(holds, np.bool_):  # lo que da comparar valores de NumPy
        holds = bool(holds)
    check_bool(holds, "holds")
    shown = f" ({_format(values)})" if values else ""
    if holds:
        print(f"✓ Comprobado: {statement}{shown}.")
        return True
    lesson = _lesson()
    if config.profile().is_full:
        raise ClaimError(
            f"La lección {lesson} afirma «{statement}», pero con los valores de esta "
            f"construcción no se cumple{shown}. Corrige el texto o revisa el resultado."
        )
    print(
        f"⚠ En el perfil «quick» no se cumple: {statement}{shown}. "
        "El texto describe el libro completo (perfil «full»)."
    )
    return False
