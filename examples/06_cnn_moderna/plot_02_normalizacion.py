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
# acumulados al entrenar. La capa va después de la convolución, que ya no
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

# %%
# El mismo presupuesto, con y sin normalizar
# ------------------------------------------
# Sólo cambia ``batchnorm=True``: la misma red de la lección anterior, la misma
# tasa 0.1 constante, las mismas épocas.
before = ladder.train("pilas_3x3")
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
    "con el mismo presupuesto, la red normalizada termina con más exactitud en "
    "prueba y con menor pérdida de entrenamiento en cada época",
    gain > 0
    and all(
        a < b for a, b in zip(run.history["loss"], before.history["loss"], strict=True)
    ),
    ganancia=gain,
)
slowdown = run.train_seconds / before.train_seconds
print(f"Cada época cuesta {formatting.number(slowdown, 1)} veces más tiempo.")

# %%
# La normalización no es gratis: recorre cada mapa de activaciones varias veces
# (media, varianza, normalizar, escalar) y casi no hace cuentas, así que en una
# CPU su costo lo pone la memoria, no el cálculo. Aun así, rinde más por
# minuto: la lección de resumen lo pone en una sola figura.
#
# Qué tasas soporta
# -----------------
# El argumento más citado a favor de la normalización es que permite tasas de
# aprendizaje más grandes. Lo medimos: una época con 20,000 imágenes y tres
# tasas, de década en década, con y sin normalizar.
(x_train, y_train), (x_test, y_test) = data.load_cifar10()
subset = min(20_000, len(x_train))
train = (data.normalize(x_train[:subset]), data.one_hot(y_train[:subset]))
test = (data.normalize(x_test), data.one_hot(y_test))
rates = (0.01, 0.1, 1.0)


def sweep_build(batchnorm, rate):
    def build():
        net = modern.modern_cnn(
            **{**ladder.settings("pilas_3x3")["model"], "batchnorm": batchnorm}
        )
        return modern.compile_modern(net, learning_rate=rate, momentum=0.0)

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
    [f"tasa {r:g}" for r in rates],
    {
        "sin normalizar": [sweep[False, r] for r in rates],
        "con normalización": [sweep[True, r] for r in rates],
    },
    title="Exactitud en prueba tras una época",
)
for rate in rates:
    print(
        f"tasa {rate:g}: sin normalizar {formatting.percent(sweep[False, rate])}, "
        f"con normalización {formatting.percent(sweep[True, rate])}"
    )
