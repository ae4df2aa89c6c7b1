r"""
De una capa densa a una convolución
===================================

Dos restricciones sobre una capa densa, localidad y pesos compartidos, la
convierten en una convolución.

**Lo que aprenderás**

* Cuántos pesos necesita una :term:`capa densa` que transforma una imagen de
  28 x 28 en un mapa de 26 x 26, y que la primera capa del MLP del capítulo 1
  es justamente ese caso sin restricciones.
* Que exigir localidad (cada neurona mira sólo una ventana de 3 x 3) deja la
  matriz de pesos casi vacía.
* Que exigir además :term:`equivariancia a traslaciones` obliga a usar los
  mismos nueve pesos en todas las posiciones (:term:`pesos compartidos`), y que
  la capa que resulta es exactamente la :term:`convolución` de la lección
  anterior.
* Cómo escribir una convolución como una multiplicación de una matriz por un
  vector, y cómo comprobar con números que la capa densa no es equivariante y
  la convolución sí.
"""

# %%
# La capa densa, sin restricciones
# --------------------------------
# En el capítulo 1, el MLP :term:`aplanaba <aplanar>` cada imagen en un vector
# y lo multiplicaba por una matriz de pesos. Pidamos a una capa densa lo mismo
# que a la convolución de 3 x 3 de la lección anterior: que transforme una
# imagen de 28 x 28 en un :term:`mapa de características` de 26 x 26. Al
# aplanar fila por fila, el píxel :math:`(p, q)` de la imagen es la entrada
# :math:`28p + q` del vector, y la neurona :math:`(i, j)` del mapa es la salida
# :math:`26i + j`. La capa calcula :math:`\mathbf{y} = W \mathbf{x}`, donde
# :math:`W_{(i, j), (p, q)}` es el peso que une el píxel :math:`(p, q)` con la
# neurona :math:`(i, j)`: una fila por neurona y una columna por píxel. Dejamos
# de lado los sesgos, que no cambian el argumento.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from cnnbook import claims, config, data, models, ops, plots
from cnnbook.formatting import integer, percent

print(config.profile().describe())
side, k = 28, 3
out = ops.output_size(side, k)
n_in, n_out = side * side, out * out
dense_weights = n_out * n_in
print(f"Imagen de {side} x {side} -> mapa de {out} x {out}")
print(f"Matriz W: {n_out} filas x {n_in} columnas = {integer(dense_weights)} pesos")

# %%
# La primera capa densa del MLP del :ref:`capítulo 1 <capitulo-1>` es este mismo
# caso sin restricciones, con 200 neuronas en lugar de 676: cada neurona tiene
# un peso propio para cada uno de los 784 píxeles. Keras guarda la matriz
# traspuesta, con una fila por píxel y una columna por neurona.
mlp = models.mlp(input_shape=(side, side, 1))
first = mlp.get_layer("densa_1")
print(
    f"Pesos de la primera capa densa del MLP: {tuple(first.kernel.shape)} = "
    f"{integer(int(np.prod(first.kernel.shape)))}"
)
print(f"Parámetros del MLP completo: {integer(mlp.count_params())}")

# %%
# Una sola capa densa que produce el mapa de 26 x 26 necesita más pesos que el
# MLP completo del capítulo 1, y nada en :math:`W` dice qué píxeles son
# vecinos: en el capítulo 1 vimos que barajar los píxeles con una permutación
# fija no le cambia nada a un MLP.
claims.check(
    "la capa densa de 28 x 28 a 26 x 26 tiene más pesos que todo el MLP",
    dense_weights > mlp.count_params(),
    capa_densa=integer(dense_weights),
    mlp=integer(mlp.count_params()),
)

# %%
# Primera restricción: localidad
# ------------------------------
# Las neuronas de la corteza visual responden sólo a una región pequeña del
# campo visual, su :term:`campo receptivo`. Imponemos lo mismo: la neurona
# :math:`(i, j)` sólo puede tener pesos distintos de cero para los píxeles de la
# ventana de 3 x 3 que empieza en :math:`(i, j)`, es decir, cuando los
# desplazamientos :math:`p - i` y :math:`q - j` están entre 0 y 2. Calculamos
# esos dos desplazamientos para cada pareja (neurona, píxel) y marcamos las
# parejas permitidas.


def offsets(side, k):
    """Desplazamientos (p - i, q - j) de cada píxel (columnas) respecto de cada
    neurona de la salida (filas), con el orden de aplanar fila por fila."""
    out = ops.output_size(side, k)
    i, j = np.divmod(np.arange(out * out), out)
    p, q = np.divmod(np.arange(side * side), side)
    return p[None, :] - i[:, None], q[None, :] - j[:, None]


