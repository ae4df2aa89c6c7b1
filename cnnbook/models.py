"""Los modelos de Keras de la clase, escritos para leerse.

Cada función devuelve un modelo *sin compilar*: el optimizador y la pérdida se
eligen en la lección, a la vista del lector.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from cnnbook.validation import (
    check_bool,
    check_choice,
    check_int,
    check_int_tuple,
    check_real,
    check_shape,
)

__all__ = [
    "mlp",
    "lenet5",
    "small_cnn",
    "one_conv",
    "lenet5_improved",
    "augmentation",
    "compile_classifier",
    "summary",
]


def _image_shape(input_shape) -> tuple[int, int, int]:
    """``input_shape`` de una red convolucional: ``(alto, ancho, canales)``."""
    shape = check_shape(input_shape, "input_shape")
    if len(shape) != 3:
        raise ValueError(
            f"`input_shape` debe ser (alto, ancho, canales); se recibió {input_shape!r}."
        )
    return shape


def _check_model(model) -> keras.Model:
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"`model` debe ser un keras.Model; se recibió {type(model).__name__}."
        )
    return model


def _lenet_head(x, num_classes: int):
    """La cabeza densa de LeNet-5: aplanar -> 120 -> 84 -> salida softmax."""
    x = layers.Flatten(name="aplanar")(x)
    x = layers.Dense(120, activation="relu", name="densa_1")(x)
    x = layers.Dense(84, activation="relu", name="densa_2")(x)
    return layers.Dense(num_classes, activation="softmax", name="salida")(x)


def mlp(
    input_shape: tuple[int, ...] = (28, 28, 1),
    hidden: tuple[int, ...] = (200, 150),
    num_classes: int = 10,
) -> keras.Model:
    """Perceptrón multicapa de la clase: aplanar -> densas ReLU -> softmax.

    Con la entrada de MNIST ``(28, 28, 1)`` es la red 784-200-150-10 de
    188,660 parámetros.

    Parameters
    ----------
    input_shape : tuple of int
        Forma de una imagen, por ejemplo ``(28, 28, 1)`` o ``(32, 32, 3)``.
    hidden : tuple of int
        Neuronas de cada capa oculta.
    num_classes : int
        Número de clases (neuronas de la capa de salida).
    """
    input_shape = check_shape(input_shape, "input_shape")
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    hidden = check_int_tuple(hidden, "hidden", allow_empty=True)
    inputs = keras.Input(shape=input_shape, name="imagen")
    # Aplanar: aquí se pierde la estructura espacial; la capa densa ve un vector.
    x = layers.Flatten(name="aplanar")(inputs)
    for i, units in enumerate(hidden, start=1):
        x = layers.Dense(units, activation="relu", name=f"densa_{i}")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="salida")(x)
    return keras.Model(inputs, outputs, name="mlp")


def lenet5(
    input_shape: tuple[int, ...] = (28, 28, 1), num_classes: int = 10, padding: int = 0
) -> keras.Model:
    """LeNet-5 en la variante de la clase (ReLU en lugar de sigmoide o tanh).

    conv 6@5x5 -> max pool 2 -> conv 16@5x5 -> max pool 2 -> densa 120 -> 84 -> salida.
    Con entrada ``(28, 28, 1)`` tiene 44,426 parámetros.

    Parameters
    ----------
    padding : int
        Borde de ceros que se agrega a la entrada antes de la primera convolución
        (con 2, un dígito de 28 x 28 queda de 32 x 32, el tamaño del artículo
        original).
    """
    input_shape = _image_shape(input_shape)
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    padding = check_int(padding, "padding", minimum=0)
    if min(input_shape[:2]) + 2 * padding < 16:
        raise ValueError(
            "`input_shape` (más el borde) debe medir al menos 16 x 16 para las dos "
            f"convoluciones 5x5 y los dos agrupamientos; se recibió {input_shape!r}."
        )
    inputs = keras.Input(shape=input_shape, name="imagen")
    x = inputs
    if padding:
        x = layers.ZeroPadding2D(padding, name="borde")(x)
    x = layers.Conv2D(6, 5, activation="relu", name="conv_1")(x)
    x = layers.MaxPooling2D(2, name="pool_1")(x)
    x = layers.Conv2D(16, 5, activation="relu", name="conv_2")(x)
    x = layers.MaxPooling2D(2, name="pool_2")(x)
    outputs = _lenet_head(x, num_classes)
    return keras.Model(inputs, outputs, name="lenet5")


def one_conv(
    input_shape: tuple[int, ...] = (28, 28, 1),
    filters: int = 8,
    kernel_size: int = 3,
    num_classes: int = 10,
) -> keras.Model:
    """La red convolucional más simple: una capa convolucional y la salida.

    conv ``kernel_size`` x ``kernel_size`` (``filters`` filtros, ReLU) -> aplanar
    -> densa softmax. Sin agrupamiento ni más capas: lo que usa sólo lo enseñan
    los capítulos 1 y 2. La lección «De filtros hechos a mano a filtros
    aprendidos» la entrena para ver qué filtros aprende.

    >>> tuple(one_conv().get_layer("conv_1").kernel.shape)
    (3, 3, 1, 8)
    """
    input_shape = _image_shape(input_shape)
    filters = check_int(filters, "filters", minimum=1)
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    if kernel_size > min(input_shape[:2]):
        raise ValueError(
            f"kernel_size debe caber en la imagen ({input_shape[0]} x "
            f"{input_shape[1]}); recibí {kernel_size}."
        )
    return keras.Sequential(
        [
            keras.Input(input_shape, name="imagen"),
            layers.Conv2D(filters, kernel_size, activation="relu", name="conv_1"),
            layers.Flatten(name="aplanar"),
            layers.Dense(num_classes, activation="softmax", name="salida"),
        ],
        name="una_convolucion",
    )


def small_cnn(
    input_shape: tuple[int, ...] = (28, 28, 1), num_classes: int = 10
) -> keras.Model:
    """Red convolucional pequeña del capítulo 3.

    (conv 3x3 -> ReLU -> max pool 2) con 8 y luego 16 filtros -> aplanar -> salida.
    La lección «Apilamiento» la construye capa por capa; este constructor es la
    misma red, para reutilizarla en otras lecciones.
    """
    input_shape = _image_shape(input_shape)
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    return keras.Sequential(
        [
            keras.Input(input_shape, name="imagen"),
            layers.Conv2D(8, 3, name="conv_1"),
            layers.ReLU(name="relu_1"),
            layers.MaxPooling2D(2, name="pool_1"),
            layers.Conv2D(16, 3, name="conv_2"),
            layers.ReLU(name="relu_2"),
            layers.MaxPooling2D(2, name="pool_2"),
            layers.Flatten(name="aplanar"),
            layers.Dense(num_classes, activation="softmax", name="salida"),
        ],
        name="cnn_pequena",
    )


#: Los factores del bloque de la clase, en las unidades de Keras: traslación como
#: fracción del lado, rotación como fracción de vuelta, zoom y cizallamiento.
AUGMENTATION_FACTORS = {"translation": 0.08, "rotation": 0.1, "zoom": 0.1, "shear": 0.1}


def augmentation(seed: int = 0) -> keras.Sequential:
    """Bloque de aumento de datos de la clase, como una capa más del modelo.

    Traslación (factor 0.08), rotación (0.1), acercar y alejar (*zoom*, 0.1) y
    cizallamiento (*shear*, 0.1; sólo horizontal, con pivote en la fila de arriba),
    rellenando con ceros lo que queda fuera de la imagen.
    Las capas aleatorias de Keras sólo actúan durante el entrenamiento: en la
    inferencia el bloque deja pasar la imagen sin cambios.

    Ojo con las unidades: Keras interpreta el factor de traslación como una
    fracción del lado de la imagen (0.08 de 32 px son hasta 2.56 px) y el de
    rotación como una fracción de una vuelta completa (0.1 de 360° son hasta 36°).

    Parameters
    ----------
    seed : int
        Semilla de las transformaciones aleatorias (cada capa usa ``seed + i``).
    """
    seed = check_int(seed, "seed", minimum=0)
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    f = AUGMENTATION_FACTORS
    return keras.Sequential(
        [
            layers.RandomTranslation(
                f["translation"], f["translation"], seed=seed, **fill
            ),
            layers.RandomRotation(f["rotation"], seed=seed + 1, **fill),
            layers.RandomZoom(f["zoom"], seed=seed + 2, **fill),
            layers.RandomShear(x_factor=f["shear"], seed=seed + 3, **fill),
        ],
        name="aumento",
    )


def lenet5_improved(
    input_shape: tuple[int, ...] = (28, 28, 1),
    num_classes: int = 10,
    padding: int = 2,
    filters: tuple[int, ...] = (16, 32, 64),
    augment: bool = True,
    seed: int = 0,
) -> keras.Model:
    """La configuración mejorada de LeNet-5 de la clase.

    Borde de ceros de ``padding`` píxeles (28 x 28 -> 32 x 32), aumento de datos
    opcional, una capa conv 5x5 ``same`` + ReLU + max pool 2 por cada número de
    ``filters``, y la misma cabeza densa 120 -> 84 -> salida.

    Con los valores por omisión reproduce el modelo de la clase; cambiando
    ``padding``, ``filters`` o ``augment`` se aísla el efecto de cada mejora.
    """
    input_shape = _image_shape(input_shape)
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    padding = check_int(padding, "padding", minimum=0)
    filters = check_int_tuple(filters, "filters")
    check_bool(augment, "augment")
    side = min(input_shape[:2]) + 2 * padding
    if side < 2 ** len(filters):
        raise ValueError(
            f"con `filters` de {len(filters)} capas la imagen (con borde) debe medir al "
            f"menos {2 ** len(filters)} px; mide {side}."
        )
    inputs = keras.Input(shape=input_shape, name="imagen")
    x = inputs
    if padding:
        # Dar "aire" al dígito: lo que se traslade no se sale de la imagen.
        x = layers.ZeroPadding2D(padding, name="borde")(x)
    if augment:
        x = augmentation(seed)(x)
    for i, n_filters in enumerate(filters, start=1):
        x = layers.Conv2D(
            n_filters, 5, padding="same", activation="relu", name=f"conv_{i}"
        )(x)
        x = layers.MaxPooling2D(2, name=f"pool_{i}")(x)
    outputs = _lenet_head(x, num_classes)
    return keras.Model(inputs, outputs, name="lenet5_mejorada")


def compile_classifier(
    model: keras.Model, optimizer: str = "adam", learning_rate: float = 5e-4
) -> keras.Model:
    """Compila ``model`` para clasificar con etiquetas *one-hot*, como en la clase.

    Pérdida: entropía cruzada categórica (``categorical_crossentropy``); métrica:
    exactitud (``accuracy``).

    Parameters
    ----------
    optimizer : {"adam", "sgd"}
        Adam (el de los MLP de la clase) o descenso de gradiente estocástico (el
        de LeNet-5).
    learning_rate : float
        Tasa de aprendizaje.

    Returns
    -------
    keras.Model
        El mismo modelo, ya compilado (para poder encadenar la llamada).
    """
    _check_model(model)
    optimizers = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}
    check_choice(optimizer, "optimizer", optimizers)
    # Un tope razonable: una tasa mayor que 10 sólo puede ser un error de tecleo.
    learning_rate = check_real(
        learning_rate, "learning_rate", positive=True, maximum=10
    )
    model.compile(
        optimizer=optimizers[optimizer](learning_rate=learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def summary(model: keras.Model) -> str:
    """Resumen en español de un modelo: capas, forma de salida y parámetros.

    Equivale a ``model.summary()`` de Keras, con los encabezados traducidos. Los
    miles se separan con coma, como en la clase.

    Returns
    -------
    str
        La tabla, lista para ``print``.
    """
    _check_model(model)
    rows = [("Capa (tipo)", "Forma de salida", "Parámetros")]
    for layer in model.layers:
        output = getattr(layer, "output", None)
        shape = "?" if output is None else str(tuple(output.shape))
        rows.append(
            (
                f"{layer.name} ({type(layer).__name__})",
                shape,
                f"{layer.count_params():,}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    rule = "─" * (sum(widths) + 6)
    lines = [f"Modelo: {model.name}", rule]
    for i, row in enumerate(rows):
        lines.append(
            f"{row[0]:<{widths[0]}}   {row[1]:<{widths[1]}}   {row[2]:>{widths[2]}}"
        )
        if i == 0:
            lines.append(rule)
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    total = model.count_params()
    lines += [
        rule,
        f"Parámetros totales: {total:,}",
        f"Parámetros entrenables: {trainable:,}",
        f"Parámetros no entrenables: {total - trainable:,}",
    ]
    return "\n".join(lines)
