"""
Filtros clásicos
================

Identidad, desenfoque, realce, gradientes y laplaciano sobre fotografías reales.

**Lo que aprenderás**

* Qué hacen los seis kernels clásicos de la clase (identidad, desenfoque,
  realce, gradientes horizontal y vertical, laplaciano diagonal) sobre
  fotografías reales.
* Por qué la suma de los pesos de un kernel dice tanto: los que suman 1
  conservan el brillo y los que suman 0 sólo responden a los cambios.
* Que dos kernels de las diapositivas tienen erratas, cómo se detectan y cuáles
  son las versiones estándar que usa este libro.
"""

# %%
# Distintos pesos, distintos efectos
# ----------------------------------
# La clase lo resume así: distintos valores de los pesos de un kernel
# enfatizan, atenúan o transforman patrones visuales, y producen resultados
# tan diversos como la detección de bordes, el suavizado, el realce de
# texturas o la supresión de ruido. Se conocen decenas de kernels de este tipo;
# ``ops.KERNELS`` guarda los seis de la clase.
import numpy as np
import skimage.data

from cnnbook import config, data, ops, plots

print(config.profile().describe())
for name, kernel in ops.KERNELS.items():
    print(f"{name}:\n{np.array2string(kernel, precision=3)}\n")

# %%
# Las fotografías
# ---------------
# Usamos tres fotos de ``skimage.data``: un fotógrafo (``camera``, ya en escala
# de grises), una gata (``chelsea``) y una astronauta (``astronaut``). Las dos
# últimas son a color; como cada kernel de esta lección es plano (de 3 x 3),
# las pasamos a :term:`escala de grises` con ``data.to_grayscale``. La del fotógrafo
# se reduce a la mitad para que los detalles se vean en la figura.
camera = data.resize(skimage.data.camera()[None], (256, 256))[0]
cat = data.to_grayscale(skimage.data.chelsea())
face = data.to_grayscale(skimage.data.astronaut())[60:200, 160:280]
for name, img in (("fotógrafo", camera), ("gata", cat), ("astronauta", face)):
    print(f"{name}: {img.shape}, {img.dtype}, de {img.min()} a {img.max()}")

# %%
# Los seis kernels sobre una foto
# -------------------------------
# Cada pareja de la figura muestra un kernel, con sus pesos y su suma, y la
# foto filtrada. Los resultados de los kernels que suman 1 se dibujan en grises
# con el rango de la foto (0 a 255); los de los kernels que suman 0 tienen
# signo, y se dibujan en rojo (positivo) y azul (negativo), con blanco en 0.
fig = plots.filter_results(
    camera, dict(ops.KERNELS), ncols=2, title="Los kernels clásicos sobre «camera»"
)

# %%
# * **Identidad**: sólo el peso central vale 1, así que cada píxel se copia tal
#   cual (salvo el borde de un píxel que se pierde, como vimos en la lección
#   anterior).
# * **Desenfoque** (*blur*): cada píxel se reemplaza por el promedio de su
#   vecindad de 3 x 3. Atenúa el ruido y los detalles finos.
# * **Realce** (*sharpen*): exagera la diferencia entre cada píxel y sus
#   cuatro vecinos, así que los bordes se ven más nítidos (y el ruido también).
# * **Gradiente horizontal**: la fila de abajo menos la de arriba. Responde a
#   los bordes **horizontales**, donde la imagen cambia al bajar: el borde del
#   abrigo contra el pasto, los hombros.
# * **Gradiente vertical**: la columna derecha menos la izquierda. Responde a
#   los bordes **verticales**, como las patas del trípode.
# * **Laplaciano diagonal**: ocho veces el píxel central contra sus ocho
#   vecinos (diagonales incluidas), con el signo invertido. Es una segunda
#   derivada: responde a los bordes en cualquier dirección y a los puntos
#   aislados.
#
# El realce es la identidad menos un laplaciano (el de cuatro vecinos, sin
# diagonales): a la imagen original se le resta su segunda derivada, lo que
# acentúa los cambios.
laplacian_4 = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
print(
    "¿realce == identidad − laplaciano de 4 vecinos?",
    np.array_equal(ops.KERNELS["realce"], ops.KERNELS["identidad"] - laplacian_4),
)

