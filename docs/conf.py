"""Configuración de Sphinx para el libro."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from pathlib import Path

# TensorFlow escribe mucho en stderr al importarse; el libro sólo necesita errores.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

from cnnbook import __version__, config  # noqa: E402

PROFILE = config.profile()

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
    "gallery_es",
    "accesibilidad",
    "colab",
    "animacion_es",
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
GALLERY = DOCS / "lecciones"
# sphinx-gallery sólo vuelve a ejecutar una lección si su texto cambió. Si cambia
# el perfil, las páginas guardadas ya no valen: se borran para rehacerlas.
_marker = GALLERY / ".perfil"
if GALLERY.exists() and (
    not _marker.exists() or _marker.read_text().strip() != PROFILE.name
):
    shutil.rmtree(GALLERY)
GALLERY.mkdir(exist_ok=True)
_marker.write_text(PROFILE.name)

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
    "first_notebook_cell": (
        "# Esta lección necesita el paquete cnnbook: desde la carpeta del proyecto,\n"
        "# `pip install .` (o `%pip install .` en un cuaderno)."
    ),
}


# Benchmark (benchmarks/build.py): con CNNBOOK_BENCH_LOG, cada bloque de código
# de cada lección deja su tiempo y su memoria residente máxima en ese archivo.
if os.environ.get("CNNBOOK_BENCH_LOG"):
    import json
    import threading
    import time

    def _bench_measure(func):
        page = os.sysconf("SC_PAGE_SIZE")

        def rss() -> int:
            with open("/proc/self/statm") as fh:
                return int(fh.read().split()[1]) * page

        peak = [rss()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], rss())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            out = func()
        finally:
            seconds = time.perf_counter() - start
            done.set()
            sampler.join()
            peak[0] = max(peak[0], rss())
            with open(os.environ["CNNBOOK_BENCH_LOG"], "a", encoding="utf-8") as fh:
                fh.write(
                    json.dumps(
                        {
                            "event": "block",
                            "script": sys.argv[0],
                            "seconds": seconds,
                            "peak_mb": peak[0] / 2**20,
                        }
                    )
                    + "\n"
                )
        return peak[0] / 2**20, out

    sphinx_gallery_conf["show_memory"] = _bench_measure

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
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "search_bar_text": "Buscar en el libro…",
}
if not PROFILE.is_full:
    html_theme_options["announcement"] = (
        "Construcción rápida (perfil «quick»): subconjuntos de datos y pocas épocas. "
        "Los números de esta edición NO reproducen la clase."
    )
