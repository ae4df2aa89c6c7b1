r"""
Campos receptivos, calculados y medidos
=======================================

Qué región de la imagen ve cada capa de las cuatro redes del libro, calculada
con las recurrencias del capítulo 3 y medida con el gradiente.

**Lo que aprenderás**

* A seguir el :term:`campo receptivo` capa por capa en LeNet-5, en la LeNet-5
  mejorada y en la CNN moderna del capítulo 6, que tiene ramas residuales.
* Por qué una suma de ramas ve la *unión* de lo que ven sus entradas.
* A comprobar el cálculo con una medición independiente: el gradiente de una
  unidad respecto de la imagen.
* Que el :term:`campo receptivo efectivo` de una red entrenada es mucho más
  chico que el teórico.
"""

# %%
# Las recurrencias, y qué cambia con las ramas
# --------------------------------------------
# En la lección del campo receptivo del capítulo 3 seguimos dos números por
# capa: el salto :math:`j_l` (cuántos píxeles de la entrada separan dos
# unidades vecinas) y el lado :math:`r_l` del campo,
#
# .. math::
#
#    j_l = j_{l-1}\, s_l, \qquad r_l = r_{l-1} + (k_l - 1)\, j_{l-1},
#
# con :math:`k_l` el núcleo y :math:`s_l` el paso de la capa. La CNN moderna no
# es una cadena: en cada etapa, la salida de la primera convolución se suma a
# la de la segunda (una conexión residual). La suma ve lo que ve cualquiera de
# sus dos entradas, así que su campo es la **unión** de ambos campos: el más
# grande, si están centrados en el mismo punto. ``receptive.receptive_fields``
# recorre el grafo de la red y aplica la regla que corresponde a cada capa.
# Para el campo sólo importa la arquitectura: construimos las cuatro redes sin
# entrenar.
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    ladder,
    models,
    modern,
    plots,
    receptive,
    report,
)

print(config.profile().describe())
networks = {
    "LeNet-5 (MNIST)": models.lenet5(),
    "LeNet-5 mejorada (MNIST)": models.lenet5_improved(),
    "LeNet-5 (CIFAR-10)": models.lenet5((32, 32, 3)),
    "CNN moderna (CIFAR-10)": modern.modern_cnn(**ladder.final_settings()["model"]),
}


def visible(row, side):
    """Lo que se puede medir: el campo de la unidad central, recortado a la imagen."""
    extent = []
    for start, n, jump, size, length in zip(
        row.start, row.output, row.jump, row.size, side, strict=True
    ):
        first = start + (n - 1) // 2 * jump
        extent.append(min(first + size, length) - max(first, 0))
    return tuple(extent)


# %%
# Capa por capa
# -------------
# Para cada red, una fila por capa que cambia la geometría: su tipo, el salto,
# el lado calculado y el lado medido con el gradiente (en una copia lineal de
# la red, con el mismo grafo y pesos 1: así ningún camino se cancela ni se
# apaga). Cuando el campo de la unidad central se sale de la imagen, el
# gradiente sólo puede mostrar la parte que cae dentro; la columna «visible»
# es el campo calculado recortado a la imagen.
tables, agree = {}, []
for label, model in networks.items():
    side = model.inputs[0].shape[1:3]
    rows = []
    for row in receptive.receptive_fields(model):
        measured = receptive.measured_receptive_field(model, row.name)
        agree.append(measured == visible(row, side))
        rows.append(
            [
                row.name,
                row.kind,
                str(row.jump[0]),
                str(row.size[0]),
                str(visible(row, side)[0]),
                str(measured[0]),
            ]
        )
    tables[label] = rows
    print(label)

report.Table(
    ["capa", "tipo", "salto", "campo calculado", "visible", "medido"],
    tables["LeNet-5 (MNIST)"],
)

# %%
report.Table(
    ["capa", "tipo", "salto", "campo calculado", "visible", "medido"],
    tables["LeNet-5 mejorada (MNIST)"],
)

# %%
report.Table(
    ["capa", "tipo", "salto", "campo calculado", "visible", "medido"],
    tables["LeNet-5 (CIFAR-10)"],
)

# %%
report.Table(
    ["capa", "tipo", "salto", "campo calculado", "visible", "medido"],
    tables["CNN moderna (CIFAR-10)"],
)

# %%
print(f"{sum(agree)} de {len(agree)} capas: el campo medido coincide con el calculado.")
claims.check(
    "en todas las capas de las cuatro redes, el campo medido con el gradiente "
    "coincide con el calculado (recortado a la imagen)",
    all(agree),
    capas=len(agree),
    coinciden=sum(agree),
)

# %%
# Cómo crece, visto
# -----------------
# El gradiente de la unidad central de cada capa de la CNN moderna, sobre la
# imagen de 32 x 32: la región iluminada es su campo receptivo. La rama
# residual no agranda el campo de la suma, y cada agrupamiento duplica lo que
# agrega la capa siguiente.
modern_net = networks["CNN moderna (CIFAR-10)"]
fields = receptive.receptive_fields(modern_net)
maps = [receptive.gradient_map(modern_net, row.name) > 0 for row in fields]
plots.image_grid(
    [m.astype(float) for m in maps],
    titles=[f"{row.name}\n{row.size[0]} px" for row in fields],
    ncols=4,
    panel_size=1.9,
    title="CNN moderna: campo receptivo de la unidad central de cada capa",
)

