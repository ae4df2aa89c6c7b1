"""Ninguna página vieja: la galería sigue a la biblioteca, y CNNBOOK_LESSON.

Se construye en una carpeta temporal un libro mínimo con la configuración real
(``docs/conf.py`` y sus extensiones). Las lecciones importan una copia de
``cnnbook`` puesta primero en ``PYTHONPATH``: cambiar esa copia (no el texto de
la lección) debe volver a ejecutar la lección. Cada lección anota en un archivo
cada vez que se ejecuta, para distinguir «se ejecutó» de «se conservó», e
imprime una salida que no aparece en su código.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LESSON = '''"""
Lección {name}
==============

Una lección mínima que llama a la biblioteca.
"""

import os

from cnnbook import config

with open(os.environ["LECCION_CORRIDAS"], "a", encoding="utf-8") as fh:
    fh.write("{name}\\n")
print("salida de", "{name}".upper() + ":", config.profile().describe())
'''

pytest.importorskip("sphinx_gallery")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def make_book(tmp: Path, names: list[str]) -> Path:
    """Libro de prueba en ``tmp`` con una lección por nombre; devuelve ``docs``."""
    docs = tmp / "docs"
    shutil.copytree(
        ROOT / "docs",
        docs,
        ignore=shutil.ignore_patterns("_build", "lecciones", "__pycache__", "*.md"),
    )
    (docs / "index.md").write_text(
        "# Libro de prueba\n\n```{toctree}\nlecciones/index\n```\n", encoding="utf-8"
    )
    chapter = tmp / "examples" / "01_prueba"
    chapter.mkdir(parents=True)
    (tmp / "examples" / "README.txt").write_text(
        "Lecciones\n=========\n\nPrueba.\n", encoding="utf-8"
    )
    (chapter / "README.txt").write_text(
        "Capítulo de prueba\n------------------\n", encoding="utf-8"
    )
    for k, name in enumerate(names, start=1):
        lesson = chapter / f"plot_{k:02d}_{name}.py"
        lesson.write_text(LESSON.format(name=name), encoding="utf-8")
    # El libro publica el paquete (wheel) junto al sitio: necesita sus fuentes.
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-contenido"):
        shutil.copy2(ROOT / name, tmp / name)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "cnnbook", tmp / "cnnbook", ignore=ignore)
    # La copia que importan las lecciones (y que la prueba edita).
    shutil.copytree(ROOT / "cnnbook", tmp / "lib" / "cnnbook", ignore=ignore)
    return docs


def build(tmp: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CNNBOOK_PROFILE": "quick",
        "CNNBOOK_CACHE": str(tmp / "cache"),
        "MPLBACKEND": "Agg",
        "LECCION_CORRIDAS": str(tmp / "corridas.txt"),
        "PYTHONPATH": str(tmp / "lib"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("CNNBOOK_BENCH_LOG", "CNNBOOK_LESSON"):
        env.pop(name, None)
    env.update(extra_env)
    docs = tmp / "docs"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
        + [str(docs), str(docs / "_build" / "html")],
        cwd=docs,  # sin cnnbook en la carpeta actual: se importa el de PYTHONPATH
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    return done


def runs(tmp: Path) -> list[str]:
    path = tmp / "corridas.txt"
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def page(tmp: Path, name: str) -> str:
    html = tmp / "docs" / "_build" / "html" / "lecciones" / "01_prueba"
    (found,) = html.glob(f"plot_*_{name}.html")
    return found.read_text(encoding="utf-8")


def test_library_change_reruns_lessons(tmp_path):
    make_book(tmp_path, ["uno"])
    build(tmp_path)
    assert runs(tmp_path) == ["uno"]
    assert "salida de UNO: perfil «quick»" in page(tmp_path, "uno")
    marker = tmp_path / "docs" / "lecciones" / ".huella.json"
    parts = json.loads(marker.read_text(encoding="utf-8"))
    assert parts["perfil"] == "quick" and "cnnbook/config.py" in parts["archivos"]

    # Nada cambió: la página se conserva sin volver a ejecutar la lección.
    again = build(tmp_path)
    assert runs(tmp_path) == ["uno"]
    assert "Se rehace la galería" not in again.stdout + again.stderr
    assert json.loads(marker.read_text(encoding="utf-8")) == parts

    # Cambia una función de la biblioteca (no el texto de la lección).
    library = tmp_path / "lib" / "cnnbook" / "config.py"
    text = library.read_text(encoding="utf-8")
    assert text.count("perfil «quick»: a lo sumo") == 1
    library.write_text(
        text.replace(
            "perfil «quick»: a lo sumo", "perfil «quick» (editado): a lo sumo"
        ),
        encoding="utf-8",
    )
    rebuilt = build(tmp_path)
    assert runs(tmp_path) == ["uno", "uno"]
    assert "salida de UNO: perfil «quick» (editado)" in page(tmp_path, "uno")
    assert (
        "Se rehace la galería «lecciones» y se vuelven a ejecutar todas sus "
        "lecciones: cambió cnnbook/config.py." in rebuilt.stdout + rebuilt.stderr
    )


def test_lesson_pattern_builds_one_lesson(tmp_path):
    make_book(tmp_path, ["uno", "dos"])
    partial = build(tmp_path, CNNBOOK_LESSON="dos")
    assert "1 de 2 lecciones: plot_02_dos.py." in partial.stdout
    assert runs(tmp_path) == ["dos"]
    assert "salida de DOS" in page(tmp_path, "dos")
    assert "salida de UNO" not in page(tmp_path, "uno")  # sólo el código
    for name in ("uno", "dos"):
        assert "Construcción parcial (CNNBOOK_LESSON=dos)" in page(tmp_path, name)

    # La construcción normal ejecuta lo que faltaba y conserva lo ya ejecutado.
    build(tmp_path)
    assert runs(tmp_path) == ["dos", "uno"]
    assert "salida de UNO" in page(tmp_path, "uno")
    assert "Construcción parcial" not in page(tmp_path, "uno")

    # Una lección que cambia fuera del patrón se muestra sin ejecutar; si luego
    # vuelve a su texto anterior, la construcción normal igual la ejecuta.
    lesson = next((tmp_path / "examples" / "01_prueba").glob("plot_01_*.py"))
    original = lesson.read_text(encoding="utf-8")
    lesson.write_text(original + "print('otra línea')\n", encoding="utf-8")
    build(tmp_path, CNNBOOK_LESSON="dos")
    assert runs(tmp_path) == ["dos", "uno"]
    assert "salida de UNO" not in page(tmp_path, "uno")
    lesson.write_text(original, encoding="utf-8")
    build(tmp_path)
    assert runs(tmp_path) == ["dos", "uno", "uno"]
    assert "salida de UNO" in page(tmp_path, "uno")
