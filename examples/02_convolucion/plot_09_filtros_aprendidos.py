"""
De filtros hechos a mano a filtros aprendidos
=============================================

Características HOG con una SVM frente a los filtros que aprende una red convolucional.

**Lo que aprenderás**

* Cómo era el flujo de la visión por computadora clásica: filtros fijos,
  características diseñadas a mano (HOG) y un clasificador tradicional (una
  máquina de vectores de soporte).
* Cuánto acierta y cuánto tarda ese flujo en MNIST, medido en esta misma
  ejecución.
* Qué filtros aprende por sí sola una red con una sola capa convolucional,
  entrenada con los mismos dígitos, y cómo se comparan con los kernels hechos a
  mano.
"""

# %%
# Antes: características diseñadas a mano
# ----------------------------------------
# Durante décadas, la visión por computadora clásica funcionó así:
#
# 1. aplicar filtros fijos, diseñados a mano por expertos, para detectar
#    bordes, esquinas y texturas;
# 2. resumir sus respuestas en un vector de características (*features*), con
#    descriptores como HOG, SIFT o SURF;
# 3. entrenar con esos vectores un clasificador tradicional, como una
#    :term:`SVM` o :term:`k-NN`.
#
# Sólo la etapa 3 aprende de los datos. La clase señala la limitación: los
# filtros son rígidos y se adaptan mal a tareas nuevas. Lo ponemos a prueba con
# MNIST, los dígitos del capítulo 1.
import numpy as np
from sklearn.svm import LinearSVC

from cnnbook import claims, classic, config, data, models, ops, plots, training
from cnnbook.formatting import percent

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_mnist()
print(f"Entrenamiento: {len(x_train):,} dígitos · prueba: {len(x_test):,}")

# %%
# El descriptor HOG
# -----------------
# El histograma de gradientes orientados (:term:`HOG`, *histogram of oriented
# gradients*) de Dalal y Triggs (:ref:`ref-dalal2005`) usa las ideas de la
# lección «¿Cómo detectar líneas?»:
#
# 1. calcula en cada píxel el gradiente, su magnitud y su orientación;
# 2. divide la imagen en celdas (aquí de 7 x 7 píxeles: 4 x 4 celdas en un
#    dígito de 28 x 28) y en cada celda arma un histograma de 9 orientaciones,
#    en el que cada píxel vota con la magnitud de su gradiente;
# 3. normaliza los histogramas por bloques de 2 x 2 celdas, para que no
#    dependan del contraste.
#
# El dibujo de abajo pone en cada celda una estrella: cada segmento es una
# orientación, tanto más brillante cuanto más votos recibió. Los segmentos
# siguen los trazos del dígito.
sample = np.array([np.flatnonzero(y_test == d)[0] for d in (0, 1, 4, 7)])
drawings = [classic.hog_image(x_test[i]) for i in sample]
fig = plots.image_grid(
    [*(x_test[sample] / 255), *drawings],
    titles=[f"dígito {y_test[i]}" for i in sample] * 2,
    row_labels=["imagen", "HOG"],
    ncols=len(sample),
    vmin=0,
    vmax=1,
    title="Cuatro dígitos de prueba y su descriptor HOG",
)

# %%
# Con 4 x 4 celdas caben 3 x 3 bloques de 2 x 2 celdas, cada uno con
# :math:`4 \times 9 = 36` valores: cada dígito se vuelve un vector de
# :math:`3 \times 3 \times 36` números. Calculamos los vectores de todos los
# dígitos y medimos cuánto tarda.
#
# Este cálculo y el de la SVM de abajo no cambian de una construcción a otra,
# así que ``training.memoize`` los guarda en la misma caché que los modelos:
# la clave cubre el código de la función, los bytes de las imágenes y las
# versiones de las bibliotecas, y el tiempo que se muestra es el del cálculo
# original.


def hog_of_both(x_train, x_test):
    return {
        "train": classic.hog_features(x_train),
        "test": classic.hog_features(x_test),
    }


hog = training.memoize(
    "hog_mnist_features", hog_of_both, x_train=x_train, x_test=x_test
)
f_train, f_test = hog.value["train"], hog.value["test"]
hog_seconds = hog.seconds
print(
    f"Longitud del vector HOG: {classic.hog_length((28, 28))} (forma {f_train.shape})"
)
print(
    f"Extracción de características: {hog_seconds:.1f} s para {len(x_train) + len(x_test):,} imágenes"
)

