r"""
Convoluciones 1 x 1 y campo receptivo
=====================================

Un kernel de 1 x 1 mezcla canales sin mirar a los vecinos; una pila de kernels
pequeños ve una región grande de la entrada.

**Lo que aprenderás**

* Que una convolución de 1 x 1 combina los canales de cada píxel y nada más: es
  una :term:`capa densa` aplicada en cada píxel, con :math:`C \cdot F + F`
  parámetros.
* Para qué sirve: reducir canales antes de una convolución costosa.
* Qué es el :term:`campo receptivo` de una neurona, cómo crece capa tras capa y
  cómo medirlo con el gradiente.
* Por qué dos convoluciones de 3 x 3 ven lo mismo que una de 5 x 5 con menos
  pesos.
"""

# %%
# La convolución de 1 x 1
# -----------------------
# Un kernel de 1 x 1 parece inútil en una imagen de un canal: multiplica cada
# píxel por un número. Pero la entrada de una capa intermedia es un volumen de
# :math:`C` canales (recuerda la lección sobre el apilamiento), y cada filtro de
# 1 x 1 mide en realidad :math:`1 \times 1 \times C`: en cada píxel suma los
# :math:`C` valores de ese píxel, cada uno con su peso. Con :math:`F` filtros,
# la salida en el píxel :math:`(i, j)` es
#
# .. math::
#
#    y_{ijf} = \sum_{c=1}^{C} x_{ijc}\, W_{cf} + b_f ,
#
# una combinación de los canales de ese mismo píxel. Lo comprobamos con una
# capa ``Conv2D(4, 1)`` sobre un volumen de 8 x 8 x 6 al azar, con un sesgo
# distinto de cero para que también cuente.
import keras
import numpy as np
from keras import layers

from cnnbook import claims, config, formatting, models, plots, receptive

print(config.profile().describe())
rng = np.random.default_rng(config.SEED)
channels, filters = 6, 4
volume = rng.normal(size=(1, 8, 8, channels)).astype("float32")
pointwise = layers.Conv2D(filters, kernel_size=1)
pointwise.build(volume.shape)
kernel = pointwise.get_weights()[0]
bias = rng.normal(size=filters).astype("float32")
pointwise.set_weights([kernel, bias])
out = pointwise(volume).numpy()
print("Pesos:", kernel.shape, "· sesgo:", bias.shape, "· salida:", out.shape)

# %%
# La convolución de 1 x 1 no mira a los vecinos: si cambiamos un solo píxel de
# la entrada (en todos sus canales), sólo cambia ese píxel de la salida.
touched = volume.copy()
touched[0, 3, 5, :] += 1.0
changed = np.argwhere(np.any(pointwise(touched).numpy() != out, axis=-1)[0])
print("Píxeles de la salida que cambian:", [tuple(map(int, p)) for p in changed])
claims.check(
    "al cambiar el píxel (3, 5) de la entrada sólo cambia el píxel (3, 5) de la salida",
    changed.tolist() == [[3, 5]],
    cambiados=len(changed),
)

# %%
# Una capa densa en cada píxel
# ----------------------------
# La fórmula de arriba es la de una capa densa con :math:`C` entradas y
# :math:`F` neuronas, aplicada por separado al vector de canales de cada
# píxel. Los pesos del kernel, de forma :math:`(1, 1, C, F)`, son la matriz
# :math:`W` de forma :math:`(C, F)`. Lo comprobamos de dos maneras: con la
# multiplicación de matrices escrita con ``np.einsum`` y con una capa ``Dense``
# de Keras que recibe los mismos pesos (aplicada a un volumen, ``Dense`` actúa
# sobre el último eje, es decir, en cada píxel).
matrix_w = kernel[0, 0]  # (C, F)
by_hand = np.einsum("bhwc,cf->bhwf", volume, matrix_w) + bias
dense = layers.Dense(filters)
dense.build((None, channels))
dense.set_weights([matrix_w, bias])
by_dense = dense(volume).numpy()
diff_hand = float(np.max(np.abs(out - by_hand)))
diff_dense = float(np.max(np.abs(out - by_dense)))
print(f"Diferencia máxima con einsum: {diff_hand:.1e}")
print(f"Diferencia máxima con Dense:  {diff_dense:.1e}")
claims.check(
    "Conv2D de 1 x 1 da lo mismo que una capa densa en cada píxel, salvo el redondeo",
    max(diff_hand, diff_dense) < 1e-5,
    einsum=diff_hand,
    densa=diff_dense,
)

