r"""
Errores y confianza
===================

En qué se equivocan las tres redes de CIFAR-10, cuáles son sus errores más
seguros y si su confianza merece crédito.

**Lo que aprenderás**

* A leer una :term:`matriz de confusión` y a encontrar las clases que una red
  confunde.
* Que una red puede equivocarse con casi total seguridad.
* Qué es una red bien :term:`calibrada <calibración>`, cómo se dibuja su diagrama de
  confiabilidad y qué mide el error de calibración esperado (ECE).
"""

# %%
# Las tres redes de CIFAR-10
# --------------------------
# El perceptrón multicapa del capítulo 1, LeNet-5 del ejercicio del capítulo 4
# y el modelo final del capítulo 6, cargados de la caché (si esta lección se
# ejecuta sola, se entrenan). Cada una da, para cada foto de prueba, diez
# probabilidades.
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    interpret,
    ladder,
    plots,
    recipes,
    report,
)

print(config.profile().describe())
runs = {
    "perceptrón (cap. 1)": recipes.mlp_cifar10(),
    "LeNet-5 (cap. 4)": recipes.lenet5_cifar10(),
    "CNN moderna (cap. 6)": ladder.final(),
}
_, (x_test, y_test) = data.load_cifar10()
x = data.normalize(x_test)
probabilities = {
    label: run.model.predict(x, batch_size=1000, verbose=0).astype("float64")
    for label, run in runs.items()
}
names = data.CIFAR10_CLASSES
for label, p in probabilities.items():
    accuracy = float((p.argmax(axis=1) == y_test).mean())
    print(f"{label}: {formatting.percent(accuracy)} en prueba")

# %%
# La matriz de confusión
# ----------------------
# La fila :math:`i` cuenta las fotos de la clase :math:`i`; la columna
# :math:`j`, cuántas de ellas la red llamó :math:`j`. La diagonal son los
# aciertos; todo lo demás, confusiones. Con 1,000 fotos por clase, cada celda
# se lee como «por mil».
fig, axes = plt.subplots(1, 3, figsize=(15, 5.4), layout="constrained")
matrices = {}
for ax, (label, p) in zip(axes, probabilities.items(), strict=True):
    matrices[label] = interpret.confusion(p.argmax(axis=1), y_test, len(names))
    plots.matrix(
        matrices[label],
        ax=ax,
        title=label,
        fmt="{:d}",
        fontsize=6,
        show_indices=False,
        row_labels=names,
        col_labels=names,
    )
fig.suptitle("CIFAR-10: matrices de confusión (filas: clase real)")

# %%
# ¿Qué pares de clases confunde más cada red? Sumamos las dos direcciones
# (gato por perro y perro por gato).
rows = []
for label, m in matrices.items():
    both = m + m.T
    np.fill_diagonal(both, 0)
    i, j = np.unravel_index(both.argmax(), both.shape)
    rows.append(
        [label, f"{names[i]} y {names[j]}", formatting.integer(int(both[i, j]))]
    )
report.Table(["red", "par más confundido", "fotos"], rows)

# %%
best = matrices["CNN moderna (cap. 6)"]
worst_class = int(np.argmin(np.diag(best)))
print(
    f"La clase más difícil para la CNN moderna es «{names[worst_class]}»: acierta "
    f"{formatting.integer(int(best[worst_class, worst_class]))} de "
    f"{formatting.integer(int(best[worst_class].sum()))}."
)

# %%
# Los errores más seguros
# -----------------------
# Una red que se equivoca con 99 % de confianza es más peligrosa que una que
# duda. Las ocho fotos que la CNN moderna clasificó mal con más seguridad:
modern_p = probabilities["CNN moderna (cap. 6)"]
worst = interpret.most_confident_errors(modern_p, y_test, k=8)
plots.prediction_grid(
    x_test[worst],
    y_test[worst],
    modern_p[worst].argmax(axis=1),
    names,
    ncols=4,
    title="CNN moderna: los ocho errores con más confianza",
)
print(
    "Confianza de esos errores: "
    + ", ".join(formatting.percent(c, 1) for c in modern_p[worst].max(axis=1))
)

