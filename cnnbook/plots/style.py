"""Estilo común de las figuras del libro y su paleta de colores.

Importar :mod:`cnnbook.plots` (o este módulo) fija el estilo: fondo blanco
opaco, para que las figuras se lean también en el modo oscuro del sitio, y la
paleta de Okabe e Ito, apta para personas con daltonismo.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt

__all__ = ["COLORS", "setup_style"]

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