# %%
# Bordes de una gata
# ------------------
# Los detectores de bordes sobre una foto con mucha textura: el pelaje, los
# bigotes y los ojos.
edges = {
    name: ops.KERNELS[name]
    for name in ("gradiente_horizontal", "gradiente_vertical", "laplaciano_diagonal")
}
fig = plots.filter_results(
    cat, edges, ncols=1, title="Detectores de bordes sobre «chelsea»"
)

# %%
# Los bigotes, casi horizontales, resaltan con el gradiente horizontal y casi
# desaparecen con el vertical; el laplaciano los marca con cualquier
# orientación, como líneas dobles (una roja y una azul a cada lado del trazo).
#
# Suavizar y realzar un rostro
# ----------------------------
fig = plots.filter_results(
    face,
    {name: ops.KERNELS[name] for name in ("identidad", "desenfoque", "realce")},
    ncols=3,
    title="Identidad, desenfoque y realce sobre un recorte de «astronaut»",
)

# %%
# El desenfoque de 3 x 3 es sutil (el primer ejercicio lo aplica varias
# veces); el realce, en cambio, acentúa la textura del cabello y de la piel.
#
# La suma de los pesos
# --------------------
# Sobre una zona de intensidad constante :math:`a`, la salida de un kernel es
# :math:`a \sum_{m,n} K(m, n)`: la intensidad por la suma de los pesos. Por eso
# hay dos familias:
#
# * los kernels que **suman 1** (identidad, desenfoque, realce) devuelven la
#   misma intensidad y conservan el brillo medio de la imagen;
# * los que **suman 0** (gradientes y laplaciano) devuelven 0 donde no hay
#   cambios: sólo responden a los bordes. Son detectores de bordes.
#
# Lo comprobamos con una zona uniforme de 5 x 5 píxeles que valen 100:
flat = np.full((5, 5), 100)
for name, kernel in ops.KERNELS.items():
    out = ops.conv2d(flat, kernel)
    print(
        f"{name:21s} suma = {round(kernel.sum(), 12) + 0.0:4.1f} · "
        f"sobre la zona uniforme da {round(out[0, 0], 9) + 0.0:6.1f}"
    )

# %%
# Dos erratas de las diapositivas
# -------------------------------
# Dos de los kernels que imprimen las diapositivas no suman lo que deberían.
# ``ops.SLIDE_KERNELS`` los guarda tal como aparecen:
for name, kernel in ops.SLIDE_KERNELS.items():
    print(f"{name} (diapositiva):\n{kernel}")
    print(
        f"suma = {kernel.sum():g} · sobre la zona uniforme da "
        f"{ops.conv2d(flat, kernel)[0, 0]:g}\n"
    )

# %%
# * El **gradiente horizontal** de la diapositiva tiene un 1 en el centro,
#   donde el estándar (el de Prewitt) tiene un 0. Esa diferencia es justo un
#   kernel identidad: la versión de la diapositiva suma la imagen original al
#   gradiente.
# * El **laplaciano diagonal** de la diapositiva,
#   :math:`\begin{bmatrix} 1 & 0 & -1 \\ 0 & 0 & 1 \\ -1 & 0 & 1 \end{bmatrix}`,
#   no es simétrico y tampoco suma 0, así que no es un laplaciano. El
#   estándar que incluye las diagonales es el de ocho vecinos, con -8 en el
#   centro.
diff = ops.SLIDE_KERNELS["gradiente_horizontal"] - ops.KERNELS["gradiente_horizontal"]
print("Diapositiva − estándar (gradiente horizontal):\n", diff)
print("¿Es la identidad?", np.array_equal(diff, ops.KERNELS["identidad"]))

