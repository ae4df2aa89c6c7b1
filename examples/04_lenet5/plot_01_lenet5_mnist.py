"""
LeNet-5 en MNIST
================

LeNet-5 frente al perceptrón multicapa: menos parámetros y menos errores.

**Lo que aprenderás**

* De dónde viene LeNet-5 y cómo es su arquitectura: dos capas convolucionales
  con agrupamiento y tres capas densas.
* Por qué tiene cuatro veces menos parámetros que el MLP del capítulo 1, capa
  por capa, con la fórmula.
* Cómo se entrena (20 épocas de :term:`descenso de gradiente estocástico`) y qué
  :term:`exactitud` alcanza.
* Qué aprendieron sus filtros y cómo se ve un dígito al atravesar la red.
"""

# %%
# Un poco de historia
# -------------------
# En 1998, Yann LeCun, Léon Bottou, Yoshua Bengio y Patrick Haffner publicaron
# *Gradient-based learning applied to document recognition*, donde presentan
# LeNet-5. Fue la primera red convolucional entrenada con éxito en una tarea real
# —la lectura automática de los montos de cheques bancarios— y mostró que las
# convoluciones y el :term:`submuestreo` (*pooling*) pueden aprender, a partir de los
# datos, características jerárquicas de las imágenes. La versión original usaba
# funciones sigmoides o :term:`tanh`; aquí, como en la clase, usamos :term:`ReLU`.
from cnnbook import config, data, lecture, models, plots, recipes, training

print(config.profile().describe())
lenet = models.lenet5(input_shape=(28, 28, 1))
print(models.summary(lenet))

# %%
# Frente al perceptrón multicapa
# ------------------------------
# Ponemos al lado el resumen del MLP del capítulo 1.
mlp = models.mlp(input_shape=(28, 28, 1))
print(models.summary(mlp))
print(
    f"\nMLP: {mlp.count_params():,} parámetros · LeNet-5: {lenet.count_params():,} "
    f"(la clase: {lecture.PARAMS['mlp']:,} y {lecture.PARAMS['lenet5']:,}). "
    f"El MLP tiene {mlp.count_params() / lenet.count_params():.1f} veces más."
)

# %%
# ¿De dónde salen los parámetros?
# -------------------------------
# Una :term:`capa convolucional` con :math:`F` filtros de :math:`k \times k` sobre una
# entrada de :math:`C` canales tiene :math:`(k \cdot k \cdot C + 1) \cdot F`
# parámetros: los pesos de cada filtro más un sesgo por filtro. No depende del
# tamaño de la imagen, porque el mismo filtro se aplica en todas las posiciones
# (:term:`pesos compartidos`). Una :term:`capa densa` de :math:`n` entradas y :math:`m` neuronas
# tiene :math:`(n + 1) \cdot m`.
for layer in lenet.layers:
    if not layer.count_params():
        continue
    if "conv" in layer.name:
        k, _, c, f = layer.kernel.shape
        formula, value = f"({k}·{k}·{c} + 1)·{f}", (k * k * c + 1) * f
    else:
        n, m = layer.kernel.shape
        formula, value = f"({n} + 1)·{m}", (n + 1) * m
    print(
        f"{layer.name:8s} {formula:>16s} = {value:>6,}   Keras: {layer.count_params():,}"
    )

# %%
# ¿Dónde está la mayoría de los parámetros?
conv_params = sum(
    layer.count_params() for layer in lenet.layers if "conv" in layer.name
)
dense1 = lenet.get_layer("densa_1").count_params()
print(
    f"Capas convolucionales: {conv_params:,} ({conv_params / lenet.count_params():.1%})"
)
print(f"Primera capa densa: {dense1:,} ({dense1 / lenet.count_params():.1%})")

# %%
# Las capas convolucionales, que hacen el trabajo de "ver", son diminutas; la
# mayor parte de los parámetros está en la primera capa densa.
#
# El entrenamiento
# ----------------
# Como en la clase: descenso de gradiente estocástico (SGD) con tasa de
# aprendizaje 0.1, lotes de 128 imágenes y 20 épocas.
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_train_n, x_test_n = (
    data.normalize(x_train)[..., None],
    data.normalize(x_test)[..., None],
)
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)


def build_lenet5():
    return models.compile_classifier(models.lenet5((28, 28, 1)), "sgd", 0.1)


