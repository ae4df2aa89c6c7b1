"""Lo que lee quien descarga una lección: cómo instalar cnnbook y de dónde sacar los datos.

Tres textos, todos en español y generados desde la versión del paquete y la
configuración del sitio (``CNNBOOK_SITE_URL``, ``CNNBOOK_COLAB_REPO``):

* :func:`first_notebook_cell`, la primera celda de cada cuaderno, que instala
  cnnbook en Colab, en Jupyter o en un entorno virtual propio;
* :func:`script_header`, el encabezado de cada lección ``.py`` descargada;
* :func:`readme_text`, el ``LEEME.txt`` de cada ``.zip`` de lecciones.
"""

from __future__ import annotations

import re
import textwrap

DOWNLOADS = "descargas"  # carpeta del sitio con el wheel y el sdist
README = "LEEME.txt"
CONSTRAINTS = "constraints.txt"  # las versiones exactas del libro (nox -s lock)
SETUP_MARK = "# Preparación de la lección"
HEADER_RULE = "# " + "=" * 76
HEADER_MARK = "# Cómo ejecutar esta lección fuera del libro"

DATA_HELP = (
    "Con internet, Keras descarga MNIST y CIFAR-10 la primera vez que una lección "
    "los pide. Sin internet, guarda mnist.npz y cifar10.npz en una carpeta y "
    "define CNNBOOK_DATA con su ruta antes de ejecutar (export "
    "CNNBOOK_DATA=/ruta/a/los/datos; en Windows, set "
    "CNNBOOK_DATA=C:\\ruta\\a\\los\\datos)."
)


def wheel_name(version: str) -> str:
    """Nombre del wheel de cnnbook para ``version``."""
    return f"cnnbook-{version}-py3-none-any.whl"


def install_source(version: str, site_url: str | None, repo: str | None) -> str | None:
    """De dónde instala ``pip`` cnnbook si el wheel no está a mano, o ``None``.

    >>> install_source("0.1.0", "https://u.github.io/libro", "u/libro")
    'https://u.github.io/libro/descargas/cnnbook-0.1.0-py3-none-any.whl'
    >>> install_source("0.1.0", None, "u/libro")
    'git+https://github.com/u/libro'
    """
    if site_url:
        return f"{site_url}/{DOWNLOADS}/{wheel_name(version)}"
    if repo:
        return f"git+https://github.com/{repo}"
    return None


_FIRST_CELL = """\
{mark}: instala cnnbook {version}, el paquete con las funciones
# del libro (datos, modelos, figuras), si aún no está. Sirve en Colab, en Jupyter y
# en tu propio entorno virtual; si cnnbook {version} ya está instalado, no hace nada.
# Usa primero {wheel} si está junto al cuaderno
# (viene en los .zip de lecciones del libro).
#
{colab}
#
{data}
import importlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

CNNBOOK_VERSION = "{version}"
CNNBOOK_WHEEL = "{wheel}"
CNNBOOK_REMOTE = {remote!r}  # si el wheel no está junto al cuaderno


def _versions():
    dists = metadata.distributions()
    return {{(d.metadata["Name"] or "").lower(): d.version for d in dists}}


try:
    installed = metadata.version("cnnbook")
except metadata.PackageNotFoundError:
    installed = None
if installed != CNNBOOK_VERSION:
    folders = [Path.cwd(), *Path.cwd().parents[:2]]  # en los .zip, una o dos arriba
    local = [d / CNNBOOK_WHEEL for d in folders if (d / CNNBOOK_WHEEL).is_file()]
    source = str(local[0]) if local else CNNBOOK_REMOTE
    if source is None:
        raise ModuleNotFoundError(
            f"Falta el paquete cnnbook {{CNNBOOK_VERSION}} y no encontré "
            f"{{CNNBOOK_WHEEL}} junto al cuaderno. Descarga del libro el .zip con "
            "todas las lecciones (trae el paquete y un LEEME.txt), descomprímelo y "
            "abre el cuaderno desde esa carpeta; o instala el paquete con "
            f"pip install {{CNNBOOK_WHEEL}}"
        )
    # Paquetes ya cargados en este proceso: si pip los cambia, hay que reiniciar.
    loaded = {{
        dist.lower()
        for module, dists in metadata.packages_distributions().items()
        if module in sys.modules
        for dist in dists
    }}
    before = _versions()
    print("Instalando cnnbook desde", source, "(puede tardar unos minutos)...")
    command = [sys.executable, "-m", "pip", "install", "-q", source]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\\n")
        raise RuntimeError(f"pip no pudo instalar cnnbook desde {{source}} (arriba).")
    importlib.invalidate_caches()
    after = _versions()
    changed = [
        f"{{d}} {{before.get(d)}} → {{after.get(d)}}"
        for d in sorted(loaded)
        if before.get(d) != after.get(d)
    ]
    if changed:
        if "google.colab" in sys.modules:
            how = "Reinicia la sesión (menú Entorno de ejecución → Reiniciar sesión)"
        else:
            how = "Reinicia el kernel (en Jupyter, menú Kernel → Restart Kernel)"
        raise RuntimeError(
            f"cnnbook {{CNNBOOK_VERSION}} quedó instalado, pero pip cambió paquetes "
            f"que este cuaderno ya había cargado: {{', '.join(changed)}}. {{how}} y "
            "vuelve a ejecutar el cuaderno desde el principio; esta celda ya no "
            "instalará nada."
        )
    print("Listo: cnnbook", CNNBOOK_VERSION, "instalado.")"""

