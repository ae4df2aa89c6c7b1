r"""
Dónde mira la red
=================

Tres maneras de preguntarle a la CNN moderna del capítulo 6 qué parte de una
foto usó para decidir, aplicadas a las mismas fotos (también a las que
clasificó mal), y la prueba que distingue un mapa que explica a la red de uno
que sólo dibuja la foto.

**Lo que aprenderás**

* A medir la sensibilidad a la oclusión (*occlusion sensitivity*): cuánto baja
  la probabilidad de una clase al tapar cada región de la imagen.
* A calcular un :term:`mapa de saliencia` con el gradiente y un mapa
  :term:`Grad-CAM` con los :term:`mapas de características <mapa de características>`
  de la última etapa.
* A comparar dos mapas con la correlación de rangos de Spearman y a medir si
  los tres métodos coinciden.
* A aplicar la prueba de cordura (*sanity check*) de Adebayo et al. (2018): con
  los pesos al azar, un mapa fiel a la red debe cambiar por completo.
"""

# %%
# Seis fotos: cuatro aciertos seguros y dos errores
# -------------------------------------------------
# Usamos el modelo final del capítulo 6 (de la caché) y las primeras fotos de
# prueba de CIFAR-10. Entre los aciertos tomamos el más seguro de cada clase,
# hasta juntar cuatro clases distintas; entre los errores, los dos cometidos con
# más confianza. En cada foto explicamos la clase que la red *eligió*: en un
# acierto es la real; en un error, la que la llevó a equivocarse.
import itertools

import matplotlib.pyplot as plt
import numpy as np

from cnnbook import claims, config, data, formatting, interpret, ladder, plots, report

print(config.profile().describe())
model = ladder.final().model
_, (x_test, y_test) = data.load_cifar10()
FIRST = 500  # las seis fotos se eligen entre estas primeras
x, y = data.normalize(x_test[:FIRST]), y_test[:FIRST]
p = model.predict(x, batch_size=250, verbose=0).astype("float64")
predicted, confidence = p.argmax(axis=1), p.max(axis=1)
names = data.CIFAR10_CLASSES

best = {}  # clase -> su acierto más seguro: el primero en orden de confianza
for i in np.argsort(-confidence, kind="stable"):
    if predicted[i] == y[i]:
        best.setdefault(int(y[i]), int(i))
picked = list(best.values())[:4] + [
    int(i) for i in interpret.most_confident_errors(p, y, k=2)
]
labels = [int(predicted[i]) for i in picked]


def caption(i):
    """La clase real y, si la red se equivocó, la que eligió; con su confianza."""
    said = "✓" if predicted[i] == y[i] else f"✗ dice {names[predicted[i]]}"
    return f"{names[y[i]]} {said}\n{formatting.percent(confidence[i], 0)}"


print("Fotos de prueba elegidas:", ", ".join(f"n.º {i}" for i in picked))

# %%
# Tres mapas por foto
# -------------------
# **Oclusión** (:ref:`Zeiler y Fergus, 2014 <ref-zeiler2014>`). Un cuadrado gris recorre la foto y, en
# cada posición :math:`(i, j)`, se mide cuánto baja la probabilidad de la clase
# :math:`c`:
#
# .. math::
#
#    O_c(i, j) = p_c(x) - p_c(x_{ij}),
#
# con :math:`x_{ij}` la foto tapada en esa posición: es positivo donde tapar
# estorba a la red. No necesita gradientes, sólo predicciones (todas las copias
# tapadas de una foto van en una llamada a ``model.predict``).
#
# **Saliencia** (:ref:`Simonyan et al., 2013 <ref-simonyan2013>`). Cuánto cambia el puntaje :math:`y_c`
# (el de antes de la :term:`softmax`, el *logit*) al mover un poco cada píxel;
# de los tres canales se queda el mayor:
#
# .. math::
#
#    S_c(u, v) = \max_k \left| \frac{\partial y_c}{\partial x_{uvk}} \right|.
#
# **Grad-CAM** (:ref:`Selvaraju et al., 2017 <ref-selvaraju2017>`). Pesa cada canal :math:`A_k` de una
# capa con el gradiente promedio del puntaje respecto de él (:math:`Z` es el
# número de posiciones del mapa), los suma y descarta lo negativo:
#
# .. math::
#
#    \alpha_k = \frac{1}{Z} \sum_{i, j} \frac{\partial y_c}{\partial A_k^{ij}},
#    \qquad
#    L_c = \mathrm{ReLU}\Big(\sum_k \alpha_k A_k\Big),
#
# ampliado de forma bilineal al tamaño de la foto. Usamos la suma residual de
# la última etapa, el último mapa antes de que el agrupamiento lo reduzca a la
# mitad. Los dos métodos de gradiente usan el *logit* y no :math:`p_c`:
# :math:`p_c` puede subir sólo porque bajan las demás clases.
PATCH, STRIDE = 8, 2  # cuadrado de 8 x 8 px que avanza de a 2 px
LAYER = "etapa3_suma"
METHODS = ("oclusión", "saliencia", "Grad-CAM")


