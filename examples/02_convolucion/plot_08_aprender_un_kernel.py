r"""
Aprender un kernel con descenso de gradiente
============================================

Un kernel es sólo pesos: el descenso de gradiente los encuentra a partir de ejemplos.

**Lo que aprenderás**

* Que una capa ``Conv2D`` de un filtro, sin sesgo, es exactamente la
  convolución de las lecciones anteriores con nueve pesos ajustables.
* Cómo el descenso de gradiente, :math:`w \leftarrow w - \eta\, \nabla L(w)`,
  recupera el gradiente vertical de Prewitt a partir de parejas de imágenes
  de entrada y de salida.
* Por qué la pérdida baja mucho antes de que el kernel sea el correcto, y
  cuándo los ejemplos no bastan para determinar el kernel.
"""

# %%
# El problema al revés
# --------------------
# En la lección anterior elegimos los pesos de cada kernel a mano y miramos
# qué hacían con una foto. Ahora planteamos el problema al revés: conocemos
# imágenes y lo que un kernel desconocido hizo con ellas, y queremos
# encontrar sus pesos. El kernel escondido será el gradiente vertical de
# ``ops.KERNELS``, el de Prewitt, que responde a los bordes verticales:
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from numpy.lib.stride_tricks import sliding_window_view

from cnnbook import claims, config, data, formatting, ops, plots, training

print(config.profile().describe())
target = ops.KERNELS["gradiente_vertical"]
print(f"Kernel objetivo (gradiente vertical):\n{target}")

# %%
# Los ejemplos: entradas y salidas
# --------------------------------
# Las entradas son los primeros dígitos de MNIST, con intensidades entre 0 y
# 1; las salidas, sus convoluciones con el kernel objetivo, sin relleno
# (``padding="valid"``). Cada dígito de 28 x 28 da un mapa de 26 x 26.
N_DIGITS = 256
(x_train, _), _ = data.load_mnist()
digits = data.normalize(x_train[:N_DIGITS])
outputs = np.stack([ops.conv2d(digit, target) for digit in digits])
print(
    f"Entradas: {digits.shape} · salidas: {outputs.shape} · "
    f"{formatting.integer(outputs.size)} valores de salida en total"
)
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), layout="constrained")
plots.image(digits[0], "entrada", ax=axes[0])
plots.filter_results(
    digits[0],
    {"salida deseada": target},
    axes=axes[1:],
    title="Una pareja de entrenamiento: el dígito y su salida deseada",
)

# %%
# Una capa ``Conv2D`` con un solo filtro de 3 x 3 y sin :term:`sesgo` calcula
# lo mismo que ``ops.conv2d``; sólo le falta conocer los nueve pesos. Keras
# los inicializa al azar (con una semilla fija, para que la lección dé siempre
# lo mismo):
training.set_seed()
probe = keras.layers.Conv2D(1, 3, use_bias=False, padding="valid")
probe.build((None, 28, 28, 1))
initial = probe.kernel.numpy()[:, :, 0, 0]
print(f"Parámetros entrenables: {probe.count_params()}")
print(f"Kernel inicial:\n{np.array2string(initial, precision=3)}")
same = np.abs(
    probe(digits[:1, ..., None]).numpy()[0, ..., 0] - ops.conv2d(digits[0], initial)
)
print(f"Diferencia máxima entre Conv2D y ops.conv2d: {same.max():.1e}")
claims.check(
    "Conv2D sin sesgo da la misma salida que ops.conv2d, salvo el redondeo de "
    "float32 (menos de 1e-5)",
    same.max() < 1e-5,
    diferencia_máxima=float(same.max()),
)

