r"""
Qué activa a cada filtro
========================

Los recortes de prueba que más excitan a unidades de cada capa y la imagen que
el ascenso por el gradiente fabrica para excitarlas, en LeNet-5 (MNIST) y en la
CNN moderna del capítulo 6 (CIFAR-10).

**Lo que aprenderás**

* A buscar, entre miles de imágenes de prueba, los recortes que más activan a
  una unidad, y por qué cada recorte mide lo mismo que su :term:`campo
  receptivo`.
* A fabricar una imagen que active mucho a una unidad con un ascenso por el
  gradiente sobre la imagen: la maximización de la activación (*activation
  maximization*).
* Por qué ese ascenso necesita un regularizador y qué hace el que usa el libro.
* A comparar lo que excita a las unidades de la primera y de la última capa.
"""

# %%
# Una unidad y lo que ve
# ----------------------
# Un :term:`filtro` produce un :term:`mapa de características`; cada posición
# :math:`(p, q)` del mapa es una **unidad**, con activación
# :math:`A_u^{pq}(x)` ante la imagen :math:`x` (:math:`u` es el canal). Todas
# las unidades de un canal aplican el mismo filtro en lugares distintos: para
# saber qué detecta, se busca dónde responde más entre todas las imágenes y
# posiciones (:ref:`Zeiler y Fergus, 2014 <ref-zeiler2014>`),
#
# .. math::
#
#    (n^\star, p^\star, q^\star) = \arg\max_{n,\,p,\,q}\; A_u^{pq}(x_n).
#
# La unidad :math:`(p^\star, q^\star)` sólo ve su campo receptivo: el cuadrado
# de lado :math:`r_l` que empieza en la fila :math:`s + p^\star j_l` y la
# columna :math:`s + q^\star j_l`, con el salto :math:`j_l`, el lado
# :math:`r_l` y el comienzo :math:`s` que ``receptive.receptive_fields``
# calculó en la lección de campos receptivos. Ese cuadrado de
# :math:`x_{n^\star}` (con ceros donde se sale de la imagen) es todo lo que
# explica la activación; ``interpret.top_patches`` devuelve los :math:`k`
# mejores. Miramos las convoluciones de LeNet-5 y las sumas residuales de las
# etapas de la CNN moderna: son salidas de una ReLU o sumas de ellas, nunca
# negativas, así que una activación grande indica que el patrón está presente.
import keras
import matplotlib.pyplot as plt
import numpy as np

from cnnbook import (
    claims,
    config,
    data,
    formatting,
    interpret,
    ladder,
    modern,
    plots,
    receptive,
    recipes,
    report,
)

print(config.profile().describe())
N_IMAGES, UNITS, K = 2000, 6, 6  # imágenes de prueba, unidades por capa, recortes
# El modelo final calcula en precisión mixta (bfloat16) si el procesador lo
# permite; para medir activaciones y seguir su gradiente usamos una copia en
# float32 con los mismos pesos.
cnn = modern.modern_cnn(**{**ladder.final_settings()["model"], "precision": "float32"})
cnn.set_weights(ladder.final().model.get_weights())
_, (mnist_test, _) = data.load_mnist()
_, (cifar_test, _) = data.load_cifar10()
networks = {  # red -> (modelo, tipo de capa que miramos, imágenes de prueba)
    "LeNet-5 (MNIST)": (
        recipes.lenet5_mnist().model,
        "Conv2D",
        data.normalize(mnist_test[:N_IMAGES])[..., None],
    ),
    "CNN moderna (CIFAR-10)": (cnn, "Add", data.normalize(cifar_test[:N_IMAGES])),
}
fields, rows = {}, []
for label, (model, kind, _) in networks.items():
    chosen = [r for r in receptive.receptive_fields(model) if r.kind == kind]
    fields[label] = {r.name: r for r in chosen}
    rows += [[label, r.name, str(r.jump[0]), str(r.size[0])] for r in chosen]
report.Table(["red", "capa", "salto (px)", "campo (px)"], rows)