# %%
# El clasificador: una SVM lineal
# -------------------------------
# Dalal y Triggs clasificaban sus vectores HOG con una máquina de vectores de
# soporte (*support vector machine*) lineal, y eso usamos: ``LinearSVC`` de
# scikit-learn aprende, para cada dígito, un hiperplano que lo separa de los
# demás con el mayor margen posible. Es rápida incluso con los 60,000 dígitos.
# Una SVM con kernel no lineal suele acertar algo más, pero con tantos ejemplos
# tarda mucho más en entrenar.


def fit_linear_svm(f_train, y_train, f_test):
    classifier = LinearSVC(C=1.0).fit(f_train, y_train)
    return {
        "pred": classifier.predict(f_test),
        "n_params": classifier.coef_.size + classifier.intercept_.size,
    }


svm = training.memoize(
    "hog_mnist_svm", fit_linear_svm, f_train=f_train, y_train=y_train, f_test=f_test
)
pred, fit_seconds = svm.value["pred"], svm.seconds
hog_accuracy = float(np.mean(pred == y_test))
hog_params = svm.value["n_params"]
print(f"Entrenamiento de la SVM: {fit_seconds:.1f} s")
print(
    f"Exactitud en prueba (HOG + SVM lineal): {percent(hog_accuracy)} "
    f"({round(hog_accuracy * len(y_test)):,} de {len(y_test):,})"
)
claims.check(
    "el flujo clásico funciona bien en MNIST: HOG + SVM lineal acierta más del 95 %",
    hog_accuracy > 0.95,
    exactitud=hog_accuracy,
)
training.save_record(
    "hog_mnist",
    {"test_accuracy": hog_accuracy, "fit_seconds": fit_seconds},
    classifier="LinearSVC(C=1.0)",
    features=f"HOG {f_train.shape[1]}",
    feature_seconds=hog_seconds,
    n_train=len(x_train),
    n_test=len(x_test),
)

# %%
# Contamos sus errores y mostramos los primeros diez:
print(f"HOG + SVM lineal se equivocó en {np.sum(pred != y_test):,} dígitos de prueba.")
wrong = np.flatnonzero(pred != y_test)[:10]
if len(wrong):
    fig = plots.prediction_grid(
        x_test[wrong],
        y_test[wrong],
        pred[wrong],
        data.MNIST_CLASSES,
        title="HOG + SVM lineal: dígitos mal clasificados",
    )

# %%
# Ahora: filtros aprendidos
# -------------------------
# En una red convolucional cada kernel es un pequeño bloque de **pesos
# entrenables**. Al principio son aleatorios; durante el entrenamiento cambian
# para detectar lo que sirva para la tarea: bordes, texturas, formas. Nadie los
# diseña. Para verlo basta la red convolucional más simple, que sólo usa lo que
# ya conoces: una capa convolucional con 8 filtros de 3 x 3 (del tamaño de los
# kernels clásicos) seguida de una :term:`ReLU`, y la misma capa de salida
# *softmax* del MLP del capítulo 1 sobre los mapas aplanados. Las capas
# convolucionales en Keras son el tema del capítulo 3, y LeNet-5, la red
# completa, el del capítulo 4. La entrenamos con :term:`descenso de gradiente
# estocástico` (tasa 0.1, lotes de 128; el perfil de construcción puede
# recortar sus épocas). La clase no muestra una red para esta diapositiva: la
# elige el libro.
#
# ``recipes.one_conv_mnist()`` repite esta misma receta.
run = training.fit_or_load(
    "una_convolucion_mnist",
    lambda: models.compile_classifier(models.one_conv((28, 28, 1)), "sgd", 0.1),
    train=(data.normalize(x_train)[..., None], data.one_hot(y_train)),
    test=(data.normalize(x_test)[..., None], data.one_hot(y_test)),
    epochs=5,
    batch_size=128,
)
print(models.summary(run.model))
x_test_n = data.normalize(x_test)[..., None]

# %%
# Frente a frente
# ---------------
print(f"{'':24s}{'exactitud':>12s}{'entrenamiento':>16s}{'parámetros':>13s}")
print(
    f"{'HOG + SVM lineal':24s}{percent(hog_accuracy):>12s}{fit_seconds:14.1f} s"
    f"{hog_params:13,}"
)
print(
    f"{'una convolución':24s}{percent(run.test_accuracy):>12s}"
    f"{run.train_seconds:14.1f} s"
    f"{run.model.count_params():13,}"
)
gap = run.test_accuracy - hog_accuracy
winner = "la red" if gap >= 0 else "HOG + SVM lineal"
print(f"Diferencia: {100 * abs(gap):.2f} puntos porcentuales a favor de {winner}.")
if gap < 0:
    print(
        "Con una sola capa de 8 filtros y sin nada más, la red todavía no alcanza "
        "al descriptor HOG, que resume décadas de diseño a mano; el capítulo 3 "
        "agrega lo que le falta (agrupamiento y más capas)."
    )
