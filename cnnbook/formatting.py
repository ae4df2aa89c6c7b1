"""Un solo formato de números para todo el libro: prosa, salidas, tablas y figuras.

* Enteros con coma de millares: ``60,000``.
* Decimales con punto: ``0.0761``.
* Porcentajes con un espacio antes del signo: ``97.54 %``.

Es la convención de la clase (español de México). Una prueba sobre las páginas
construidas busca las otras formas (``60 000``, ``97.54%``) y falla si aparecen.

>>> integer(60000)
'60,000'
>>> percent(0.97541)
'97.54 %'
>>> percent(0.5, decimals=0)
'50 %'
>>> number(0.076123, decimals=4)
'0.0761'
"""

from __future__ import annotations

from cnnbook.validation import check_int, check_real

__all__ = ["integer", "percent", "points", "number"]


def integer(value) -> str:
    """Un entero con coma de millares: ``188660`` -> ``'188,660'``."""
    return f"{check_int(value, 'value'):,}"


def percent(fraction, decimals: int = 2) -> str:
    """Una fracción como porcentaje: ``0.9754`` -> ``'97.54 %'``."""
    fraction = check_real(fraction, "fraction")
    decimals = check_int(decimals, "decimals", minimum=0, maximum=6)
    return f"{100 * fraction:,.{decimals}f} %"


def points(difference, decimals: int = 2) -> str:
    """Una diferencia de fracciones en puntos porcentuales, con signo.

    >>> points(-0.0312)
    '-3.12 puntos porcentuales'
    """
    difference = check_real(difference, "difference")
    decimals = check_int(decimals, "decimals", minimum=0, maximum=6)
    return f"{100 * difference:+,.{decimals}f} puntos porcentuales"


def number(value, decimals: int = 2) -> str:
    """Un número real con ``decimals`` decimales y coma de millares."""
    value = check_real(value, "value")
    decimals = check_int(decimals, "decimals", minimum=0, maximum=10)
    return f"{value:,.{decimals}f}"
