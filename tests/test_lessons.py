"""Prueba de humo: las lecciones que usan recetas se ejecutan solas, en el perfil
``quick`` y con la caché vacía, como las ejecuta quien las descarga.

Se usan datos sintéticos diminutos con la forma de MNIST y CIFAR-10. La
ejecución de todas las lecciones en orden, compartiendo caché y registros como
en una construcción real, está en ``tests/test_trains_once.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: En el orden en que las ejecuta la galería (``FileNameSortKey``).
LESSONS = sorted((ROOT / "examples").glob("*/plot_*.py"))


def test_every_chapter_has_lessons():
    chapters = sorted(p.parent.name for p in LESSONS)
    assert chapters and chapters[0].startswith("01_")
    for folder in (ROOT / "examples").iterdir():
        if folder.is_dir():
            assert (folder / "README.txt").is_file(), (
                f"{folder.name} no tiene README.txt"
            )


# Que cada lección se ejecute de principio a fin en el orden de la galería lo
# prueba tests/test_trains_once.py, en un solo proceso como sphinx-gallery. Aquí
# se prueba lo que ella no cubre: cada lección que usa recetas, sola y con la
# caché vacía, como la ejecuta quien la descarga.


# La tabla del capítulo 5 reúne los registros de todo el libro: por diseño
# necesita las lecciones anteriores (lo prueba tests/downloads en orden).
GATHERS_THE_BOOK = {"plot_01_tabla.py"}
STANDALONE = [
    p
    for p in LESSONS
    if any(m in p.read_text(encoding="utf-8") for m in ("recipes.", "ladder."))
    and p.name not in GATHERS_THE_BOOK
]


@pytest.mark.parametrize(
    "lesson", STANDALONE, ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_lesson_runs_alone_with_empty_cache(lesson, lesson_env, tmp_path):
    """Una lección descargada sola debe funcionar: lo que necesita de otras
    lecciones lo carga de la caché o, si no está, lo entrena."""
    env = {**lesson_env, "CNNBOOK_CACHE": str(tmp_path / "vacia")}
    result = subprocess.run(
        [sys.executable, str(lesson)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{lesson.name} falló:\n{result.stderr[-5000:]}"
