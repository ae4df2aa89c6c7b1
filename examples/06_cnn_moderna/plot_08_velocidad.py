"""
La velocidad: dónde se va el tiempo
===================================

Operaciones por capa calculadas de sus formas, el techo práctico de esta
máquina y los GFLOP/s que logra cada red al entrenar.

**Lo que aprenderás**

* A contar las operaciones de punto flotante (FLOP) de cada capa a partir de
  sus formas.
* Por qué una red diminuta como LeNet-5 desperdicia el procesador.
* Cuánto del paso de la red moderna se va en la :term:`normalización por
  lotes` y cuánto ahorra la :term:`precisión mixta`, y si cuesta exactitud.
* A componer las cuatro transformaciones del aumento de la clase en una sola y a
  comprobar, con una prueba estadística, que sortea lo mismo.
"""

# %%
# Contar operaciones
# ------------------
# Una convolución de :math:`k \times k` con :math:`C_{in}` canales de entrada,
# :math:`C_{out}` filtros y salida de :math:`H \times W` hace
# :math:`2\,H W k^2 C_{in} C_{out}` FLOP por imagen (una multiplicación y una
# suma por peso y por posición); una capa densa de :math:`n` entradas y
# :math:`m` salidas, :math:`2nm`. Entrenar cuesta unas tres veces la pasada
# hacia adelante: la pasada, el gradiente de los pesos y el de la entrada de
# cada capa (la primera no lo necesita). ``speed.layer_costs`` lo calcula con
# las formas de cada capa:
import keras
import numpy as np
from scipy import stats

from cnnbook import (
    affine,
    claims,
    config,
    data,
    formatting,
    ladder,
    models,
    modern,
    report,
    speed,
)

print(config.profile().describe())
lenet = models.lenet5((32, 32, 3))
final_settings = ladder.final_settings()
final = modern.modern_cnn(**final_settings["model"])


def cost_table(model):
    rows = [
        [
            c.name,
            c.kind,
            " x ".join(map(str, c.output)),
            formatting.number(c.forward_flops / 1e6, 3),
        ]
        for c in speed.layer_costs(model)
    ]
    return report.Table(["capa", "tipo", "salida", "MFLOP por imagen"], rows)


cost_table(lenet)

# %%
cost_table(final)

# %%
flops = {"LeNet-5": speed.train_flops(lenet), "modelo final": speed.train_flops(final)}
for label, value in flops.items():
    print(f"{label}: {formatting.number(value / 1e6, 1)} MFLOP por imagen al entrenar")
print(
    f"El modelo final hace {formatting.number(flops['modelo final'] / flops['LeNet-5'], 0)} "
    "veces más cuentas por imagen."
)

# %%
# El techo práctico
# -----------------
# La operación que mejor aprovecha un procesador es la multiplicación de
# matrices grandes: muchas cuentas por cada número que se lee de memoria. Su
# velocidad en float32 es el techo práctico con el que comparamos.
ceiling = speed.matmul_gflops(2048)
print(
    f"Multiplicación de matrices de 2048 x 2048: {formatting.number(ceiling, 1)} GFLOP/s"
)

# %%
# Lo que logra cada red
# ---------------------
# Medimos pasos de entrenamiento reales (mediana de tres mediciones de cinco
# pasos, con fotos de CIFAR-10): LeNet-5 con lotes de 128, como en la clase, y
# el modelo final con lotes de 256 en tres variantes: tal como se entrena, todo
# en float32 y sin normalización por lotes.
(x_train, y_train), _ = data.load_cifar10()
x, y = data.normalize(x_train[:256]), data.one_hot(y_train[:256])


def measure(model, batch_size):
    batch_size = min(batch_size, len(x))
    modern.compile_modern(model, learning_rate=0.01)
    seconds = speed.step_seconds(model, x, y, batch_size=batch_size, steps=5)
    gflops = speed.train_flops(model) * batch_size / seconds / 1e9
    return seconds, gflops


