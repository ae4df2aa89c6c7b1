"""Descargas del libro (docs/_ext/downloads.py y sus módulos): textos, cuadernos y .zip.

Los textos de entrada son celdas reales de las lecciones tal como las deja
sphinx-gallery en el ``.ipynb`` (con su sangría y sus bloques aplanados).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import downloads
import reader_texts
from rest_markdown import rest_leftovers, rest_to_markdown

import cnnbook
from cnnbook import config

GLOSSARY = {
    "perceptrón multicapa": "https://u.github.io/libro/glosario.html#term-perceptron-multicapa",
    "conjunto de prueba": "https://u.github.io/libro/glosario.html#term-conjunto-de-prueba",
}

# plot_01_mlp_mnist: dropdown con texto y matemáticas, dentro de una lista.
DROPDOWN_TEXT = (
    "## Ejercicios\n"
    "1. ¿Cuántos parámetros tendría el mismo MLP si las imágenes fueran de\n"
    "   32 x 32 x 3 (CIFAR-10)? Calcúlalo antes de verlo en la siguiente lección.\n"
    '   Comprueba tu respuesta con ``exercises.check("1.1.1", tu_respuesta)``.\n'
    "\n"
    "   .. dropdown:: Solución\n"
    "\n"
    "      La primera capa tendría $(3072 + 1) \\times 200 = 614{,}600$\n"
    "      parámetros; las otras dos no cambian (30,150 y 1,510). En total,\n"
    "      646,260. Compruébalo con\n"
    "      ``models.mlp((32, 32, 3)).count_params()``.\n"
    "\n"
    "2. Cambia ``epochs=10`` por ``epochs=3`` y vuelve a ejecutar la lección.\n"
)
# plot_02_mlp_cifar10: sphinx-gallery sacó el code-block anidado a la columna 0.
DROPDOWN_CODE = (
    "2. Construye la matriz de confusión con\n"
    "   ``sklearn.metrics.confusion_matrix(y_test, pred_all)``. ¿Qué pares de clases\n"
    "   se confunden más?\n"
    "\n"
    "   .. dropdown:: Solución\n"
    "\n"
    "```python\n"
    "from sklearn.metrics import confusion_matrix\n"
    "cm = confusion_matrix(y_test, pred_all)\n"
    "```\n"
    "      Suelen ser clases parecidas entre sí: gato y perro, automóvil y camión,\n"
    "      venado y caballo.\n"
    "\n"
)
# plot_01_mlp_mnist: términos del glosario, uno partido en dos líneas.
TERMS = (
    "* Cómo es el :term:`perceptrón multicapa` (MLP) 784-200-150-10 de la clase.\n"
    "* Qué :term:`exactitud` alcanza en el :term:`conjunto de\n"
    "  prueba` y cómo se ven sus predicciones.\n"
)
# plot_03_paso y plot_06_ejercicio_cifar10: HTML crudo.
EXPLORER = (
    "Funciona en el\nnavegador, sin ejecutar Python.\n\n.. raw:: html\n\n"
    '   <div id="explorador-conv"><p>El explorador necesita JavaScript.</p></div>\n\n'
    "## Resumen\n* El paso $s$ es cuánto avanza el kernel.\n"
)
DETAILS_OPEN = (
    "Intenta resolverlo antes de abrir la solución.\n\n.. raw:: html\n\n"
    '   <details class="cnnbook-solucion"><summary>Solución (código ejecutado al '
    "construir el libro)</summary>\n\n"
)
DETAILS_CLOSE = (
    ".. raw:: html\n\n   </details>\n\n## Interpretación\nCon una fracción.\n"
)


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_dropdown_becomes_details_inside_the_list_item():
    md = rest_to_markdown(DROPDOWN_TEXT)
    assert "   <details><summary>Solución</summary>" in md
    assert "   La primera capa tendría $(3072 + 1) \\times 200 = 614{,}600$" in md
    html = _html(md)
    # El cuerpo es un párrafo dentro del <details>, dentro del primer punto.
    item = html.split("<li>")[1]
    assert "<details><summary>Solución</summary>\n<p>La primera capa" in item
    assert "</details>\n</li>" in item
    assert "<pre>" not in html  # la sangría de reST no se volvió bloque de código
    assert rest_leftovers(md) == []


def test_flattened_code_block_stays_inside_its_dropdown():
    md = rest_to_markdown(DROPDOWN_CODE)
    html = _html(md)
    details = html[html.index("<details>") : html.index("</details>")]
    assert '<pre><code class="language-python">from sklearn.metrics' in details
    assert "<p>Suelen ser clases parecidas" in details
    assert rest_leftovers(md) == []


def test_terms_link_to_the_glossary_or_are_emphasised():
    linked = rest_to_markdown(TERMS, GLOSSARY)
    assert f"[perceptrón multicapa]({GLOSSARY['perceptrón multicapa']})" in linked
    assert f"[conjunto de\n  prueba]({GLOSSARY['conjunto de prueba']})" in linked
    assert "*exactitud*" in linked  # sin URL conocida: cursivas
    plain = rest_to_markdown(TERMS)
    assert "*perceptrón multicapa*" in plain and "](" not in plain
    explicit = rest_to_markdown(
        ":term:`los perceptrones <perceptrón multicapa>`", GLOSSARY
    )
    assert explicit == f"[los perceptrones]({GLOSSARY['perceptrón multicapa']})"


def test_raw_html_that_only_works_on_the_site():
    md = rest_to_markdown(EXPLORER)
    assert "necesita JavaScript" not in md
    assert "*El explorador interactivo funciona en la página web" in md
    assert "## Resumen" in md and rest_leftovers(md) == []
    opened = rest_to_markdown(DETAILS_OPEN)
    assert "**Solución (código ejecutado al construir el libro)**" in opened
    assert "<details" not in opened
    closed = rest_to_markdown(DETAILS_CLOSE)
    assert "</details>" not in closed and closed.startswith("\n## Interpretación")


@pytest.mark.parametrize(
    ("rest", "markdown"),
    [
        (":math:`k \\times k`", "$k \\times k$"),
        ("Ver :ref:`la tabla <sphx_glr_tabla>`.", "Ver la tabla."),
        (":func:`~cnnbook.ops.conv2d`", "`conv2d`"),
        (":py:class:`keras.layers.Conv2D`", "`keras.layers.Conv2D`"),
        ("H\\ :sub:`2`\\ O", "H\\ <sub>2</sub>\\ O"),
        (".. note::\n\n   Cuidado.\n", "> **Nota.** Cuidado.\n"),
        (".. code-block:: python\n\n   x = 1\n", "```python\nx = 1\n```\n"),
        (".. comentario que no se publica\n   y su continuación\n\nTexto.", "\nTexto."),
        ("$$ ya en Markdown $$ y ``código``.", "$$ ya en Markdown $$ y ``código``."),
    ],
)
def test_other_roles_and_directives(rest, markdown):
    assert rest_to_markdown(rest) == markdown


def test_conversion_is_idempotent_and_leaves_code_alone():
    for text in (DROPDOWN_TEXT, DROPDOWN_CODE, TERMS, EXPLORER, DETAILS_OPEN):
        once = rest_to_markdown(text, GLOSSARY)
        assert rest_to_markdown(once, GLOSSARY) == once
    code = "```python\n# :term:`no se toca` dentro del código\n.. tampoco\n```\n"
    assert rest_to_markdown(code) == code
    assert rest_leftovers(code) == []
    assert rest_leftovers(TERMS) == [
        ":term:`perceptrón multicapa`",
        ":term:`exactitud`",
        ":term:`conjunto de\n  prueba`",
    ]


def test_first_cell_installs_the_wheel_or_explains_in_spanish(tmp_path):
    cell = reader_texts.first_notebook_cell("9.9.9")
    ast.parse(cell)
    assert "cnnbook-9.9.9-py3-none-any.whl" in cell and "CNNBOOK_DATA" in cell
    assert "carpeta del proyecto" not in cell
    remote = reader_texts.first_notebook_cell("9.9.9", "https://u.github.io/libro")
    assert (
        "'https://u.github.io/libro/descargas/cnnbook-9.9.9-py3-none-any.whl'" in remote
    )
    assert "'git+https://github.com/u/libro'" in reader_texts.first_notebook_cell(
        "9.9.9", None, "u/libro"
    )
    # Sin el wheel al lado ni dirección remota: se detiene y dice qué descargar.
    done = subprocess.run(
        [sys.executable, "-c", cell], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "ModuleNotFoundError: Falta el paquete cnnbook 9.9.9" in done.stderr
    assert "LEEME.txt" in done.stderr


def test_first_cell_does_nothing_when_the_version_is_installed(tmp_path):
    cell = reader_texts.first_notebook_cell(cnnbook.__version__)
    done = subprocess.run(
        [sys.executable, "-c", cell], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_script_header_keeps_the_lesson_a_valid_module():
    lesson = '"""\nEl perceptrón multicapa en MNIST\n================\n"""\n\nx = 1\n'
    header = reader_texts.script_header(
        "plot_01_mlp_mnist.py", "0.1.0", None, "u/libro"
    )
    text = reader_texts.add_script_header(lesson, header)
    assert ast.get_docstring(ast.parse(text)).startswith("El perceptrón multicapa")
    assert "pip install cnnbook-0.1.0-py3-none-any.whl" in text
    assert "python plot_01_mlp_mnist.py" in text and "CNNBOOK_DATA" in text
    assert "git+https://github.com/u/libro" in text
    assert reader_texts.add_script_header(text, header) == text


def test_readme_has_the_two_commands_and_the_offline_data():
    text = reader_texts.readme_text(
        "0.1.0",
        ["01_mlp/plot_01_mlp_mnist.ipynb", "01_mlp/plot_01_mlp_mnist.py"],
        "<3.14,>=3.11",
    )
    assert "pip install cnnbook-0.1.0-py3-none-any.whl" in text
    assert "python 01_mlp/plot_01_mlp_mnist.py" in text
    assert "jupyter lab 01_mlp/plot_01_mlp_mnist.ipynb" in text
    assert "CNNBOOK_DATA" in text and "Python 3.11 a 3.13" in text
    only_py = reader_texts.readme_text("0.1.0", ["a/plot_01.py"])
    assert "jupyter" not in only_py


def _notebook(first: str) -> dict:
    return {
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": first},
            {"cell_type": "markdown", "metadata": {}, "source": TERMS},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": "x = 1"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 0,
    }


def test_convert_notebook_replaces_the_old_setup_cell():
    old = "# Esta lección necesita el paquete cnnbook: `pip install .`"
    nb = downloads.convert_notebook(_notebook(old), "# nueva", GLOSSARY)
    assert [c["source"] for c in nb["cells"]][::2] == ["# nueva", "x = 1"]
    assert "[perceptrón multicapa](" in nb["cells"][1]["source"]
    plain = downloads.convert_notebook(_notebook("import numpy"), "# nueva", {})
    assert [c["source"] for c in plain["cells"]][:2] == ["# nueva", "import numpy"]


def _fake_site(root: Path) -> Path:
    """Un sitio mínimo con la forma del que publica sphinx-gallery."""
    out = root / "html"
    lesson = out / "_downloads" / "abc"
    lesson.mkdir(parents=True)
    nb = json.dumps(_notebook("# Esta lección necesita `pip install .`"))
    (lesson / "plot_01_x.ipynb").write_text(nb)
    (lesson / "plot_01_x.py").write_text('"""Lección."""\nx = 1\n')
    for kind, ext, data in (("python", ".py", "x = 1\n"), ("jupyter", ".ipynb", nb)):
        folder = out / "_downloads" / kind
        folder.mkdir()
        with zipfile.ZipFile(folder / f"lecciones_{kind}.zip", "w") as archive:
            archive.writestr(f"01_mlp/plot_01_x{ext}", data)
    with zipfile.ZipFile(out / "_downloads" / "abc" / "otro.zip", "w") as archive:
        archive.writestr("datos.txt", "no es de lecciones")
    wheel = root / "cnnbook-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "cnnbook-0.1.0.dist-info/METADATA",
            "Name: cnnbook\nRequires-Python: >=3.11,<3.14\n",
        )
    return out


def test_postprocess_site_prepares_every_download(tmp_path):
    out = _fake_site(tmp_path)
    sdist = tmp_path / "cnnbook-0.1.0.tar.gz"
    sdist.write_bytes(b"")
    wheel = downloads.publish_distributions(
        (tmp_path / "cnnbook-0.1.0-py3-none-any.whl", sdist), out / "descargas"
    )
    assert sorted(p.name for p in (out / "descargas").iterdir()) == [
        "cnnbook-0.1.0-py3-none-any.whl",
        "cnnbook-0.1.0.tar.gz",
    ]
    settings = downloads.Settings(wheel=wheel, site_url=None, glossary={})
    assert downloads.postprocess_site(out, settings) == []
    nb = json.loads((out / "_downloads/abc/plot_01_x.ipynb").read_text())
    assert nb["cells"][0]["source"].startswith(reader_texts.SETUP_MARK)
    assert "*perceptrón multicapa*" in nb["cells"][1]["source"]
    script = (out / "_downloads/abc/plot_01_x.py").read_text()
    assert script.startswith(reader_texts.HEADER_RULE)
    for kind in ("python", "jupyter"):
        with zipfile.ZipFile(
            out / f"_downloads/{kind}/lecciones_{kind}.zip"
        ) as archive:
            names = archive.namelist()
            assert {"LEEME.txt", "cnnbook-0.1.0-py3-none-any.whl"} <= set(names)
            readme = archive.read("LEEME.txt").decode()
            member = archive.read(
                next(n for n in names if n.startswith("01_mlp/"))
            ).decode()
        assert "Python 3.11 a 3.13" in readme and "CNNBOOK_DATA" in readme
        assert reader_texts.SETUP_MARK in member or member.startswith(
            reader_texts.HEADER_RULE
        )
    with zipfile.ZipFile(out / "_downloads/abc/otro.zip") as archive:
        assert archive.namelist() == ["datos.txt"]
    # Una segunda pasada (otra construcción) no cambia nada.
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    downloads.postprocess_site(out, settings)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_leftovers_in_a_notebook_are_reported():
    nb = json.dumps({"cells": [{"cell_type": "markdown", "source": ".. note:: x"}]})
    assert downloads.notebook_leftovers(nb, "a.ipynb") == [
        "a.ipynb: reST sin convertir en un cuaderno: '.. note:: x'"
    ]


def test_glossary_urls_use_the_anchors_sphinx_generated():
    std = SimpleNamespace(
        objects={
            ("term", "Agrupamiento máximo"): ("glosario", "term-agrupamiento-maximo"),
            ("label", "otra"): ("index", "otra"),
        }
    )
    app = SimpleNamespace(
        env=SimpleNamespace(get_domain=lambda name: std),
        builder=SimpleNamespace(get_target_uri=lambda doc: f"{doc}.html"),
    )
    assert downloads.glossary_urls(app, "https://u.github.io/libro") == {
        "agrupamiento máximo": "https://u.github.io/libro/glosario.html#term-agrupamiento-maximo"
    }
    assert downloads.glossary_urls(app, None) == {}


def test_sources_digest_follows_the_package_sources(tmp_path):
    root = tmp_path / "proyecto"
    (root / "cnnbook" / "ops").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "cnnbook"\nreadme = "README.md"\nlicense-files = ["LICENSE*"]\n'
    )
    for name in ("README.md", "LICENSE", "LICENSE-contenido", "cnnbook/__init__.py"):
        (root / name).write_text(name)
    (root / "cnnbook" / "ops" / "__init__.py").write_text("")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("")
    files = downloads.package_sources(root)
    assert [p.relative_to(root).as_posix() for p in files] == [
        "LICENSE",
        "LICENSE-contenido",
        "README.md",
        "cnnbook/__init__.py",
        "cnnbook/ops/__init__.py",
        "pyproject.toml",
    ]
    before = downloads.sources_digest(root, files)
    (root / "tests" / "test_x.py").write_text("x = 1")
    assert downloads.sources_digest(root, downloads.package_sources(root)) == before
    (root / "cnnbook" / "ops" / "__init__.py").write_text("x = 1")
    assert downloads.sources_digest(root, downloads.package_sources(root)) != before


def test_site_url(monkeypatch):
    monkeypatch.delenv("CNNBOOK_SITE_URL", raising=False)
    assert config.site_url() is None
    monkeypatch.setenv("CNNBOOK_SITE_URL", "https://u.github.io/libro/")
    assert config.site_url() == "https://u.github.io/libro"
    monkeypatch.setenv("CNNBOOK_SITE_URL", "u.github.io/libro")
    with pytest.raises(ValueError, match="CNNBOOK_SITE_URL debe ser una dirección"):
        config.site_url()


MINI_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "cnnbook"
version = "9.9.9"
readme = "README.md"
license = "MIT"
license-files = ["LICENSE"]

[tool.setuptools.packages.find]
include = ["cnnbook*"]
"""