# %%
# La calibración
# --------------
# Una red está **calibrada** (*calibrated*) si, de las fotos en que dice estar
# 80 % segura, acierta el 80 %. Se agrupan las fotos por su confianza (la mayor
# probabilidad) en diez intervalos y se compara, en cada uno, la confianza
# media con la exactitud: el diagrama de confiabilidad (*reliability
# diagram*). El error de calibración esperado (*expected calibration error*,
# ECE; :ref:`Guo et al., 2017 <ref-guo2017>`) promedia la distancia entre ambas, pesada por cuántas
# fotos caen en cada intervalo:
#
# .. math::
#
#    \mathrm{ECE} = \sum_{b=1}^{B} \frac{n_b}{N}\,
#    \left|\mathrm{exactitud}_b - \mathrm{confianza}_b\right|.
diagrams = {
    label: interpret.reliability(p, y_test, bins=10)
    for label, p in probabilities.items()
}
fig, axes = plt.subplots(1, 3, figsize=(12, 4.2), layout="constrained", sharey=True)
for ax, (label, r) in zip(axes, diagrams.items(), strict=True):
    centres = (r.edges[:-1] + r.edges[1:]) / 2
    filled = r.counts > 0
    ax.bar(
        centres[filled],
        r.accuracy[filled],
        width=0.09,
        color=plots.COLORS["azul"],
        label="exactitud",
    )
    ax.plot([0, 1], [0, 1], "--", color=plots.COLORS["bermellon"], label="calibrada")
    ax.set_title(f"{label}\nECE = {formatting.percent(r.ece, 1)}")
    ax.set_xlabel("confianza")
axes[0].set_ylabel("exactitud en el intervalo")
axes[0].legend(loc="upper left")
fig.suptitle("Diagramas de confiabilidad en CIFAR-10 (10 intervalos)")

# %%
rows = []
for label, r in diagrams.items():
    p = probabilities[label]
    confidence = float(p.max(axis=1).mean())
    accuracy = float((p.argmax(axis=1) == y_test).mean())
    verdict = "demasiado segura" if confidence > accuracy else "demasiado modesta"
    rows.append(
        [
            label,
            formatting.percent(confidence),
            formatting.percent(accuracy),
            formatting.percent(r.ece),
            verdict,
        ]
    )
report.Table(
    ["red", "confianza media", "exactitud", "ECE", "en promedio"],
    rows,
)

# %%
# Si una red dice estar más segura de lo que acierta, su confianza promedio
# supera a su exactitud; la tabla lo dice con sus valores. Ninguna de las tres
# se entrenó con suavizado de etiquetas (*label smoothing*): el capítulo 6
# midió que al modelo final no le convenía. Comparar el ECE de las tres redes
# responde, en esta construcción, si el modelo más exacto es también el más
# confiable.
ece = {label: r.ece for label, r in diagrams.items()}
most = min(ece, key=ece.get)
print(
    f"La red mejor calibrada es {most} (ECE {formatting.percent(ece[most])}); "
    f"la peor, {max(ece, key=ece.get)} (ECE {formatting.percent(max(ece.values()))})."
)
surest = {}  # la confianza del error más seguro de cada red (0 si no se equivoca)
for label, p in probabilities.items():
    wrong = p.argmax(axis=1) != y_test
    surest[label] = float(p[wrong].max(axis=1).max()) if wrong.any() else 0.0
claims.check(
    "las tres redes cometen errores con más de 90 % de confianza",
    min(surest.values()) > 0.9,
    **dict(zip(("perceptron", "lenet5", "moderna"), surest.values(), strict=True)),
)

# %%
# Resumen
# -------
# * La matriz de confusión dice qué clases se confunden; la tabla de arriba da
#   el par más confundido de cada red.
# * Una red puede equivocarse con casi total seguridad: la confianza no es una
#   garantía.
# * El diagrama de confiabilidad y el ECE miden si la confianza de la red
#   coincide con lo que acierta.
#
# Ejercicios
# ----------
# 1. ¿Qué fracción de sus errores comete la CNN moderna con más de 90 % de
#    confianza?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          wrong = modern_p.argmax(axis=1) != y_test
#          print((modern_p[wrong].max(axis=1) > 0.9).mean())
