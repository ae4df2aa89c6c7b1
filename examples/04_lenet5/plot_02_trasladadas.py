"""
LeNet-5 y los dígitos trasladados
=================================

LeNet-5 también falla con los dígitos trasladados: sus mapas se mueven, su parte densa no.

**Lo que aprenderás**

* Que LeNet-5, entrenada con dígitos centrados, también falla con los dígitos
  trasladados 4 píxeles hacia abajo y a la derecha.
* Por qué una red convolucional no es, por sí sola, inmune a las traslaciones:
  las convoluciones *desplazan* sus mapas junto con la imagen (equivariancia),
  el agrupamiento sólo tolera movimientos pequeños y la parte densa sí ve
  posiciones.
"""

# %%
# Los modelos de las lecciones anteriores
# ---------------------------------------
# Cargamos de la caché LeNet-5 (lección anterior) y el MLP (capítulo 1), con
# exactamente las mismas recetas (``cnnbook.recipes``).
import keras
import numpy as np

from cnnbook import claims, config, data, formatting, lecture, plots, recipes, training

print(config.profile().describe())
(x_train, _), (x_test, y_test) = data.load_mnist()
x_test_n = data.normalize(x_test)[..., None]
lenet = recipes.lenet5_mnist()
mlp = recipes.mlp_mnist()

# %%
# La prueba trasladada
# --------------------
x_shift = data.shift(x_test, 4, 4)
x_shift_n = data.normalize(x_shift)[..., None]
acc_shift = training.accuracy(lenet.model, x_shift_n, y_test)
print(
    f"LeNet-5 · prueba original: {formatting.percent(lenet.test_accuracy)} · "
    f"trasladada: {formatting.percent(acc_shift)} (la clase reporta "
    f"{formatting.percent(lecture.RESULTS['lenet5_mnist_shifted'][0])})"
)
mlp_shift = training.accuracy(mlp.model, x_shift_n, y_test)
print(
    f"MLP     · prueba original: {formatting.percent(mlp.test_accuracy)} · "
    f"trasladada: {formatting.percent(mlp_shift)}"
)
claims.check(
    "LeNet-5 también falla con los dígitos trasladados 4 píxeles: acierta menos "
    "de la mitad",
    acc_shift < 0.5,
    trasladada=acc_shift,
)
training.save_record(
    "lenet5_mnist_shifted",
    {"test_accuracy": acc_shift},
    shift=[4, 4],
    model="lenet5_mnist",
)

# %%
# Exactitud según el tamaño del traslado
# --------------------------------------
steps = list(range(7))
curves = {"MLP": [], "LeNet-5": []}
for s in steps:
    xs = data.normalize(data.shift(x_test, s, s))[..., None]
    curves["MLP"].append(training.accuracy(mlp.model, xs, y_test))
    curves["LeNet-5"].append(training.accuracy(lenet.model, xs, y_test))
for s in steps:
    print(
        f"({s}, {s}): MLP {formatting.percent(curves['MLP'][s], 1)} · "
        f"LeNet-5 {formatting.percent(curves['LeNet-5'][s], 1)}"
    )
fig = plots.line_chart(
    steps,
    curves,
    xlabel="Traslado diagonal (dy = dx, píxeles)",
    ylabel="Exactitud",
    title="Exactitud según el traslado de la prueba",
    percent=True,
)

# %%
# LeNet-5 resiste mejor que el MLP los traslados de uno o dos píxeles, pero
# con cuatro también se desploma.
claims.check(
    "LeNet-5 acierta más que el MLP con traslados de 1 y 2 píxeles, y con 4 "
    "acierta menos de la mitad",
    all(curves["LeNet-5"][s] > curves["MLP"][s] for s in (1, 2))
    and curves["LeNet-5"][4] < 0.5,
    lenet5_2px=curves["LeNet-5"][2],
    mlp_2px=curves["MLP"][2],
    lenet5_4px=curves["LeNet-5"][4],
)

# %%
#
# ¿Por qué? Los mapas se mueven con la imagen
# -------------------------------------------
# Una :term:`convolución` es *equivariante* a las traslaciones: si la imagen se mueve, su
# :term:`mapa de características` se mueve igual. Lo comprobamos con la salida de
# ``pool_2`` (4 x 4 x 16): un traslado de 4 píxeles en la entrada debería mover
# esos mapas una celda. Las convoluciones sin relleno mueven su salida tanto
# como su entrada, y cada agrupamiento de 2 divide el desplazamiento entre 2:
# 4 px en la entrada, 4 en ``conv_1``, 2 en ``pool_1``, 2 en ``conv_2`` y 1
# celda en ``pool_2``.
probe = keras.Model(lenet.model.inputs, lenet.model.get_layer("pool_2").output)
a = probe.predict(x_test_n[:500], verbose=0)
b = probe.predict(x_shift_n[:500], verbose=0)


