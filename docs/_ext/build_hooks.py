"""Ganchos de la construcción del libro, conectados a eventos de Sphinx.

``conf.py`` sólo declara la configuración; lo que toca archivos o instala
mediciones ocurre aquí, cuando Sphinx emite sus eventos:

* Galería de otro perfil (``builder-inited``). sphinx-gallery sólo vuelve a
  ejecutar una lección si su texto cambió; si cambió el perfil
  (``cnnbook.config.profile()``), las páginas guardadas ya no valen y se borran
  para rehacerlas. La carpeta de la galería guarda el perfil con que se
  construyó en el archivo ``.perfil``.
* Benchmark (``config-inited``). Si ``cnnbook.config.bench_log()`` da un archivo
  (``benchmarks/build.py``), cada bloque de código de cada lección deja en él su
  tiempo y su memoria residente máxima, y se instalan los ganchos de
  entrenamiento de ``cnnbook._bench``: las lecciones se ejecutan dentro del
  proceso de Sphinx, así que alcanzan a ``fit_or_load``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cnnbook import config

#: Archivo, dentro de la galería, con el nombre del perfil que la construyó.
MARKER = ".perfil"

# sphinx-gallery completa su configuración en ``config-inited`` con prioridad 10
# (ahí lee ``show_memory``) y genera la galería en ``builder-inited`` con la
# prioridad por omisión (500): estos ganchos van antes de ambos.
PRIORITY = 5


def reset_gallery(gallery: Path, profile_name: str) -> bool:
    """Borra ``gallery`` si la construyó otro perfil y deja la marca del actual.

    Returns
    -------
    bool
        ``True`` si la galería existía y se borró.
    """
    marker = gallery / MARKER
    stale = gallery.exists() and (
        not marker.exists()
        or marker.read_text(encoding="utf-8").strip() != profile_name
    )
    if stale:
        shutil.rmtree(gallery)
    gallery.mkdir(parents=True, exist_ok=True)
    marker.write_text(profile_name, encoding="utf-8")
    return stale


def _reset_stale_galleries(app) -> None:
    dirs = app.config.sphinx_gallery_conf["gallery_dirs"]
    for folder in [dirs] if isinstance(dirs, str) else dirs:
        reset_gallery(Path(app.srcdir) / folder, config.profile().name)


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
    app.connect("config-inited", _install_benchmark, priority=PRIORITY)
    app.connect("builder-inited", _reset_stale_galleries, priority=PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
