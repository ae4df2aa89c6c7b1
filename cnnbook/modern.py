"""Más allá de la clase: las piezas de una red convolucional moderna para fotos.

Cada idea de la Parte II es un argumento de :func:`modern_cnn` o de
:func:`compile_modern`, para que una lección pueda agregarlas de a una y medir
qué aporta cada una:

* pilas de convoluciones de 3 x 3 por etapa, al estilo VGG (``widths``,
  ``convs_per_stage``);
* normalización por lotes (*batch normalization*, ``batchnorm``);
* conexiones residuales (``residual``) y promedio global (``global_pool``);
* *dropout* antes de la salida (``dropout``);
* un aumento de datos propio de fotos: recorte aleatorio con relleno y espejo
  horizontal (:func:`photo_augmentation`);
* SGD con momento, decaimiento de pesos, suavizado de etiquetas y una tasa de
  aprendizaje con calentamiento y caída coseno (:func:`compile_modern`).

Los modelos se devuelven sin compilar, como en :mod:`cnnbook.models`.
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
from keras import layers

from cnnbook.models import _check_model, _image_shape
from cnnbook.validation import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_int_tuple,
    check_real,
)

__all__ = [
    "PRECISIONS",
    "fast_precision",
    "photo_augmentation",
    "modern_cnn",
    "warmup_cosine",
    "compile_modern",
    "predict_with_flip",
]


#: Precisiones que acepta :func:`modern_cnn`: todo en float32, o la precisión
#: mixta de Keras (cálculos en bfloat16, pesos y salida en float32).
PRECISIONS = ("float32", "mixed_bfloat16")


def fast_precision(cpuinfo: str | Path = "/proc/cpuinfo") -> str:
    """``"mixed_bfloat16"`` si el procesador multiplica bfloat16 en hardware.

    Sólo las instrucciones AVX-512 BF16 o AMX hacen rápida la precisión mixta
    en una CPU; sin ellas, TensorFlow la emula y es más lenta que float32. La
    respuesta depende sólo del procesador (no de una medición de tiempo), así
    que dos construcciones en la misma máquina eligen lo mismo.
    """
    if not isinstance(cpuinfo, (str, Path)):
        raise TypeError(
            f"`cpuinfo` debe ser la ruta de un archivo; se recibió {cpuinfo!r}."
        )
    path = Path(cpuinfo)
    try:
        flags = set(path.read_text(errors="replace").split())
    except OSError:
        return "float32"  # sin /proc/cpuinfo (macOS, Windows): lo seguro
    return "mixed_bfloat16" if flags & {"avx512_bf16", "amx_bf16"} else "float32"


def photo_augmentation(
    input_shape: tuple[int, ...] = (32, 32, 3),
    shift: int = 4,
    flip: bool = True,
    seed: int = 0,
) -> keras.Sequential:
    """Aumento de datos para fotos: traslación entera con bordes de ceros y espejo.

    Trasladar hasta ``shift`` píxeles en cada eje, rellenando con ceros, es lo
    mismo que el clásico "rellenar con ``shift`` píxeles y recortar al azar una
    ventana del tamaño original"; la interpolación ``nearest`` mantiene los
    píxeles sin mezclar. El espejo horizontal no cambia la clase de una foto
    (un gato mirando a la izquierda sigue siendo un gato), a diferencia de un
    dígito. Como todas las capas aleatorias de Keras, sólo actúa al entrenar.
    """
    height, width, _ = _image_shape(input_shape)
    shift = check_int(shift, "shift", minimum=0, maximum=min(height, width) // 2)
    check_bool(flip, "flip")
    seed = check_int(seed, "seed", minimum=0)
    steps = []
    if shift:
        steps.append(
            layers.RandomTranslation(
                shift / height,
                shift / width,
                fill_mode="constant",
                interpolation="nearest",
                seed=seed,
                name="traslacion",
            )
        )
    if flip:
        steps.append(layers.RandomFlip("horizontal", seed=seed + 1, name="espejo"))
    if not steps:
        raise ValueError("con `shift`=0 y `flip`=False el aumento no haría nada.")
    return keras.Sequential(steps, name="aumento_fotos")


def _conv(x, width: int, batchnorm: bool, name: str, relu: bool = True):
    # Con normalización por lotes el sesgo de la convolución sobra: lo absorbe beta.
    x = layers.Conv2D(width, 3, padding="same", use_bias=not batchnorm, name=name)(x)
    if batchnorm:
        # Momento 0.9 para los promedios de la inferencia (el de Keras es 0.99):
        # con 0.99, tras 79 actualizaciones aún pesan 45 % los valores iniciales
        # (media 0, varianza 1) y la red evaluada no se parece a la entrenada.
        x = layers.BatchNormalization(momentum=0.9, name=f"{name}_bn")(x)
    return layers.ReLU(name=f"{name}_relu")(x) if relu else x


def _stage(x, index: int, width: int, convs: int, batchnorm: bool, residual: bool):
    """Una etapa: ``convs`` convoluciones de 3 x 3 y un *max pooling* de 2."""
    x = _conv(x, width, batchnorm, f"etapa{index}_conv1")
    if residual:
        # La primera convolución cambia el ancho; las demás forman una rama que se
        # suma a su entrada (identidad), como en ResNet.
        branch = x
        for j in range(2, convs + 1):
            branch = _conv(branch, width, batchnorm, f"etapa{index}_conv{j}")
        x = layers.Add(name=f"etapa{index}_suma")([x, branch])
    else:
        for j in range(2, convs + 1):
            x = _conv(x, width, batchnorm, f"etapa{index}_conv{j}")
    return layers.MaxPooling2D(2, name=f"etapa{index}_pool")(x)


def modern_cnn(
    input_shape: tuple[int, ...] = (32, 32, 3),
    num_classes: int = 10,
    widths: tuple[int, ...] = (64, 128, 256),
    convs_per_stage: int = 2,
    batchnorm: bool = True,
    residual: bool = False,
    global_pool: bool = False,
    dropout: float = 0.0,
    augment: bool = False,
    seed: int = 0,
    precision: str = "float32",
) -> keras.Model:
    """Red convolucional por etapas: cada etapa, ``convs_per_stage`` capas de 3 x 3.

    Una etapa por número de ``widths`` (los filtros de sus convoluciones), cada
    una seguida de *max pooling* de 2: la imagen se reduce a la mitad y el número
    de filtros suele duplicarse. La cabeza aplana los mapas (como LeNet-5) o, con
    ``global_pool``, promedia cada mapa en un solo número, y termina en una capa
    densa *softmax* llamada ``salida``.

    Parameters
    ----------
    widths : tuple of int
        Filtros de cada etapa.
    convs_per_stage : int
        Convoluciones de 3 x 3 por etapa (dos de 3 x 3 ven lo mismo que una de
        5 x 5, con menos pesos).
    batchnorm : bool
        Normalización por lotes después de cada convolución.
    residual : bool
        Suma la entrada de cada etapa (tras su primera convolución) a la salida
        de las demás; necesita ``convs_per_stage >= 2``.
    global_pool : bool
        Promedio global en lugar de aplanar.
    dropout : float
        Fracción de unidades apagadas antes de la salida, en ``[0, 1)``.
    augment : bool
        Antepone :func:`photo_augmentation`.
    seed : int
        Semilla del aumento.
    precision : {"float32", "mixed_bfloat16"}
        Con ``"mixed_bfloat16"``, las capas calculan en bfloat16 y guardan sus
        pesos en float32 (precisión mixta); la salida sigue en float32.
    """
    input_shape = _image_shape(input_shape)
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    widths = check_int_tuple(widths, "widths")
    convs_per_stage = check_int(
        convs_per_stage, "convs_per_stage", minimum=1, maximum=8
    )
    for flag, name in (
        (batchnorm, "batchnorm"),
        (residual, "residual"),
        (global_pool, "global_pool"),
        (augment, "augment"),
    ):
        check_bool(flag, name)
    dropout = check_real(dropout, "dropout", minimum=0, maximum=0.95)
    seed = check_int(seed, "seed", minimum=0)
    check_choice(precision, "precision", PRECISIONS)
    if residual and convs_per_stage < 2:
        raise ValueError(
            "`convs_per_stage` debe ser al menos 2 con `residual`=True: la rama "
            f"residual necesita una convolución además de la primera; es {convs_per_stage}."
        )
    side = min(input_shape[:2])
    if side < 2 ** len(widths):
        raise ValueError(
            f"con `widths` de {len(widths)} etapas la imagen debe medir al menos "
            f"{2 ** len(widths)} px (cada etapa la reduce a la mitad); mide {side}."
        )
    # Las capas toman la política de precisión vigente al crearse; se restaura
    # la anterior aunque algo falle.
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(precision)
    try:
        return _network(
            input_shape,
            num_classes,
            widths,
            convs_per_stage,
            batchnorm,
            residual,
            global_pool,
            dropout,
            augment,
            seed,
        )
    finally:
        keras.config.set_dtype_policy(previous)


def _network(
    input_shape,
    num_classes,
    widths,
    convs,
    batchnorm,
    residual,
    global_pool,
    dropout,
    augment,
    seed,
):
    inputs = keras.Input(shape=input_shape, name="imagen")
    x = photo_augmentation(input_shape, seed=seed)(inputs) if augment else inputs
    for i, width in enumerate(widths, start=1):
        x = _stage(x, i, width, convs, batchnorm, residual)
    if global_pool:
        x = layers.GlobalAveragePooling2D(name="promedio_global")(x)
    else:
        x = layers.Flatten(name="aplanar")(x)
    if dropout:
        x = layers.Dropout(dropout, seed=seed, name="dropout")(x)
    # La salida siempre en float32: con precisión mixta (bfloat16) la softmax y
    # la pérdida necesitan la precisión completa.
    outputs = layers.Dense(
        num_classes, activation="softmax", dtype="float32", name="salida"
    )(x)
    return keras.Model(inputs, outputs, name="cnn_moderna")


def warmup_cosine(
    learning_rate: float, total_steps: int, warmup_fraction: float = 0.2
) -> keras.optimizers.schedules.LearningRateSchedule:
    """Tasa que sube de 0 a ``learning_rate`` y luego baja a 0 con medio coseno.

    El calentamiento (*warm-up*) dura ``warmup_fraction`` de las
    ``total_steps`` actualizaciones; se puede evaluar en cualquier paso, por
    ejemplo para dibujarla: ``float(schedule(step))``.
    """
    learning_rate = check_real(
        learning_rate, "learning_rate", positive=True, maximum=10
    )
    total_steps = check_int(total_steps, "total_steps", minimum=1)
    warmup_fraction = check_real(
        warmup_fraction, "warmup_fraction", minimum=0, maximum=0.9
    )
    warmup = int(round(warmup_fraction * total_steps))
    return keras.optimizers.schedules.CosineDecay(
        0.0,
        decay_steps=max(total_steps - warmup, 1),
        warmup_target=learning_rate,
        warmup_steps=warmup,
    )


def compile_modern(
    model: keras.Model,
    *,
    learning_rate: float = 0.1,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
    label_smoothing: float = 0.0,
    schedule: str = "constant",
    epochs: int = 1,
    steps_per_epoch: int = 1,
    warmup_fraction: float = 0.2,
) -> keras.Model:
    """Compila con SGD con momento y, si se pide, una tasa con calentamiento.

    Parameters
    ----------
    learning_rate : float
        Tasa (la máxima, con ``schedule="cosine"``).
    momentum : float
        Momento de SGD en ``[0, 1)``; 0 es el SGD de la clase.
    weight_decay : float
        Decaimiento de pesos (*weight decay*): en cada actualización, además del
        paso del gradiente, los pesos se multiplican por ``1 - tasa *
        weight_decay``.
    label_smoothing : float
        Suavizado de etiquetas: la etiqueta *one-hot* ``y`` pasa a
        ``(1 - s) * y + s / clases``.
    schedule : {"constant", "cosine"}
        ``"cosine"``: sube linealmente de 0 a ``learning_rate`` durante
        ``warmup_fraction`` de las ``epochs * steps_per_epoch`` actualizaciones y
        luego baja hasta 0 siguiendo medio coseno.
    """
    _check_model(model)
    learning_rate = check_real(
        learning_rate, "learning_rate", positive=True, maximum=10
    )
    momentum = check_real(momentum, "momentum", minimum=0, maximum=0.999)
    weight_decay = check_real(weight_decay, "weight_decay", minimum=0, maximum=0.1)
    label_smoothing = check_real(
        label_smoothing, "label_smoothing", minimum=0, maximum=0.5
    )
    check_choice(schedule, "schedule", ("constant", "cosine"))
    epochs = check_int(epochs, "epochs", minimum=1)
    steps_per_epoch = check_int(steps_per_epoch, "steps_per_epoch", minimum=1)
    warmup_fraction = check_real(
        warmup_fraction, "warmup_fraction", minimum=0, maximum=0.9
    )
    rate = learning_rate
    if schedule == "cosine":
        rate = warmup_cosine(learning_rate, epochs * steps_per_epoch, warmup_fraction)
    model.compile(
        optimizer=keras.optimizers.SGD(
            learning_rate=rate,
            momentum=momentum,
            nesterov=momentum > 0,
            weight_decay=weight_decay or None,
        ),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=label_smoothing),
        metrics=["accuracy"],
    )
    return model


def predict_with_flip(
    model: keras.Model, x: np.ndarray, batch_size: int = 1024
) -> np.ndarray:
    """Probabilidades promediadas de cada imagen y de su espejo horizontal.

    Es el aumento en la prueba (*test-time augmentation*) más barato: dos
    pasadas hacia adelante, ningún entrenamiento.
    """
    _check_model(model)
    x = check_array(x, "x", ndim=4, ndarray=True)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    plain = model.predict(x, batch_size=batch_size, verbose=0)
    mirrored = model.predict(x[:, :, ::-1], batch_size=batch_size, verbose=0)
    return (plain + mirrored) / 2
