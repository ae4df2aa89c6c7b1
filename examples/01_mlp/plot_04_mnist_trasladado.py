"""
Dígitos trasladados cuatro píxeles
==================================

Mover los dígitos cuatro píxeles basta para que el perceptrón multicapa se equivoque casi siempre.

**Lo que aprenderás**

* Cómo trasladar una imagen sin que lo que sale por un borde reaparezca por el
  otro: lo que queda vacío se llena con ceros.
* Que el MLP entrenado con MNIST se equivoca casi siempre con los mismos
  dígitos de prueba movidos 4 píxeles hacia abajo y a la derecha.
* Por qué: para el MLP, el mismo trazo en otra posición es otro vector de
  entrada, con tinta en píxeles que casi nunca la tuvieron al entrenar.
"""

# %%
# El modelo de la primera lección
# -------------------------------
# Usamos exactamente el mismo MLP entrenado con MNIST: ``recipes.mlp_mnist()``
# repite la receta de la primera lección, que produce la misma clave de caché,
# así que se carga en lugar de entrenarse otra vez.
import numpy as np

from cnnbook import claims, config, data, lecture, plots, recipes, training
from cnnbook.formatting import percent, points

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_test_n = data.normalize(x_test)[..., None]
run = recipes.mlp_mnist()
print(f"Exactitud en la prueba original: {percent(run.test_accuracy)}")

# %%
# Trasladar sin dar la vuelta
# ---------------------------
# ``data.shift(x, dy, dx)`` mueve la imagen ``dy`` píxeles hacia abajo y ``dx``
# hacia la derecha. Las filas y columnas que quedan vacías se llenan con ceros
# (negro, como el fondo de MNIST) y lo que sale por el borde se descarta. Un
# ejemplo pequeño lo deja ver:
tiny = np.arange(1, 17, dtype=np.uint8).reshape(4, 4)
print("Original:\n", tiny)
print("Trasladada (dy=1, dx=2):\n", data.shift(tiny, 1, 2))

# %%
# Un dígito, antes y después
# --------------------------
# Tomamos el primer 5 del :term:`conjunto de prueba` y comparamos la predicción del MLP
# (con su probabilidad) en la imagen original y en la trasladada.
x_shifted = data.shift(x_test, 4, 4)
x_shifted_n = data.normalize(x_shifted)[..., None]

i = int(np.flatnonzero(y_test == 5)[0])
p_orig = run.model.predict(x_test_n[i : i + 1], verbose=0)[0]
p_shift = run.model.predict(x_shifted_n[i : i + 1], verbose=0)[0]
fig = plots.image_pair(
    x_test[i],
    x_shifted[i],
    f"Original (real: {y_test[i]})\npred: {p_orig.argmax()} (p = {p_orig.max():.2f})",
    f"Trasladada 4 px (real: {y_test[i]})\npred: {p_shift.argmax()} (p = {p_shift.max():.2f})",
)

# %%
# Todo el conjunto de prueba trasladado
# -------------------------------------
# La diapositiva pregunta qué pasa si trasladamos «las imágenes del conjunto de
# entrenamiento», pero la salida que muestra no es de entrenamiento: sus
# 313 lotes son los 10,000 dígitos de prueba en lotes de 32
# (:math:`\lceil 10{,}000 / 32 \rceil = 313`; los 60,000 de entrenamiento
# serían 1,875 lotes). Lo que la clase midió, y lo que hacemos aquí, es el MLP
# entrenado con los dígitos sin mover, evaluado con la **prueba** trasladada.
acc_shifted = training.accuracy(run.model, x_shifted_n, y_test)
reported = lecture.RESULTS["mlp_mnist_shifted"][0]
print(f"Exactitud en la prueba original:   {percent(run.test_accuracy)}")
print(
    f"Exactitud en la prueba trasladada: {percent(acc_shifted)} "
    f"(la clase reporta {percent(reported)})"
)
print(f"Al azar se esperaría {percent(1 / 10, 0)}.")
claims.check(
    "con la prueba trasladada 4 píxeles, el MLP se equivoca en más del 80 % de "
    "los dígitos",
    acc_shifted < 0.20,
    trasladada=acc_shifted,
)
training.save_record(
    "mlp_mnist_shifted",
    {"test_accuracy": acc_shifted},
    shift=[4, 4],
    model="mlp_mnist",
    n_test=len(y_test),
)

# %%
# ¿Qué predice ahora? Contamos las clases predichas con los dígitos trasladados.
pred_shifted = run.model.predict(x_shifted_n, batch_size=1024, verbose=0).argmax(axis=1)
counts = np.bincount(pred_shifted, minlength=10)
for digit in np.argsort(-counts)[:4]:
    print(
        f"predice «{digit}» en {percent(counts[digit] / len(pred_shifted), 1)} "
        "de los casos"
    )

