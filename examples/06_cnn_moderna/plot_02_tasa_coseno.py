"""
Momento y una tasa que calienta y se enfría
===========================================

SGD con momento de Nesterov y una tasa de aprendizaje con calentamiento y
caída coseno, frente al SGD de tasa constante de la clase.

**Lo que aprenderás**

* Qué hace el :term:`momento` y cómo es una tasa con calentamiento y caída
  coseno, dibujada con los valores que usa el optimizador.
* Por qué, con una tasa constante, la exactitud en prueba salta de época en
  época, y por qué eso importa para medir las ideas siguientes.
* Cuánto aporta el cambio con el mismo presupuesto.
"""

# %%
# Dos ideas sobre el paso
# -----------------------
# Hasta aquí la :term:`tasa de aprendizaje` fue la de la clase: 0.1, constante,
# sin momento. Dos ideas la mejoran:
#
# 1. **Momento de Nesterov** (0.9): cada paso acumula los anteriores, así que
#    la red avanza rápido en las direcciones en que los gradientes coinciden y
#    se frena en las que oscilan. Con momento 0.9 el paso efectivo es unas diez
#    veces la tasa, así que la tasa máxima baja a 0.05.
# 2. **Calentamiento y caída coseno**: durante el primer 20 % de las
#    actualizaciones la tasa sube linealmente desde 0 (al principio los pesos
#    son aleatorios y los gradientes, grandes) y después baja hasta 0 siguiendo
#    medio coseno, para terminar con pasos finos.
#
# El dibujo usa los mismos valores que el optimizador: los de
# ``modern.warmup_cosine`` con las actualizaciones de un peldaño.
import numpy as np

from cnnbook import claims, config, data, formatting, ladder, modern, plots

print(config.profile().describe())
settings = ladder.settings("tasa_coseno")["compile"]
print(settings)
claims.check(
    "la receta usa momento 0.9, tasa máxima 0.05 y un calentamiento del 20 % de "
    "las actualizaciones",
    (settings["momentum"], settings["learning_rate"], settings["warmup_fraction"])
    == (0.9, 0.05, 0.2),
    **settings,
)
(x_train, _), _ = data.load_cifar10()
epochs = config.profile().epochs(ladder.LADDER_EPOCHS)
steps = epochs * -(-len(x_train) // ladder.MODERN_BATCH)
schedule = modern.warmup_cosine(
    settings["learning_rate"], steps, settings["warmup_fraction"]
)
updates = list(range(steps + 1))
rates = [float(schedule(step)) for step in updates]
fig = plots.line_chart(
    updates,
    {"calentamiento y coseno": rates},
    "actualización",
    "tasa de aprendizaje",
    title="La tasa de aprendizaje en cada actualización",
    markers=False,
)
peak = max(rates)
print(
    f"{steps} actualizaciones; máximo {formatting.number(peak, 3)} en la "
    f"actualización {updates[rates.index(peak)]}; al final, {rates[-1]:.2g}."
)
claims.check(
    "la tasa sube hasta su máximo y termina en 0",
    abs(peak - settings["learning_rate"]) < 1e-6 and rates[-1] < 1e-6,
    maximo=peak,
    final=rates[-1],
)

# %%
# El mismo presupuesto
# --------------------
# La misma red de pilas de 3 x 3 de la lección anterior, las mismas épocas;
# sólo cambia el optimizador.
before = ladder.train("pilas_3x3")
run = ladder.train("tasa_coseno")
fig = plots.compare_curves(
    {"SGD 0.1 constante (clase)": before.history, "momento + coseno": run.history},
    title="La tasa de aprendizaje, mismo presupuesto",
)
gain = run.test_accuracy - before.test_accuracy
print(
    f"Tasa constante: {formatting.percent(before.test_accuracy)}; momento y "
    f"coseno: {formatting.percent(run.test_accuracy)} ({formatting.points(gain)})."
)

# %%
# Medir con pesos que se asentaron
# --------------------------------
# Con una tasa constante, cada actualización mueve los pesos lo mismo al final
# que al principio: la exactitud en prueba de la última época depende de en
# qué punto de su vaivén quedaron. Con la tasa que baja a 0, los últimos pasos
# son diminutos. Por eso todos los peldaños que siguen usan esta tasa: así las
# diferencias que se midan serán de las ideas y no del vaivén. La curva de
# prueba por época lo muestra:
for label, r in (("constante", before), ("coseno", run)):
    curve = ", ".join(formatting.percent(v, 1) for v in r.history["val_accuracy"])
    print(f"{label}: {curve}")
last_step = np.abs(np.diff(run.history["val_accuracy"][-2:]))
print(f"Último cambio de época a época con coseno: {formatting.points(last_step[0])}")

# %%
# Resumen
# -------
# * El momento acumula la dirección de los pasos anteriores; con 0.9, la tasa
#   máxima debe ser unas diez veces menor.
# * El calentamiento evita pasos grandes con pesos aleatorios; la caída coseno
#   termina con pasos finos.
# * Desde aquí, cada idea se mide con esta tasa.
#
# Ejercicios
# ----------
# 1. ¿Qué tasa usa el optimizador en la mitad de las actualizaciones que siguen
#    al calentamiento?
#
#    .. dropdown:: Solución
#
#       Medio coseno en su punto medio vale la mitad: la tasa es la mitad del
#       máximo. Compruébalo con
#       ``float(schedule(int(0.2 * steps + 0.4 * steps)))``.
