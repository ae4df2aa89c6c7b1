r"""
¿Qué aprenden y cómo?
=====================

Parámetros, propagación hacia adelante, pérdida, retropropagación y optimizadores.

**Lo que aprenderás**

* Cuáles son los parámetros entrenables de una :term:`capa convolucional` y cómo
  contarlos: :math:`(k \cdot k \cdot C + 1) \cdot F`.
* Las cuatro etapas del aprendizaje, escritas a mano con ``tf.GradientTape``:
  :term:`propagación hacia adelante`, pérdida, retropropagación y una
  actualización del :term:`optimizador`.
* Que ese ciclo escrito a mano es lo que hace ``model.fit`` por dentro.
* Cómo se comparan los optimizadores SGD y Adam al entrenar la misma red.
"""

# %%
# Los parámetros de una capa convolucional
# ----------------------------------------
# Una capa convolucional aprende los pesos de sus kernels y un :term:`sesgo`
# por filtro; si la red termina en capas densas, también sus pesos y sesgos.
# Cada filtro mide :math:`k \times k \times C` (con :math:`C` los canales de
# entrada) y tiene un sesgo, así que una capa de :math:`F` filtros tiene
#
# .. math::
#
#    (k \cdot k \cdot C + 1) \cdot F
#
# parámetros, lo que la clase escribe como "(size(kernel) + 1·sesgo)
# (#kernels)". La comprobamos con ``count_params()`` en capas de este
# capítulo y del siguiente.
import keras
import numpy as np
import tensorflow as tf
from keras import layers

from cnnbook import claims, config, data, formatting, models, plots, recipes, training

print(config.profile().describe())
cases = {
    "lección 1: 2 filtros de 3 x 3": (3, 1, 2),
    "lección 5: 10 filtros de 3 x 3": (3, 1, 10),
    "red pequeña, conv_1": (3, 1, 8),
    "red pequeña, conv_2": (3, 8, 16),
    "LeNet-5, conv_1": (5, 1, 6),
    "LeNet-5, conv_2": (5, 6, 16),
    "color: 32 filtros de 5 x 5": (5, 3, 32),
}
print(f"{'capa':<31} {'k':>2} {'C':>3} {'F':>3} {'fórmula':>8} {'Keras':>7}")
for name, (k, c, f) in cases.items():
    layer = layers.Conv2D(filters=f, kernel_size=k)
    layer.build((None, 32, 32, c))
    formula = (k * k * c + 1) * f
    assert formula == layer.count_params()
    print(
        f"{name:<31} {k:>2} {c:>3} {f:>3} {formatting.integer(formula):>8} "
        f"{formatting.integer(layer.count_params()):>7}"
    )

# %%
# Ojo al leer la fórmula de la clase: «size(kernel)» tiene que contar los
# canales de entrada, es decir, vale :math:`k \cdot k \cdot C` y no
# :math:`k \cdot k`. Con una entrada de un canal da lo mismo, pero en la
# segunda capa de LeNet-5 (16 filtros de 5 x 5 sobre 6 canales) la diferencia
# es grande:
k, c, f = cases["LeNet-5, conv_2"]
print(
    f"size(kernel) = {k}·{k} = {k * k}:     ({k * k} + 1)·{f} = "
    f"{formatting.integer((k * k + 1) * f)} (falta la profundidad)"
)
print(
    f"size(kernel) = {k}·{k}·{c} = {k * k * c}: ({k * k * c} + 1)·{f} = "
    f"{formatting.integer((k * k * c + 1) * f)} (lo que cuenta Keras)"
)

# %%
# El tamaño de la imagen no aparece en la fórmula: cada filtro se aplica, con
# los mismos pesos, en todas las posiciones (:term:`pesos compartidos`). Una
# :term:`capa densa`, en cambio, tiene un peso por cada pareja entrada-neurona. En la
# red pequeña de las lecciones anteriores, casi todos los parámetros están en
# la capa densa final:


