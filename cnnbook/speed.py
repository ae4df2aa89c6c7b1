"""Dónde se va el tiempo: operaciones por capa, pasos medidos y el techo práctico.

Una convolución de :math:`k \\times k` con :math:`C_{in}` canales de entrada,
:math:`C_{out}` filtros y salida de :math:`H \\times W` hace
:math:`H W k^2 C_{in} C_{out}` multiplicaciones y otras tantas sumas: :math:`2 H W
k^2 C_{in} C_{out}` operaciones de punto flotante (FLOP) por imagen. Una capa densa
de :math:`n` entradas y :math:`m` salidas, :math:`2nm`. Entrenar cuesta unas tres
veces la pasada hacia adelante: la pasada misma, el gradiente de los pesos y el de
la entrada de cada capa (que la primera no necesita).

Las capas sin pesos que multiplicar (normalización, ReLU, agrupamiento, suma)
hacen pocas cuentas por byte que leen: no entran en el conteo, pero sí en el
tiempo; por eso los GFLOP/s medidos de una red quedan lejos del techo.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import keras
import numpy as np

from cnnbook.models import _check_model
from cnnbook.validation import check_array, check_int

__all__ = [
    "LayerCost",
    "layer_costs",
    "train_flops",
    "step_seconds",
    "matmul_gflops",
    "augmentation_seconds",
]


@dataclass(frozen=True)
class LayerCost:
    """Una capa con pesos que multiplicar: su nombre, tipo, forma de salida (sin
    el lote) y FLOP por imagen hacia adelante."""

    name: str
    kind: str
    output: tuple[int, ...]
    forward_flops: int


def _layers(model):
    """Las capas en orden, entrando en los submodelos (bloques de aumento)."""
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            yield from _layers(layer)
        else:
            yield layer


def layer_costs(model: keras.Model) -> list[LayerCost]:
    """FLOP por imagen de cada ``Conv2D`` y ``Dense`` de ``model``, en orden."""
    _check_model(model)
    costs = []
    for layer in _layers(model):
        kind = type(layer).__name__
        if kind not in ("Conv2D", "Dense"):
            continue
        out = tuple(int(d) for d in layer.output.shape[1:])
        kernel = layer.kernel.shape
        if kind == "Conv2D":
            kh, kw, c_in, c_out = (int(d) for d in kernel)
            flops = 2 * out[0] * out[1] * kh * kw * c_in * c_out
        else:
            flops = 2 * int(kernel[0]) * int(kernel[1])
        costs.append(LayerCost(layer.name, kind, out, flops))
    if not costs:
        raise ValueError("`model` no tiene capas Conv2D ni Dense que contar.")
    return costs


def train_flops(model: keras.Model) -> int:
    """FLOP por imagen de un paso de entrenamiento: 3 veces la pasada hacia
    adelante de cada capa, salvo la primera (2 veces: la imagen no necesita
    gradiente)."""
    costs = layer_costs(model)
    return sum(c.forward_flops * (2 if i == 0 else 3) for i, c in enumerate(costs))


def step_seconds(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int = 256,
    steps: int = 8,
    repeats: int = 3,
) -> float:
    """Segundos por paso de entrenamiento: mediana de ``repeats`` mediciones de
    ``steps`` pasos con lotes de ``x`` e ``y``, después de un paso de
    calentamiento (que compila el grafo). Entrena de verdad: cambia los pesos
    de ``model``, que debe estar compilado.
    """
    _check_model(model)
    x = check_array(x, "x", ndarray=True)
    y = check_array(y, "y", ndarray=True)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    repeats = check_int(repeats, "repeats", minimum=1)
    if len(x) != len(y) or len(x) < batch_size:
        raise ValueError(
            f"`x` e `y` deben tener el mismo número de ejemplos, al menos "
            f"`batch_size`={batch_size}; tienen {len(x)} y {len(y)}."
        )
    if getattr(model, "optimizer", None) is None or not model.compiled:
        raise ValueError("`model` debe estar compilado para medir sus pasos.")
    batch = (x[:batch_size], y[:batch_size])
    model.train_on_batch(*batch)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            model.train_on_batch(*batch)
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times)


def matmul_gflops(size: int = 2048, repeats: int = 5) -> float:
    """GFLOP/s de una multiplicación de matrices de ``size`` x ``size`` en
    float32 con Keras: el techo práctico de esta máquina (la mejor de
    ``repeats`` mediciones)."""
    size = check_int(size, "size", minimum=64, maximum=8192)
    repeats = check_int(repeats, "repeats", minimum=1)
    rng = np.random.default_rng(0)
    a = keras.ops.convert_to_tensor(rng.random((size, size), dtype=np.float32))
    b = keras.ops.convert_to_tensor(rng.random((size, size), dtype=np.float32))
    keras.ops.convert_to_numpy(keras.ops.matmul(a, b))  # calentamiento
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        keras.ops.convert_to_numpy(keras.ops.matmul(a, b))
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def augmentation_seconds(block: keras.Layer, x: np.ndarray, repeats: int = 5) -> float:
    """Segundos que tarda ``block`` en transformar el lote ``x`` al entrenar: la
    mejor de ``repeats`` mediciones, dentro de un grafo de TensorFlow como en
    ``model.fit`` (en modo ansioso se mediría también el costo de lanzar cada
    operación desde Python)."""
    import tensorflow as tf

    if not isinstance(block, keras.Layer):
        raise TypeError(
            f"`block` debe ser una capa o un modelo de Keras; es {type(block).__name__}."
        )
    x = check_array(x, "x", ndim=4, ndarray=True)
    repeats = check_int(repeats, "repeats", minimum=1)
    run = tf.function(lambda v: block(v, training=True))
    x = tf.constant(x, dtype="float32")
    run(x).numpy()  # calentamiento: traza el grafo
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run(x).numpy()
        best = min(best, time.perf_counter() - start)
    return best
