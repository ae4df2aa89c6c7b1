"""Qué detecta una unidad: los recortes que más la activan y la imagen que la maximiza."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from cnnbook.interpret._checks import (
    BATCH,
    _images,
    _input_shape,
    _spatial_layer,
    _unit,
)
from cnnbook.receptive import receptive_fields
from cnnbook.validation import check_int, check_real


def _crop(image: np.ndarray, top: int, left: int, size: tuple) -> np.ndarray:
    """La ventana ``size`` de ``image`` que empieza en ``(top, left)``; ceros fuera."""
    out = np.zeros((*size, image.shape[-1]), image.dtype)
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + size[0], image.shape[0]), min(left + size[1], image.shape[1])
    if r1 > r0 and c1 > c0:
        out[r0 - top : r1 - top, c0 - left : c1 - left] = image[r0:r1, c0:c1]
    return out


def top_patches(
    model: keras.Model, layer_name: str, images: np.ndarray, unit: int, k: int = 9
) -> tuple[np.ndarray, np.ndarray]:
    """Los ``k`` recortes de ``images`` que más activan el canal ``unit`` de una capa.

    Se buscan las posiciones :math:`(n, i, j)` con la mayor activación
    :math:`A_{unit}^{ij}(x_n)` y se recorta de la imagen :math:`x_n` el campo
    receptivo de la unidad :math:`(i, j)` (:func:`cnnbook.receptive.receptive_fields`),
    con ceros donde el campo sale de la imagen (Zeiler y Fergus, 2014). Las imágenes
    pasan por la red en lotes de 512.

    Returns
    -------
    patches : numpy.ndarray, forma ``(k, alto del campo, ancho del campo, canales)``
    values : numpy.ndarray, forma ``(k,)``
        Las activaciones, de mayor a menor.
    """
    shape = _input_shape(model)
    fields = {row.name: row for row in receptive_fields(model)}
    layer = _spatial_layer(model, layer_name, list(fields))
    images = _images(images, "images", shape, batch=True)
    unit = _unit(layer, unit)
    field = fields[layer_name]
    per_image = field.output[0] * field.output[1]
    k = check_int(k, "k", minimum=1, maximum=len(images) * per_image)
    sub = keras.Model(model.inputs[0], layer.output)
    values, where = [], []
    for start in range(0, len(images), BATCH):
        act = keras.ops.convert_to_numpy(
            sub(images[start : start + BATCH], training=False)
        )[..., unit].ravel()
        # Todo lo que empata con el k-ésimo mayor, para que gane la primera posición.
        kth = np.partition(act, max(act.size - k, 0))[max(act.size - k, 0)]
        best = np.flatnonzero(act >= kth)
        best = best[np.argsort(-act[best], kind="stable")[:k]]
        values.append(act[best])
        where.append(best + start * per_image)
    values, where = np.concatenate(values), np.concatenate(where)
    order = np.lexsort((where, -values))[:k]  # empates: la primera posición
    n, i, j = np.unravel_index(where[order], (len(images), *field.output))
    tops = np.add(field.start[0], i * field.jump[0])
    lefts = np.add(field.start[1], j * field.jump[1])
    patches = [
        _crop(images[a], int(t), int(c), field.size)
        for a, t, c in zip(n, tops, lefts, strict=True)
    ]
    return np.stack(patches), values[order]


def _blur(x: np.ndarray) -> np.ndarray:
    """Suavizado gaussiano leve: el núcleo binomial [1, 2, 1]/4 en cada eje
    (:math:`\\sigma^2 = 1/2`), repitiendo el borde."""
    p = np.pad(x, ((1, 1), (1, 1), (0, 0)), mode="edge")
    p = (p[:-2] + 2 * p[1:-1] + p[2:]) / 4
    return (p[:, :-2] + 2 * p[:, 1:-1] + p[:, 2:]) / 4


def maximize_activation(
    model: keras.Model,
    layer_name: str,
    unit: int,
    steps: int = 200,
    learning_rate: float = 0.05,
    l2: float = 1e-3,
    blur_every: int = 4,
    seed: int = 0,
) -> np.ndarray:
    r"""Una imagen que activa mucho el canal ``unit`` de ``layer_name``.

    Ascenso por el gradiente desde gris con un ruido leve, sobre
    :math:`J(x) = A_{unit}^{ij}(x) - \lambda \lVert x - 0.5 \rVert^2`, con
    :math:`(i, j)` la posición central del mapa (así el dibujo cae en su campo
    receptivo) y :math:`\lambda` = ``l2``. Cada paso suma ``learning_rate`` veces
    el gradiente dividido por su media cuadrática (el paso no depende de la escala
    de la activación) y recorta los píxeles a :math:`[0, 1]`. Sin regularizar, la
    imagen se llena de ruido de alta frecuencia que activa la unidad sin parecerse
    a nada: la penalización :math:`L_2` lo mantiene cerca del gris y un suavizado
    gaussiano leve cada ``blur_every`` pasos (0: nunca) lo borra (Yosinski et
    al., 2015). Con ``steps=0`` se obtiene la imagen de partida.

    Returns
    -------
    numpy.ndarray, forma ``(alto, ancho, canales)``
    """
    shape = _input_shape(model)
    layer = _spatial_layer(model, layer_name)
    unit = _unit(layer, unit)
    steps = check_int(steps, "steps", minimum=0)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    l2 = check_real(l2, "l2", minimum=0)
    blur_every = check_int(blur_every, "blur_every", minimum=0)
    seed = check_int(seed, "seed", minimum=0)
    sub = keras.Model(model.inputs[0], layer.output)
    i, j = ((n - 1) // 2 for n in layer.output.shape[1:3])

    @tf.function
    def direction(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            act = tf.cast(sub(x, training=False)[0, i, j, unit], "float32")
            objective = act - l2 * tf.reduce_sum(tf.square(x - 0.5))
        g = tape.gradient(objective, x)
        return g / (tf.sqrt(tf.reduce_mean(tf.square(g))) + 1e-8)

    noise = np.random.default_rng(seed).normal(0, 0.01, shape)
    x = np.clip(0.5 + noise, 0, 1).astype(np.float32)
    for step in range(1, steps + 1):
        x = x + learning_rate * direction(tf.constant(x[None])).numpy()[0]
        if blur_every and step % blur_every == 0:
            x = _blur(x)
        x = np.clip(x, 0, 1).astype(np.float32)
    return x
