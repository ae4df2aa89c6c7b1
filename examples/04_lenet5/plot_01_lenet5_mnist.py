"""
LeNet-5 en MNIST
================

LeNet-5 frente al perceptrón multicapa: menos parámetros y menos errores.

**Lo que aprenderás**

* De dónde viene LeNet-5 y cómo es su arquitectura: dos capas convolucionales
  con agrupamiento y tres capas densas.
* Por qué tiene cuatro veces menos parámetros que el MLP del capítulo 1, capa
  por capa, con la fórmula.
* Cómo se entrena (20 épocas de :term:`descenso de gradiente estocástico`), qué
  :term:`exactitud` alcanza y qué parte de la receta muestra la clase.
* Qué aprendieron sus filtros y cómo se ve un dígito al atravesar la red.
"""

# %%
# Un poco de historia
# -------------------
# En 1998, Yann LeCun, Léon Bottou, Yoshua Bengio y Patrick Haffner publicaron
# *Gradient-based learning applied to document recognition*
# (:ref:`ref-lecun1998`), donde presentan LeNet-5. La clase la llama «la primera
# CNN entrenada exitosamente en tareas reales»; en rigor no fue la primera: en
# 1989, LeCun y sus colaboradores ya habían entrenado con
# :term:`retropropagación` una red convolucional que leía códigos postales
# escritos a mano (capítulo 2). LeNet-5 es la versión madura de esa línea de
# trabajo; se usó para leer automáticamente los montos de cheques bancarios y
# mostró que las convoluciones y el :term:`submuestreo` (*subsampling*, que la
# clase identifica con el agrupamiento, *pooling*) pueden aprender, a partir de
# los datos, características jerárquicas de las imágenes.
#
# .. admonition:: La LeNet-5 de 1998 y la variante de la clase
#
#    La red de este capítulo es la versión en Keras que usa la clase, no la del
#    artículo. Se diferencian en:
#
#    * **Activación**: el artículo usa una tangente hiperbólica escalada,
#      :math:`1.7159 \tanh(2a/3)`; la clase, :term:`ReLU` (lo advierte ella
#      misma: «originalmente se usaba la función sigmoide o tanh»).
#    * **Submuestreo**: las capas S2 y S4 del artículo suman las cuatro
#      entradas de cada ventana de 2 x 2, las multiplican por un coeficiente
#      entrenable, agregan un sesgo entrenable y aplican una sigmoide; la clase
#      usa :term:`agrupamiento máximo`, que no tiene pesos.
#    * **C3 parcialmente conectada**: cada uno de los 16 mapas de la segunda
#      convolución del artículo ve sólo algunos de los 6 mapas anteriores (de
#      3 a 6, según el mapa); en la clase, cada filtro ve los 6.
#    * **C5 convolucional**: la capa de 120 del artículo es una convolución de
#      5 x 5 sobre mapas de 5 x 5; la clase aplana y usa ``Dense(120)``.
#    * **Salida**: el artículo termina en 10 unidades de base radial (RBF) que
#      miden la distancia entre las 84 salidas de la capa anterior y un
#      prototipo fijo de cada dígito; la clase, en una capa densa con softmax.
#    * **Entrada**: el artículo coloca los dígitos en imágenes de 32 x 32; la
#      clase usa las de 28 x 28 de MNIST tal cual.
#    * **Parámetros**: 60,000 entrenables en el artículo; 44,426 en la variante
#      de la clase, la que cuentan los resúmenes de abajo.
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    lecture,
    models,
    plots,
    recipes,
    training,
)

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
    f"\nMLP: {formatting.integer(mlp.count_params())} parámetros · LeNet-5: "
    f"{formatting.integer(lenet.count_params())} (la clase: "
    f"{formatting.integer(lecture.PARAMS['mlp'])} y "
    f"{formatting.integer(lecture.PARAMS['lenet5'])}). "
    f"El MLP tiene {mlp.count_params() / lenet.count_params():.1f} veces más."
)
claims.check(
    "los dos resúmenes dan exactamente los parámetros que reporta la clase",
    (mlp.count_params(), lenet.count_params())
    == (lecture.PARAMS["mlp"], lecture.PARAMS["lenet5"]),
)

# %%
# ¿De dónde salen los parámetros?
# -------------------------------
# Una :term:`capa convolucional` con :math:`F` filtros de :math:`k \times k` sobre una
# entrada de :math:`C` canales tiene :math:`(k \cdot k \cdot C + 1) \cdot F`
# parámetros: los pesos de cada filtro más un sesgo por filtro. No depende del
# tamaño de la imagen, porque el mismo filtro se aplica en todas las posiciones
# (:term:`pesos compartidos`). Una :term:`capa densa` de :math:`e` entradas y
# :math:`u` neuronas (unidades) tiene :math:`(e + 1) \cdot u`.
for layer in lenet.layers:
    if not layer.count_params():
        continue
    if "conv" in layer.name:
        k, _, c, f = layer.kernel.shape
        formula, value = f"({k}·{k}·{c} + 1)·{f}", (k * k * c + 1) * f
    else:
        e, u = layer.kernel.shape
        formula, value = f"({e} + 1)·{u}", (e + 1) * u
    print(
        f"{layer.name:8s} {formula:>16s} = {formatting.integer(value):>6}   "
        f"Keras: {formatting.integer(layer.count_params())}"
    )