variants = {
    "LeNet-5 (float32)": (models.lenet5((32, 32, 3)), 128),
    f"final ({final_settings['model']['precision']})": (
        modern.modern_cnn(**final_settings["model"]),
        256,
    ),
    "final (float32)": (
        modern.modern_cnn(**{**final_settings["model"], "precision": "float32"}),
        256,
    ),
    "final sin normalizar": (
        modern.modern_cnn(**{**final_settings["model"], "batchnorm": False}),
        256,
    ),
}
measured = {label: measure(*args) for label, args in variants.items()}
rows = [
    [
        label,
        formatting.number(1000 * seconds, 1),
        formatting.number(gflops, 1),
        formatting.percent(gflops / ceiling, 1),
    ]
    for label, (seconds, gflops) in measured.items()
]
report.Table(["red", "ms por paso", "GFLOP/s", "del techo (float32)"], rows)

# %%
# Por qué LeNet-5 desperdicia la máquina
# --------------------------------------
# Sus capas son tan chicas (6 y 16 filtros) que cada paso termina antes de que
# el procesador llegue a su ritmo: el tiempo se va en lanzar operaciones, leer y
# escribir memoria y coordinar los núcleos, no en multiplicar.
lenet_rate = measured["LeNet-5 (float32)"][1]
final_rate = measured["final (float32)"][1]
print(
    f"LeNet-5: {formatting.number(lenet_rate, 1)} GFLOP/s; el modelo final en "
    f"float32: {formatting.number(final_rate, 1)} GFLOP/s."
)
claims.check(
    "en float32, el modelo final aprovecha el procesador más que LeNet-5",
    final_rate > lenet_rate,
    lenet5=lenet_rate,
    final=final_rate,
)

# %%
# La normalización y la precisión
# -------------------------------
# Quitar la normalización no cambia el conteo de FLOP (no las contamos), pero sí
# el tiempo: normalizar recorre cada mapa de activaciones varias veces y casi
# no calcula, así que su costo lo pone la memoria. La precisión mixta reduce a
# la mitad los bytes de cada activación y, en un procesador con instrucciones
# bfloat16, también el tiempo de las multiplicaciones.
used = f"final ({final_settings['model']['precision']})"
bn_share = 1 - measured["final sin normalizar"][0] / measured[used][0]
print(
    f"Sin normalizar, el paso de {used} tarda "
    f"{formatting.percent(1 - bn_share, 0)} de lo que tarda normalizado."
)
if final_settings["model"]["precision"] == "mixed_bfloat16":
    saving = measured[used][0] / measured["final (float32)"][0]
    verdict = "más corto" if saving < 1 else "más largo"
    print(
        f"Con precisión mixta, el paso tarda {formatting.percent(saving, 0)} de lo "
        f"que tarda en float32: en esta máquina es {verdict}."
    )
else:
    print("Este procesador no multiplica bfloat16 en hardware: el libro usa float32.")

# %%
# ¿Cuesta exactitud la precisión mixta?
# -------------------------------------
# Un paso más corto sólo sirve si la red aprende lo mismo. Lo medimos con el
# último peldaño de la escalera (la receta del modelo final en la red angosta,
# tres épocas): entrenado como lo entrena el libro y, aparte, todo en float32.
if final_settings["model"]["precision"] == "mixed_bfloat16":
    runs = {
        "mixed_bfloat16": ladder.train("residual_global"),
        "float32": ladder.train("residual_global", precision="float32"),
    }
    report.Table(
        ["precisión", "exactitud en prueba", "segundos de entrenamiento"],
        [
            [
                label,
                formatting.percent(run.test_accuracy, 2),
                formatting.number(run.train_seconds, 0),
            ]
            for label, run in runs.items()
        ],
    )
else:
    runs = {}
    print("Sin bfloat16 en hardware no hay nada que comparar: todo es float32.")

# %%
if runs:
    gap = runs["float32"].test_accuracy - runs["mixed_bfloat16"].test_accuracy
    sign = "menos" if gap > 0 else "más"
    print(
        f"Con bfloat16 la red acierta {formatting.number(abs(100 * gap), 2)} puntos "
        f"{sign} que en float32, y tarda "
        f"{formatting.percent(runs['mixed_bfloat16'].train_seconds / runs['float32'].train_seconds, 0)} "
        "del tiempo."
    )
    # El libro entrena en bfloat16 donde el procesador lo permite; si eso
    # costara más de un punto, la construcción se detiene aquí.
    claims.check(
        "la precisión mixta no cuesta más de un punto de exactitud",
        gap <= 0.01,
        float32=runs["float32"].test_accuracy,
        mixed_bfloat16=runs["mixed_bfloat16"].test_accuracy,
    )

