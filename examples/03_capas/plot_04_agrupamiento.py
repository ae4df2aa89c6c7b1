r"""
Agrupamiento (*pooling*)
========================

Agrupamiento máximo y promedio, y por qué tolera pequeños desplazamientos.

**Lo que aprenderás**

* Cómo funciona el agrupamiento máximo (*max pooling*), con la matriz de 6 x 6
  de la clase, región por región.
* Qué cambia con el agrupamiento promedio (*average pooling*) y que las capas
  ``MaxPooling2D`` y ``AveragePooling2D`` de Keras hacen exactamente lo mismo.
* Por qué el agrupamiento se parece a las células complejas de la corteza
  visual: midiendo, en mil dígitos de MNIST, cuánto cambia un mapa de
  características cuando el dígito se mueve un píxel, con y sin agrupamiento.
"""

# %%
# La matriz de la clase
# ---------------------
# El agrupamiento (*pooling*) divide la imagen en regiones del mismo tamaño y
# resume cada una con un solo número. En el :term:`agrupamiento máximo` ese
# número es el valor más grande de la región. La clase usa esta matriz de
# 6 x 6 con regiones de 2 x 2 (*max pooling* = 2), que dan nueve regiones:
import keras
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import claims, config, data, formatting, ops, plots

print(config.profile().describe())
M = np.array(
    [
        [12, 5, 3, 9, 1, 23],
        [8, 6, 55, 6, 13, 62],
        [41, 8, 3, 51, 22, 27],
        [32, 67, 53, 12, 26, 17],
        [9, 22, 15, 8, 57, 62],
        [23, 53, 25, 75, 12, 9],
    ]
)
pooled = ops.max_pool(M, size=2)
print("Agrupamiento máximo 2 x 2:\n", pooled)
# El resultado que muestra la clase:
assert np.array_equal(pooled, [[12, 55, 62], [67, 53, 27], [53, 75, 62]])

# %%
# Región por región
# -----------------
# Cada panel resalta una región de 2 x 2 y encierra en un círculo su máximo,
# que es lo que pasa a la salida. Las regiones no se traslapan: la ventana
# avanza tanto como mide (paso 2).
fig = plots.window_steps(
    M,
    size=2,
    stride=2,
    mark_max=True,
    titles=[f"región {r + 1}: máx = {v}" for r, v in enumerate(pooled.ravel())],
    title="Agrupamiento máximo 2 x 2: nueve regiones",
)

# %%
# Agrupamiento promedio
# ---------------------
# El :term:`agrupamiento promedio` reemplaza cada región por el promedio de
# sus valores en lugar del máximo. Conserva más información sobre la región
# entera, pero diluye las respuestas fuertes y aisladas, como el 55 de la
# región 2 entre tres números pequeños.
averaged = ops.avg_pool(M, size=2)
print("Agrupamiento promedio 2 x 2:\n", averaged)
fig, axes = plt.subplots(
    1, 3, figsize=(12, 4.4), layout="constrained", width_ratios=[2, 1, 1]
)
regions = [(r, c, 2, 2) for r in range(0, 6, 2) for c in range(0, 6, 2)]
plots.matrix(M, ax=axes[0], highlight=regions, title="Imagen original (6 x 6)")
plots.matrix(pooled, ax=axes[1], vmin=M.min(), vmax=M.max(), title="Máximo (3 x 3)")
plots.matrix(
    averaged,
    ax=axes[2],
    vmin=M.min(),
    vmax=M.max(),
    fmt="{:.2f}",
    title="Promedio (3 x 3)",
)

# %%
# En los dos casos la salida tiene una cuarta parte de los valores: el
# agrupamiento reduce la cantidad de datos y conserva lo más importante de cada
# región. El tamaño sigue la misma fórmula que la :term:`convolución`, sin :term:`relleno` y con
# el paso igual a la ventana:
print("ops.output_size(6, 2, padding=0, stride=2) =", ops.output_size(6, 2, 0, 2))

