r"""
Paso (*stride*)
===============

Cuánto avanza el kernel, el ejercicio de la clase y la fórmula del tamaño de salida.

**Lo que aprenderás**

* Qué es el paso (*stride*) de una :term:`convolución` y por qué un paso mayor que 1
  reduce el tamaño de la salida.
* A resolver el ejercicio de la clase (una imagen de 6 x 6 con un borde de
  ceros, un kernel de 3 x 3 y paso 2) ventana por ventana.
* La fórmula general del tamaño de la salida,
  :math:`\lfloor (H + 2p - k)/s \rfloor + 1`, comprobada contra Keras en una
  tabla de casos.
"""

# %%
# Saltar píxeles
# --------------
# El :term:`paso` (*stride*) indica cuántos píxeles avanza el kernel en cada
# dirección, horizontal y vertical. Con paso 1 (el valor por omisión) se mueve
# píxel a píxel; con paso 2 salta de dos en dos, y la salida tiene la mitad de
# posiciones en cada eje. En una fila de 7 píxeles, un kernel de 3 empieza en:
import keras
import numpy as np
import skimage.data

from cnnbook import claims, config, data, formatting, ops, plots

print(config.profile().describe())
n, k = 7, 3
for s in (1, 2, 3):
    starts = list(range(0, n - k + 1, s))
    print(
        f"paso {s}: columnas {starts} -> {len(starts)} posiciones "
        f"(ops.output_size: {ops.output_size(n, k, stride=s)})"
    )

# %%
# En una fotografía
# -----------------
# Aplicamos el kernel de gradiente vertical a la fotografía ``camera``
# reducida a 64 x 64, sin :term:`relleno` y con pasos 1, 2 y 4. Cada vez que el paso
# se duplica, el mapa tiene más o menos la mitad de filas y de columnas y una
# cuarta parte de las multiplicaciones (exactamente la mitad cuando el número de
# posiciones es par).
photo = data.normalize(data.resize(skimage.data.camera()[None], (64, 64)))[0]
kernel = ops.KERNELS["gradiente_vertical"]
results = {s: ops.conv2d(photo, kernel, stride=s) for s in (1, 2, 4)}
for s, result in results.items():
    products = result.size * kernel.size
    print(
        f"paso {s}: salida {result.shape}, {formatting.integer(products)} "
        "multiplicaciones"
    )
lim = np.percentile(np.abs(results[1]), 99)  # unos pocos píxeles no fijan la escala
fig = plots.image_grid(
    [results[s] for s in results],
    titles=[
        f"paso {s}: {results[s].shape[0]} x {results[s].shape[1]}" for s in results
    ],
    ncols=3,
    cmap="RdBu_r",
    vmin=-lim,
    vmax=lim,
    title="Bordes verticales con pasos 1, 2 y 4",
)

# %%
# Los tres mapas muestran los mismos bordes, cada vez con menos detalle. De
# hecho, la convolución con paso :math:`s` es la de paso 1 quedándose con una
# de cada :math:`s` filas y columnas, sólo que sin gastar las cuentas de las
# posiciones que se descartan:
for s in (2, 4):
    claims.check(
        f"el mapa con paso {s} es el de paso 1 tomando una de cada {s} filas y "
        "columnas",
        np.array_equal(results[s], results[1][::s, ::s]),
    )

# %%
# El ejercicio de la clase
# ------------------------
# La clase pregunta, con "Padding + Stride: 1, 2", de qué tamaño queda la
# imagen convolucionada. Su figura muestra una cuadrícula de 8 x 8 cuyo marco
# exterior son ceros, rotulada «Imagen original 8x8», un kernel de 3 x 3 y una
# imagen resultante de 3 x 3. Ojo con el rótulo: lo que la figura llama imagen
# original es la imagen **ya rellenada**, una imagen de 6 x 6 más el borde de
# ceros (relleno 1). Sólo así sale 3 x 3; más abajo vemos qué daría una imagen
# original de 8 x 8. Armamos la de 6 x 6 con los números del 1 al 36 para poder
# seguir cada ventana.
image = np.arange(1, 37).reshape(6, 6)
padded = ops.pad(image, 1)
print("Imagen original:", image.shape, "· con el borde de ceros:", padded.shape)
out = ops.output_size(8, 3, padding=0, stride=2)
print(f"Tamaño de la salida: {out} x {out}")

# %%
# Cada panel es una posición del kernel, es decir, una casilla de la salida. El
# kernel empieza en la esquina y avanza dos columnas; al llegar al final de la
# fila, baja dos filas.
fig = plots.window_steps(
    padded,
    size=3,
    stride=2,
    title="Kernel de 3 x 3 con paso 2 sobre la imagen rellenada de 8 x 8",
)

