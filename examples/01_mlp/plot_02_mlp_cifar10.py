"""
El mismo MLP con fotografías: CIFAR-10
======================================

La misma arquitectura, con fotografías a color de diez clases, acierta mucho menos.

**Lo que aprenderás**

* Qué contiene CIFAR-10 y en qué se diferencia de MNIST.
* Qué hay que cambiar del MLP de MNIST para usarlo con imágenes a color de
  32 x 32 (sólo la forma de la entrada) y cuántos parámetros agrega eso.
* Cuánto acierta el mismo tipo de red con fotografías.
"""

# %%
# Los datos
# ---------
# CIFAR-10 tiene 60,000 fotografías a color de 32 x 32 píxeles (50,000 para
# entrenar y 10,000 para probar) de diez clases: aviones, automóviles, pájaros,
# gatos, venados, perros, ranas, caballos, barcos y camiones
# (:ref:`ref-krizhevsky2009`). Cada imagen tiene tres canales (rojo, verde y
# azul).
#
# De dónde salieron *estos* datos depende de la máquina que construyó el libro:
# ``keras.datasets`` descarga los archivos oficiales, y la carpeta
# ``CNNBOOK_DATA`` puede tener otra copia. ``data.provenance`` lo dice a partir
# de los datos que se cargaron, con una huella (SHA-256) de sus arreglos: dos
# copias con la misma huella tienen exactamente los mismos píxeles y etiquetas.
import numpy as np

from cnnbook import claims, config, data, lecture, models, plots, recipes, training
from cnnbook.formatting import percent, points

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
print(data.provenance("cifar10").sentence())
print("Entrenamiento:", x_train.shape, "· prueba:", x_test.shape)
print("Clases:", ", ".join(data.CIFAR10_CLASSES))

# %%
# Una muestra de cada clase:
first = [int(np.flatnonzero(y_train == c)[0]) for c in range(10)]
fig = plots.prediction_grid(
    x_train[first],
    y_train[first],
    y_train[first],
    data.CIFAR10_CLASSES,
    title="Un ejemplo de cada clase de CIFAR-10 (etiquetas reales)",
)

# %%
# El modelo: sólo cambia la entrada
# ---------------------------------
# La arquitectura es la misma que en MNIST; sólo cambia la forma de la entrada,
# de ``(28, 28, 1)`` a ``(32, 32, 3)``. Al aplanar quedan 32 x 32 x 3 = 3,072
# números, y la primera :term:`capa densa` crece en proporción.
model = models.mlp(input_shape=(32, 32, 3))
print(models.summary(model))
mnist_params = models.mlp(input_shape=(28, 28, 1)).count_params()
print(
    f"\nEl MLP de MNIST tiene {mnist_params:,} parámetros; éste, "
    f"{model.count_params():,} ({model.count_params() / mnist_params:.1f} veces "
    "los de MNIST)."
)

# %%
# El entrenamiento
# ----------------
# Mismo :term:`optimizador`, mismas épocas y mismo tamaño de lote que en MNIST.
x_train_n, x_test_n = data.normalize(x_train), data.normalize(x_test)
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)


def build_mlp():
    return models.compile_classifier(models.mlp((32, 32, 3)), "adam", 5e-4)


