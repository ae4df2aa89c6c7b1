"""Escribe los inventarios de intersphinx de Keras, NumPy y Matplotlib.

Por qué están hechos a mano
---------------------------
La construcción del libro no sale a internet (sólo a los registros de
paquetes): no puede descargar los ``objects.inv`` oficiales de NumPy y
Matplotlib, y Keras ni siquiera publica uno (keras.io no se construye con
Sphinx). Este script escribe, en el formato 2 de Sphinx (con ``sphobjinv``),
un inventario por proyecto con sólo los nombres que el libro usa:

* los que las lecciones (``examples/``) escriben como ``np.*``, ``plt.*``,
  ``keras.*`` o ``layers.*``;
* los métodos de ejes, figuras y generadores aleatorios que las lecciones
  llaman (``ax.plot``, ``fig.suptitle``, ``rng.choice``...);
* los que el glosario y las lecciones citan con un rol (``{py:class}``,
  ``:func:``...);
* unos pocos fijos (``FIXED``), como ``numpy.ndarray`` o
  ``matplotlib.pyplot.imshow``.

Cada nombre se comprueba importándolo, y su dirección sigue el esquema de la
documentación real de cada proyecto (NumPy: ``reference/generated/<nombre>.html``;
Matplotlib: ``api/_as_gen/<nombre>.html``); las páginas de Keras no se deducen
del nombre y están en la tabla ``KERAS``. ``conf.py`` lee estos archivos desde
el disco (``intersphinx_mapping``) y los enlaces apuntan a los sitios reales.

Si una lección usa un nombre nuevo, vuelve a ejecutar el script y versiona los
``.inv`` que cambien (``tests/test_docs_ext.py`` comprueba que estén al día)::

    python docs/_inventarios/generar.py              # reescribe los .inv
    python docs/_inventarios/generar.py --comprobar  # sólo compara
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LESSONS = ROOT / "examples"
TEXTS = [ROOT / "docs" / "glosario.md"]

#: Proyecto -> nombre en el encabezado del inventario. Las direcciones base
#: (``https://numpy.org/doc/stable/``...) están en ``intersphinx_mapping`` de conf.py.
PROJECTS = {"numpy": "NumPy", "matplotlib": "Matplotlib", "keras": "Keras"}

# Páginas de keras.io (scripts/api_master.py de keras-io); anclas como las
# genera el sitio: «fit method» -> #fit-method, «CategoricalCrossentropy class»
# -> #categoricalcrossentropy-class.
KERAS = {
    "keras.Input": "layers/core_layers/input/",
    "keras.layers.Input": "layers/core_layers/input/",
    "keras.Model": "models/model/",
    "keras.Model.summary": "models/model/#summary-method",
    "keras.Model.get_layer": "models/model/#get_layer-method",
    "keras.Model.compile": "models/model_training_apis/#compile-method",
    "keras.Model.fit": "models/model_training_apis/#fit-method",
    "keras.Model.evaluate": "models/model_training_apis/#evaluate-method",
    "keras.Model.predict": "models/model_training_apis/#predict-method",
    "keras.Sequential": "models/sequential/",
    # Métodos de cualquier capa (y de los modelos, que son capas). La clase
    # keras.Layer no se incluye: sphinx-gallery prueba las clases base de cada
    # objeto antes que su nombre público, y Conv2D terminaría enlazando a Layer.
    "keras.Layer.get_weights": "layers/base_layer/#get_weights-method",
    "keras.Layer.set_weights": "layers/base_layer/#set_weights-method",
    "keras.layers.Layer": "layers/base_layer/#layer-class",
    "keras.layers.Dense": "layers/core_layers/dense/",
    "keras.layers.Conv2D": "layers/convolution_layers/convolution2d/",
    "keras.layers.MaxPooling2D": "layers/pooling_layers/max_pooling2d/",
    "keras.layers.AveragePooling2D": "layers/pooling_layers/average_pooling2d/",
    "keras.layers.Flatten": "layers/reshaping_layers/flatten/",
    "keras.layers.ZeroPadding2D": "layers/reshaping_layers/zero_padding2d/",
    "keras.layers.ReLU": "layers/activation_layers/relu/",
    "keras.layers.BatchNormalization": (
        "layers/normalization_layers/batch_normalization/"
    ),
    "keras.layers.GlobalAveragePooling2D": (
        "layers/pooling_layers/global_average_pooling2d/"
    ),
    "keras.layers.Add": "layers/merging_layers/add/",
    "keras.layers.RandomTranslation": (
        "layers/preprocessing_layers/image_augmentation/random_translation/"
    ),
    "keras.layers.RandomRotation": (
        "layers/preprocessing_layers/image_augmentation/random_rotation/"
    ),
    "keras.layers.RandomZoom": (
        "layers/preprocessing_layers/image_augmentation/random_zoom/"
    ),
    "keras.layers.RandomShear": (
        "layers/preprocessing_layers/image_augmentation/random_shear/"
    ),
    "keras.layers.RandomFlip": (
        "layers/preprocessing_layers/image_augmentation/random_flip/"
    ),
    "keras.callbacks.Callback": "callbacks/base_callback/",
    "keras.callbacks.TerminateOnNaN": "callbacks/terminate_on_nan/",
    "keras.activations.relu": "layers/activations/#relu-function",
    "keras.activations.sigmoid": "layers/activations/#sigmoid-function",
    "keras.activations.tanh": "layers/activations/#tanh-function",
    "keras.activations.softmax": "layers/activations/#softmax-function",
    "keras.optimizers.SGD": "optimizers/sgd/",
    "keras.optimizers.Adam": "optimizers/adam/",
    "keras.losses.CategoricalCrossentropy": (
        "losses/probabilistic_losses/#categoricalcrossentropy-class"
    ),
    "keras.datasets.mnist": "datasets/mnist/",
    "keras.datasets.mnist.load_data": "datasets/mnist/#load_data-function",
    "keras.datasets.cifar10": "datasets/cifar10/",
    "keras.datasets.cifar10.load_data": "datasets/cifar10/#load_data-function",
    "keras.utils.to_categorical": "utils/python_utils/#to_categorical-function",
}

# Direcciones de NumPy que no siguen el esquema general.
NUMPY_PAGES = {
    "numpy.random.default_rng": "reference/random/generator.html#numpy.random.default_rng",
    "numpy.random.Generator": "reference/random/generator.html#numpy.random.Generator",
}

#: Nombres que siempre van: los que el libro cita aunque ninguna lección los escriba.
FIXED = [
    "numpy.ndarray",
    "numpy.random.Generator",
    "matplotlib.axes.Axes",
    "matplotlib.figure.Figure",
    "matplotlib.pyplot.imshow",
    *KERAS,
]

ROOTS = tuple(PROJECTS)
_KINDS = "class|func|meth|attr|mod|data|obj"
# :class:`x`, :py:func:`t <x>` (reST) y {py:class}`~x` (MyST).
_ROLE_RE = re.compile(
    rf"(?::(?:py:)?(?:{_KINDS}):|\{{(?:py:)?(?:{_KINDS})\}})`([^`]+)`"
)


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` si ``node`` es una cadena de atributos sobre un nombre."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Alias de importación de ``numpy``, ``matplotlib`` y ``keras``: ``{"np": "numpy"}``."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ROOTS:
                    local = alias.asname or alias.name.split(".")[0]
                    aliases[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and not node.level:
            if (node.module or "").split(".")[0] in ROOTS:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def scan_lessons(folder: Path = LESSONS) -> tuple[set[str], set[str]]:
    """Nombres completos que escriben las lecciones y métodos que llaman.

    Returns
    -------
    names : set of str
        Por ejemplo ``numpy.zeros`` (escrito ``np.zeros``) o ``keras.layers.Conv2D``.
    methods : set of str
        Nombres de los métodos llamados sobre cualquier objeto (``plot``, ``fit``).
    """
    names, methods = set(), set()
    for path in sorted(folder.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        aliases = _aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = _dotted(node.func.value) or ""
                if receiver.split(".")[0] not in aliases:  # np.zeros() no es método
                    methods.add(node.func.attr)
            dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
            if dotted and dotted.split(".")[0] in aliases:
                head, _, rest = dotted.partition(".")
                names.add(f"{aliases[head]}.{rest}")
        names.update(_roles(source))
    return names, methods


def _roles(text: str) -> set[str]:
    """Destinos de roles ``:class:`...``` o ``{py:class}`...``` de los tres proyectos."""
    targets = set()
    for content in _ROLE_RE.findall(text):
        if content.endswith(">") and "<" in content:  # `título <destino>`
            content = content[content.rindex("<") + 1 : -1]
        target = content.strip().lstrip("~!")
        if target.split(".")[0] in ROOTS:
            targets.add(target)
    return targets


def resolve(name: str) -> object:
    """El objeto que nombra ``name`` (módulo, clase, función o atributo).

    Raises
    ------
    ValueError
        Si ``name`` no existe en las bibliotecas instaladas.
    """
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                # En una clase, el atributo tal como se definió (sin enlazar).
                get = inspect.getattr_static if inspect.isclass(obj) else getattr
                obj = get(obj, attr)
        except AttributeError:
            break
        return obj
    raise ValueError(f"{name!r} no existe en las bibliotecas instaladas.")


def role_of(name: str, obj: object) -> str:
    """Rol de Python del objeto en el inventario (``class``, ``method``...)."""
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    in_class = inspect.isclass(resolve(name.rsplit(".", 1)[0]))
    if isinstance(obj, (staticmethod, classmethod)) or (in_class and callable(obj)):
        return "method"
    if isinstance(obj, property) or (in_class and not callable(obj)):
        return "attribute"
    return "function" if callable(obj) else "data"


def numpy_uri(name: str, obj: object) -> str:
    """Dirección de ``name`` bajo ``https://numpy.org/doc/stable/``."""
    import numpy

    if name in NUMPY_PAGES:
        return NUMPY_PAGES[name]
    if inspect.isclass(obj) and issubclass(obj, numpy.generic):
        return f"reference/arrays.scalars.html#{name}"  # float64, uint8...
    if obj is None or isinstance(obj, (int, float)):
        return f"reference/constants.html#{name}"  # newaxis, pi...
    if name.startswith("numpy.random.Generator."):
        return f"reference/random/generated/{name}.html"
    parent, _, attr = name.rpartition(".")
    canonical = getattr(obj, "__name__", attr)
    if canonical != attr and getattr(resolve(parent), canonical, None) is obj:
        name = f"{parent}.{canonical}"  # np.abs se documenta como numpy.absolute
    return f"reference/generated/{name}.html"


