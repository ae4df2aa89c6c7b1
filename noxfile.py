"""Sesiones de nox: pruebas, libro y estilo.

nox -s tests   # pruebas (pytest)
nox -s docs    # construye el libro en docs/_build/html
nox -s lint    # ruff check y ruff format --check
nox -s downloads  # las lecciones descargadas, fuera del repositorio (tras docs)
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
# Reutilizar los entornos: instalar TensorFlow en cada corrida costaría minutos.
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "docs"]

QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}


def _env(**extra: str) -> dict[str, str]:
    env = dict(QUIET_TF)
    env.update(extra)
    return env


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check y ruff format --check sobre el paquete, las lecciones y las pruebas."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def tests(session: nox.Session) -> None:
    """Pruebas sin internet, con datos sintéticos y modelos diminutos."""
    # Con las dependencias del libro: también se prueban las extensiones de docs/_ext.
    session.install("-e", ".[test,docs]")
    session.run("pytest", *(session.posargs or ["-q"]), env=_env())


@nox.session
def docs(session: nox.Session) -> None:
    """Construye el libro (HTML) en docs/_build/html; las advertencias son errores."""
    session.install("-e", ".[docs]")
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
    session.install(
        "-e",
        ".[test]",
        "playwright>=1.40",
        "axe-playwright-python>=0.1.4",
    )
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
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        "tests/downloads",
        *(session.posargs or ["-q"]),
        env=_env(CNNBOOK_DOWNLOADS="1"),
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark de la construcción (imprime cifras; tarda más que una construcción)."""
    session.install("-e", ".[docs]")
    session.run("python", "benchmarks/build.py", *session.posargs, env=_env())