# %%
# La pérdida y la regla de actualización
# --------------------------------------
# La :term:`función de pérdida` es el error cuadrático medio (*mean squared
# error*, MSE) entre la salida de la capa, :math:`\hat{S} = I * w`, y la
# salida deseada :math:`S`, promediado sobre los
# :math:`N` valores de salida de todos los dígitos:
#
# .. math::
#
#    L(w) = \frac{1}{N} \sum \bigl(\hat{S} - S\bigr)^2 .
#
# El descenso de gradiente mueve los pesos un poco en contra del gradiente de
# la pérdida, que ``tf.GradientTape`` calcula por :term:`retropropagación`:
#
# .. math::
#
#    w \leftarrow w - \eta\, \nabla L(w),
#
# con la :term:`tasa de aprendizaje` :math:`\eta`. Usamos todos los dígitos en
# cada actualización, así que es la versión sin lotes del :term:`descenso de
# gradiente estocástico`. La función ``learn`` repite la actualización y
# guarda la pérdida y el kernel de cada iteración; ``@tf.function`` compila la
# actualización para que las cientos de iteraciones tarden poco.
LEARNING_RATE = 1.0
ITERATIONS = 600


def learn(images, targets, size=3, lr=LEARNING_RATE, iterations=ITERATIONS):
    """Ajusta un kernel de ``size`` x ``size`` para que ``images * w ≈ targets``.

    Devuelve la pérdida y el kernel tras 0, 1, …, ``iterations`` actualizaciones.
    """
    training.set_seed()  # el mismo kernel inicial en cada llamada
    layer = keras.layers.Conv2D(1, size, use_bias=False, padding="valid")
    layer.build((None, *images.shape[1:], 1))
    x = tf.constant(images[..., None], tf.float32)
    y = tf.constant(targets[..., None], tf.float32)
    w = layer.kernel

    @tf.function
    def update():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((layer(x) - y) ** 2)
        w.assign_sub(lr * tape.gradient(loss, w))
        return loss

    losses, kernels = [], []
    for _ in range(iterations):
        kernels.append(w.numpy()[:, :, 0, 0])
        losses.append(float(update()))  # la pérdida antes de actualizar
    kernels.append(w.numpy()[:, :, 0, 0])
    losses.append(float(tf.reduce_mean((layer(x) - y) ** 2)))
    return np.array(losses), np.array(kernels)


# %%
# Aprender el gradiente vertical
# ------------------------------
losses, kernels = learn(digits, outputs)
errors = np.abs(kernels - target).max(axis=(1, 2))
print(f"η = {LEARNING_RATE} · {formatting.integer(ITERATIONS)} iteraciones")
for i in (0, 10, 50, 200, ITERATIONS):
    print(
        f"iteración {i:>4}: pérdida {losses[i]:.2e} · "
        f"error máximo del kernel {errors[i]:.4f}"
    )

# %%
# Las dos curvas en escala logarítmica: a la izquierda la pérdida, a la
# derecha el error más grande entre un peso aprendido y el peso objetivo,
# :math:`\max |w - w^*|`.
iterations = list(range(ITERATIONS + 1))
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plots.line_chart(
    iterations,
    {"pérdida (MSE)": losses},
    "iteración",
    "pérdida",
    logy=True,
    markers=False,
    ax=axes[0],
    title="La pérdida",
)
plots.line_chart(
    iterations,
    {"error máximo del kernel": errors},
    "iteración",
    "máx |w − w*|",
    logy=True,
    markers=False,
    ax=axes[1],
    title="El error del kernel",
)
fig.suptitle("Descenso de gradiente hacia el gradiente vertical")

# %%
# Y el kernel mismo en algunas iteraciones, junto al objetivo:
shown = (0, 10, 50, ITERATIONS)
fig = plots.filters(
    np.stack([*(kernels[i] for i in shown), target], axis=-1),
    names=[*(f"iteración {i}" for i in shown), "objetivo"],
    annotate=True,
    title="El kernel aprendido se acerca al gradiente vertical",
)

# %%
# Partiendo de pesos al azar, el descenso de gradiente llega al kernel de
# Prewitt: nadie le dijo que buscara un detector de bordes, sólo qué salida
# esperar de cada dígito.
learned = kernels[-1]
print(f"Kernel aprendido:\n{np.array2string(learned, precision=4)}")
print(f"Error máximo: {errors[-1]:.1e}")
orders = np.log10(losses[0] / losses[-1])
print(
    f"La pérdida bajó de {losses[0]:.3f} a {losses[-1]:.1e}: "
    f"{orders:.1f} órdenes de magnitud"
)
claims.check(
    "el kernel aprendido coincide con el objetivo con un error menor que 0.01 "
    "en cada peso",
    errors[-1] < 0.01,
    error_máximo=float(errors[-1]),
)
claims.check(
    "la pérdida baja más de 6 órdenes de magnitud",
    orders > 6,
    órdenes=float(orders),
)

