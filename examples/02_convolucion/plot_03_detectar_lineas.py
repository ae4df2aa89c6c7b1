"""
¿Cómo detectar líneas?
======================

Un píxel aislado no dice nada; una vecindad revela dónde hay un borde.

**Lo que aprenderás**

* Por qué un píxel aislado no dice nada sobre la presencia de una línea o de un
  borde.
* Cómo una vecindad pequeña, la de 5 x 5 píxeles de la clase, sí lo revela al
  comparar los valores vecinos.
* Cómo un kernel de gradiente hace esa comparación de manera sistemática y da,
  además, la orientación del borde (un agregado de este libro a la clase).
"""

# %%
# Un píxel aislado
# ----------------
# Una imagen en :term:`escala de grises` es una matriz de enteros entre 0
# (negro) y 255 (blanco). La clase toma un píxel que vale 175, un gris claro, y
# pregunta: ¿hay ahí una línea? Con un solo número no hay forma de saberlo.
import matplotlib.pyplot as plt
import numpy as np
import skimage.data
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook import claims, config, ops, plots

print(config.profile().describe())
fig = plots.matrix(
    [[175]], cmap="gray", vmin=0, vmax=255, show_indices=False, title="Un píxel"
)

# %%
# Para convencernos, buscamos en una fotografía real (``skimage.data.camera``,
# de 512 x 512 píxeles) todos los píxeles que valen exactamente 175 y medimos
# cuánto varía la vecindad de 5 x 5 de cada uno (su desviación estándar).
# Elegimos dos: el de vecindad más uniforme (A) y el de vecindad más variada
# (B).
photo = skimage.data.camera()
VALUE, K = 175, 5
windows = sliding_window_view(photo, (K, K))  # una ventana por posición
centers = photo[K // 2 : -(K // 2), K // 2 : -(K // 2)]
spread = windows.std(axis=(-2, -1))
candidates = np.argwhere(centers == VALUE)
order = np.argsort(spread[candidates[:, 0], candidates[:, 1]])
flat, edge = candidates[order[0]], candidates[order[-1]]
print(f"Píxeles que valen {VALUE}: {len(candidates):,} de {photo.size:,}")
for name, (r, c) in (("A", flat), ("B", edge)):
    print(
        f"{name}: centro en (fila {r + K // 2}, columna {c + K // 2}), "
        f"desviación estándar de la vecindad = {spread[r, c]:.1f}"
    )

claims.check(
    "la vecindad de B varía más de diez veces lo que varía la de A",
    spread[edge[0], edge[1]] > 10 * spread[flat[0], flat[1]],
    A=float(spread[flat[0], flat[1]]),
    B=float(spread[edge[0], edge[1]]),
)

# %%
# Los dos valen lo mismo, pero sus vecindades no se parecen en nada:
fig = plt.figure(figsize=(11, 4), layout="constrained")
grid = fig.add_gridspec(1, 3, width_ratios=[1.3, 1, 1])
ax = fig.add_subplot(grid[0])
plots.image(photo, title="Dos píxeles que valen 175", ax=ax)
for name, (r, c) in (("A", flat), ("B", edge)):
    ax.plot(c + K // 2, r + K // 2, "o", ms=14, mfc="none", mec="#E69F00", mew=2.5)
    ax.annotate(
        name,
        (c + K // 2, r + K // 2),
        xytext=(12, -12),
        textcoords="offset points",
        color="#E69F00",
        fontsize=14,
        fontweight="bold",
    )
for i, (name, (r, c)) in enumerate((("A", flat), ("B", edge)), start=1):
    plots.matrix(
        windows[r, c],
        ax=fig.add_subplot(grid[i]),
        cmap="gray",
        vmin=0,
        vmax=255,
        highlight=(K // 2, K // 2, 1, 1),
        title=f"Vecindad de {name}",
    )

# %%
# Una vecindad
# ------------
# Por eso hay que mirar una vecindad. La clase muestra esta, de 5 x 5 píxeles,
# cuyo centro es precisamente el píxel de 175:
PATCH = np.array(
    [
        [176, 182, 184, 166, 91],
        [180, 182, 183, 88, 62],
        [181, 191, 175, 66, 62],
        [181, 188, 157, 97, 75],
        [182, 184, 110, 106, 90],
    ]
)
fig = plots.matrix(
    PATCH,
    cmap="gray",
    vmin=0,
    vmax=255,
    highlight=(2, 2, 1, 1),
    title="La vecindad de la clase",
)

# %%
# A simple vista hay dos zonas: una clara a la izquierda y arriba (valores
# cercanos a 180) y una oscura a la derecha y abajo (cercanos a 80). Entre
# ellas hay un **borde**: un lugar donde la intensidad cambia bruscamente.
#
# Comparar vecinos
# ----------------
# La forma más directa de encontrar el cambio es restar cada píxel de su
# vecino de la derecha: :math:`D(i, j) = I(i, j + 1) - I(i, j)`. Donde la
# imagen es uniforme, la diferencia es cercana a 0; donde hay un borde, es
# grande (negativa si se oscurece hacia la derecha).
diff_right = np.diff(PATCH, axis=1)
fig = plots.matrix(
    diff_right,
    cmap="RdBu_r",
    fmt="{:+d}",
    title="Vecino de la derecha menos el píxel",
)
r, c = np.unravel_index(np.argmin(diff_right), diff_right.shape)
print(
    f"Caída más fuerte: {diff_right[r, c]:+d}, de {PATCH[r, c]} a {PATCH[r, c + 1]} "
    f"en la fila {r}, entre las columnas {c} y {c + 1}"
)

# %%
# Las diferencias grandes dibujan el borde: baja desde la esquina superior
# derecha, casi vertical, hasta la parte inferior central.
drop_column = np.argmin(diff_right, axis=1)  # dónde cae más cada fila
claims.check(
    "la caída más fuerte de cada fila se corre hacia la izquierda al bajar, de "
    "la última columna hacia el centro",
    bool(np.all(np.diff(drop_column) <= 0) and drop_column[0] > drop_column[-1]),
    columna_por_fila=drop_column.tolist(),
)

# %%
# Las diferencias de un solo
# par de píxeles son ruidosas; es más robusto comparar la columna de la
# derecha con la de la izquierda en una ventana de 3 x 3. Eso hace el kernel
# de gradiente vertical de la clase (responde a bordes verticales, es decir, a
# cambios de izquierda a derecha):
KX = ops.KERNELS["gradiente_vertical"]
KY = ops.KERNELS["gradiente_horizontal"]
print("Gradiente vertical (cambio de izquierda a derecha):\n", KX)
print("Gradiente horizontal (cambio de arriba hacia abajo):\n", KY)

# %%
# Colocamos el kernel sobre cada ventana de 3 x 3 de la vecindad, multiplicamos
# elemento a elemento y sumamos. Como la ventana debe caber completa, sólo hay
# 3 x 3 posiciones posibles. Esta operación es la **convolución**, que la
# siguiente lección define con todo detalle.
gx = ops.conv2d(PATCH, KX)
gy = ops.conv2d(PATCH, KY)
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), layout="constrained")
plots.matrix(
    PATCH,
    ax=axes[0],
    cmap="gray",
    vmin=0,
    vmax=255,
    highlight=(1, 1, 3, 3),
    title="Ventana central",
)
plots.matrix(KX, ax=axes[1], cmap="RdBu_r", title="Kernel de gradiente vertical")
plots.matrix(
    gx, ax=axes[2], cmap="RdBu_r", highlight=(1, 1, 1, 1), title="Resultado (3 x 3)"
)

# %%
# Las ventanas que cruzan el borde (las de las dos columnas de la derecha) dan
# valores negativos grandes: ahí la imagen se oscurece hacia la derecha. La
# ventana de la esquina superior izquierda cae casi toda en la zona clara y da
# un valor cercano a cero. La casilla resaltada corresponde a la ventana
# centrada en el píxel de 175.
claims.check(
    "las ventanas de las dos columnas de la derecha dan menos de -200, y la de "
    "la esquina superior izquierda menos del 5 % de la mayor respuesta",
    bool(gx[:, 1:].max() < -200 and abs(gx[0, 0]) < 0.05 * np.abs(gx).max()),
    esquina=float(gx[0, 0]),
    mayor_de_la_derecha=float(gx[:, 1:].max()),
)

# %%
# La orientación del borde
# ------------------------
# Con los dos gradientes sabemos cuánto cambia la imagen hacia la derecha
# (:math:`g_x`) y hacia abajo (:math:`g_y`). El vector
# :math:`(g_x, g_y)` apunta hacia donde la imagen se aclara más rápido; su
# longitud :math:`\sqrt{g_x^2 + g_y^2}` mide la fuerza del borde y el borde
# corre perpendicular a él.
#
# Este cálculo es un agregado del libro: la clase sólo pide comparar los
# valores vecinos y saber si hay un cambio fuerte. (En la transcripción de esa
# diapositiva aparece un «θ» junto a la vecindad, pero casi seguro es el «0» de
# la escala de 0 a 255 que la diapositiva anterior dibuja en el mismo lugar, y
# no un ángulo.)
gx_c, gy_c = gx[1, 1], gy[1, 1]
magnitude = np.hypot(gx_c, gy_c)
# Ángulo medido como en geometría (eje vertical hacia arriba), en [0°, 180°).
gradient_angle = np.degrees(np.arctan2(-gy_c, gx_c))
edge_angle = (gradient_angle + 90) % 180
print(f"g_x = {gx_c:.0f}, g_y = {gy_c:.0f}, magnitud = {magnitude:.0f}")
print(
    f"El gradiente apunta a {gradient_angle:.0f}°; el borde corre a {edge_angle:.0f}°"
)
claims.check(
    "en el centro de la vecindad g_y es menos de la décima parte de g_x: el "
    "borde es casi vertical",
    abs(gy_c) < 0.1 * abs(gx_c),
    g_x=float(gx_c),
    g_y=float(gy_c),
)

# %%
# En toda la imagen
# -----------------
# Lo que hicimos con una vecindad se puede hacer con todas. Calculamos la
# magnitud del gradiente en cada posición de la fotografía: donde es grande hay
# un borde, sin importar si la zona es clara u oscura.
grad = np.hypot(ops.conv2d(photo, KX), ops.conv2d(photo, KY))
print(f"Magnitud del gradiente: de {grad.min():.0f} a {grad.max():.0f}")
fig = plots.image_grid(
    [photo / 255, np.clip(grad / np.percentile(grad, 99), 0, 1)],
    titles=["Fotografía", "Magnitud del gradiente (blanco: borde)"],
    ncols=2,
    cmap="gray",
    vmin=0,
    vmax=1,
    panel_size=4.5,
)

# %%
# Resumen
# -------
# * Un píxel aislado no dice si hay una línea: el mismo valor aparece en zonas
#   uniformes y sobre bordes.
# * Una vecindad sí: comparar los valores vecinos revela dónde hay un cambio
#   fuerte de intensidad.
# * Un kernel de gradiente hace la comparación de forma sistemática; con dos
#   gradientes obtenemos la fuerza y la orientación del borde. Es justo lo que
#   hace una :term:`célula simple` de la primera lección del capítulo, y la operación que lo
#   aplica en toda la imagen es la :term:`convolución`.
#
# Ejercicios
# ----------
# 1. Calcula las diferencias verticales de la vecindad de la clase (el píxel de
#    abajo menos el de arriba). ¿Dónde son grandes?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          print(np.diff(PATCH, axis=0))
#
#       Las más grandes son negativas y están donde el borde se desplaza de
#       una columna a otra al bajar: en la columna 3 entre las filas 0 y 1, y
#       en la columna 2 entre las filas 3 y 4. En el resto son pequeñas: como
#       el borde es casi vertical, al bajar casi no se cruza, y por eso
#       :math:`g_y` es mucho menor que :math:`g_x` en el centro.
#
# 2. Repite el cálculo de la orientación con el píxel A de la fotografía, el de
#    la vecindad uniforme. ¿Qué magnitud tiene su gradiente? ¿Tiene sentido
#    hablar de su orientación?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          r, c = flat + K // 2
#          window = photo[r - 1 : r + 2, c - 1 : c + 2]
#          print(ops.conv2d(window, KX), ops.conv2d(window, KY))
#
#       La magnitud es pequeña: no hay borde, y el ángulo que se obtenga depende
#       sólo del ruido. Por eso los métodos que usan la orientación, como HOG
#       en la última lección del capítulo, ponderan cada orientación por su
#       magnitud.
