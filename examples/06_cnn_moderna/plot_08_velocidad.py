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
  lotes` y cuánto ahorra la :term:`precisión mixta`.
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
from cnnbook import (
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
# Que la precisión mixta no cueste exactitud es otra pregunta, que este capítulo
# no mide: haría falta entrenar el modelo final dos veces.
#
# Resumen
# -------
# * Los FLOP de una capa salen de sus formas: :math:`2\,HWk^2C_{in}C_{out}`
#   para una convolución.
# * Una red diminuta no llena el procesador; una red más ancha hace más cuentas
#   por cada byte que mueve.
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
