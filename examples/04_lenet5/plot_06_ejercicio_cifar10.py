"""
Ejercicio: LeNet-5 en CIFAR-10
==============================

LeNet-5 en CIFAR-10, sin mejoras, frente al perceptrón multicapa.

**Lo que aprenderás**

* A adaptar LeNet-5 a imágenes a color de 32 x 32 (sin las mejoras de la
  lección 4).
* A comparar su :term:`exactitud` con la del MLP del capítulo 1 en el mismo conjunto.
"""

# %%
# El enunciado
# ------------
# La clase pide: «De manera similar a MNIST, implementa esta red convolucional
# para CIFAR10», **sin** las mejoras de la lección 4: la misma
# arquitectura (dos convoluciones 5 x 5 de 6 y 16 filtros,
# :term:`agrupamiento máximo` de 2, densas de 120, 84 y 10). Para el
# entrenamiento, la clase no da una receta; usamos la misma de LeNet-5 en
# MNIST (lección 1): 20 épocas, lotes de 128 (deducidos de las 469
# actualizaciones por época que muestra la clase) y SGD con tasa 0.1 (elegido
# por el libro, como el de la configuración mejorada). ¿Qué exactitud alcanza?
# ¿Cómo se compara con el MLP del capítulo 1 (que tenía más de diez veces más
# parámetros)?
#
# Intenta resolverlo antes de abrir la solución.
#
# .. raw:: html
#
#    <details class="cnnbook-solucion"><summary>Solución (código ejecutado al construir el libro)</summary>
from cnnbook import claims, config, data, formatting, models, plots, recipes, training

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
x_train_n, x_test_n = data.normalize(x_train), data.normalize(x_test)
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)


def build_lenet5_cifar():
    return models.compile_classifier(models.lenet5((32, 32, 3)), "sgd", 0.1)


print(models.summary(build_lenet5_cifar()))
# recipes.lenet5_cifar10() repite esta receta en el capítulo 6.
run = training.fit_or_load(
    "lenet5_cifar10",
    build_lenet5_cifar,
    train=(x_train_n, y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=20,
    batch_size=128,
)
fig = plots.learning_curves(run.history, title="LeNet-5 en CIFAR-10")

# %%
mlp_run = recipes.mlp_cifar10()
mlp = {"test_accuracy": mlp_run.test_accuracy, "params": mlp_run.model.count_params()}
print(
    f"LeNet-5: {formatting.percent(run.test_accuracy)} con "
    f"{formatting.integer(run.model.count_params())} parámetros"
)
print(
    f"MLP:     {formatting.percent(mlp['test_accuracy'])} con "
    f"{formatting.integer(int(mlp['params']))} parámetros"
)
fig = plots.accuracy_bars(
    ["MLP", "LeNet-5"],
    [mlp["test_accuracy"], run.test_accuracy],
    title="CIFAR-10: exactitud en prueba",
)

# %%
# .. raw:: html
#
#    </details>
#
# Interpretación
# --------------
# Comparamos con el MLP, con la misma LeNet-5 en MNIST y con su propia
# exactitud de entrenamiento:
mnist_acc = recipes.lenet5_mnist().test_accuracy
gap = run.metrics["train_accuracy"] - run.test_accuracy
versus = "supera al" if run.test_accuracy > mlp["test_accuracy"] else "no supera al"
print(
    f"Con {mlp['params'] / run.model.count_params():.0f} veces menos parámetros, "
    f"LeNet-5 {versus} MLP "
    f"({formatting.points(run.test_accuracy - mlp['test_accuracy'])})."
)
print(
    f"En MNIST, la misma red llega a {formatting.percent(mnist_acc)}; en CIFAR-10, "
    f"a {formatting.percent(run.test_accuracy)}."
)
print(
    f"Entrenamiento {formatting.percent(run.metrics['train_accuracy'])} frente a "
    f"prueba {formatting.percent(run.test_accuracy)}: {formatting.points(gap)}."
)
claims.check(
    "LeNet-5 queda en CIFAR-10 al menos 20 puntos por debajo de lo que logra en "
    "MNIST, y su exactitud de entrenamiento supera a la de prueba en más de 5 "
    "puntos",
    run.test_accuracy < mnist_acc - 0.2 and gap > 0.05,
    cifar10=run.test_accuracy,
    mnist=mnist_acc,
    brecha=gap,
)

# %%
# La red convolucional sigue lejos de lo que logra con los dígitos: CIFAR-10
# necesita redes más profundas, más filtros, :term:`aumento de datos` y más
# épocas. La distancia entre entrenamiento y prueba, que se ve también en las
# curvas, es :term:`sobreajuste`: la red ajusta detalles de las imágenes de
# entrenamiento que no sirven para las nuevas.
#
# Resumen
# -------
# * Cambiar de MNIST a CIFAR-10 sólo exige cambiar la forma de la entrada a
#   ``(32, 32, 3)``: la primera :term:`convolución` ahora tiene filtros de 5 x 5 x 3.
# * Los :term:`pesos compartidos` hacen que la red tenga muchos menos parámetros que el
#   MLP con el mismo tamaño de imagen.
#
# Ejercicios
# ----------
# 1. Agrega a esta red las mejoras de la lección 4 (borde no hace falta:
#    las imágenes ya son de 32 x 32). ¿Qué cambia en la exactitud?
#
#    .. dropdown:: Solución
#
#       Usa ``models.lenet5_improved((32, 32, 3), padding=0)`` con
#       ``compile_classifier(..., "sgd", 0.1)`` y entrénala con ``fit_or_load``
#       bajo otro nombre. Compara dos cosas con esta red: la exactitud en
#       prueba y la distancia entre entrenamiento y prueba (el
#       :term:`sobreajuste`), que el aumento de datos busca reducir.
