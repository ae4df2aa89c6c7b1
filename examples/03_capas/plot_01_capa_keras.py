r"""
Una capa convolucional en Keras
===============================

Una capa Conv2D es una colección de filtros cuyos valores son los pesos.

**Lo que aprenderás**

* Que una capa convolucional es una colección de filtros y que los números de
  esos filtros son sus pesos: empiezan al azar y se ajustan al entrenar.
* Cómo se escribe la capa de la clase en Keras, qué forma tienen sus pesos
  (kernel y sesgo) y qué forma tiene su salida.
* Cómo inicializa Keras esos pesos (Glorot uniforme) y cómo se ven los mapas de
  características de una fotografía real a través de la capa sin entrenar.
* Que la capa calcula exactamente la :term:`convolución` del capítulo anterior, más un
  sesgo.
"""

# %%
# La capa de la clase
# -------------------
# Una capa convolucional es una colección de filtros; los valores guardados en
# los filtros son los pesos que la red aprende durante el entrenamiento. Al
# principio son aleatorios y, poco a poco, se ajustan para identificar
# características interesantes, como bordes o combinaciones de colores.
#
# La clase escribe una capa convolucional así: una entrada de 64 x 64 píxeles
# con un canal (:term:`escala de grises`) y una capa ``Conv2D`` con dos filtros de
# 3 x 3, paso 1 y :term:`relleno` ``"same"``. El relleno y el paso tienen cada uno su
# lección en este capítulo; por ahora basta saber que ``"same"`` conserva el
# tamaño de la imagen. Envolvemos las dos piezas en un ``keras.Model`` para
# poder usarlas y mirar su resumen.
import keras
import numpy as np
import skimage.data
from keras import layers

from cnnbook import claims, config, data, models, ops, plots, training

print(config.profile().describe())
training.set_seed()  # la misma semilla da los mismos pesos iniciales

input_layer = layers.Input(shape=(64, 64, 1))
conv_layer_1 = layers.Conv2D(
    filters=2,
    kernel_size=(3, 3),
    strides=1,
    padding="same",
)(input_layer)
model = keras.Model(input_layer, conv_layer_1, name="una_capa")
print(models.summary(model))

# %%
# La salida tiene forma ``(None, 64, 64, 2)``: ``None`` es el tamaño del lote
# (cualquiera), luego alto y ancho, y un canal por filtro. Cada canal de la
# salida es un :term:`mapa de características`: la respuesta de un filtro en
# todas las posiciones de la imagen.
#
# Los pesos: kernel y sesgo
# -------------------------
# Una :term:`capa convolucional` guarda dos arreglos. El kernel tiene forma
# (alto, ancho, canales de entrada, filtros): aquí, dos filtros de 3 x 3 sobre
# un canal. El :term:`sesgo` (*bias*) tiene un número por filtro, que se suma a
# todo su mapa.
conv = model.layers[-1]
kernel, bias = conv.get_weights()
print("Forma del kernel:", kernel.shape)
print("Forma del sesgo: ", bias.shape)
print(f"Pesos en total: {kernel.size} + {bias.size} = {conv.count_params()}")

# %%
# Pesos iniciales al azar
# -----------------------
# Antes de entrenar, Keras llena el kernel con números al azar tomados de una
# distribución uniforme en :math:`[-L, L]`, la inicialización de Glorot
# (*Glorot uniform*), y pone los sesgos en cero. El límite depende de cuántas
# entradas y salidas toca cada peso:
#
# .. math::
#
#    L = \sqrt{\frac{6}{\text{fan}_\text{in} + \text{fan}_\text{out}}},
#    \qquad \text{fan}_\text{in} = k \cdot k \cdot C, \quad
#    \text{fan}_\text{out} = k \cdot k \cdot F,
#
# con :math:`k` el lado del kernel, :math:`C` los canales de entrada y
# :math:`F` los filtros. Así, las salidas de la capa empiezan con una escala
# parecida a la de sus entradas, ni enormes ni diminutas.
k, _, channels, n_filters = kernel.shape
fan_in, fan_out = k * k * channels, k * k * n_filters
limit = np.sqrt(6 / (fan_in + fan_out))
print(f"fan_in = {fan_in}, fan_out = {fan_out}, límite L = {limit:.4f}")
print(f"Pesos observados: mínimo {kernel.min():.4f}, máximo {kernel.max():.4f}")
print("Sesgos iniciales:", bias)
assert np.all(np.abs(kernel) <= limit)

# %%
# Los dos filtros, con sus pesos escritos: son números al azar que nadie
# diseñó. Entrenar la red consiste justamente en cambiar estos números hasta
# que los filtros detecten algo útil.
fig = plots.filters(kernel, annotate=True, title="Los dos filtros iniciales (al azar)")

# %%
# Una fotografía a través de la capa
# ----------------------------------
# Tomamos la fotografía ``camera`` de scikit-image (512 x 512 en escala de
# grises), la reducimos a 64 x 64 y la escalamos a [0, 1].
photo = data.resize(skimage.data.camera()[None], (64, 64))[0]
image = data.normalize(photo)
print(
    "Imagen:", image.shape, image.dtype, f"rango [{image.min():.2f}, {image.max():.2f}]"
)
fig = plots.image(image, title="Entrada: 64 x 64 x 1", frame=False)

