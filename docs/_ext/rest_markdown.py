"""Markdown de Jupyter para el reST que sphinx-gallery deja en los cuadernos.

sphinx-gallery convierte encabezados, ``:math:``, enlaces y ``code-block``, pero
deja tal cual los roles de Sphinx (``:term:``...) y las directivas que no conoce
(``dropdown``, ``raw``...), que Jupyter muestra como texto. Este módulo los
convierte: un término del glosario se vuelve un enlace (o cursivas, si el sitio
no tiene dirección pública), ``dropdown`` un ``<details>`` plegable y
``raw:: html`` su HTML. :func:`rest_leftovers` encuentra lo que quede.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_ROLE = re.compile(
    r"(?<![\w`]):(?P<role>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)?):`(?P<body>[^`]+)`"
)
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_CODE_ROLES = {"func", "meth", "class", "mod", "attr", "obj", "data", "exc", "const"}
_CODE_ROLES |= {"file", "samp", "kbd", "envvar", "command", "program", "option"}
_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.(?:[ \t]+(?P<rest>.*))?$")
_NAMED = re.compile(r"(?P<name>[\w:-]+)::(?P<arg>.*)$")
_FENCE = re.compile(r"^[ \t]*```")
_ADMONITIONS = {
    "note": "Nota",
    "tip": "Consejo",
    "hint": "Pista",
    "important": "Importante",
    "warning": "Advertencia",
    "caution": "Precaución",
    "attention": "Atención",
    "danger": "Peligro",
    "error": "Error",
    "seealso": "Ver también",
}
#: Elementos que sólo funcionan en la página web (los anima un JavaScript del sitio).
SITE_WIDGETS = {
    "explorador-conv": "El explorador interactivo funciona en la página web de "
    "esta lección.",
}


def _role(match: re.Match, glossary: Mapping[str, str]) -> str:
    role, body = match["role"].split(":")[-1], match["body"]
    explicit = _EXPLICIT.match(body)
    text, target = (explicit["text"], explicit["target"]) if explicit else (body, body)
    if role == "term":
        url = glossary.get(" ".join(target.split()).lower())
        return f"[{text}]({url})" if url else f"*{text}*"
    if role == "math":
        return f"${body}$"
    if role in _CODE_ROLES or match["role"].startswith("py:"):
        if text.startswith("~"):
            text = text[1:].rsplit(".", 1)[-1]
        return f"`{text}`"
    if role in ("sub", "sup"):
        return f"<{role}>{text}</{role}>"
    return text  # ref, doc, numref, abbr...: queda el texto que se lee


def _outside_fences(text: str, convert) -> str:
    """Aplica ``convert`` al texto fuera de los bloques ```` ``` ```` de código."""
    parts = re.split(r"(^[ \t]*```.*?^[ \t]*```[ \t]*$)", text, flags=re.M | re.S)
    return "".join(part if i % 2 else convert(part) for i, part in enumerate(parts))


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_end(lines: list[str], start: int, indent: int, nested_code: bool) -> int:
    """Índice de la primera línea después del bloque que abre ``lines[start]``.

    sphinx-gallery saca a la columna 0 los ``code-block`` anidados (los vuelve
    bloques ```` ``` ````): en una directiva que contiene texto (``nested_code``),
    un bloque así, pegado al cuerpo, es parte del cuerpo.
    """
    i, flat = start + 1, False
    while i < len(lines):
        line = lines[i]
        if nested_code and line.startswith("```"):
            flat = not flat
        elif not flat and line.strip() and _indent_of(line) <= indent:
            break
        i += 1
    while i > start + 1 and not lines[i - 1].strip():
        i -= 1
    return i


def _body(lines: list[str]) -> str:
    """Contenido de un bloque sin su sangría común ni sus opciones (``:open:``...)."""
    flat, inside = [], False
    for line in lines:
        if line.startswith("```"):
            inside = not inside
            flat.append(True)
        else:
            flat.append(inside)
    text_lines = [
        line for line, f in zip(lines, flat, strict=True) if not f and line.strip()
    ]
    cut = min((_indent_of(line) for line in text_lines), default=0)
    body = [line if f else line[cut:] for line, f in zip(lines, flat, strict=True)]
    while body and re.match(r"^:[\w-]+:", body[0]):
        body.pop(0)
    return "\n".join(body).strip("\n")


def _raw_html(html: str) -> str:
    for widget, note in SITE_WIDGETS.items():
        if f'id="{widget}"' in html:
            return f"*{note}*"
    # Un <details> abierto en una celda y cerrado en otra no se puede plegar en
    # Jupyter: el título queda como texto en negritas y el cierre se descarta.
    if html.count("<details") != html.count("</details>"):
        html = re.sub(r"<details[^>]*>\s*<summary>(.*?)</summary>", r"**\1**", html)
        html = html.replace("</details>", "").strip()
    return html


def _render(name: str, arg: str, content: str, glossary: Mapping[str, str]) -> str:
    """Markdown de la directiva ``name`` con su argumento y su contenido."""
    arg = arg.strip()
    if name in ("code-block", "code", "sourcecode"):
        return f"```{arg}\n{content}\n```"
    if name == "raw":
        return _raw_html(content) if arg == "html" else ""
    if name == "math":
        return f"$$\n{content}\n$$"
    inner = rest_to_markdown(content, glossary)
    if name == "dropdown":
        title = rest_to_markdown(arg, glossary) or "Detalles"
        return f"<details><summary>{title}</summary>\n\n{inner}\n\n</details>"
    if name in _ADMONITIONS or name == "admonition":
        title = _ADMONITIONS.get(name) or rest_to_markdown(arg, glossary)
        lines = f"**{title}.** {inner}".split("\n")
        return "\n".join(f"> {line}".rstrip() for line in lines)
    if name in ("image", "figure") and re.match(r"https?://", arg):
        return f"![]({arg})" + (f"\n\n*{inner}*" if inner else "")
    return inner  # otra directiva: queda su contenido


def _convert_directives(text: str, glossary: Mapping[str, str]) -> str:
    lines, out, i, fenced = text.split("\n"), [], 0, False
    while i < len(lines):
        match = None if fenced else _DIRECTIVE.match(lines[i])
        if match is None:
            fenced ^= bool(_FENCE.match(lines[i]))
            out.append(lines[i])
            i += 1
            continue
        named = _NAMED.match(match["rest"] or "")
        name, arg = (named["name"], named["arg"]) if named else ("", "")
        indent = _indent_of(lines[i])
        nested = name not in ("", "raw", "math", "code-block", "code", "sourcecode")
        end = _block_end(lines, i, indent, nested)
        # Comentarios (``.. texto``) y destinos (``.. _x:``) no producen nada.
        rendered = (
            _render(name, arg, _body(lines[i + 1 : end]), glossary) if name else ""
        )
        pad = lines[i][:indent]
        out += (
            [pad + line if line.strip() else "" for line in rendered.split("\n")]
            if rendered
            else []
        )
        i = end
    return "\n".join(out)


def rest_to_markdown(text: str, glossary: Mapping[str, str] | None = None) -> str:
    """Markdown de Jupyter para una celda de texto en la que sphinx-gallery dejó reST.

    ``glossary`` va de cada término del glosario (en minúsculas) a su URL
    absoluta; un término sin URL queda en cursivas. ``dropdown`` se vuelve
    ``<details>``; ``raw:: html``, su HTML; ``$...$`` se conserva.

    >>> rest_to_markdown("La :term:`exactitud` y :math:`x^2`.")
    'La *exactitud* y $x^2$.'
    """
    glossary = glossary or {}
    text = _convert_directives(text, glossary)
    return _outside_fences(
        text, lambda part: _ROLE.sub(lambda m: _role(m, glossary), part)
    )


_LEFTOVER_LINE = re.compile(r"^[ \t]*\.\.(?:[ \t].*)?$", re.M)


def rest_leftovers(text: str) -> list[str]:
    """Restos de reST fuera de los bloques de código: roles ``:x:`...``` y líneas ``..``.

    >>> rest_leftovers("Ver :ref:`x`.\\n\\n.. note:: algo")
    [':ref:`x`', '.. note:: algo']
    """
    found: list[str] = []

    def collect(part: str) -> str:
        found.extend(m.group(0) for m in _ROLE.finditer(part))
        found.extend(m.group(0).strip() for m in _LEFTOVER_LINE.finditer(part))
        return part

    _outside_fences(text, collect)
    return found