model = models.small_cnn()
for layer in model.layers:
    if layer.count_params():
        share = layer.count_params() / model.count_params()
        print(
            f"{layer.name:<7} {formatting.integer(layer.count_params()):>6} "
            f"parámetros ({formatting.percent(share, 0)})"
        )
print(f"total   {formatting.integer(model.count_params()):>6}")

# %%
# Una iteración de aprendizaje, a mano
# ------------------------------------
# La red aprende como un :term:`perceptrón multicapa`. Tomamos un lote de 32 dígitos y
# recorremos las etapas una por una.
#
# **1. Propagación hacia adelante.** La imagen entra, cada capa convolucional
# aplica sus filtros, siguen la activación, el agrupamiento y la capa densa, y
# sale una predicción :math:`\hat{y}`: diez probabilidades por dígito.
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_batch = data.normalize(x_train[:32])[..., None]
y_batch = data.one_hot(y_train[:32])
training.set_seed()
model = models.small_cnn()
y_hat = model(x_batch)
print("Predicción:", y_hat.shape, "· primera fila:", np.round(y_hat[0].numpy(), 3))

# %%
# **2. La pérdida.** La :term:`función de pérdida` compara :math:`\hat{y}` con
# la etiqueta real :math:`y`. Con la :term:`entropía cruzada categórica` es
# :math:`-\frac{1}{N}\sum_i \sum_c y_{ic} \log \hat{y}_{ic}`: el promedio de
# :math:`-\log` de la probabilidad que la red dio a la clase correcta.
loss_fn = keras.losses.CategoricalCrossentropy()
loss = loss_fn(y_batch, y_hat)
by_hand = -np.mean(np.sum(y_batch * np.log(y_hat.numpy()), axis=1))
print(f"Pérdida (Keras): {float(loss):.5f} · a mano: {by_hand:.5f}")
print(f"Referencia: -log(1/10) = {-np.log(0.1):.5f} (adivinar al azar)")
claims.check(
    "la fórmula a mano da la misma pérdida que Keras",
    abs(float(loss) - by_hand) < 1e-4,
    keras=float(loss),
    a_mano=float(by_hand),
)

# %%
# **3. Retropropagación.** La :term:`retropropagación` calcula el gradiente de
# la pérdida respecto de cada peso: cuánto cambia la pérdida si el peso
# aumenta un poco. ``tf.GradientTape`` registra las operaciones de la
# propagación hacia adelante y luego las recorre hacia atrás. Hay un gradiente
# por cada arreglo de pesos, con su misma forma.
with tf.GradientTape() as tape:
    loss = loss_fn(y_batch, model(x_batch))
grads = tape.gradient(loss, model.trainable_weights)
for weight, grad in zip(model.trainable_weights, grads):
    shape = str(tuple(weight.shape))
    print(f"{weight.path:<26} pesos {shape:<15} gradiente {tuple(grad.shape)}")

# %%
# **4. La actualización.** El :term:`descenso de gradiente estocástico` (SGD)
# mueve cada peso un poco en contra de su gradiente:
# :math:`w \leftarrow w - \eta \, \partial L / \partial w`, con la tasa de
# aprendizaje :math:`\eta = 0.1`. Lo hace ``optimizer.apply_gradients``; lo
# comprobamos a mano en el kernel de ``conv_1``.
optimizer = keras.optimizers.SGD(learning_rate=0.1)
before = [w.numpy().copy() for w in model.trainable_weights]
optimizer.apply_gradients(zip(grads, model.trainable_weights))
expected = before[0] - 0.1 * grads[0].numpy()
claims.check(
    "el kernel de conv_1 quedó en su valor anterior menos 0.1 · gradiente",
    np.allclose(model.trainable_weights[0].numpy(), expected, atol=1e-7),
)
new_loss = loss_fn(y_batch, model(x_batch))
print(
    f"Pérdida en el mismo lote: antes {float(loss):.5f}, después {float(new_loss):.5f}"
)

# %%
# Una sola actualización ya baja la pérdida en ese lote. Entrenar es repetir
# las cuatro etapas con lote tras lote, época tras época.
claims.check(
    "una sola actualización baja la pérdida en ese lote",
    float(new_loss) < float(loss),
    antes=float(loss),
    después=float(new_loss),
)