# %%
# La capa espera un lote con eje de canales: ``(1, 64, 64, 1)``. Devuelve un
# lote de forma ``(1, 64, 64, 2)``: dos mapas de características. En rojo los
# valores positivos y en azul los negativos.
maps = model(image[None, :, :, None]).numpy()[0]
print("Forma de la salida:", maps.shape)
fig = plots.image_grid(
    np.moveaxis(maps, -1, 0),
    titles=[f"mapa del filtro {f + 1}" for f in range(n_filters)],
    cmap="RdBu_r",
    colorbar=True,
    title="Mapas de características de la capa sin entrenar",
)

# %%
# ¿Por qué un mapa se parece a la fotografía y otro no? Sobre una zona de color
# parejo, un filtro responde con la suma de sus pesos por ese valor: si los
# pesos suman bastante, la imagen "pasa" suavizada; si suman casi cero, sólo
# quedan las diferencias entre vecinos, es decir, los bordes. Medimos la suma de
# cada filtro y la correlación de su mapa con la fotografía:
similar = []
for f in range(n_filters):
    r = np.corrcoef(maps[:, :, f].ravel(), image.ravel())[0, 1]
    similar.append(r)
    print(
        f"filtro {f + 1}: suma de pesos {kernel[:, :, 0, f].sum():+.3f} · "
        f"correlación de su mapa con la fotografía {r:+.2f}"
    )
claims.check(
    "aun con pesos al azar, al menos un mapa conserva la silueta de la fotografía "
    "(correlación mayor que 0.5)",
    max(similar) > 0.5,
    correlación_máxima=max(similar),
)

# %%
# Después de entrenar, esos filtros se especializan. En el borde de cada mapa,
# las sumas incluyen los ceros que agrega ``"same"`` alrededor de la imagen: es
# el relleno, que estudiamos en la siguiente lección.
#
# La misma cuenta que ``ops.conv2d``
# ----------------------------------
# Comprobamos que la capa hace lo que dice: la convolución del capítulo
# anterior con sus propios pesos, con relleno ``"same"``, más el sesgo.
diffs = []
for f in range(n_filters):
    ours = ops.conv2d(image, kernel[:, :, :, f], padding="same") + bias[f]
    diffs.append(np.max(np.abs(ours - maps[:, :, f])))
    print(f"filtro {f + 1}: diferencia máxima con Keras = {diffs[-1]:.1e}")

# %%
# La diferencia es del orden del redondeo de ``float32``, la precisión con la
# que calcula Keras: son la misma operación.
claims.check(
    "la capa de Keras y ops.conv2d difieren sólo en el redondeo de float32 "
    "(menos de 1e-5)",
    max(diffs) < 1e-5,
    diferencia_máxima=max(diffs),
)

# %%
# Resumen
# -------
# * ``Conv2D(filters=F, kernel_size=(k, k))`` guarda un kernel de forma
#   :math:`(k, k, C, F)` y :math:`F` sesgos: :math:`(k \cdot k \cdot C + 1)
#   \cdot F` pesos, sin importar el tamaño de la imagen.
# * Los pesos empiezan al azar (Glorot uniforme, con el límite que imprimimos)
#   y los sesgos en cero; el entrenamiento los ajusta.
# * Cada filtro produce un mapa de características; la salida apila un mapa por
#   filtro. Cada mapa es ``ops.conv2d`` con ese filtro, más su sesgo.
#
# Ejercicios
# ----------
# 1. ¿Cuántos pesos tendría la misma capa si la entrada fuera una imagen a color
#    de 64 x 64 x 3? ¿Cuál sería el límite :math:`L` de su inicialización?
#    Comprueba el total de pesos y sesgos con
#    ``exercises.check("3.1.1", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       El kernel tendría forma :math:`(3, 3, 3, 2)`: 54 pesos más 2 sesgos, 56
#       en total. Ahora :math:`\text{fan}_\text{in} = 27` y
#       :math:`\text{fan}_\text{out} = 18`, así que
#       :math:`L = \sqrt{6/45} \approx 0.365`. Compruébalo con
#       ``layers.Conv2D(2, 3).build((None, 64, 64, 3))``.
#
# 2. Cambia ``padding="same"`` por ``padding="valid"``. ¿Qué forma tiene la
#    salida? ¿Cambia el número de pesos?
#
#    .. dropdown:: Solución
#
#       La salida pasa a ``(None, 62, 62, 2)``: sin relleno, el kernel de
#       3 x 3 no puede centrarse en la primera ni en la última fila y columna.
#       Los pesos no cambian (siguen siendo 20): el relleno sólo afecta a la
#       imagen, no al filtro.
#
# 3. Sustituye los pesos al azar por los kernels de gradiente vertical y
#    horizontal de ``ops.KERNELS`` y vuelve a dibujar los mapas.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          bank = np.stack(
#              [ops.KERNELS["gradiente_vertical"],
#               ops.KERNELS["gradiente_horizontal"]], axis=-1
#          )[:, :, None, :]
#          conv.set_weights([bank.astype("float32"), np.zeros(2, "float32")])
#          maps = model(image[None, :, :, None]).numpy()[0]
#
#       Los mapas resaltan ahora los bordes verticales y horizontales de la
#       fotografía: son los mismos filtros del capítulo 2, puestos como pesos
#       de la capa.
