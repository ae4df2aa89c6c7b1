r"""
La convolución a color
======================

Un filtro de tres planos sobre una imagen a color da un solo plano de salida.

**Lo que aprenderás**

* Cómo se extiende la :term:`convolución` a una imagen a color: el filtro tiene tantos
  planos como la imagen tiene canales, y la salida tiene un solo plano.
* Cómo se reparte la cuenta: un resultado parcial por canal, que luego se suman.
* Que un banco de :math:`F` filtros produce :math:`F` planos de salida, y que
  todo coincide con ``Conv2D`` de Keras.
"""

# %%
# La fórmula
# ----------
# Una imagen a color tiene tres canales (*channels*), tres planos del mismo
# tamaño: rojo, verde y azul (RGB). La clase extiende la fórmula de la lección
# anterior sumando también sobre los canales :math:`c`:
#
# .. math::
#
#    S(i, j) = \sum_{c=1}^{3} \sum_{m=0}^{k-1} \sum_{n=0}^{k-1}
#              I_c(i + m,\, j + n)\, K_c(m, n).
#
# El filtro tiene ahora **tres planos de profundidad**, uno por canal, y la
# imagen de salida tiene **un solo plano**: los tres canales se combinan en
# una sola suma.
import matplotlib.pyplot as plt
import numpy as np
import skimage.data

from cnnbook import claims, config, data, ops, plots
from cnnbook.formatting import percent

print(config.profile().describe())

# %%
# Una fotografía a color
# ----------------------
# Usamos la foto de una gata de ``skimage.data.chelsea``, reducida a la mitad
# para que las cuentas sean rápidas. En la memoria es un arreglo de forma
# (alto, ancho, 3); ``plots.image`` la dibuja con
# :func:`~matplotlib.pyplot.imshow`, que lee el último eje como los canales
# rojo, verde y azul.
photo = data.resize(skimage.data.chelsea()[None], (150, 225))[0]
print("Forma de la foto:", photo.shape, photo.dtype)

channel_names = ("rojo", "verde", "azul")
fig, axes = plt.subplots(1, 4, figsize=(13, 2.9), layout="constrained")
plots.image(photo, title="Foto (RGB)", ax=axes[0])
for ax, c, name in zip(axes[1:], range(3), channel_names):
    plots.image(photo[:, :, c], title=f"Canal {c}: {name}", ax=ax)

# %%
# Cada canal es una imagen en :term:`escala de grises`: claro donde ese color es
# intenso. El pelaje anaranjado de la gata es claro en el canal rojo y más
# oscuro en el azul.
#
# Un filtro de tres planos
# ------------------------
# Construimos un filtro de 3 x 3 x 3 que detecta bordes verticales del
# **brillo**: cada plano es el kernel de gradiente vertical multiplicado por el
# peso de su canal en la luma BT.601, la conversión a grises del capítulo 1 (el
# ojo es más sensible al verde). Así, el filtro combina en una sola operación
# la conversión a escala de grises y la detección de bordes.
KX = ops.KERNELS["gradiente_vertical"]
print("Pesos de la luma BT.601 (rojo, verde, azul):", data.LUMINANCE)
kernel = KX[:, :, None] * data.LUMINANCE  # forma (3, 3, 3)
print("Forma del filtro:", kernel.shape)
fig = plots.filters(
    kernel,
    names=[f"plano del canal {name}" for name in channel_names],
    annotate=True,
    title="Los tres planos de un mismo filtro",
)

# %%
# Resultados parciales
# --------------------
# La triple suma se puede hacer en dos etapas: primero convolucionar cada canal
# con su plano del filtro (una convolución en escala de grises, como en la
# lección «La convolución en escala de grises») y después sumar los tres resultados.
partials = [ops.conv2d(photo[:, :, c], kernel[:, :, c]) for c in range(3)]
total = ops.conv2d(photo, kernel)  # la triple suma de una vez
print("Forma de la salida:", total.shape)
print(
    "Diferencia máxima entre la suma de parciales y la salida: "
    f"{np.abs(sum(partials) - total).max():.1e}"
)
fig = plots.image_grid(
    [*partials, total],
    titles=[f"parcial del canal {n}" for n in channel_names] + ["suma: la salida"],
    cmap="RdBu_r",
    colorbar=True,
    panel_size=2.6,
    title="Cada canal aporta su parte; la salida es un solo plano",
)

