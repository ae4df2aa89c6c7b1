"""El camino de quien descarga las lecciones, sin el repositorio.

Sólo se usan archivos del sitio construido (``docs/_build/html``): los ``.zip``
«Descargar todo» se descomprimen en una carpeta temporal fuera del repositorio,
se crea un entorno virtual nuevo y se instala el wheel que traen, como dice su
``LEEME.txt`` (las dependencias salen del índice de paquetes y de la caché de
pip). Luego se ejecutan, en el perfil ``quick`` y con datos sintéticos en
``CNNBOOK_DATA``, lecciones ``.py`` y cuadernos ``.ipynb`` (con nbclient) de cada
capítulo: uno entrena, el siguiente usa la caché. También se revisa que ningún
cuaderno publicado conserve reST y que, sin datos ni internet, una lección diga
en español las dos soluciones.

Se ejecuta con ``nox -s downloads`` tras ``nox -s docs`` (``CNNBOOK_DOWNLOADS=1``;
``CNNBOOK_DOWNLOADS_SITE`` apunta a otro sitio construido). Tarda unos minutos.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import write_dataset

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(
    os.environ.get("CNNBOOK_DOWNLOADS_SITE") or ROOT / "docs" / "_build" / "html"
)

pytestmark = pytest.mark.skipif(
    os.environ.get("CNNBOOK_DOWNLOADS") != "1",
    reason="descargas del sitio construido: se revisan con `nox -s downloads`",
)

# Ejecuta un cuaderno dentro del entorno del lector (su Python, su kernel) y lo
# guarda con sus salidas; al final agrega una celda que dice de dónde vino cnnbook.
RUN_NOTEBOOK = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

path, out = Path(sys.argv[1]), Path(sys.argv[2])
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import cnnbook; print('cnnbook:', cnnbook.__file__)"))
client = NotebookClient(nb, timeout=900, kernel_name="python3",
                        resources={"metadata": {"path": str(path.parent)}})
try:
    client.execute()
finally:
    nbformat.write(nb, out)
"""

# En orden: cada lección puede leer de la caché lo que entrenaron las anteriores, y
# la tabla del capítulo 5 reúne los registros de los capítulos 1 y 4.
LESSONS = (
    ("01_mlp/plot_01_mlp_mnist.ipynb", "Instalando cnnbook desde"),  # entrena
    ("01_mlp/plot_01_mlp_mnist.py", "modelo cargado de la caché"),
    ("01_mlp/plot_02_mlp_cifar10.py", "perfil «quick»"),
    ("01_mlp/plot_03_cifar10_gris.ipynb", "modelo cargado de la caché"),
    ("01_mlp/plot_04_mnist_trasladado.py", "perfil «quick»"),
    ("02_convolucion/plot_04_convolucion_grises.py", ""),
    ("02_convolucion/plot_01_corteza_visual.ipynb", ""),
    ("03_capas/plot_02_relleno.py", ""),
    ("03_capas/plot_03_paso.ipynb", ""),
    ("04_lenet5/plot_01_lenet5_mnist.py", "perfil «quick»"),
    ("04_lenet5/plot_02_trasladadas.ipynb", "modelo cargado de la caché"),
    ("05_reproduccion/plot_01_tabla.ipynb", "Registros leídos de"),
    ("05_reproduccion/plot_01_tabla.py", "Registros leídos de"),
    # La Parte II: la escalera importa cnnbook.ladder del wheel descargado.
    ("06_cnn_moderna/plot_02_tasa_coseno.py", "perfil «quick»"),
)

ROLE = re.compile(r":[a-z][\w:+-]*:`")
DIRECTIVE_LINE = re.compile(r"^[ \t]*\.\.(?:[ \t]|$)", re.M)
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.M | re.S)


def _site_zips() -> list[Path]:
    return sorted(SITE.glob("_downloads/*/*.zip"))