# %%
#
# El mismo ciclo que ``model.fit``
# --------------------------------
# Escribimos el ciclo completo para 20 lotes de 32 dígitos y lo comparamos con
# ``model.fit`` sobre los mismos datos, en el mismo orden (sin barajar), con
# el mismo optimizador y los mismos pesos iniciales.
x_few = data.normalize(x_train[:640])[..., None]
y_few = data.one_hot(y_train[:640])

training.set_seed()
manual = models.small_cnn()
automatic = models.small_cnn()
automatic.set_weights(manual.get_weights())  # mismos pesos iniciales

optimizer = keras.optimizers.SGD(learning_rate=0.05)
manual_losses = []
for start in range(0, len(x_few), 32):
    xb, yb = x_few[start : start + 32], y_few[start : start + 32]
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, manual(xb))  # 1 y 2: adelante y pérdida
    grads = tape.gradient(loss, manual.trainable_weights)  # 3: retropropagación
    optimizer.apply_gradients(zip(grads, manual.trainable_weights))  # 4: actualización
    manual_losses.append(float(loss))

automatic.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.05),
    loss="categorical_crossentropy",
)
history = automatic.fit(x_few, y_few, batch_size=32, epochs=1, shuffle=False, verbose=0)
print(f"Lotes: {len(manual_losses)}")
print(
    f"Pérdida media de la época: ciclo a mano {np.mean(manual_losses):.6f}, "
    f"model.fit {history.history['loss'][0]:.6f}"
)
diff = max(
    np.max(np.abs(a - b)) for a, b in zip(manual.get_weights(), automatic.get_weights())
)
print(f"Diferencia máxima entre los pesos finales: {diff:.1e}")

# %%
# Los dos caminos terminan con los mismos pesos, salvo diferencias del orden
# del redondeo de ``float32``: ``fit`` no hace nada más que este ciclo (más la
# contabilidad de métricas y el barajado, que aquí apagamos).
claims.check(
    "el ciclo a mano y model.fit terminan con los mismos pesos, salvo el redondeo "
    "de float32 (menos de 1e-4)",
    diff < 1e-4,
    diferencia_máxima=float(diff),
)

# %%
#
# SGD contra Adam
# ---------------
# SGD usa la misma :term:`tasa de aprendizaje` para todos los pesos. :term:`Adam`
# (*adaptive moment estimation*) guarda, para cada peso, un promedio móvil del
# gradiente (:math:`m`) y de su cuadrado (:math:`v`) y avanza
# :math:`\eta\, \hat{m} / (\sqrt{\hat{v}} + \epsilon)`: los pesos con
# gradientes pequeños pero constantes se mueven más que con SGD.
#
# Entrenamos la red pequeña con cada optimizador, con sus tasas por omisión en
# Keras (0.01 para SGD y 0.001 para Adam), tres épocas y lotes de 32. Usamos un
# subconjunto de 6,000 dígitos para que la lección sea rápida: no buscamos la
# mejor :term:`exactitud`, sino comparar cómo aprende cada optimizador. El
# entrenamiento con Adam es el mismo de la lección anterior
# (``recipes.small_cnn_adam()`` repite su receta), así que se carga de la caché.
x_small = data.normalize(x_train[:6000])[..., None]
y_small = data.one_hot(y_train[:6000])
x_eval = data.normalize(x_test[:2000])[..., None]
y_eval = data.one_hot(y_test[:2000])
runs = {
    "SGD": training.fit_or_load(
        "cnn_pequena_sgd",
        lambda: models.compile_classifier(models.small_cnn(), "sgd", 1e-2),
        train=(x_small, y_small),
        test=(x_eval, y_eval),
        epochs=3,
        batch_size=32,
    ),
    "Adam": recipes.small_cnn_adam(),
}

# %%
fig = plots.compare_curves(
    {name: run.history for name, run in runs.items()},
    title="La misma red con SGD y con Adam",
)

