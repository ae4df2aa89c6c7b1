"""
El MLP ignora la estructura espacial
====================================

Barajar los píxeles no le importa a un perceptrón multicapa: no usa la vecindad.

**Lo que aprenderás**

* Qué logra el aumento de datos (*data augmentation*) con un MLP: aprende las
  posiciones que se le muestran, y lo que aprende en unas no pasa a las otras.
* Cómo comparar con justicia: el MLP entrenado con el mismo bloque de aumento y
  las mismas épocas que la LeNet-5 mejorada del capítulo 4.
* Que a un MLP no le importa el orden de los píxeles: entrenado con imágenes
  cuyos píxeles se barajaron con una permutación fija, acierta igual que con las
  imágenes originales.
"""

# %%
# ¿Y si le mostramos dígitos trasladados?
# ---------------------------------------
# Una idea natural es el :term:`aumento de datos`: entrenar con copias movidas de los
# dígitos. Para ver qué aprende el MLP así, entrenamos con cada dígito movido
# al azar entre 0 y 4 píxeles **sólo hacia abajo y a la derecha**, y luego lo
# probamos con traslados en todas las direcciones.
import keras
import numpy as np

from cnnbook import claims, config, data, models, plots, recipes, training
from cnnbook.formatting import percent, points

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_mnist()
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)
rng = np.random.default_rng(config.SEED)
moves = rng.integers(0, 5, size=(len(x_train), 2))
x_aug = np.stack(
    [data.shift(img, int(dy), int(dx)) for img, (dy, dx) in zip(x_train, moves)]
)
print("Traslados usados (dy, dx) en los primeros cinco dígitos:", moves[:5].tolist())


def build_mlp():
    return models.compile_classifier(models.mlp((28, 28, 1)), "adam", 5e-4)