# %%
# El aumento de la clase: cuatro remuestreos o uno
# ------------------------------------------------
# El bloque de aumento de la LeNet-5 mejorada (capítulo 4) son cuatro capas:
# traslación, rotación, *zoom* y cizallamiento. Cada una recorre la imagen
# entera y la remuestrea con interpolación bilineal. Pero las cuatro son
# transformaciones afines: cada una lleva el píxel de salida :math:`p` a la
# posición :math:`M p` de su entrada, así que aplicarlas en cadena lee en
# :math:`M_T M_R M_Z M_S\, p`. Multiplicar las cuatro matrices de
# :math:`3 \times 3` cuesta casi nada, y con la matriz compuesta basta un solo
# remuestreo. Eso hace ``affine.composed_augmentation``, que sortea los cuatro
# parámetros con las mismas distribuciones que las capas de Keras.
(digits, _), _ = data.load_mnist()
# Los dígitos con el borde de 2 px de la LeNet-5 mejorada: 32 x 32.
digits = np.pad(
    data.normalize(digits[:1000])[..., None], ((0, 0), (2, 2), (2, 2), (0, 0))
)
blocks = {
    "clase (cuatro capas)": models.augmentation(seed=1),
    "compuesto (una capa)": affine.composed_augmentation(seed=1),
}
seconds = {
    label: speed.augmentation_seconds(block, digits[:256])
    for label, block in blocks.items()
}
for label, value in seconds.items():
    print(f"{label}: {formatting.number(1000 * value, 2)} ms por lote de 256")
print(
    "El bloque compuesto tarda "
    f"{formatting.percent(seconds['compuesto (una capa)'] / seconds['clase (cuatro capas)'], 0)} "
    "de lo que tarda el de la clase."
)

# %%
# ¿La misma distribución?
# ~~~~~~~~~~~~~~~~~~~~~~~
# Que las fórmulas coincidan no basta: hay que comprobar que el bloque compuesto
# sortea *las mismas transformaciones*. Para eso le damos a cada bloque una
# imagen cuyos canales valen la columna y la fila de cada píxel: como la
# interpolación bilineal reproduce exactamente una función lineal, la salida
# dice de qué posición leyó cada píxel, y de ahí sale la matriz afín
# :math:`\begin{pmatrix} a_0 & a_1 & a_2 \\ b_0 & b_1 & b_2 \end{pmatrix}` de
# cada transformación (``affine.affine_parameters``). Con 2,000 transformaciones
# de cada bloque, la prueba de Kolmogórov-Smirnov de dos muestras compara cada
# coeficiente: un valor *p* chico diría que las distribuciones difieren.
N_SAMPLES = 2000
names = ["a0", "a1", "a2", "b0", "b1", "b2"]
samples = {
    label: affine.affine_parameters(block, n=N_SAMPLES)
    for label, block in blocks.items()
}
lecture_params, composed_params = samples.values()
p_values = [
    stats.ks_2samp(lecture_params[:, i], composed_params[:, i]).pvalue for i in range(6)
]
report.Table(
    [
        "coeficiente",
        "media (clase)",
        "media (compuesto)",
        "desv. (clase)",
        "desv. (compuesto)",
        "p de K-S",
    ],
    [
        [
            name,
            formatting.number(lecture_params[:, i].mean(), 3),
            formatting.number(composed_params[:, i].mean(), 3),
            formatting.number(lecture_params[:, i].std(), 3),
            formatting.number(composed_params[:, i].std(), 3),
            formatting.number(p_values[i], 3),
        ]
        for i, name in enumerate(names)
    ],
)

