"""Botón «Imprimir o guardar como PDF» en la cabecera de cada página.

El libro se lleva a papel o a PDF con el botón de descarga del tema
(``use_download_button`` de sphinx-book-theme), que imprime la página con el
diálogo del navegador; la hoja de estilo de impresión del tema quita la
navegación y deja el texto, las fórmulas ya compuestas y las figuras.

Se eligió esto y no un EPUB (``sphinx-build -b epub``) porque la página
impresa es la misma que se lee en línea: las fórmulas ya procesadas por
MathJax, las figuras y las salidas de cada lección. Un EPUB necesitaría otra
construcción completa, no muestra MathJax en la mayoría de los lectores y
perdería las animaciones y el explorador de la convolución.

El menú del tema trae además «descargar archivo fuente», que en una lección es
el reST que genera sphinx-gallery (no el programa, que ya se descarga al final
de la página). Aquí se deja sólo la opción de imprimir, como botón directo y
con su texto en español.
"""

from __future__ import annotations

#: Texto del botón (tooltip y nombre accesible).
LABEL = "Imprimir esta página o guardarla como PDF"


def print_only(buttons: list[dict]) -> list[dict]:
    """Los botones de la cabecera con el menú de descarga reducido a imprimir."""
    result = []
    for button in buttons:
        if button.get("label") == "download-buttons":
            # Fuera del menú, sin el texto «.pdf»: el ícono y su título bastan.
            result.extend(
                {**item, "tooltip": LABEL, "text": None, "icon": "fa-solid fa-print"}
                for item in button.get("buttons", [])
                if item.get("label") == "download-pdf-button"
            )
        else:
            result.append(button)
    return result


def _prune(app, pagename, templatename, context, doctree) -> None:
    if context.get("header_buttons"):
        context["header_buttons"] = print_only(context["header_buttons"])


def setup(app):
    # El tema arma sus botones en html-page-context con prioridad 501.
    app.connect("html-page-context", _prune, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