# %%
# Por eso sus parámetros son los de esa capa densa: :math:`C \cdot F` pesos y
# :math:`F` sesgos, sin importar el tamaño de la imagen.
formula = channels * filters + filters
print(
    f"C·F + F = {channels}·{filters} + {filters} = {formula} · "
    f"Keras: {pointwise.count_params()}"
)
claims.check(
    "la capa de 1 x 1 tiene C·F + F parámetros",
    formula == pointwise.count_params() == dense.count_params(),
    fórmula=formula,
    keras=pointwise.count_params(),
)

# %%
# Un cuello de botella (*bottleneck*)
# -----------------------------------
# Su uso más común es reducir canales a bajo costo. Una convolución de 3 x 3
# que recibe 64 canales y produce 64 mapas necesita
# :math:`(3 \cdot 3 \cdot 64 + 1) \cdot 64` parámetros. Si antes ponemos una
# convolución de 1 x 1 que comprime los 64 canales en 16, la de 3 x 3 trabaja
# sobre 16 canales y la salida sigue teniendo 64 mapas: la red debe aprender a
# resumir los 64 canales en 16, a cambio de muchos menos pesos.


def conv_stack(*stack):
    """Una pila de capas sobre un volumen de 28 x 28 x 64."""
    return keras.Sequential([keras.Input((28, 28, 64)), *stack])


direct = conv_stack(layers.Conv2D(64, 3, padding="same"))
bottleneck = conv_stack(layers.Conv2D(16, 1), layers.Conv2D(64, 3, padding="same"))
by_formula = {
    "sin cuello de botella": (3 * 3 * 64 + 1) * 64,
    "con cuello de botella": (64 * 16 + 16) + (3 * 3 * 16 + 1) * 64,
}
for (name, expected), model in zip(by_formula.items(), (direct, bottleneck)):
    assert expected == model.count_params()
    print(
        f"{name}: {formatting.integer(model.count_params())} parámetros, "
        f"salida {model.output_shape[1:]}"
    )
share = bottleneck.count_params() / direct.count_params()
print(f"El cuello de botella usa el {formatting.percent(share, 1)} de los parámetros.")
claims.check(
    "con el cuello de botella de 1 x 1 la pila usa menos de un tercio de los parámetros",
    share < 1 / 3,
    proporción=formatting.percent(share, 1),
)

# %%
# El campo receptivo
# ------------------
# El :term:`campo receptivo` (*receptive field*) de una neurona es la región
# de la entrada que puede cambiar su valor. En la primera capa convolucional
# es el kernel: 5 x 5 en LeNet-5. Una convolución de 1 x 1 no lo agranda, y
# por eso sólo mezcla canales. En una pila, cada capa ve una ventana de la
# capa anterior, cuyas unidades ya veían una región de la entrada: el campo
# crece.
#
# Dos cantidades bastan para seguirlo. El salto :math:`j_l` (*jump*) es
# cuántos píxeles de la entrada separan dos unidades vecinas de la capa
# :math:`l`; el tamaño :math:`r_l` es el lado del campo. Empezando con
# :math:`j_0 = r_0 = 1` (un píxel de la entrada se ve a sí mismo), una capa
# con kernel (o ventana de agrupamiento) :math:`k_l` y :term:`paso` :math:`s_l`
# cumple
#
# .. math::
#
#    j_l = j_{l-1}\, s_l , \qquad r_l = r_{l-1} + (k_l - 1)\, j_{l-1} .
#
# Es decir: el kernel agrega :math:`k_l - 1` unidades de la capa anterior, y
# cada una está :math:`j_{l-1}` píxeles más allá. El :term:`relleno` mueve el
# lugar donde empieza el campo, no su tamaño. ``receptive.receptive_fields``
# recorre un modelo de Keras con estas recurrencias.


def show(rows):
    """Tabla de ``receptive.receptive_fields``: un lado por cantidad."""
    print(
        f"{'capa':<8} {'tipo':<13} {'kernel':>6} {'paso':>4} {'salida':>6} "
        f"{'salto':>5} {'campo':>5}"
    )
    for row in rows:
        print(
            f"{row.name:<8} {row.kind:<13} {row.kernel[0]:>6} {row.stride[0]:>4} "
            f"{row.output[0]:>6} {row.jump[0]:>5} {row.size[0]:>5}"
        )


# %%
# Dos de 3 x 3 valen por una de 5 x 5
# -----------------------------------
# Con paso 1 el salto se queda en 1 y cada convolución de 3 x 3 agrega 2 al
# campo: dos de ellas ven 5 x 5, tres ven 7 x 7.
three = keras.Sequential(
    [keras.Input((28, 28, 1))]
    + [layers.Conv2D(8, 3, activation="relu", name=f"conv_{i}") for i in (1, 2, 3)]
)
show(receptive.receptive_fields(three))
sizes = [row.size[0] for row in receptive.receptive_fields(three)]
claims.check(
    "cada convolución de 3 x 3 con paso 1 agrega 2 al campo receptivo",
    sizes == [3, 5, 7],
    campos=sizes,
)

