"""
Desvanecimiento del gradiente y dispersidad
===========================================

Dos efectos de la activación, medidos: el gradiente que llega a cada capa y las
neuronas que quedan en cero.

**Lo que aprenderás**

* A medir el desvanecimiento del gradiente en una red profunda con sigmoide y
  por qué ReLU lo mitiga.
* Qué es la dispersidad (*sparsity*) que, según la clase, induce ReLU, medida
  en la primera capa de una red convolucional entrenada con MNIST.
"""

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
import keras
import numpy as np
import tensorflow as tf
from keras import layers

from cnnbook import claims, config, data, formatting, models, ops, plots, training

print(config.profile().describe())
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

# %%
# Dispersidad
# -----------
# ReLU corta a cero todos los valores negativos, así que muchas neuronas quedan
# inactivas para cada imagen: la representación es dispersa
# (:term:`dispersidad`, *sparsity*; «dispersidad» es la palabra de la clase,
# aunque no está en el diccionario de la RAE). Lo medimos en la primera capa de
# la red pequeña de la lección «Apilamiento», entrenada con :term:`Adam`
# durante unas pocas épocas en un subconjunto de 6,000 dígitos (un subconjunto
# para que la lección sea rápida; la lección siguiente usa el mismo
# entrenamiento).
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


# %%
# Resumen
# -------
# * En una red profunda con sigmoide, el gradiente de las primeras capas es
#   órdenes de magnitud menor que el de las últimas; con ReLU no.
# * ReLU produce activaciones exactamente cero (dispersidad); la sigmoide, ninguna.
#
# Ejercicios
# ----------
#
# 1. Repite la medición del gradiente con 20 capas en lugar de 10. ¿Qué pasa
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
# 2. La ReLU "con fuga" (*leaky ReLU*) usa :math:`0.01 x` para :math:`x < 0`.
#    ¿Qué fracción de ceros exactos produciría en ``conv_1``?
#
#    .. dropdown:: Solución
#
#       Prácticamente ninguna: sólo los valores que ya eran exactamente cero
#       (``np.mean(np.where(pre > 0, pre, 0.01 * pre) == 0)``). Conserva un
#       gradiente pequeño para :math:`x < 0`, pero pierde la dispersidad.
