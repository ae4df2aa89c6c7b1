"""Los modelos de Keras de la clase, escritos para leerse.

Cada función devuelve un modelo *sin compilar*: el optimizador y la pérdida se
eligen en la lección, a la vista del lector.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

__all__ = [
    "mlp",
    "lenet5",
    "small_cnn",
    "lenet5_improved",
    "augmentation",
    "compile_classifier",
    "summary",
]


def _check_shape(input_shape) -> tuple[int, ...]:
    if (
        not isinstance(input_shape, tuple)
        or not 1 <= len(input_shape) <= 3
        or not all(
            isinstance(d, int) and not isinstance(d, bool) and d > 0
            for d in input_shape
        )
    ):
        raise ValueError(
            "`input_shape` debe ser una tupla de 1 a 3 enteros positivos, por ejemplo "
            f"(28, 28, 1); se recibió {input_shape!r}."
        )
    return input_shape


def _check_classes(num_classes) -> int:
    if (
        isinstance(num_classes, bool)
        or not isinstance(num_classes, int)
        or num_classes < 2
    ):
        raise ValueError(
            f"`num_classes` debe ser un entero mayor o igual que 2; se recibió {num_classes!r}."
        )
    return num_classes


def mlp(
    input_shape: tuple[int, ...] = (28, 28, 1),
    hidden: tuple[int, ...] = (200, 150),
    num_classes: int = 10,
) -> keras.Model:
    """Perceptrón multicapa de la clase: aplanar -> densas ReLU -> softmax.

    Con la entrada de MNIST ``(28, 28, 1)`` es la red 784-200-150-10 de
    188 660 parámetros.

    Parameters
    ----------
    input_shape : tuple of int
        Forma de una imagen, por ejemplo ``(28, 28, 1)`` o ``(32, 32, 3)``.
    hidden : tuple of int
        Neuronas de cada capa oculta.
    num_classes : int
        Número de clases (neuronas de la capa de salida).
    """
    _check_shape(input_shape)
    _check_classes(num_classes)
    if not isinstance(hidden, tuple) or not all(
        isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden
    ):
        raise ValueError(
            f"`hidden` debe ser una tupla de enteros positivos; se recibió {hidden!r}."
        )
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
    Con entrada ``(28, 28, 1)`` tiene 44 426 parámetros.

    Parameters
    ----------
    padding : int
        Borde de ceros que se agrega a la entrada antes de la primera convolución
        (con 2, un dígito de 28 x 28 queda de 32 x 32, el tamaño del artículo
        original).
    """
    _check_shape(input_shape)
    _check_classes(num_classes)
    if len(input_shape) != 3:
        raise ValueError(
            f"`input_shape` debe ser (alto, ancho, canales); se recibió {input_shape!r}."
        )
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(f"`padding` debe ser un entero >= 0; se recibió {padding!r}.")
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
    x = layers.Flatten(name="aplanar")(x)
    x = layers.Dense(120, activation="relu", name="densa_1")(x)
    x = layers.Dense(84, activation="relu", name="densa_2")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="salida")(x)
    return keras.Model(inputs, outputs, name="lenet5")


def small_cnn(
    input_shape: tuple[int, ...] = (28, 28, 1), num_classes: int = 10
) -> keras.Model:
    """Red convolucional pequeña del capítulo 3.

    (conv 3x3 -> ReLU -> max pool 2) con 8 y luego 16 filtros -> aplanar -> salida.
    La lección «Apilamiento» la construye capa por capa; este constructor es la
    misma red, para reutilizarla en otras lecciones.
    """
    _check_shape(input_shape)
    _check_classes(num_classes)
    if len(input_shape) != 3:
        raise ValueError(
            f"`input_shape` debe ser (alto, ancho, canales); se recibió {input_shape!r}."
        )
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


def augmentation(seed: int = 0) -> keras.Sequential:
    """Bloque de aumento de datos de la clase, como una capa más del modelo.

    Traslación (factor 0.08), rotación (0.1), acercamiento (*zoom*, 0.1) e
    inclinación (*shear*, 0.1), rellenando con ceros lo que queda fuera de la imagen.
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
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"`seed` debe ser un entero no negativo; se recibió {seed!r}.")
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    return keras.Sequential(
        [
            layers.RandomTranslation(0.08, 0.08, seed=seed, **fill),
            layers.RandomRotation(0.1, seed=seed + 1, **fill),
            layers.RandomZoom(0.1, seed=seed + 2, **fill),
            layers.RandomShear(x_factor=0.1, seed=seed + 3, **fill),
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
    _check_shape(input_shape)
    _check_classes(num_classes)
    if len(input_shape) != 3:
        raise ValueError(
            f"`input_shape` debe ser (alto, ancho, canales); se recibió {input_shape!r}."
        )
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(f"`padding` debe ser un entero >= 0; se recibió {padding!r}.")
    if (
        not isinstance(filters, tuple)
        or not filters
        or not all(
            isinstance(f, int) and not isinstance(f, bool) and f > 0 for f in filters
        )
    ):
        raise ValueError(
            f"`filters` debe ser una tupla no vacía de enteros positivos; se recibió {filters!r}."
        )
    if not isinstance(augment, bool):
        raise TypeError(f"`augment` debe ser True o False; se recibió {augment!r}.")
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
    x = layers.Flatten(name="aplanar")(x)
    x = layers.Dense(120, activation="relu", name="densa_1")(x)
    x = layers.Dense(84, activation="relu", name="densa_2")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="salida")(x)
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
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"`model` debe ser un keras.Model; se recibió {type(model).__name__}."
        )
    optimizers = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}
    if optimizer not in optimizers:
        raise ValueError(
            f"`optimizer` debe ser uno de {sorted(optimizers)}; se recibió {optimizer!r}."
        )
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, (int, float))
        or not 0 < learning_rate < 10
    ):
        raise ValueError(
            "`learning_rate` debe ser un número positivo (y razonable, menor que 10); "
            f"se recibió {learning_rate!r}."
        )
    model.compile(
        optimizer=optimizers[optimizer](learning_rate=float(learning_rate)),
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
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"`model` debe ser un keras.Model; se recibió {type(model).__name__}."
        )
    rows = [("Capa (tipo)", "Forma de salida", "Parámetros")]
    for layer in model.layers:
        shape = getattr(layer, "output", None)
        shape = (
            "?" if shape is None else str(tuple(shape.shape)).replace("None", "None")
        )
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