# %%
# Una sola pasada por la red guarda, para cada canal, su máximo en cada imagen
# y su media en todas las posiciones; con eso se eligen las imágenes que
# recibe ``top_patches`` y se mide qué tan selectiva es cada unidad.
def layer_stats(model, names, images, batch=500):
    """Por capa: el máximo de cada canal en cada imagen, ``(N, canales)``, y la
    media de cada canal sobre todas las posiciones de todas las imágenes."""
    probe = keras.Model(model.inputs[0], [model.get_layer(n).output for n in names])
    maxima, sums = {n: [] for n in names}, dict.fromkeys(names, 0.0)
    for start in range(0, len(images), batch):
        outs = probe(images[start : start + batch], training=False)
        for name, out in zip(names, outs, strict=True):
            out = np.asarray(out)
            maxima[name].append(out.max(axis=(1, 2)))
            sums[name] = sums[name] + out.mean(axis=(1, 2), dtype=np.float64).sum(0)
    return {n: (np.concatenate(maxima[n]), sums[n] / len(images)) for n in names}


def show(rows, title, row_labels=None, col_titles=None):
    """Una fila de imágenes por unidad, en grises o a color (``image_grid``
    sólo dibuja imágenes de un canal)."""
    nrows, ncols = len(rows), len(rows[0])
    size = (1.3 * ncols + 0.8, 1.3 * nrows + 0.7)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, layout="constrained")
    axes = np.reshape(axes, (nrows, ncols))  # también con una sola fila
    for r, images in enumerate(rows):
        for c, im in enumerate(images):
            top = None if r or col_titles is None else col_titles[c]
            plots.image(im, top, ax=axes[r, c])
        if row_labels:
            axes[r, 0].set_ylabel(row_labels[r])
    fig.suptitle(title)
    return fig


results = {}  # (red, capa) -> unidades, mejores / promedio, mejor activación


def explore(label):
    """Las rejillas de recortes de cada capa de ``label``: las primeras UNITS
    unidades que se activan alguna vez (una unidad muerta no tiene qué mostrar)."""
    model, _, images = networks[label]
    for name, (maxima, mean) in layer_stats(model, list(fields[label]), images).items():
        units = np.flatnonzero(maxima.max(axis=0) > 0)[:UNITS]
        # Los K mejores recortes están entre las K imágenes de mayor máximo, y
        # top_patches pasa por la red todas las que recibe: le damos sólo ésas.
        tops = [np.sort(np.argsort(-maxima[:, u])[:K]) for u in units]
        found = [
            interpret.top_patches(model, name, images[t], int(u), k=K)
            for t, u in zip(tops, units, strict=True)
        ]
        size = fields[label][name].size[0]
        show(
            [patches for patches, _ in found],
            f"{label}, {name} (campo de {size} px): los {K} mejores recortes",
            row_labels=[f"unidad {u}" for u in units],
        )
        ratio = [v.mean() / mean[u] for (_, v), u in zip(found, units, strict=True)]
        best = [v[0] for _, v in found]
        results[label, name] = units, np.array(ratio), np.array(best)


# %%
# Los recortes que más activan a cada unidad
# ------------------------------------------
# Cada fila es una unidad; cada columna, uno de sus mejores recortes, de mayor
# a menor activación. El lado de los recortes es el campo de la primera
# tabla: en LeNet-5, la segunda convolución ve cuadrados más grandes que la
# primera.
explore("LeNet-5 (MNIST)")

# %%
# En la CNN moderna los recortes crecen de etapa en etapa, como el campo de
# la primera tabla; donde el campo se sale de la foto, el recorte lleva
# ceros (negro).
explore("CNN moderna (CIFAR-10)")

# %%
# ¿Son selectivas las unidades? Para cada una, cuántas veces su activación
# media en los mejores recortes supera a su activación media en todas las
# posiciones de todas las imágenes; la tabla da la mediana y el mínimo de
# cada capa.
rows, ratios = [], []
for (label, name), (_, ratio, _) in results.items():
    ratios.extend(ratio)
    cells = [formatting.number(v, 1) for v in (np.median(ratio), ratio.min())]
    rows.append([label, name, *cells])
report.Table(["red", "capa", "mediana (veces)", "mínimo (veces)"], rows)

# %%
claims.check(
    "para la unidad típica (la mediana de todas las mostradas), los mejores "
    "recortes la activan más del doble que una posición cualquiera en promedio",
    np.median(ratios) > 2,
    mediana=float(np.median(ratios)),
    unidades=len(ratios),
)