x_test_n = data.normalize(x_test)[..., None]
plain = recipes.mlp_mnist()  # el MLP de la primera lección, con su receta
augmented = training.fit_or_load(
    "mlp_mnist_aug_down_right",
    build_mlp,
    train=(data.normalize(x_aug)[..., None], y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=10,
    batch_size=32,
)

# %%
# Exactitud según el traslado
# ---------------------------
# Evaluamos los dos modelos con los dígitos de prueba movidos de -4 a 4 píxeles
# en cada eje (valores negativos: hacia arriba o a la izquierda).
shifts = list(range(-4, 5))


def shift_accuracy(model, x, y, shifts):
    return np.array(
        [
            [
                training.accuracy(
                    model, data.normalize(data.shift(x, dy, dx))[..., None], y
                )
                for dx in shifts
            ]
            for dy in shifts
        ]
    )


# Son 81 evaluaciones de 10,000 dígitos por modelo; ``training.memoize`` las
# guarda en la caché junto a los modelos, con una clave que cubre los pesos del
# modelo, los dígitos y el código de la función.
def accuracy_map(name, model):
    return training.memoize(
        name, shift_accuracy, model=model, x=x_test, y=y_test, shifts=shifts
    ).value


maps = {
    "MLP original": accuracy_map("shift_map_mlp", plain.model),
    "MLP con aumento (0 a 4 px, abajo/derecha)": accuracy_map(
        "shift_map_mlp_down_right", augmented.model
    ),
}
fig = plots.shift_accuracy_maps(
    maps, shifts, title="Exactitud según el traslado de la prueba"
)

# %%
c = shifts.index(0)
for name, acc in maps.items():
    print(
        f"{name}: sin traslado {percent(acc[c, c], 1)} · (4, 4) "
        f"{percent(acc[-1, -1], 1)} · (-4, -4) {percent(acc[0, 0], 1)}"
    )
down_right = maps["MLP con aumento (0 a 4 px, abajo/derecha)"]
training.save_record(
    "mlp_mnist_aug_shifts",
    {
        "acc_plus4": float(maps["MLP con aumento (0 a 4 px, abajo/derecha)"][-1, -1]),
        "acc_minus4": float(maps["MLP con aumento (0 a 4 px, abajo/derecha)"][0, 0]),
    },
    model="mlp_mnist_aug_down_right",
)

# %%
# El aumento funciona justo donde se aplicó: el MLP reconoce los dígitos
# movidos hacia abajo y a la derecha, pero con los movidos hacia arriba y a la
# izquierda sigue fallando. Lo aprendido en unas posiciones no se transfiere a
# las posiciones simétricas, que nunca vio.
claims.check(
    "con aumento hacia abajo y a la derecha, el MLP acierta más del 90 % en (4, 4)",
    down_right[-1, -1] > 0.90,
    en_4_4=down_right[-1, -1],
)
claims.check(
    "con ese mismo aumento, en (-4, -4) acierta menos del 30 %",
    down_right[0, 0] < 0.30,
    en_menos_4=down_right[0, 0],
)

# %%
# Un control justo: el bloque de aumento de la clase
# --------------------------------------------------
# El experimento anterior no sirve para comparar el MLP con la red
# convolucional del capítulo 4: aquel MLP vio traslados en una sola dirección y
# se probó en la opuesta, mientras que la LeNet-5 mejorada se entrena con el
# bloque de aumento de la clase, ``models.augmentation()``, simétrico y con
# cuatro transformaciones (traslación, rotación, acercar y alejar,
# cizallamiento), sobre el dígito con un borde de 2 píxeles (32 x 32) y durante
# 40 épocas.
#
# Entrenamos ahora **el mismo MLP** con exactamente lo mismo que esa red: el
# mismo borde, el mismo bloque (con la misma semilla), las mismas 40 épocas y
# la misma receta (SGD con tasa 0.1 y lotes de 128). Lo único distinto es la
# red que recibe las imágenes aumentadas; como el borde agranda la imagen, la
# primera capa del MLP recibe 32 x 32 = 1,024 entradas en lugar de 784. Como
# en la LeNet-5 mejorada, las capas de aumento sólo actúan al entrenar.


def build_mlp_with_block():
    inputs = keras.Input((28, 28, 1), name="imagen")
    x = keras.layers.ZeroPadding2D(2, name="borde")(inputs)  # 28 x 28 -> 32 x 32
    x = models.augmentation()(x)  # el bloque de la LeNet-5 mejorada
    outputs = models.mlp((32, 32, 1))(x)  # el mismo MLP: 200, 150 y 10 neuronas
    model = keras.Model(inputs, outputs, name="mlp_con_aumento")
    return models.compile_classifier(model, "sgd", 0.1)


x_shift_n = data.normalize(data.shift(x_test, 4, 4))[..., None]
with_block = training.fit_or_load(
    "mlp_mnist_aug_clase",
    build_mlp_with_block,
    train=(data.normalize(x_train)[..., None], y_train_1h),
    test=(x_test_n, y_test_1h),
    epochs=40,
    batch_size=128,
    extra_test={"trasladada": (x_shift_n, y_test_1h)},
)
print(f"Parámetros: {with_block.model.count_params():,}")
block_map = accuracy_map("shift_map_mlp_block", with_block.model)
fig = plots.shift_accuracy_maps(
    {
        "MLP original": maps["MLP original"],
        "MLP con el bloque de la clase (40 épocas)": block_map,
    },
    shifts,
    title="El mismo MLP con el aumento de la LeNet-5 mejorada",
)

# %%
# La diagonal de los tres mapas, de (-4, -4) a (4, 4), en una sola gráfica:
diagonals = {
    "MLP original": np.diag(maps["MLP original"]),
    "aumento abajo/derecha": np.diag(down_right),
    "bloque de la clase": np.diag(block_map),
}
fig = plots.line_chart(
    shifts,
    diagonals,
    xlabel="traslado (d, d) de la prueba, en píxeles",
    ylabel="Exactitud",
    percent=True,
    xticks=shifts,
    title="Exactitud en la diagonal de cada mapa",
)
for d in (0, 2, 4):
    i, j = shifts.index(-d), shifts.index(d)
    print(
        f"(±{d}, ±{d}): original {percent(np.diag(maps['MLP original'])[j], 1)} · "
        f"bloque {percent(block_map[j, j], 1)} en ({d}, {d}) y "
        f"{percent(block_map[i, i], 1)} en ({-d}, {-d})"
    )
training.save_record(
    "mlp_mnist_aug_clase",
    {
        "test_accuracy": float(block_map[c, c]),
        "shifted_accuracy": float(block_map[-1, -1]),
        "acc_minus4": float(block_map[0, 0]),
    },
    model="mlp_mnist_aug_clase",
    epochs=with_block.epochs,
    batch_size=128,
    train_seconds=with_block.train_seconds,
)

# %%
# Con el bloque simétrico, el MLP deja de depender de la dirección del
# traslado: acierta lo mismo hacia un lado que hacia el otro. Con 2 píxeles en
# cada eje acierta casi como sin traslado, mucho más que el MLP original. Con
# 4 píxeles su exactitud vuelve a caer, aunque muy lejos del desplome del MLP
# original: el aumento le enseñó las posiciones que el bloque le mostró, y las
# cercanas, pero no una manera de reconocer un trazo en cualquier posición.
clean, near, far = block_map[c, c], block_map[c + 2, c + 2], block_map[-1, -1]
original = maps["MLP original"]
claims.check(
    "con el bloque, el MLP acierta lo mismo (a menos de 5 puntos) en (4, 4) que "
    "en (-4, -4), y en (2, 2) que en (-2, -2)",
    abs(far - block_map[0, 0]) < 0.05 and abs(near - block_map[c - 2, c - 2]) < 0.05,
    en_4_4=far,
    en_menos_4=block_map[0, 0],
)
claims.check(
    "en (2, 2) acierta a menos de 3 puntos de su exactitud sin traslado y más "
    "de 20 puntos por encima del MLP original",
    clean - near < 0.03 and near - original[c + 2, c + 2] > 0.20,
    sin_traslado=clean,
    en_2_2=near,
    original_en_2_2=original[c + 2, c + 2],
)
claims.check(
    "en (4, 4) pierde más de 10 puntos respecto a su exactitud sin traslado, "
    "pero queda más de 30 puntos por encima del MLP original",
    clean - far > 0.10 and far - original[-1, -1] > 0.30,
    en_4_4=far,
    original_en_4_4=original[-1, -1],
)

# %%
# Con este control, la comparación del capítulo 4 es justa: el MLP y la
# LeNet-5 mejorada se entrenan con el mismo bloque de aumento, la misma
# semilla, la misma receta y las mismas épocas, así que lo que las separe en
# la prueba trasladada (4, 4) se deberá a la arquitectura (convoluciones con
# :term:`pesos compartidos`, :term:`agrupamiento máximo`, más capas), no al
# aumento de datos.
#
# La clase va más lejos: concluye que el aumento «no resolvería el problema de
# fondo», porque habría que mostrarle al MLP los dígitos «prácticamente bajo
# todas las diferentes condiciones posibles» (traslaciones, rotaciones,
# escalas, iluminación…), y eso es costoso y no escala. Este experimento mide
# sólo una parte de ese argumento: lo que el MLP aprende con aumento depende de
# lo que el aumento le muestra, y aun con el bloque completo de la clase pierde
# exactitud con traslados de 4 píxeles en cada eje.
#
# Barajar los píxeles
# -------------------
# Ahora un experimento más radical. Elegimos **una** permutación fija de los 784
# píxeles y la aplicamos a todas las imágenes, de entrenamiento y de prueba. Para
# una persona las imágenes se vuelven ruido.
perm = np.random.default_rng(config.SEED).permutation(28 * 28)


def scramble(x):
    return x.reshape(len(x), -1)[:, perm].reshape(x.shape)


idx = np.arange(5)
fig = plots.prediction_grid(
    np.concatenate([x_test[idx], scramble(x_test[idx])]),
    np.tile(y_test[idx], 2),
    np.tile(y_test[idx], 2),
    data.MNIST_CLASSES,
    title="Arriba: dígitos originales · abajo: los mismos con los píxeles barajados",
)

# %%
# Entrenamos el mismo MLP, con la misma receta, sobre las imágenes barajadas.
scrambled = training.fit_or_load(
    "mlp_mnist_permuted",
    build_mlp,
    train=(data.normalize(scramble(x_train))[..., None], y_train_1h),
    test=(data.normalize(scramble(x_test))[..., None], y_test_1h),
    epochs=10,
    batch_size=32,
)
print(f"MLP con píxeles en su lugar: {percent(plain.test_accuracy)}")
print(f"MLP con píxeles barajados:   {percent(scrambled.test_accuracy)}")
print(f"Diferencia: {points(scrambled.test_accuracy - plain.test_accuracy)}")
fig = plots.accuracy_bars(
    ["píxeles en su lugar", "píxeles barajados"],
    [plain.test_accuracy, scrambled.test_accuracy],
    title="El MLP no usa la vecindad de los píxeles",
)

# %%
# Las dos exactitudes son prácticamente iguales.
claims.check(
    "las exactitudes con los píxeles en su lugar y barajados difieren en menos "
    "de un punto porcentual",
    abs(scrambled.test_accuracy - plain.test_accuracy) < 0.01,
    diferencia=points(scrambled.test_accuracy - plain.test_accuracy),
)

# %%
# Para la :term:`capa densa`, el orden de
# sus entradas es arbitrario: permutar los píxeles equivale a permutar las filas
# de la primera matriz de pesos, y el entrenamiento encuentra esa otra matriz
# igual de fácil. Es decir, el MLP **no usa** que dos píxeles sean vecinos, ni
# que juntos formen bordes, texturas o trazos. Una persona, en cambio, no podría
# leer los dígitos barajados.
#
# Resumen
# -------
# * El aumento de datos le enseña al MLP las posiciones que se le muestran: con
#   traslados sólo hacia abajo y a la derecha, lo aprendido no pasa a los
#   traslados opuestos. Con el bloque de aumento de la clase y el entrenamiento
#   de la LeNet-5 mejorada, el MLP se vuelve simétrico y tolera los traslados
#   de 2 píxeles, pero con 4 vuelve a perder exactitud. La comparación con la
#   red convolucional, con ese mismo aumento, está en el capítulo 4.
# * El MLP es indiferente al orden de los píxeles: aplanar la imagen descarta la
#   estructura espacial, y la red no puede aprovechar que un patrón visual es el
#   mismo dondequiera que aparezca.
# * Necesitamos capas que respeten la estructura local, que reutilicen lo
#   aprendido en todas las posiciones y cuyo número de parámetros no crezca con
#   el tamaño de la imagen: la :term:`convolución` del capítulo 2 y las capas
#   convolucionales del capítulo 3.
#
# Ejercicios
# ----------
# 1. Mira la diagonal del mapa del MLP con aumento: ¿en qué traslados es mejor
#    que el MLP original y en cuáles peor?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          diff = maps["MLP con aumento (0 a 4 px, abajo/derecha)"] - maps["MLP original"]
#          print(np.round(100 * diff).astype(int))
#
#       Gana en los traslados que vio (abajo y a la derecha) y no gana, o
#       pierde, en los demás.
#
# 2. Si permutas los píxeles de las imágenes de prueba con **otra** permutación
#    distinta a la de entrenamiento, ¿qué :term:`exactitud` esperas del MLP barajado?
#
#    .. dropdown:: Solución
#
#       Cercana al azar (10 %): la red aprendió qué entrada corresponde a qué
#       píxel bajo *esa* permutación. Compruébalo con
#       ``perm2 = np.random.default_rng(1).permutation(784)``.