# %%
# Las ventanas empiezan en las columnas 0, 2 y 4; una cuarta empezaría en la
# 6 y necesitaría la columna 8, que no existe. Por eso la salida es de 3 x 3
# y la última fila y la última columna de ceros nunca se usan. Lo comprobamos
# cambiando esa fila y esa columna: la salida no cambia.
rng = np.random.default_rng(config.SEED)
kernel3 = rng.integers(-2, 3, size=(3, 3))
result = ops.conv2d(padded, kernel3, stride=2)
tampered = padded.copy()
tampered[7, :] = tampered[:, 7] = 99
print("Kernel:\n", kernel3)
print("Salida (3 x 3):\n", result.astype(int))
claims.check(
    "cambiar la última fila y la última columna no cambia la salida",
    np.array_equal(result, ops.conv2d(tampered, kernel3, stride=2)),
)

# %%
# Keras da lo mismo si le pedimos el mismo relleno: ``ZeroPadding2D(1)`` agrega
# el borde de ceros y ``Conv2D(strides=2)`` hace la convolución con paso 2.
model = keras.Sequential(
    [
        keras.Input((6, 6, 1)),
        keras.layers.ZeroPadding2D(1),
        keras.layers.Conv2D(1, 3, strides=2, use_bias=False),
    ]
)
model.layers[-1].set_weights([kernel3[:, :, None, None].astype("float32")])
keras_result = model(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]
print("Forma de la salida de Keras:", keras_result.shape)
claims.check(
    "Keras da los mismos números que ops.conv2d", np.allclose(keras_result, result)
)

# %%
# Un detalle: ``padding="same"`` con paso 2 también da 3 x 3 en este caso,
# pero no es el mismo relleno. TensorFlow agrega sólo los ceros que necesita
# (aquí uno en total) y los pone abajo y a la derecha, así que las ventanas
# quedan desplazadas y los números cambian.
same = ops.conv2d(image, kernel3, padding="same", stride=2)
print("Con padding='same':", same.shape)
print(same.astype(int))
claims.check(
    "con padding='same' y paso 2 la salida también es de 3 x 3, pero con otros "
    "números que con el borde de ceros de la clase",
    same.shape == (3, 3) and not np.array_equal(same, result),
)

# %%
# ¿Y si la imagen original midiera 8 x 8?
# ---------------------------------------
# Si leyéramos el rótulo al pie de la letra, la imagen original sería de 8 x 8 y
# el relleno 1 la llevaría a 10 x 10. Las ventanas empezarían en las columnas
# 0, 2, 4 y 6, y la salida sería de 4 x 4, no de 3 x 3:
for n_original in (6, 8):
    side = ops.output_size(n_original, 3, padding=1, stride=2)
    starts = list(range(0, n_original + 2 - 3 + 1, 2))
    print(
        f"original {n_original} x {n_original} + relleno 1 = "
        f"{n_original + 2} x {n_original + 2}: ventanas en {starts} -> "
        f"salida {side} x {side}"
    )

# %%
# La fórmula general
# ------------------
# Con una entrada de :math:`H \times W` (alto por ancho), relleno :math:`p` por
# lado, kernel de :math:`k \times k` y paso :math:`s`, la imagen rellenada mide
# :math:`H + 2p` de alto; la primera ventana empieza en 0 y la última en a lo
# sumo :math:`H + 2p - k`, avanzando de :math:`s` en :math:`s`:
#
# .. math::
#
#    H_\text{salida} = \left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1 ,
#
# y lo mismo con :math:`W` para el ancho. La comprobamos en una tabla de casos
# (imágenes cuadradas, :math:`H = W`) contra la forma que producen las capas
# de Keras (``ZeroPadding2D`` + ``Conv2D``) y ``ops.conv2d``.


def keras_output_side(n, k, p, s):
    """Lado de la salida de ZeroPadding2D(p) + Conv2D(k, strides=s) en Keras."""
    inputs = keras.Input((n, n, 1))
    x = keras.layers.ZeroPadding2D(p)(inputs) if p else inputs
    x = keras.layers.Conv2D(1, k, strides=s)(x)
    return keras.Model(inputs, x)(np.zeros((1, n, n, 1), "float32")).shape[1]