def test_sphinx_build_publishes_the_wheel_and_links_the_glossary(tmp_path):
    """Una construcción de Sphinx diminuta con la extensión: el evento, el dominio
    ``std`` y la copia de descargas son los de verdad."""
    project = tmp_path / "proyecto"
    docs = project / "docs"
    (project / "cnnbook").mkdir(parents=True)
    docs.mkdir()
    (project / "cnnbook" / "__init__.py").write_text('__version__ = "9.9.9"\n')
    (project / "README.md").write_text("Prueba\n")
    (project / "LICENSE").write_text("MIT\n")
    (project / "pyproject.toml").write_text(MINI_PYPROJECT)
    ext = Path(downloads.__file__).parent
    (docs / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ext)!r})\nextensions = ['downloads']\n"
    )
    (docs / "index.rst").write_text(
        "Inicio\n======\n\n.. toctree::\n\n   glosario\n\n"
        ":download:`Cuaderno <plot_01_x.ipynb>`\n"
    )
    (docs / "glosario.rst").write_text(
        "Glosario\n========\n\n.. glossary::\n\n   Perceptrón multicapa\n"
        "      Red de capas densas.\n"
    )
    (docs / "plot_01_x.ipynb").write_text(json.dumps(_notebook("# pip install .")))
    env = {**os.environ, "CNNBOOK_SITE_URL": "https://u.github.io/libro"}
    out = docs / "_build" / "html"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-q",
        "-b",
        "html",
        str(docs),
        str(out),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "descargas" / "cnnbook-9.9.9-py3-none-any.whl").is_file()
    assert (out / "descargas" / "cnnbook-9.9.9.tar.gz").is_file()
    (notebook,) = out.glob("_downloads/*/plot_01_x.ipynb")
    cells = json.loads(notebook.read_text())["cells"]
    assert "/descargas/cnnbook-9.9.9-py3-none-any.whl" in cells[0]["source"]
    assert (
        "[perceptrón multicapa](https://u.github.io/libro/glosario.html"
        "#term-Perceptron-multicapa)"
    ) in cells[1]["source"]


