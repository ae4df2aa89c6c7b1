"""
El perceptrón multicapa en MNIST
================================

Un perceptrón multicapa de 188,660 parámetros aprende a reconocer los dígitos de MNIST.

**Lo que aprenderás**

* Cómo es el :term:`perceptrón multicapa` (MLP) 784-200-150-10 de la clase y de dónde
  salen sus 188,660 parámetros.
* Cómo se entrena en Keras con los 60,000 dígitos de MNIST y cómo leer sus curvas
  de aprendizaje.
* Qué :term:`exactitud` alcanza en el :term:`conjunto de prueba` y cómo se ven sus predicciones.
"""

# %%
# Los datos
# ---------
# MNIST tiene 70,000 imágenes de dígitos escritos a mano, de 28 x 28 píxeles en
# :term:`escala de grises`: 60,000 para entrenar y 10,000 para probar. Cada píxel es un
# entero entre 0 (negro) y 255 (blanco). Los cargamos con ``cnnbook.data``, que
# devuelve lo mismo que ``keras.datasets.mnist.load_data()``.
from cnnbook import claims, config, data, lecture, models, plots, training
from cnnbook.formatting import integer, percent, points

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_mnist()
print("Entrenamiento:", x_train.shape, x_train.dtype, "· prueba:", x_test.shape)
print("Etiquetas de las diez primeras imágenes:", y_train[:10])

# %%
# Para la red, los píxeles se escalan a [0, 1] y se agrega un eje de canal
# (``channels_last``: alto, ancho, canales). Las etiquetas se codifican en
# *one-hot*: el dígito 3 se vuelve el vector ``[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]``,
# que es lo que espera la pérdida ``categorical_crossentropy``.
x_train_n = data.normalize(x_train)[..., None]
x_test_n = data.normalize(x_test)[..., None]
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)
print(
    "Forma de la entrada:",
    x_train_n.shape,
    "· rango:",
    x_train_n.min(),
    "a",
    x_train_n.max(),
)
print("Etiqueta", y_train[0], "en one-hot:", y_train_1h[0])

# %%
# El modelo
# ---------
# El MLP aplana cada imagen en un vector de 28 x 28 = 784 números y lo pasa por
# dos capas densas (*Dense*) con activación :term:`ReLU`, de 200 y 150 neuronas, y una
# capa de salida de 10 neuronas con *softmax*, que da una probabilidad por
# dígito. Una :term:`capa densa` tiene un peso por cada pareja (entrada,
# neurona) más un sesgo por neurona.
model = models.mlp(input_shape=(28, 28, 1))
print(models.summary(model))