def corr(u, v):
    u, v = u.ravel() - u.mean(), v.ravel() - v.mean()
    return float(u @ v / np.sqrt((u @ u) * (v @ v)))


same_place = corr(a, b)
moved = corr(a[:, :-1, :-1], b[:, 1:, 1:])
print(f"Correlación de los mapas de pool_2, misma posición: {same_place:.3f}")
print(f"Correlación con los mapas trasladados una celda:   {moved:.3f}")

# %%
# Los mapas del dígito trasladado coinciden con los originales *movidos una
# celda* (compara las dos correlaciones): la parte convolucional reconoce los
# mismos trazos, sólo que en otra posición.
claims.check(
    "los mapas del dígito trasladado se parecen más a los originales movidos una "
    "celda (correlación > 0.9) que a los originales en su lugar",
    moved > 0.9 and moved > same_place,
    misma_posición=same_place,
    movidos=moved,
)

# %%
# Pero la :term:`capa densa` que sigue tiene un peso distinto para cada
# posición de cada mapa, igual que el MLP tenía uno por píxel: para ella, el
# mismo trazo en otra celda es otra entrada. Además, durante el entrenamiento
# casi no vio trazos en esa zona: los dígitos de MNIST vienen centrados.
# Medimos qué parte de la tinta cae en las 4 últimas filas o columnas (abajo y
# a la derecha):


def ink_near_edge(x):
    """Fracción de la tinta en las 4 últimas filas o las 4 últimas columnas."""
    return (x[:, 24:, :].sum() + x[:, :24, 24:].sum()) / x.sum()


ink = {
    "entrenamiento": ink_near_edge(x_train),
    "prueba trasladada": ink_near_edge(x_shift),
}
for name, value in ink.items():
    print(f"{name:<18} {formatting.percent(value, 1)} de la tinta en esa zona")
claims.check(
    "en el entrenamiento casi no hubo tinta en esa zona (menos del 10 %), y la "
    "prueba trasladada tiene allí al menos tres veces más",
    ink["entrenamiento"] < 0.1 and ink["prueba trasladada"] > 3 * ink["entrenamiento"],
    entrenamiento=float(ink["entrenamiento"]),
    trasladada=float(ink["prueba trasladada"]),
)

# %%
# Un mapa, antes y después:
i = int(np.flatnonzero(y_test == 5)[0])
full = keras.Model(lenet.model.inputs, lenet.model.get_layer("conv_2").output)
m0, m1 = full.predict(np.stack([x_test_n[i], x_shift_n[i]]), verbose=0)
channel = int(m0.reshape(-1, 16).max(axis=0).argmax())
fig = plots.image_pair(x_test[i], x_shift[i], "dígito original", "trasladado 4 px")
fig = plots.image_grid(
    [m0[:, :, channel], m1[:, :, channel]],
    [f"conv_2 · mapa {channel} (original)", f"conv_2 · mapa {channel} (trasladado)"],
    ncols=2,
    cmap="cividis",
    title="El mapa de características se desplaza con el dígito",
)

# %%
# Resumen
# -------
# * LeNet-5 también falla con los dígitos trasladados 4 píxeles (la clase
#   reporta alrededor del 14 %), aunque tolera mejor que el MLP los traslados
#   pequeños.
# * Las convoluciones son equivariantes: sus mapas se mueven con la imagen. El
#   agrupamiento sólo tolera movimientos menores que su ventana.
# * La parte densa del final sí depende de la posición, y casi no vio trazos
#   en esa zona. La siguiente lección aplica cuatro cambios para corregirlo.
#
# Ejercicios
# ----------
# 1. Evalúa LeNet-5 con los dígitos trasladados 2 píxeles hacia arriba
#    (``data.shift(x_test, -2, 0)``). ¿Cómo se compara con el MLP?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          xs = data.normalize(data.shift(x_test, -2, 0))[..., None]
#          print(training.accuracy(lenet.model, xs, y_test),
#                training.accuracy(mlp.model, xs, y_test))
#
#       Compara los dos números con la curva de arriba: un traslado de dos
#       píxeles en un solo eje es más pequeño que el de (2, 2).
#
# 2. ¿Por qué un traslado de 4 píxeles en la entrada mueve los mapas de
#    ``pool_2`` exactamente una celda? ¿Qué pasaría con un traslado de 3?
#
#    .. dropdown:: Solución
#
#       Las convoluciones sin relleno mueven sus mapas tanto como la entrada, y
#       cada agrupamiento de 2 divide el desplazamiento entre 2: 4 → 4 → 2 → 2 →
#       1. Además, los dígitos de MNIST tienen un margen vacío de unos 4 píxeles,
#       así que nada se sale de la imagen. Con 3 píxeles el desplazamiento no es
#       un número entero de celdas (3/4) y los mapas ya no coinciden con una
#       versión movida de los originales; compruébalo repitiendo el cálculo con
#       ``data.shift(x_test, 3, 3)`` y ``a[:, :-1, :-1]``.