def local_mask(side, k):
    """Qué pesos permite la localidad: el píxel cae en la ventana de la neurona."""
    dp, dq = offsets(side, k)
    return (dp >= 0) & (dp < k) & (dq >= 0) & (dq < k)


mask = local_mask(side, k)
local_weights = int(mask.sum())
per_row = mask.sum(axis=1)
print(f"Pesos permitidos: {integer(local_weights)} de {integer(dense_weights)}")
print(f"({percent(local_weights / dense_weights)} de la matriz; el resto son ceros)")
print(f"Pesos por neurona: mínimo {per_row.min()}, máximo {per_row.max()}")
for i, j in [(0, 0), (1, 1)]:
    columns = np.flatnonzero(mask[i * out + j])
    print(f"Neurona ({i}, {j}), fila {i * out + j}: columnas {columns.tolist()}")

# %%
# Cada fila conserva nueve pesos, en tres tramos de tres columnas consecutivas
# separados por 28 columnas: los píxeles vecinos en vertical quedan a una fila
# de la imagen de distancia en el vector aplanado. Mover la neurona una
# posición, de :math:`(0, 0)` a :math:`(1, 1)`, mueve los tramos
# :math:`28 + 1 = 29` columnas.
rows = {(i, j): np.flatnonzero(mask[i * out + j]) for i, j in [(0, 0), (1, 1)]}
expected = np.array([m * side + n for m in range(k) for n in range(k)])
claims.check(
    "cada neurona tiene 9 pesos, en tres tramos de tres columnas separados por "
    "28, y pasar de (0, 0) a (1, 1) los mueve 29 columnas",
    bool(np.all(per_row == k * k))
    and np.array_equal(rows[0, 0], expected)
    and np.array_equal(rows[1, 1], expected + side + 1),
    pesos_por_neurona=int(per_row.max()),
)

# %%
# La matriz completa es casi toda ceros. A la izquierda, entera; a la derecha,
# el recuadro ampliado: las neuronas de las dos primeras filas del mapa
# (:math:`2 \cdot 26 = 52` filas de :math:`W`) frente a los píxeles de las cuatro
# primeras filas de la imagen (:math:`4 \cdot 28 = 112` columnas). Las líneas
# punteadas separan filas de la imagen y del mapa.
crop_rows, crop_cols = 2 * out, 4 * side
fig, axes = plt.subplots(
    1, 2, figsize=(12, 5), layout="constrained", width_ratios=[1, 1.6]
)
axes[0].imshow(mask, cmap="gray_r", interpolation="antialiased")
axes[0].add_patch(
    Rectangle(
        (-0.5, -0.5),
        crop_cols,
        crop_rows,
        fill=False,
        edgecolor=plots.COLORS["bermellon"],
        linewidth=2,
    )
)
axes[0].set_title(f"Matriz completa ({n_out} x {n_in})")
axes[1].imshow(mask[:crop_rows, :crop_cols], cmap="gray_r", interpolation="nearest")
for c in range(side, crop_cols, side):
    axes[1].axvline(c - 0.5, color="0.6", linestyle=":", linewidth=1)
axes[1].axhline(out - 0.5, color="0.6", linestyle=":", linewidth=1)
axes[1].set_title(f"Recuadro: {crop_rows} neuronas x {crop_cols} píxeles")
for ax in axes:
    ax.set_xlabel("columna 28p + q: píxel (p, q) de la imagen")
    ax.set_ylabel("fila 26i + j: neurona (i, j) del mapa")
fig.suptitle("Pesos que permite la localidad (negro) en la matriz W")

