"""Pie de página con la procedencia de cada página del libro.

Cada página dice cuándo se construyó, con qué perfil, desde qué commit y con
qué versiones de cnnbook, TensorFlow, Keras, NumPy y Matplotlib: los números
de una lección dependen de todo eso. El texto se entrega al tema por su propio
mecanismo, la opción ``extra_footer`` de sphinx-book-theme, que lo pone en el
pie de cada página (sin JavaScript).

* Fecha: la de ``SOURCE_DATE_EPOCH`` si está definida (construcciones
  reproducibles, https://reproducible-builds.org/specs/source-date-epoch/);
  si no, la de hoy, en UTC. Sólo el día: así el pie no cambia entre dos
  construcciones del mismo día.
* Perfil: ``cnnbook.config.profile()``.
* Commit: ``git rev-parse --short HEAD`` en la carpeta del libro, o
  ``sin git`` si no hay git o la carpeta no es un repositorio.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.metadata
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

import cnnbook
from cnnbook import config

#: Lo que el pie dice cuando no se puede saber el commit.
NO_GIT = "sin git"

#: Bibliotecas cuyas versiones se muestran: (nombre visible, distribución).
LIBRARIES = (
    ("TensorFlow", "tensorflow"),
    ("Keras", "keras"),
    ("NumPy", "numpy"),
    ("Matplotlib", "matplotlib"),
)

MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre"
).split()


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """Día de la construcción: ``SOURCE_DATE_EPOCH`` (UTC) o, sin ella, hoy.

    Raises
    ------
    ValueError
        Si ``SOURCE_DATE_EPOCH`` no es un número entero de segundos no negativo.
    """
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return dt.datetime.now(dt.timezone.utc).date()
    if not re.fullmatch(r"\d+", value):
        raise ValueError(
            "SOURCE_DATE_EPOCH debe ser un número entero de segundos desde "
            f"1970-01-01 (UTC), por ejemplo 1767225600; se recibió {value!r}."
        )
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()


def git_commit(folder: Path) -> str:
    """Commit corto de ``HEAD`` en el repositorio que contiene ``folder``.

    Devuelve :data:`NO_GIT` si git no está instalado, si ``folder`` no está en
    un repositorio o si git falla por cualquier otro motivo.
    """
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return NO_GIT
    commit = result.stdout.strip()
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{4,40}", commit):
        return NO_GIT
    return commit


def library_versions() -> list[tuple[str, str]]:
    """``[("cnnbook", "0.5.0"), ("TensorFlow", "2.21.0"), ...]``.

    Las versiones se leen de los metadatos instalados, sin importar las
    bibliotecas (importar TensorFlow tarda segundos).
    """
    versions = [("cnnbook", cnnbook.__version__)]
    for label, dist in LIBRARIES:
        try:
            versions.append((label, importlib.metadata.version(dist)))
        except importlib.metadata.PackageNotFoundError:
            versions.append((label, "no instalada"))
    return versions


def spanish_date(day: dt.date) -> str:
    """``27 de noviembre de 2026``."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def footer_html(
    day: dt.date, profile: str, commit: str, versions: list[tuple[str, str]]
) -> str:
    """El bloque HTML del pie (los atributos ``data-*`` son para las pruebas)."""
    esc = html.escape
    libs = " · ".join(f"{esc(name)} {esc(version)}" for name, version in versions)
    return (
        f'<div class="cnnbook-procedencia" data-perfil="{esc(profile)}" '
        f'data-commit="{esc(commit)}" data-fecha="{day.isoformat()}">'
        f'<p>Construido el <time datetime="{day.isoformat()}">'
        f"{spanish_date(day)}</time> · perfil «{esc(profile)}» · "
        f"commit: <code>{esc(commit)}</code></p>"
        f'<p class="cnnbook-versiones">{libs}</p></div>'
    )


def _set_footer(app, conf) -> None:
    footer = footer_html(
        build_date(),
        config.profile().name,
        git_commit(Path(app.srcdir)),
        library_versions(),
    )
    # Un diccionario nuevo: el de conf.py queda como se escribió.
    conf.html_theme_options = {**conf.html_theme_options, "extra_footer": footer}


def setup(app):
    # config-inited: antes de que el constructor HTML lea las opciones del tema.
    app.connect("config-inited", _set_footer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
