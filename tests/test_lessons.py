"""Prueba de humo: cada lección se ejecuta de principio a fin en el perfil ``quick``.

Se usan datos sintéticos diminutos con la forma de MNIST y CIFAR-10; las
lecciones se ejecutan en orden y comparten caché y registros, como en una
construcción real (algunas leen los registros que escribieron las anteriores).
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


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lesson_runs_in_quick_profile(lesson, lesson_env):
    result = subprocess.run(
        [sys.executable, str(lesson)],
        cwd=lesson.parent,
        env=lesson_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"{lesson.name} falló:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    )
    assert "perfil «quick»" in result.stdout


# La tabla del capítulo 5 reúne los registros de todo el libro: por diseño
# necesita las lecciones anteriores (lo prueba tests/downloads en orden).
GATHERS_THE_BOOK = {"plot_01_tabla.py"}
STANDALONE = [
    p
    for p in LESSONS
    if "recipes." in p.read_text(encoding="utf-8") and p.name not in GATHERS_THE_BOOK
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
