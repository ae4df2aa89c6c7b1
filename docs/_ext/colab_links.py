"""Colab en cada lección: el enlace arriba y abajo, y el aviso de lección pesada.

Enlace. Desactivado por omisión. Si ``cnnbook.config.colab_repo()`` da un
repositorio (variable ``CNNBOOK_COLAB_REPO``, por ejemplo ``usuario/cnnbook``),
cada lección enlaza su cuaderno en Google Colab dos veces: en la nota del
principio, junto a «Ir al final para descargar...», y abajo, como un botón más
junto a las descargas. Los cuadernos se copian a ``cuadernos/`` dentro del sitio
construido; el enlace supone que el sitio se publica en la rama
``config.colab_branch()`` (``gh-pages`` por omisión) de ese repositorio.

Lecciones pesadas. Cada entrenamiento de ``fit_or_load`` anota en su registro
qué lecciones lo usan (``lessons``) y cuánto tardó (``train_seconds``). Una
lección cuyos entrenamientos suman más de :data:`HEAVY_SECONDS` en el perfil
``full`` (``config.records_dir()/full``) es pesada: su página lo dice arriba con
los minutos medidos, y su cuaderno pide a Colab un entorno con GPU
(:func:`gpu_metadata`, que aplica ``downloads.py``). Se suman también los
modelos que la construcción cargó de la caché: quien abre una sola lección en
Colab empieza sin caché y los entrena. Sin registros ``full`` (una construcción
``quick`` que nunca tuvo una completa) no se marca nada, y el registro de la
construcción lo dice.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from cnnbook import config

LESSON = re.compile(r"^lecciones/(?P<chapter>\d\d_[^/]+)/(?P<name>plot_[^/]+)$")

#: Más de un minuto de entrenamiento en ``full``: la lección es pesada.
HEAVY_SECONDS = 60.0

#: Lo que Colab lee del cuaderno para abrirlo con GPU (lo que él mismo guarda al
#: elegir «GPU T4», la que ofrece sin costo).
GPU_METADATA = {"accelerator": "GPU", "colab": {"gpuType": "T4"}}

_HEADER_NOTE = re.compile(r"^( *):class: sphx-glr-download-link-note\n", re.M)
_FOOTER = re.compile(
    r"^( *)\.\. container:: sphx-glr-footer sphx-glr-footer-example\n", re.M
)
_LINK_TEXT = "Abrir esta lección en Colab"

# Lección (``"01_mlp/plot_01_mlp_mnist.py"``) -> segundos de entrenamiento en
# ``full``; se calcula al iniciar el constructor, después de ejecutar la galería.
_heavy: dict[str, float] = {}


def colab_url(docname: str, repo: str, branch: str = "gh-pages") -> str | None:
    """URL de Colab del cuaderno de la lección ``docname``, o None si no es lección."""
    match = LESSON.match(docname)
    if not match or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo or ""):
        return None
    return (
        f"https://colab.research.google.com/github/{repo}/blob/{branch}/cuadernos/"
        f"{match['chapter']}/{match['name']}.ipynb"
    )


def lesson_of(docname: str) -> str | None:
    """``"lecciones/01_mlp/plot_01_x"`` -> ``"01_mlp/plot_01_x.py"`` (como en los registros)."""
    match = LESSON.match(docname)
    return f"{match['chapter']}/{match['name']}.py" if match else None


# -- Lecciones pesadas --------------------------------------------------------------


def training_seconds(records: Iterable[dict]) -> dict[str, float]:
    """Lección -> segundos que suman los entrenamientos que usa (según sus registros)."""
    totals: dict[str, float] = {}
    for record in records:
        seconds, lessons = record.get("train_seconds"), record.get("lessons")
        if not isinstance(seconds, (int, float)) or not isinstance(lessons, list):
            continue  # una medición de la lección o un registro anterior a ``lessons``
        for lesson in lessons:
            totals[lesson] = totals.get(lesson, 0.0) + float(seconds)
    return totals


def heavy_lessons(records_dir: Path) -> tuple[dict[str, float], str]:
    """Lecciones pesadas según los registros ``full`` de ``records_dir``, y una
    línea para el registro de la construcción que dice de dónde salió la decisión.
    """
    folder = Path(records_dir) / "full"
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # uno ilegible no impide leer los demás
    if not any(isinstance(r, dict) and "lessons" in r for r in records):
        return {}, (
            f"cnnbook: no hay registros del perfil full con sus lecciones en {folder}; "
            "no se marca ninguna lección como pesada (una construcción con "
            "CNNBOOK_PROFILE=full las mide)."
        )
    totals = training_seconds(r for r in records if isinstance(r, dict))
    heavy = {k: v for k, v in sorted(totals.items()) if v > HEAVY_SECONDS}
    listed = ", ".join(f"{k} ({v / 60:.1f} min)" for k, v in heavy.items())
    return heavy, (
        f"cnnbook: lecciones pesadas (más de {HEAVY_SECONDS:.0f} s de entrenamiento "
        f"en el perfil full, según {folder}): {listed or 'ninguna'}."
    )


def gpu_metadata(notebook: dict, heavy: bool) -> dict:
    """El cuaderno con :data:`GPU_METADATA` si ``heavy``; si no, sin ella."""
    meta = notebook.setdefault("metadata", {})
    if heavy:
        meta["accelerator"] = GPU_METADATA["accelerator"]
        meta.setdefault("colab", {}).update(GPU_METADATA["colab"])
    else:
        meta.pop("accelerator", None)
        colab = meta.get("colab")
        if isinstance(colab, dict):
            colab.pop("gpuType", None)
            if not colab:
                del meta["colab"]
    return notebook


def heavy_note(seconds: float) -> str:
    """Aviso en español para una lección que entrena ``seconds`` segundos en ``full``.

    >>> "durante unos 12 minutos en CPU" in heavy_note(734)
    True
    """
    minutes = round(seconds / 60)
    how_long = "poco más de un minuto" if minutes <= 1 else f"unos {minutes} minutos"
    return (
        f"**Lección pesada.** Esta lección entrena durante {how_long} en CPU "
        "(medido al construir el libro con el perfil completo); en Colab conviene un "
        "entorno con GPU. Su cuaderno ya lo pide; si Colab no te lo asigna, elígelo "
        "en Entorno de ejecución → Cambiar tipo de entorno de ejecución."
    )


# -- Dónde va cada cosa en la página --------------------------------------------------


def _block_end(text: str, start: int, indent: int) -> int:
    """Fin del bloque reST que empieza en ``start``: la primera línea no vacía con
    menos de ``indent`` espacios de sangría."""
    pos = start
    for line in text[start:].splitlines(keepends=True):
        if line.strip() and len(line) - len(line.lstrip(" ")) < indent:
            break
        pos += len(line)
    return pos


def _insert(text: str, marker: re.Pattern, extra: int, paragraphs: list[str]) -> str:
    """``text`` con ``paragraphs`` al final del bloque que abre ``marker``, cuyo
    contenido lleva ``extra`` espacios más de sangría que ``marker``."""
    match = marker.search(text)
    if match is None or not paragraphs:
        return text
    indent = len(match[1]) + extra
    end = _block_end(text, match.end(), indent)
    block = "".join(
        "\n".join(" " * indent + line if line else "" for line in p.split("\n"))
        + "\n\n"
        for p in paragraphs
    )
    before = text[:end].rstrip("\n") + "\n\n"
    return before + block + text[end:]


def has_gallery_note(text: str) -> bool:
    """``True`` si la página tiene la nota de arriba y las descargas de abajo."""
    return bool(_HEADER_NOTE.search(text) and _FOOTER.search(text))


def add_to_lesson(text: str, url: str | None, seconds: float | None) -> str:
    """La página de una lección con el enlace a Colab (arriba y abajo) y el aviso
    de lección pesada (arriba), en la nota que sphinx-gallery pone al principio.

    Si la página no tiene esa nota (otra versión de sphinx-gallery), el enlace
    va al final, como antes, y el aviso se omite.
    """
    top = []
    if url:
        top.append(f"`{_LINK_TEXT} <{url}>`__ (ejecuta el cuaderno en la nube).")
    if seconds is not None:
        top.append(heavy_note(seconds))
    if not has_gallery_note(text):
        if not url:
            return text
        return text + f"\n\n.. only:: html\n\n   `{_LINK_TEXT} <{url}>`__\n"
    text = _insert(text, _HEADER_NOTE, 0, top)
    button = [
        ".. container:: sphx-glr-download sphx-glr-download-colab\n\n"
        f"  `{_LINK_TEXT} <{url}>`__"
    ]
    return _insert(text, _FOOTER, 2, button if url else [])


# -- Sphinx -------------------------------------------------------------------------


def _stamp(docname: str) -> list:
    """Lo que se agrega a ``docname``: si cambia, la página se vuelve a leer."""
    repo = config.colab_repo()
    url = colab_url(docname, repo, config.colab_branch()) if repo else None
    seconds = _heavy.get(lesson_of(docname) or "")
    return [url, None if seconds is None else round(seconds / 60)]


def _find_heavy(app) -> None:
    from sphinx.util import logging

    heavy, line = heavy_lessons(config.records_dir())
    _heavy.clear()
    _heavy.update(heavy)
    logging.getLogger(__name__).info(line)


def _add_link(app, docname, source):
    if not LESSON.match(docname):
        return
    stamp = _stamp(docname)
    seconds = _heavy.get(lesson_of(docname))
    if (stamp[0] or seconds) and not has_gallery_note(source[0]):
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            f"{docname}: no encontré la nota de descargas de sphinx-gallery; el "
            "enlace a Colab va al final de la página y sin el aviso de lección pesada.",
            type="cnnbook",
            subtype="colab",
        )
    source[0] = add_to_lesson(source[0], stamp[0], seconds)
    if app is not None:
        app.env.cnnbook_colab = {
            **getattr(app.env, "cnnbook_colab", {}),
            docname: stamp,
        }


def _outdated(app, env, added, changed, removed):
    stamps = getattr(env, "cnnbook_colab", {})
    return [
        d
        for d in env.found_docs
        if LESSON.match(d) and d not in added | changed and stamps.get(d) != _stamp(d)
    ]


def _purge(app, env, docname):
    getattr(env, "cnnbook_colab", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    theirs = getattr(other, "cnnbook_colab", {})
    env.cnnbook_colab = {
        **getattr(env, "cnnbook_colab", {}),
        **{d: theirs[d] for d in docnames if d in theirs},
    }


def _copy_notebooks(app, exception):
    if exception is not None or config.colab_repo() is None:
        return
    gallery = Path(app.srcdir) / "lecciones"
    for notebook in gallery.glob("*/plot_*.ipynb"):
        target = Path(app.outdir) / "cuadernos" / notebook.parent.name / notebook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, target)


def setup(app):
    # Después de sphinx-gallery (prioridad 500), que ejecuta las lecciones y
    # escribe los registros en ese mismo evento.
    app.connect("builder-inited", _find_heavy, priority=600)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("source-read", _add_link)
    app.connect("build-finished", _copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
