"""Sesiones de nox: pruebas, libro y estilo.

nox -s tests   # pruebas (pytest)
nox -s docs    # construye el libro en docs/_build/html
nox -s lint    # ruff check y ruff format --check
nox -s downloads  # las lecciones descargadas, fuera del repositorio (tras docs)
nox -s lock    # regenera constraints.txt (las versiones exactas que se prueban)

Toda sesión instala con ``-c constraints.txt``: las mismas versiones en cada
máquina, en CI y en el flujo de GitHub Actions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nox
import tomllib

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ROOT / "constraints.txt"
# Herramientas que no son extras del paquete pero también se fijan en
# constraints.txt: nox (lo instala .ci/run), el navegador y los cuadernos que
# tests/downloads instala en el entorno del lector.
NOX = ("nox>=2024.3",)
BROWSER_TOOLS = ("playwright>=1.40", "axe-playwright-python>=0.1.4")
NOTEBOOK_TOOLS = ("nbclient", "nbformat", "ipykernel")
# Reutilizar los entornos: instalar TensorFlow en cada corrida costaría minutos.
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "docs"]

QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}


def _env(**extra: str) -> dict[str, str]:
    env = dict(QUIET_TF)
    env.update(extra)
    return env


def _install(session: nox.Session, *args: str) -> None:
    """``pip install`` con las versiones de constraints.txt (``nox -s lock``)."""
    session.install("-c", str(CONSTRAINTS), *args)


def _extras() -> dict[str, list[str]]:
    """Los extras de pyproject.toml: nombre -> requisitos."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return project.get("optional-dependencies", {})


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check y ruff format --check; actionlint sobre los flujos de GitHub."""
    # Sólo las herramientas del extra lint: no hace falta instalar el paquete.
    _install(session, *_extras()["lint"])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    workflows = sorted(map(str, (ROOT / ".github" / "workflows").glob("*.y*ml")))
    # Sin shellcheck ni pyflakes externos: el resultado no depende de qué tenga
    # instalado cada máquina.
    session.run("actionlint", "-shellcheck=", "-pyflakes=", *workflows)


@nox.session
def tests(session: nox.Session) -> None:
    """Pruebas sin internet, con datos sintéticos y modelos diminutos."""
    # Con las dependencias del libro: también se prueban las extensiones de docs/_ext.
    _install(session, "-e", ".[test,docs]")
    # Dos procesos (pytest-xdist): buena parte del tiempo es importar
    # TensorFlow y trazar modelos diminutos en subprocesos, trabajo de un solo
    # hilo; con dos núcleos, dos pruebas a la vez. Las de tests/downloads, que
    # dependen del orden, no pasan por aquí.
    session.run("pytest", *(session.posargs or ["-q", "-n", "auto"]), env=_env())


@nox.session
def docs(session: nox.Session) -> None:
    """Construye el libro (HTML) en docs/_build/html; las advertencias son errores."""
    _install(session, "-e", ".[docs]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        str(ROOT / "docs" / "_build" / "doctrees"),
        str(ROOT / "docs"),
        str(ROOT / "docs" / "_build" / "html"),
        *session.posargs,
        env=_env(CNNBOOK_PROFILE=os.environ.get("CNNBOOK_PROFILE", "full")),
    )


@nox.session
def browser(session: nox.Session) -> None:
    """Revisa el libro construido: cada página en Chromium (Playwright)."""
    _install(session, "-e", ".[test]", *BROWSER_TOOLS)
    session.run(
        "pytest",
        "tests/browser",
        *(session.posargs or ["-q"]),
        env=_env(CNNBOOK_BROWSER="1"),
    )


@nox.session
def downloads(session: nox.Session) -> None:
    """Lo que recibe quien descarga (tras nox -s docs): sólo los archivos del sitio
    construido, en una carpeta fuera del repositorio, con un entorno virtual nuevo
    que instala el wheel publicado y ejecuta lecciones .py y .ipynb de cada capítulo."""
    # El entorno de la sesión sólo conduce las pruebas (y crea los datos
    # sintéticos); las lecciones corren en el entorno nuevo del lector.
    _install(session, "-e", ".[test]")
    session.run(
        "pytest",
        "tests/downloads",
        *(session.posargs or ["-q"]),
        env=_env(CNNBOOK_DOWNLOADS="1"),
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark de la construcción (imprime cifras; tarda más que una construcción)."""
    _install(session, "-e", ".[docs]")
    session.run("python", "benchmarks/build.py", *session.posargs, env=_env())


LOCK_HEADER = """\
# Versiones exactas con que se construye y se prueba el libro
# ({where}).
#
# No se edita a mano. Se regenera con `nox -s lock`, que en un entorno nuevo
# resuelve, sin instalar nada (pip install --dry-run --report), el paquete con
# todos sus extras ({extras}), nox y las herramientas del navegador y de
# los cuadernos que instalan las sesiones; aquí queda cada versión elegida,
# salvo cnnbook, pip, setuptools y wheel (como en pip freeze).
#
# Uso: pip install -c constraints.txt ...  (así instalan todas las sesiones de
# nox, .ci/run y .github/workflows/libro.yml). pip sólo aplica una restricción a
# los paquetes que de verdad instala: los de esta lista que no se piden, o que no
# corresponden a tu sistema, se ignoran.
"""
# Lo que pip freeze tampoco lista: el proyecto y las herramientas de instalación.
UNPINNED = {"cnnbook", "pip", "setuptools", "wheel"}


@nox.session(reuse_venv=False)
def lock(session: nox.Session) -> None:
    """Regenera constraints.txt: resuelve el paquete con todos sus extras, nox y
    las herramientas de las sesiones, sin restricciones previas."""
    extras = sorted(_extras())
    report = Path(session.create_tmp()) / "resolucion.json"
    session.run(
        "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--dry-run",
        "--ignore-installed",
        "--report",
        str(report),
        f".[{','.join(extras)}]",
        *NOX,
        *BROWSER_TOOLS,
        *NOTEBOOK_TOOLS,
    )
    chosen = [item["metadata"] for item in json.loads(report.read_text())["install"]]
    pins = sorted(
        (f"{m['name']}=={m['version']}" for m in chosen if m["name"] not in UNPINNED),
        key=str.lower,
    )
    where = session.run(
        "python",
        "-c",
        "import platform; print(platform.system() + ', Python', platform.python_version())",
        silent=True,
    ).strip()
    header = LOCK_HEADER.format(where=where, extras=", ".join(extras))
    CONSTRAINTS.write_text(header + "\n".join(pins) + "\n", encoding="utf-8")
    session.log(f"{len(pins)} versiones escritas en {CONSTRAINTS.name}")