# %%
# El kernel tarda más que la pérdida
# ----------------------------------
# Las curvas no bajan al mismo ritmo: la pérdida cae muy rápido al principio,
# y el kernel sigue lejos del objetivo cuando la pérdida ya es diminuta.
i_small = int(np.argmax(losses < 1e-4))
print(
    f"En la iteración {i_small} la pérdida ya es {losses[i_small]:.1e} "
    f"(la inicial dividida entre {losses[0] / losses[i_small]:,.0f}), "
    f"pero el error del kernel todavía es {errors[i_small]:.3f}"
)
claims.check(
    "cuando la pérdida ya bajó de 1e-4, el error del kernel sigue por encima de 0.05",
    errors[i_small] > 0.05,
    iteración=i_small,
    error=float(errors[i_small]),
)

# %%
# La razón está en las imágenes. La salida es lineal en los pesos, así que,
# si :math:`e = w - w^*` es el error del kernel y :math:`p` recorre las
# ventanas de 3 x 3 de los dígitos (aplanadas), la pérdida es
#
# .. math::
#
#    L(w) = e^\top A\, e, \qquad A = \frac{1}{N} \sum_p p\, p^\top ,
#
# y una actualización multiplica el error por :math:`I - 2 \eta A`. Cada
# dirección propia de :math:`A`, con valor propio :math:`\lambda`, se
# encoge por un factor :math:`1 - 2\eta\lambda` en cada iteración. Las
# direcciones con :math:`\lambda` grande se corrigen enseguida (si el
# factor es negativo, el error cambia de signo en cada iteración, pero se
# encoge); las de :math:`\lambda` pequeño, muy despacio, y además casi no
# aportan a la pérdida. (La misma cuenta da el límite de la tasa: si
# :math:`2\eta\lambda > 2` para el mayor :math:`\lambda`, el factor pasa de
# :math:`-1` y el error crece en lugar de encogerse.)
windows = sliding_window_view(digits.astype(np.float64), (3, 3), axis=(1, 2))
windows = windows.reshape(-1, 9)
A = windows.T @ windows / len(windows)
eigenvalues, eigenvectors = np.linalg.eigh(A)  # de menor a mayor
e0 = (kernels[0] - target).ravel()
print(f"Pérdida inicial: en TensorFlow {losses[0]:.5f} · con eᵀAe {e0 @ A @ e0:.5f}")
print(f"Valores propios de A: {np.array2string(eigenvalues, precision=4)}")
factors = 1 - 2 * LEARNING_RATE * eigenvalues
print(
    f"Factor por iteración: {factors[-1]:.3f} en la dirección más rápida y "
    f"{factors[0]:.4f} en la más lenta; tras {ITERATIONS} iteraciones, "
    f"{formatting.percent(factors[0] ** ITERATIONS)} del error en la más lenta"
)
print(f"Tasa máxima estable: 1 / λ_max = {1 / eigenvalues[-1]:.3f}")
claims.check(
    "la fórmula eᵀAe da la misma pérdida inicial que TensorFlow",
    abs(e0 @ A @ e0 - losses[0]) < 1e-4 * losses[0],
    tensorflow=losses[0],
    fórmula=float(e0 @ A @ e0),
)

# %%
# ¿Qué patrones son las direcciones rápida y lenta? Las dibujamos como
# kernels (el signo de un vector propio es arbitrario; lo fijamos para que el
# peso central sea positivo):
slow = eigenvectors[:, 0].reshape(3, 3)
fast = eigenvectors[:, -1].reshape(3, 3)
slow, fast = slow * np.sign(slow[1, 1]), fast * np.sign(fast[1, 1])
fig = plots.filters(
    np.stack([fast, slow], axis=-1),
    names=["la más rápida", "la más lenta"],
    annotate=True,
    title="Las direcciones propias extremas de A",
)