# %%
# ¿Cuánto hay que mover un dígito para confundir al MLP?
# ------------------------------------------------------
# Medimos la :term:`exactitud` con traslados diagonales de 0 a 6 píxeles.
steps = list(range(7))
acc_by_step = [
    training.accuracy(
        run.model, data.normalize(data.shift(x_test, s, s))[..., None], y_test
    )
    for s in steps
]
for s, acc in zip(steps, acc_by_step):
    print(f"traslado ({s}, {s}): {percent(acc, 1)}")
fig = plots.accuracy_bars(
    [f"({s}, {s})" for s in steps],
    acc_by_step,
    title="MLP en MNIST: exactitud según el traslado (dy, dx)",
)

# %%
# Cada píxel de traslado cuesta exactitud, y la caída es brusca: con dos
# píxeles en cada eje el MLP ya perdió buena parte de lo que sabía.
claims.check(
    "la exactitud baja con cada píxel de traslado, de 0 a 4",
    bool(np.all(np.diff(acc_by_step[:5]) < 0)),
    exactitudes=" · ".join(percent(a, 1) for a in acc_by_step[:5]),
)
claims.check(
    "con un traslado de (2, 2) el MLP ya pierde más de 25 puntos porcentuales",
    acc_by_step[0] - acc_by_step[2] > 0.25,
    pérdida=points(acc_by_step[2] - acc_by_step[0], 1),
)

# %%
# ¿Por qué? Dónde hay tinta al entrenar
# -------------------------------------
# Cada peso de la primera capa está unido a un píxel fijo. Si un píxel casi nunca
# tuvo tinta durante el entrenamiento, sus pesos casi no se ajustaron. Marcamos
# los píxeles con tinta en al menos el 1 % de los dígitos de entrenamiento y
# medimos cuánta tinta de los dígitos trasladados cae fuera de esa zona.
ink_freq = (x_train > 0).mean(axis=0)
seen = ink_freq >= 0.01
outside = (x_shifted > 0) & ~seen
print(f"Píxeles 'conocidos' (tinta en >= 1 % del entrenamiento): {seen.sum()} de 784")
share_orig = ((x_test > 0) & ~seen).sum() / (x_test > 0).sum()
share_shift = outside.sum() / (x_shifted > 0).sum()
print(
    f"Tinta fuera de esa zona: {percent(share_orig, 1)} en la prueba original, "
    f"{percent(share_shift, 1)} en la trasladada"
)
claims.check(
    "la prueba trasladada pone fuera de la zona conocida más de diez veces "
    "la proporción de tinta que la original",
    share_shift > 10 * share_orig,
    original=share_orig,
    trasladada=share_shift,
)
fig = plots.image_pair(
    ink_freq,
    (x_shifted > 0).mean(axis=0),
    "Frecuencia de tinta\n(entrenamiento)",
    "Frecuencia de tinta\n(prueba trasladada)",
)

# %%
# Resumen
# -------
# * Un desplazamiento que a una persona no le cambia nada hace que el MLP falle
#   en la gran mayoría de los dígitos (la clase reporta 7.61 % de exactitud,
#   por debajo del 10 % de adivinar al azar).
# * Para el MLP, un dígito trasladado es un vector de 784 números casi sin
#   relación con el original: los mismos trazos activan otras entradas, unidas a
#   otros pesos, muchos de los cuales casi no se entrenaron.
# * Lo que el MLP aprendió de un trazo en una posición no le sirve en otra: le
#   falta una operación que busque el mismo patrón en todas las posiciones.
#
# Ejercicios
# ----------
# 1. Traslada los dígitos 4 píxeles hacia arriba y a la izquierda
#    (``data.shift(x_test, -4, -4)``). ¿Cae igual la exactitud?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          x_up = data.normalize(data.shift(x_test, -4, -4))[..., None]
#          print(training.accuracy(run.model, x_up, y_test))
#
#       También se desploma: la dirección no importa, el MLP no generaliza a
#       ninguna posición que no vio.
#
# 2. ¿Por qué ``np.roll`` no sirve para trasladar dígitos en este experimento?
#
#    .. dropdown:: Solución
#
#       ``np.roll`` hace que lo que sale por un borde entre por el opuesto. Con
#       dígitos centrados casi no se nota, pero con un traslado grande partes
#       del trazo aparecerían del otro lado, creando una imagen que no es un
#       dígito movido.