# %%
# Segunda restricción: la misma regla en todas las posiciones
# ------------------------------------------------------------
# La localidad sola todavía deja que cada neurona tenga sus propios nueve
# pesos. Pidamos ahora :term:`equivariancia a traslaciones`: si la imagen se
# mueve, el mapa se mueve igual. Veamos qué exige eso de :math:`W`. Con una
# imagen que tiene un solo píxel encendido, en :math:`(p, q)`, la neurona
# :math:`(i, j)` responde con :math:`W_{(i, j), (p, q)}`. Si movemos ese píxel
# una fila hacia abajo, a :math:`(p + 1, q)`, la respuesta también debe bajar
# una fila: la neurona :math:`(i + 1, j)` tiene que dar lo que antes daba la
# :math:`(i, j)`. Lo mismo con las columnas, así que
#
# .. math::
#
#    W_{(i + 1, j), (p + 1, q)} = W_{(i, j + 1), (p, q + 1)} = W_{(i, j), (p, q)}.
#
# El peso no puede depender de dónde está la neurona, sólo del desplazamiento
# :math:`(p - i, q - j)`, que la localidad limita a :math:`0, 1, 2`. Entonces
# :math:`W_{(i, j), (p, q)} = K(p - i, q - j)` para una sola matriz :math:`K`
# de 3 x 3. Con :math:`m = p - i` y :math:`n = q - j`, la capa calcula
#
# .. math::
#
#    y_{(i, j)} = \sum_{p, q} K(p - i, q - j)\, I(p, q)
#               = \sum_{m=0}^{2} \sum_{n=0}^{2} K(m, n)\, I(i + m,\, j + n),
#
# que es la fórmula de la convolución de la lección anterior. Usar los mismos
# pesos en todas las posiciones se llama compartición de pesos (*weight
# sharing*). Construimos :math:`W` así, con un kernel al azar: cada peso
# permitido toma el valor de :math:`K` en su desplazamiento.


def conv_matrix(kernel, side):
    """La matriz W de la convolución válida de una imagen de side x side: el peso
    de (neurona, píxel) es el valor del kernel en su desplazamiento."""
    k = kernel.shape[0]
    dp, dq = offsets(side, k)
    allowed = local_mask(side, k)
    matrix = np.zeros(dp.shape)
    matrix[allowed] = kernel[dp[allowed], dq[allowed]]
    return matrix


rng = np.random.default_rng(config.SEED)
kernel = rng.normal(size=(k, k))
shared = conv_matrix(kernel, side)
distinct = np.unique(shared[mask]).size
print("Kernel K:\n", np.round(kernel, 3))
print(f"W: {shared.shape}, {integer(int(np.count_nonzero(shared)))} pesos no nulos")
print(f"Valores distintos entre ellos: {distinct}")

# %%
# Los 6,084 pesos no nulos repiten sólo nueve valores: la capa tiene nueve
# parámetros libres. Para ver la forma de :math:`W` usamos una imagen de
# 5 x 5, cuya salida es de 3 x 3: :math:`W` mide 9 x 25 y cabe en una figura.
# Numeramos los pesos del kernel del 1 al 9 y escribimos en cada casilla de
# :math:`W` el número del peso que la ocupa (las vacías son ceros).
labels = np.arange(1, k * k + 1).reshape(k, k)
small = conv_matrix(labels, 5)
fig, axes = plt.subplots(
    1, 2, figsize=(14, 4), layout="constrained", width_ratios=[3, 25]
)
plots.matrix(labels, ax=axes[0], cmap="Blues", vmin=0, fontsize=10, title="Kernel K")
plots.matrix(
    small,
    ax=axes[1],
    cmap="Blues",
    fontsize=10,
    fmt=lambda v: f"{v:g}" if v else "",
    highlight=[(3 * b, 5 * b, 3, 5) for b in range(3)],
    title="W de una imagen de 5 x 5 con un kernel de 3 x 3 (9 x 25)",
)
axes[1].set_xlabel("columna 5p + q: píxel (p, q)")
axes[1].set_ylabel("fila 3i + j: neurona (i, j)")

# %%
# Cada fila de :math:`W` es la fila anterior corrida una columna, salvo al
# cambiar de fila del mapa, donde el salto es mayor. Si partimos :math:`W` en
# bloques de 3 filas (una fila del mapa) por 5 columnas (una fila de la
# imagen), los bloques de cada diagonal son iguales (los recuadros muestran el
# de la diagonal principal) y cada bloque es constante a lo largo de sus
# diagonales: una matriz de Toeplitz doblemente por bloques (*doubly block
# Toeplitz*). Lo comprobamos en la matriz de 676 x 784: el bloque
# :math:`(a, b)` mide 26 x 28.


def block(matrix, a, b):
    """Bloque (fila a del mapa, fila b de la imagen) de la matriz de 28 x 28."""
    return matrix[a * out : (a + 1) * out, b * side : (b + 1) * side]


same_blocks = all(
    np.array_equal(block(shared, a, a + m), block(shared, 0, m))
    for m in range(k)
    for a in range(out)
)
toeplitz = all(
    np.array_equal(block(shared, 0, m)[1:, 1:], block(shared, 0, m)[:-1, :-1])
    for m in range(k)
)
zero_elsewhere = all(
    not block(shared, a, b).any()
    for a in range(out)
    for b in range(side)
    if not 0 <= b - a < k
)
print(f"Bloques iguales en cada diagonal de bloques: {same_blocks}")
print(f"Cada bloque constante a lo largo de sus diagonales: {toeplitz}")
print(f"Bloques fuera de las tres diagonales, todos cero: {zero_elsewhere}")
claims.check(
    "W es de Toeplitz doblemente por bloques",
    same_blocks and toeplitz and zero_elsewhere,
)

