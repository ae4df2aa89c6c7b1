"""Una lección que lanza una excepción detiene la construcción del libro.

Se construye en una carpeta temporal un libro mínimo con la configuración real
(``docs/conf.py`` y sus extensiones) y una sola lección: primero una que funciona
(la construcción termina bien) y luego la misma lección con un error.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GOOD = '''"""
Lección de prueba
=================

Una lección mínima.
"""

total = sum(range(4))
print("suma", total)
'''

BAD = (
    GOOD
    + """
# %%
# Aquí se rompe.


def paso_roto():
    raise ValueError("lección rota a propósito")


paso_roto()
"""
)


def make_book(tmp: Path, lesson: str) -> Path:
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
    (chapter / "plot_01_leccion.py").write_text(lesson, encoding="utf-8")
    # El libro publica el paquete (wheel) junto al sitio: necesita sus fuentes.
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-contenido"):
        shutil.copy2(ROOT / name, tmp / name)
    shutil.copytree(
        ROOT / "cnnbook", tmp / "cnnbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    return docs


def build(docs: Path, tmp: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CNNBOOK_PROFILE": "quick",
        "CNNBOOK_CACHE": str(tmp / "cache"),
        "MPLBACKEND": "Agg",
    }
    env.pop("CNNBOOK_BENCH_LOG", None)
    env.update(extra_env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(docs),
            str(docs / "_build" / "html"),
        ],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_raising_lesson_fails_the_build_with_name_and_traceback(tmp_path):
    pytest.importorskip("sphinx_gallery")
    docs = make_book(tmp_path / "bien", GOOD)
    # Galería de otra construcción con otro perfil: build_hooks la borra antes
    # de que sphinx-gallery genere la nueva.
    (docs / "lecciones").mkdir()
    (docs / "lecciones" / ".huella.json").write_text('{"formato": 1, "perfil": "full"}')
    (docs / "lecciones" / "vieja.rst").write_text("página de otro perfil")
    good = build(docs, tmp_path / "bien")
    assert good.returncode == 0, good.stderr[-3000:]
    assert not (docs / "lecciones" / "vieja.rst").exists()
    marker = json.loads((docs / "lecciones" / ".huella.json").read_text())
    assert marker["perfil"] == "quick"
    assert (docs / "lecciones" / "01_prueba" / "plot_01_leccion.rst").is_file()

    bad = build(make_book(tmp_path / "mal", BAD), tmp_path / "mal")
    assert bad.returncode != 0
    report = bad.stdout + bad.stderr
    assert "plot_01_leccion.py" in report
    assert "Traceback" in report
    assert "paso_roto" in report  # la traza llega hasta la función que falló
    assert "ValueError: lección rota a propósito" in report


def test_bench_log_measures_each_lesson(tmp_path):
    """Con CNNBOOK_BENCH_LOG, cada bloque de la lección deja tiempo y memoria."""
    import json

    pytest.importorskip("sphinx_gallery")
    log = tmp_path / "bench.jsonl"
    result = build(make_book(tmp_path, GOOD), tmp_path, CNNBOOK_BENCH_LOG=str(log))
    assert result.returncode == 0, result.stderr[-3000:]
    events = [json.loads(line) for line in log.read_text().splitlines()]
    blocks = [e for e in events if e["event"] == "block"]
    assert blocks and all(e["script"].endswith("plot_01_leccion.py") for e in blocks)
    assert all(e["seconds"] >= 0 and e["peak_mb"] > 10 for e in blocks)
