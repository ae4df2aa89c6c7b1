r"""
Invariancia, medida
===================

Cuánta exactitud conservan las seis redes del libro cuando la imagen de prueba
se traslada, gira o cambia de tamaño.

**Lo que aprenderás**

* A medir la :term:`invariancia a traslaciones` de una red con un mapa de calor
  (*heat map*): una casilla por traslado (dy, dx), en todas las direcciones.
* Por qué una red convolucional no es invariante aunque sus convoluciones sean
  equivariantes: la cabeza densa y los bordes de la imagen rompen la simetría.
* Qué compra el :term:`aumento de datos`: una red tolera, sobre todo, lo que
  vio al entrenar, también con giros y cambios de escala.
"""

# %%
# Seis redes, ya entrenadas
# -------------------------
# En MNIST, el perceptrón multicapa del :ref:`capítulo 1 <capitulo-1>`, LeNet-5
# y la LeNet-5 mejorada del :ref:`capítulo 4 <capitulo-4>`; en CIFAR-10, el mismo
# perceptrón, LeNet-5 del ejercicio del capítulo 4 y la CNN moderna del
# :ref:`capítulo 6 <capitulo-6>`, todas de la caché. Como enseñó la lección
# «¿Por qué diverge un entrenamiento?», antes de leer sus números revisamos que
# sus pesos sean finitos.
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    interpret,
    ladder,
    models,
    plots,
    recipes,
    report,
    training,
)

print(config.profile().describe())
runs = {
    "MNIST": {
        "MLP": recipes.mlp_mnist(),
        "LeNet-5": recipes.lenet5_mnist(),
        "LeNet-5 mejorada": recipes.lenet5_improved(),
    },
    "CIFAR-10": {
        "MLP": recipes.mlp_cifar10(),
        "LeNet-5": recipes.lenet5_cifar10(),
        "CNN moderna": ladder.final(),
    },
}
finite = [
    all(np.isfinite(w).all() for w in run.model.get_weights())
    for group in runs.values()
    for run in group.values()
]
claims.check(
    "los pesos de las seis redes son finitos: ninguna divergió",
    all(finite),
    redes_sanas=sum(finite),
)

# %%
# Cada red se evalúa con una parte del conjunto de prueba, para que las
# mediciones (una evaluación por traslado, giro o escala) tomen segundos;
# ``training.memoize`` las guarda en la caché, con una clave que cubre los
# pesos, las imágenes y el código.
_, (x_digits, y_digits) = data.load_mnist()
_, (x_photos, y_photos) = data.load_cifar10()
tests = {
    "MNIST": (data.normalize(x_digits[:1000])[..., None], y_digits[:1000]),
    "CIFAR-10": (data.normalize(x_photos[:500]), y_photos[:500]),
}
ANGLES = [-45.0, -30.0, -15.0, 0.0, 15.0, 30.0, 45.0]
SCALES = [0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3]
shifts = list(range(-8, 9, 2))


def robustness(model, x, y, angles, scales):
    """Exactitud con la prueba trasladada, girada y escalada."""
    return {
        "shift": interpret.shift_accuracy_grid(model, x, y, max_shift=8, step=2),
        "rotation": interpret.transform_accuracy(model, x, y, "rotation", angles),
        "scale": interpret.transform_accuracy(model, x, y, "scale", scales),
    }


results = {name: {} for name in runs}
for name, group in runs.items():
    x, y = tests[name]
    for k, (label, run) in enumerate(group.items()):
        key = f"invariancia_{name.lower().replace('-', '')}_{k}"
        results[name][label] = training.memoize(
            key, robustness, model=run.model, x=x, y=y, angles=ANGLES, scales=SCALES
        ).value
sizes = " y ".join(formatting.integer(len(t[1])) for t in tests.values())
print(f"Imágenes de prueba (MNIST y CIFAR-10): {sizes}; {len(shifts) ** 2} traslados.")

# %%
# Dígitos trasladados en todas las direcciones
# --------------------------------------------
# La casilla central es la prueba sin mover; la de abajo a la derecha, los
# dígitos movidos 8 píxeles hacia abajo y 8 a la derecha. Una red invariante
# daría un mapa parejo; una que sólo reconoce los dígitos donde los vio, un
# mapa con el centro claro y el resto oscuro.
mnist = {label: r["shift"] for label, r in results["MNIST"].items()}
fig = plots.shift_accuracy_maps(
    mnist, shifts, title="MNIST: exactitud según el traslado (dy, dx) de la prueba"
)

# %%
side = np.abs(np.array(shifts))
ring = np.maximum.outer(side, side)  # el mayor de |dy| y |dx| de cada casilla
c, four = shifts.index(0), shifts.index(4)


def shift_row(label, grid, near=4):
    """Sin mover, en (4, 4), promedio hasta ``near`` px y promedio a 8 px."""
    values = (grid[c, c], grid[four, four], grid[ring <= near].mean())
    return [
        label,
        *(formatting.percent(v, 1) for v in (*values, grid[ring == 8].mean())),
    ]


columns = ["red", "sin mover", "(4, 4)", "promedio hasta 4 px", "promedio a 8 px"]
report.Table(columns, [shift_row(label, grid) for label, grid in mnist.items()])

