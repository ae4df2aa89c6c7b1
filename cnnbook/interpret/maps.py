"""Dónde mira la red: oclusión, saliencia, Grad-CAM y su prueba de cordura."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from cnnbook.interpret._checks import (
    BATCH,
    _images,
    _input_shape,
    _label,
    _scored,
    _spatial_layer,
)
from cnnbook.models import _check_model
from cnnbook.validation import check_array, check_int, check_real


def occlusion_map(
    model: keras.Model,
    image: np.ndarray,
    label: int,
    patch: int = 4,
    stride: int = 2,
    fill: float = 0.5,
) -> np.ndarray:
    r"""Cuánto baja la probabilidad de ``label`` al tapar cada región de ``image``.

    Un cuadrado gris de ``patch`` x ``patch`` píxeles (valor ``fill``) recorre la
    imagen con paso ``stride`` (Zeiler y Fergus, 2014). La celda ``(i, j)`` del
    mapa es :math:`p_c(x) - p_c(x_{ij})`, donde :math:`x_{ij}` es la imagen con
    el cuadrado en las filas ``i·stride`` a ``i·stride + patch - 1`` (y lo mismo
    en columnas): positiva donde tapar estorba a la red. Todas las copias tapadas
    van en una sola llamada a ``model.predict``.

    Returns
    -------
    numpy.ndarray, forma ``((alto - patch) // stride + 1, (ancho - patch) // stride + 1)``
    """
    shape = _input_shape(model)
    image = _images(image, "image", shape, batch=False)
    label = _label(model, label)
    patch = check_int(patch, "patch", minimum=1, maximum=min(shape[:2]))
    stride = check_int(stride, "stride", minimum=1)
    fill = check_real(fill, "fill", minimum=0, maximum=1)
    rows, cols = ((n - patch) // stride + 1 for n in shape[:2])
    copies = np.repeat(image[None], rows * cols + 1, axis=0)  # la 0, sin tapar
    for n in range(rows * cols):
        top, left = (n // cols) * stride, (n % cols) * stride
        copies[n + 1, top : top + patch, left : left + patch] = fill
    p = model.predict(copies, batch_size=BATCH, verbose=0)[:, label]
    return (p[0] - p[1:]).reshape(rows, cols)


def gradient_saliency(model: keras.Model, image: np.ndarray, label: int) -> np.ndarray:
    r"""Mapa de saliencia (*saliency map*): :math:`\max_k |\partial y_c / \partial x_{ijk}|`.

    Cuánto cambia el puntaje :math:`y_c` de la clase ``label`` (antes de la
    *softmax*) al mover un poco cada píxel; de los canales se toma el mayor
    (Simonyan et al., 2013). En un modelo lineal es :math:`|w_c|`.

    Returns
    -------
    numpy.ndarray, forma ``(alto, ancho)``
    """
    image = _images(image, "image", _input_shape(model), batch=False)
    label = _label(model, label)
    sub, score = _scored(model)
    x = tf.convert_to_tensor(image[None])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = score(sub(x, training=False))[0, label]
    return np.abs(tape.gradient(y, x).numpy()[0]).max(axis=-1)


def grad_cam(
    model: keras.Model, image: np.ndarray, label: int, layer_name: str
) -> np.ndarray:
    r"""Grad-CAM (Selvaraju et al., 2017) de la clase ``label`` en la capa ``layer_name``.

    Con :math:`A_k` el canal :math:`k` del mapa de la capa, de :math:`Z` posiciones,
    y :math:`y_c` el puntaje antes de la *softmax*:
    :math:`\alpha_k = \frac{1}{Z}\sum_{ij} \partial y_c / \partial A_k^{ij}` y
    :math:`L = \mathrm{ReLU}(\sum_k \alpha_k A_k)`, ampliado de forma bilineal al
    tamaño de la imagen. Se devuelve sin normalizar (ver :func:`normalize_map`).

    Returns
    -------
    numpy.ndarray, forma ``(alto, ancho)``
    """
    shape = _input_shape(model)
    image = _images(image, "image", shape, batch=False)
    label = _label(model, label)
    layer = _spatial_layer(model, layer_name)
    sub, score = _scored(model, layer.output)
    x = tf.convert_to_tensor(image[None])
    with tf.GradientTape() as tape:
        tape.watch(x)  # también si los pesos están congelados (trainable=False)
        maps, head = sub(x, training=False)
        y = score(head)[0, label]
    # En precisión mixta el mapa es bfloat16: el promedio se hace en float32.
    grads = tf.cast(tape.gradient(y, maps), "float32")
    alpha = tf.reduce_mean(grads, axis=(1, 2), keepdims=True)
    maps = tf.cast(maps, "float32")
    cam = tf.nn.relu(tf.reduce_sum(alpha * maps, axis=-1, keepdims=True))
    return tf.image.resize(cam, shape[:2], method="bilinear").numpy()[0, :, :, 0]


def normalize_map(m: np.ndarray) -> np.ndarray:
    r"""Escala un mapa a :math:`[0, 1]`: :math:`(m - \min m) / (\max m - \min m)`.

    Un mapa constante (por ejemplo, todo ceros) no tiene nada que resaltar: se
    devuelven ceros.
    """
    m = check_array(m, "m", ndim=2, finite=True).astype(np.float64)
    span = m.max() - m.min()
    return (m - m.min()) / span if span > 0 else np.zeros_like(m)


def _flat_layers(model):
    for layer in model.layers:
        yield from _flat_layers(layer) if isinstance(layer, keras.Model) else [layer]


#: Capas sin pesos que sólo actúan al entrenar: en la inferencia son la identidad.
_TRAINING_ONLY = {"Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout"}


def _training_only(layer) -> bool:
    if isinstance(layer, keras.Model):
        return all(_training_only(inner) for inner in layer.layers)
    kind = type(layer).__name__
    return kind in _TRAINING_ONLY or kind.startswith("Random")


def _clone_layer(layer):
    if _training_only(layer):
        # Lambda y no Identity: acepta el argumento `mask` con que Keras llama a un
        # bloque anidado.
        return layers.Lambda(lambda x: x, name=layer.name)
    return type(layer).from_config(layer.get_config())


def randomized_copy(model: keras.Model, seed: int = 0) -> keras.Model:
    """Copia de ``model`` con la misma arquitectura y todos los pesos al azar.

    Es la prueba de aleatorizar el modelo de Adebayo et al. (2018): cada peso
    :math:`w` se reemplaza por una muestra nueva del inicializador con que la
    capa lo creó (el de antes de entrenar), con semillas derivadas de ``seed``.
    Un mapa que casi no cambia con esta copia no explica lo aprendido. El
    original no se toca. La copia es la red de inferencia, sin compilar: las
    capas que sólo actúan al entrenar (aumento de datos, *dropout*) pasan como
    identidades con el mismo nombre (Keras no sabe reconstruir algunas, como
    ``RandomShear``).
    """
    _check_model(model)
    seed = check_int(seed, "seed", minimum=0)
    clone = keras.models.clone_model(model, clone_function=_clone_layer)
    rng = np.random.default_rng(seed)
    for layer in _flat_layers(clone):
        for variable in layer.weights:
            # kernel -> kernel_initializer; depthwise_kernel -> depthwise_initializer
            stem = variable.name.removesuffix("_kernel")
            names = (f"{variable.name}_initializer", f"{stem}_initializer")
            found = [getattr(layer, n) for n in names if hasattr(layer, n)]
            init = found[0] if found else keras.initializers.RandomNormal(0, 0.05)
            config = init.get_config()
            if "seed" in config:  # sin semilla fija, dos copias no coincidirían
                config["seed"] = int(rng.integers(2**31 - 1))
            fresh = type(init).from_config(config)
            variable.assign(fresh(variable.shape, variable.dtype))
    return clone


def _ranks(v: np.ndarray) -> np.ndarray:
    """Rango de cada valor, con el promedio de rangos para los empates."""
    order = np.empty(v.size)
    order[np.argsort(v, kind="stable")] = np.arange(v.size)
    _, group = np.unique(v, return_inverse=True)
    return (np.bincount(group, order) / np.bincount(group))[group]


def map_similarity(a: np.ndarray, b: np.ndarray) -> float:
    r"""Correlación de rangos de Spearman entre dos mapas de la misma forma.

    :math:`\rho = \mathrm{corr}(\mathrm{rango}(a), \mathrm{rango}(b))`, la
    correlación de Pearson de los rangos de los píxeles: 1 si ordenan igual las
    regiones, cerca de 0 si no tienen que ver. Un mapa constante no ordena nada:
    su similitud con cualquier otro es 0.
    """
    a = check_array(a, "a", ndim=2, finite=True)
    b = check_array(b, "b", ndim=2, finite=True)
    if a.shape != b.shape:
        raise ValueError(f"`b` debe tener la forma de `a`, {a.shape}; tiene {b.shape}.")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(_ranks(a.ravel()), _ranks(b.ravel()))[0, 1])
