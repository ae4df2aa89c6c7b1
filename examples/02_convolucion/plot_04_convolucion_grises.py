r"""
La convolución en escala de grises
==================================

La fórmula de la convolución, calculada a mano y comparada con Keras.

**Lo que aprenderás**

* La fórmula de la :term:`convolución` de una imagen en :term:`escala de grises` con un kernel,
  y cómo calcularla a mano, posición por posición.
* Que nuestra implementación en NumPy da exactamente lo mismo que la capa
  ``Conv2D`` de Keras con los mismos pesos.
* Por qué la imagen resultante es :math:`k - 1` filas y columnas más pequeña
  que la original cuando el kernel mide :math:`k \times k`.
"""

# %%
# La fórmula
# ----------
# La clase define la salida :math:`S` de aplicar un kernel :math:`K` de
# :math:`k \times k` pesos a una imagen :math:`I` de :math:`H \times W`
# píxeles como
#
# .. math::
#
#    S(i, j) = \sum_{m=0}^{k-1} \sum_{n=0}^{k-1} I(i + m,\, j + n)\, K(m, n).
#
# Los índices :math:`m, n` recorren las filas y columnas del kernel (las letras
# de la clase, que el libro usa en todas partes), e :math:`i, j` las de la
# salida. En palabras: se coloca el kernel con su esquina superior izquierda
# sobre el píxel :math:`(i, j)`, se multiplica cada peso por el píxel que tiene
# debajo y
# se suman los :math:`k^2` productos. Luego se desliza el kernel un píxel y se
# repite, para todos los píxeles de la imagen.
#
# En matemáticas, esta suma se llama :term:`correlación cruzada`; la convolución
# de los libros de análisis invierte antes el kernel en ambos ejes. Las
# bibliotecas de aprendizaje profundo, Keras incluida, calculan la versión sin
# invertir y la llaman convolución; como los pesos se aprenden, la diferencia no
# importa (la red aprendería el kernel ya invertido). Este libro sigue esa
# costumbre.
import time

import matplotlib.pyplot as plt
import numpy as np
import skimage.data

from cnnbook import claims, config, data, ops, plots

print(config.profile().describe())

# %%
# Una imagen pequeña
# ------------------
# Para seguir las cuentas usamos una imagen de 6 x 6 con valores de un dígito:
# una zona oscura a la izquierda, una clara a la derecha y algo de ruido. El
# kernel es el de gradiente vertical de la lección anterior, que responde a los
# cambios de izquierda a derecha.
rng = np.random.default_rng(config.SEED)
image = np.where(np.arange(6) >= 3, 8, 2) + rng.integers(-1, 2, size=(6, 6))
kernel = ops.KERNELS["gradiente_vertical"].astype(int)
print("Imagen I:\n", image)
print("Kernel K:\n", kernel)

# %%
# Posición por posición
# ----------------------
# Calculamos a mano tres posiciones de la salida. En cada una recortamos la
# ventana de 3 x 3 que cubre el kernel, la multiplicamos elemento a elemento
# por él y sumamos.
k = kernel.shape[0]
for i, j in [(0, 0), (0, 1), (2, 2)]:
    window = image[i : i + k, j : j + k]
    products = window * kernel
    terms = " + ".join(f"{p}·({w})" for p, w in zip(window.ravel(), kernel.ravel()))
    print(f"S({i}, {j}) = {terms}")
    print(f"        = {products.sum()}\n")

# %%
# Lo mismo, dibujado para la posición :math:`(0, 1)`: la ventana resaltada en la
# imagen, los productos de cada píxel por su peso y la casilla de la salida
# que recibe su suma.
result = ops.conv2d_loop(image, kernel)
i, j = 0, 1
fig, axes = plt.subplots(1, 4, figsize=(13, 3.6), layout="constrained")
plots.matrix(image, ax=axes[0], highlight=(i, j, k, k), title="Imagen I")
plots.matrix(kernel, ax=axes[1], cmap="RdBu_r", title="Kernel K")
plots.matrix(
    image[i : i + k, j : j + k] * kernel,
    ax=axes[2],
    cmap="RdBu_r",
    title=f"Productos (suma: {(image[i : i + k, j : j + k] * kernel).sum()})",
)
plots.matrix(
    result, ax=axes[3], cmap="RdBu_r", highlight=(i, j, 1, 1), title="Salida S"
)

