"""
Regularización y tasa de aprendizaje
====================================

Decaimiento de pesos y suavizado de etiquetas; después, SGD con momento y una
tasa que calienta y baja con un coseno.

**Lo que aprenderás**

* Qué hacen el :term:`decaimiento de pesos` y el :term:`suavizado de etiquetas`,
  y cuánto aportan con este presupuesto.
* Cómo es una tasa con calentamiento y caída coseno, dibujada con los valores
  que usa el optimizador.
* Cuánto aporta cambiar el SGD de tasa constante de la clase por esa tasa con
  :term:`momento`.
"""

# %%
# Dos regularizaciones baratas
# ----------------------------
# * **Decaimiento de pesos** (``weight_decay=5e-4``): en cada actualización los
#   pesos, además de moverse contra el gradiente, se encogen en la fracción
#   :math:`\eta\,\lambda`. Pesos pequeños dan funciones más suaves.
# * **Suavizado de etiquetas** (``label_smoothing=0.1``): la etiqueta
#   :term:`one-hot <codificación one-hot>` :math:`y` pasa a
#   :math:`(1 - s)\,y + s/10`. La red deja de perseguir probabilidades de
#   exactamente 1, lo que en la :term:`entropía cruzada categórica` exigiría
#   *logits* cada vez más grandes.
#
# El *dropout* no entra en la escalera: en redes convolucionales con
# normalización por lotes suele aportar poco, y cada idea que se agrega debe
# pagarse con una medición.
from cnnbook import claims, config, data, formatting, ladder, modern, plots

print(config.profile().describe())
before = ladder.train("aumento")
regularized = ladder.train("regularizacion")
print(ladder.settings("regularizacion")["compile"])
for label, r in (("sin regularizar", before), ("regularizada", regularized)):
    print(
        f"{label}: {formatting.percent(r.test_accuracy)} en prueba, pérdida "
        f"de prueba {formatting.number(r.metrics['test_loss'], 3)}"
    )
gain_reg = regularized.test_accuracy - before.test_accuracy
print(f"Diferencia: {formatting.points(gain_reg)}")

# %%
# La pérdida de prueba no es comparable entre las dos: con etiquetas suaves, la
# pérdida mínima posible ya no es 0. Lo que se compara es la exactitud.
#
# Calentar y bajar la tasa
# ------------------------
# Hasta aquí la tasa fue la de la clase: 0.1, constante. Dos ideas la mejoran:
#
# 1. **Momento de Nesterov** (0.9): cada paso acumula los anteriores, así que
#    la red avanza rápido en las direcciones en que los gradientes coinciden y
#    se frena en las que oscilan.
# 2. **Calentamiento y caída coseno**: durante el primer 20 % de las
#    actualizaciones la tasa sube linealmente desde 0 (al principio los pesos
#    son aleatorios y los gradientes grandes) y después baja hasta 0 siguiendo
#    medio coseno, para terminar con pasos finos.
#
# El dibujo usa los mismos valores que el optimizador: los de
# ``modern.warmup_cosine`` con las actualizaciones de un peldaño.
scheduled = ladder.train("tasa_coseno")
settings = ladder.settings("tasa_coseno")["compile"]
(x_train, _), _ = data.load_cifar10()
steps = scheduled.epochs * -(-len(x_train) // ladder.MODERN_BATCH)
schedule = modern.warmup_cosine(
    settings["learning_rate"], steps, settings["warmup_fraction"]
)
updates = list(range(0, steps + 1, max(steps // 60, 1)))
rates = [float(schedule(step)) for step in updates]
fig = plots.line_chart(
    updates,
    {"calentamiento y coseno": rates, "constante (clase)": [0.1] * len(updates)},
    "actualización",
    "tasa de aprendizaje",
    title="La tasa de aprendizaje en cada actualización",
    markers=False,
)
peak = max(rates)
print(
    f"Máximo: {formatting.number(peak, 3)} en la actualización {updates[rates.index(peak)]}"
)
claims.check(
    "la tasa sube hasta su máximo y termina en 0",
    abs(peak - settings["learning_rate"]) < 1e-6 and rates[-1] < 1e-6,
    maximo=peak,
    final=rates[-1],
)

# %%
fig = plots.compare_curves(
    {"tasa 0.1 constante": regularized.history, "momento + coseno": scheduled.history},
    title="La tasa de aprendizaje, mismo presupuesto",
)
gain_lr = scheduled.test_accuracy - regularized.test_accuracy
print(
    f"Tasa constante: {formatting.percent(regularized.test_accuracy)}; momento y "
    f"coseno: {formatting.percent(scheduled.test_accuracy)} ({formatting.points(gain_lr)})."
)