# %%
for name, run in runs.items():
    print(
        f"{name:<5} exactitud en {formatting.integer(len(x_eval))} dígitos de prueba: "
        f"{formatting.percent(run.test_accuracy)} · pérdida "
        f"{run.metrics['test_loss']:.3f}"
    )

# %%
# Con estas tasas por omisión, Adam baja la pérdida más rápido desde la primera
# época.
claims.check(
    "con sus tasas por omisión, Adam termina cada época con menor pérdida de "
    "entrenamiento que SGD",
    all(
        a < s for a, s in zip(runs["Adam"].history["loss"], runs["SGD"].history["loss"])
    ),
    adam_época_1=runs["Adam"].history["loss"][0],
    sgd_época_1=runs["SGD"].history["loss"][0],
)

# %%
# Eso no hace a SGD inútil: con una tasa mejor elegida y más épocas también
# entrena bien (el capítulo siguiente entrena LeNet-5 con SGD y tasa 0.1). La
# comparación depende de la tasa que se elija para cada optimizador; Adam es
# más tolerante a una tasa mal elegida, y por eso es un buen punto de partida.
#
# Resumen
# -------
# * Una capa convolucional aprende :math:`(k \cdot k \cdot C + 1) \cdot F`
#   parámetros: los pesos de sus filtros y un sesgo por filtro, sin importar el
#   tamaño de la imagen.
# * Aprender es repetir: propagación hacia adelante, pérdida,
#   retropropagación (``tf.GradientTape``) y una actualización del optimizador.
#   ``model.fit`` es ese mismo ciclo.
# * SGD avanza con la misma tasa para todos los pesos; Adam adapta cuánto se
#   mueve cada peso y, en esta red, aprendió más rápido con su tasa por omisión.
#
# Ejercicios
# ----------
# 1. ¿Cuántos parámetros tiene ``Conv2D(64, 3)`` aplicada a un volumen de
#    32 canales? ¿Y si la entrada mide 14 x 14 en lugar de 28 x 28?
#
#    .. dropdown:: Solución
#
#       :math:`(3 \cdot 3 \cdot 32 + 1) \cdot 64 = 18{,}496`, en los dos casos:
#       el tamaño de la imagen no cuenta. Compruébalo con
#       ``layers.Conv2D(64, 3)`` y ``build((None, 14, 14, 32))``.
#
# 2. Entrena la red con SGD y tasa de aprendizaje 0.1 en lugar de 0.01. ¿Se
#    acerca a Adam?
#
#    .. dropdown:: Solución
#
#       Cambia ``"sgd", 1e-2`` por ``"sgd", 1e-1`` en la receta de
#       ``cnn_pequena_sgd``. La caché detecta el cambio (la clave incluye el
#       optimizador) y entrena de nuevo. Compara las dos curvas de pérdida con
#       las de Adam: la comparación entre optimizadores depende mucho de la
#       tasa que se elija para cada uno.
#
# 3. Repite la actualización a mano con
#    ``keras.optimizers.Adam(learning_rate=0.001)``. ¿Cuánto se mueve cada peso
#    en la primera actualización?
#
#    .. dropdown:: Solución
#
#       En la primera actualización :math:`\hat{m} = g` y
#       :math:`\hat{v} = g^2`, así que
#       cada peso se mueve casi exactamente :math:`\eta = 0.001` en contra del
#       signo de su gradiente, sea el gradiente grande o pequeño:
#
#       .. code-block:: python
#
#          training.set_seed()
#          model = models.small_cnn()
#          with tf.GradientTape() as tape:
#              loss = loss_fn(y_batch, model(x_batch))
#          grads = tape.gradient(loss, model.trainable_weights)
#          before = model.trainable_weights[0].numpy().copy()
#          keras.optimizers.Adam(0.001).apply_gradients(
#              zip(grads, model.trainable_weights)
#          )
#          step = before - model.trainable_weights[0].numpy()
#          print(np.abs(step).min(), np.abs(step).max())  # ambos cerca de 0.001