# %%
# La dirección más rápida tiene todos los pesos del mismo signo: un
# promedio de la ventana, algo que todo trazo del dígito excita. La más lenta
# alterna de signo entre vecinos, como un tablero de ajedrez: un patrón que
# casi no aparece en los trazos suaves de un dígito. Un error del kernel con
# esa forma apenas cambia la salida, así que apenas cambia la pérdida, y el
# gradiente que lo corrige es pequeño.
checkerboard = np.where(np.indices((3, 3)).sum(axis=0) % 2 == 0, 1, -1)
claims.check(
    "la dirección más rápida tiene todos los pesos del mismo signo y la más "
    "lenta alterna de signo como un tablero de ajedrez",
    bool(np.all(fast > 0)) and bool(np.all(np.sign(slow) == checkerboard)),
    razón_de_valores_propios=float(eigenvalues[-1] / eigenvalues[0]),
)

# %%
# Cuando los ejemplos no bastan
# -----------------------------
# Si :math:`A` tiene un valor propio igual a 0, en esa dirección el error no
# se corrige nunca: los ejemplos no determinan el kernel (no es
# *identificable*). El caso extremo son imágenes sin forma alguna. Repetimos
# el entrenamiento, desde el mismo kernel inicial, con imágenes constantes:
# cada una tiene en todos sus píxeles el brillo medio de uno de los dígitos.
flats = np.ones_like(digits) * digits.mean(axis=(1, 2), keepdims=True)
flat_outputs = np.stack([ops.conv2d(flat, target) for flat in flats])
flat_losses, flat_kernels = learn(flats, flat_outputs)
flat_learned = flat_kernels[-1]
flat_error = float(np.abs(flat_learned - target).max())
moved = flat_learned - flat_kernels[0]
print(f"Pérdida: de {flat_losses[0]:.3f} a {flat_losses[-1]:.1e}")
print(f"Kernel aprendido:\n{np.array2string(flat_learned, precision=3)}")
print(f"Error máximo frente al objetivo: {flat_error:.3f}")
print(
    f"Suma de los pesos: aprendido {flat_learned.sum():+.4f} · "
    f"objetivo {target.sum():+.4f}"
)
print(f"Lo que se movió cada peso: entre {moved.min():+.4f} y {moved.max():+.4f}")
fig = plots.filters(
    np.stack([flat_kernels[0], flat_learned, target], axis=-1),
    names=["inicial", "aprendido", "objetivo"],
    annotate=True,
    title="Con imágenes constantes sólo se aprende la suma de los pesos",
)

# %%
# La pérdida vuelve a caer casi a cero, pero el kernel aprendido no se parece
# al objetivo. Sobre una imagen constante de brillo :math:`a`, la salida es
# :math:`a \sum_{m,n} w(m, n)`, como vimos en la lección anterior: cualquier
# kernel que sume 0 reproduce los ejemplos a la perfección. El
# gradiente sólo puede mover los nueve pesos a la vez y en la misma cantidad,
# así que el descenso de gradiente le resta a cada peso inicial su promedio
# y se detiene.
claims.check(
    "con imágenes constantes la pérdida baja más de 6 órdenes de magnitud, "
    "pero el kernel queda a más de 0.5 del objetivo en algún peso",
    np.log10(flat_losses[0] / flat_losses[-1]) > 6 and flat_error > 0.5,
    órdenes=float(np.log10(flat_losses[0] / flat_losses[-1])),
    error_máximo=flat_error,
)
claims.check(
    "el kernel aprendido con imágenes constantes suma lo mismo que el objetivo "
    "(diferencia menor que 0.01) y cada peso se movió lo mismo: menos el "
    "promedio de los pesos iniciales",
    abs(flat_learned.sum() - target.sum()) < 0.01
    and np.allclose(moved, -flat_kernels[0].mean(), atol=1e-4),
    suma=float(flat_learned.sum()),
    promedio_inicial=float(flat_kernels[0].mean()),
)

# %%
# Con los dígitos, en cambio, los nueve valores propios de :math:`A` son
# positivos y el kernel queda determinado, aunque algunas direcciones se
# aprendan despacio. Para aprender un kernel hacen falta ejemplos variados,
# con bordes y texturas en todas las orientaciones.
claims.check(
    "con los dígitos, los nueve valores propios de A son positivos",
    eigenvalues[0] > 0,
    menor_valor_propio=float(eigenvalues[0]),
)

