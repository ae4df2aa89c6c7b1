"""
Regularización: decaimiento de pesos y suavizado de etiquetas
=============================================================

Dos regularizaciones baratas, medidas con el mismo presupuesto.

**Lo que aprenderás**

* Qué hacen el :term:`decaimiento de pesos` y el :term:`suavizado de etiquetas`.
* Cuánto aportan con este presupuesto, y por qué el modelo final las deja fuera.
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
# El *dropout*, la tercera regularización clásica, no entra en la escalera:
# cada idea que se agrega debe pagarse con una medición, y el presupuesto del
# capítulo alcanza para medir estas dos juntas.
from cnnbook import claims, config, formatting, ladder, plots

print(config.profile().describe())
before = ladder.train("aumento")
regularized = ladder.train("regularizacion")
chosen = ladder.settings("regularizacion")["compile"]
print(chosen)
claims.check(
    "la receta usa weight_decay=5e-4 y label_smoothing=0.1",
    (chosen["weight_decay"], chosen["label_smoothing"]) == (5e-4, 0.1),
    **chosen,
)
for label, r in (("sin regularizar", before), ("regularizada", regularized)):
    print(
        f"{label}: {formatting.percent(r.test_accuracy)} en prueba, pérdida "
        f"de prueba {formatting.number(r.metrics['test_loss'], 3)}"
    )
gain_reg = regularized.test_accuracy - before.test_accuracy
print(f"Diferencia: {formatting.points(gain_reg)}")
if gain_reg > 0:
    print("Con este presupuesto, la regularización se justifica: sube la exactitud.")
else:
    print(
        "Con este presupuesto, la regularización no se justifica: cuesta "
        f"{formatting.number(-100 * gain_reg)} puntos porcentuales de exactitud."
    )

# %%
# La pérdida de prueba no es comparable entre las dos: con etiquetas suaves, la
# pérdida mínima posible ya no es 0. Lo que se compara es la exactitud.
fig = plots.compare_curves(
    {"sin regularizar": before.history, "regularizada": regularized.history},
    title="Decaimiento de pesos y suavizado, mismo presupuesto",
)

# %%
# Lo que dice la medición se escribe tal cual, aunque no sea lo esperado: la
# línea de arriba la imprime la construcción con sus propios valores. Y se
# actúa en consecuencia: el modelo final conserva sólo lo que las mediciones
# justifican, así que deja fuera estas dos regularizaciones
# (``ladder.FINAL_WITHOUT``). La comprobación de abajo detiene la construcción
# si algún día la escalera mide lo contrario: habría que revisar esa decisión.
# Los peldaños siguientes de la escalera sí las conservan, para que cada uno
# siga agregando una sola idea al anterior.
claims.check(
    "la regularización no sube la exactitud del peldaño, y el modelo final la "
    "deja fuera",
    gain_reg <= 0 and "regularizacion" in ladder.FINAL_WITHOUT,
    diferencia=gain_reg,
    fuera_del_final=ladder.FINAL_WITHOUT,
)

# %%
# Resumen
# -------
# * El decaimiento de pesos encoge los pesos en cada actualización; el
#   suavizado de etiquetas evita que la red persiga probabilidades de 1.
# * Con etiquetas suaves, la pérdida de prueba deja de ser comparable: se
#   compara la exactitud.
# * Una idea entra al modelo final sólo si su medición la justifica; con este
#   presupuesto, éstas no lo hicieron.
#
# Ejercicios
# ----------
# 1. Con :math:`s = 0.1` y 10 clases, ¿qué probabilidad pide la etiqueta suave
#    para la clase correcta y cuál para cada una de las otras?
#
#    .. dropdown:: Solución
#
#       :math:`1 - 0.1 + 0.1/10 = 0.91` para la correcta y :math:`0.01` para
#       cada una de las otras nueve; suman 1.
