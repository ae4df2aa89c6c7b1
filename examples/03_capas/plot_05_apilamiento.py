r"""
Apilamiento (*stacking*)
========================

Varios filtros apilados forman un volumen; capa tras capa, la forma cambia.

**Lo que aprenderás**

* Que una :term:`capa convolucional` con :math:`F` filtros apila :math:`F` mapas de
  características en un volumen: el ejemplo de la clase, una imagen de 6 x 6
  y diez kernels de 3 x 3, da un volumen de 4 x 4 x 10.
* Que la capa siguiente ve ese volumen como una imagen con diez canales.
* Cómo se arma una red completa, :term:`convolución` → :term:`ReLU` → agrupamiento dos veces y
  una :term:`capa densa` al final, y cómo predecir la forma de la salida de cada capa
  con ``ops.output_size``.
"""

# %%
# Diez filtros sobre la misma imagen
# ----------------------------------
# El :term:`apilamiento` (*stacking*) consiste en reunir las imágenes que
# resultan de convolucionar la misma entrada con distintos kernels. Seguimos el
# ejemplo de la clase: una imagen de 6 x 6, sin :term:`relleno` y con paso 1. La
# imagen tiene un trazo vertical y uno horizontal, para que los distintos
# kernels tengan algo que detectar.
import keras
import numpy as np
from keras import layers

from cnnbook import claims, config, data, models, ops, plots

print(config.profile().describe())
image = np.zeros((6, 6))
image[:, 2] = 1.0  # trazo vertical
image[4, :] = 1.0  # trazo horizontal
fig = plots.matrix(image, title="Entrada de 6 x 6", vmin=0, vmax=1)

# %%
# Los diez kernels de 3 x 3: los seis kernels clásicos del capítulo anterior y
# cuatro más al azar. Los guardamos como lo hace Keras, en un banco de forma
# (alto, ancho, canales de entrada, filtros) = (3, 3, 1, 10).
rng = np.random.default_rng(config.SEED)
kernels = dict(ops.KERNELS)
for i in range(1, 5):
    kernels[f"al azar {i}"] = rng.normal(size=(3, 3))
names = [name.replace("_", " ") for name in kernels]
bank = np.stack(list(kernels.values()), axis=-1)[:, :, None, :]
print("Banco de filtros:", bank.shape)

# %%
# Una sola llamada a ``ops.conv2d`` con el banco produce los diez mapas a la
# vez: :math:`6 - 3 + 1 = 4` filas y columnas por mapa, y un mapa por filtro.
maps = ops.conv2d(image, bank)
print("Salida de ops.conv2d:", maps.shape)

# %%
# La capa ``Conv2D(10, 3)`` de Keras, con los mismos pesos y sesgo cero, da el
# mismo volumen:
layer = layers.Conv2D(filters=10, kernel_size=3, padding="valid", strides=1)
layer.build((None, 6, 6, 1))
layer.set_weights([bank.astype("float32"), np.zeros(10, "float32")])
keras_maps = layer(image[None, :, :, None].astype("float32")).numpy()[0]
print("Salida de Keras:", keras_maps.shape)
stack_diff = float(np.max(np.abs(keras_maps - maps)))
print(f"Diferencia máxima con ops.conv2d: {stack_diff:.1e}")
claims.check(
    "Conv2D(10, 3) da el mismo volumen que ops.conv2d, salvo el redondeo de float32",
    keras_maps.shape == maps.shape and stack_diff < 1e-5,
    diferencia_máxima=stack_diff,
)

# %%
# El volumen de 4 x 4 x 10
# ------------------------
# Dibujamos los diez mapas como una pila: cada uno es la respuesta de un
# filtro, y la profundidad de la pila es el número de filtros. Así se
# representan casi siempre las capas de una red convolucional.
fig = plots.feature_stack(
    maps,
    labels=names,
    cmap="RdBu_r",
    title=f"Volumen de salida: {' x '.join(map(str, maps.shape))}",
)

# %%
# La capa siguiente trata ese volumen como una imagen de diez canales: cada uno
# de sus kernels mide 3 x 3 x 10 y suma sobre los diez mapas. Con cuatro
# filtros, el banco tiene forma (3, 3, 10, 4) y la salida es de 2 x 2 x 4:
next_bank = rng.normal(size=(3, 3, 10, 4))
print("Segunda capa:", maps.shape, "->", ops.conv2d(maps, next_bank).shape)

# %%
# Por extensión, también se llama apilamiento a encadenar capas así: cada capa
# combina los mapas de la anterior y puede detectar patrones más complejos
# (bordes, luego esquinas, luego trazos...).
#
# Poniendo todo junto
# -------------------
# Una red convolucional completa alterna bloques de convolución, activación
# ReLU y :term:`agrupamiento máximo`, y termina con una capa densa que clasifica. Este
# es un ejemplo pequeño para dígitos de MNIST; en las lecciones siguientes lo
# entrenamos. Escribimos la ReLU como una capa aparte para ver su salida.