# -- Colab: reinicio tras actualizar paquetes y GPU de las lecciones pesadas ----------

# Simula pip: el paquete ``fakemod`` pasa de la versión 1.0 a la 2.0 en disco.
FAKE_PIP = """
import subprocess, sys, types
from pathlib import Path

site = Path(sys.argv[1])
sys.path.insert(0, str(site))
if sys.argv[2] == "cargado":
    import fakemod  # noqa: F401
if sys.argv[3] == "colab":
    sys.modules["google.colab"] = types.ModuleType("google.colab")

def fake_pip(command, **kwargs):
    old = site / "fakemod-1.0.dist-info"
    (old / "METADATA").write_text("Metadata-Version: 2.1\\nName: fakemod\\nVersion: 2.0\\n")
    old.rename(site / "fakemod-2.0.dist-info")
    return subprocess.CompletedProcess(command, 0, "", "")

subprocess.run = fake_pip
exec(Path(sys.argv[4]).read_text())
"""


def _run_cell_with_fake_pip(tmp_path, loaded: bool, colab: bool):
    site = tmp_path / "site"
    (site / "fakemod").mkdir(parents=True)
    (site / "fakemod" / "__init__.py").write_text("")
    info = site / "fakemod-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakemod\nVersion: 1.0\n"
    )
    (info / "top_level.txt").write_text("fakemod\n")
    (tmp_path / "cnnbook-9.9.9-py3-none-any.whl").write_bytes(b"")  # junto al cuaderno
    cell = tmp_path / "celda.py"
    cell.write_text(reader_texts.first_notebook_cell("9.9.9"))
    args = [str(site), "cargado" if loaded else "no", "colab" if colab else "no"]
    return subprocess.run(
        [sys.executable, "-c", FAKE_PIP, *args, str(cell)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_first_cell_asks_to_restart_when_pip_changes_a_loaded_package(tmp_path):
    done = _run_cell_with_fake_pip(tmp_path, loaded=True, colab=False)
    assert done.returncode != 0
    assert "RuntimeError: cnnbook 9.9.9 quedó instalado" in done.stderr
    assert "fakemod 1.0 → 2.0" in done.stderr
    assert "Reinicia el kernel" in done.stderr


def test_first_cell_names_the_colab_menu(tmp_path):
    done = _run_cell_with_fake_pip(tmp_path, loaded=True, colab=True)
    assert done.returncode != 0
    assert "Entorno de ejecución → Reiniciar sesión" in done.stderr


def test_first_cell_goes_on_when_no_loaded_package_changed(tmp_path):
    done = _run_cell_with_fake_pip(tmp_path, loaded=False, colab=True)
    assert done.returncode == 0, done.stderr
    assert "Listo: cnnbook 9.9.9 instalado." in done.stdout
    assert "Reiniciar sesión" in reader_texts.first_notebook_cell("9.9.9")


def test_heavy_notebooks_ask_colab_for_a_gpu(tmp_path):
    out = _fake_site(tmp_path)
    wheel = tmp_path / "cnnbook-0.1.0-py3-none-any.whl"
    light = downloads.Settings(wheel=wheel)
    heavy = downloads.Settings(wheel=wheel, heavy=frozenset({"plot_01_x.ipynb"}))
    assert downloads.postprocess_site(out, heavy) == []
    with zipfile.ZipFile(out / "_downloads/jupyter/lecciones_jupyter.zip") as archive:
        zipped = json.loads(archive.read("01_mlp/plot_01_x.ipynb"))
    published = json.loads((out / "_downloads/abc/plot_01_x.ipynb").read_text())
    for notebook in (zipped, published):
        assert notebook["metadata"]["accelerator"] == "GPU"
        assert notebook["metadata"]["colab"] == {"gpuType": "T4"}
    # Si la lección deja de ser pesada, la siguiente construcción lo quita.
    downloads.postprocess_site(out, light)
    published = json.loads((out / "_downloads/abc/plot_01_x.ipynb").read_text())
    assert "accelerator" not in published["metadata"]
    assert "colab" not in published["metadata"]


def test_notebook_name_of_a_lesson():
    assert (
        downloads.notebook_name("04_lenet5/plot_04_mejor_configuracion.py")
        == "plot_04_mejor_configuracion.ipynb"
    )