# %%
# Una prueba sólo convence si también sabe decir que no. El error más fácil de
# cometer con estas capas es el de las unidades: leer la rotación de 0.1 como
# radianes (unos 6°) en lugar de como fracción de vuelta (36°). Ese bloque
# equivocado se delata en el coeficiente :math:`a_1 = -z \sin\theta + \dots`:
wrong = keras.Sequential(
    [
        keras.layers.RandomTranslation(0.08, 0.08, seed=1, fill_mode="constant"),
        keras.layers.RandomRotation(0.1 / (2 * np.pi), seed=2, fill_mode="constant"),
        keras.layers.RandomZoom(0.1, seed=3, fill_mode="constant"),
        keras.layers.RandomShear(x_factor=0.1, seed=4, fill_mode="constant"),
    ]
)
wrong_params = affine.affine_parameters(wrong, n=N_SAMPLES)
wrong_p = stats.ks_2samp(lecture_params[:, 1], wrong_params[:, 1]).pvalue
print(
    f"Menor p entre el bloque de la clase y el compuesto: "
    f"{formatting.number(min(p_values), 3)}; con la rotación en radianes, "
    f"p = {wrong_p:.1e} en a1."
)
# Seis pruebas a la vez: con un umbral de 0.001 cada una, la probabilidad de
# una falsa alarma es menor que 0.6 %.
claims.check(
    "el bloque compuesto sortea las mismas transformaciones que el de la clase",
    min(p_values) > 0.001,
    min_p=min(p_values),
)
claims.check(
    "la prueba detecta la rotación leída en radianes",
    wrong_p < 1e-6,
    p=wrong_p,
)

# %%
# Misma geometría, menos borrosa
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Cada interpolación bilineal promedia vecinos y suaviza un poco la imagen; el
# bloque de la clase lo hace cuatro veces. Medimos la nitidez como la energía
# de las diferencias entre píxeles vecinos por unidad de tinta, relativa a la
# del dígito original (1 = tan nítido como el original), sobre 1,000 dígitos.


def sharpness(images):
    rows = np.diff(images, axis=1) ** 2
    cols = np.diff(images, axis=2) ** 2
    return (rows.sum(axis=(1, 2, 3)) + cols.sum(axis=(1, 2, 3))) / images.sum(
        axis=(1, 2, 3)
    )


kept = {
    label: float(
        np.mean(sharpness(np.asarray(block(digits, training=True))) / sharpness(digits))
    )
    for label, block in blocks.items()
}
for label, value in kept.items():
    print(f"{label}: conserva {formatting.percent(value, 0)} de la nitidez")
claims.check(
    "un solo remuestreo deja los dígitos más nítidos que cuatro",
    kept["compuesto (una capa)"] > kept["clase (cuatro capas)"],
    **{k.split()[0]: v for k, v in kept.items()},
)

# %%
# Resumen
# -------
# * Los FLOP de una capa salen de sus formas: :math:`2\,HWk^2C_{in}C_{out}`
#   para una convolución.
# * Una red diminuta no llena el procesador; una red más ancha hace más cuentas
#   por cada byte que mueve.
# * Cuatro transformaciones afines seguidas son una sola: componer sus matrices
#   ahorra tres remuestreos y deja la imagen más nítida, con la misma
#   distribución de transformaciones (comprobada con Kolmogórov-Smirnov).
# * Las capas que casi no calculan (normalización, ReLU, agrupamiento) cuestan
#   tiempo aunque no sumen FLOP.
#
# Ejercicios
# ----------
# 1. ¿Cuántos MFLOP hace hacia adelante la primera convolución del modelo
#    final?
#
#    .. dropdown:: Solución
#
#       Con relleno ``same`` la salida mide 32 x 32; cada filtro es de
#       3 x 3 x 3 y hay ``ladder.FINAL_WIDTHS[0]`` filtros:
#       :math:`2 \cdot 32 \cdot 32 \cdot 27 \cdot C_{out}` FLOP. Compáralo con
#       la primera fila de la segunda tabla.
#
# 2. Con ``affine.lecture_affine_matrices`` calcula la matriz de una rotación
#    de 90° (sin traslación, con *zoom* 1 y sin cizallamiento) en una imagen de
#    32 x 32. ¿De qué píxel de la entrada lee el píxel de salida de la esquina
#    superior izquierda?
#
#    .. dropdown:: Solución
#
#       El centro es :math:`c = (15.5, 15.5)` y la rotación lleva :math:`p` a
#       :math:`R(p - c) + c`; con :math:`\theta = 90°`,
#       :math:`R = \begin{pmatrix} 0 & -1 \\ 1 & 0 \end{pmatrix}` y la
#       última columna queda en :math:`(31, 0)`. El píxel :math:`(0, 0)` lee
#       de la columna 31 de la fila 0: la esquina superior derecha.
#
#       .. code-block:: python
#
#          affine.lecture_affine_matrices([[0, 0]], [90], [1], [0], 32, 32)[0]
#          # [[0, -1, 31], [1, 0, 0], [0, 0, 1]] (salvo redondeo)
