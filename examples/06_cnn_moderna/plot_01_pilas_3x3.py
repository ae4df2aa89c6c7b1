"""
El punto de partida y las pilas de 3 x 3
========================================

LeNet-5 en CIFAR-10 y el primer cambio: etapas de dos convoluciones de 3 x 3.

**Lo que aprenderás**

* Cómo se medirá cada idea del capítulo: con el mismo presupuesto de épocas y
  con su tiempo de entrenamiento.
* Por qué dos convoluciones de 3 x 3 ven lo mismo que una de 5 x 5 con menos
  pesos (el :term:`campo receptivo`, calculado).
* Qué logra una red de pilas de 3 x 3 al estilo VGG con el SGD de la clase.
"""

# %%
# El punto de partida
# -------------------
# El ejercicio del capítulo 4 entrenó LeNet-5 en CIFAR-10 con la receta de la
# clase: 20 épocas, lotes de 128 y SGD con tasa 0.1. Aquí se carga de la
# caché (si esta lección se ejecuta sola, se entrena).
import keras
import numpy as np

from cnnbook import (
    claims,
    config,
    formatting,
    ladder,
    models,
    modern,
    plots,
    receptive,
    recipes,
)

print(config.profile().describe())
lenet = recipes.lenet5_cifar10()
print(
    f"LeNet-5: {formatting.percent(lenet.test_accuracy)} en prueba, "
    f"{formatting.integer(lenet.model.count_params())} parámetros, "
    f"{formatting.number(lenet.train_seconds, 0)} s de entrenamiento."
)

# %%
# Cómo se mide cada idea
# ----------------------
# Cada lección del capítulo agrega **una** idea al modelo de la anterior y lo
# entrena con el mismo presupuesto: las mismas épocas, el mismo lote, la misma
# semilla y los mismos datos (las 50,000 imágenes de entrenamiento; la exactitud
# se mide en las 10,000 de prueba). Para que la escalera completa quepa en unos
# minutos de CPU, sus peldaños usan una red angosta; el modelo final del
# capítulo es el último peldaño con el doble de filtros y más épocas.
print(f"Peldaños: {', '.join(ladder.LADDER)}")
print(
    f"Cada peldaño: filtros por etapa {ladder.LADDER_WIDTHS}, "
    f"{ladder.LADDER_EPOCHS} épocas, lotes de {ladder.MODERN_BATCH}."
)
print(f"Modelo final: filtros {ladder.FINAL_WIDTHS}, {ladder.FINAL_EPOCHS} épocas.")
claims.check(
    "el modelo final tiene el doble de filtros por etapa que los peldaños y más épocas",
    [2 * w for w in ladder.LADDER_WIDTHS] == list(ladder.FINAL_WIDTHS)
    and ladder.FINAL_EPOCHS > ladder.LADDER_EPOCHS,
    peldanos=ladder.LADDER_WIDTHS,
    final=ladder.FINAL_WIDTHS,
)

# %%
# Todos los modelos del capítulo calculan en :term:`precisión mixta` si el
# procesador multiplica números bfloat16 en hardware (instrucciones AVX-512
# BF16 o AMX): cada operación mueve la mitad de bytes. Sin esas instrucciones,
# TensorFlow la emularía y sería más lenta, así que se usa float32. La decisión
# depende sólo del procesador, no de una medición de tiempo.
precision = modern.fast_precision()
print(f"Precisión en esta máquina: {precision}")

# %%
# Dos de 3 x 3 ven lo mismo que una de 5 x 5
# -------------------------------------------
# La idea de VGG (Simonyan y Zisserman, 2014): reemplazar cada convolución
# grande por una pila de convoluciones de 3 x 3. Con la fórmula del campo
# receptivo del capítulo 3, :math:`r_l = r_{l-1} + (k_l - 1)\,j_{l-1}`, dos capas
# de 3 x 3 con paso 1 dan :math:`1 + 2 + 2 = 5`. Lo calcula ``cnnbook.receptive``
# y Keras cuenta los pesos, con 64 canales de entrada y de salida:
channels = 64


def stack(kernels):
    layers_ = [keras.Input((32, 32, channels))]
    layers_ += [
        keras.layers.Conv2D(channels, k, name=f"conv_{i}")
        for i, k in enumerate(kernels, start=1)
    ]
    return keras.Sequential(layers_)


one_5x5, two_3x3 = stack([5]), stack([3, 3])
field_5x5 = receptive.receptive_fields(one_5x5)[-1].size[0]
field_3x3 = receptive.receptive_fields(two_3x3)[-1].size[0]
params_5x5, params_3x3 = one_5x5.count_params(), two_3x3.count_params()
print(
    f"Una de 5 x 5: campo {field_5x5} x {field_5x5}, "
    f"{formatting.integer(params_5x5)} parámetros"
)
print(
    f"Dos de 3 x 3: campo {field_3x3} x {field_3x3}, "
    f"{formatting.integer(params_3x3)} parámetros "
    f"({formatting.percent(params_3x3 / params_5x5, 0)} de los de la 5 x 5)"
)
claims.check(
    "dos convoluciones de 3 x 3 tienen el mismo campo receptivo que una de 5 x 5 "
    "y menos parámetros",
    field_3x3 == field_5x5 == 5 and params_3x3 < params_5x5,
    campo=field_3x3,
    parametros_3x3=params_3x3,
    parametros_5x5=params_5x5,
)