def matplotlib_uri(name: str, obj: object) -> str:
    """Dirección de ``name`` bajo ``https://matplotlib.org/stable/``."""
    if name == "matplotlib.axes.Axes":
        return "api/axes_api.html#matplotlib.axes.Axes"
    return f"api/_as_gen/{name}.html"


def keras_uri(name: str, obj: object) -> str:
    """Dirección de ``name`` bajo ``https://keras.io/api/`` (tabla ``KERAS``).

    Raises
    ------
    ValueError
        Si el nombre no está en la tabla: keras.io no permite deducirla.
    """
    if name not in KERAS:
        raise ValueError(
            f"{name!r} se usa en el libro pero no está en la tabla KERAS de "
            f"{Path(__file__).name}: agrega su página de keras.io."
        )
    return KERAS[name]


def _methods(prefix: str, classes: tuple[type, ...], used: set[str]) -> list[str]:
    """``prefix.m`` para cada ``m`` de ``used`` definido en alguna de ``classes``.

    Sólo los definidos ahí (no los heredados de clases más generales): son los
    que la documentación de cada proyecto tiene en una página propia.
    """
    found = {
        m
        for m in used
        if not m.startswith("_")
        and any(callable(vars(c).get(m)) for c in classes)  # métodos, no propiedades
    }
    return [f"{prefix}.{m}" for m in sorted(found)]


