"""Carga de MNIST y CIFAR-10, nombres de clases y transformaciones de imágenes.

Dos caminos para los datos, en este orden:

1. Si ``CNNBOOK_DATA`` está definida, se leen ``mnist.npz`` / ``cifar10.npz`` de esa
   carpeta con ``allow_pickle=False`` (nunca se deserializa nada con ``pickle``).
2. Si no, ``keras.datasets.<nombre>.load_data()``, que descarga una vez y guarda
   una copia.

Si ninguno funciona, se lanza :class:`DataError` con un mensaje que explica las dos
soluciones. Todo lo cargado se valida (claves, forma, tipo, rango de etiquetas)
antes de usarse, y :func:`provenance` dice de dónde salió y con qué huella.
"""

from __future__ import annotations

import functools
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnbook import config, formatting
from cnnbook.validation import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_int_pair,
    check_labels,
)

__all__ = [
    "DataError",
    "MNIST_CLASSES",
    "CIFAR10_CLASSES",
    "load_mnist",
    "load_cifar10",
    "Provenance",
    "provenance",
    "LUMINANCE",
    "normalize",
    "one_hot",
    "to_grayscale",
    "resize",
    "shift",
]

#: Nombres de las clases de MNIST (los dígitos).
MNIST_CLASSES = tuple(str(d) for d in range(10))

#: Nombres en español de las clases de CIFAR-10, en el orden de sus etiquetas 0-9
#: (airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck).
CIFAR10_CLASSES = (
    "avión",
    "automóvil",
    "pájaro",
    "gato",
    "venado",
    "perro",
    "rana",
    "caballo",
    "barco",
    "camión",
)

# Forma de una imagen de cada conjunto, sin el eje de ejemplos.
_IMAGE_SHAPES = {"mnist": (28, 28), "cifar10": (32, 32, 3)}
_KEYS = ("x_train", "y_train", "x_test", "y_test")


class DataError(ValueError):
    """Los datos no están disponibles o no tienen la forma esperada."""


def _missing_message(name: str, reason: str) -> str:
    return (
        f"No se pudo cargar {name}: {reason}\n"
        "Hay dos formas de resolverlo:\n"
        f"  1) definir CNNBOOK_DATA con la carpeta que contiene {name}.npz "
        "(por ejemplo, export CNNBOOK_DATA=/ruta/a/los/datos), o\n"
        "  2) conectarse a internet para que keras.datasets descargue el conjunto "
        "la primera vez."
    )


def _validate(name: str, arrays: dict[str, np.ndarray], origin: str) -> tuple:
    """Comprueba claves, tipo, forma y etiquetas; devuelve las dos parejas."""
    image_shape = _IMAGE_SHAPES[name]
    missing = [k for k in _KEYS if k not in arrays]
    if missing:
        raise DataError(
            f"{origin} no contiene las claves {missing}; se esperaban {list(_KEYS)}."
        )
    out = []
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.dtype != np.uint8:
            raise DataError(
                f"{origin}: x_{split} debe ser uint8 (0-255); es {x.dtype}."
            )
        if x.ndim != 1 + len(image_shape) or x.shape[1:] != image_shape:
            raise DataError(
                f"{origin}: x_{split} debe tener forma (N, "
                f"{', '.join(map(str, image_shape))}); tiene {x.shape}."
            )
        # keras devuelve las etiquetas de CIFAR-10 con forma (N, 1): se aplanan.
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
            raise DataError(
                f"{origin}: y_{split} debe ser un vector de enteros; "
                f"tiene forma {y.shape} y tipo {y.dtype}."
            )
        if len(y) != len(x) or len(x) == 0:
            raise DataError(
                f"{origin}: x_{split} tiene {formatting.integer(len(x))} imágenes y y_{split} "
                f"{formatting.integer(len(y))} etiquetas; deben coincidir y no ser cero."
            )
        if y.min() < 0 or y.max() > 9:
            raise DataError(
                f"{origin}: las etiquetas de y_{split} deben estar entre 0 y 9; "
                f"van de {y.min()} a {y.max()}."
            )
        x = np.ascontiguousarray(x)
        y = y.astype(np.uint8)
        x.flags.writeable = False
        y.flags.writeable = False
        out.append((x, y))
    return tuple(out)