# %%
# El derrumbe del capítulo 1 y la cura del capítulo 4, en una figura: el MLP
# y LeNet-5 aciertan sólo cerca del centro, y la mejorada conserva casi todo en
# un entorno amplio. En el borde del mapa, parte del trazo puede quedar fuera
# de la imagen: ahí ya no hay nada que reconocer.
mlp, lenet, best = (mnist[k] for k in ("MLP", "LeNet-5", "LeNet-5 mejorada"))
near = {label: grid[ring <= 4].mean() for label, grid in mnist.items()}
claims.check(
    "con 4 px en cada eje el MLP pierde más de 50 puntos, LeNet-5 acierta menos "
    "de la mitad y la mejorada pierde menos de 10; hasta 4 px en cualquier "
    "dirección, la mejorada acierta en promedio más de 20 puntos por encima de "
    "LeNet-5 y del MLP",
    mlp[c, c] - mlp[four, four] > 0.5
    and lenet[four, four] < 0.5
    and best[c, c] - best[four, four] < 0.1
    and near["LeNet-5 mejorada"] - max(near["MLP"], near["LeNet-5"]) > 0.2,
    mlp_4_4=mlp[four, four],
    lenet5_4_4=lenet[four, four],
    mejorada_4_4=best[four, four],
    mejorada_hasta_4=near["LeNet-5 mejorada"],
)
claims.check(
    "en el borde del mapa (8 px en algún eje), la mejorada conserva en promedio "
    "más exactitud que LeNet-5",
    best[ring == 8].mean() > lenet[ring == 8].mean(),
    mejorada=best[ring == 8].mean(),
    lenet5=lenet[ring == 8].mean(),
)

# %%
# ¿Por qué una CNN no es invariante?
# ----------------------------------
# Una convolución es equivariante (:term:`equivariancia a traslaciones`): si la
# imagen se mueve, su mapa de características se mueve igual, y el
# :term:`agrupamiento máximo` absorbe sólo movimientos menores que su ventana.
# La invariancia se rompe en dos lugares. La cabeza densa (*dense head*) aplana
# los mapas y tiene un peso para cada posición de cada mapa, como el MLP tenía
# uno por píxel: el mismo trazo en otra celda es otra entrada. Y en los bordes,
# lo que sale de la imagen se pierde y lo que entra es negro; el borde de ceros
# de la mejorada se agrega dentro del modelo, después del traslado, y no
# recupera el trazo perdido. La mejorada tiene la misma clase de cabeza que
# LeNet-5: lo que cambió es que su aumento de datos le enseñó que un dígito
# puede llegar corrido, girado o de otro tamaño.
block = models.AUGMENTATION_FACTORS
photo = runs["CIFAR-10"]["CNN moderna"].model.get_layer("aumento_fotos")
photo_px = photo.get_layer("traslacion").get_config()["height_factor"] * 32
print(
    f"Bloque de la clase (LeNet-5 mejorada): traslada hasta "
    f"{block['translation'] * 32:.2f} px, gira hasta {block['rotation'] * 360:.0f}° "
    f"y acerca o aleja hasta {formatting.percent(block['zoom'], 0)}."
)
print(f"Aumento para fotos (CNN moderna): traslada hasta {photo_px:.0f} px y refleja.")

# %%
# Fotos trasladadas
# -----------------
# En CIFAR-10 el objeto llena la foto: cualquier traslado corta una parte y
# mete una franja negra. La CNN moderna vio exactamente eso al entrenar (su
# aumento traslada rellenando con ceros) y, además, termina en un
# :term:`promedio global`: su cabeza no depende de dónde esté cada patrón.
cifar = {label: r["shift"] for label, r in results["CIFAR-10"].items()}
fig = plots.shift_accuracy_maps(
    cifar, shifts, title="CIFAR-10: exactitud según el traslado (dy, dx) de la prueba"
)

# %%
seen = round(photo_px)
report.Table(
    [*columns[:3], f"promedio hasta {seen} px", columns[4]],
    [shift_row(label, grid, near=seen) for label, grid in cifar.items()],
)

# %%
# Las redes no parten de la misma exactitud: comparamos la fracción que cada
# una conserva, en promedio, dentro de los traslados que la CNN moderna vio.
kept = {label: grid[ring <= seen].mean() / grid[c, c] for label, grid in cifar.items()}
print(" · ".join(f"{k}: conserva {formatting.percent(v, 1)}" for k, v in kept.items()))
modern_map = cifar["CNN moderna"]
claims.check(
    "dentro de los traslados que vio al entrenar, la CNN moderna pierde en "
    "promedio menos de 10 puntos y conserva una fracción mayor de su exactitud "
    "que el MLP y que LeNet-5; más allá (8 px en algún eje) acierta menos",
    modern_map[c, c] - modern_map[ring <= seen].mean() < 0.1
    and kept["CNN moderna"] > max(kept["MLP"], kept["LeNet-5"])
    and modern_map[ring == 8].mean() < modern_map[ring <= seen].mean(),
    mlp=kept["MLP"],
    lenet5=kept["LeNet-5"],
    moderna=kept["CNN moderna"],
)