# %%
# En una red de verdad
# --------------------
# Aquí hicimos trampa: le dimos a la capa la salida exacta que queríamos, así
# que sólo había un kernel correcto. En una :term:`red neuronal
# convolucional` nadie entrega los :term:`mapas de características <mapa de
# características>` deseados. La pérdida mide el error de la clasificación
# final y la retropropagación reparte su gradiente hasta los kernels de la
# primera capa; el descenso de gradiente los mueve en la dirección que mejora
# la clasificación. Los kernels que surgen no tienen por qué ser un Prewitt ni
# un laplaciano: son los que sirvan para clasificar. La siguiente lección
# mira cuáles aprende una red con una sola capa convolucional con los dígitos
# de MNIST.
#
# Resumen
# -------
# * Un kernel es un arreglo de pesos, y una capa ``Conv2D`` de un filtro sin
#   sesgo es la convolución con esos pesos como :term:`parámetros entrenables
#   <parámetro entrenable>`.
# * Con parejas de entrada y salida y el error cuadrático medio, el descenso
#   de gradiente, :math:`w \leftarrow w - \eta\, \nabla L(w)`, recupera desde
#   pesos al azar el kernel que las produjo.
# * La pérdida baja antes que el error del kernel: los patrones que las
#   imágenes casi no contienen se aprenden despacio. Si las imágenes no los
#   contienen en absoluto (imágenes constantes), el kernel no queda
#   determinado; sólo su suma.
#
# Ejercicios
# ----------
# 1. Entrena con una tasa de aprendizaje algo mayor que la tasa máxima estable
#    que se imprimió arriba, por ejemplo :math:`\eta = 1.3`. ¿Qué pasa con la
#    pérdida?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          diverging, _ = learn(digits, outputs, lr=1.3, iterations=100)
#          print(diverging[::20])
#
#       La pérdida crece en lugar de bajar. En la dirección más rápida el
#       factor :math:`1 - 2\eta\lambda` es menor que :math:`-1`: cada
#       actualización se pasa del mínimo y cae del otro lado, más lejos que
#       antes.
#
# 2. Aprende un kernel de 5 x 5 con las mismas parejas. Como la salida de un
#    kernel de 5 x 5 sin relleno mide 24 x 24, recorta un píxel de cada borde
#    de las salidas deseadas. ¿Sirve la misma tasa de aprendizaje? ¿Qué pesos
#    aprende fuera del centro de 3 x 3?
#
#    .. dropdown:: Solución
#
#       Con :math:`\eta = 1` la pérdida diverge: en una ventana de 25 píxeles
#       la dirección del promedio tiene un valor propio mayor, y la tasa
#       máxima estable baja (calcúlala como arriba, con ventanas de 5 x 5).
#       Con una tasa menor y más iteraciones funciona:
#
#       .. code-block:: python
#
#          _, kernels_5 = learn(
#              digits, outputs[:, 1:-1, 1:-1], size=5, lr=0.4, iterations=2000
#          )
#          print(np.round(kernels_5[-1], 3))
#
#       El centro de 3 x 3 se acerca al gradiente vertical y el anillo
#       exterior a 0: un kernel más grande imita a uno más pequeño
#       rellenándolo con ceros.
#
# 3. Aprende el laplaciano diagonal (``ops.KERNELS["laplaciano_diagonal"]``).
#    ¿Cuántas iteraciones hacen falta para que el error máximo baje de 0.01?
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          laplacian = ops.KERNELS["laplaciano_diagonal"]
#          lap_outputs = np.stack([ops.conv2d(d, laplacian) for d in digits])
#          _, lap_kernels = learn(digits, lap_outputs, iterations=2000)
#          lap_errors = np.abs(lap_kernels - laplacian).max(axis=(1, 2))
#          print(np.argmax(lap_errors < 0.01))
#
#       Hacen falta más iteraciones que con el gradiente vertical. El
#       laplaciano, con el centro de signo contrario a sus vecinos, tiene
#       mucho en común con la dirección más lenta de :math:`A`, y justo esa
#       parte del error es la que más tarda en corregirse.