def _reader_env(reader: Path, **extra: str) -> dict[str, str]:
    """El entorno del lector: nada del repositorio ni de las variables del libro."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CNNBOOK_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(
        PATH=f"{reader / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        CNNBOOK_PROFILE="quick",
        CNNBOOK_DATA=str(reader / "datos"),
        CNNBOOK_CACHE=str(reader / "cache"),
        KERAS_HOME=str(reader / "keras"),  # sin conjuntos que Keras ya haya bajado
        JUPYTER_DATA_DIR=str(reader / "jupyter"),  # sin kernels del usuario
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def _run(command: list[str], cwd: Path, env: dict, timeout: int = 900):
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> Path:
    """Carpeta del lector: los .zip del sitio descomprimidos, un venv nuevo y datos."""
    base = tmp_path_factory.mktemp("lector")
    assert ROOT not in base.parents
    for kind in ("python", "jupyter"):
        (archive,) = [z for z in _site_zips() if z.name.endswith(f"_{kind}.zip")]
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(base / kind)
    (wheel,) = (base / "jupyter").glob("cnnbook-*.whl")
    # El .zip trae las versiones fijadas, y LEEME.txt dice cómo usarlas.
    assert (base / "jupyter" / "constraints.txt").is_file()
    assert "-c constraints.txt" in (base / "jupyter" / "LEEME.txt").read_text("utf-8")
    python = base / ".venv" / "bin" / "python"
    env = _reader_env(base)
    steps = (
        [sys.executable, "-m", "venv", str(base / ".venv")],
        # Lo que dice LEEME.txt, más lo necesario para ejecutar cuadernos.
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            str(wheel),
            "-c",
            str(base / "jupyter" / "constraints.txt"),
            "nbclient",
            "nbformat",
            "ipykernel",
        ],
        # Sin cnnbook (pero con sus dependencias): el primer cuaderno lo instala.
        [str(python), "-m", "pip", "uninstall", "-q", "-y", "cnnbook"],
    )
    for step in steps:
        done = _run(step, base, env, timeout=1800)
        assert done.returncode == 0, done.stdout + done.stderr
    (base / "datos").mkdir()
    write_dataset(base / "datos", "mnist", n_train=500, n_test=200)
    write_dataset(base / "datos", "cifar10", n_train=500, n_test=200)
    return base


def _notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return json.dumps([c.get("outputs", []) for c in cells], ensure_ascii=False)


def _markdown_cells(data: bytes) -> list[str]:
    cells = json.loads(data)["cells"]
    sources = [c["source"] for c in cells if c["cell_type"] == "markdown"]
    return ["".join(s) if isinstance(s, list) else s for s in sources]


def _published_files(suffix: str) -> dict[str, bytes]:
    """Cada archivo publicado con ``suffix``, suelto en el sitio o dentro de un .zip."""
    files = {str(p.relative_to(SITE)): p.read_bytes() for p in SITE.rglob(f"*{suffix}")}
    for archive in _site_zips():
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.endswith(suffix):
                    files[f"{archive.relative_to(SITE)}:{name}"] = zf.read(name)
    return files


def test_site_publishes_the_package_and_complete_zips():
    wheels = sorted((SITE / "descargas").glob("cnnbook-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    assert (
        SITE / "descargas" / wheels[0].name.replace("-py3-none-any.whl", ".tar.gz")
    ).is_file()
    kinds = {z.name.rsplit("_", 1)[-1] for z in _site_zips()}
    assert {"python.zip", "jupyter.zip"} <= kinds
    for archive in _site_zips():
        with zipfile.ZipFile(archive) as zf:
            names = set(zf.namelist())
            if not any(n.endswith((".py", ".ipynb")) for n in names):
                continue
            assert {wheels[0].name, "LEEME.txt"} <= names, archive
            readme = zf.read("LEEME.txt").decode()
        assert f"pip install {wheels[0].name}" in readme and "python -m venv" in readme
        assert "CNNBOOK_DATA" in readme


def test_published_notebooks_have_no_rest_left():
    notebooks = _published_files(".ipynb")
    assert len(notebooks) > 40
    found = []
    for where, data in notebooks.items():
        for text in _markdown_cells(data):
            text = FENCE.sub("", text)
            found += [f"{where}: {m}" for m in ROLE.findall(text)]
            found += [f"{where}: {m!r}" for m in DIRECTIVE_LINE.findall(text)]
    assert not found, "\n".join(found[:20])


def test_every_download_says_how_to_set_up():
    for where, data in {
        **_published_files(".ipynb"),
        **_published_files(".py"),
    }.items():
        text = data.decode("utf-8")
        if where.endswith(".ipynb"):
            first = json.loads(text)["cells"][0]
            text = "".join(first["source"])
        head = text[:3000]
        assert "pip install" in head and "CNNBOOK_DATA" in head, where
        assert "carpeta del proyecto" not in text, where


def test_a_lone_notebook_says_what_to_download(reader):
    """Un cuaderno descargado solo, sin cnnbook ni el wheel al lado."""
    (notebook,) = SITE.glob("_downloads/*/plot_01_mlp_mnist.ipynb")
    if "CNNBOOK_REMOTE = None" not in notebook.read_text("utf-8"):
        pytest.skip("el sitio tiene dirección pública: el cuaderno instalaría de ahí")
    alone = reader / "suelto"
    alone.mkdir()
    shutil.copy(notebook, alone)
    python = str(reader / ".venv" / "bin" / "python")
    out = alone / "ejecutado.ipynb"
    done = _run(
        [python, "-c", RUN_NOTEBOOK, str(alone / notebook.name), str(out)],
        alone,
        _reader_env(reader),
    )
    assert done.returncode != 0
    assert "Falta el paquete cnnbook" in _notebook_text(out)


@pytest.mark.parametrize(
    ("lesson", "expected"), LESSONS, ids=[name for name, _ in LESSONS]
)
def test_lesson_runs_where_the_reader_is(reader, lesson, expected):
    python = str(reader / ".venv" / "bin" / "python")
    env = _reader_env(reader)
    if lesson.endswith(".py"):
        path = reader / "python" / lesson
        done = _run([python, path.name], path.parent, {**env, "MPLBACKEND": "Agg"})
        output = done.stdout + done.stderr
    else:
        path = reader / "jupyter" / lesson
        out = path.with_suffix(".ejecutado.ipynb")
        done = _run([python, "-c", RUN_NOTEBOOK, str(path), str(out)], path.parent, env)
        output = (
            done.stdout + done.stderr + (_notebook_text(out) if out.exists() else "")
        )
        site_packages = str(reader / ".venv" / "lib")
        assert done.returncode != 0 or f"cnnbook: {site_packages}" in output
    assert done.returncode == 0, output[-6000:]
    assert expected in output, output[-3000:]


def test_without_data_or_internet_the_lesson_names_both_fixes(reader):
    path = reader / "python" / "01_mlp" / "plot_01_mlp_mnist.py"
    offline = "http://127.0.0.1:9"  # nada escucha ahí: la descarga falla enseguida
    env = _reader_env(
        reader,
        CNNBOOK_DATA=None,
        MPLBACKEND="Agg",
        HTTP_PROXY=offline,
        HTTPS_PROXY=offline,
        http_proxy=offline,
        https_proxy=offline,
        NO_PROXY=None,
        no_proxy=None,
    )
    done = _run(
        [str(reader / ".venv" / "bin" / "python"), path.name],
        path.parent,
        env,
        timeout=300,
    )
    assert done.returncode != 0
    assert "CNNBOOK_DATA" in done.stderr and "conectarse a internet" in done.stderr, (
        done.stderr[-3000:]
    )