def small_cnn():
    """Red pequeña: (conv 3 x 3 -> ReLU -> máx 2 x 2) dos veces -> densa."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), name="imagen"),
            layers.Conv2D(8, 3, name="conv_1"),
            layers.ReLU(name="relu_1"),
            layers.MaxPooling2D(2, name="pool_1"),
            layers.Conv2D(16, 3, name="conv_2"),
            layers.ReLU(name="relu_2"),
            layers.MaxPooling2D(2, name="pool_2"),
            layers.Flatten(name="aplanar"),
            layers.Dense(10, activation="softmax", name="salida"),
        ],
        name="cnn_pequena",
    )


model = small_cnn()
print(models.summary(model))

# %%
# Las formas, predichas
# ---------------------
# Cada forma del resumen se puede predecir antes de construir la red: las
# convoluciones y los agrupamientos siguen
# :math:`\lfloor (n + 2p - k)/s \rfloor + 1`, la ReLU no cambia la forma, y
# ``Flatten`` multiplica alto, ancho y canales. Recorremos las capas del
# modelo real y comparamos.
side, channels = 28, 1
print(f"{'capa':<8} {'predicha':>16} {'Keras':>18}")
for layer in model.layers:
    if isinstance(layer, layers.Conv2D):
        side = ops.output_size(
            side, layer.kernel_size[0], layer.padding, layer.strides[0]
        )
        channels = layer.filters
        predicted = (side, side, channels)
    elif isinstance(layer, layers.MaxPooling2D):
        side = ops.output_size(side, layer.pool_size[0], 0, layer.strides[0])
        predicted = (side, side, channels)
    elif isinstance(layer, layers.Flatten):
        predicted = (side * side * channels,)
    elif isinstance(layer, layers.Dense):
        predicted = (layer.units,)
    # la ReLU conserva la forma anterior
    keras_shape = tuple(layer.output.shape[1:])
    assert predicted == keras_shape, (layer.name, predicted, keras_shape)
    print(f"{layer.name:<8} {str(predicted):>16} {str(keras_shape):>18}")

# %%
# Un dígito a través de la red
# ----------------------------
# Para ver el volumen que sale de cada capa, le damos un dígito a la primera
# capa, su salida a la segunda, y así sucesivamente: eso es lo que hace el
# modelo por dentro. Mostramos el primer mapa de cada volumen (la red aún no
# está entrenada: los filtros son los iniciales, al azar).
(_, _), (x_test, _) = data.load_mnist()
digit = data.normalize(x_test[:1])[..., None]
volumes, current = [digit[0]], digit
for layer in model.layers[:6]:
    current = layer(current)
    volumes.append(current.numpy()[0])
first_maps = [v[:, :, 0] for v in volumes]
# Cada mapa con su propia escala de color, de su mínimo a su máximo.
first_maps = [(m - m.min()) / (np.ptp(m) or 1.0) for m in first_maps]
stages = ["entrada"] + [layer.name for layer in model.layers[:6]]
fig = plots.image_grid(
    first_maps,
    titles=[
        f"{name}\n{' x '.join(map(str, v.shape))}" for name, v in zip(stages, volumes)
    ],
    ncols=7,
    cmap="cividis",
    panel_size=1.9,
    title="Primer mapa de cada volumen (red sin entrenar)",
)

# %%
# Cada agrupamiento reduce el mapa a la mitad y cada ReLU apaga los valores
# negativos (quedan en cero, el color más oscuro). Al final, ``Flatten``
# convierte el último volumen en un vector y la capa densa lo clasifica.
#
# Resumen
# -------
# * Una capa con :math:`F` filtros produce :math:`F` mapas que se apilan en un
#   volumen :math:`H' \times W' \times F`: en el ejemplo de la clase,
#   6 x 6 con diez kernels de 3 x 3 da 4 x 4 x 10.
# * La capa siguiente ve ese volumen como una imagen de :math:`F` canales; sus
#   kernels miden :math:`k \times k \times F`.
# * Una red convolucional encadena convolución, ReLU y agrupamiento, y termina
#   en capas densas. La forma de cada salida se predice con
#   ``ops.output_size`` y coincide con la del modelo de Keras.
#
# Ejercicios
# ----------
# 1. Si las dos convoluciones de ``small_cnn`` usaran ``padding="same"``, ¿qué
#    forma tendría el volumen antes de ``Flatten`` y cuántas entradas recibiría
#    la capa densa?
#
#    .. dropdown:: Solución
#
#       28 → 28 (conv) → 14 (pool) → 14 (conv) → 7 (pool): un volumen de
#       7 x 7 x 16, es decir, 784 entradas para la capa densa (en lugar de
#       400). Compruébalo cambiando ``layers.Conv2D(8, 3, ...)`` por
#       ``layers.Conv2D(8, 3, padding="same", ...)``.
#
# 2. Si la entrada de 6 x 6 fuera a color (6 x 6 x 3), ¿qué forma tendría el
#    banco de diez filtros de 3 x 3? ¿Y la salida?
#
#    .. dropdown:: Solución
#
#       El banco sería de (3, 3, 3, 10): cada filtro recorre los tres canales y
#       los suma. La salida sigue siendo de 4 x 4 x 10, un mapa por filtro:
#       ``ops.conv2d(np.ones((6, 6, 3)), np.ones((3, 3, 3, 10))).shape``.
#
# 3. Agrega un tercer bloque conv 3 x 3 → ReLU → máx 2 x 2 a ``small_cnn``.
#    ¿Qué forma queda antes de ``Flatten``?
#
#    .. dropdown:: Solución
#
#       Después del segundo bloque el mapa mide 5 x 5; la convolución de 3 x 3
#       lo deja en 3 x 3 y el agrupamiento en
#       :math:`\lfloor (3 - 2)/2 \rfloor + 1 = 1`: un volumen de
#       1 x 1 x filtros. Sin relleno, las redes pequeñas se quedan pronto sin
#       imagen (recuerda la lección sobre el relleno).