def method_names(used: set[str]) -> list[str]:
    """Métodos de ejes, figuras y generadores aleatorios que las lecciones llaman."""
    import matplotlib.axes
    import matplotlib.figure
    import numpy.random
    from matplotlib.axes._base import _AxesBase

    figure = matplotlib.figure
    return [
        *_methods("matplotlib.axes.Axes", (matplotlib.axes.Axes, _AxesBase), used),
        *_methods("matplotlib.figure.Figure", (figure.Figure, figure.FigureBase), used),
        *_methods("numpy.random.Generator", (numpy.random.Generator,), used),
    ]


def collect() -> dict[str, list[tuple[str, str, str]]]:
    """``{proyecto: [(nombre, rol, dirección relativa), ...]}``, ordenado."""
    names, methods = scan_lessons()
    for path in TEXTS:
        names |= _roles(path.read_text(encoding="utf-8"))
    names |= set(FIXED) | set(method_names(methods))
    uri_of = {"numpy": numpy_uri, "matplotlib": matplotlib_uri, "keras": keras_uri}
    entries: dict[str, list[tuple[str, str, str]]] = {p: [] for p in PROJECTS}
    for name in sorted(names):
        if any(part.startswith("_") for part in name.split(".")):
            continue  # keras.__version__ y nombres privados: no son API
        obj = resolve(name)
        if inspect.ismodule(obj) and name not in KERAS:
            continue  # np.random, keras.layers: sólo caminos hacia un nombre
        project = name.split(".")[0]
        entries[project].append((name, role_of(name, obj), uri_of[project](name, obj)))
    return entries


def inventory_bytes(project: str, entries: list[tuple[str, str, str]]) -> bytes:
    """El inventario (formato 2 de Sphinx, comprimido) de un proyecto."""
    import sphobjinv as soi

    inv = soi.Inventory()
    inv.project = PROJECTS[project]
    # Sin versión: los enlaces van a la documentación «stable», no a la versión
    # instalada, y el título del enlace queda «(en Keras)»; el catálogo en español
    # de Sphinx no traduce la forma con versión, «(in Keras v3.15)».
    inv.version = ""
    for name, role, uri in entries:
        inv.objects.append(
            soi.DataObjStr(
                name=name, domain="py", role=role, priority="1", uri=uri, dispname="-"
            )
        )
    return soi.compress(inv.data_file(contract=True))


def path_of(project: str) -> Path:
    """Archivo del inventario de ``project`` (``numpy.inv``...)."""
    return HERE / f"{project}.inv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--comprobar", action="store_true", help="sólo compara; no escribe nada"
    )
    args = parser.parse_args(argv)
    try:
        inventories = collect()
    except ValueError as err:
        print(f"generar.py: {err}", file=sys.stderr)
        return 2
    stale = []
    for project, entries in inventories.items():
        data = inventory_bytes(project, entries)
        path = path_of(project)
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path.name)
        if not args.comprobar:
            path.write_bytes(data)
        print(f"{path.name}: {len(entries)} nombres")
    if args.comprobar and stale:
        print("Inventarios desactualizados:", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
