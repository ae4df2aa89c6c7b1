"""
Normalización por lotes
=======================

Normalizar cada canal con las estadísticas del lote: qué tasas de aprendizaje
permite y cuánto acelera el entrenamiento.

**Lo que aprenderás**

* La fórmula de la :term:`normalización por lotes` y sus parámetros.
* Cuánto cambia la exactitud con el mismo presupuesto de épocas.
* Qué tasas de aprendizaje soporta la red con y sin normalizar, medido.
"""

# %%
# La fórmula
# ----------
# Para cada :term:`canal` :math:`c`, con la media :math:`\mu_c` y la varianza
# :math:`\sigma_c^2` de ese canal en el :term:`lote` (sobre todas las imágenes y
# posiciones),
#
# .. math::
#
#    \hat{x} = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}, \qquad
#    y = \gamma_c\,\hat{x} + \beta_c .
#
# :math:`\gamma_c` y :math:`\beta_c` se aprenden: la red puede deshacer la
# normalización si le conviene, pero cada capa recibe entradas de escala
# estable sin importar cuánto cambien los pesos de las anteriores. Al evaluar
# no hay lote: se usan promedios móviles de :math:`\mu_c` y :math:`\sigma_c^2`
# acumulados al entrenar (con momento 0.9, cada actualización los acerca un
# 10 % a los valores del lote). La capa va después de la convolución, que ya no
# necesita :term:`sesgo` (lo absorbe :math:`\beta_c`).
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    ladder,
    modern,
    plots,
    training,
)

print(config.profile().describe())
settings = ladder.settings("normalizacion")
model = modern.modern_cnn(**settings["model"])
bn = model.get_layer("etapa1_conv1_bn")
trainable = sum(int(np.prod(w.shape)) for w in bn.trainable_weights)
fixed = sum(int(np.prod(w.shape)) for w in bn.non_trainable_weights)
print(
    f"{bn.name}: {trainable} parámetros entrenables (γ y β de "
    f"{bn.trainable_weights[0].shape[0]} canales) y {fixed} promedios móviles."
)
claims.check(
    "los promedios móviles usan momento 0.9", bn.momentum == 0.9, momento=bn.momentum
)