# %%
# Lo mismo en Keras
# -----------------
# ``MaxPooling2D(pool_size=2)`` y ``AveragePooling2D(pool_size=2)`` usan por
# omisión un paso igual a la ventana y ningún relleno. Les damos la matriz
# como un lote de una imagen de un canal:
x = M[None, :, :, None].astype("float32")
keras_max = keras.layers.MaxPooling2D(pool_size=2)(x).numpy()[0, :, :, 0]
keras_avg = keras.layers.AveragePooling2D(pool_size=2)(x).numpy()[0, :, :, 0]
print("Keras, máximo:\n", keras_max.astype(int))
claims.check(
    "MaxPooling2D y AveragePooling2D dan lo mismo que ops.max_pool y ops.avg_pool",
    np.array_equal(keras_max, pooled) and np.allclose(keras_avg, averaged),
)
print("Pesos de MaxPooling2D:", keras.layers.MaxPooling2D(2).count_params())

# %%
# Una capa de agrupamiento no tiene pesos: no aprende nada, sólo resume.
#
# Células complejas: tolerar desplazamientos
# ------------------------------------------
# En la corteza visual, una :term:`célula compleja` agrupa lo que ven varias células
# simples vecinas: responde a una línea con cierta orientación aunque la línea
# se mueva un poco. La clase propone implementarlo con relleno y paso, o con
# agrupamiento máximo: si el máximo de una región no cambia cuando el estímulo
# se desplaza dentro de ella, la salida tampoco.
#
# Lo medimos con dígitos de MNIST. Las "células simples" son el kernel de
# gradiente vertical seguido de :term:`ReLU` (un mapa de 26 x 26 que marca los bordes
# verticales). Trasladamos cada dígito unos píxeles a la derecha con
# ``data.shift`` y comparamos el mapa del dígito original con el del
# trasladado. Primero, un ejemplo:
(_, _), (x_test, _) = data.load_mnist()
digits = data.normalize(x_test[:1000])
kernel = ops.KERNELS["gradiente_vertical"]


def edge_maps(images):
    """Mapas de bordes verticales (convolución + ReLU) de un lote (N, H, W)."""
    return np.stack([ops.relu(ops.conv2d(image, kernel)) for image in images])


def pool(maps, size):
    """Agrupamiento máximo de un lote (N, H, W): el lote viaja como canales."""
    return np.moveaxis(ops.max_pool(np.moveaxis(maps, 0, -1), size), -1, 0)


one = digits[:1]
a, b = edge_maps(one), edge_maps(data.shift(one, 0, 1))
pa, pb = pool(a, 2), pool(b, 2)
fig = plots.image_grid(
    [a[0], b[0], np.abs(a[0] - b[0]), pa[0], pb[0], np.abs(pa[0] - pb[0])],
    titles=["original", "dígito movido 1 px", "diferencia absoluta"] * 2,
    ncols=3,
    row_labels=["sin agrupamiento\n(26 x 26)", "máximo 2 x 2\n(13 x 13)"],
    cmap="cividis",
    title="Bordes verticales de un dígito, antes y después de moverlo",
)

# %%
# Sin agrupamiento, el mapa entero se corre un píxel y los valores distintos de
# cero cambian de casilla: la diferencia dibuja el trazo completo. Con
# agrupamiento, un borde que se mueve sin salir de su región de 2 x 2 deja el
# máximo en la misma casilla, y la diferencia, medida en proporción a lo que
# suma el mapa, es más pequeña:
changed = {
    "sin agrupamiento": np.abs(a - b).sum() / a.sum(),
    "máximo 2 x 2": np.abs(pa - pb).sum() / pa.sum(),
}
for name, value in changed.items():
    print(
        f"{name:<17} diferencia total / suma del mapa: {formatting.percent(value, 0)}"
    )
claims.check(
    "con agrupamiento, la diferencia relativa es más pequeña que sin él",
    changed["máximo 2 x 2"] < changed["sin agrupamiento"],
    **{k.replace(" ", "_"): v for k, v in changed.items()},
)

# %%
# Un dígito no basta. Para medirlo en mil dígitos usamos la correlación de
# Pearson entre el mapa original y el del dígito trasladado: 1 si son
# idénticos, cerca de 0 si no se parecen.


def mean_correlation(maps_a, maps_b):
    """Correlación media entre parejas de mapas (se omiten los mapas constantes)."""
    values = []
    for u, v in zip(maps_a.reshape(len(maps_a), -1), maps_b.reshape(len(maps_b), -1)):
        if u.std() > 0 and v.std() > 0:
            values.append(np.corrcoef(u, v)[0, 1])
    return float(np.mean(values))


