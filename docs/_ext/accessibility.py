"""Arreglos de accesibilidad del tema.

El índice lateral del tema pliega las secciones con ``<details><summary>``, y
el ``<summary>`` sólo contiene un ícono: un lector de pantalla no sabe qué
hace. Aquí se le da un nombre accesible en español a cada uno, envolviendo la
función con la que el tema genera ese índice.
"""

from __future__ import annotations

import functools

LABEL = "Mostrar u ocultar las lecciones de esta sección"


def _label_summaries(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_cnnbook", False):
        return

    @functools.wraps(generate)
    def wrapped(*args, **kwargs):
        html = generate(*args, **kwargs)
        if hasattr(html, "select"):  # el tema devuelve un objeto BeautifulSoup
            for summary in html.select("summary"):
                summary["aria-label"] = LABEL
        elif isinstance(html, str):
            html = html.replace("<summary>", f'<summary aria-label="{LABEL}">')
        return html

    wrapped._cnnbook = True
    context["generate_toctree_html"] = wrapped


def setup(app):
    # Prioridad alta: después de que el tema haya puesto su función en el contexto.
    app.connect("html-page-context", _label_summaries, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