# %%
# Una imagen hecha a medida
# -------------------------
# En lugar de buscar la entrada entre las que ya tenemos, podemos fabricarla
# (:ref:`Erhan y colaboradores, 2009 <ref-erhan2009>`):
# ``interpret.maximize_activation`` parte del
# gris con un ruido leve y sube por el gradiente de la unidad central del mapa,
#
# .. math::
#
#    J(x) = A_u^{pq}(x) - \lambda \lVert x - 0.5 \rVert^2, \qquad
#    x \leftarrow \min\!\Big(1, \max\!\Big(0,\; x + \eta\,
#    \frac{\nabla_x J(x)}{\mathrm{RMS}(\nabla_x J(x))}\Big)\Big),
#
# y cada ``BLUR`` pasos suaviza la imagen. Dividir por la media cuadrática
# (RMS) del gradiente hace que el paso no dependa de la escala de la
# activación, muy distinta de una capa a otra; el mínimo y el máximo mantienen
# los píxeles en :math:`[0, 1]`. Sin regularizar, el ascenso sube la
# activación por el camino más barato: un ruido de alta frecuencia, píxel a
# píxel, que no se parece a nada. Los dos regularizadores
# (:ref:`Yosinski y colaboradores, 2015 <ref-yosinski2015>`) lo contienen: la
# penalización
# :math:`\lambda \lVert x - 0.5 \rVert^2` tira de cada píxel hacia el gris, y
# el suavizado (el núcleo binomial :math:`[1, 2, 1]/4` en cada eje, un
# gaussiano leve) borra lo que cambia de un píxel al vecino y deja pasar las
# formas más grandes. Fuera del campo receptivo de la unidad el gradiente de
# la activación es cero: esos píxeles sólo los mueve el regularizador. Lo
# hacemos con las unidades de la última capa de cada red.
STEPS, RATE, L2, BLUR = 160, 0.05, 1e-3, 4


