"""Operaciones de referencia de una red convolucional, escritas en NumPy puro.

Este módulo existe para *enseñar*: cada función reproduce, con NumPy y sin
TensorFlow, lo que hace la capa correspondiente de Keras, de modo que una
lección pueda mostrar la cuenta completa y compararla con la biblioteca.

Convenciones
------------
* Las imágenes se guardan como ``(H, W)`` (un canal) o ``(H, W, C)``
  (canales al final, como Keras). No hay dimensión de lote.
* Los núcleos (*kernels*) se guardan como ``(kH, kW)``, ``(kH, kW, C)`` o
  ``(kH, kW, C, F)``, el mismo orden que usa Keras para los pesos de
  ``Conv2D``.
* La "convolución" es la de las bibliotecas de aprendizaje profundo, es decir,
  una correlación cruzada: el núcleo **no** se invierte.
* Las cuentas de convolución y de promedio se hacen en ``float64``, para que
  la referencia sea más precisa que la versión ``float32`` de TensorFlow.
* Las entradas se validan: arreglos booleanos, complejos, de texto o de
  objetos se rechazan con un mensaje en español, en lugar de convertirlos en
  silencio.

Organización: ``padding`` (relleno y tamaño de salida), ``conv`` (convolución),
``pool`` (agrupación y ReLU) y ``kernels`` (núcleos clásicos). Todo lo público
se importa desde aquí: ``from cnnbook import ops; ops.conv2d(...)``.
"""

from __future__ import annotations

from cnnbook.ops.conv import conv2d, conv2d_loop
from cnnbook.ops.kernels import KERNELS, SLIDE_KERNELS
from cnnbook.ops.padding import output_size, pad
from cnnbook.ops.pool import avg_pool, max_pool, relu

__all__ = [
    "conv2d",
    "conv2d_loop",
    "output_size",
    "pad",
    "max_pool",
    "avg_pool",
    "relu",
    "KERNELS",
    "SLIDE_KERNELS",
]