# %%
# La salida completa
# ------------------
# ``ops.conv2d_loop`` hace exactamente lo anterior con dos ciclos ``for``: uno
# sobre las filas y otro sobre las columnas de la salida. ``ops.conv2d`` hace la
# misma cuenta sin ciclos de Python (arma todas las ventanas a la vez y usa
# ``np.einsum``), que es mucho más rápido. Las dos dan lo mismo:
fast = ops.conv2d(image, kernel)
print("S =\n", result.astype(int))
print("¿Iguales las dos versiones?", np.array_equal(result, fast))

# %%
# Los valores grandes de la salida están en las columnas donde la ventana cruza
# el cambio de oscuro a claro (la 1 y la 2, que cubren las columnas 1 a 3 y 2 a
# 4 de la imagen); donde la ventana cae en una sola zona (las columnas 0 y 3),
# sólo queda el ruido.
claims.check(
    "cualquier valor de las columnas 1 y 2 de la salida es mayor, en valor "
    "absoluto, que todos los de las columnas 0 y 3",
    bool(np.abs(result[:, 1:3]).min() > np.abs(result[:, [0, 3]]).max()),
    menor_en_1_y_2=float(np.abs(result[:, 1:3]).min()),
    mayor_en_0_y_3=float(np.abs(result[:, [0, 3]]).max()),
)

# %%
# Lo mismo que Keras
# ------------------
# Una capa ``Conv2D`` de Keras con un solo filtro de 3 x 3 tiene 9 pesos y un
# sesgo (*bias*). Le ponemos nuestro kernel como pesos y sesgo cero, y le damos
# la imagen con la forma que espera: (lote, alto, ancho, canales).
import keras

layer = keras.layers.Conv2D(filters=1, kernel_size=k, use_bias=True)
layer.build((None, *image.shape, 1))
layer.set_weights([kernel[:, :, None, None].astype("float32"), np.zeros(1)])
keras_out = layer(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]
print("Forma de los pesos de Conv2D:", layer.get_weights()[0].shape)
print("Salida de Keras:\n", keras_out)
print(f"Diferencia máxima con ops.conv2d: {np.abs(keras_out - fast).max():.1e}")

# %%
# Con una fotografía
# ------------------
# La misma comparación con una fotografía real, reducida a 128 x 128 píxeles, y
# un kernel de 5 x 5 con pesos al azar. Medimos además cuánto tarda cada
# versión (el mejor de tres intentos): los ciclos de Python son lentos, y por
# eso nadie entrena redes con ``conv2d_loop``.
photo = data.resize(skimage.data.camera()[None], (128, 128))[0].astype("float32")
random_kernel = rng.normal(size=(5, 5)).astype("float32")