# %%
# Como suman 1 y no 0, sobre una zona uniforme devuelven la intensidad en lugar
# de cero: la imagen original sigue ahí, con los bordes superpuestos como un
# relieve. La figura los pone junto a las versiones estándar (la figura elige
# los grises o el rojo y azul según la suma, así que la diferencia salta a la
# vista):
fig = plots.filter_results(
    camera,
    {
        "gradiente horizontal (diapositiva)": ops.SLIDE_KERNELS["gradiente_horizontal"],
        "gradiente horizontal (estándar)": ops.KERNELS["gradiente_horizontal"],
        "laplaciano diagonal (diapositiva)": ops.SLIDE_KERNELS["laplaciano_diagonal"],
        "laplaciano diagonal (estándar)": ops.KERNELS["laplaciano_diagonal"],
    },
    ncols=2,
    title="Versiones de la diapositiva frente a las estándar",
)

# %%
# En el resto del libro, ``ops.KERNELS`` contiene las versiones estándar: los
# detectores de bordes suman 0.
#
# Resumen
# -------
# * Un kernel de 3 x 3 basta para copiar, suavizar, realzar o detectar bordes
#   con cierta orientación; lo decide el valor de sus nueve pesos.
# * La suma de los pesos es la respuesta a una zona uniforme de intensidad 1:
#   los kernels que suman 1 conservan el brillo; los que suman 0 detectan
#   cambios.
# * El gradiente horizontal y el laplaciano diagonal de las diapositivas suman
#   1; el libro usa los estándar, que suman 0.
#
# Ejercicios
# ----------
# 1. Aplica el kernel de desenfoque cinco veces seguidas a la cara de la
#    astronauta. ¿A qué único kernel equivale? (Pista: convoluciona el kernel
#    de desenfoque consigo mismo con ``padding="same"`` sobre un arreglo de
#    ceros con un 1 en el centro.)
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          blurred = face.astype(float)
#          for _ in range(5):
#              blurred = ops.conv2d(blurred, ops.KERNELS["desenfoque"])
#          impulse = np.zeros((11, 11))
#          impulse[5, 5] = 1
#          equivalent = impulse
#          for _ in range(5):
#              equivalent = ops.conv2d(equivalent, ops.KERNELS["desenfoque"], padding="same")
#          print(blurred.shape, np.allclose(blurred, ops.conv2d(face, equivalent)))
#
#       Cinco desenfoques de 3 x 3 equivalen a un solo kernel de 11 x 11 (cada
#       uno agrega un píxel por lado), con forma de campana: los píxeles
#       cercanos pesan más que los lejanos. Aplicar convoluciones en cadena
#       agranda el campo receptivo, una idea que volverá con las capas
#       apiladas.
#
# 2. El kernel de Sobel es como el de gradiente vertical, pero la fila central
#    pesa el doble: ``[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]``. ¿Cuánto suma?
#    Compáralo con el de la clase sobre ``camera``.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
#          fig = plots.filter_results(
#              camera, {"Prewitt": ops.KERNELS["gradiente_vertical"], "Sobel": sobel}
#          )
#
#       Suma 0, así que también es un detector de bordes. Al dar más peso a la
#       fila central, suaviza un poco en la dirección del borde y es algo menos
#       sensible al ruido; los mapas son casi iguales.
#
# 3. Diseña un kernel de 3 x 3 que responda a los bordes diagonales que suben
#    hacia la derecha (a 45°) y pruébalo.
#
#    .. dropdown:: Solución
#
#       Basta con poner pesos negativos de un lado de la diagonal y positivos
#       del otro, con ceros sobre ella; suma 0:
#
#       .. code-block:: python
#
#          diagonal = np.array([[-1, -1, 0], [-1, 0, 1], [0, 1, 1]])
#          fig = plots.filter_results(camera, {"diagonal a 45°": diagonal})