# recipes.lenet5_mnist() repite esta misma receta en las demás lecciones.
run = training.fit_or_load(
    "lenet5_mnist",
    build_lenet5,
    train=(x_train_n, y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=20,
    batch_size=128,
)
fig = plots.learning_curves(run.history, title="LeNet-5 en MNIST")

# %%
# Exactitud
# ---------
mlp_acc = recipes.mlp_mnist().test_accuracy
print(
    f"Entrenamiento (última época): {run.metrics['train_accuracy']:.2%} "
    f"(la clase reporta {lecture.RESULTS['lenet5_mnist_train'][0]:.2%})"
)
print(f"Prueba: {run.test_accuracy:.2%} · el MLP del capítulo 1: {mlp_acc:.2%}")
print(
    f"Errores en prueba: LeNet-5 {round((1 - run.test_accuracy) * len(y_test))}, "
    f"MLP {round((1 - mlp_acc) * len(y_test))}, de {len(y_test):,} dígitos"
)

# %%
# Con la cuarta parte de los parámetros, LeNet-5 comete menos errores que el MLP.
#
# Los filtros aprendidos
# ----------------------
# Los 6 filtros de 5 x 5 de la primera capa empezaron siendo aleatorios. Después
# del entrenamiento tienen estructura: compáralos con los detectores de bordes
# y de trazos orientados del capítulo 2.
fig = plots.filters(
    run.model.get_layer("conv_1").get_weights()[0], title="conv_1: 6 filtros de 5 x 5"
)

# %%
# La segunda capa tiene 16 filtros de 5 x 5 x 6: cada uno combina los 6 mapas de
# la primera capa. Mostramos, para cada uno, su promedio sobre los 6 canales.
w2 = run.model.get_layer("conv_2").get_weights()[0]
fig = plots.filters(
    w2.mean(axis=2, keepdims=True),
    title="conv_2: 16 filtros (promedio de sus 6 canales)",
)

# %%
# Un dígito atravesando la red
# ----------------------------
# Los mapas de características (*feature maps*) son la salida de cada filtro.
# Vemos los de la primera :term:`convolución` (24 x 24), tras el agrupamiento (12 x 12),
# y los de la segunda convolución (8 x 8).
import keras

probe = keras.Model(
    run.model.inputs,
    [run.model.get_layer(n).output for n in ("conv_1", "pool_1", "conv_2")],
)
digit = x_test_n[:1]
maps = probe.predict(digit, verbose=0)
print("Dígito:", y_test[0], "· formas:", [tuple(m.shape[1:]) for m in maps])
fig = plots.image_grid(
    [x_test_n[0, :, :, 0]], [f"entrada (real: {y_test[0]})"], ncols=1
)

# %%
fig = plots.image_grid(
    [maps[0][0, :, :, i] for i in range(6)],
    [f"conv_1 · {i}" for i in range(6)],
    ncols=6,
    cmap="cividis",
    title="Los 6 mapas de conv_1 (24 x 24)",
)

# %%
fig = plots.image_grid(
    [maps[2][0, :, :, i] for i in range(16)],
    [f"conv_2 · {i}" for i in range(16)],
    ncols=8,
    cmap="cividis",
    title="Los 16 mapas de conv_2 (8 x 8)",
)

# %%
# Cada mapa resalta otro aspecto del trazo; tras la segunda convolución los mapas
# son pequeños y abstractos. La capa densa final decide el dígito a partir de
# estos 16 mapas agrupados (4 x 4 x 16 = 256 números).
#
# Resumen
# -------
# * LeNet-5 alterna convoluciones y agrupamientos y termina en tres capas densas.
# * Tiene cuatro veces menos parámetros que el MLP (la clase reporta 44,426 frente
#   a 188,660, y los resúmenes de arriba dan lo mismo), porque cada filtro se
#   reutiliza en todas las posiciones de la imagen.
# * Aun así comete menos errores en MNIST (la salida de arriba da las cifras).
# * Sus filtros de la primera capa empezaron siendo aleatorios y adquirieron
#   estructura a partir de los datos: compáralos con los kernels clásicos del
#   capítulo 2.
#
# Ejercicios
# ----------
# 1. ¿Cuántos parámetros tendría LeNet-5 con imágenes a color de 32 x 32 x 3?
#    Comprueba tu respuesta con ``exercises.check("4.1.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       conv_1: :math:`(5 \cdot 5 \cdot 3 + 1) \cdot 6 = 456`; conv_2 sigue en
#       2,416; tras dos convoluciones y dos agrupamientos el mapa es de
#       5 x 5 x 16 = 400, así que la primera densa tiene
#       :math:`(400 + 1) \cdot 120 = 48{,}120`. Con 10,164 y 850 de las otras
#       dos: 62,006. Compruébalo con
#       ``models.lenet5((32, 32, 3)).count_params()``.
#
# 2. Muestra los mapas de ``pool_1`` del mismo dígito. ¿Qué tamaño tienen y en
#    qué se parecen a los de ``conv_1``?
#
#    .. dropdown:: Solución
#
#       ``maps[1]`` tiene forma ``(1, 12, 12, 6)``: cada mapa es el de ``conv_1``
#       reducido a la mitad, conservando el valor máximo de cada ventana de
#       2 x 2, así que se ven los mismos trazos con menos detalle.
