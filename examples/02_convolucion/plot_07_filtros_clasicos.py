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
* Que dos kernels de las diapositivas tienen erratas, cómo se detectan, cuál
  fue probablemente la intención y qué versiones usa este libro.
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

from cnnbook import claims, config, data, ops, plots

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
# * **Laplaciano diagonal**: la suma de los ocho vecinos (diagonales incluidas)
#   menos ocho veces el píxel central. Es la aproximación discreta del
#   laplaciano :math:`\nabla^2 I = \partial^2 I/\partial x^2 + \partial^2
#   I/\partial y^2`, una segunda derivada: responde a los bordes en cualquier
#   dirección y a los puntos aislados, y es negativo donde un píxel es más
#   claro que su entorno. (Otros textos usan el mismo kernel con todos los
#   signos cambiados, −8 por 8 en el centro; detecta lo mismo.)
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
# Los bigotes, casi horizontales, resaltan con el gradiente horizontal y se ven
# mucho más débiles con el vertical; el laplaciano, que no prefiere ninguna
# orientación, los marca igual que al resto de los bordes. Lo medimos en la
# zona de los bigotes de la izquierda (filas 220 a 294, columnas 0 a 129):
whiskers = (slice(220, 295), slice(0, 130))
mean_response = {
    name: float(np.abs(ops.conv2d(cat, edges[name]))[whiskers].mean())
    for name in ("gradiente_horizontal", "gradiente_vertical")
}
print(
    "Respuesta media en los bigotes: "
    + " · ".join(f"{n.replace('_', ' ')} {v:.1f}" for n, v in mean_response.items())
)
claims.check(
    "en la zona de los bigotes el gradiente horizontal responde más de 1.5 "
    "veces lo que el vertical",
    mean_response["gradiente_horizontal"] > 1.5 * mean_response["gradiente_vertical"],
    razón=mean_response["gradiente_horizontal"] / mean_response["gradiente_vertical"],
)

# %%
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
# Cuánto cambia cada uno, en promedio, cada píxel del recorte:
inner = face[1:-1, 1:-1].astype(float)  # los píxeles que conserva la salida
change = {
    name: float(np.abs(ops.conv2d(face, ops.KERNELS[name]) - inner).mean())
    for name in ("desenfoque", "realce")
}
print(
    f"Cambio medio por píxel: desenfoque {change['desenfoque']:.1f} y realce "
    f"{change['realce']:.1f} niveles de gris (de 0 a 255)"
)
claims.check(
    "el realce cambia la imagen más del doble que el desenfoque",
    change["realce"] > 2 * change["desenfoque"],
    razón=change["realce"] / change["desenfoque"],
)

# %%
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
#   no es simétrico y tampoco suma 0, así que no es un laplaciano. Más abajo
#   vemos qué kernel quiso escribir probablemente.
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
# ¿Qué quiso escribir la diapositiva?
# -----------------------------------
# El laplaciano de la diapositiva está a **una** casilla de otro kernel
# clásico: el de la derivada cruzada :math:`\partial^2 I / \partial x\,\partial y`,
# :math:`\begin{bmatrix} 1 & 0 & -1 \\ 0 & 0 & 0 \\ -1 & 0 & 1 \end{bmatrix}`,
# que también suma 0. Del laplaciano de ocho vecinos está mucho más lejos:
slide_laplacian = ops.SLIDE_KERNELS["laplaciano_diagonal"]
cross = np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]])
laplacian_8 = ops.KERNELS["laplaciano_diagonal"]
differ = {
    "de la derivada cruzada": int(np.sum(slide_laplacian != cross)),
    "del laplaciano de ocho vecinos": int(np.sum(slide_laplacian != laplacian_8)),
}
for name, count in differ.items():
    print(f"La diapositiva difiere {name} en {count} de 9 casillas")

# %%
# Los dos hacen cosas distintas. Sobre tres bordes rectos, uno vertical, uno
# horizontal y uno diagonal (cada imagen es 0 de un lado y 1 del otro), medimos
# la respuesta más fuerte de cada kernel:
rows, cols = np.mgrid[:9, :9]
step_edges = {
    "vertical": (cols >= 4).astype(float),
    "horizontal": (rows >= 4).astype(float),
    "diagonal": (rows + cols >= 8).astype(float),
}
kernels = {"derivada cruzada": cross, "laplaciano de ocho vecinos": laplacian_8}
peak = {
    (k, e): float(np.abs(ops.conv2d(img, kern)).max())
    for k, kern in kernels.items()
    for e, img in step_edges.items()
}
for k in kernels:
    print(f"{k:27s}" + " · ".join(f"{e} {peak[k, e]:.0f}" for e in step_edges))
fig = plots.filter_results(
    camera,
    {"derivada cruzada": cross, "laplaciano de ocho vecinos": laplacian_8},
    ncols=2,
    title="Las dos lecturas del «laplaciano diagonal» sobre «camera»",
)

# %%
# La derivada cruzada es cero en los bordes horizontales y verticales (una
# imagen que sólo cambia en un eje no tiene derivada cruzada) y responde sólo a
# la estructura diagonal: es un detector de diagonales, y eso sugiere la
# palabra «diagonal» del nombre. El laplaciano de ocho vecinos responde a los
# tres bordes.
claims.check(
    "la derivada cruzada da 0 en los bordes vertical y horizontal y responde al "
    "diagonal; el laplaciano responde a los tres",
    peak["derivada cruzada", "vertical"] == 0
    and peak["derivada cruzada", "horizontal"] == 0
    and peak["derivada cruzada", "diagonal"] > 0
    and min(peak["laplaciano de ocho vecinos", e] for e in step_edges) > 0,
)

# %%
# Por las casillas, lo más probable es que la diapositiva quisiera la derivada
# cruzada: basta una errata en una casilla para llegar de ella a lo impreso.
# Por el nombre y por su lugar en la clase, junto a los gradientes como
# detector de bordes, quería un laplaciano. El libro conserva en
# ``ops.KERNELS["laplaciano_diagonal"]`` el laplaciano de ocho vecinos: es el
# único de los dos que es un laplaciano y el que detecta bordes en cualquier
# dirección, que es lo que el nombre promete. La derivada cruzada queda aquí,
# con su propio nombre, para quien quiera un detector de diagonales.
#
# En el resto del libro, ``ops.KERNELS`` contiene estas versiones: los
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
#   1; el libro usa los estándar, que suman 0. El laplaciano de la diapositiva
#   está a una casilla de la derivada cruzada, un detector de diagonales; el
#   libro conserva el laplaciano de ocho vecinos, que hace lo que dice el
#   nombre.
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