# %%
# Los tres parciales se dibujan con la misma escala: el del canal verde es el
# más intenso y el del azul el más tenue, porque sus pesos en la luma son el
# mayor y el menor. Rojo indica que la imagen se aclara hacia la derecha, y
# azul que se oscurece.
strength = [float(np.abs(p).mean()) for p in partials]
claims.check(
    "el parcial del canal verde es el más intenso y el del azul el más tenue "
    "(valor absoluto medio)",
    strength[1] > strength[0] > strength[2],
    rojo=strength[0],
    verde=strength[1],
    azul=strength[2],
)

# %%
# Como el filtro es lineal, aplicarlo a la foto a color da lo mismo que
# convertirla primero a grises (con los mismos pesos) y aplicar el kernel
# plano:
gray = photo.astype(float) @ data.LUMINANCE
print(
    "Diferencia máxima con (a grises y luego gradiente): "
    f"{np.abs(ops.conv2d(gray, KX) - total).max():.1e}"
)
claims.check(
    "las dos rutas dan lo mismo salvo por el redondeo (diferencia menor que 1e-9)",
    np.abs(ops.conv2d(gray, KX) - total).max() < 1e-9,
)

# %%
# Lo mismo que Keras
# ------------------
# En ``Conv2D`` los pesos tienen forma (alto, ancho, canales de entrada,
# filtros): nuestro filtro, con un eje más para el único filtro.
import keras

layer = keras.layers.Conv2D(filters=1, kernel_size=3)
layer.build((None, *photo.shape))
layer.set_weights([kernel[:, :, :, None].astype("float32"), np.zeros(1)])
keras_out = layer(photo[None].astype("float32")).numpy()[0, :, :, 0]
print("Forma de los pesos:", layer.get_weights()[0].shape)
print(
    f"Diferencia máxima Keras frente a ops.conv2d: {np.abs(keras_out - total).max():.1e}"
    f" (la salida llega a {np.abs(total).max():.0f})"
)
claims.check(
    "Keras y ops.conv2d coinciden salvo por el redondeo de float32 (diferencia "
    "menor que una cienmilésima del mayor valor)",
    np.abs(keras_out - total).max() < 1e-5 * np.abs(total).max(),
)

# %%
# Un banco de filtros
# -------------------
# Una :term:`capa convolucional` no aplica un filtro sino varios, cada uno con sus tres
# planos; cada filtro produce su propio plano de salida. Armamos un banco de
# :math:`F = 4` filtros, en la misma forma que los pesos de Keras,
# (3, 3, 3, F):
#
# 1. bordes verticales del brillo (el de arriba);
# 2. bordes horizontales del brillo;
# 3. rojo menos verde, sólo en el píxel central: positivo donde domina el rojo;
# 4. amarillo menos azul: la media de rojo y verde menos el azul.
KY = ops.KERNELS["gradiente_horizontal"]
center = ops.KERNELS["identidad"]
bank = np.stack(
    [
        KX[:, :, None] * data.LUMINANCE,
        KY[:, :, None] * data.LUMINANCE,
        center[:, :, None] * np.array([1.0, -1.0, 0.0]),
        center[:, :, None] * np.array([0.5, 0.5, -1.0]),
    ],
    axis=-1,
)
names = ["bordes verticales", "bordes horizontales", "rojo − verde", "amarillo − azul"]
print("Forma del banco:", bank.shape)
maps = ops.conv2d(photo, bank)
print("Forma de la salida:", maps.shape)

# %%
# Cada plano tiene su propia escala, así que, para verlos juntos, dividimos
# cada uno entre su percentil 99 de :math:`|S|` (los valores más extremos se
# saturan).
scale = np.percentile(np.abs(maps), 99, axis=(0, 1))
fig = plots.image_grid(
    np.moveaxis(np.clip(maps / scale, -1, 1), -1, 0),
    titles=names,
    cmap="RdBu_r",
    vmin=-1,
    vmax=1,
    panel_size=2.6,
    title="Cuatro filtros, cuatro planos de salida",
)