COLAB_HELP = (
    "En Colab. Colab trae su propio TensorFlow y su propio NumPy; si son más "
    "viejos que los que pide el libro, pip los actualiza. Si alguno ya estaba "
    "cargado, esta celda se detiene y te pide reiniciar la sesión una sola vez "
    "(Entorno de ejecución → Reiniciar sesión); al volver a ejecutarla, ya no "
    "instala nada."
)


def _comment(text: str, width: int = 78) -> str:
    return "\n".join(
        textwrap.wrap(text, width - 2, initial_indent="# ", subsequent_indent="# ")
    )


def first_notebook_cell(
    version: str, site_url: str | None = None, repo: str | None = None
) -> str:
    """Primera celda de cada cuaderno: instala cnnbook donde se abra el cuaderno.

    Usa el wheel que esté junto al cuaderno (o una o dos carpetas arriba, como en
    los ``.zip``); si no hay, lo que diga :func:`install_source`; si tampoco hay,
    se detiene con un mensaje en español que dice qué descargar.

    Colab trae TensorFlow y NumPy más viejos que los pisos del paquete, y pip
    los actualiza. Un módulo ya importado no se recarga: si pip cambió la
    versión de un paquete que el proceso ya tenía cargado (NumPy, por ejemplo),
    la celda se detiene y pide reiniciar la sesión una vez, en lugar de dejar
    que las celdas siguientes mezclen versiones. Se compara lo instalado antes y
    después (``importlib.metadata``), así que vale también en Jupyter; en Colab,
    el mensaje nombra su menú.
    """
    return _FIRST_CELL.format(
        mark=SETUP_MARK,
        version=version,
        wheel=wheel_name(version),
        remote=install_source(version, site_url, repo),
        colab=_comment(COLAB_HELP),
        data=_comment("Datos. " + DATA_HELP),
    )


def script_header(
    script: str, version: str, site_url: str | None = None, repo: str | None = None
) -> str:
    """Comentario inicial de una lección ``.py`` descargada: cómo ejecutarla."""
    wheel = wheel_name(version)
    remote = install_source(version, site_url, repo)
    lines = [
        HEADER_RULE,
        f"{HEADER_MARK} (cnnbook {version})",
        "#",
        f"# Necesita el paquete cnnbook {version}. En una carpeta nueva:",
        "#   python -m venv .venv",
        "#   source .venv/bin/activate      # en Windows: .venv\\Scripts\\activate",
        f"#   pip install {wheel}",
        f"#   python {script}",
        f"# El archivo {wheel} viene, con un",
        f"# {README}, en los .zip de lecciones del libro.",
    ]
    if remote:
        lines.append(f"# Sin ese archivo: pip install {remote}")
    lines += ["#", _comment("Datos. " + DATA_HELP), HEADER_RULE, ""]
    return "\n".join(lines)


