r"""
Función de activación
=====================

Sin no linealidad, dos convoluciones son una sola; ReLU, sigmoide y tanh comparadas.

**Lo que aprenderás**

* Por qué hace falta una función no lineal después de cada :term:`convolución`: dos
  convoluciones seguidas sin activación son, exactamente, una sola convolución
  más grande.
* Cómo son ReLU, la sigmoide y la tangente hiperbólica, y sus derivadas.
* A medir el desvanecimiento del gradiente en una red profunda con sigmoide y
  por qué ReLU lo mitiga.
* Qué es la dispersidad (*sparsity*) que, según la clase, induce ReLU, medida
  en la primera capa
  de una red convolucional entrenada con MNIST.
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
from keras import layers

from cnnbook import claims, config, data, formatting, models, ops, plots, training

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
# Desvanecimiento del gradiente
# -----------------------------
# Durante la :term:`retropropagación`, el gradiente que llega a una capa es el
# de la capa de arriba multiplicado por dos cosas: los pesos de esa capa de
# arriba y la derivada de la activación. Con la sigmoide, la derivada es a lo
# sumo 1/4; los pesos pueden agrandar o achicar el gradiente, pero con la
# inicialización de Glorot conservan más o menos su escala. El producto de
# muchos factores así se encoge exponencialmente: las primeras capas reciben un
# gradiente diminuto (el :term:`desvanecimiento del gradiente`). Con pesos
# grandes, en cambio, el producto podría crecer sin control. Lo medimos en una
# red de diez capas densas de 32 neuronas, con la misma inicialización y el
# mismo lote de 256 dígitos de MNIST, cambiando sólo la activación.
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_batch = data.normalize(x_train[:256]).reshape(-1, 28 * 28)
y_batch = data.one_hot(y_train[:256])


def deep_network(activation):
    """Diez capas densas de 32 neuronas con la activación dada y una salida."""
    training.set_seed()
    hidden = [
        layers.Dense(32, activation=activation, name=f"densa_{i}") for i in range(1, 11)
    ]
    return keras.Sequential(
        [keras.Input((28 * 28,)), *hidden, layers.Dense(10, activation="softmax")]
    )


loss_fn = keras.losses.CategoricalCrossentropy()
grad_norms = {}
for activation in ("relu", "tanh", "sigmoid"):
    net = deep_network(activation)
    kernels = [layer.kernel for layer in net.layers[:10]]
    with tf.GradientTape() as tape:
        loss = loss_fn(y_batch, net(x_batch))
    grads = tape.gradient(loss, kernels)
    label = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoide"}[activation]
    # Raíz del gradiente cuadrático medio por peso (la capa 1 tiene más pesos).
    grad_norms[label] = [float(tf.sqrt(tf.reduce_mean(g**2))) for g in grads]
    ratio = grad_norms[label][-1] / grad_norms[label][0]
    print(
        f"{label:<9} capa 1: {grad_norms[label][0]:.2e}, capa 10: "
        f"{grad_norms[label][-1]:.2e}, cociente capa 10 / capa 1: {ratio:,.3g}"
    )

# %%
fig = plots.line_chart(
    range(1, 11),
    grad_norms,
    xlabel="Capa (1 = la más cercana a la entrada)",
    ylabel="Gradiente típico por peso (RMS)",
    title="Gradiente por capa al inicio del entrenamiento",
    logy=True,
    xticks=range(1, 11),
)

# %%
# En escala logarítmica, la recta de la sigmoide, que cae hacia la capa 1, es el
# desvanecimiento: las primeras capas reciben un gradiente órdenes de magnitud
# menor que las últimas, así que aprenden muchísimo más despacio. Con ReLU el
# gradiente llega a todas las capas con una magnitud parecida.
ratios = {name: g[-1] / g[0] for name, g in grad_norms.items()}
shrink = ratios["sigmoide"] ** (1 / 9)
print(
    f"Con la sigmoide, cada capa divide el gradiente entre {shrink:.1f} en promedio "
    "(la derivada sola lo dividiría entre 4 o más)."
)
claims.check(
    "con la sigmoide, la capa 1 recibe un gradiente al menos 100 veces menor que "
    "la capa 10; con ReLU, las dos reciben gradientes de magnitud parecida (menos "
    "de 10 veces de diferencia)",
    ratios["sigmoide"] >= 100 and 0.1 < ratios["ReLU"] < 10,
    cociente_sigmoide=ratios["sigmoide"],
    cociente_relu=ratios["ReLU"],
)
#
# Dispersidad
# -----------
# ReLU corta a cero todos los valores negativos, así que muchas neuronas quedan
# inactivas para cada imagen: la representación es dispersa
# (:term:`dispersidad`, *sparsity*; «dispersidad» es la palabra de la clase,
# aunque no está en el diccionario de la RAE). Lo medimos en la primera capa de
# la red pequeña de la lección anterior, entrenada con :term:`Adam` durante unas
# pocas épocas en un subconjunto de 6,000 dígitos (un subconjunto para que la lección sea
# rápida; la lección siguiente usa el mismo entrenamiento).


x_small = data.normalize(x_train[:6000])[..., None]
y_small = data.one_hot(y_train[:6000])
x_eval = data.normalize(x_test[:2000])[..., None]
y_eval = data.one_hot(y_test[:2000])
# recipes.small_cnn_adam() repite esta misma receta en la lección siguiente.
adam = training.fit_or_load(
    "cnn_pequena_adam",
    lambda: models.compile_classifier(models.small_cnn(), "adam", 1e-3),
    train=(x_small, y_small),
    test=(x_eval, y_eval),
    epochs=3,
    batch_size=32,
)
print(
    f"Exactitud en {formatting.integer(len(x_eval))} dígitos de prueba: "
    f"{formatting.percent(adam.test_accuracy)}"
)

# %%
# Tomamos la salida de la convolución antes de la ReLU (``conv_1``) para 500
# dígitos de prueba y contamos cuántas activaciones quedan exactamente en cero
# con ReLU, y cuántas quedarían con la sigmoide.
pre = adam.model.get_layer("conv_1")(x_eval[:500]).numpy()
after_relu = ops.relu(pre)
after_sigmoid = 1 / (1 + np.exp(-pre.astype(np.float64)))
print("Activaciones de conv_1:", pre.shape)
zeros_relu, zeros_sigmoid = np.mean(after_relu == 0), np.mean(after_sigmoid == 0)
print(f"Exactamente cero tras ReLU:     {formatting.percent(zeros_relu, 1)}")
print(f"Exactamente cero tras sigmoide: {formatting.percent(zeros_sigmoid, 1)}")
per_filter = np.mean(after_relu == 0, axis=(0, 1, 2))
for f, fraction in enumerate(per_filter):
    print(f"  filtro {f + 1}: {formatting.percent(fraction, 1)} de ceros")

# %%
# Los ocho mapas de un dígito después de la ReLU, en blanco y negro: en blanco
# las neuronas activas (valor positivo) y en negro las que quedaron
# exactamente en cero. Cada filtro se apaga en regiones distintas: unos en el
# fondo, otros sobre algunas partes del trazo.
active = (after_relu[0] > 0).astype(float)
# En una esquina la entrada es fondo (ceros): allí la salida es sólo el sesgo.
off_on_background = active[0, 0] == 0
claims.check(
    "hay filtros que se apagan en el fondo y filtros que, activos en el fondo, se "
    "apagan en partes del trazo",
    bool(off_on_background.any())
    and bool(((~off_on_background) & (active.mean(axis=(0, 1)) < 1)).any()),
    apagados_en_el_fondo=int(off_on_background.sum()),
)
fig = plots.image_grid(
    np.moveaxis(active, -1, 0),
    titles=[
        f"filtro {f + 1}: {formatting.percent(np.mean(active[:, :, f] == 0), 0)} ceros"
        for f in range(active.shape[-1])
    ],
    cmap="gray",
    vmin=0,
    vmax=1,
    title="Primera capa entrenada: activas (blanco) y en cero (negro)",
)

# %%
# Con la sigmoide ninguna activación es exactamente cero: todas las neuronas
# dicen algo sobre cada píxel. Con ReLU, una fracción grande calla, y cada
# imagen queda descrita por menos neuronas activas. Según la clase, eso hace a
# la red más eficiente y mejora la generalización; aquí medimos sólo la
# dispersidad, no ese efecto.
claims.check(
    "con la sigmoide ninguna activación es exactamente cero; con ReLU, al menos "
    "una cuarta parte lo es",
    zeros_sigmoid == 0 and zeros_relu >= 0.25,
    ceros_relu=float(zeros_relu),
)
#
# Resumen
# -------
# * Sin activación, dos convoluciones seguidas equivalen exactamente a una sola
#   con un kernel más grande (la convolución completa de los dos kernels): la
#   red pierde capacidad expresiva.
# * ReLU, :math:`\max(0, x)`, es barata de calcular y su derivada vale 1 para
#   :math:`x > 0`; la de la sigmoide no pasa de 1/4.
# * En una red profunda con sigmoide, el gradiente de las primeras capas es
#   órdenes de magnitud menor que el de las últimas; con ReLU no.
# * ReLU produce activaciones exactamente cero (dispersidad).
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
#
# 2. Repite la medición del gradiente con 20 capas en lugar de 10. ¿Qué pasa
#    con el cociente entre la última y la primera capa con la sigmoide?
#
#    .. dropdown:: Solución
#
#       Cambia ``range(1, 11)`` por ``range(1, 21)`` en ``deep_network`` y
#       ``net.layers[:10]`` por ``net.layers[:20]``. Con la sigmoide el
#       cociente crece muchísimo: se multiplican diez factores más, cada uno
#       con una derivada de a lo sumo 1/4 y pesos que no la compensan. Con
#       ReLU sigue siendo moderado.
#
# 3. La ReLU "con fuga" (*leaky ReLU*) usa :math:`0.01 x` para :math:`x < 0`.
#    ¿Qué fracción de ceros exactos produciría en ``conv_1``?
#
#    .. dropdown:: Solución
#
#       Prácticamente ninguna: sólo los valores que ya eran exactamente cero
#       (``np.mean(np.where(pre > 0, pre, 0.01 * pre) == 0)``). Conserva un
#       gradiente pequeño para :math:`x < 0`, pero pierde la dispersidad.
