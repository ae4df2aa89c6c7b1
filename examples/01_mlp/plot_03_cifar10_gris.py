"""
¿Es el color? CIFAR-10 en escala de grises
==========================================

Quitar el color y reducir el tamaño no acerca CIFAR-10 a MNIST.

**Lo que aprenderás**

* Cómo convertir una imagen a color en :term:`escala de grises` con los pesos de
  la luma de la norma BT.601.
* Que, con entradas del mismo formato que MNIST (28 x 28, un canal), el MLP
  sigue fallando con fotografías: la dificultad no está en el color ni en el
  tamaño de las imágenes.
"""

# %%
# La pregunta
# -----------
# El MLP acierta casi siempre con MNIST y cerca de la mitad de las veces con
# CIFAR-10 (lo comprobó la lección anterior).
# Entre los dos conjuntos hay dos diferencias evidentes: las fotografías son a
# color y son más grandes. Si quitamos ambas, convirtiendo CIFAR-10 a escala de
# grises y reduciéndolo a 28 x 28, la entrada de la red queda exactamente con el
# formato de MNIST. Si el MLP sigue fallando, la causa está en otra parte.
#
# Escala de grises
# ----------------
# El ojo humano es más sensible al verde que al rojo, y mucho menos al azul; por
# eso el gris no es el promedio de los tres canales sino la **luma** de la
# recomendación ITU-R BT.601,
#
# .. math::
#
#    Y' = 0.299\,R' + 0.587\,G' + 0.114\,B' .
#
# Las primas indican que los pesos se aplican a los valores de la imagen tal
# como vienen, ya codificados con gamma; por eso el resultado se llama luma y
# no luminancia (la luminancia se calcula con intensidades lineales). La
# constante ``data.LUMINANCE`` guarda estos pesos con el nombre de uso común.
import numpy as np

from cnnbook import claims, config, data, lecture, models, plots, recipes, training
from cnnbook.formatting import percent, points

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
print("Pesos de la luma BT.601:", data.LUMINANCE, "· suman", data.LUMINANCE.sum())

gray_train = data.resize(data.to_grayscale(x_train), (28, 28))
gray_test = data.resize(data.to_grayscale(x_test), (28, 28))
print("Color:", x_train.shape, "-> grises 28 x 28:", gray_train.shape)

# %%
# Las mismas fotografías, antes y después:
idx = [int(np.flatnonzero(y_test == c)[0]) for c in range(5)]
fig = plots.prediction_grid(
    x_test[idx],
    y_test[idx],
    y_test[idx],
    data.CIFAR10_CLASSES,
    title="CIFAR-10 a color (32 x 32 x 3)",
)
fig = plots.prediction_grid(
    gray_test[idx],
    y_test[idx],
    y_test[idx],
    data.CIFAR10_CLASSES,
    title="Las mismas imágenes en grises (28 x 28 x 1)",
)

# %%
# El mismo MLP que en MNIST
# -------------------------
# Con entradas de 28 x 28 x 1 el modelo es idéntico, parámetro por parámetro, al
# de MNIST.
x_train_n = data.normalize(gray_train)[..., None]
x_test_n = data.normalize(gray_test)[..., None]
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)


def build_mlp():
    return models.compile_classifier(models.mlp((28, 28, 1)), "adam", 5e-4)


print(f"Parámetros: {build_mlp().count_params():,}")
run = training.fit_or_load(
    "mlp_cifar10_gray",
    build_mlp,
    train=(x_train_n, y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=10,
    batch_size=32,
)
fig = plots.learning_curves(run.history, title="MLP en CIFAR-10 en grises (28 x 28)")

# %%
# Comparación con el color
# ------------------------
# Cargamos de la caché los modelos de las lecciones anteriores, con sus mismas
# recetas (``cnnbook.recipes``); si esta lección se ejecuta sola, se entrenan.
color = recipes.mlp_cifar10().test_accuracy
mnist = recipes.mlp_mnist().test_accuracy
print(
    f"MNIST: {percent(mnist)} · CIFAR-10 a color: {percent(color)} · "
    f"CIFAR-10 en grises: {percent(run.test_accuracy)}"
)
print(
    "Quitar el color y reducir el tamaño cambió la exactitud en "
    f"{points(run.test_accuracy - color, 1)}."
)
print(
    f"La clase reporta {percent(lecture.RESULTS['mlp_cifar10'][0])} (color) y "
    f"{percent(lecture.RESULTS['mlp_cifar10_gray'][0])} (grises)."
)
fig = plots.accuracy_bars(
    ["MNIST", "CIFAR-10\ncolor", "CIFAR-10\ngrises 28 x 28"],
    [mnist, color, run.test_accuracy],
    reference=[
        lecture.RESULTS[k][0] for k in ("mlp_mnist", "mlp_cifar10", "mlp_cifar10_gray")
    ],
    title="El mismo MLP en tres conjuntos",
)
claims.check(
    "en grises y a 28 x 28 la exactitud de prueba es menor que a color",
    run.test_accuracy < color,
    grises=run.test_accuracy,
    color=color,
)
claims.check(
    "en grises, CIFAR-10 sigue a más de 40 puntos de MNIST",
    mnist - run.test_accuracy > 0.40,
    mnist=mnist,
    grises=run.test_accuracy,
)

# %%
# Resumen
# -------
# * Quitar el color y reducir el tamaño no acerca CIFAR-10 a MNIST: la
#   :term:`exactitud` empeora (la clase reporta 41.27 %, desde 47.88 % a color).
#   Una explicación plausible, que este experimento no aísla, es que el color
#   ayuda a distinguir, por ejemplo, un barco sobre el mar azul de un venado
#   sobre el pasto; también se perdió resolución al pasar de 32 x 32 a 28 x 28.
# * Con la misma red y el mismo formato de entrada, la diferencia con MNIST
#   está en las imágenes mismas: los dígitos están centrados, con fondo negro y
#   trazos parecidos; las fotografías tienen objetos de formas, tamaños,
#   posiciones y fondos muy variados.
# * Un MLP no tiene ninguna herramienta para lidiar con esa variabilidad, como
#   veremos al mover los dígitos unos cuantos píxeles.
#
# Ejercicios
# ----------
# 1. Convierte a grises promediando los tres canales en lugar de usar los
#    pesos de la luma. ¿Cuánto difieren las dos imágenes en promedio?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          mean_gray = x_test.mean(axis=-1)
#          lum_gray = data.to_grayscale(x_test).astype(float)
#          print(np.abs(mean_gray - lum_gray).mean())
#
#       La diferencia media es de unos pocos niveles de gris (de 0 a 255), y
#       es mayor en las fotos de colores más intensos: en una gris, los tres
#       canales valen lo mismo y las dos conversiones coinciden.
#
# 2. ¿Cuántos parámetros tiene la primera capa del MLP con CIFAR-10 en grises
#    pero a 32 x 32? ¿Y a color?
#
#    .. dropdown:: Solución
#
#       En grises, :math:`(1024 + 1) \times 200 = 205{,}000`; a color,
#       :math:`(3072 + 1) \times 200 = 614{,}600`.
