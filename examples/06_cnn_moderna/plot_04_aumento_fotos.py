"""
Aumento de datos para fotos
===========================

Recortes con relleno y espejo horizontal: el aumento que sí corresponde a las
fotos, frente al bloque de la clase pensado para dígitos.

**Lo que aprenderás**

* Qué transformaciones no cambian la clase de una foto y cuáles sí.
* Por qué el bloque de :term:`aumento de datos` de MNIST (rotaciones de hasta
  36°, *zoom* y cizallamiento) no conviene aquí, medido en píxeles.
* Cuánto cambia la distancia entre entrenamiento y prueba con el aumento.
"""

# %%
# Qué no cambia la clase de una foto
# ----------------------------------
# Un avión un poco más a la izquierda sigue siendo un avión, y un gato que
# mira a la derecha sigue siendo un gato: trasladar unos píxeles y reflejar de
# izquierda a derecha producen fotos tan plausibles como las originales. Con
# dígitos, el espejo no sirve (un 2 reflejado no es un 2); con fotos, sí.
#
# ``modern.photo_augmentation`` traslada hasta 4 píxeles en cada eje rellenando
# con ceros (lo mismo que el clásico «rellenar 4 píxeles y recortar al azar una
# ventana de 32 x 32») y refleja la mitad de las imágenes. Sólo actúa al
# entrenar.
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    ladder,
    models,
    modern,
    plots,
    training,
)

print(config.profile().describe())
(x_train, y_train), _ = data.load_cifar10()
sample = data.normalize(x_train[:6])
photo = modern.photo_augmentation(seed=0)
lecture = models.augmentation(seed=0)
rows = {
    "original": sample,
    "para fotos": np.asarray(photo(sample, training=True)),
    "bloque de la clase": np.asarray(lecture(sample, training=True)),
}
fig, axes = plt.subplots(3, 6, figsize=(9, 5), layout="constrained")
for r, (label, images) in enumerate(rows.items()):
    for c in range(6):
        plots.image(np.clip(images[c], 0, 1), ax=axes[r, c])
    axes[r, 0].set_ylabel(label)
fig.suptitle("Seis fotos de CIFAR-10 y un aumento de cada bloque")

# %%
# Lo que el bloque de la clase le hace a una foto
# -----------------------------------------------
# El bloque del capítulo 4 gira hasta 36°, acerca o aleja y cizalla, y rellena
# con negro lo que queda fuera. Medimos dos cosas en 512 imágenes: cuántos
# píxeles terminan siendo relleno (aplicando el bloque a una imagen blanca, el
# relleno es exactamente lo que queda en 0) y cuántos son mezcla de varios
# píxeles de la original por la interpolación bilineal (con una imagen de
# valores enteros distintos, un píxel copiado conserva un valor entero y uno
# interpolado, casi nunca).
n = 512
ones = np.ones((n, 32, 32, 3), "float32")
rng = np.random.default_rng(0)
integers = rng.permutation(32 * 32 * n).reshape(n, 32, 32, 1).astype("float32")
integers = np.repeat(integers, 3, axis=-1)


def measure(block):
    filled = np.mean(np.asarray(block(ones, training=True)) == 0)
    out = np.asarray(block(integers, training=True))
    blended = np.mean((out != np.round(out)) & (out != 0))
    return filled, blended


photo_filled, photo_blended = measure(modern.photo_augmentation(seed=1))
lecture_filled, lecture_blended = measure(models.augmentation(seed=1))
for label, filled, blended in (
    ("para fotos", photo_filled, photo_blended),
    ("de la clase", lecture_filled, lecture_blended),
):
    print(
        f"Bloque {label}: {formatting.percent(filled, 1)} de píxeles de relleno, "
        f"{formatting.percent(blended, 1)} de píxeles interpolados."
    )
claims.check(
    "el aumento para fotos no interpola ningún píxel, mientras que el bloque de "
    "la clase mezcla más de la mitad",
    photo_blended == 0 and lecture_blended > 0.5,
    interpolados_fotos=photo_blended,
    interpolados_clase=lecture_blended,
)
claims.check(
    "los dos bloques rellenan con negro entre el 5 % y el 20 % de los píxeles",
    0.05 < min(photo_filled, lecture_filled) <= max(photo_filled, lecture_filled) < 0.2,
    relleno_fotos=photo_filled,
    relleno_clase=lecture_filled,
)

