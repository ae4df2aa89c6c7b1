"""Ganchos de la construcción del libro, conectados a eventos de Sphinx.

``conf.py`` sólo declara la configuración; lo que toca archivos o instala
mediciones ocurre aquí, cuando Sphinx emite sus eventos:

* Galería vigente (``builder-inited``). sphinx-gallery sólo vuelve a ejecutar
  una lección si cambió su texto (lo vigila con una suma ``.md5`` por lección).
  Pero una página también depende de lo que la lección llama: si cambió el
  perfil, un archivo del paquete ``cnnbook`` (el que se importa: puede ser una
  copia en ``PYTHONPATH``), ``conf.py``, un módulo de ``_ext`` que da forma a
  las páginas generadas o la versión de una biblioteca que produce los números,
  la galería entera se borra y todas las lecciones se vuelven a ejecutar (los
  entrenamientos siguen saliendo de la caché si su clave no cambió). La galería
  guarda en ``.huella.json`` lo que la produjo, parte por parte, y el registro
  de la construcción dice en una línea qué cambió.
* Una sola lección (``config-inited``). Con ``CNNBOOK_LESSON``
  (``cnnbook.config.lesson_pattern()``) sólo se ejecutan las lecciones cuya ruta
  coincide; ver :func:`narrow_pattern`.
* Benchmark (``config-inited``). Si ``cnnbook.config.bench_log()`` da un archivo
  (``benchmarks/build.py``), cada bloque de código de cada lección deja en él su
  tiempo y su memoria residente máxima, y se instalan los ganchos de
  entrenamiento de ``cnnbook._bench``: las lecciones se ejecutan dentro del
  proceso de Sphinx, así que alcanzan a ``fit_or_load``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cnnbook
from cnnbook import config

#: Archivo, dentro de la galería, con la huella de lo que la construyó.
MARKER = ".huella.json"

#: Versión del formato de ``MARKER``; una marca de otro formato rehace la galería.
MARKER_FORMAT = 1

#: Bibliotecas cuya versión cambia lo que muestran las páginas.
LIBRARIES = (
    "tensorflow",
    "keras",
    "numpy",
    "matplotlib",
    "scikit-image",
    "sphinx-gallery",
)

#: Módulos de ``_ext`` que actúan en cada construcción sobre páginas ya generadas
#: (al leerlas, al escribir el HTML o al terminar): cambiarlos no vuelve viejas
#: las lecciones ejecutadas. Los demás (y cualquiera nuevo) entran en la huella.
EVERY_BUILD = frozenset(
    {
        "accessibility.py",
        "colab_links.py",
        "downloads.py",
        "print_button.py",
        "provenance.py",
        "rest_markdown.py",
    }
)

# sphinx-gallery completa su configuración en ``config-inited`` con prioridad 10
# (ahí lee ``show_memory`` y ``filename_pattern``) y genera la galería en
# ``builder-inited`` con la prioridad por omisión (500): estos ganchos van antes.
PRIORITY = 5


# -- Huella de la galería -------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def package_files(package: Path) -> list[Path]:
    """Archivos de las fuentes de ``package``, sin ``__pycache__`` ni compilados."""
    return sorted(
        p
        for p in package.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix not in {".pyc", ".pyo"}
    )


def file_digests(files: list[Path], root: Path) -> dict[str, str]:
    """``{ruta relativa a root: huella del contenido}`` de cada archivo."""
    return {p.relative_to(root).as_posix(): _digest(p.read_bytes()) for p in files}


def library_versions() -> dict[str, str]:
    """Versión de Python y de cada biblioteca de ``LIBRARIES`` (sin importarlas)."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "no instalada"
    return versions


def gallery_parts(profile_name: str, package: Path, confdir: Path, ext: Path) -> dict:
    """Todo lo que, además del texto de cada lección, decide cómo queda su página.

    ``package`` es la carpeta del ``cnnbook`` que importan las lecciones,
    ``confdir`` la de ``conf.py`` y ``ext`` la de las extensiones propias.
    Devuelve ``{"formato", "perfil", "versiones", "archivos"}``, con la huella
    del contenido de cada archivo. No entran los ``README.txt`` de la galería
    (sphinx-gallery rehace sus índices en cada construcción, sin ``.md5``) ni
    el benchmark (``CNNBOOK_BENCH_LOG``: construye en una copia del proyecto y
    mide una reconstrucción sin cambios tras la medida en frío).
    """
    modules = [p for p in sorted(ext.glob("*.py")) if p.name not in EVERY_BUILD]
    files = file_digests(package_files(package), package.parent)
    files.update(file_digests([confdir / "conf.py"], confdir.parent))
    files.update(file_digests(modules, ext.parent.parent))
    return {
        "formato": MARKER_FORMAT,
        "perfil": profile_name,
        "versiones": library_versions(),
        "archivos": files,
    }