# %%
# Los dos primeros planos marcan los contornos; el tercero y el cuarto, el
# color. En esta foto casi todo es de tonos cálidos: el pelaje anaranjado, y
# también el fondo, tienen más rojo que verde y más amarillo que azul, así que
# esos dos planos salen rojos (positivos) en casi toda la imagen.
warm = [float((maps[..., f] > 0).mean()) for f in (2, 3)]
claims.check(
    "los planos «rojo − verde» y «amarillo − azul» son positivos en más del 90 % "
    "de la foto",
    min(warm) > 0.90,
    rojo_menos_verde=percent(warm[0], 1),
    amarillo_menos_azul=percent(warm[1], 1),
)

# %%
# Comprobamos el banco completo contra una capa ``Conv2D`` de cuatro filtros y
# contamos sus parámetros: :math:`3 \times 3 \times 3` pesos por filtro más un
# sesgo.
bank_layer = keras.layers.Conv2D(filters=4, kernel_size=3)
bank_layer.build((None, *photo.shape))
bank_layer.set_weights([bank.astype("float32"), np.zeros(4)])
bank_out = bank_layer(photo[None].astype("float32")).numpy()[0]
print(
    f"Diferencia máxima Keras frente a ops.conv2d: {np.abs(bank_out - maps).max():.1e}"
)
print(
    f"Parámetros: 4 x (3 x 3 x 3 + 1) = {4 * (3 * 3 * 3 + 1)}; "
    f"Keras cuenta {bank_layer.count_params()}"
)

# %%
# Resumen
# -------
# * Con una imagen de :math:`C` canales, cada filtro tiene :math:`C` planos y
#   la convolución suma sobre los canales además de sobre la ventana: la
#   salida de un filtro es un solo plano.
# * La suma se puede separar en un resultado parcial por canal; la salida es la
#   suma de los parciales.
# * Un banco de :math:`F` filtros de :math:`k \times k \times C` produce
#   :math:`F` planos y tiene :math:`F (k^2 C + 1)` parámetros con sesgo;
#   ``ops.conv2d`` y ``Conv2D`` coinciden salvo por el redondeo de ``float32``.
#
# Ejercicios
# ----------
# 1. Escribe un filtro de tres planos que detecte bordes verticales **sólo en
#    el canal rojo** y comprueba que da lo mismo que ``ops.conv2d`` sobre
#    ``photo[:, :, 0]`` con el kernel plano.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          red_only = np.zeros((3, 3, 3))
#          red_only[:, :, 0] = KX
#          print(np.allclose(ops.conv2d(photo, red_only), ops.conv2d(photo[:, :, 0], KX)))
#
#       Los planos verde y azul son cero, así que sus parciales se anulan.
#
# 2. ¿Cuántos parámetros tiene una capa ``Conv2D(32, 3)`` que recibe imágenes
#    RGB? ¿Y una ``Conv2D(64, 3)`` que recibe la salida de la primera?
#
#    .. dropdown:: Solución
#
#       :math:`32 \times (3 \cdot 3 \cdot 3 + 1) = 896` y
#       :math:`64 \times (3 \cdot 3 \cdot 32 + 1) = 18{,}496`: la segunda capa
#       recibe 32 canales, uno por filtro de la primera. Compruébalo con
#       ``count_params()`` después de construir cada capa con
#       ``layer.build((None, 32, 32, 3))`` y ``layer.build((None, 30, 30, 32))``.
#
# 3. ¿Qué pasa si intentas aplicar el kernel plano ``KX`` (de 3 x 3) a la foto
#    a color con ``ops.conv2d(photo, KX)``? ¿Por qué no es evidente qué debería
#    hacer?
#
#    .. dropdown:: Solución
#
#       ``ops.conv2d`` se niega con un ``ValueError``: un kernel de dos
#       dimensiones sobre tres canales es ambiguo. Podría aplicarse a cada canal
#       por separado (tres planos de salida) o repetirse en los tres planos y
#       sumarse (uno). Keras no tiene esa ambigüedad, porque los pesos de
#       ``Conv2D`` siempre tienen el eje de canales de entrada.
