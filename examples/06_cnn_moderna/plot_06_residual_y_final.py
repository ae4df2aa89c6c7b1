"""
Conexiones residuales, promedio global y el modelo final
========================================================

La última idea de la escalera, el modelo final con más filtros y más épocas,
y el espejo en la prueba como ganancia gratuita.

**Lo que aprenderás**

* Qué es una :term:`conexión residual` y por qué no agrega parámetros.
* Cuántos parámetros ahorra el :term:`promedio global` frente a aplanar.
* Qué exactitud alcanza el modelo final y cuánto suma el :term:`aumento en la
  prueba` con el espejo.
"""

# %%
# Sumar la entrada
# ----------------
# En cada etapa, la primera convolución cambia el número de filtros y las
# demás forman una rama :math:`F(x)` cuya salida se suma a su entrada:
# :math:`x + F(x)`. Si a la rama no le conviene hacer nada, le basta con pesos
# cercanos a cero, y el gradiente llega a las capas anteriores por el camino
# de la suma sin atravesar la rama. Es la idea de ResNet (He y colaboradores,
# 2015). La suma no tiene pesos.
#
# Promediar en lugar de aplanar
# -----------------------------
# La cabeza de LeNet-5 aplana los mapas finales: la capa de salida tiene un peso
# por cada posición de cada mapa. El promedio global reduce cada mapa a un
# número, así que la salida ve sólo tantos números como filtros.
from cnnbook import claims, config, data, formatting, ladder, modern, plots, training

print(config.profile().describe())
base = ladder.settings("regularizacion")["model"]
variants = {
    "aplanar": base,
    "aplanar + residual": {**base, "residual": True},
    "promedio global + residual": ladder.settings("residual_global")["model"],
}
counts = {}
for label, options in variants.items():
    net = modern.modern_cnn(**options)
    head = net.get_layer("salida").count_params()
    counts[label] = net.count_params()
    print(
        f"{label}: {formatting.integer(counts[label])} parámetros, "
        f"{formatting.integer(head)} en la capa de salida"
    )
claims.check(
    "la conexión residual no agrega parámetros y el promedio global los reduce",
    counts["aplanar + residual"] == counts["aplanar"]
    and counts["promedio global + residual"] < counts["aplanar"],
    **{k.replace(" + ", "_").replace(" ", "_"): v for k, v in counts.items()},
)

# %%
# El peldaño, con el mismo presupuesto
# ------------------------------------
before = ladder.train("regularizacion")
run = ladder.train("residual_global")
fig = plots.compare_curves(
    {"aplanar": before.history, "residual + promedio global": run.history},
    title="Residual y promedio global, mismo presupuesto",
)
gain = run.test_accuracy - before.test_accuracy
share = counts["promedio global + residual"] / counts["aplanar"]
print(
    f"Aplanar: {formatting.percent(before.test_accuracy)}; residual y promedio "
    f"global: {formatting.percent(run.test_accuracy)} ({formatting.points(gain)}), "
    f"con {formatting.percent(share, 0)} de los parámetros."
)
if gain >= 0:
    print(
        "Con este presupuesto, el peldaño sube la exactitud y además achica la red: "
        "se conserva."
    )
else:
    print(
        "Con este presupuesto, el peldaño cuesta "
        f"{formatting.number(-100 * gain)} puntos porcentuales de "
        f"exactitud pero deja la red con {formatting.percent(share, 0)} de los "
        "parámetros."
    )

# %%
# El modelo final conserva este peldaño por el tamaño de la cabeza: al aplanar,
# la capa de salida crece con los filtros de la última etapa y con el lado de
# sus mapas; con el promedio global, sólo con los filtros. Y la suma residual no
# cuesta pesos. Si además sube la exactitud de la red ancha con más épocas es
# algo que la escalera no mide: queda como ejercicio.

# %%
# El modelo final
# ---------------
# La escalera usó una red angosta y pocas épocas para que cada idea se pudiera
# medir en unos minutos. El modelo final es el último peldaño con el doble de
# filtros por etapa y más épocas (la tasa coseno se estira a las nuevas
# actualizaciones), sin la regularización que la lección anterior midió y no
# se justificó. Es el entrenamiento más largo del libro.
final = ladder.final()
claims.check(
    "el modelo final no usa decaimiento de pesos ni suavizado de etiquetas",
    final.model.optimizer.weight_decay is None
    and final.model.loss.label_smoothing == 0,
    decaimiento=final.model.optimizer.weight_decay,
    suavizado=final.model.loss.label_smoothing,
)
print(
    f"Filtros {ladder.FINAL_WIDTHS}, {final.epochs} épocas, "
    f"{formatting.integer(final.model.count_params())} parámetros: "
    f"{formatting.percent(final.test_accuracy)} en prueba, "
    f"{formatting.number(final.train_seconds / 60, 1)} min de entrenamiento."
)
fig = plots.learning_curves(final.history, title="El modelo final en CIFAR-10")

# %%
# El espejo en la prueba
# ----------------------
# Si la red aprendió con fotos reflejadas, también puede mirar cada foto de
# prueba dos veces, tal cual y reflejada, y promediar sus probabilidades. No
# cambia ningún peso; cuesta una segunda pasada hacia adelante.
_, (x_test, y_test) = data.load_cifar10()
x_test_n = data.normalize(x_test)


flip_probs = training.memoize(
    "espejo_final", modern.predict_with_flip, model=final.model, x=x_test_n
).value
flip = float((flip_probs.argmax(axis=1) == y_test).mean())
plain = training.accuracy(final.model, x_test_n, y_test)
print(
    f"Sin espejo: {formatting.percent(plain)}; con espejo: "
    f"{formatting.percent(flip)} ({formatting.points(flip - plain)})."
)
claims.check(
    "la exactitud sin espejo coincide con la que midió el entrenamiento",
    abs(plain - final.test_accuracy) < 1e-3,
    medida=plain,
    entrenamiento=final.test_accuracy,
)

# %%
# Resumen
# -------
# * Una conexión residual suma la entrada de la etapa a la salida de su rama:
#   no agrega pesos y da al gradiente un camino directo.
# * El promedio global reduce cada mapa a un número: la capa de salida deja de
#   depender del tamaño de los mapas.
# * El espejo en la prueba cuesta una pasada hacia adelante más y ningún
#   entrenamiento.
#
# Ejercicios
# ----------
# 1. Mide si lo residual y el promedio global valen la pena en el modelo final:
#    entrena el peldaño ``"aumento"`` con los filtros y las épocas del modelo
#    final y compáralo con ``final``.
#
#    .. dropdown:: Solución
#
#       ``ladder.final("aumento")`` entrena ese peldaño en la red ancha (se
#       guarda en la caché como ``moderna_final_aumento``): el modelo final sin
#       lo residual ni el promedio global. Compara su ``test_accuracy`` y su
#       ``model.count_params()`` con los de ``final``. Cuesta otro entrenamiento
#       tan largo como el del modelo final.