# %%
# Es la convolución
# -----------------
# Multiplicamos :math:`W` por un dígito de MNIST aplanado y comparamos con
# ``ops.conv2d``, la convolución de la lección anterior (sin relleno).
(_, _), (x_test, y_test) = data.load_mnist()
digit = data.normalize(x_test[:1])[0].astype(np.float64)
by_matrix = (shared @ digit.ravel()).reshape(out, out)
by_conv = ops.conv2d(digit, kernel)
gap = float(np.abs(by_matrix - by_conv).max())
print(f"Dígito de prueba: {y_test[0]} · W @ x -> {by_matrix.shape}")
print(f"Diferencia máxima con ops.conv2d: {gap:.1e}")
print(f"(los valores de la salida llegan a {np.abs(by_conv).max():.2f})")

# %%
# Las dos cuentas suman los mismos productos en distinto orden: difieren sólo
# en el redondeo de ``float64``.
claims.check(
    "W @ x coincide con ops.conv2d salvo por el redondeo",
    gap < 1e-12,
    diferencia_máxima=gap,
)

# %%
# Equivariancia, medida
# ---------------------
# Movemos el dígito un píxel (a la derecha, hacia abajo y en diagonal) y
# comparamos la respuesta a la imagen movida con la respuesta original movida
# lo mismo. Sólo se comparan las posiciones que existen en las dos, porque en
# el borde entra o sale una columna. La medida es la diferencia relativa
# :math:`\lVert a - b \rVert / \lVert b \rVert`: 0 si mover y aplicar la capa
# conmutan. Probamos tres capas con pesos al azar: la densa, la local (nueve
# pesos propios por neurona) y la de pesos compartidos.
layers = {
    "densa": rng.normal(size=(n_out, n_in)),
    "local": np.where(mask, rng.normal(size=(n_out, n_in)), 0.0),
    "compartida": shared,
}


def shift_error(weights, image, dy, dx):
    """Diferencia relativa entre responder a la imagen movida y mover la respuesta."""
    before = (weights @ image.ravel()).reshape(out, out)
    after = (weights @ data.shift(image, dy, dx).ravel()).reshape(out, out)
    a, b = after[dy:, dx:], before[: out - dy, : out - dx]
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


moves = [(0, 1), (1, 0), (1, 1)]
errors = {
    name: [shift_error(w, digit, dy, dx) for dy, dx in moves]
    for name, w in layers.items()
}
print(f"{'capa':<11}" + "".join(f"{f'mover {m}':>14}" for m in moves))
for name, errs in errors.items():
    print(f"{name:<11}" + "".join(f"{e:>14.2e}" for e in errs))

# %%
# Sólo la capa de pesos compartidos es equivariante: su diferencia es cero. En
# las otras dos, la respuesta al dígito movido no se parece a la respuesta
# movida; la diferencia es del orden de la respuesta misma. La capa local
# también falla: mirar sólo a los vecinos no basta, porque la neurona de al
# lado mira con otros pesos.
claims.check(
    "la capa compartida es equivariante (diferencia nula) y la densa y la local "
    "no lo son (diferencia relativa mayor que 0.5)",
    max(errors["compartida"]) < 1e-12 and min(errors["densa"] + errors["local"]) > 0.5,
    compartida=max(errors["compartida"]),
    densa=min(errors["densa"]),
    local=min(errors["local"]),
)

# %%
# Qué compra cada restricción
# ---------------------------
# Los pesos de cada capa, contados arriba en las matrices de 28 x 28, y la
# misma cuenta con la fórmula para una imagen de 56 x 56: la densa crece con el
# cuadrado del número de píxeles, la local con el número de píxeles y la
# convolución no crece.


def weight_counts(side, k):
    """Pesos de las tres capas (densa, local, compartida) de side x side a la salida válida."""
    out = ops.output_size(side, k)
    return out * out * side * side, out * out * k * k, k * k


