"""Un solo formato de números en las páginas construidas.

El libro escribe los miles con coma y los decimales con punto («60,000»,
«97.54 %»), con un espacio antes del signo de porcentaje; ``cnnbook.formatting``
lo aplica a lo que imprimen las lecciones. Esta prueba lee el texto que ve el
lector en cada página HTML del sitio construido —prosa, salidas, tablas,
glosario— y busca las otras formas. Revisa también lo que imprimen las lecciones, pero no
el código (``<code>``, ``<pre>`` fuera de las salidas): ahí se citan tal cual
los comentarios del código de la clase, como ``# zoom ±10%``. Tampoco mira las
fórmulas, que MathJax compone aparte, ni el pie de procedencia.

Se ejecuta con ``nox -s browser`` (tras ``nox -s docs``), junto a la revisión en
Chromium, porque necesita el sitio construido.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"

pytestmark = pytest.mark.skipif(
    os.environ.get("CNNBOOK_BROWSER") != "1",
    reason="formato de números del sitio construido: se revisa con `nox -s browser`",
)

#: Forma incorrecta -> cómo se escribe en el libro.
WRONG_FORMS = {
    # 60 000, 60 000 (espacio fino o duro entre grupos de miles)
    "miles separados con espacio (se escribe 60,000)": re.compile(
        r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,])"
    ),
    # 97.54% o 97%
    "porcentaje sin espacio (se escribe 97.54 %)": re.compile(r"\d%"),
    # 97,54 (coma decimal): una coma seguida de 1, 2 o más de 3 dígitos
    "coma decimal (se escribe 97.54)": re.compile(
        r"(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d])"
    ),
    # 60000 (cinco o más dígitos seguidos, sin separador de miles)
    # (no un número de issue como keras#21301)
    "miles sin separador (se escribe 60,000)": re.compile(
        r"(?<![\w.,#-])\d{5,}(?![\w.,])"
    ),
}

#: Elementos cuyo contenido no es prosa: código, fórmulas y lo que no se ve.
SKIPPED_TAGS = {"code", "pre", "script", "style", "math", "svg", "kbd", "samp"}
#: Clases de elementos que tampoco son prosa: fórmulas de MathJax y el pie de
#: procedencia (commits y sumas de verificación en hexadecimal).
SKIPPED_CLASSES = {"math", "cnnbook-procedencia"}
#: Lo que imprimen las lecciones va en ``<pre>`` dentro de este bloque: se revisa.
OUTPUT_CLASS = "sphx-glr-script-out"


VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr"}
#: Elementos de bloque: su texto no se pega al del vecino (dos celdas de una
#: tabla, «10» y «156 s», no son «10 156»).
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "dt",
    "dd",
    "pre",
    "table",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "caption",
    "blockquote",
}


class _ProseText(HTMLParser):
    """El texto visible de una página, sin código ni fórmulas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        # Por cada elemento abierto: (se salta su texto, es una salida de lección).
        self.stack: list[tuple[bool, bool]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.chunks.append(" ¦ ")
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped, output = self.stack[-1] if self.stack else (False, False)
        output = output or OUTPUT_CLASS in classes
        if tag in SKIPPED_TAGS and not (output and tag == "pre"):
            skipped = True
        skipped = skipped or bool(classes & SKIPPED_CLASSES)
        self.stack.append((skipped, output))

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.chunks.append(" ¦ ")
        if tag in VOID_TAGS:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][0]):
            self.chunks.append(data)


def prose_of(html: str) -> str:
    parser = _ProseText()
    parser.feed(html)
    text = "".join(parser.chunks)
    # Fórmulas en línea que MathJax todavía no compuso: \( ... \) y \[ ... \].
    return re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", " ", text, flags=re.S)


def wrong_numbers(text: str) -> list[tuple[str, str]]:
    found = []
    for rule, pattern in WRONG_FORMS.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append((rule, " ".join(text[start:end].split())))
    return found


def test_the_rules_catch_the_other_forms():
    # La prueba misma: cada forma incorrecta se detecta y las correctas pasan.
    assert wrong_numbers("con 60 000 dígitos")
    assert wrong_numbers("con 60\u202f000 dígitos")
    assert wrong_numbers("acierta 97.54% de")
    assert wrong_numbers("acierta 97,54 % de")
    assert wrong_numbers("con 60000 dígitos")
    ok = "con 60,000 dígitos; acierta 97.54 %; 28 x 28; 1,296 valores; en 1998; 0.1"
    assert wrong_numbers(ok) == []
    assert (
        prose_of("<p>bien</p><pre>60000 y 5%</pre><code>10%</code>").strip(" ¦")
        == "bien"
    )
    assert wrong_numbers(prose_of("<td>10</td><td>156 s</td>")) == []
    assert wrong_numbers("ver keras-team/keras#21301") == []
    out = '<div class="sphx-glr-script-out"><pre>60000</pre></div>'
    assert wrong_numbers(prose_of(out))


def _pages() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)


def test_one_number_format_on_every_page():
    pages = _pages()
    assert pages, f"no hay páginas en {SITE}: ejecuta antes `nox -s docs`"
    problems = []
    for page in pages:
        text = prose_of(page.read_text(encoding="utf-8"))
        for rule, context in wrong_numbers(text):
            problems.append(f"{page.relative_to(SITE)}: {rule}: «{context}»")
    assert not problems, f"{len(problems)} números con otro formato:\n" + "\n".join(
        problems[:40]
    )
