"""Las figuras que el libro repite, agrupadas por tipo de figura.

Al importar el paquete se fija un estilo común (fondo blanco opaco, para que
las figuras se lean también en el modo oscuro del sitio; paleta apta para
personas con daltonismo). Las lecciones llaman a todo como ``plots.X``; cada
módulo reúne un tipo de figura:

================  ============================================================
módulo            contenido
================  ============================================================
``style``         ``COLORS``, ``setup_style`` (el estilo que se aplica al importar)
``curves``        ``learning_curves``, ``compare_curves``, ``line_chart``
``bars``          ``accuracy_bars``, ``grouped_bars``, ``shift_accuracy_maps``
``images``        ``image``, ``image_pair``, ``prediction_grid``, ``image_grid``
``matrices``      ``matrix``, ``kernel_label``, ``window_steps``
``kernels``       ``filters``, ``filter_results``
``volumes``       ``feature_stack``
``animation``     ``convolution_animation``
``_common``       piezas internas: ejes recibidos, límites y mapas de color
================  ============================================================

Cada función devuelve la figura de Matplotlib donde dibujó. Para componer
paneles, las de un solo panel reciben ``ax=`` (unos ejes) y las de varios
paneles, ``axes=`` (uno por panel, en orden de lectura): dibujan ahí y
devuelven la figura de esos ejes. Sin ellos crean su propia figura.
:func:`convolution_animation` devuelve la animación.
"""

from __future__ import annotations

from .animation import convolution_animation
from .bars import accuracy_bars, grouped_bars, shift_accuracy_maps
from .curves import compare_curves, learning_curves, line_chart
from .images import image, image_grid, image_pair, prediction_grid
from .kernels import filter_results, filters
from .matrices import kernel_label, matrix, window_steps
from .style import COLORS, setup_style
from .volumes import feature_stack

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
    "image",
]