# %%
# El relleno no distingue a los dos bloques: ambos dejan en negro una fracción
# parecida de los píxeles (bandas en los bordes al trasladar, triángulos en las
# esquinas al girar). Lo que los distingue es la interpolación, que suaviza
# fotos de 32 x 32 que ya tienen pocos detalles, y sobre todo el giro: en MNIST
# un dígito puede estar algo inclinado, pero las fotos tienen un «arriba» (el
# cielo, el suelo) que la prueba siempre respeta. Una red que gasta su
# capacidad en reconocer barcos girados 36° la gasta en casos que no verá.
#
# El mismo presupuesto, con y sin aumento
# ---------------------------------------
# Sólo cambia ``augment=True`` respecto de la lección anterior.
before = ladder.train("normalizacion")
run = ladder.train("aumento")
fig = plots.compare_curves(
    {"sin aumento": before.history, "con aumento": run.history},
    title="Aumento para fotos, mismo presupuesto",
)

# %%
# La exactitud de entrenamiento que reporta ``fit`` se mide sobre imágenes
# aumentadas y mientras los pesos cambian. Para comparar con la prueba en las
# mismas condiciones, medimos los pesos finales en 10,000 imágenes de
# entrenamiento sin aumentar:
x_seen = data.normalize(x_train[:10_000])


def gap(r):
    seen = training.accuracy(r.model, x_seen, y_train[:10_000])
    return seen, seen - r.test_accuracy


gaps = {}
for label, r in (("sin aumento", before), ("con aumento", run)):
    seen, gaps[label] = gap(r)
    print(
        f"{label}: prueba {formatting.percent(r.test_accuracy)}, entrenamiento "
        f"{formatting.percent(seen)} (distancia {formatting.points(gaps[label])}), "
        f"{formatting.number(r.train_seconds, 0)} s"
    )
claims.check(
    "con aumento, la distancia entre entrenamiento y prueba se reduce a menos de "
    "la mitad",
    gaps["con aumento"] < gaps["sin aumento"] / 2,
    sin_aumento=gaps["sin aumento"],
    con_aumento=gaps["con aumento"],
)
change = run.test_accuracy - before.test_accuracy
verdict = "sube" if change > 0 else "no sube"
print(
    f"Con {ladder.LADDER_EPOCHS} épocas, el aumento {verdict} la exactitud en prueba "
    f"({formatting.points(change)})."
)

# %%
# El aumento no hace que la red aprenda más rápido: hace que lo que aprende
# sirva fuera del conjunto de entrenamiento. Lo que se midió aquí es eso: la
# distancia entre entrenamiento y prueba se cierra, aunque con este presupuesto
# la exactitud en prueba no sube. El modelo final conserva el aumento por esa
# distancia y por la tolerancia a traslados y espejos que mide el capítulo 7,
# no por la exactitud: si la sube en la red ancha es algo que esta escalera no
# mide.
claims.check(
    "con este presupuesto, el aumento no sube la exactitud en prueba",
    change <= 0,
    diferencia=change,
)

# %%
# Resumen
# -------
# * Trasladar unos píxeles y reflejar de izquierda a derecha no cambian la
#   clase de una foto; girar 36° produce fotos que la prueba nunca tiene.
# * El aumento para fotos copia píxeles: no interpola.
# * El aumento se paga en exactitud de entrenamiento: la red ve cada época
#   imágenes nuevas.
#
# Ejercicios
# ----------
# 1. ¿Por qué el espejo vertical (de arriba abajo) sería un mal aumento para
#    CIFAR-10?
#
#    .. dropdown:: Solución
#
#       Por la misma razón que el giro grande: las fotos tienen un «arriba». Un
#       barco con el agua arriba o un caballo de cabeza no aparecen en la prueba.
#       Puedes verlo con ``keras.layers.RandomFlip("vertical")`` aplicado a
#       ``sample`` con ``training=True``.
