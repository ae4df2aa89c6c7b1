"""Configuración de Sphinx para el libro.

Sólo configuración: importar este archivo no toca el disco. Lo que la
construcción hace con archivos (rehacer la galería si cambió el perfil, medir el
benchmark) está en ``_ext/build_hooks.py``, conectado a eventos de Sphinx.
"""

from __future__ import annotations

import html
import importlib.metadata
import sys
from pathlib import Path

from cnnbook import __version__, config

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))  # extensiones propias del libro
import reader_texts  # noqa: E402  (está en _ext)

PROFILE = config.profile()
LESSON = config.lesson_pattern()  # build_hooks ejecuta sólo esas lecciones

# -- Proyecto -----------------------------------------------------------------
project = "Redes neuronales convolucionales"
author = "Proyecto cnnbook"
copyright = "2026, proyecto cnnbook"
version = release = __version__
language = "es"

extensions = [
    "myst_parser",
    "sphinx.ext.mathjax",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    "build_hooks",
    "gallery_translation",
    "accessibility",
    "colab_links",
    "animation_player",
    "downloads",  # wheel de cnnbook, cuadernos legibles y .zip con LEEME.txt
    "sphinx.ext.intersphinx",  # nombres de Keras, NumPy y Matplotlib -> su API
    "sphinx_copybutton",  # botón «Copiar» en cada celda de código
    "provenance",  # pie: fecha, perfil, commit y versiones
    "print_button",  # imprimir o guardar como PDF (ver su docstring)
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/*.ipynb", "**/*.py"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["config.cache"]  # sphinx_gallery_conf lleva funciones
nitpicky = False

# -- Matemáticas sin internet ---------------------------------------------------
# MathJax 3 viaja dentro del paquete sphinx-mathjax-offline; se copia a _static y
# el sitio no pide nada a ningún servidor externo.
_mathjax = importlib.metadata.distribution("sphinx-mathjax-offline").locate_file(
    "sphinx-mathjax-offline/static"
)
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}
}

# -- Galería de lecciones -------------------------------------------------------
# Si cambia el perfil, el paquete cnnbook, este archivo, una extensión que da
# forma a las lecciones o una biblioteca, build_hooks borra la galería antes de
# que se genere; con CNNBOOK_LESSON, además estrecha "filename_pattern".
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "lecciones",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": True,
    "show_signature": False,
    "write_computation_times": False,
    "remove_config_comments": True,
    "matplotlib_animations": (True, "jshtml"),  # sin ffmpeg: cuadros en la página
    "min_reported_time": 0,
    "capture_repr": ("_repr_html_",),
    "reset_modules": ("matplotlib",),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "thumbnail_size": (320, 224),
    "image_srcset": ["2x"],  # figuras nítidas en pantallas de alta densidad
    # Cada cuaderno se prepara solo: instala cnnbook en Colab, Jupyter o un venv.
    "first_notebook_cell": reader_texts.first_notebook_cell(
        __version__, config.site_url(), config.colab_repo()
    ),
}

# -- Enlaces a la API de Keras, NumPy y Matplotlib -------------------------------
# Los inventarios viajan en _inventarios/ (hechos por _inventarios/generar.py, que
# explica por qué): la construcción no descarga nada y los enlaces van a los
# sitios reales. sphinx-gallery los usa para enlazar los nombres del código.
intersphinx_mapping = {
    "numpy": ("https://numpy.org/doc/stable/", "_inventarios/numpy.inv"),
    "matplotlib": ("https://matplotlib.org/stable/", "_inventarios/matplotlib.inv"),
    "keras": ("https://keras.io/api/", "_inventarios/keras.inv"),
}

# -- Botón «Copiar» ----------------------------------------------------------------
# Sin botón en las salidas de las lecciones, y del código se copia sólo lo que
# sigue a los indicadores (>>>, ..., $) y nunca la salida que los acompaña.
copybutton_selector = ":not(.sphx-glr-script-out) > div.highlight pre"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"

# -- HTML -----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
templates_path = ["_templates"]  # botones del tema con textos en español
locale_dirs = ["locale"]  # traducciones que faltan en el catálogo de Sphinx
gettext_compact = False
html_title = "Redes convolucionales"
html_static_path = ["_static", str(_mathjax)]
html_css_files = ["cnnbook.css"]
html_js_files = ["explorador.js"]  # sólo actúa donde hay un #explorador-conv
html_last_updated_fmt = None
html_show_sourcelink = False
# Modo de color inicial: el del sistema del lector (claro u oscuro).
html_context = {"default_mode": "auto"}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,  # sólo «imprimir o guardar como PDF» (print_button)
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "search_bar_text": "Buscar en el libro…",
}
_notices = []
if not PROFILE.is_full:
    _notices.append(
        "Construcción rápida (perfil «quick»): subconjuntos de datos y pocas épocas. "
        "Los números de esta edición NO reproducen la clase."
    )
if LESSON is not None:
    _notices.append(
        f"Construcción parcial (CNNBOOK_LESSON={html.escape(LESSON)}): sólo se "
        "ejecutaron las lecciones que coinciden; las demás muestran su última "
        "ejecución vigente o, si no la tienen, sólo su código."
    )
if _notices:
    html_theme_options["announcement"] = " ".join(_notices)
