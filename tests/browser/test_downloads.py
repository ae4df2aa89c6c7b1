"""Las lecciones descargadas funcionan fuera del repositorio.

Para una lección por capítulo (la primera), se toma el cuaderno ``.ipynb`` que
generó la construcción del libro, se copia a una carpeta temporal fuera del
repositorio y se ejecuta completo con nbclient, en el perfil ``quick`` y con
datos sintéticos diminutos. Se ejecuta con ``nox -s browser`` (tras ``nox -s docs``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_dataset

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "docs" / "lecciones"
SITE = ROOT / "docs" / "_build" / "html"

pytestmark = pytest.mark.skipif(
    os.environ.get("CNNBOOK_BROWSER") != "1",
    reason="cuadernos descargados: se ejecutan con `nox -s browser`",
)

# El capítulo 5 reúne los registros de todos los demás: no es independiente.
NOTEBOOKS = (
    sorted(p for p in GALLERY.glob("0[1-4]_*/plot_01_*.ipynb"))
    if GALLERY.is_dir()
    else []
)


def test_one_notebook_per_chapter_exists():
    chapters = {p.parent.name[:2] for p in NOTEBOOKS}
    assert chapters >= {"01", "02", "03", "04"}, chapters


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_downloaded_notebook_runs(notebook, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path / "descargas"
    work.mkdir()
    target = work / notebook.name
    shutil.copy(notebook, target)
    data_dir = tmp_path / "datos"
    data_dir.mkdir()
    write_dataset(data_dir, "mnist", n_train=200, n_test=100)
    write_dataset(data_dir, "cifar10", n_train=200, n_test=100)
    for key, value in {
        "CNNBOOK_PROFILE": "quick",
        "CNNBOOK_DATA": str(data_dir),
        "CNNBOOK_CACHE": str(tmp_path / "cache"),
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }.items():
        monkeypatch.setenv(key, value)

    nb = nbformat.read(target, as_version=4)
    first = "".join(nb.cells[0].source) if nb.cells else ""
    assert "pip install" in first, "la primera celda debe decir cómo instalar cnnbook"
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
    ).execute()
    outputs = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    ]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("perfil «quick»" in json.dumps(o, ensure_ascii=False) for o in outputs)


def test_download_all_archives_exist():
    zips = sorted(p.name for p in SITE.rglob("*.zip")) if SITE.is_dir() else []
    assert any(z.endswith("_python.zip") for z in zips), zips
    assert any(z.endswith("_jupyter.zip") for z in zips), zips
