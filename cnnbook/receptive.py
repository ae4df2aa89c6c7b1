r"""Campo receptivo: qué región de la entrada ve cada capa de una pila convolucional.

Con núcleo efectivo :math:`k_l = d(k - 1) + 1` (:math:`d`, la dilatación) y paso
:math:`s_l`, el salto :math:`j_l` (píxeles de la entrada entre dos unidades
vecinas) y el lado :math:`r_l` del campo siguen, desde :math:`j_0 = r_0 = 1`,
:math:`j_l = j_{l-1} s_l` y :math:`r_l = r_{l-1} + (k_l - 1) j_{l-1}`. El relleno
no cambia el tamaño del campo, sólo dónde empieza.

En una red con ramas (conexiones residuales, como en ResNet) una suma o una
concatenación ve la unión de los campos de sus entradas: todas deben tener el
mismo salto, y el campo de la unión va del comienzo más temprano al final más
tardío.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from cnnbook.validation import check_text

__all__ = [
    "ReceptiveField",
    "receptive_fields",
    "gradient_map",
    "measured_receptive_field",
]

_CONV = (layers.Conv2D, layers.DepthwiseConv2D, layers.SeparableConv2D)
_POOL = (layers.MaxPooling2D, layers.AveragePooling2D)
#: Capas que juntan ramas: su campo es la unión de los de sus entradas.
_MERGE = {"Add", "Concatenate", "Average", "Maximum", "Minimum", "Multiply", "Subtract"}
#: Capas que terminan la pila espacial y capas que no cambian su geometría.
_END = {"Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D"}
_KEEP = set(
    "InputLayer Activation ReLU LeakyReLU ELU PReLU Softmax Dropout SpatialDropout2D "
    "GaussianNoise GaussianDropout BatchNormalization LayerNormalization Rescaling".split()
)


@dataclass(frozen=True)
class ReceptiveField:
    """Geometría de una capa de la pila; cada campo es una pareja (filas, columnas).

    ``kernel``: núcleo efectivo (ventana de agrupamiento o núcleo dilatado);
    ``output``: lado del mapa de salida; ``jump``: salto :math:`j_l`; ``size``: lado
    del campo :math:`r_l`; ``start``: fila y columna de la entrada donde empieza el
    campo de la unidad ``(0, 0)`` (negativas si entra en el relleno). La unidad
    ``(i, j)`` ve desde ``start + (i, j) · jump``.
    """

    name: str
    kind: str
    kernel: tuple[int, int]
    stride: tuple[int, int]
    output: tuple[int, int]
    jump: tuple[int, int]
    size: tuple[int, int]
    start: tuple[int, int]


def _input_side(model) -> np.ndarray:
    """Alto y ancho de la entrada de ``model`` (deben ser fijos)."""
    if not isinstance(model, keras.Model):
        kind = type(model).__name__
        raise TypeError(f"`model` debe ser un keras.Model; se recibió {kind}.")
    try:  # un Sequential sin keras.Input no tiene entrada hasta que se llama
        shape = tuple(model.inputs[0].shape)
    except (AttributeError, IndexError, TypeError, ValueError):
        shape = ()
    if len(shape) != 4 or None in shape[1:3]:
        raise ValueError(
            "`model` debe recibir imágenes (alto, ancho, canales) de tamaño fijo; "
            f"su entrada tiene forma {shape}."
        )
    return np.array(shape[1:3])


def _passes_through(layer) -> bool:
    """Capas que no cambian la geometría: activaciones, normalización, aumento."""
    kind = type(layer).__name__
    if isinstance(layer, keras.Model):  # un bloque anidado, como el aumento
        return all(_passes_through(inner) for inner in layer.layers)
    return kind in _KEEP or kind.startswith("Random")


def _parents(layer) -> list[str]:
    """Nombres de las capas que alimentan ``layer`` en el grafo del modelo."""
    node = layer._inbound_nodes[-1]
    return [t._keras_history.operation.name for t in node.input_tensors]


def _spatial_layers(model) -> tuple[np.ndarray, list]:
    """Lado de la entrada y, en orden, cada capa de la parte espacial con los
    nombres de sus capas de entrada (``[]`` para la primera)."""
    side = _input_side(model)
    found, previous = [], None
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        if kind in _END:
            break
        if not (
            isinstance(layer, (*_CONV, *_POOL, layers.ZeroPadding2D))
            or kind in _MERGE
            or _passes_through(layer)
        ):
            raise ValueError(
                f"`model` tiene la capa {layer.name!r} ({kind}), que no es una "
                "convolución, un agrupamiento, un borde ni una suma de ramas."
            )
        # En un Sequential cada capa recibe la anterior; en un modelo funcional,
        # las que dice su grafo.
        if isinstance(model, keras.Sequential):
            parents = [] if previous is None else [previous]
        else:
            parents = [p for p in _parents(layer) if p != model.inputs[0].name]
            parents = [
                p
                for p in parents
                if model.get_layer(p).__class__.__name__ != "InputLayer"
            ]
        found.append((layer, parents))
        previous = layer.name
    return side, found


def _geometry(layer, n: np.ndarray) -> tuple[np.ndarray, ...]:
    """Núcleo efectivo, paso y relleno (antes, después) de cada eje, sobre un mapa ``n``."""
    if isinstance(layer, layers.ZeroPadding2D):
        before, after = np.array(layer.padding).T
        return np.ones(2, int), np.ones(2, int), before, after
    if isinstance(layer, _POOL):
        k, s = np.array(layer.pool_size), np.array(layer.strides)
    else:
        d = np.array(layer.dilation_rate)
        k, s = d * (np.array(layer.kernel_size) - 1) + 1, np.array(layer.strides)
    # El relleno "same" de TensorFlow: el píxel sobrante va al final.
    total = np.maximum((-(-n // s) - 1) * s + k - n, 0) * (layer.padding == "same")
    return k, s, total // 2, total - total // 2


def receptive_fields(model) -> list[ReceptiveField]:
    """Campo receptivo de cada convolución, agrupamiento y borde de ``model``.

    Recorre las capas en orden hasta la primera ``Flatten``, ``Dense`` o de
    agrupamiento global; activaciones, *dropout*, normalización y aumento de datos
    no cambian la geometría y se saltan.

    Parameters
    ----------
    model : keras.Model
        Una pila en cadena con entrada de tamaño fijo ``(alto, ancho, canales)``.

    Returns
    -------
    list of ReceptiveField
        Una fila por capa, vacía si la red no tiene capas espaciales (un MLP).

    >>> pila = keras.Sequential(
    ...     [keras.Input((9, 9, 1)), layers.Conv2D(1, 3), layers.Conv2D(1, 3)]
    ... )
    >>> [row.size for row in receptive_fields(pila)]
    [(3, 3), (5, 5)]
    """
    side, found = _spatial_layers(model)
    origin = (side, np.ones(2, int), np.ones(2, int), np.zeros(2, int))
    fields, rows = {}, []
    for layer, parents in found:
        inputs = [fields[p] for p in parents] or [origin]
        if type(layer).__name__ in _MERGE:
            fields[layer.name] = _union(layer.name, inputs)
        elif _passes_through(layer):
            fields[layer.name] = inputs[0]
            continue
        else:
            n, jump, size, start = inputs[0]
            k, s, before, after = _geometry(layer, n)
            size, start = size + (k - 1) * jump, start - before * jump
            n, jump = (n + before + after - k) // s + 1, jump * s
            fields[layer.name] = (n, jump, size, start)
        n, jump, size, start = fields[layer.name]
        k, s = (np.ones(2, int),) * 2
        if type(layer).__name__ not in _MERGE:
            k, s = _geometry(layer, inputs[0][0])[:2]
        pairs = (tuple(int(v) for v in a) for a in (k, s, n, jump, size, start))
        rows.append(ReceptiveField(layer.name, type(layer).__name__, *pairs))
    return rows


def _union(name: str, inputs: list) -> tuple:
    """Campo de una capa que junta ramas: la unión de los de sus entradas."""
    sides = {tuple(f[0]) for f in inputs}
    jumps = {tuple(f[1]) for f in inputs}
    if len(sides) > 1 or len(jumps) > 1:
        raise ValueError(
            f"`model`: las ramas que junta {name!r} no tienen el mismo tamaño y "
            f"salto ({sorted(sides)}, {sorted(jumps)})."
        )
    start = np.min([f[3] for f in inputs], axis=0)
    end = np.max([f[3] + f[2] for f in inputs], axis=0)
    return inputs[0][0], inputs[0][1], end - start, start


def _tolerant(cls):
    """``cls`` con una ``call`` que ignora los argumentos extra (``mask``,
    ``training``) que el grafo original registró para la capa reemplazada."""

    def call(self, inputs, **kwargs):
        return cls.call(self, inputs)

    def compute_output_spec(self, inputs, **kwargs):
        return cls.compute_output_spec(self, inputs)

    methods = {"call": call, "compute_output_spec": compute_output_spec}
    return type(f"_Linear{cls.__name__}", (cls,), methods)


_Identity, _Sum = _tolerant(layers.Identity), _tolerant(layers.Add)
_Pad, _Avg = _tolerant(layers.ZeroPadding2D), _tolerant(layers.AveragePooling2D)
_Conv = _tolerant(layers.Conv2D)


def _linear_copy(layer) -> layers.Layer:
    """La capa de :func:`gradient_map` con la geometría de ``layer``."""
    name = {"name": layer.name}
    if isinstance(layer, layers.ZeroPadding2D):
        return _Pad(layer.padding, **name)
    if isinstance(layer, _POOL):
        return _Avg(layer.pool_size, layer.strides, layer.padding, **name)
    if isinstance(layer, _CONV):
        ones, d = {"use_bias": False, "kernel_initializer": "ones"}, layer.dilation_rate
        return _Conv(
            1,
            layer.kernel_size,
            layer.strides,
            layer.padding,
            dilation_rate=d,
            **ones,
            **name,
        )
    if type(layer).__name__ in _MERGE:
        return _Sum(**name)  # una rama de un canal cada una: se suman
    # Activaciones, normalización, aumento y lo que sigue a la parte espacial.
    return _Identity(**name)


def gradient_map(model, layer_name: str) -> np.ndarray:
    """Gradiente de la unidad central del mapa de ``layer_name`` respecto de la entrada.

    Se mide en una copia lineal de la red con su mismo grafo y su misma
    geometría: convoluciones de un filtro con pesos 1, sin sesgo ni activación,
    agrupamiento promedio en lugar del máximo (que sólo pasa el gradiente al
    ganador de cada ventana), sumas donde se juntan ramas y la identidad en lugar
    de activaciones, normalización y aumento. Así nada se cancela ni se apaga: el gradiente es positivo en el campo receptivo
    (salvo la parte que caiga fuera de la imagen) y cero fuera de él.

    Parameters
    ----------
    model : keras.Model
        Como en :func:`receptive_fields`.
    layer_name : str
        Una de sus capas convolucionales, de agrupamiento o de borde.

    Returns
    -------
    numpy.ndarray, forma ``(alto, ancho)``
        El gradiente sobre la entrada, sumado sobre sus canales.
    """
    names = [row.name for row in receptive_fields(model)]
    check_text(layer_name, "layer_name")
    if layer_name not in names:
        shown = ", ".join(map(repr, names)) or "no tiene ninguna"
        raise ValueError(
            "`layer_name` debe ser una capa convolucional o de agrupamiento de "
            f"`model` ({shown}); se recibió {layer_name!r}."
        )
    clone = keras.models.clone_model(model, clone_function=_linear_copy)
    stack = keras.Model(clone.inputs, clone.get_layer(layer_name).output)
    x = tf.ones((1, *clone.inputs[0].shape[1:]))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = stack(x)
        unit = y[0, (y.shape[1] - 1) // 2, (y.shape[2] - 1) // 2, 0]
    return tape.gradient(unit, x).numpy()[0].sum(axis=-1)


def measured_receptive_field(model, layer_name: str) -> tuple[int, int]:
    """Filas y columnas que abarca el gradiente no nulo de :func:`gradient_map`.

    Coincide con ``size`` de :func:`receptive_fields` mientras el campo de la
    unidad central quepa en la imagen. Argumentos como en :func:`gradient_map`.
    """
    grad = gradient_map(model, layer_name)
    extent = [np.flatnonzero(grad.any(axis=axis)) for axis in (1, 0)]
    return tuple(int(e[-1] - e[0] + 1) if e.size else 0 for e in extent)
