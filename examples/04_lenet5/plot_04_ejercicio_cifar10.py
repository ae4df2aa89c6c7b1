"""
Ejercicio: LeNet-5 en CIFAR-10
==============================

LeNet-5 en CIFAR-10, sin mejoras, frente al perceptrón multicapa.

**Lo que aprenderás**

* A adaptar LeNet-5 a imágenes a color de 32 x 32 (sin las mejoras de la
  lección anterior).
* A comparar su :term:`exactitud` con la del MLP del capítulo 1 en el mismo conjunto.
"""

# %%
# El enunciado
# ------------
# De manera similar a MNIST, implementa LeNet-5 para CIFAR-10, **sin** las mejoras
# de la lección anterior: la misma arquitectura (dos convoluciones 5 x 5 de 6 y 16
# filtros, :term:`agrupamiento máximo` de 2, densas de 120, 84 y 10), SGD con tasa 0.1,
# lotes de 128 y 20 épocas. ¿Qué exactitud alcanza? ¿Cómo se compara con el MLP
# del capítulo 1 (que tenía más de diez veces más parámetros)?
#
# Intenta resolverlo antes de abrir la solución.
#
# .. raw:: html
#
#    <details class="cnnbook-solucion"><summary>Solución (código ejecutado al construir el libro)</summary>
from cnnbook import config, data, models, plots, recipes, training

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
x_train_n, x_test_n = data.normalize(x_train), data.normalize(x_test)
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)


def build_lenet5_cifar():
    return models.compile_classifier(models.lenet5((32, 32, 3)), "sgd", 0.1)


print(models.summary(build_lenet5_cifar()))
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
print(f"LeNet-5: {run.test_accuracy:.2%} con {run.model.count_params():,} parámetros")
print(f"MLP:     {mlp['test_accuracy']:.2%} con {int(mlp['params']):,} parámetros")
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
# Con una fracción de los parámetros, la red convolucional compite con el MLP o
# lo supera (las cifras de arriba lo dicen en esta construcción), pero sigue
# lejos de lo que logra con los dígitos: CIFAR-10 necesita redes más profundas,
# más filtros, :term:`aumento de datos` y más épocas. Observa también en las curvas la
# distancia entre entrenamiento y prueba: LeNet-5 empieza a memorizar el conjunto
# de entrenamiento.
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
# 1. Agrega a esta red las mejoras de la lección anterior (borde no hace falta:
#    las imágenes ya son de 32 x 32). ¿Qué cambia en la exactitud?
#
#    .. dropdown:: Solución
#
#       Usa ``models.lenet5_improved((32, 32, 3), padding=0)`` con
#       ``compile_classifier(..., "sgd", 0.1)`` y entrénala con ``fit_or_load``
#       bajo otro nombre; el aumento y las capas extra suelen subir la exactitud
#       en prueba varios puntos y reducir el :term:`sobreajuste`.
