"""Enlace opcional «Abrir en Colab» en cada lección.

Desactivado por omisión. Si ``cnnbook.config.colab_repo()`` da un repositorio
(variable ``CNNBOOK_COLAB_REPO``, por ejemplo ``usuario/cnnbook``), cada lección
agrega un enlace para abrir su cuaderno en Google Colab, y los cuadernos se
copian a ``cuadernos/`` dentro del sitio construido. El enlace supone que el
sitio se publica en la rama ``config.colab_branch()`` (``gh-pages`` por
omisión) de ese repositorio.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from cnnbook import config

LESSON = re.compile(r"^lecciones/(?P<chapter>\d\d_[^/]+)/(?P<name>plot_[^/]+)$")


def colab_url(docname: str, repo: str, branch: str = "gh-pages") -> str | None:
    """URL de Colab del cuaderno de la lección ``docname``, o None si no es lección."""
    match = LESSON.match(docname)
    if not match or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo or ""):
        return None
    return (
        f"https://colab.research.google.com/github/{repo}/blob/{branch}/cuadernos/"
        f"{match['chapter']}/{match['name']}.ipynb"
    )


def _add_link(app, docname, source):
    repo = config.colab_repo()
    url = colab_url(docname, repo, config.colab_branch()) if repo else None
    if url:
        source[0] += (
            "\n\n.. only:: html\n\n"
            f"   `Abrir esta lección en Colab <{url}>`_ (ejecuta el cuaderno en la nube).\n"
        )


def _copy_notebooks(app, exception):
    if exception is not None or config.colab_repo() is None:
        return
    gallery = Path(app.srcdir) / "lecciones"
    for notebook in gallery.glob("*/plot_*.ipynb"):
        target = Path(app.outdir) / "cuadernos" / notebook.parent.name / notebook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, target)


def setup(app):
    app.connect("source-read", _add_link)
    app.connect("build-finished", _copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