# %%
last = fields[-1]
print(
    f"La última capa espacial de la CNN moderna ({last.name}) tiene un campo de "
    f"{last.size[0]} px en una imagen de 32 px; la de LeNet-5 en CIFAR-10, "
    f"{receptive.receptive_fields(networks['LeNet-5 (CIFAR-10)'])[-1].size[0]} px."
)

# %%
# El campo efectivo: lo que de verdad pesa
# ----------------------------------------
# El campo teórico dice qué píxeles *pueden* influir en una unidad; no dice
# cuánto influyen. En una red entrenada, el gradiente de la unidad central de
# la última etapa respecto de imágenes reales se concentra en el centro del
# campo (:ref:`Luo et al., 2016 <ref-luo2016>` lo llaman campo receptivo
# efectivo): los píxeles del borde llegan por pocos caminos y los del centro,
# por muchos. Lo medimos con el modelo final del capítulo 6 (de la caché)
# sobre 64 fotos de prueba.
final = ladder.final()
_, (x_test, _) = data.load_cifar10()
photos = tf.constant(data.normalize(x_test[:64]))
inner = final.model.get_layer(last.name).output
probe = keras.Model(final.model.inputs, inner)
with tf.GradientTape() as tape:
    tape.watch(photos)
    out = tf.cast(probe(photos, training=False), "float32")
    centre = out[:, (out.shape[1] - 1) // 2, (out.shape[2] - 1) // 2, :]
    total = tf.reduce_sum(centre)
effective = np.abs(tape.gradient(total, photos).numpy()).sum(axis=(0, 3))
effective /= effective.sum()

# %%
# ¿Qué fracción del gradiente cae en un cuadrado centrado en el campo? Con un
# mapa de lado par no hay una unidad en el centro exacto: la «central» es la
# de índice :math:`\lfloor (n - 1)/2 \rfloor`, y su campo empieza en
# :math:`s + \lfloor (n - 1)/2 \rfloor\, j`, con el comienzo :math:`s` que
# da la tabla de la red.
first = last.start[0] + (last.output[0] - 1) // 2 * last.jump[0]
c = first + last.size[0] // 2  # centro del campo teórico (igual en ambos ejes)
print(
    f"Campo de la unidad: filas y columnas {first} a {first + last.size[0] - 1} "
    f"(centro en {c}); la imagen va de 0 a 31."
)
shares = {}
for half in (2, 4, 8):
    square = effective[c - half : c + half, c - half : c + half]
    shares[2 * half] = (square.size / effective.size, square.sum())
report.Table(
    ["cuadrado centrado en el campo", "del área", "del gradiente"],
    [
        [f"{n} x {n}", formatting.percent(area, 1), formatting.percent(share, 1)]
        for n, (area, share) in shares.items()
    ],
)

# %%
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
theory = receptive.gradient_map(modern_net, last.name) > 0
plots.image_grid(
    [theory.astype(float), effective / effective.max()],
    titles=["campo teórico", "campo efectivo (entrenada)"],
    ncols=2,
    cmap="cividis",
    axes=axes,
    title=f"CNN moderna, unidad central de {last.name}",
)

# %%
area, centre_share = shares[8]
print(
    f"El cuadrado de 8 x 8 centrado en el campo es {formatting.percent(area, 1)} "
    f"de la imagen y reúne {formatting.percent(centre_share, 1)} del gradiente."
)
claims.check(
    "el campo efectivo se concentra en el centro: el cuadrado de 8 x 8 centrado "
    "en el campo reúne más del doble de gradiente que su fracción del área",
    centre_share > 2 * area,
    fraccion=centre_share,
    area=area,
)

# %%
# Resumen
# -------
# * El campo receptivo sigue dos recurrencias: el salto se multiplica por el
#   paso; el lado crece :math:`(k - 1)` veces el salto anterior.
# * Donde se juntan ramas (una suma residual, una concatenación), el campo es
#   la unión de los de sus entradas.
# * El gradiente, en una copia lineal de la red, mide el mismo campo de forma
#   independiente; en la red entrenada, el gradiente se concentra en el centro:
#   el campo efectivo es más chico que el teórico.
#
# Ejercicios
# ----------
# 1. ¿Cuál sería el campo de la última capa espacial de la CNN moderna si las
#    etapas tuvieran tres convoluciones en lugar de dos?
#
#    .. dropdown:: Solución
#
#       Cada convolución de 3 x 3 agrega :math:`2 j` al campo, con :math:`j` el
#       salto de su etapa (1, 2 y 4): una más por etapa agrega
#       :math:`2 (1 + 2 + 4) = 14` píxeles. Compruébalo con
#       ``receptive.receptive_fields(modern.modern_cnn(convs_per_stage=3))``.