# %%
# Con :math:`C` canales de entrada y de salida, una de 5 x 5 tiene
# :math:`25C^2 + C` parámetros y dos de 3 x 3 tienen :math:`18C^2 + 2C`: un 28 %
# menos. Además, entre las dos capas hay una :term:`ReLU` más, así que la pila
# puede representar funciones que una sola capa no puede.
#
# La red de pilas de 3 x 3
# ------------------------
# Tres etapas; cada una, dos convoluciones de 3 x 3 con :term:`relleno` ``same``
# y un :term:`agrupamiento máximo` de 2; la cabeza aplana los mapas y termina en
# la capa *softmax*, como LeNet-5. Se entrena con el SGD de la clase (tasa 0.1
# constante). La receta está en ``ladder.settings``:
settings = ladder.settings("pilas_3x3")
print(settings)
print(models.summary(modern.modern_cnn(**settings["model"])))

# %%
# Se entrena con ``ladder.train("pilas_3x3")``, que construye la red con
# ``modern.modern_cnn``, la compila con ``modern.compile_modern`` y llama a
# ``training.fit_or_load`` (si ya se entrenó con esta misma receta, se carga):
run = ladder.train("pilas_3x3")
fig = plots.compare_curves(
    {"LeNet-5": lenet.history, "pilas de 3 x 3": run.history},
    title="CIFAR-10: LeNet-5 y la red de pilas de 3 x 3",
)

# %%
# ¿Qué compró el cambio?
# ----------------------
# Comparamos con LeNet-5 después de las mismas épocas (su curva de prueba) y al
# final de sus 20 épocas:
epochs = len(run.history["val_accuracy"])
lenet_same = lenet.history["val_accuracy"][epochs - 1]
print(
    f"Pilas de 3 x 3 tras {epochs} épocas: {formatting.percent(run.test_accuracy)} "
    f"en {formatting.number(run.train_seconds, 0)} s, "
    f"{formatting.integer(run.model.count_params())} parámetros."
)
print(
    f"LeNet-5 tras {epochs} épocas: {formatting.percent(lenet_same)}; "
    f"tras {len(lenet.history['val_accuracy'])}: "
    f"{formatting.percent(lenet.test_accuracy)}."
)
ahead = run.test_accuracy > lenet_same
print(
    "A igual número de épocas, la red de pilas de 3 x 3 "
    + ("supera" if ahead else "no supera")
    + f" a LeNet-5 ({formatting.points(run.test_accuracy - lenet_same)})."
)

# %%
# Más capas no bastan: con el SGD de la clase, una red de seis convoluciones
# sin ayuda aprende despacio al principio, porque la señal y el gradiente
# cambian de escala de capa en capa y una tasa que sirve para unas capas es
# demasiado grande o demasiado chica para otras. La pérdida de entrenamiento de
# la primera época lo muestra:
first_loss = run.history["loss"][0]
print(
    f"Pérdida de entrenamiento en la época 1: {formatting.number(first_loss, 3)} "
    f"(sin aprender nada, con 10 clases: ln 10 = {formatting.number(np.log(10), 3)})."
)
claims.check(
    "en su primera época, la pérdida de entrenamiento de la red de pilas de 3 x 3 "
    "sin normalizar queda a menos de 0.5 de la de adivinar al azar (ln 10)",
    np.log(10) - first_loss < 0.5,
    perdida=first_loss,
    ln10=np.log(10),
)

# %%
# Las dos lecciones siguientes atacan ese problema: primero el optimizador (un
# :term:`momento` y una tasa que calienta y se enfría) y después la
# :term:`normalización por lotes`.
#
# Resumen
# -------
# * Cada idea se mide con el mismo presupuesto de épocas, su exactitud en
#   prueba y su tiempo de entrenamiento.
# * Dos convoluciones de 3 x 3 cubren el campo de una de 5 x 5 con un 28 % menos
#   de pesos y una no linealidad más.
# * Apilar más capas no basta con el SGD de la clase: la red profunda arranca
#   lento.
#
# Ejercicios
# ----------
# 1. ¿Cuántas convoluciones de 3 x 3 (paso 1) hacen falta para cubrir lo mismo
#    que una de 7 x 7, y cuántos parámetros ahorran con :math:`C` canales?
#
#    .. dropdown:: Solución
#
#       Tres: :math:`1 + 2 + 2 + 2 = 7`. Tienen :math:`27C^2 + 3C` parámetros
#       frente a :math:`49C^2 + C`, un 45 % menos. Compruébalo con
#       ``stack([3, 3, 3])`` y ``stack([7])``.