def _read_npz(name: str, path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise DataError(
            _missing_message(name, f"la carpeta CNNBOOK_DATA no contiene {path.name}.")
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise DataError(
            f"El archivo {str(path)!r} está dañado o incompleto y no se pudo leer "
            f"({type(exc).__name__}: {exc}). Vuelve a copiarlo o descárgalo de nuevo."
        ) from exc


def _download(name: str) -> dict[str, np.ndarray]:
    try:
        import keras

        loader = getattr(keras.datasets, name)
        (x_train, y_train), (x_test, y_test) = loader.load_data()
    except Exception as exc:  # la descarga falla de muchas formas: sin red, TLS...
        raise DataError(
            _missing_message(
                name,
                "CNNBOOK_DATA no está definida y la descarga con keras.datasets "
                f"falló ({type(exc).__name__}).",
            )
        ) from exc
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


@functools.lru_cache(maxsize=4)
def _load_full(name: str, folder: str | None) -> tuple:
    if folder is not None:
        path = Path(folder) / f"{name}.npz"
        return _validate(name, _read_npz(name, path), str(path))
    return _validate(name, _download(name), f"keras.datasets.{name}")


def _load(name: str, full: bool) -> tuple:
    check_bool(full, "full")
    folder = config.data_dir()
    (x_train, y_train), (x_test, y_test) = _load_full(
        name, None if folder is None else str(folder)
    )
    prof = config.profile()
    if not full:
        # Las primeras imágenes: MNIST viene en su orden original y CIFAR-10 ya
        # barajado, así que el subconjunto conserva todas las clases.
        x_train, y_train = x_train[: prof.max_train], y_train[: prof.max_train]
        x_test, y_test = x_test[: prof.max_test], y_test[: prof.max_test]
    return (x_train, y_train), (x_test, y_test)


def load_mnist(full: bool = False) -> tuple:
    """Carga MNIST: dígitos escritos a mano de 28 x 28 en escala de grises.

    Parameters
    ----------
    full : bool
        Si es ``False`` (predeterminado) se respetan los límites del perfil activo
        (en ``full`` son los 60,000 / 10,000 ejemplos completos; en ``quick``, un
        subconjunto). Con ``True`` siempre se devuelve el conjunto entero.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        Imágenes ``uint8`` de forma ``(N, 28, 28)`` y etiquetas ``uint8`` de forma
        ``(N,)``, como ``keras.datasets.mnist.load_data()``. Los arreglos son de
        sólo lectura: se comparten entre llamadas.

    Raises
    ------
    DataError
        Si no hay datos disponibles o no tienen la forma esperada.
    """
    return _load("mnist", full)


def load_cifar10(full: bool = False) -> tuple:
    """Carga CIFAR-10: fotografías a color de 32 x 32 en 10 clases.

    Igual que :func:`load_mnist`, pero las imágenes tienen forma ``(N, 32, 32, 3)``
    y las etiquetas se devuelven como vector ``(N,)`` (keras las da como ``(N, 1)``).
    Los nombres de las clases están en :data:`CIFAR10_CLASSES`.
    """
    return _load("cifar10", full)


#: Lo que se sabe de una copia, por la huella de sus arreglos.
_KNOWN = {
    "48beaf18558dd7ad0ce67c327ef70545eb859d6e6f09a94e112b6bac6ef1f135": (
        "Es la huella de una copia sin conexión decodificada de una recodificación "
        "JPEG de CIFAR-10: sus píxeles difieren un poco de los oficiales y cada "
        "partición está barajada con una permutación fija."
    ),
}


@dataclass(frozen=True)
class Provenance:
    """De dónde salieron los datos de un conjunto (``source``: ``"CNNBOOK_DATA"`` o
    ``"keras.datasets"``; ``location``: el archivo o la función de Keras) y la
    huella SHA-256 de sus cuatro arreglos completos ya validados, igual para el
    mismo contenido venga de donde venga; ``note``: lo que se sabe de esa copia."""

    name: str
    source: str
    location: str
    sha256: str
    n_train: int
    n_test: int
    note: str = ""

    def sentence(self) -> str:
        """La procedencia en una frase en español, lista para ``print``."""
        where = (
            f"se leyeron de la carpeta CNNBOOK_DATA (archivo {Path(self.location).name})"
            if self.source == "CNNBOOK_DATA"
            else f"se cargaron con {self.location}, que descarga los archivos oficiales"
        )
        title = {"mnist": "MNIST", "cifar10": "CIFAR-10"}[self.name]
        text = (
            f"Los datos de {title} de esta construcción {where}: "
            f"{formatting.integer(self.n_train)} imágenes de entrenamiento y "
            f"{formatting.integer(self.n_test)} de prueba; huella SHA-256 de los "
            f"arreglos: {self.sha256[:16]}…"
        )
        return f"{text} {self.note}" if self.note else text


def provenance(name: str) -> Provenance:
    """Procedencia de los datos de ``name`` (``"mnist"`` o ``"cifar10"``), leídos
    por el mismo camino que :func:`load_mnist` / :func:`load_cifar10`."""
    check_choice(name, "name", tuple(_IMAGE_SHAPES))
    folder = config.data_dir()
    location = f"keras.datasets.{name}.load_data()"
    if folder is not None:
        location = str(folder / f"{name}.npz")
    splits = _load_full(name, None if folder is None else str(folder))
    digest = hashlib.sha256()
    for key, array in zip(_KEYS, (a for pair in splits for a in pair), strict=True):
        digest.update(f"{key}:{array.dtype.str}:{array.shape};".encode())
        digest.update(np.ascontiguousarray(array).data)
    sha = digest.hexdigest()
    source = "keras.datasets" if folder is None else "CNNBOOK_DATA"
    sizes = len(splits[0][0]), len(splits[1][0])
    return Provenance(name, source, location, sha, *sizes, _KNOWN.get(sha, ""))


def normalize(x: np.ndarray) -> np.ndarray:
    """Convierte imágenes ``uint8`` (0-255) a ``float32`` en [0, 1]."""
    check_array(x, "x", ndarray=True, allow_empty=True)
    if x.dtype != np.uint8:
        raise TypeError(
            f"`x` debe ser uint8 con valores 0-255 (como sale de los cargadores); "
            f"su tipo es {x.dtype}."
        )
    return x.astype(np.float32) / np.float32(255.0)


def one_hot(y: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Codificación *one-hot* de las etiquetas: ``(N,)`` enteros -> ``(N, clases)``."""
    check_array(y, "y", ndarray=True, integer=True, allow_empty=True)
    num_classes = check_int(num_classes, "num_classes", minimum=1)
    check_labels(y, "y", num_classes=num_classes)
    return np.eye(num_classes, dtype=np.float32)[y]


#: Pesos de la luma Y' de la recomendación ITU-R BT.601 (los de tf.image). Se
#: aplican a los valores R'G'B' ya codificados con gamma, como vienen en la
#: imagen: por eso el resultado es luma y no luminancia (el nombre de la
#: constante sigue el uso común).
LUMINANCE = np.array([0.299, 0.587, 0.114])


def to_grayscale(x: np.ndarray) -> np.ndarray:
    """Convierte imágenes RGB a escala de grises con los pesos de luma BT.601.

    ``gris = 0.299 R + 0.587 G + 0.114 B``: el ojo es más sensible al verde.

    Parameters
    ----------
    x : ndarray, forma ``(..., 3)``
        Una imagen ``(H, W, 3)`` o un lote ``(N, H, W, 3)``.

    Returns
    -------
    ndarray, forma ``(...)`` (sin el eje de color)
        ``uint8`` redondeado si la entrada es ``uint8``; ``float32`` si no.
    """
    check_array(x, "x", ndarray=True, allow_empty=True)
    if x.ndim not in (3, 4) or x.shape[-1] != 3:
        raise ValueError(
            "`x` debe tener forma (H, W, 3) o (N, H, W, 3) con 3 canales RGB; "
            f"tiene forma {x.shape}."
        )
    gray = x.astype(np.float32) @ LUMINANCE.astype(np.float32)
    if x.dtype == np.uint8:
        return np.clip(np.rint(gray), 0, 255).astype(np.uint8)
    return gray


def resize(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Redimensiona un lote de imágenes ``(N, H, W)`` o ``(N, H, W, C)`` a ``size``.

    Usa interpolación bilineal con suavizado previo (*anti-aliasing*) de
    scikit-image; conserva ``uint8`` si la entrada lo es.
    """
    from skimage.transform import resize as sk_resize

    check_array(x, "x", ndarray=True, ndim=(3, 4), allow_empty=True)
    size = check_int_pair(size, "size", minimum=1)
    out_shape = (len(x), *size, *x.shape[3:])
    out = sk_resize(
        x.astype(np.float32),
        out_shape,
        order=1,
        anti_aliasing=True,
        preserve_range=True,
    )
    if x.dtype == np.uint8:
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return out.astype(np.float32)


def shift(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Traslada imágenes ``dy`` píxeles hacia abajo y ``dx`` hacia la derecha.

    Lo que sale por un borde se pierde y lo que entra por el otro es cero (no hay
    "vuelta" como en ``np.roll``). Valores negativos trasladan hacia arriba o hacia
    la izquierda.

    Parameters
    ----------
    x : ndarray
        Una imagen ``(H, W)``, un lote ``(N, H, W)`` o un lote a color
        ``(N, H, W, C)``. Un arreglo de 3 dimensiones se interpreta como lote;
        para una sola imagen a color usa ``x[None]``.
    dy, dx : int
        Desplazamiento en píxeles; su valor absoluto no puede exceder el alto
        (``dy``) o el ancho (``dx``).
    """
    check_array(x, "x", ndarray=True, ndim=(2, 3, 4), allow_empty=True)
    h_axis = 0 if x.ndim == 2 else 1
    height, width = x.shape[h_axis], x.shape[h_axis + 1]
    dy = check_int(dy, "dy", minimum=-height, maximum=height)
    dx = check_int(dx, "dx", minimum=-width, maximum=width)
    out = np.zeros_like(x)

    def span(d: int, n: int) -> tuple[slice, slice]:
        # (origen, destino) de la parte que sigue dentro de la imagen.
        return (
            (slice(0, n - d), slice(d, n))
            if d >= 0
            else (slice(-d, n), slice(0, n + d))
        )

    (src_y, dst_y), (src_x, dst_x) = span(dy, height), span(dx, width)
    lead = (slice(None),) * h_axis
    out[(*lead, dst_y, dst_x)] = x[(*lead, src_y, src_x)]
    return out
