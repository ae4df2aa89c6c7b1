"""
El MLP ignora la estructura espacial
====================================

Barajar los píxeles no le importa a un perceptrón multicapa: no usa la vecindad.

**Lo que aprenderás**

* Por qué el aumento de datos (*data augmentation*) no resuelve el problema: el
  MLP aprende cada posición por separado, y sólo las que ve.
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
import numpy as np

from cnnbook import config, data, models, plots, recipes, training

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


def accuracy_map(model):
    return np.array(
        [
            [
                training.accuracy(
                    model, data.normalize(data.shift(x_test, dy, dx))[..., None], y_test
                )
                for dx in shifts
            ]
            for dy in shifts
        ]
    )


maps = {
    "MLP original": accuracy_map(plain.model),
    "MLP con aumento (0 a 4 px, abajo/derecha)": accuracy_map(augmented.model),
}
fig = plots.shift_accuracy_maps(
    maps, shifts, title="Exactitud según el traslado de la prueba"
)

# %%
c = shifts.index(0)
for name, acc in maps.items():
    print(
        f"{name}: sin traslado {acc[c, c]:.1%} · (4, 4) {acc[-1, -1]:.1%} · "
        f"(-4, -4) {acc[0, 0]:.1%}"
    )
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
# otras; para cubrirlas todas habría que mostrarle cada dígito en cada posición,
# y además rotado, escalado, con otra iluminación… El costo crece sin límite y
# la red tiende a memorizar en lugar de generalizar.
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
print(f"MLP con píxeles en su lugar: {plain.test_accuracy:.2%}")
print(f"MLP con píxeles barajados:   {scrambled.test_accuracy:.2%}")
print(
    f"Diferencia: {100 * (scrambled.test_accuracy - plain.test_accuracy):+.2f} "
    "puntos porcentuales"
)
fig = plots.accuracy_bars(
    ["píxeles en su lugar", "píxeles barajados"],
    [plain.test_accuracy, scrambled.test_accuracy],
    title="El MLP no usa la vecindad de los píxeles",
)

# %%
# Las dos exactitudes son prácticamente iguales. Para la :term:`capa densa`, el orden de
# sus entradas es arbitrario: permutar los píxeles equivale a permutar las filas
# de la primera matriz de pesos, y el entrenamiento encuentra esa otra matriz
# igual de fácil. Es decir, el MLP **no usa** que dos píxeles sean vecinos, ni
# que juntos formen bordes, texturas o trazos. Una persona, en cambio, no podría
# leer los dígitos barajados.
#
# Resumen
# -------
# * El aumento de datos ayuda sólo con las transformaciones que se muestran: el
#   MLP aprende cada posición por separado. No resuelve el problema de fondo.
# * El MLP es indiferente al orden de los píxeles: aplanar la imagen descarta la
#   estructura espacial, y la red no puede aprovechar que un patrón visual es el
#   mismo dondequiera que aparezca.
# * Necesitamos capas que respeten la estructura local, que reutilicen lo
#   aprendido en todas las posiciones y cuyo número de parámetros no crezca con
#   el tamaño de la imagen: las capas convolucionales del capítulo 2.
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