def _flat(parts: dict) -> dict[str, str]:
    flat = {}
    for key, value in parts.items():
        if isinstance(value, dict):
            flat.update({f"{key}/{k}": str(v) for k, v in value.items()})
        else:
            flat[key] = str(value)
    return flat


def changed_parts(old: dict, new: dict) -> list[str]:
    """Qué cambió de ``old`` a ``new``, en frases cortas en español."""
    before, after = _flat(old), _flat(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        name = key.removeprefix("archivos/").replace("versiones/", "versión de ")
        if key not in before:
            changes.append(f"{name} (nuevo)")
        elif key not in after:
            changes.append(f"{name} (ya no está)")
        elif before[key] != after[key]:
            shown = key.startswith("archivos/")
            changes.append(name if shown else f"{name} ({before[key]} → {after[key]})")
    return changes


def short_list(changes: list[str], limit: int = 4) -> str:
    """Lista legible: los primeros ``limit`` elementos y cuántos más."""
    shown = ", ".join(changes[:limit])
    rest = len(changes) - limit
    return shown + (f" y {rest} más" if rest > 0 else "")


def _read_marker(marker: Path) -> dict | None:
    try:
        parts = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return parts if isinstance(parts, dict) else None


def reset_gallery(gallery: Path, parts: dict) -> str | None:
    """Borra ``gallery`` si la produjo algo distinto de ``parts`` y deja la huella.

    Returns
    -------
    str o None
        Por qué se borró, en español; ``None`` si sigue vigente o no existía.
    """
    marker = gallery / MARKER
    reason = None
    if gallery.exists():
        old = _read_marker(marker)
        if old is None:
            reason = f"no hay huella legible de la construcción anterior ({MARKER})"
        elif old.get("formato") != MARKER_FORMAT:
            reason = "su huella es de otro formato"
        elif changes := changed_parts(old, parts):
            reason = "cambió " + short_list(changes)
    if reason:
        shutil.rmtree(gallery)
    gallery.mkdir(parents=True, exist_ok=True)
    text = json.dumps(parts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not marker.exists() or marker.read_text(encoding="utf-8") != text:
        marker.write_text(text, encoding="utf-8")
    return reason


def forget_stale_runs(examples: Path, gallery: Path) -> list[str]:
    """Borra la suma ``.md5`` de cada lección cuyo texto ya no es el que se ejecutó.

    sphinx-gallery escribe ``<lección>.py.md5`` sólo después de ejecutar la
    lección, y da su página por vigente mientras el texto coincida con la suma.
    Una lección que cambió y en esta construcción no se ejecuta (fuera de
    ``CNNBOOK_LESSON``) o falla conserva la suma vieja: si su texto volviera a
    ser el de antes, una construcción posterior tomaría por buena una página sin
    ejecutar. Sin la suma, la próxima construcción que la incluya la ejecuta.

    Returns
    -------
    list of str
        Las lecciones olvidadas, relativas a ``examples``.
    """
    from sphinx_gallery.utils import get_md5sum

    forgotten = []
    for source in sorted(examples.rglob("*.py")):
        rel = source.relative_to(examples)
        md5 = gallery / rel.parent / f"{rel.name}.md5"
        current = get_md5sum(source, "t")
        if md5.is_file() and md5.read_text(encoding="utf-8").strip() != current:
            md5.unlink()
            forgotten.append(rel.as_posix())
    return forgotten


def _absolute(srcdir: str, folder: str) -> Path:
    return Path(os.path.normpath(Path(srcdir, folder)))


def _galleries(srcdir: str, gallery_conf: dict) -> Iterator[tuple[Path, Path]]:
    """Pares ``(carpeta de lecciones, carpeta de la galería)``, con rutas
    absolutas normalizadas como las ve sphinx-gallery."""
    sources, targets = (
        [value] if isinstance(value, str) else list(value)
        for value in (gallery_conf["examples_dirs"], gallery_conf["gallery_dirs"])
    )
    for examples, gallery in zip(sources, targets, strict=False):
        yield _absolute(srcdir, examples), _absolute(srcdir, gallery)


def _reset_stale_galleries(app) -> None:
    from sphinx.util import logging

    parts = gallery_parts(
        config.profile().name,
        Path(cnnbook.__file__).parent,  # el paquete que importan las lecciones
        Path(app.confdir),
        Path(__file__).parent,
    )
    logger = logging.getLogger(__name__)
    for examples, gallery in _galleries(app.srcdir, app.config.sphinx_gallery_conf):
        reason = reset_gallery(gallery, parts)
        if reason:
            logger.info(
                f"Se rehace la galería «{gallery.name}» y se vuelven a ejecutar "
                f"todas sus lecciones: {reason}."
            )
        forget_stale_runs(examples, gallery)


def remove_orphan_pages(outdir: Path, docnames: set[str], folder: str) -> list[str]:
    """Borra de ``outdir/folder`` las páginas HTML (y sus fuentes en ``_sources``)
    de documentos que ya no existen.

    Sphinx no borra la salida de un documento eliminado: tras renombrar o dividir
    una lección, su página vieja seguiría publicada, con figuras y cifras de un
    código que ya no existe. Sólo se mira la carpeta de la galería.

    Returns
    -------
    list of str
        Los documentos borrados (``"lecciones/02_x/plot_01_y"``).
    """
    removed = []
    for page in sorted((outdir / folder).rglob("*.html")):
        docname = page.relative_to(outdir).with_suffix("").as_posix()
        if docname not in docnames:
            page.unlink()
            source = outdir / "_sources" / f"{docname}.rst.txt"
            source.unlink(missing_ok=True)
            removed.append(docname)
    return removed


def _remove_orphan_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    outdir, docnames = Path(app.outdir), set(app.env.all_docs)
    for _, gallery in _galleries(app.srcdir, app.config.sphinx_gallery_conf):
        folder = gallery.relative_to(Path(app.srcdir)).as_posix()
        for docname in remove_orphan_pages(outdir, docnames, folder):
            logging.getLogger(__name__).info(
                f"Se borra la página de {docname}: su lección ya no existe."
            )


# -- Una sola lección (CNNBOOK_LESSON) --------------------------------------------


def narrow_pattern(base: str, lesson: str) -> str:
    """``filename_pattern`` de sphinx-gallery que exige ``base`` y además ``lesson``.

    sphinx-gallery busca ``filename_pattern`` (``re.search``) en la ruta
    absoluta de cada lección y sólo ejecuta las que coinciden. Las demás siguen
    en la galería, así que índices, toctree y referencias quedan completos (sin
    advertencias con ``-W``, cosa que ``ignore_pattern`` no daría: quita las
    páginas). Una lección no ejecutada conserva su página si su ``.md5`` sigue
    vigente (se ejecutó con esta misma huella de galería); si no, se muestra sólo
    con su código y sin ``.md5`` (ver :func:`forget_stale_runs`), y la próxima
    construcción normal la ejecuta. Por eso el patrón no entra en la huella.
    """
    return f"(?=.*(?:{base}))(?=.*(?:{lesson}))"


def _select_lessons(app, conf) -> None:
    lesson = config.lesson_pattern()
    if lesson is None:
        return
    from sphinx.errors import ConfigError
    from sphinx.util import logging

    gallery_conf = conf.sphinx_gallery_conf
    base = gallery_conf.get("filename_pattern", re.escape(os.sep) + "plot")
    pattern = narrow_pattern(base, lesson)
    scripts = [
        path
        for examples, _ in _galleries(app.srcdir, gallery_conf)
        for path in sorted(examples.rglob("*.py"))
        if re.search(base, str(path))
    ]
    chosen = [path.name for path in scripts if re.search(pattern, str(path))]
    if not chosen:
        raise ConfigError(
            f"CNNBOOK_LESSON={lesson!r} no coincide con ninguna de las "
            f"{len(scripts)} lecciones; usa un fragmento de su ruta, por ejemplo "
            "plot_02_relleno o 03_capas/."
        )
    gallery_conf["filename_pattern"] = pattern
    logging.getLogger(__name__).info(
        f"CNNBOOK_LESSON={lesson!r}: sólo se ejecutan, si su página no está "
        f"vigente, {len(chosen)} de {len(scripts)} lecciones: {short_list(chosen)}."
    )


# -- Benchmark --------------------------------------------------------------------


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def block_meter(log: Path) -> Callable[[Callable[[], Any]], tuple[float, Any]]:
    """Función ``show_memory`` de sphinx-gallery que registra cada bloque en ``log``.

    Ejecuta el bloque, muestrea la memoria residente cada 20 ms en un hilo
    aparte y añade a ``log`` una línea JSON con el guion, los segundos y el pico
    en MB. Devuelve ``(pico_en_MB, resultado)``, como espera sphinx-gallery.
    """

    def measure(func: Callable[[], Any]) -> tuple[float, Any]:
        peak = [_rss_bytes()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], _rss_bytes())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            out = func()
        finally:
            seconds = time.perf_counter() - start
            done.set()
            sampler.join()
            peak[0] = max(peak[0], _rss_bytes())
            event = {
                "event": "block",
                "script": sys.argv[0],  # sphinx-gallery pone aquí la lección
                "seconds": seconds,
                "peak_mb": peak[0] / 2**20,
            }
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(event) + "\n")
        return peak[0] / 2**20, out

    return measure


def _install_benchmark(app, conf) -> None:
    log = config.bench_log()
    if log is None:
        return
    from cnnbook import _bench

    _bench.install()
    conf.sphinx_gallery_conf["show_memory"] = block_meter(log)


def setup(app):
    app.connect("config-inited", _select_lessons, priority=PRIORITY)
    app.connect("config-inited", _install_benchmark, priority=PRIORITY)
    app.connect("builder-inited", _reset_stale_galleries, priority=PRIORITY)
    app.connect("build-finished", _remove_orphan_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