# recipes.mlp_cifar10() repite esta misma receta en las lecciones siguientes.
run = training.fit_or_load(
    "mlp_cifar10",
    build_mlp,
    train=(x_train_n, y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=10,
    batch_size=32,
)
fig = plots.learning_curves(run.history, title="MLP en CIFAR-10 (color)")

# %%
# Exactitud
# ---------
# Con diez clases equilibradas, adivinar al azar acierta el 10 % de las veces.
reported = lecture.RESULTS["mlp_cifar10"][0]
train_acc = run.metrics["train_accuracy"]
print(f"Exactitud en entrenamiento (última época): {percent(train_acc)}")
print(
    f"Exactitud en prueba: {percent(run.test_accuracy)} · "
    f"la clase reporta {percent(reported)}"
)
print(f"Al azar se esperaría {percent(1 / 10, 0)}.")
claims.check(
    "el MLP acierta en prueba cerca de la mitad de las fotografías, muy por "
    "encima del azar y muy por debajo de MNIST",
    0.35 <= run.test_accuracy <= 0.6,
    prueba=run.test_accuracy,
)

# %%
# ¿Le faltan parámetros? ¿Memoriza?
# ---------------------------------
# Esta red tiene más del triple de parámetros que la de MNIST, pero contar
# parámetros no dice cuánto puede aprender de estas fotos. Lo que sí lo dice es
# comparar la exactitud en las fotos con que se entrenó con la de las fotos
# nuevas, y hacer lo mismo con el MLP de MNIST (que se carga de la caché):
mnist_run = recipes.mlp_mnist()
gaps = {
    "MNIST": (mnist_run.metrics["train_accuracy"], mnist_run.test_accuracy),
    "CIFAR-10": (train_acc, run.test_accuracy),
}
for name, (train, test) in gaps.items():
    print(
        f"{name:9s} entrenamiento {percent(train)} · prueba {percent(test)} · "
        f"brecha {points(train - test)}"
    )

# %%
# Con MNIST, el MLP acierta casi todos los dígitos con que se entrenó. Con
# CIFAR-10 acierta mucho menos **incluso en las fotos de entrenamiento**, y la
# brecha con la prueba es chica. El problema no es que memorice las fotos que
# ve y falle con las nuevas: con esta receta, no encuentra en los píxeles
# crudos una regla que separe bien las clases ni siquiera en los datos que ve.
# Los parámetros de más no cambiaron eso: casi todos se van en la primera capa,
# que une cada píxel con cada neurona (lo cuenta el primer ejercicio).
claims.check(
    "con CIFAR-10 el MLP acierta menos del 75 % incluso en las fotos de "
    "entrenamiento, mientras que con MNIST pasa del 99 %",
    train_acc < 0.75 and mnist_run.metrics["train_accuracy"] > 0.99,
    entrenamiento_cifar10=train_acc,
    entrenamiento_mnist=mnist_run.metrics["train_accuracy"],
)
claims.check(
    "en CIFAR-10 la brecha entre entrenamiento y prueba es menor de 10 puntos",
    train_acc - run.test_accuracy < 0.10,
    brecha=train_acc - run.test_accuracy,
)

# %%
# Diez predicciones
# -----------------
rng = np.random.default_rng(config.SEED)
idx = rng.choice(len(x_test), size=10, replace=False)
pred = run.model.predict(x_test_n[idx], verbose=0).argmax(axis=1)
fig = plots.prediction_grid(
    x_test[idx],
    y_test[idx],
    pred,
    data.CIFAR10_CLASSES,
    title="MLP en CIFAR-10: diez fotografías de prueba",
)

# %%
# Exactitud por clase
# -------------------
# No todas las clases son igual de difíciles. Medimos la :term:`exactitud` de cada una:
pred_all = run.model.predict(x_test_n, batch_size=1024, verbose=0).argmax(axis=1)
per_class = [float(np.mean(pred_all[y_test == c] == c)) for c in range(10)]
for name, acc in sorted(zip(data.CIFAR10_CLASSES, per_class), key=lambda t: -t[1]):
    print(f"{name:>10}: {percent(acc, 1)}")
fig = plots.accuracy_bars(
    data.CIFAR10_CLASSES, per_class, title="MLP en CIFAR-10: exactitud por clase"
)
claims.check(
    "entre la clase más fácil y la más difícil hay más de 20 puntos de diferencia",
    max(per_class) - min(per_class) > 0.20,
    más_fácil=max(per_class),
    más_difícil=min(per_class),
)

# %%
# Resumen
# -------
# * El mismo tipo de red que reconocía dígitos acierta cerca de la mitad de las
#   veces con fotografías (la clase reporta 47.88 %). Es mucho mejor que el
#   azar, pero muy lejos de MNIST.
# * No es que memorice: acierta poco incluso en las fotos con que se entrenó.
#   Tener más del triple de parámetros que la red de MNIST no le bastó para
#   encontrar en los píxeles una regla que separe las clases.
# * Las fotografías tienen mucha más variabilidad que los dígitos: el mismo
#   objeto aparece grande o pequeño, de frente o de perfil, sobre fondos
#   distintos. ¿Será el color lo que complica las cosas? Lo probamos en la
#   siguiente lección.
#
# Ejercicios
# ----------
# 1. ¿Cuántos de los parámetros del MLP de CIFAR-10 están en la primera capa?
#    ¿Qué fracción del total es?
#    Comprueba el número con ``exercises.check("1.2.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       :math:`(3072 + 1) \times 200 = 614{,}600`, que es
#       ``614_600 / model.count_params()`` del total, más del 95 %. Casi toda la
#       red se dedica a conectar cada píxel con cada neurona de la primera capa.
#
# 2. Construye la matriz de confusión con
#    ``sklearn.metrics.confusion_matrix(y_test, pred_all)``. ¿Qué pares de clases
#    se confunden más?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          from sklearn.metrics import confusion_matrix
#          cm = confusion_matrix(y_test, pred_all)
#          np.fill_diagonal(cm, 0)
#          i, j = np.unravel_index(cm.argmax(), cm.shape)
#          print(data.CIFAR10_CLASSES[i], "->", data.CIFAR10_CLASSES[j], cm[i, j])
#
#       Suelen ser clases parecidas entre sí: gato y perro, automóvil y camión,
#       venado y caballo.