# %%
# Con :math:`C` canales de entrada y de salida, dos capas de 3 x 3 tienen
# :math:`2 \cdot 9 C^2` pesos y una de 5 x 5 tiene :math:`25 C^2`, para el
# mismo campo; además, entre las dos cabe una :term:`ReLU`, que la de 5 x 5
# no tiene. Contamos los pesos sin sesgos, con :math:`C = 64`:
c = 64
two_small = conv_stack(
    layers.Conv2D(c, 3, use_bias=False), layers.Conv2D(c, 3, use_bias=False)
)
one_large = conv_stack(layers.Conv2D(c, 5, use_bias=False))
print(
    f"dos de 3 x 3: 2·9·{c}² = {formatting.integer(2 * 9 * c**2)} · "
    f"Keras: {formatting.integer(two_small.count_params())}"
)
print(
    f"una de 5 x 5:  25·{c}² = {formatting.integer(25 * c**2)} · "
    f"Keras: {formatting.integer(one_large.count_params())}"
)
small_field = receptive.receptive_fields(two_small)[-1].size
large_field = receptive.receptive_fields(one_large)[-1].size
claims.check(
    "dos capas de 3 x 3 ven el mismo campo que una de 5 x 5 con menos pesos",
    small_field == large_field == (5, 5)
    and two_small.count_params() == 2 * 9 * c**2 < 25 * c**2,
    pesos_3x3=formatting.integer(two_small.count_params()),
    pesos_5x5=formatting.integer(one_large.count_params()),
)

# %%
# El campo receptivo de LeNet-5
# -----------------------------
# En :term:`LeNet-5` cada agrupamiento de 2 x 2 con paso 2 duplica el salto:
# después de ``pool_1`` dos unidades vecinas están a 2 píxeles de distancia en
# la entrada, así que el kernel de 5 x 5 de ``conv_2`` agrega
# :math:`(5 - 1) \cdot 2 = 8` píxeles al campo, no 4.
lenet = models.lenet5()
rows = receptive.receptive_fields(lenet)
show(rows)
last = rows[-1]
claims.check(
    "cada agrupamiento de LeNet-5 duplica el salto",
    [row.jump[0] for row in rows] == [1, 2, 2, 4],
    saltos=[row.jump[0] for row in rows],
)
print(
    f"Cada unidad de {last.name} ve {last.size[0]} x {last.size[1]} píxeles "
    f"de los {lenet.input_shape[1]} x {lenet.input_shape[2]} de la entrada."
)
claims.check(
    "ninguna unidad de LeNet-5 anterior a la capa densa ve la imagen completa",
    max(max(row.size) for row in rows) < min(lenet.input_shape[1:3]),
    campo_mayor=max(max(row.size) for row in rows),
)

# %%
# Sólo la capa densa, que recibe todas las unidades de ``pool_2``, combina
# información de toda la imagen.
#
# Medirlo con el gradiente
# ------------------------
# Las recurrencias se pueden comprobar de forma independiente: la
# :term:`retropropagación` dice qué píxeles de la entrada influyen en una
# unidad. Tomamos la unidad central del mapa de cada capa y calculamos, con
# ``tf.GradientTape``, el gradiente de su valor respecto de la imagen de
# 28 x 28: un píxel fuera del campo receptivo no influye en la unidad y su
# gradiente es cero.
#
# Para que ningún gradiente se cancele ni se apague, ``receptive.gradient_map``
# lo mide en una copia lineal de la pila con la misma geometría: filtros de
# pesos 1, sin sesgo ni ReLU, y agrupamiento promedio en lugar del máximo (el
# máximo sólo deja pasar el gradiente por el ganador de cada ventana, y el
# campo parecería más pequeño de lo que es). ``measured_receptive_field``
# cuenta las filas y columnas donde el gradiente no es cero.
print(f"{'capa':<8} {'calculado':>10} {'medido':>8}")
measured = {}
for row in rows:
    measured[row.name] = receptive.measured_receptive_field(lenet, row.name)
    print(
        f"{row.name:<8} {' x '.join(map(str, row.size)):>10} "
        f"{' x '.join(map(str, measured[row.name])):>8}"
    )
claims.check(
    "el campo medido con el gradiente coincide con el calculado en cada capa",
    all(measured[row.name] == row.size for row in rows),
    medidos=list(measured.values()),
)