def attributions(net, image, label):
    """Los tres mapas de la clase ``label`` en ``image`` según la red ``net``."""
    return {
        "oclusión": interpret.occlusion_map(
            net, image, label, patch=PATCH, stride=STRIDE
        ),
        "saliencia": interpret.gradient_saliency(net, image, label),
        "Grad-CAM": interpret.grad_cam(net, image, label, LAYER),
    }


trained = [attributions(model, x[i], c) for i, c in zip(picked, labels, strict=True)]
side = trained[0]["oclusión"].shape[0]
rows, cols, channels = model.get_layer(LAYER).output.shape[1:]
print(
    f"Oclusión: {side} x {side} posiciones, {formatting.integer(side * side + 1)} "
    f"predicciones por foto. Grad-CAM en {LAYER}: {channels} mapas de {rows} x {cols}."
)

# %%
# Lado a lado
# -----------
# Una fila por foto; cada mapa está escalado a :math:`[0, 1]`, así que el color
# compara regiones de un mismo mapa, no intensidades entre mapas. En la
# oclusión, cada celda es una posición del cuadrado, no un píxel.


def show(maps, title):
    """Una fila por foto: la foto y sus tres mapas."""
    n = len(maps)
    _, axes = plt.subplots(n, 4, figsize=(8, 2.1 * n), layout="constrained")
    for ax, i in zip(axes[:, 0], picked, strict=True):
        plots.image(x[i], title=caption(i), ax=ax)
    plots.image_grid(
        [interpret.normalize_map(m[method]) for m in maps for method in METHODS],
        titles=[method if r == 0 else "" for r in range(n) for method in METHODS],
        ncols=3,
        cmap="cividis",
        axes=axes[:, 1:],
        title=title,
    )


show(trained, "CNN moderna: dónde mira según la oclusión, la saliencia y Grad-CAM")

# %%
# ¿Cuánto le cuesta a la red perder la región que más usa? La probabilidad de la
# clase elegida, sin tapar y con el cuadrado en el peor lugar:
drops = [float(m["oclusión"].max()) for m in trained]
report.Table(
    ["foto", "clase real", "clase elegida", "sin tapar", "peor cuadrado"],
    [
        [
            f"n.º {i}",
            names[y[i]],
            names[c],
            formatting.percent(confidence[i], 1),
            formatting.percent(confidence[i] - drop, 1),
        ]
        for i, c, drop in zip(picked, labels, drops, strict=True)
    ],
)

# %%
claims.check(
    "en las cuatro fotos bien clasificadas hay un lugar donde tapar baja la "
    "probabilidad de la clase",
    min(drops[:4]) > 0,
    menor_caida=min(drops[:4]),
)

# %%
# ¿Coinciden los tres métodos?
# ----------------------------
# Comparamos dos mapas con la correlación de rangos de Spearman (*Spearman rank
# correlation*): se ordenan los píxeles de cada mapa y se correlacionan sus
# rangos,
#
# .. math::
#
#    \rho(a, b) = \mathrm{corr}\big(\mathrm{rango}(a), \mathrm{rango}(b)\big),
#
# que vale 1 si ambos mapas ordenan igual las regiones y está cerca de 0 si no
# tienen que ver. Sólo importa el orden, no la escala de cada método. Para
# compararlos en la misma rejilla, la saliencia y Grad-CAM se promedian bajo
# cada posición del cuadrado de la oclusión.


def on_grid(m):
    """El promedio de ``m`` bajo cada posición del cuadrado de la oclusión."""
    windows = np.lib.stride_tricks.sliding_window_view(m, (PATCH, PATCH))
    return windows[::STRIDE, ::STRIDE].mean(axis=(-2, -1))


gridded = [
    {k: m[k] if k == "oclusión" else on_grid(m[k]) for k in METHODS} for m in trained
]
agreement = {
    (a, b): [interpret.map_similarity(g[a], g[b]) for g in gridded]
    for a, b in itertools.combinations(METHODS, 2)
}
report.Table(
    ["par de métodos", "ρ medio", "mínimo", "máximo"],
    [
        [f"{a} y {b}", *(formatting.number(f(v), 2) for f in (np.mean, min, max))]
        for (a, b), v in agreement.items()
    ],
)

# %%
mean_agreement = {pair: float(np.mean(v)) for pair, v in agreement.items()}
most = max(mean_agreement, key=mean_agreement.get)
least = min(mean_agreement, key=mean_agreement.get)
print(
    f"El par que más coincide es {most[0]} y {most[1]} (ρ medio "
    f"{formatting.number(mean_agreement[most], 2)}); el que menos, {least[0]} y "
    f"{least[1]} ({formatting.number(mean_agreement[least], 2)})."
)

