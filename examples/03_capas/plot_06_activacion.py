r"""
Función de activación
=====================

Sin no linealidad, dos convoluciones son una sola; ReLU, sigmoide y tanh comparadas.

**Lo que aprenderás**

* Por qué hace falta una función no lineal después de cada :term:`convolución`: dos
  convoluciones seguidas sin activación son, exactamente, una sola convolución
  más grande.
* Cómo son ReLU, la sigmoide y la tangente hiperbólica, y sus derivadas.
* Cuánto cuesta calcular cada una.
"""

# %%
# Dos convoluciones lineales son una sola
# ---------------------------------------
# Sin activación, una convolución es una operación lineal: multiplica y suma,
# y luego agrega el sesgo,
#
# .. math::
#
#    S(i, j) = \sum_{m, n} K(m, n)\, I(i + m, j + n) + b ,
#
# con :math:`(m, n)` recorriendo el kernel e :math:`(i, j)` la posición en la
# salida. (La clase escribe la misma suma como
# :math:`\sum_{i,j} W_{i,j} \cdot X_{i,j} + b`: sus :math:`i, j` recorren el
# kernel :math:`W` y el trozo de imagen :math:`X` que cubre; en este libro los
# índices del kernel son siempre :math:`m, n`.)
#
# Si aplicamos un kernel :math:`K_1` y luego otro :math:`K_2`, cada valor de la
# salida sigue siendo una suma de píxeles de la imagen multiplicados por
# productos :math:`K_2(m_2, n_2)\, K_1(m_1, n_1)`; el píxel
# :math:`I(i + m_2 + m_1, j + n_2 + n_1)` recibe todos los productos con la
# misma :math:`m_1 + m_2` y :math:`n_1 + n_2`. Eso es un solo kernel :math:`K`,
# de :math:`5 \times 5` si los dos son de :math:`3 \times 3`:
#
# .. math::
#
#    K(m, n) = \sum_{m_1 + m_2 = m} \; \sum_{n_1 + n_2 = n}
#    K_2(m_2, n_2)\, K_1(m_1, n_1),
#
# que es la convolución "completa" (*full*) de los dos kernels. El sesgo
# combinado es :math:`b_1 \sum K_2 + b_2`.
import timeit

import keras
import matplotlib.pyplot as plt
import numpy as np
import skimage.data
import tensorflow as tf

from cnnbook import claims, config, data, ops, plots

print(config.profile().describe())


def combine(k1, k2):
    """Kernel equivalente a convolucionar con k1 y después con k2."""
    a, b = k1.shape[0], k2.shape[0]
    combined = np.zeros((a + b - 1, a + b - 1))
    for m in range(b):
        for n in range(b):
            combined[m : m + a, n : n + a] += k2[m, n] * k1
    return combined


rng = np.random.default_rng(config.SEED)
k1, k2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
b1, b2 = 0.3, -0.2
k = combine(k1, k2)
print("K1 y K2:", k1.shape, k2.shape, "-> kernel combinado:", k.shape)
fig, axes = plt.subplots(
    1, 3, figsize=(11, 3.8), layout="constrained", width_ratios=[3, 3, 5]
)
for ax, kernel, title in zip(
    axes, (k1, k2, k), ("K1 (3 x 3)", "K2 (3 x 3)", "K combinado (5 x 5)")
):
    plots.matrix(
        kernel, ax=ax, fmt="{:.2f}", cmap="RdBu_r", show_indices=False, title=title
    )
fig.suptitle("Dos kernels y el kernel único que los reemplaza")

# %%
# Lo comprobamos con la fotografía ``camera`` (sin :term:`relleno`, en ``float64``):
# dos capas seguidas contra una sola capa con el kernel combinado.
photo = data.normalize(data.resize(skimage.data.camera()[None], (64, 64)))[0]
photo = photo.astype(np.float64)
two_layers = ops.conv2d(ops.conv2d(photo, k1) + b1, k2) + b2
one_layer = ops.conv2d(photo, k) + (b1 * k2.sum() + b2)
linear_diff = float(np.max(np.abs(two_layers - one_layer)))
print("Dos capas:", two_layers.shape, "· una capa:", one_layer.shape)
print(f"Diferencia máxima: {linear_diff:.1e}")

# %%
# La diferencia es el redondeo de la aritmética de punto flotante: las dos
# redes son la misma función. Apilar capas lineales no agrega capacidad, sólo
# cuentas.
claims.check(
    "dos convoluciones lineales y la convolución con el kernel combinado difieren "
    "sólo en el redondeo de float64 (menos de 1e-10)",
    linear_diff < 1e-10,
    diferencia_máxima=linear_diff,
)