# %%
# Qué tasas soporta
# -----------------
# El argumento más citado a favor de la normalización es que permite tasas de
# aprendizaje más grandes. Lo medimos antes de elegir la tasa del peldaño: una
# época con 20,000 imágenes, la tasa con calentamiento y caída coseno de la
# lección anterior y cuatro tasas máximas, cada una el doble de la anterior,
# con y sin normalizar.
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
subset = min(20_000, len(x_train))
train = (data.normalize(x_train[:subset]), data.one_hot(y_train[:subset]))
test = (data.normalize(x_test), data.one_hot(y_test))
rates = (0.05, 0.1, 0.2, 0.4)
steps = -(-subset // ladder.MODERN_BATCH)


def sweep_build(batchnorm, rate):
    model_settings = ladder.settings("tasa_coseno")["model"]
    compile_settings = ladder.settings("tasa_coseno")["compile"]

    def build():
        net = modern.modern_cnn(**{**model_settings, "batchnorm": batchnorm})
        return modern.compile_modern(
            net,
            **{**compile_settings, "learning_rate": rate},
            epochs=1,
            steps_per_epoch=steps,
        )

    return build


sweep = {}
for batchnorm in (False, True):
    for i, rate in enumerate(rates):
        result = training.fit_or_load(
            f"tasa_{'con' if batchnorm else 'sin'}_bn_{i}",
            sweep_build(batchnorm, rate),
            train=train,
            test=test,
            epochs=1,
            batch_size=ladder.MODERN_BATCH,
            monitor_test=False,
        )
        sweep[batchnorm, rate] = result.test_accuracy

# %%
fig = plots.grouped_bars(
    [f"tasa máxima {r:g}" for r in rates],
    {
        "sin normalizar": [sweep[False, r] for r in rates],
        "con normalización": [sweep[True, r] for r in rates],
    },
    title="Exactitud en prueba tras una época con 20,000 imágenes",
)
for rate in rates:
    print(
        f"tasa {rate:g}: sin normalizar {formatting.percent(sweep[False, rate])}, "
        f"con normalización {formatting.percent(sweep[True, rate])}"
    )
print(f"Cada corrida: {steps} actualizaciones.")
best = {bn: max(rates, key=lambda r, bn=bn: sweep[bn, r]) for bn in (False, True)}
print(
    f"Mejor tasa máxima: sin normalizar {best[False]:g}, con normalización "
    f"{best[True]:g}."
)
chance = 0.12  # 10 clases: adivinar da 10 %
claims.check(
    "sin normalizar, con tasas máximas de 0.2 o más la red no aprende (se queda "
    "cerca del 10 % del azar); normalizada, supera el 20 % con las cuatro tasas",
    max(sweep[False, 0.2], sweep[False, 0.4]) < chance
    and min(sweep[True, r] for r in rates) > 0.2,
    sin_normalizar_02=sweep[False, 0.2],
    sin_normalizar_04=sweep[False, 0.4],
    peor_normalizada=min(sweep[True, r] for r in rates),
)
claims.check(
    "con una sola época, la mejor tasa máxima es la más baja, con y sin normalizar",
    best[False] == best[True] == min(rates),
    sin_normalizar=best[False],
    normalizada=best[True],
)

# %%
# Eso es lo que compra la normalización: margen. Sin ella, la tasa máxima útil
# es angosta y pasarse un poco detiene el aprendizaje; con ella, la red sigue
# aprendiendo con tasas ocho veces mayores. Con una sola época, de pocas
# actualizaciones, gana la tasa más baja en ambos casos; el peldaño usa 0.2,
# cuatro veces la de la lección anterior y la misma del modelo final, dentro
# del margen que la normalización abre. Cuál de las tasas rinde más con tres
# épocas queda como ejercicio.

# El peldaño
# ----------
# La normalización entra con la tasa que permite: ``batchnorm=True`` y tasa
# máxima 0.2 en lugar de 0.05; lo demás, igual que en la lección anterior.
chosen = ladder.settings("normalizacion")
print(chosen)
claims.check(
    "el peldaño normaliza y sube la tasa máxima de 0.05 a 0.2",
    chosen["model"]["batchnorm"]
    and ladder.settings("tasa_coseno")["compile"]["learning_rate"] == 0.05
    and chosen["compile"]["learning_rate"] == 0.2,
    tasa=chosen["compile"]["learning_rate"],
)
before = ladder.train("tasa_coseno")
run = ladder.train("normalizacion")
fig = plots.compare_curves(
    {"sin normalizar": before.history, "con normalización": run.history},
    title="Normalización por lotes, mismo presupuesto",
)

# %%
gain = run.test_accuracy - before.test_accuracy
print(
    f"Sin normalizar: {formatting.percent(before.test_accuracy)} en "
    f"{formatting.number(before.train_seconds, 0)} s; con normalización: "
    f"{formatting.percent(run.test_accuracy)} en "
    f"{formatting.number(run.train_seconds, 0)} s ({formatting.points(gain)})."
)
claims.check(
    "con el mismo presupuesto, la red normalizada termina con más exactitud en prueba",
    gain > 0,
    ganancia=gain,
)
slowdown = run.train_seconds / before.train_seconds
print(f"El entrenamiento tarda {formatting.number(slowdown, 1)} veces más.")

# %%
# La normalización no es gratis: recorre cada mapa de activaciones varias veces
# (media, varianza, normalizar, escalar) y casi no hace cuentas, así que en una
# CPU su costo lo pone la memoria, no el cálculo. La lección de resumen compara
# exactitud y minutos en una sola figura.

# %%
# Resumen
# -------
# * La normalización por lotes estandariza cada canal con la media y la
#   varianza del lote y luego lo escala y desplaza con :math:`\gamma` y
#   :math:`\beta`, que se aprenden.
# * Permite tasas de aprendizaje más altas, y cuesta tiempo: en una CPU la
#   limita la memoria.
#
# Ejercicios
# ----------
# 1. Entrena el peldaño con tasa máxima 0.05 en lugar de 0.2 y compara.
#
#    .. dropdown:: Solución
#
#       Copia ``ladder.settings("normalizacion")``, cambia
#       ``["compile"]["learning_rate"]`` a 0.05 y entrena con
#       ``training.fit_or_load`` bajo otro nombre, como ``sweep_build`` pero con
#       ``epochs=ladder.LADDER_EPOCHS`` y todos los datos de entrenamiento.
#
# 2. ¿Cuántos parámetros entrenables agrega una capa de normalización después
#    de una convolución de 64 filtros, y cuántos pesos le quita a esa
#    convolución?
#
#    .. dropdown:: Solución
#
#       Agrega 128 entrenables (:math:`\gamma` y :math:`\beta` por filtro) y
#       128 promedios móviles que no se entrenan; la convolución pierde sus 64
#       sesgos.