cases = [
    (6, 3, 1, 2),  # el ejercicio de la clase
    (8, 3, 0, 2),  # lo mismo, con la imagen ya rellenada
    (6, 3, 0, 1),  # el apilamiento de la clase (lección 5)
    (7, 3, 0, 2),
    (28, 5, 0, 1),  # primera capa de LeNet-5
    (28, 5, 2, 1),  # LeNet-5 mejorada
    (28, 3, 1, 2),
    (32, 5, 2, 2),
    (64, 3, 1, 1),  # la capa de la lección 1
    (64, 7, 3, 4),
    (13, 4, 1, 3),
]
print(f"{'H':>3} {'k':>2} {'p':>2} {'s':>2} | {'fórmula':>7} {'Keras':>6} {'ops':>4}")
for n, k, p, s in cases:
    formula = (n + 2 * p - k) // s + 1
    side_keras = keras_output_side(n, k, p, s)
    side_ops = ops.conv2d(np.zeros((n, n)), np.ones((k, k)), padding=p, stride=s).shape[
        0
    ]
    assert formula == side_keras == side_ops == ops.output_size(n, k, p, s)
    print(f"{n:>3} {k:>2} {p:>2} {s:>2} | {formula:>7} {side_keras:>6} {side_ops:>4}")

# %%
# Las tres columnas coinciden en todos los casos. La división es entera (se
# redondea hacia abajo) porque una ventana que no cabe completa no se calcula.
#
# La ventana en movimiento
# ------------------------
# La animación recorre el ejercicio de la clase: una entrada de 6 x 6 con un
# borde de ceros, un kernel de 3 x 3 y paso 2. Cada cuadro mueve la ventana y
# escribe en la salida la suma de productos de esa ventana (con valores
# pequeños al azar, para poder seguir las cuentas).
animation = plots.convolution_animation(n=6, k=3, padding=1, stride=2)

# %%
# Explóralo tú
# ------------
# Elige el tamaño de la entrada, del kernel, el relleno y el paso; el
# explorador calcula el tamaño de la salida con la misma fórmula y dibuja la
# ventana en la posición que elijas con el deslizador. Funciona en el
# navegador, sin ejecutar Python.
#
# .. raw:: html
#
#    <div id="explorador-conv"><p>El explorador necesita JavaScript.</p></div>
#
# Resumen
# -------
# * El paso :math:`s` es cuánto avanza el kernel; con :math:`s = 2` la salida
#   tiene más o menos la mitad de filas y de columnas, y cuesta una cuarta parte
#   de las cuentas. Equivale a submuestrear la salida de paso 1.
# * En el ejercicio de la clase, la imagen de 8 x 8 (6 x 6 más el borde) con un
#   kernel de 3 x 3 y paso 2 da una salida de 3 x 3; la última fila y la última
#   columna nunca se usan.
# * Si la clase hubiera partido de una imagen original de 8 x 8, el mismo
#   relleno y paso darían 4 x 4: su rótulo «Imagen original» se refiere a la
#   imagen ya rellenada.
# * En general,
#   :math:`H_\text{salida} = \lfloor (H + 2p - k)/s \rfloor + 1` (y lo mismo
#   para el ancho), como calcula ``ops.output_size``.
#
# Ejercicios
# ----------
# 1. Una imagen de CIFAR-10 mide 32 x 32. ¿Qué tamaño tiene la salida de un
#    kernel de 5 x 5 con relleno 2 y paso 2?
#    Comprueba tu respuesta con ``exercises.check("3.3.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       :math:`\lfloor (32 + 4 - 5)/2 \rfloor + 1 = \lfloor 15.5 \rfloor + 1
#       = 16`. Compruébalo con ``ops.output_size(32, 5, padding=2, stride=2)``.
#
# 2. ¿Qué relleno y qué paso reducen a la mitad exacta una imagen de lado par
#    :math:`H` con un kernel de 3 x 3?
#
#    .. dropdown:: Solución
#
#       :math:`p = 1` y :math:`s = 2`:
#       :math:`\lfloor (H + 2 - 3)/2 \rfloor + 1 = \lfloor (H - 1)/2 \rfloor + 1
#       = H/2` cuando :math:`H` es par. Por ejemplo, 28 pasa a 14 y 64 a 32.
#
# 3. En la imagen rellenada de 8 x 8, ¿qué filas quedarían sin usar con un
#    kernel de 3 x 3 y paso 3? Compruébalo con ``plots.window_steps``.
#
#    .. dropdown:: Solución
#
#       :math:`\lfloor (8 - 3)/3 \rfloor + 1 = 2` posiciones por eje, que
#       empiezan en 0 y 3 y cubren las filas 0 a 5: las filas 6 y 7 (y las
#       columnas 6 y 7) no se usan.
#       ``plots.window_steps(padded, size=3, stride=3)`` lo muestra.