def best_of_three(func, *args):
    """Ejecuta ``func`` tres veces; devuelve su resultado y el menor tiempo."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = func(*args)
        times.append(time.perf_counter() - start)
    return out, min(times)


out_loop, t_loop = best_of_three(ops.conv2d_loop, photo, random_kernel)
out_fast, t_fast = best_of_three(ops.conv2d, photo, random_kernel)

photo_layer = keras.layers.Conv2D(1, 5)
photo_layer.build((None, 128, 128, 1))
photo_layer.set_weights([random_kernel[:, :, None, None], np.zeros(1)])
out_keras = photo_layer(photo[None, :, :, None]).numpy()[0, :, :, 0]

print(f"Entrada {photo.shape} -> salida {out_fast.shape}")
print(
    f"conv2d_loop: {t_loop * 1e3:.1f} ms · conv2d: {t_fast * 1e3:.1f} ms "
    f"({t_loop / t_fast:.0f} veces más rápida)"
)
print(
    f"Diferencia máxima loop frente a conv2d: {np.abs(out_loop - out_fast).max():.1e}"
)
print(
    f"Diferencia máxima Keras frente a conv2d: {np.abs(out_keras - out_fast).max():.1e}"
    f" (los valores de la salida llegan a {np.abs(out_fast).max():.0f})"
)

claims.check(
    "la versión vectorizada es al menos cinco veces más rápida que la de ciclos",
    t_loop > 5 * t_fast,
    veces=t_loop / t_fast,
)

# %%
# Keras calcula en ``float32`` (unos 7 dígitos significativos) y ``ops`` en
# ``float64``; la diferencia que queda entre las dos es error de redondeo,
# varios órdenes de magnitud por debajo de los valores que se comparan.
claims.check(
    "la diferencia con Keras es menor que una cienmilésima del mayor valor de "
    "la salida",
    np.abs(out_keras - out_fast).max() < 1e-5 * np.abs(out_fast).max(),
    diferencia_relativa=float(
        np.abs(out_keras - out_fast).max() / np.abs(out_fast).max()
    ),
)

# %%
# ¿Por qué la salida es más pequeña?
# ----------------------------------
# La clase advierte que «no podemos iniciar desde el primer pixel»: con un
# kernel de 3 x 3 centrado en el píxel :math:`(0, 0)`, una fila y una columna
# del kernel quedarían fuera de la imagen. La ventana tiene que caber completa,
# así que en una imagen de :math:`W` columnas la esquina de la ventana sólo
# puede estar en las columnas :math:`0, 1, \ldots, W - k`: hay
# :math:`W - k + 1` posiciones. Lo mismo con las :math:`H` filas, que dan
# :math:`H - k + 1`. ``ops.output_size`` aplica esa fórmula a un lado de la
# imagen:
for side in (6, 28):
    sizes = ", ".join(f"k={kk}: {ops.output_size(side, kk)}" for kk in (1, 2, 3, 5))
    print(f"lado de {side}: {sizes}")

# %%
# La salida tiene :math:`k - 1` filas y :math:`k - 1` columnas menos que la
# imagen. La diapositiva dice que la imagen resultante «es un renglón y una
# columna más pequeña que la original»; eso sólo es cierto con un kernel de
# 2 x 2. Con los kernels de 3 x 3 de la clase, la salida pierde **dos** filas
# y **dos** columnas, como la de 6 x 6 que pasó a 4 x 4. En el capítulo 3
# veremos cómo el :term:`relleno` (*padding*) evita que la imagen se encoja.
print(f"Imagen {image.shape} con kernel {kernel.shape} -> salida {result.shape}")

# %%
# Resumen
# -------
# * La convolución desliza el kernel por la imagen; en cada posición multiplica
#   los pesos por los píxeles que cubren y suma los productos:
#   :math:`S(i, j) = \sum_m \sum_n I(i + m, j + n)\, K(m, n)`.
# * ``ops.conv2d_loop`` (con ciclos) y ``ops.conv2d`` (vectorizada) implementan
#   esa fórmula y coinciden con ``keras.layers.Conv2D`` salvo por el redondeo
#   de ``float32``.
# * Sin relleno, una imagen de :math:`H \times W` y un kernel de
#   :math:`k \times k` dan una salida de
#   :math:`(H - k + 1) \times (W - k + 1)`.
#
# Ejercicios
# ----------
# 1. Calcula a mano :math:`S(3, 2)` con la imagen y el kernel de esta lección
#    y compruébalo con ``result[3, 2]``.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          window = image[3:6, 2:5]
#          print(window, (window * kernel).sum(), result[3, 2])
#
#       Es la suma de los productos de la ventana de las filas 3 a 5 y las
#       columnas 2 a 4 por el kernel: la columna derecha de la ventana menos la
#       izquierda.
#
# 2. La convolución «de los libros» invierte el kernel. Comprueba que
#    ``scipy.signal.convolve2d(image, kernel, mode="valid")`` es igual a
#    ``ops.conv2d`` con el kernel invertido, ``kernel[::-1, ::-1]``. ¿Qué pasa
#    con el signo de la salida en este caso, y por qué?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          from scipy.signal import convolve2d
#
#          flipped = ops.conv2d(image, kernel[::-1, ::-1])
#          print(np.array_equal(convolve2d(image, kernel, mode="valid"), flipped))
#          print(np.array_equal(flipped, -result))
#
#       Las dos coinciden. Invertir el kernel de gradiente vertical de izquierda
#       a derecha cambia el signo de todos sus pesos, así que la salida
#       también cambia de signo. Con un kernel simétrico, como el de
#       desenfoque, las dos definiciones dan lo mismo.
#
# 3. LeNet-5 aplica kernels de 5 x 5 a imágenes de 28 x 28. ¿Qué tamaño tiene
#    su primer :term:`mapa de características`? ¿Y si después aplicara otro kernel de
#    5 x 5 directamente, sin agrupar?
#
#    .. dropdown:: Solución
#
#       :math:`28 - 5 + 1 = 24` y luego :math:`24 - 5 + 1 = 20`:
#       ``ops.output_size(28, 5)`` y ``ops.output_size(24, 5)``. En LeNet-5,
#       entre las dos convoluciones hay un agrupamiento que reduce el mapa a la
#       mitad; lo veremos en el capítulo 3.