def add_script_header(text: str, header: str) -> str:
    """``text`` con ``header`` al principio; reemplaza un encabezado anterior.

    >>> once = add_script_header("x = 1\\n", script_header("a.py", "0.1.0"))
    >>> add_script_header(once, script_header("a.py", "0.1.0")) == once
    True
    """
    if text.startswith(HEADER_RULE):
        end = text.find(HEADER_RULE, len(HEADER_RULE))
        if end != -1:
            text = text[end + len(HEADER_RULE) :].lstrip("\n")
    return header + "\n" + text


def _python_range(spec: str | None) -> str:
    """``">=3.11,<3.14"`` -> ``"3.11 a 3.13"``; otra especificación, tal cual.

    >>> _python_range("<3.14,>=3.11")
    '3.11 a 3.13'
    """
    low = re.search(r">=\s*3\.(\d+)", spec or "")
    high = re.search(r"<\s*3\.(\d+)(?!\.)", spec or "")
    if low and high:
        return f"3.{low[1]} a 3.{int(high[1]) - 1}"
    return f"3 ({spec})" if spec else "3"


def readme_text(
    version: str,
    lessons: list[str],
    requires_python: str | None = None,
    site_url: str | None = None,
    constraints: bool = False,
) -> str:
    """El ``LEEME.txt`` de un ``.zip``; ``lessons``, las lecciones que trae el zip;
    ``constraints``, si el zip trae ``constraints.txt`` junto al wheel."""
    wheel = wheel_name(version)
    install = f"pip install {wheel}"
    pinned = ""
    if constraints:
        install += f" -c {CONSTRAINTS}"
        pinned = f"""
   {CONSTRAINTS} fija cada dependencia en la versión exacta con que se
   construyó el libro: el mismo TensorFlow, Keras y NumPy que dieron los
   números de sus páginas. pip sólo lo aplica a lo que instala; si no
   encuentra alguna de esas versiones para tu sistema, quita
   «-c {CONSTRAINTS}» y elegirá las más recientes compatibles.
"""
    python = _python_range(requires_python)
    run = [f"python {p}" for p in lessons if p.endswith(".py")][:1]
    run += [
        f"pip install jupyterlab && jupyter lab {p}"
        for p in lessons
        if p.endswith(".ipynb")
    ][:1]
    also = f"\n(También se descarga de {site_url}/{DOWNLOADS}/.)" if site_url else ""
    commands = "\n".join(f"       {line}" for line in run)
    return f"""\
Lecciones del libro «Redes neuronales convolucionales» (cnnbook {version})

Esta carpeta trae lecciones del libro y el paquete de Python que usan:
{wheel}.{also}
Necesitas Python {python}.

1. Crea un entorno virtual e instala el paquete, una sola vez, en esta carpeta
   (pip descarga también TensorFlow, Keras y las demás dependencias):

       python -m venv .venv && source .venv/bin/activate
       {install}

   En Windows: python -m venv .venv, luego .venv\\Scripts\\activate y
   {install}.
{pinned}
2. Ejecuta una lección{" o ábrela en Jupyter" if len(run) > 1 else ""}:

{commands}

Datos

{textwrap.fill(DATA_HELP, 76)}

Opcional: CNNBOOK_PROFILE=quick usa subconjuntos y pocas épocas (minutos en
lugar de horas; los números ya no son los de la clase). Los modelos entrenados
se guardan en una caché (~/.cache/cnnbook o CNNBOOK_CACHE): la segunda vez, la
lección los carga en segundos.

Licencias: el código, MIT; el texto y las figuras del libro, CC BY-SA 4.0.
"""