# %%
# La prueba de cordura: pesos al azar
# -----------------------------------
# Un mapa puede verse convincente y no decir nada de la red: si resalta los
# bordes de la foto, resaltaría lo mismo con cualquier red. :ref:`Adebayo et al. <ref-adebayo2018>`
# (2018) proponen reemplazar cada peso por uno nuevo del inicializador de su
# capa, como antes de entrenar, y repetir los mapas. Si el método explica lo que
# la red aprendió, los mapas de la copia al azar no deben parecerse a los de la
# red entrenada. Usamos la misma clase de cada foto.
random_model = interpret.randomized_copy(model, seed=0)
randomized = [
    attributions(random_model, x[i], c) for i, c in zip(picked, labels, strict=True)
]
show(randomized, "La misma red con los pesos al azar: oclusión, saliencia y Grad-CAM")

# %%
# La similitud de cada mapa con el de la red entrenada, foto por foto. Para
# leerla hace falta una referencia: cuánto se parecen, con la red entrenada y el
# mismo método, los mapas de dos fotos *distintas* (promedio de todos los
# pares). Dos mapas sin relación pueden parecerse algo por razones ajenas a la
# red, por ejemplo si ambos marcan el centro de la foto.
sanity = {
    k: [
        interpret.map_similarity(a[k], b[k])
        for a, b in zip(trained, randomized, strict=True)
    ]
    for k in METHODS
}
pairs = list(itertools.combinations(range(len(picked)), 2))
unrelated = {
    k: np.mean(
        [interpret.map_similarity(trained[r][k], trained[s][k]) for r, s in pairs]
    )
    for k in METHODS
}
table = [
    [f"n.º {i} ({names[y[i]]})", *(formatting.number(sanity[k][r], 2) for k in METHODS)]
    for r, i in enumerate(picked)
]
table.append(["promedio", *(formatting.number(np.mean(sanity[k]), 2) for k in METHODS)])
table.append(
    ["referencia: dos fotos", *(formatting.number(unrelated[k], 2) for k in METHODS)]
)
report.Table(["foto", *(f"ρ {k}" for k in METHODS)], table)

# %%
saliency_rho, cam_rho = np.mean(sanity["saliencia"]), np.mean(sanity["Grad-CAM"])
claims.check(
    "con los pesos al azar, los mapas de saliencia y de Grad-CAM cambian: su "
    "similitud media con los de la red entrenada queda por debajo de 0.5",
    max(saliency_rho, cam_rho) < 0.5,
    rho_saliencia=float(saliency_rho),
    rho_grad_cam=float(cam_rho),
)

# %%
# Resumen
# -------
# * La oclusión sólo necesita predicciones: tapa una región y mide cuánto baja
#   la probabilidad de la clase. Pide una predicción por posición y su
#   resolución es la del cuadrado.
# * La saliencia es el gradiente del *logit* respecto de cada píxel: un mapa
#   con la resolución de la foto. Grad-CAM pesa los mapas de una capa con su
#   gradiente promedio: un mapa con la resolución de esa capa.
# * La correlación de rangos mide cuánto coinciden dos mapas; la prueba de
#   cordura compara los de la red entrenada con los de una copia al azar. Un
#   método que no la pasa dibuja la foto, no la red.
#
# Ejercicios
# ----------
# 1. En las dos fotos mal clasificadas, ¿mira la red al mismo lugar para la
#    clase que eligió que para la clase real?
#
#    .. dropdown:: Solución
#
#       Calcula los mapas de la clase real y compáralos con los de la elegida:
#
#       .. code-block:: python
#
#          for r, i in enumerate(picked[4:], start=4):
#              real = attributions(model, x[i], int(y[i]))
#              print(names[y[i]], [
#                  round(interpret.map_similarity(trained[r][k], real[k]), 2)
#                  for k in METHODS
#              ])
#
#       Un ρ alto dice que la red busca ambas clases en la misma región (y duda
#       qué hay ahí); uno bajo, que cada clase la busca en otra parte.
#
# 2. ¿Cuántas predicciones pide ``occlusion_map`` por foto con un cuadrado de
#    4 x 4 y con uno de 12 x 12, ambos con paso 2? ¿Qué se gana y qué se pierde?
#
#    .. dropdown:: Solución
#
#       Hay :math:`\lfloor (32 - k) / 2 \rfloor + 1` posiciones por lado, más la
#       foto sin tapar: :math:`15^2 + 1 = 226` con :math:`k = 4` y
#       :math:`11^2 + 1 = 122` con :math:`k = 12`. El cuadrado chico da una
#       rejilla más fina, pero tapa poco: la red puede reconocer el objeto por
#       lo que queda alrededor. El grande tapa más, en una rejilla más gruesa.
#       Compara las caídas con
#       ``interpret.occlusion_map(model, x[picked[0]], labels[0], patch=4)``.