# %%
# ¿Dónde está la mayoría de los parámetros?
conv_params = sum(
    layer.count_params() for layer in lenet.layers if "conv" in layer.name
)
dense1 = lenet.get_layer("densa_1").count_params()
total = lenet.count_params()
print(
    f"Capas convolucionales: {formatting.integer(conv_params)} "
    f"({formatting.percent(conv_params / total, 1)})"
)
print(
    f"Primera capa densa: {formatting.integer(dense1)} "
    f"({formatting.percent(dense1 / total, 1)})"
)

# %%
# Las capas convolucionales, que hacen el trabajo de "ver", son diminutas; la
# mayor parte de los parámetros está en la primera capa densa.
#
# El entrenamiento
# ----------------
# La clase no muestra la receta completa de este entrenamiento, así que
# conviene separar lo que muestra de lo que deducimos o elegimos:
#
# * **20 épocas**: lo muestra (su salida termina en «Epoch 20/20»).
# * **Lotes de 128 imágenes**: lo deducimos. Su salida muestra 469
#   actualizaciones por época, y :math:`\lceil 60{,}000 / 128 \rceil = 469`
#   (con lotes de 32 serían 1,875).
# * **SGD con tasa de aprendizaje 0.1**: lo elegimos. La clase sólo muestra el
#   optimizador en la configuración mejorada de la lección 4
#   (``SGD(learning_rate=0.1)``); usamos el mismo aquí para que las dos redes
#   se entrenen igual.
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
# La clase pregunta «¿Qué accuracy se obtiene con el conjunto test?» y responde
# con la última línea del entrenamiento: «Epoch 20/20 … 469/469 … accuracy:
# 0.9986». Esas 469 actualizaciones recorren el conjunto de
# **entrenamiento** (60,000 imágenes en lotes de 128); una evaluación de la
# prueba de 10,000 imágenes con el lote por omisión de Keras (32) mostraría
# 313. El 0.9986 es, entonces, una exactitud de entrenamiento: la comparamos
# con la nuestra de entrenamiento y damos aparte la de prueba.
mlp_acc = recipes.mlp_mnist().test_accuracy
errors = {
    "LeNet-5": round((1 - run.test_accuracy) * len(y_test)),
    "MLP": round((1 - mlp_acc) * len(y_test)),
}
print(
    "Entrenamiento (última época): "
    f"{formatting.percent(run.metrics['train_accuracy'])} (la clase reporta "
    f"{formatting.percent(lecture.RESULTS['lenet5_mnist_train'][0])}, también de "
    "entrenamiento)"
)
print(
    f"Prueba: {formatting.percent(run.test_accuracy)} · el MLP del capítulo 1: "
    f"{formatting.percent(mlp_acc)}"
)
print(
    f"Errores en prueba: LeNet-5 {errors['LeNet-5']}, MLP {errors['MLP']}, de "
    f"{formatting.integer(len(y_test))} dígitos"
)

# %%
# Con la cuarta parte de los parámetros, LeNet-5 comete menos errores que el MLP.
claims.check(
    "LeNet-5 comete menos errores en prueba que el MLP",
    errors["LeNet-5"] < errors["MLP"],
    errores_lenet5=errors["LeNet-5"],
    errores_mlp=errors["MLP"],
)

# %%
#
# Los filtros aprendidos
# ----------------------
# Los 6 filtros de 5 x 5 de la primera capa empezaron siendo aleatorios.
# Compáralos, ya entrenados, con los detectores de bordes y de trazos orientados
# del capítulo 2.
fig = plots.filters(
    run.model.get_layer("conv_1").get_weights()[0], title="conv_1: 6 filtros de 5 x 5"
)

# %%
# ¿Cuánto se alejaron de sus valores iniciales? Reconstruimos la red con la
# misma semilla con la que se entrenó (los mismos pesos iniciales) y medimos,
# para cada filtro, el cambio relativo :math:`\|W - W_0\| / \|W_0\|`:
training.set_seed()
initial = models.lenet5((28, 28, 1)).get_layer("conv_1").get_weights()[0]
trained = run.model.get_layer("conv_1").get_weights()[0]


def filter_norms(w):
    """Norma de cada filtro de un kernel (k, k, C, F)."""
    return np.sqrt((w**2).sum(axis=(0, 1, 2)))


change = filter_norms(trained - initial) / filter_norms(initial)
print("Cambio relativo de cada filtro:", ", ".join(f"{c:.2f}" for c in change))
claims.check(
    "ningún filtro de conv_1 quedó como empezó (cada uno cambió al menos un 20 % de "
    "su norma) y la mitad o más cambió más que su propia norma inicial",
    bool(np.all(change >= 0.2)) and float(np.median(change)) > 1,
    cambio_mínimo=float(change.min()),
    mediana=float(np.median(change)),
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
# son pequeños y abstractos. Las tres capas densas deciden el dígito a partir
# de estos 16 mapas: la primera recibe los mapas agrupados y aplanados
# (4 x 4 x 16 = 256 números), la segunda sus 120 salidas, y la última, la que
# da las probabilidades de los diez dígitos, las 84 salidas de la segunda.
#
# Resumen
# -------
# * LeNet-5 alterna convoluciones y agrupamientos y termina en tres capas densas.
# * Tiene cuatro veces menos parámetros que el MLP (la clase reporta 44,426 frente
#   a 188,660, y los resúmenes de arriba dan lo mismo), porque cada filtro se
#   reutiliza en todas las posiciones de la imagen.
# * Aun así comete menos errores en MNIST (la salida de arriba da las cifras).
# * Sus filtros de la primera capa empezaron siendo aleatorios y el
#   entrenamiento los alejó de esos valores (cuánto, lo medimos arriba): lo que
#   tienen ahora lo aprendieron de los datos. Compáralos con los kernels
#   clásicos del capítulo 2.
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