else:
    print(
        "Aun con una sola capa de 8 filtros, la red ya supera al descriptor HOG, "
        "que resume décadas de diseño a mano."
    )

# %%
faster = "la SVM" if fit_seconds < run.train_seconds else "la red"
print(
    f"En esta ejecución {faster} entrenó en menos tiempo "
    f"({fit_seconds:.1f} s la SVM, {run.train_seconds:.1f} s la red)."
)

# %%
# Los tiempos dependen de la máquina (el de la red es el que tomó entrenarla
# cuando se entrenó, aunque ahora se haya cargado de la caché). La diferencia
# de fondo es otra: la SVM sólo aprende la última etapa, y la extracción de
# características (el tamaño de las celdas, las 9 orientaciones, la
# normalización) la decidimos nosotros. La red aprende también sus filtros.
claims.check(
    "las dos aciertan más del 95 % en la prueba",
    min(hog_accuracy, run.test_accuracy) > 0.95,
    svm=hog_accuracy,
    red=run.test_accuracy,
)

# %%
# Los filtros que aprendió
# ------------------------
# La capa ``conv_1`` tiene 8 filtros de 3 x 3 que miran directamente los
# píxeles. Sus pesos tienen la forma de Keras,
# (alto, ancho, canales de entrada, filtros). Los comparamos con tres de los
# kernels hechos a mano de la lección «Filtros clásicos», del mismo tamaño.
learned, learned_bias = run.model.get_layer("conv_1").get_weights()
print("Forma de los pesos de conv_1:", learned.shape)
hand = {
    name: ops.KERNELS[name]
    for name in (
        "gradiente_horizontal",
        "gradiente_vertical",
        "laplaciano_diagonal",
        "realce",
    )
}
fig = plots.filters(
    np.stack(list(hand.values()), axis=-1),
    names=[name.replace("_", " ") for name in hand],
    annotate=True,
    title="Antes: kernels diseñados a mano",
)
fig = plots.filters(
    learned, ncols=4, annotate=True, title="Ahora: filtros aprendidos por conv_1"
)

# %%
# Los filtros aprendidos no son tan limpios como los diseñados a mano, pero
# varios tienen la misma estructura: una zona positiva (roja) junto a una
# negativa (azul), es decir, detectores de cambios de intensidad con cierta
# orientación, como las células simples de la primera lección. Otros son casi
# todos de un mismo signo. Para medirlo, comparamos cada filtro con una rampa
# de intensidad (un gradiente lineal) en 12 orientaciones y nos quedamos con
# la correlación más alta; también calculamos qué parte de sus pesos tiene el
# signo de la suma.
ramp_rows, ramp_cols = np.mgrid[-1:2, -1:2]
ramps = [
    np.cos(a) * ramp_cols - np.sin(a) * ramp_rows
    for a in np.deg2rad(np.arange(0, 180, 15))
]
edge_like, one_sign = [], []
for f in range(learned.shape[-1]):
    k = learned[:, :, 0, f]
    corr = max(abs(np.corrcoef(r.ravel(), k.ravel())[0, 1]) for r in ramps)
    edge_like.append(float(corr))
    one_sign.append(float(abs(k.sum()) / np.abs(k).sum()))
    print(
        f"filtro {f + 1}: parecido a una rampa {corr:.2f} · "
        f"|suma| / suma de |pesos| {one_sign[-1]:.2f}"
    )
claims.check(
    "al menos dos filtros se parecen a una rampa orientada (correlación mayor que 0.7)",
    sum(c > 0.7 for c in edge_like) >= 2,
    parecidos=[round(c, 2) for c in edge_like],
)
claims.check(
    "al menos un filtro tiene casi todo su peso de un mismo signo "
    "(|suma| mayor que la mitad de la suma de |pesos|)",
    max(one_sign) > 0.5,
    mayor=max(one_sign),
)

