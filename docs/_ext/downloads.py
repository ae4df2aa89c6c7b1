"""Descargas que funcionan donde está el lector, sin el repositorio.

Quien descarga una lección (``.py`` o ``.ipynb``) o un ``.zip`` del libro no
tiene el repositorio: necesita el paquete ``cnnbook`` y cuadernos que Jupyter
sepa mostrar. Al terminar la construcción (evento ``build-finished``), esta
extensión:

1. construye el wheel y el sdist de cnnbook (``python -m build``) y los publica
   en una ruta estable del sitio: ``descargas/cnnbook-<versión>-py3-none-any.whl``
   y ``descargas/cnnbook-<versión>.tar.gz``, junto con ``constraints.txt`` (las
   versiones exactas con que se construyó el libro);
2. pone en cada cuaderno publicado la celda que instala cnnbook
   (:func:`reader_texts.first_notebook_cell`), convierte a Markdown el reST que
   sphinx-gallery deja en las celdas de texto (:mod:`rest_markdown`) y, si la
   lección es pesada, pide a Colab un entorno con GPU
   (:func:`colab_links.gpu_metadata`);
3. agrega a cada ``.py`` descargable un encabezado que explica cómo ejecutarlo;
4. rehace cada ``.zip`` de lecciones con lo anterior, el wheel,
   ``constraints.txt`` y un ``LEEME.txt``.

La lógica vive en funciones puras (texto a texto, carpeta a carpeta) que las
pruebas usan sin Sphinx; :func:`postprocess_site` aplica todo a un sitio ya
construido.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from colab_links import gpu_metadata, heavy_lessons
from reader_texts import (
    CONSTRAINTS,
    DOWNLOADS,
    README,
    add_script_header,
    first_notebook_cell,
    readme_text,
    script_header,
)
from rest_markdown import rest_leftovers, rest_to_markdown


@dataclass(frozen=True)
class Settings:
    """Lo que necesita el posproceso de un sitio construido.

    Attributes
    ----------
    wheel : Path
        El wheel publicado (su nombre da la versión).
    constraints : Path o None
        El ``constraints.txt`` publicado; ``None`` si el proyecto no tiene.
    site_url, repo : str o None
        ``config.site_url()`` y ``config.colab_repo()``.
    glossary : dict
        Término del glosario (en minúsculas) -> URL absoluta; vacío sin ``site_url``.
    heavy : frozenset of str
        Nombres de los cuadernos de las lecciones pesadas
        (``"plot_04_mejor_configuracion.ipynb"``): llevan la GPU de Colab.
    """

    wheel: Path
    site_url: str | None = None
    repo: str | None = None
    glossary: Mapping[str, str] = field(default_factory=dict)
    constraints: Path | None = None
    heavy: frozenset[str] = frozenset()

    @property
    def version(self) -> str:
        return self.wheel.name.split("-")[1]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def convert_notebook(
    notebook: dict, first_cell: str, glossary: Mapping[str, str], gpu: bool = False
) -> dict:
    """El cuaderno con ``first_cell`` al principio, sus celdas de texto en Markdown
    y, si ``gpu``, los metadatos con que Colab lo abre en un entorno con GPU."""
    setup = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": first_cell,
    }
    cells = notebook.setdefault("cells", [])
    # La celda de preparación anterior (de otra construcción) se reemplaza.
    if cells and cells[0]["cell_type"] == "code" and "pip install" in _source(cells[0]):
        cells[0] = setup
    else:
        cells.insert(0, setup)
    for cell in cells:
        if cell["cell_type"] == "markdown":
            cell["source"] = rest_to_markdown(_source(cell), glossary)
    return gpu_metadata(notebook, gpu)


def _convert_file(name: str, data: bytes, settings: Settings) -> bytes:
    """Un ``.ipynb`` o un ``.py`` publicado, listo para el lector; otro archivo, igual."""
    if name.endswith(".ipynb"):
        first = first_notebook_cell(settings.version, settings.site_url, settings.repo)
        gpu = name.rsplit("/", 1)[-1] in settings.heavy
        notebook = convert_notebook(json.loads(data), first, settings.glossary, gpu)
        return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode()
    if name.endswith(".py"):
        script = name.rsplit("/", 1)[-1]
        header = script_header(
            script, settings.version, settings.site_url, settings.repo
        )
        return add_script_header(data.decode("utf-8"), header).encode()
    return data


def notebook_name(lesson: str) -> str:
    """``"04_lenet5/plot_03_x.py"`` -> ``"plot_03_x.ipynb"``: el nombre con que
    se publica su cuaderno (en ``_downloads/<huella>/`` y en los ``.zip``, sin
    el capítulo; los nombres de las lecciones no se repiten entre capítulos)."""
    return Path(lesson).with_suffix(".ipynb").name


def _requires_python(wheel: Path) -> str | None:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        match = re.search(r"^Requires-Python: (.+)$", archive.read(name).decode(), re.M)
    return match[1].strip() if match else None


def rewrite_zip(path: Path, settings: Settings) -> None:
    """Rehace un ``.zip`` de lecciones: archivos convertidos, el wheel y ``LEEME.txt``."""
    with zipfile.ZipFile(path) as archive:
        members = [
            (info, archive.read(info))
            for info in archive.infolist()
            if not info.is_dir()
            and info.filename not in (README, CONSTRAINTS)
            and not re.fullmatch(r"cnnbook-.+\.whl", info.filename)
        ]
    lessons = sorted(
        i.filename for i, _ in members if i.filename.endswith((".py", ".ipynb"))
    )
    stamp = max((info.date_time for info, _ in members), default=(1980, 1, 1, 0, 0, 0))
    readme = readme_text(
        settings.version,
        lessons,
        _requires_python(settings.wheel),
        settings.site_url,
        constraints=settings.constraints is not None,
    )
    added = [
        (settings.wheel.name, settings.wheel.read_bytes()),
        (README, readme.encode()),
    ]
    if settings.constraints is not None:
        added.append((CONSTRAINTS, settings.constraints.read_bytes()))
    partial = path.with_name(path.name + ".parcial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            archive.writestr(entry, _convert_file(info.filename, data, settings))
        for name, data in added:
            archive.writestr(zipfile.ZipInfo(name, stamp), data)
    os.replace(partial, path)


def _is_lesson_zip(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(n.endswith((".py", ".ipynb")) for n in archive.namelist())


def postprocess_site(outdir: Path, settings: Settings) -> list[str]:
    """Deja listo para el lector cada cuaderno, script y ``.zip`` de ``outdir``.

    Devuelve los restos de reST que quedaron en algún cuaderno (debe ser vacía).
    """
    problems = []
    for path in sorted(outdir.rglob("*.ipynb")):
        path.write_bytes(_convert_file(path.name, path.read_bytes(), settings))
        problems += notebook_leftovers(
            path.read_text("utf-8"), str(path.relative_to(outdir))
        )
    downloads = outdir / "_downloads"
    for path in sorted(downloads.glob("*/*.py")):
        path.write_bytes(_convert_file(path.name, path.read_bytes(), settings))
    for path in sorted(downloads.glob("*/*.zip")):
        if _is_lesson_zip(path):
            rewrite_zip(path, settings)
    return problems


def notebook_leftovers(text: str, where: str) -> list[str]:
    """Un aviso por cada resto de reST en las celdas de texto de un cuaderno."""
    cells = json.loads(text).get("cells", [])
    return [
        f"{where}: reST sin convertir en un cuaderno: {leftover!r}"
        for cell in cells
        if cell["cell_type"] == "markdown"
        for leftover in rest_leftovers(_source(cell))
    ]


# -- El paquete: wheel y sdist ---------------------------------------------------

PACKAGE = "cnnbook"


def package_sources(root: Path) -> list[Path]:
    """Archivos de los que sale el paquete: ``pyproject.toml``, el README, las
    licencias (``license-files``) y todo ``cnnbook/`` salvo ``__pycache__``."""
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    readme = project.get("readme", "README.md")
    files = {
        root / "pyproject.toml",
        root / (readme["file"] if isinstance(readme, dict) else readme),
    }
    for pattern in project.get("license-files", []):
        files.update(root.glob(pattern))
    files.update(
        p
        for p in (root / PACKAGE).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    return sorted(files)


def sources_digest(root: Path, files: list[Path]) -> str:
    """Huella de las fuentes del paquete: cambia si cambia un nombre o un byte."""
    digest = hashlib.sha256()
    for path in files:
        for chunk in (path.relative_to(root).as_posix().encode(), path.read_bytes()):
            digest.update(len(chunk).to_bytes(8, "big") + chunk)
    return digest.hexdigest()[:16]


def _found(folder: Path) -> tuple[Path, Path] | None:
    wheels, sdists = sorted(folder.glob("*.whl")), sorted(folder.glob("*.tar.gz"))
    return (wheels[0], sdists[0]) if len(wheels) == len(sdists) == 1 else None


def build_distributions(root: Path, cache: Path) -> tuple[Path, Path]:
    """Wheel y sdist de cnnbook; se construyen sólo si cambiaron las fuentes.

    Se copian las fuentes a una carpeta temporal y se construye ahí: el
    repositorio no se toca (ni ``build/`` ni ``*.egg-info``) y el resultado
    corresponde exactamente a la huella con que se guarda en ``cache``.
    """
    files = package_sources(root)
    target = cache / sources_digest(root, files)
    if (found := _found(target)) is not None:
        return found
    with tempfile.TemporaryDirectory() as tmp:
        stage, dist = Path(tmp) / "fuentes", Path(tmp) / "dist"
        for path in files:
            copy = stage / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        # Con aislamiento (sin --no-isolation): pip instala en un entorno aparte el
        # setuptools que pide pyproject.toml (>=77, PEP 639), como lo haría
        # cualquier índice de paquetes, en lugar del que tenga el entorno de docs.
        # Son unos segundos y sólo se pagan cuando cambian las fuentes (la caché
        # está indexada por su huella).
        command = [sys.executable, "-m", "build", "--outdir", str(dist), str(stage)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(
                "No se pudo construir el wheel de cnnbook con `python -m build` "
                "(¿falta el paquete build? Instala las dependencias del libro con "
                "pip install -e '.[docs]').\n" + (done.stdout + done.stderr)[-4000:]
            )
        shutil.rmtree(cache, ignore_errors=True)  # sólo se guarda la última versión
        shutil.copytree(dist, target)
    return _found(target)


def publish_distributions(dists: tuple[Path, Path], folder: Path) -> Path:
    """Copia wheel y sdist a ``folder`` (borra versiones viejas); devuelve el wheel."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {path.name for path in dists}
    for old in folder.glob("cnnbook-*"):
        if old.name not in names:
            old.unlink()
    for path in dists:
        shutil.copy2(path, folder / path.name)
    return folder / dists[0].name