counted = (dense_weights, local_weights, distinct)
gains = {
    "densa": ("ninguna", "cualquier función lineal; ignora la vecindad"),
    "local": ("localidad", "cada neurona mira sólo a sus vecinos"),
    "compartida": ("localidad + equivariancia", "el mismo detector en todas partes"),
}
print(f"{'capa':<11}{'28 x 28':>10}{'56 x 56':>15}  {'restricción':<27}lo que compra")
for (name, (constraint, gain)), n28, n56 in zip(
    gains.items(), counted, weight_counts(56, k)
):
    print(f"{name:<11}{integer(n28):>10}{integer(n56):>15}  {constraint:<27}{gain}")
print(
    f"La localidad divide los pesos entre {dense_weights / local_weights:.1f}; "
    f"compartirlos, entre otros {local_weights / distinct:.0f}."
)
claims.check(
    "los pesos contados en las matrices coinciden con la fórmula",
    counted == weight_counts(side, k),
    contados=", ".join(integer(n) for n in counted),
)

# %%
# Cada restricción es también una suposición sobre las imágenes: que un píxel
# se explica por sus vecinos y que un patrón significa lo mismo esté donde
# esté. La capa densa puede representar cualquier función lineal de la imagen,
# la convolución sólo las equivariantes; a cambio, con nueve pesos, detecta un
# trazo en cualquier posición, también donde nunca lo vio: justo lo que le
# faltaba al MLP del capítulo 1 con los dígitos trasladados. Los sesgos siguen la misma regla: la
# capa densa tiene uno por neurona (676) y la convolución uno por filtro.
#
# Resumen
# -------
# * Una capa densa de una imagen de 28 x 28 a un mapa de 26 x 26 es una matriz
#   de 676 x 784: un peso por pareja (neurona, píxel), sin noción de vecindad.
#   La primera capa del MLP del capítulo 1 es de este tipo.
# * La localidad deja sólo los pesos de una ventana de 3 x 3 por neurona: nueve
#   por fila, en tres tramos separados por una fila de la imagen.
# * La equivariancia a traslaciones obliga a que el peso dependa sólo del
#   desplazamiento entre píxel y neurona: los nueve pesos se comparten y la
#   capa es la convolución, una matriz de Toeplitz doblemente por bloques.
# * Con pesos al azar, sólo la capa de pesos compartidos conmuta con las
#   traslaciones; la densa y la local no.
#
# Ejercicios
# ----------
# 1. Aplica ``ops.conv2d`` con ``kernel`` a una imagen de 28 x 28 con un solo
#    píxel encendido, en :math:`(10, 12)`. ¿Qué aparece en la salida, y en qué
#    columna de ``shared`` lo habrías leído?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          impulse = np.zeros((28, 28))
#          impulse[10, 12] = 1
#          response = ops.conv2d(impulse, kernel)
#          print(np.allclose(response[8:11, 10:13], kernel[::-1, ::-1]))
#          print(np.allclose(response.ravel(), shared[:, 10 * 28 + 12]))
#
#       Aparece el kernel girado media vuelta, con su esquina inferior derecha
#       en :math:`(10, 12)`: la neurona :math:`(i, j)` responde con
#       :math:`K(10 - i, 12 - j)`. Es la columna :math:`28 \cdot 10 + 12` de
#       :math:`W`, la de ese píxel.
#
# 2. La primera capa de LeNet-5 tiene 6 filtros de 5 x 5 sobre la imagen de
#    28 x 28. ¿Cuántos pesos tendrían la capa densa, la local y la de pesos
#    compartidos que producen sus 6 mapas? Compara la última con Keras.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          counts = [6 * n for n in weight_counts(28, 5)]
#          print([integer(n) for n in counts])  # ['2,709,504', '86,400', '150']
#          conv_1 = models.lenet5().get_layer("conv_1")
#          print(conv_1.count_params())  # 156 = 150 pesos + 6 sesgos
#
#       Cada filtro es una matriz como ``shared``, de 576 x 784; los 6 filtros
#       apilan 6 de ellas.
#
# 3. Con :term:`paso` 2, la convolución sólo calcula las neuronas de fila y
#    columna par. Obtén su matriz quedándote con esas filas de ``shared`` y
#    compárala con ``ops.conv2d(digit, kernel, stride=2)``.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          i, j = np.divmod(np.arange(26 * 26), 26)
#          strided = shared[(i % 2 == 0) & (j % 2 == 0)]
#          y = (strided @ digit.ravel()).reshape(13, 13)
#          print(strided.shape, np.allclose(y, ops.conv2d(digit, kernel, stride=2)))
#
#       La matriz pierde tres de cada cuatro filas (queda de 169 x 784) y sigue
#       siendo la misma regla: el paso sólo elige dónde evaluar la convolución.