# %%
# En cambio, con una ReLU entre las dos capas ya no existe un kernel único que
# las reemplace; en particular, el combinado da otra cosa:
with_relu = ops.conv2d(ops.relu(ops.conv2d(photo, k1) + b1), k2) + b2
relu_diff = float(np.max(np.abs(with_relu - one_layer)))
print(f"Con ReLU en medio, diferencia máxima: {relu_diff:.2f}")
claims.check(
    "con ReLU en medio, el kernel combinado ya no reproduce las dos capas",
    relu_diff > 0.01,
    diferencia_máxima=relu_diff,
)

# %%
# Por eso se aplica una :term:`función de activación` no lineal después de cada
# convolución: permite que la red aprenda relaciones no lineales entre las
# características de la imagen.
#
# ReLU, sigmoide y tangente hiperbólica
# -------------------------------------
# La :term:`ReLU` (*rectified linear unit*) es :math:`\max(0, x)`. Antes se
# usaban la :term:`sigmoide`, :math:`1 / (1 + e^{-x})`, y la :term:`tanh`.
# Calculamos cada función y su derivada con ``tf.GradientTape``, la
# diferenciación automática que usa Keras para entrenar.
x = tf.linspace(-6.0, 6.0, 601)
functions = {
    "ReLU": keras.activations.relu,
    "sigmoide": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
}
values, slopes = {}, {}
for name, f in functions.items():
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    values[name] = y.numpy()
    slopes[name] = tape.gradient(y, x).numpy()
    print(
        f"{name:<9} derivada máxima {slopes[name].max():.3f}, en x = 5: {slopes[name][550]:.4f}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
for ax, curves, title in ((axes[0], values, "f(x)"), (axes[1], slopes, "f'(x)")):
    plots.line_chart(x.numpy(), curves, "x", None, title=title, markers=False, ax=ax)
fig.suptitle("Las tres funciones de activación y sus derivadas")

# %%
# La derivada de la sigmoide nunca pasa de 1/4 y la de tanh de 1, y las dos se
# vuelven casi cero en cuanto :math:`|x|` crece (las regiones saturadas). La de
# ReLU vale exactamente 1 para todo :math:`x > 0`.
xs = x.numpy()
claims.check(
    "la derivada de la sigmoide no pasa de 1/4, la de tanh no pasa de 1, las dos "
    "valen menos de 0.01 en x = 5 y la de ReLU vale 1 para todo x > 0",
    slopes["sigmoide"].max() <= 0.25 + 1e-6
    and slopes["tanh"].max() <= 1 + 1e-6
    and max(slopes["sigmoide"][550], slopes["tanh"][550]) < 0.01
    and bool(np.all(slopes["ReLU"][xs > 0] == 1)),
    sigmoide_en_5=float(slopes["sigmoide"][550]),
    tanh_en_5=float(slopes["tanh"][550]),
)

# %%
# Además, ReLU sólo requiere una comparación, mientras que la sigmoide y tanh
# necesitan exponenciales; lo medimos con un millón de valores en NumPy:
z = rng.normal(size=1_000_000)
costs = {
    "ReLU": lambda: np.maximum(z, 0),
    "sigmoide": lambda: 1 / (1 + np.exp(-z)),
    "tanh": lambda: np.tanh(z),
}
timings = {}
for name, f in costs.items():
    timings[name] = min(timeit.repeat(f, number=5, repeat=3)) / 5
    print(f"{name:<9} {1000 * timings[name]:.2f} ms por millón de valores")
claims.check(
    "en esta máquina, ReLU es la más rápida de calcular de las tres",
    timings["ReLU"] < min(timings["sigmoide"], timings["tanh"]),
    **{f"ms_{k}": 1000 * v for k, v in timings.items()},
)


# %%
# Resumen
# -------
# * Sin activación, dos convoluciones seguidas equivalen exactamente a una sola
#   con un kernel más grande (la convolución completa de los dos kernels): la
#   red pierde capacidad expresiva.
# * ReLU, :math:`\max(0, x)`, es barata de calcular y su derivada vale 1 para
#   :math:`x > 0`; la de la sigmoide no pasa de 1/4.
# * La lección siguiente mide dos consecuencias de esa elección: el gradiente
#   que llega a las primeras capas y las activaciones que quedan en cero.
#
# Ejercicios
# ----------
# 1. ¿De qué tamaño es el kernel equivalente a tres convoluciones lineales de
#    3 x 3 seguidas? Compruébalo con ``combine``.
#
#    .. dropdown:: Solución
#
#       Cada kernel de 3 x 3 agrega 2 filas y columnas: :math:`3 + 2 + 2 = 7`.
#       ``combine(combine(k1, k2), k3)`` da un kernel de 7 x 7, y
#       ``ops.conv2d`` con él coincide con las tres convoluciones seguidas.