# %%
# Comprobamos la cuenta capa por capa con la fórmula
# :math:`(\text{entradas} + 1) \times \text{neuronas}`:
sizes = [784, 200, 150, 10]
per_layer = [(n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
for (n_in, n_out), count in zip(zip(sizes[:-1], sizes[1:]), per_layer):
    print(f"({n_in} + 1) x {n_out} = {count:,}")
print(
    f"Total: {sum(per_layer):,} · Keras: {model.count_params():,} · "
    f"la clase: {lecture.PARAMS['mlp']:,}"
)

# %%
# El entrenamiento
# ----------------
# La clase no muestra cómo entrenó este MLP. Usamos la receta del cuaderno de
# Foster (:ref:`ref-foster2023`), de donde sale la red (y el formato
# «pred = … / act = …» de las figuras de la clase): el :term:`optimizador`
# :term:`Adam` (:ref:`ref-kingma2015`) con :term:`tasa de aprendizaje` 0.0005,
# 10 épocas y lotes de 32 imágenes. ``training.fit_or_load`` fija las semillas,
# entrena y guarda el resultado en una caché: si nada cambió, la siguiente
# construcción del libro lo carga en lugar de volver a entrenar. Al final de
# cada época medimos también el conjunto de prueba, sólo para dibujar las curvas:
# ninguna decisión del entrenamiento se toma con él.


def build_mlp():
    return models.compile_classifier(models.mlp((28, 28, 1)), "adam", 5e-4)


# recipes.mlp_mnist() repite esta misma receta en las lecciones siguientes.
run = training.fit_or_load(
    "mlp_mnist",
    build_mlp,
    train=(x_train_n, y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=10,
    batch_size=32,
)

# %%
# Curvas de aprendizaje
# ---------------------
# Las curvas muestran la pérdida y la :term:`exactitud` al final de cada época, en
# entrenamiento y en prueba.
fig = plots.learning_curves(run.history, title="MLP en MNIST")

# %%
# La pérdida de entrenamiento baja en cada época. La de prueba baja sólo al
# principio: su mínimo queda antes de la última época y después sube, mientras
# la brecha con la de entrenamiento crece. La red sigue ajustando detalles de
# los dígitos de entrenamiento que no le sirven con dígitos nuevos
# (:term:`sobreajuste`).
import numpy as np

loss, val_loss = np.array(run.history["loss"]), np.array(run.history["val_loss"])
best = int(np.argmin(val_loss))
claims.check(
    "la pérdida de entrenamiento baja en cada época",
    bool(np.all(np.diff(loss) < 0)),
    primera=float(loss[0]),
    última=float(loss[-1]),
)
claims.check(
    "la pérdida de prueba llega a su mínimo antes de la última época y luego sube",
    best < len(val_loss) - 1 and val_loss[-1] > val_loss[best],
    época_del_mínimo=best + 1,
    mínimo=float(val_loss[best]),
    última=float(val_loss[-1]),
)
claims.check(
    "la brecha entre la pérdida de prueba y la de entrenamiento crece",
    val_loss[-1] - loss[-1] > val_loss[0] - loss[0],
    brecha_inicial=float(val_loss[0] - loss[0]),
    brecha_final=float(val_loss[-1] - loss[-1]),
)

# %%
# Exactitud en el conjunto de prueba
# ----------------------------------
# La diapositiva de la clase muestra dos cifras de la misma evaluación: 0.9720 en
# la barra de progreso de Keras y 0.9754 en la lista que devuelve
# ``model.evaluate``. La barra de Keras 3 vuelve a promediar valores que ya son
# promedios (un error conocido, `keras-team/keras#21301
# <https://github.com/keras-team/keras/issues/21301>`_); la exactitud sobre los
# 10,000 dígitos es la que devuelve ``evaluate``, y es la que este libro toma
# como la de la clase.
reported = lecture.RESULTS["mlp_mnist"][0]
print(
    f"Exactitud en entrenamiento (última época): {percent(run.metrics['train_accuracy'])}"
)
print(
    f"Exactitud en prueba: {percent(run.test_accuracy)} "
    f"({integer(round(run.test_accuracy * len(y_test)))} de {integer(len(y_test))} dígitos)"
)
print(
    f"La clase reporta {percent(reported)}; diferencia: "
    f"{points(run.test_accuracy - reported)}."
)
claims.check(
    "la exactitud de prueba queda a menos de un punto porcentual de la de la clase",
    abs(run.test_accuracy - reported) < 0.01,
    medida=run.test_accuracy,
    clase=reported,
)

# %%
# Diez predicciones
# -----------------
# Tomamos diez imágenes de prueba al azar (con semilla fija) y escribimos sobre
# cada una la clase predicha (la de mayor probabilidad) y la real.
rng = np.random.default_rng(config.SEED)
idx = rng.choice(len(x_test), size=10, replace=False)
probs = run.model.predict(x_test_n[idx], verbose=0)
fig = plots.prediction_grid(
    x_test[idx],
    y_test[idx],
    probs.argmax(axis=1),
    data.MNIST_CLASSES,
    title="MLP en MNIST: diez dígitos de prueba",
)

# %%
# ¿En qué se equivoca? Contamos los errores por dígito real.
pred_all = run.model.predict(x_test_n, batch_size=1024, verbose=0).argmax(axis=1)
errors = np.bincount(y_test[pred_all != y_test], minlength=10)
totals = np.bincount(y_test, minlength=10)
for digit in range(10):
    print(
        f"dígito {digit}: {errors[digit]:3d} errores de {integer(totals[digit])} "
        f"({percent(errors[digit] / totals[digit], 1)})"
    )

# %%
# Resumen
# -------
# * Un MLP de 188,660 parámetros aprende a reconocer dígitos de MNIST con una
#   exactitud de prueba a menos de un punto porcentual del 97.54 % que reporta
#   la clase (comprobado arriba).
# * La red no recibe una imagen sino un vector de 784 números: la operación
#   ``Flatten`` descarta qué píxel está junto a cuál. En MNIST eso casi no
#   importa, porque los dígitos están centrados y normalizados en tamaño.
# * En las siguientes lecciones veremos qué pasa cuando las imágenes son más
#   variadas (CIFAR-10) o cuando los dígitos se desplazan.
#
# Ejercicios
# ----------
# 1. ¿Cuántos parámetros tendría el mismo MLP si las imágenes fueran de
#    32 x 32 x 3 (CIFAR-10)? Calcúlalo antes de verlo en la siguiente lección.
#    Comprueba tu respuesta con ``exercises.check("1.1.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       La primera capa tendría :math:`(3072 + 1) \times 200 = 614{,}600`
#       parámetros; las otras dos no cambian (30,150 y 1,510). En total,
#       646,260. Compruébalo con
#       ``models.mlp((32, 32, 3)).count_params()``.
#
# 2. Cambia ``epochs=10`` por ``epochs=3`` y vuelve a ejecutar la lección.
#    ¿Cambia mucho la exactitud de prueba? ¿Y la de entrenamiento?
#
#    .. dropdown:: Solución
#
#       Con 3 épocas la exactitud de prueba suele quedar apenas por debajo: la
#       mayor parte del aprendizaje ocurre en las primeras épocas, como
#       muestran las curvas. La de entrenamiento suele bajar más, porque la red
#       tuvo menos épocas para ajustar los detalles de los dígitos que ve. La
#       caché detecta el cambio (la clave incluye las épocas) y entrena de
#       nuevo.
#
# 3. En la tabla de errores por dígito, ¿qué dígitos confunde más la red? Usa
#    ``pred_all`` para encontrar con qué dígito confunde más al que más falla.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          worst = errors.argmax()
#          wrong = pred_all[(y_test == worst) & (pred_all != y_test)]
#          print(worst, "se confunde sobre todo con", np.bincount(wrong).argmax())
