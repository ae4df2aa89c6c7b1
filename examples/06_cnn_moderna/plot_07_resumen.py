"""
Resumen: de LeNet-5 a una CNN moderna
=====================================

Cada paso del capítulo en una tabla y en una figura: exactitud en prueba
frente a minutos de entrenamiento.

**Lo que aprenderás**

* Cuánto aportó cada idea con el mismo presupuesto, en una sola tabla.
* Qué cuesta en tiempo cada punto de exactitud.
"""

# %%
# Todos los entrenamientos del capítulo se cargan de la caché (si esta lección
# se ejecuta sola, se entrenan). Ningún número de esta página se escribe a
# mano: salen de los modelos y de sus tiempos de entrenamiento.
import matplotlib.pyplot as plt

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    ladder,
    modern,
    plots,
    recipes,
    report,
    training,
)

print(config.profile().describe())
IDEAS = {
    "pilas_3x3": "pilas de 3 x 3 (VGG)",
    "tasa_coseno": "+ momento y tasa coseno",
    "normalizacion": "+ normalización por lotes",
    "aumento": "+ aumento para fotos",
    "regularizacion": "+ decaimiento y suavizado",
    "residual_global": "+ residual y promedio global",
}
lenet = recipes.lenet5_cifar10()
steps = {step: ladder.train(step) for step in ladder.LADDER}
final = ladder.final()
_, (x_test, y_test) = data.load_cifar10()


flip_probs = training.memoize(
    "espejo_final",
    modern.predict_with_flip,
    model=final.model,
    x=data.normalize(x_test),
).value
flip = float((flip_probs.argmax(axis=1) == y_test).mean())

# %%
# La tabla
# --------
# «Diferencia» compara cada fila con la anterior: el primer peldaño con
# LeNet-5 (que entrenó más épocas), el modelo final con el último peldaño y el
# espejo con el modelo final.
points = [("LeNet-5 (clase)", lenet.epochs, lenet.test_accuracy, lenet.train_seconds)]
points += [
    (IDEAS[s], r.epochs, r.test_accuracy, r.train_seconds) for s, r in steps.items()
]
points.append(("modelo final", final.epochs, final.test_accuracy, final.train_seconds))
points.append(("+ espejo en la prueba", final.epochs, flip, final.train_seconds))
rows, previous = [], None
for label, epochs, acc, seconds in points:
    diff = "" if previous is None else formatting.points(acc - previous)
    rows.append(
        [
            label,
            str(epochs),
            formatting.percent(acc),
            diff,
            formatting.number(seconds / 60, 1),
        ]
    )
    previous = acc
report.Table(
    ["paso", "épocas", "exactitud en prueba", "diferencia", "minutos de entrenamiento"],
    rows,
)

# %%
# La figura
# ---------
fig, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
minutes = [p[3] / 60 for p in points]
accuracies = [100 * p[2] for p in points]
ax.plot(
    minutes[1:-1],
    accuracies[1:-1],
    "o",
    color=plots.COLORS["azul"],
    label="peldaños y modelo final",
)
ax.plot(
    minutes[:1], accuracies[:1], "s", color=plots.COLORS["bermellon"], label="LeNet-5"
)
ax.plot(
    minutes[-1:],
    accuracies[-1:],
    "^",
    color=plots.COLORS["verde"],
    label="final + espejo",
)
# Etiquetas alternadas arriba y abajo: varios peldaños caen muy cerca.
for i, ((label, *_), x, y) in enumerate(zip(points, minutes, accuracies, strict=True)):
    offset = (6, -10) if i % 2 else (6, 4)
    ax.annotate(label, (x, y), textcoords="offset points", xytext=offset, fontsize=8)
ax.set_xlim(0, 1.35 * max(minutes))
ax.set_xlabel("minutos de entrenamiento (esta máquina)")
ax.set_ylabel("exactitud en prueba (%)")
ax.set_title("CIFAR-10: exactitud frente a minutos de entrenamiento")
ax.legend(loc="lower right")

# %%
best_step = max(steps, key=lambda s: steps[s].test_accuracy)
print(
    f"De LeNet-5 ({formatting.percent(lenet.test_accuracy)}, "
    f"{formatting.number(lenet.train_seconds / 60, 1)} min) al modelo final con "
    f"espejo ({formatting.percent(flip)}, "
    f"{formatting.number(final.train_seconds / 60, 1)} min): "
    f"{formatting.points(flip - lenet.test_accuracy)}."
)
print(f"El mejor peldaño de la escalera es «{IDEAS[best_step]}».")
claims.check(
    "el modelo final supera a LeNet-5 y a todos los peldaños de la escalera",
    final.test_accuracy > max(r.test_accuracy for r in steps.values())
    and final.test_accuracy > lenet.test_accuracy,
    final=final.test_accuracy,
    lenet5=lenet.test_accuracy,
)

# %%
# Resumen
# -------
# * Cada idea se midió con el mismo presupuesto; la tabla dice cuánto aportó
#   cada una en esta construcción, no en general: con más épocas o una red más
#   ancha, lo que aporta cada idea puede cambiar.
# * El modelo final junta en una red más ancha y con más épocas las ideas de la
#   escalera, salvo la regularización, que su medición no justificó; el espejo
#   en la prueba suma sin entrenar nada.
#
# Ejercicios
# ----------
# 1. ¿Qué fila de la tabla cuesta más minutos por punto de exactitud ganado
#    respecto de la anterior?
#
#    .. dropdown:: Solución
#
#       Divide la diferencia de minutos entre la diferencia de exactitud de cada
#       fila con la anterior, con los valores de ``points``: por ejemplo
#       ``(points[i][3] - points[i - 1][3]) / 60 / (100 * (points[i][2] -
#       points[i - 1][2]))``. Una diferencia negativa de exactitud significa
#       que ese paso, con este presupuesto, no compró nada.