shifts = [0, 1, 2, 3]
original = edge_maps(digits)
curves = {"sin agrupamiento": [], "máximo 2 x 2": [], "máximo 4 x 4": []}
for dx in shifts:
    moved = edge_maps(data.shift(digits, 0, dx))
    curves["sin agrupamiento"].append(mean_correlation(original, moved))
    curves["máximo 2 x 2"].append(mean_correlation(pool(original, 2), pool(moved, 2)))
    curves["máximo 4 x 4"].append(mean_correlation(pool(original, 4), pool(moved, 4)))
print(f"Correlación media en {formatting.integer(len(digits))} dígitos de prueba:")
for name, values in curves.items():
    row = ", ".join(f"{dx} px: {v:.3f}" for dx, v in zip(shifts, values))
    print(f"  {name:<17} {row}")

# %%
fig = plots.line_chart(
    shifts,
    curves,
    xlabel="Desplazamiento del dígito (píxeles a la derecha)",
    ylabel="Correlación media con el mapa original",
    title="El agrupamiento máximo tolera desplazamientos pequeños",
    xticks=shifts,
)

# %%
# Lo que dicen las curvas:
none, two, four = (curves[name] for name in curves)
print(
    f"Con 1 px, la correlación sin agrupar baja a {none[1]:.2f}; la de los mapas "
    f"agrupados, a {two[1]:.2f} (2 x 2) y {four[1]:.2f} (4 x 4). Con 2 px, el mapa "
    f"sin agrupar queda en {none[2]:.2f}, casi sin parecido con el original."
)
claims.check(
    "con 1 px la correlación sin agrupar cae más que la de los mapas agrupados, "
    "con 2 px casi no queda parecido (menos de 0.2) y con regiones de 4 x 4 la "
    "tolerancia es mayor que con 2 x 2",
    none[1] < two[1] < four[1]
    and none[2] < 0.2
    and all(f > t for f, t in zip(four[1:], two[1:])),
    sin_agrupar_1px=none[1],
    sin_agrupar_2px=none[2],
)

# %%
# El precio es la resolución: el mapa agrupado 4 x 4 es de sólo 6 x 6 y ya no
# dice con precisión *dónde* está cada borde, sólo en qué región. Es el mismo
# compromiso de las células complejas: saben *qué* orientación hay en su zona,
# no la posición exacta.
#
# Resumen
# -------
# * El agrupamiento máximo divide cada mapa en regiones (de 2 x 2, sin
#   traslape) y conserva el valor más grande de cada una; en la matriz de la
#   clase da exactamente ``[[12, 55, 62], [67, 53, 27], [53, 75, 62]]``.
# * El agrupamiento promedio conserva el promedio; ambos reducen los datos a la
#   cuarta parte y no tienen pesos. Las capas de Keras dan lo mismo que
#   ``ops.max_pool`` y ``ops.avg_pool``.
# * Como una célula compleja, el agrupamiento máximo hace que un mapa de
#   características cambie poco cuando la imagen se mueve unos píxeles, a
#   cambio de perder resolución.
#
# Ejercicios
# ----------
# 1. Calcula a mano el agrupamiento máximo de 3 x 3 (paso 3) de la matriz de la
#    clase y compruébalo con ``ops.max_pool(M, 3)``.
#
#    .. dropdown:: Solución
#
#       Hay cuatro regiones de 3 x 3, con máximos 55, 62, 67 y 75:
#       ``[[55, 62], [67, 75]]``.
#
# 2. ¿Qué forma tiene ``ops.max_pool(M, size=2, stride=1)``? ¿Por qué?
#
#    .. dropdown:: Solución
#
#       5 x 5: con paso 1 las ventanas se traslapan y hay
#       :math:`\lfloor (6 - 2)/1 \rfloor + 1 = 5` posiciones por eje
#       (``ops.output_size(6, 2, 0, 1)``). Keras da lo mismo con
#       ``MaxPooling2D(pool_size=2, strides=1)``.
#
# 3. Muestra que el agrupamiento promedio de 2 x 2 es una convolución con un
#    kernel fijo y paso 2. ¿Por qué el agrupamiento máximo no lo es?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          conv = ops.conv2d(M, np.full((2, 2), 0.25), stride=2)
#          print(np.allclose(conv, ops.avg_pool(M, 2)))  # True
#
#       El promedio es una suma ponderada (cada peso vale 1/4): es lineal. El
#       máximo no es una suma ponderada: depende de cuál valor es el más
#       grande, así que ningún kernel fijo lo reproduce.