# %%
# Giros y cambios de escala
# -------------------------
# Las mismas imágenes, giradas alrededor de su centro (positivo: antihorario) o
# escaladas (mayor que 1: acercar), con interpolación bilineal y negro fuera.
fig, axes = plt.subplots(2, 2, figsize=(11, 7.5), layout="constrained")
panels = (("rotation", ANGLES, "giro (grados)"), ("scale", SCALES, "factor de escala"))
for row, name in enumerate(results):
    for col, (kind, values, xlabel) in enumerate(panels):
        plots.line_chart(
            values,
            {label: r[kind] for label, r in results[name].items()},
            xlabel=xlabel,
            ylabel="Exactitud",
            title=f"{name}: {xlabel}",
            percent=True,
            xticks=values,
            ax=axes[row, col],
        )
fig.suptitle("Exactitud con la prueba girada o escalada")


# %%
def both(values, angle):
    """Exactitud promedio con el giro ``angle`` en los dos sentidos."""
    return (values[ANGLES.index(-angle)] + values[ANGLES.index(angle)]) / 2


zero = ANGLES.index(0.0)  # sin girar: la exactitud de la prueba original
rows = []
for name, group in results.items():
    for label, r in group.items():
        rot, sc = r["rotation"], r["scale"]
        values = (rot[zero], both(rot, 30.0), both(rot, 45.0), sc[0], sc[-1])
        rows.append([name, label, *(formatting.percent(v, 1) for v in values)])
report.Table(["datos", "red", "sin cambio", "±30°", "±45°", "×0.7", "×1.3"], rows)

# %%
# El patrón se repite: una red tolera lo que le mostró su aumento. La mejorada
# vio giros y acercamientos; la CNN moderna vio traslados y espejos, pero
# nunca un giro.
rotated = {label: both(r["rotation"], 30.0) for label, r in results["MNIST"].items()}
zoom = dict(zip(SCALES, results["MNIST"]["LeNet-5 mejorada"]["scale"]))
claims.check(
    "en MNIST, con ±30° la mejorada acierta más que LeNet-5 y que el MLP, y con "
    "las escalas 0.9 y 1.1 (dentro de lo que vio) pierde menos de 5 puntos",
    rotated["LeNet-5 mejorada"] > max(rotated["MLP"], rotated["LeNet-5"])
    and zoom[1.0] - min(zoom[0.9], zoom[1.1]) < 0.05,
    mejorada_30=rotated["LeNet-5 mejorada"],
    lenet5_30=rotated["LeNet-5"],
    escala_0_9=zoom[0.9],
    escala_1_1=zoom[1.1],
)
spun = results["CIFAR-10"]["CNN moderna"]["rotation"]
claims.check(
    "la CNN moderna, que nunca vio un giro, pierde más de 10 puntos con ±45°",
    spun[zero] - both(spun, 45.0) > 0.1,
    sin_giro=spun[zero],
    con_45=both(spun, 45.0),
)

# %%
# Resumen
# -------
# * Un mapa de exactitud por traslado muestra cuánto tolera una red: el MLP
#   sólo acierta cerca de donde vio los dígitos (el derrumbe del capítulo 1) y
#   la LeNet-5 mejorada conserva casi todo en un entorno amplio (la cura del
#   capítulo 4).
# * Las convoluciones son equivariantes, pero la red completa no es invariante:
#   la cabeza densa ve posiciones y en los bordes se pierde imagen. El promedio
#   global de la CNN moderna quita la primera causa; la segunda queda.
# * La tolerancia se aprende: cada red resiste sobre todo las transformaciones
#   que su aumento de datos le mostró, y pierde exactitud fuera de ellas.
#
# Ejercicios
# ----------
# 1. La CNN moderna se entrenó con espejos horizontales. Mide su exactitud con
#    las fotos reflejadas y compárala con la de LeNet-5, que no los vio.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          x, y = tests["CIFAR-10"]
#          for label, run in runs["CIFAR-10"].items():
#              print(label, training.accuracy(run.model, x, y),
#                    training.accuracy(run.model, x[:, :, ::-1], y))
#
#       El espejo de una foto es otra foto plausible, pero nada obliga a una
#       red a tratarla igual si no la vio al entrenar. Lo que la CNN moderna
#       pierda de menos que LeNet-5 es, en parte, lo que compró el espejo del
#       aumento (las dos redes difieren también en todo lo demás).
#
# 2. Ignorando los bordes, ¿con qué traslados sería exactamente invariante la
#    CNN moderna, con sus tres agrupamientos de 2 y su promedio global?
#
#    .. dropdown:: Solución
#
#       Con los múltiplos de :math:`2^3 = 8` píxeles: un traslado así mueve los
#       mapas de cada etapa un número entero de celdas (8 → 4 → 2 → 1), y el
#       promedio global no ve dónde están. Con 2, 4 o 6 píxeles las ventanas
#       del agrupamiento reúnen otros vecinos y la salida puede cambiar. Los
#       mapas de arriba miden las dos cosas juntas: agrupamiento y bordes.