def synthesize(model, name, units, steps=STEPS, **options):
    """La imagen que maximiza cada unidad y la activación de la unidad central,
    la que ``maximize_activation`` optimiza."""
    options = {"learning_rate": RATE, "l2": L2, "blur_every": BLUR, **options}
    layer = model.get_layer(name)
    probe = keras.Model(model.inputs[0], layer.output)
    p, q = ((n - 1) // 2 for n in layer.output.shape[1:3])
    maximize = interpret.maximize_activation
    images = np.stack(
        [maximize(model, name, int(u), steps=steps, **options) for u in units]
    )
    acts = np.asarray(probe(images, training=False))
    return images, acts[np.arange(len(units)), p, q, units]


synth = {}
for label, (model, _, _) in networks.items():
    name = list(fields[label])[-1]
    units, _, best = results[label, name]
    start, start_act = synthesize(model, name, units, steps=0)  # el gris de partida
    images, act = synthesize(model, name, units)
    synth[label] = dict(name=name, units=units, start=start[0], images=images)
    synth[label].update(start_act=start_act, act=act, best=best)
    show(
        [list(images)],
        f"{label}, {name}: la imagen que maximiza cada unidad",
        col_titles=[f"unidad {u}" for u in units],
    )

# %%
# La activación de cada unidad ante el gris de partida, ante la imagen
# sintetizada y ante su mejor recorte de prueba:
rows = []
for label, s in synth.items():
    for i, u in enumerate(s["units"]):
        cells = [formatting.number(s[k][i]) for k in ("start_act", "act", "best")]
        rows.append([label, f"{s['name']}, unidad {u}", *cells])
report.Table(["red", "unidad", "gris de partida", "sintetizada", "mejor recorte"], rows)

# %%
beats = sum(int((s["act"] > s["best"]).sum()) for s in synth.values())
total = sum(len(s["units"]) for s in synth.values())
print(
    f"En {beats} de {total} unidades, la imagen sintetizada las activa más que "
    "su mejor recorte de prueba."
)
lenet_s, cnn_s = synth["LeNet-5 (MNIST)"], synth["CNN moderna (CIFAR-10)"]
claims.check(
    "en las dos redes, las imágenes sintetizadas activan a sus unidades, en "
    "promedio, más del doble que el gris de partida",
    all(s["act"].mean() > 2 * s["start_act"].mean() for s in synth.values()),
    lenet_gris=float(lenet_s["start_act"].mean()),
    lenet_sintetizada=float(lenet_s["act"].mean()),
    moderna_gris=float(cnn_s["start_act"].mean()),
    moderna_sintetizada=float(cnn_s["act"].mean()),
)


# %%
# Sin regularizador
# -----------------
# Repetimos el ascenso para una unidad de la CNN moderna con
# :math:`\lambda = 0` y sin suavizado. Elegimos la que el gris ya activa más:
# si la ReLU está apagada en el punto de partida, el gradiente de la
# activación es cero y el ascenso no tiene por dónde empezar. Para comparar,
# medimos la rugosidad: la diferencia media entre píxeles vecinos.
def roughness(x):
    """Diferencia media entre píxeles vecinos (filas y columnas): alta si hay
    ruido de alta frecuencia."""
    return float(np.abs(np.diff(x, axis=0)).mean() + np.abs(np.diff(x, axis=1)).mean())


pick = int(np.argmax(cnn_s["start_act"]))
unit = int(cnn_s["units"][pick])
plain, plain_act = synthesize(cnn, cnn_s["name"], [unit], l2=0.0, blur_every=0)
smooth = cnn_s["images"][pick]
show(
    [[cnn_s["start"], plain[0], smooth]],
    f"CNN moderna, {cnn_s['name']}, unidad {unit}: con y sin regularizador",
    col_titles=["gris de partida", "sin regularizar", "L2 + suavizado"],
)

# %%
print(
    f"Sin regularizar: activación {formatting.number(plain_act[0])}, rugosidad "
    f"{formatting.number(roughness(plain[0]), 3)}. Con L2 y suavizado: activación "
    f"{formatting.number(cnn_s['act'][pick])}, rugosidad "
    f"{formatting.number(roughness(smooth), 3)}."
)
claims.check(
    "sin regularizador, la imagen sintetizada es más rugosa que con la "
    "penalización L2 y el suavizado",
    roughness(plain[0]) > roughness(smooth),
    sin_regularizar=roughness(plain[0]),
    regularizada=roughness(smooth),
)

# %%
# Resumen
# -------
# * Los recortes que más activan a una unidad se buscan en todas las imágenes
#   y posiciones; cada uno es el campo receptivo de la unidad ganadora, así
#   que su tamaño crece de capa en capa como lo calculó la lección anterior.
# * La maximización de la activación fabrica la entrada subiendo por el
#   gradiente de la unidad respecto de la imagen.
# * Sin regularizar, ese ascenso llena la imagen de ruido de alta frecuencia;
#   la penalización hacia el gris y el suavizado periódico lo contienen.
#
# Ejercicios
# ----------
# 1. ¿Cuánto puede restar, como máximo, la penalización
#    :math:`\lambda \lVert x - 0.5 \rVert^2` en una imagen de CIFAR-10? Compara
#    esa cota con las activaciones de la tabla: ¿cuál de los dos regularizadores
#    cambia más el resultado?
#
#    .. dropdown:: Solución
#
#       Cada valor dista del gris a lo sumo 0.5, así que la penalización no pasa
#       de :math:`\lambda \cdot 32 \cdot 32 \cdot 3 / 4`. Si las activaciones son
#       mucho mayores, la penalización casi no cambia el objetivo; compruébalo
#       quitando sólo el suavizado:
#
#       .. code-block:: python
#
#          print(L2 * 32 * 32 * 3 / 4, cnn_s["act"])
#          only_l2, act = synthesize(cnn, cnn_s["name"], [unit], blur_every=0)
#          print(act, roughness(only_l2[0]), roughness(plain[0]), roughness(smooth))
#
# 2. En la última etapa de la CNN moderna, ¿hay alguna unidad cuyo campo
#    receptivo quepa entero en la imagen? ¿Qué se ve entonces en el borde de
#    sus recortes?
#
#    .. dropdown:: Solución
#
#       Compara el lado del campo con el de la imagen (la primera tabla) e
#       imprime dónde empieza y termina el campo de cada fila de unidades:
#
#       .. code-block:: python
#
#          row = fields["CNN moderna (CIFAR-10)"][cnn_s["name"]]
#          firsts = row.start[0] + row.jump[0] * np.arange(row.output[0])
#          print(firsts, firsts + row.size[0])
#          print(((firsts >= 0) & (firsts + row.size[0] <= 32)).any())
#
#       Donde el campo empieza antes de la fila 0 o termina después de la
#       última, ``top_patches`` rellena el recorte con ceros: franjas negras.