# %%
# Dibujamos el gradiente de la unidad central de cada capa sobre la entrada,
# dividido entre su máximo (arriba), y los píxeles donde no es cero (abajo): el
# campo receptivo medido.
maps = [receptive.gradient_map(lenet, row.name) for row in rows]
fig = plots.image_grid(
    np.stack([m / m.max() for m in maps] + [(m > 0).astype(float) for m in maps]),
    titles=[f"{row.name}: {row.size[0]} x {row.size[1]}" for row in rows]
    + [""] * len(rows),
    ncols=len(rows),
    cmap="cividis",
    row_labels=["gradiente", "distinto de 0"],
    colorbar=True,
    title="Campo receptivo de una unidad central de LeNet-5, medido con el gradiente",
)

# %%
# El campo no pesa igual en todas partes: un píxel del centro llega a la
# unidad por más caminos que uno de la orilla. En ``conv_2`` lo comprobamos
# comparando el centro del campo con una de sus esquinas.
conv2 = maps[[row.name for row in rows].index("conv_2")]
inside = np.argwhere(conv2 > 0)
(top, left), (bottom, right) = inside.min(axis=0), inside.max(axis=0)
center = float(conv2[(top + bottom) // 2, (left + right) // 2] / conv2.max())
corner = float(conv2[top, left] / conv2.max())
print(f"conv_2: centro {center:.2f} · esquina {corner:.2f} (relativo al máximo)")
claims.check(
    "en conv_2 el centro del campo pesa más que sus esquinas",
    center > corner,
    centro=center,
    esquina=corner,
)

# %%
# Resumen
# -------
# * Una convolución de 1 x 1 combina los :math:`C` canales de cada píxel sin
#   mirar a los vecinos: es una capa densa aplicada en cada píxel, con
#   :math:`C \cdot F + F` parámetros.
# * Como cuello de botella, reduce los canales antes de una convolución más
#   grande y ahorra la mayor parte de sus parámetros.
# * El campo receptivo es la región de la entrada que influye en una unidad.
#   Sigue :math:`j_l = j_{l-1} s_l` y :math:`r_l = r_{l-1} + (k_l - 1) j_{l-1}`:
#   cada agrupamiento multiplica el salto y hace que las capas siguientes lo
#   agranden más deprisa.
# * Dos convoluciones de 3 x 3 ven 5 x 5 con :math:`18 C^2` pesos en lugar de
#   :math:`25 C^2`.
# * El gradiente de una unidad respecto de la entrada mide su campo receptivo
#   y coincide con el calculado.
#
# Ejercicios
# ----------
# 1. Calcula a mano el campo receptivo de cada capa de ``models.small_cnn()``
#    (conv 3 x 3, máx 2 x 2, conv 3 x 3, máx 2 x 2) y compáralo con
#    ``receptive.receptive_fields``.
#
#    .. dropdown:: Solución
#
#       ``conv_1``: 3. ``pool_1``: :math:`3 + 1 \cdot 1 = 4`, salto 2.
#       ``conv_2``: :math:`4 + 2 \cdot 2 = 8`. ``pool_2``:
#       :math:`8 + 1 \cdot 2 = 10`, salto 4.
#
#       .. code-block:: python
#
#          rows = receptive.receptive_fields(models.small_cnn())
#          print([row.size[0] for row in rows])  # [3, 4, 8, 10]
#
# 2. ¿Cuántos pesos (sin sesgos) tienen tres convoluciones de 3 x 3 con 64
#    canales de entrada y de salida, y cuántos una de 7 x 7? ¿Ven lo mismo?
#
#    .. dropdown:: Solución
#
#       Tres de 3 x 3: :math:`3 \cdot 9 \cdot 64^2 = 110{,}592`; una de 7 x 7:
#       :math:`49 \cdot 64^2 = 200{,}704`. Las dos ven 7 x 7:
#
#       .. code-block:: python
#
#          stack = conv_stack(*[layers.Conv2D(64, 3, use_bias=False)
#                               for _ in range(3)])
#          print(stack.count_params(),
#                receptive.receptive_fields(stack)[-1].size)  # 110592 (7, 7)
#
# 3. Agrega una convolución de 1 x 1 con 8 filtros después de ``pool_2`` de
#    LeNet-5. ¿Cuál es su campo receptivo?
#
#    .. dropdown:: Solución
#
#       El mismo que el de ``pool_2``, 16 x 16: con :math:`k = 1` la
#       recurrencia suma :math:`(1 - 1) \cdot j = 0`. Sólo mezcla canales.
#
#       .. code-block:: python
#
#          stack = keras.Sequential(
#              [keras.Input((28, 28, 1)), layers.Conv2D(6, 5),
#               layers.MaxPooling2D(2), layers.Conv2D(16, 5),
#               layers.MaxPooling2D(2), layers.Conv2D(8, 1)]
#          )
#          print(receptive.receptive_fields(stack)[-1].size)  # (16, 16)
