"""Comprobaciones y piezas comunes de :mod:`cnnbook.interpret`."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from cnnbook.models import _check_model
from cnnbook.validation import check_array, check_int, check_labels, check_text

#: Imágenes por lote al recorrer un conjunto grande: acota la memoria.
BATCH = 512


def _input_shape(model) -> tuple[int, int, int]:
    _check_model(model)
    try:  # un Sequential sin keras.Input no tiene entrada hasta que se llama
        shape = tuple(model.inputs[0].shape)[1:]
    except (AttributeError, IndexError, TypeError, ValueError):
        shape = ()
    if len(shape) != 3 or None in shape:
        raise ValueError(
            "`model` debe recibir imágenes (alto, ancho, canales) de tamaño fijo; "
            f"su entrada tiene forma {shape}."
        )
    return shape


def _images(value, name: str, shape: tuple, batch: bool) -> np.ndarray:
    """Una imagen (o un lote) con la forma de la entrada del modelo y valores en [0, 1]."""
    arr = check_array(value, name, ndarray=True, ndim=3 + batch, finite=True)
    if arr.shape[batch:] != shape:
        expected = f"(N, {', '.join(map(str, shape))})" if batch else str(shape)
        raise ValueError(
            f"`{name}` debe tener la forma de la entrada de `model`, {expected}; "
            f"tiene forma {arr.shape}."
        )
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"`{name}` debe tener valores entre 0 y 1 (como los de data.normalize); "
            f"van de {arr.min():.3g} a {arr.max():.3g}."
        )
    return arr.astype(np.float32)


def _num_classes(model) -> int:
    return int(model.outputs[0].shape[-1])


def _label(model, label) -> int:
    return check_int(label, "label", minimum=0, maximum=_num_classes(model) - 1)


def _targets(model, x: np.ndarray, y) -> np.ndarray:
    y = check_labels(y, "y", num_classes=_num_classes(model))
    if len(y) != len(x):
        raise ValueError(
            f"`y` debe tener una etiqueta por imagen de `x` ({len(x)}); tiene {len(y)}."
        )
    return y


def _map_names(model) -> list[str]:
    """Capas de ``model`` cuya salida es un mapa ``(lote, alto, ancho, canales)``."""
    names = []
    for layer in model.layers:
        try:  # una capa compartida no tiene una sola salida
            shape = layer.output.shape
        except (AttributeError, ValueError):
            continue
        if not isinstance(layer, layers.InputLayer) and len(shape) == 4:
            names.append(layer.name)
    return names


def _spatial_layer(model, layer_name, names=None):
    """La capa ``layer_name``, que debe estar en ``names`` (por omisión, las de
    :func:`_map_names`); el mensaje de error las enumera."""
    what = "con un mapa (alto, ancho, canales) de salida"
    if names is not None:
        what = "convolucional o de agrupamiento"
    names = _map_names(model) if names is None else names
    check_text(layer_name, "layer_name")
    if layer_name not in names:
        shown = ", ".join(map(repr, names)) or "no tiene ninguna"
        raise ValueError(
            f"`layer_name` debe ser una capa {what} de `model` ({shown}); se "
            f"recibió {layer_name!r}."
        )
    return model.get_layer(layer_name)


def _unit(layer, unit) -> int:
    return check_int(unit, "unit", minimum=0, maximum=layer.output.shape[-1] - 1)


def _scored(model, *extra):
    """Un submodelo con las salidas de ``extra`` más el puntaje :math:`y_c` de
    cada clase, y la función que lo calcula (ver el docstring del módulo)."""
    last = model.layers[-1]
    softmax = getattr(getattr(last, "activation", None), "__name__", "") == "softmax"
    if isinstance(last, layers.Dense) and softmax:

        def score(h):  # z = h W + b: la capa Dense sin su softmax
            z = keras.ops.matmul(h, last.kernel)
            return z + last.bias if last.use_bias else z

        head = last.input
    else:
        head, score = model.outputs[0], lambda h: h
    # Con una sola salida, Keras devuelve el tensor y no una lista de uno.
    return keras.Model(model.inputs[0], [*extra, head] if extra else head), score