# %%
# Lo que ven en un dígito
# -----------------------
# Aplicamos cada filtro a un dígito de prueba con ``ops.conv2d`` (la misma
# operación que hace la capa, sin el sesgo ni la :term:`ReLU`). Para verlos juntos,
# cada mapa se divide entre su valor absoluto máximo.
digit = x_test_n[sample[0], :, :, 0]
maps = [ops.conv2d(digit, k) for k in hand.values()]
maps += [ops.conv2d(digit, learned[:, :, 0, f]) for f in range(learned.shape[-1])]
maps = [m / (np.abs(m).max() or 1) for m in maps]
fig = plots.image_grid(
    maps,
    titles=[n.replace("_", " ") for n in hand]
    + [f"filtro {f + 1}" for f in range(learned.shape[-1])],
    row_labels=["a mano", "aprendidos", "aprendidos"],
    ncols=4,
    cmap="RdBu_r",
    vmin=-1,
    vmax=1,
    title=f"Respuestas a un dígito {y_test[sample[0]]}",
)

# %%
# Los filtros parecidos a una rampa, como los gradientes, marcan un lado del
# trazo en rojo y el otro en azul: detectan bordes con cierta orientación. Los
# de un solo signo responden al trazo entero. La diferencia con los kernels
# hechos a mano es que nadie eligió sus orientaciones ni sus pesos: salieron
# del entrenamiento, porque servían para clasificar dígitos. Para otra tarea,
# la misma red aprendería otros.
#
# Resumen
# -------
# * El flujo clásico (filtros fijos, descriptor HOG, SVM lineal) funciona bien
#   en MNIST y aprende pocos parámetros, pero todas las decisiones sobre las
#   características las toma una persona.
# * Una red convolucional aprende sus filtros a partir de los datos; aun con una
#   sola capa aparecen detectores de bordes parecidos a los hechos a mano.
# * Las cifras de la tabla «Frente a frente» son las de esta ejecución y
#   dependen de la máquina en lo que toca a los tiempos.
#
# Ejercicios
# ----------
# 1. Usa celdas más pequeñas, ``pixels_per_cell=(4, 4)``, en
#    ``classic.hog_features``. ¿Cuánto crece el vector? ¿Cambia la :term:`exactitud`?
#    ¿Y los tiempos?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          cell = (4, 4)
#          f_train4 = classic.hog_features(x_train, pixels_per_cell=cell)
#          f_test4 = classic.hog_features(x_test, pixels_per_cell=cell)
#          svm4 = LinearSVC(C=1.0).fit(f_train4, y_train)
#          print(f_train4.shape, np.mean(svm4.predict(f_test4) == y_test))
#
#       Con celdas de 4 x 4 hay 7 x 7 celdas y 6 x 6 bloques: el vector pasa
#       de 324 a 1,296 valores. Describe los trazos con más detalle, así que
#       suele acertar algo más, a cambio de más tiempo de extracción y de
#       entrenamiento. Elegir ese tamaño es justo el tipo de decisión que una
#       red convolucional no nos pide tomar.
#
# 2. Cambia la SVM por k vecinos más cercanos,
#    ``KNeighborsClassifier(n_neighbors=3)`` de ``sklearn.neighbors``. Mide por
#    separado el tiempo de ``fit`` y el de ``predict``. ¿Por qué el reparto es
#    tan distinto al de la SVM?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          import time
#
#          from sklearn.neighbors import KNeighborsClassifier
#
#          knn = KNeighborsClassifier(n_neighbors=3)
#          start = time.perf_counter()
#          knn.fit(f_train, y_train)
#          print(f"fit: {time.perf_counter() - start:.2f} s")
#          start = time.perf_counter()
#          acc = np.mean(knn.predict(f_test) == y_test)
#          print(f"predict: {time.perf_counter() - start:.2f} s, exactitud {percent(acc)}")
#
#       k-NN no aprende nada: ``fit`` sólo guarda los vectores. Todo el trabajo
#       ocurre al predecir, cuando compara cada dígito de prueba con todos los
#       de entrenamiento. La SVM hace lo contrario: entrenar cuesta y predecir
#       es un producto por una matriz de 10 x 324.
#
# 3. ¿Sirve de algo el descriptor? Entrena la misma ``LinearSVC`` con los
#    píxeles crudos (``x_train.reshape(len(x_train), -1) / 255``) y compara.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          raw = LinearSVC(C=1.0).fit(x_train.reshape(len(x_train), -1) / 255, y_train)
#          print(np.mean(raw.predict(x_test.reshape(len(x_test), -1) / 255) == y_test))
#
#       Con los píxeles crudos, la SVM lineal acierta menos que con HOG: el
#       descriptor le entrega información (bordes y orientaciones, tolerantes a
#       pequeños desplazamientos dentro de cada celda) que un clasificador
#       lineal no puede construir por sí solo. Las capas convolucionales
#       construyen esa información y la aprenden.
