"""Ajustes leídos del entorno: perfil de construcción, datos, caché y semilla.

Cada función lee el entorno en el momento de llamarla (no al importar), de modo
que una prueba o una lección puede cambiar una variable y ver el efecto.

Variables reconocidas
---------------------
``CNNBOOK_PROFILE``
    ``full`` (predeterminado): los conjuntos completos y las épocas de la clase.
    ``quick``: subconjuntos y pocas épocas, para redactar y para pruebas rápidas.
``CNNBOOK_DATA``
    Carpeta con ``mnist.npz`` y ``cifar10.npz`` (ruta sin internet).
``CNNBOOK_CACHE``
    Carpeta de la caché de entrenamiento (por omisión, una carpeta del usuario).
``CNNBOOK_RECORDS``
    Carpeta de los registros JSON de métricas (por omisión, ``<caché>/records``).
``CNNBOOK_COLAB_REPO``, ``CNNBOOK_COLAB_BRANCH``
    Repositorio ``usuario/nombre`` (y rama, ``gh-pages`` por omisión) donde se
    publica el sitio, para el enlace opcional a Colab.
``CNNBOOK_SITE_URL``
    Dirección pública del sitio (``https://...``), para que los cuadernos
    descargados instalen cnnbook desde ``descargas/`` y enlacen el glosario.
``CNNBOOK_LESSON``
    Sólo para quien escribe: expresión regular (o simple fragmento) que se busca
    en la ruta de cada lección, por ejemplo ``plot_02_relleno`` o ``03_capas/``;
    la construcción ejecuta sólo las lecciones que coinciden y cada página lo
    avisa. Vacía o sin definir: todas.
``CNNBOOK_BENCH_LOG``, ``CNNBOOK_BENCH_PURE``
    Sólo para ``benchmarks/build.py``: archivo donde se registran tiempos y
    memoria, y ``1`` para medir además cada entrenamiento con Keras puro.

Ningún otro módulo lee variables ``CNNBOOK_*``: todos preguntan aquí.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from cnnbook.validation import check_int

__all__ = [
    "SEED",
    "Profile",
    "PROFILES",
    "profile",
    "data_dir",
    "cache_dir",
    "records_dir",
    "colab_repo",
    "colab_branch",
    "site_url",
    "lesson_pattern",
    "bench_log",
    "bench_pure",
]

#: Semilla única del libro: la misma construcción da los mismos números.
SEED = 42


@dataclass(frozen=True)
class Profile:
    """Un perfil de construcción.

    Attributes
    ----------
    name : str
        ``"full"`` o ``"quick"``.
    max_train, max_test : int o None
        Tamaño máximo de los conjuntos de entrenamiento y prueba
        (``None``: completos).
    max_epochs : int o None
        Tope de épocas de cualquier entrenamiento (``None``: las de la clase).
    """

    name: str
    max_train: int | None
    max_test: int | None
    max_epochs: int | None

    @property
    def is_full(self) -> bool:
        """``True`` si el perfil reproduce la clase completa."""
        return self.name == "full"

    def epochs(self, epochs: int) -> int:
        """Épocas efectivas para un entrenamiento que en la clase usa ``epochs``."""
        epochs = check_int(epochs, "epochs", minimum=1)
        return epochs if self.max_epochs is None else min(epochs, self.max_epochs)

    def describe(self) -> str:
        """Frase en español que describe el perfil, para mostrar en las páginas."""
        if self.is_full:
            return "perfil «full»: conjuntos completos y épocas de la clase"
        return (
            f"perfil «quick»: a lo sumo {self.max_train:,} imágenes de entrenamiento, "
            f"{self.max_test:,} de prueba y {self.max_epochs} épocas; "
            "los números NO son los de la clase completa"
        )


PROFILES = {
    "full": Profile("full", None, None, None),
    "quick": Profile("quick", 6000, 2000, 2),
}


def profile() -> Profile:
    """Perfil activo, leído de ``CNNBOOK_PROFILE`` (``full`` si no está definida)."""
    name = os.environ.get("CNNBOOK_PROFILE", "full").strip().lower() or "full"
    if name not in PROFILES:
        raise ValueError(
            f"CNNBOOK_PROFILE debe ser uno de {sorted(PROFILES)}; se recibió {name!r}."
        )
    return PROFILES[name]


def data_dir() -> Path | None:
    """Carpeta de datos sin internet (``CNNBOOK_DATA``) o ``None`` si no se definió.

    Raises
    ------
    ValueError
        Si la variable apunta a algo que no es una carpeta existente.
    """
    value = os.environ.get("CNNBOOK_DATA", "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ValueError(
            f"CNNBOOK_DATA apunta a {str(path)!r}, que no es una carpeta existente. "
            "Debe ser la carpeta que contiene mnist.npz y cifar10.npz."
        )
    return path.resolve()


def cache_dir() -> Path:
    """Carpeta de la caché de entrenamiento (``CNNBOOK_CACHE`` o la del usuario)."""
    value = os.environ.get("CNNBOOK_CACHE", "").strip()
    if value:
        return Path(value).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return (root / "cnnbook").resolve()


def records_dir() -> Path:
    """Carpeta de los registros de métricas (``CNNBOOK_RECORDS`` o ``<caché>/records``)."""
    value = os.environ.get("CNNBOOK_RECORDS", "").strip()
    if value:
        return Path(value).expanduser().resolve()
    return cache_dir() / "records"


def _text(var: str) -> str:
    return os.environ.get(var, "").strip()


_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def colab_repo() -> str | None:
    """Repositorio ``usuario/nombre`` de ``CNNBOOK_COLAB_REPO``, o ``None``."""
    value = _text("CNNBOOK_COLAB_REPO")
    if not value:
        return None
    if not _REPO_RE.match(value):
        raise ValueError(
            "CNNBOOK_COLAB_REPO debe tener la forma usuario/repositorio; "
            f"se recibió {value!r}."
        )
    return value


def colab_branch() -> str:
    """Rama donde se publica el sitio (``CNNBOOK_COLAB_BRANCH``, ``gh-pages``)."""
    return _text("CNNBOOK_COLAB_BRANCH") or "gh-pages"


def site_url() -> str | None:
    """Dirección pública del sitio (``CNNBOOK_SITE_URL``, sin ``/`` final), o ``None``.

    Raises
    ------
    ValueError
        Si la variable no es una dirección ``http://`` o ``https://``.
    """
    value = _text("CNNBOOK_SITE_URL").rstrip("/")
    if not value:
        return None
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise ValueError(
            "CNNBOOK_SITE_URL debe ser una dirección http:// o https://, "
            f"por ejemplo https://usuario.github.io/cnnbook; se recibió {value!r}."
        )
    return value


def lesson_pattern() -> str | None:
    """Patrón de ``CNNBOOK_LESSON`` para ejecutar sólo algunas lecciones, o ``None``.

    Se busca (``re.search``) en la ruta de cada lección, como el
    ``filename_pattern`` de sphinx-gallery: basta un fragmento del nombre.

    Raises
    ------
    ValueError
        Si la variable no es una expresión regular válida.
    """
    value = _text("CNNBOOK_LESSON")
    if not value:
        return None
    try:
        # Solo y como grupo: así se combinará con el patrón de sphinx-gallery.
        re.compile(value)
        re.compile(f"(?:{value})")
    except re.error as err:
        hint = (
            " Escribe las banderas con grupo: (?i:relleno)."
            if "flags" in str(err)
            else ""
        )
        raise ValueError(
            "CNNBOOK_LESSON debe ser una expresión regular válida o un fragmento "
            f"de la ruta de una lección (por ejemplo plot_02_relleno); se recibió "
            f"{value!r}, que no se puede compilar ({err}).{hint}"
        ) from None
    return value


def bench_log() -> Path | None:
    """Archivo del registro del benchmark (``CNNBOOK_BENCH_LOG``), o ``None``."""
    value = _text("CNNBOOK_BENCH_LOG")
    return Path(value).expanduser() if value else None


def bench_pure() -> bool:
    """``True`` si el benchmark pide medir cada entrenamiento con Keras puro."""
    return bench_log() is not None and _text("CNNBOOK_BENCH_PURE") == "1"