def publish_constraints(root: Path, folder: Path) -> Path | None:
    """Copia ``constraints.txt`` del proyecto a ``folder``, junto al wheel: el lector
    instala con ``pip install -c constraints.txt`` las versiones del libro.
    Devuelve la copia, o ``None`` (y borra una copia vieja) si el proyecto no tiene."""
    source, target = root / CONSTRAINTS, folder / CONSTRAINTS
    if not source.is_file():
        target.unlink(missing_ok=True)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


# -- Sphinx ------------------------------------------------------------------------


def glossary_urls(app, site_url: str | None) -> dict[str, str]:
    """Término del glosario (en minúsculas) -> URL absoluta de su ancla en el sitio."""
    if not site_url:
        return {}
    objects = app.env.get_domain("std").objects
    return {
        name.lower(): f"{site_url}/{app.builder.get_target_uri(docname)}#{anchor}"
        for (kind, name), (docname, anchor) in objects.items()
        if kind == "term"
    }


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    from cnnbook import config

    root, outdir = Path(app.srcdir).parent, Path(app.outdir)
    dists = build_distributions(root, Path(app.doctreedir) / "cnnbook-dist")
    site_url = config.site_url()
    heavy, _ = heavy_lessons(config.records_dir())  # colab_links ya lo anunció
    settings = Settings(
        wheel=publish_distributions(dists, outdir / DOWNLOADS),
        constraints=publish_constraints(root, outdir / DOWNLOADS),
        site_url=site_url,
        repo=config.colab_repo(),
        glossary=glossary_urls(app, site_url),
        heavy=frozenset(notebook_name(lesson) for lesson in heavy),
    )
    logger = logging.getLogger(__name__)
    for problem in postprocess_site(outdir, settings):
        logger.warning(problem, type="cnnbook", subtype="descargas")


def setup(app):
    # Después de los demás build-finished (p. ej. la copia a cuadernos/ de colab).
    app.connect("build-finished", _on_build_finished, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
