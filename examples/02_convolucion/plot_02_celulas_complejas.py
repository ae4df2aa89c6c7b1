"""
Células complejas: tolerar la posición
======================================

Una célula compleja toma el máximo de muchas células simples; de esa idea salieron
el neocognitrón y las redes convolucionales.

**Lo que aprenderás**

* Cómo simular una :term:`célula compleja`: el máximo de las respuestas de muchas
  células simples de la misma orientación.
* Que la célula compleja tolera la posición de la línea pero conserva la
  preferencia por su orientación, medido.
* Cómo de esa idea salieron el neocognitrón de Fukushima (1980) y las redes
  convolucionales entrenadas con :term:`retropropagación` de LeCun y su equipo, y
  qué son las características de bajo, medio y alto nivel.
"""

# %%
# Las células simples de la lección anterior
# ------------------------------------------
# Recuperamos las cuatro células simples de la lección anterior (0°, 45°, 90° y
# 135°, kernels de 5 x 5 de ``cnnbook.cortex``) y la barra horizontal que baja
# fila por fila por una imagen de 28 x 28.
import numpy as np

from cnnbook import claims, config, cortex, plots

print(config.profile().describe())
SIZE = 28
ANGLES = (0, 45, 90, 135)
CENTER = SIZE // 2
cells = np.stack([cortex.simple_cell(a) for a in ANGLES], axis=-1)
positions = np.arange(4, SIZE - 3)
moving = np.stack([cortex.bar(0, row=r) for r in positions])
moving_maps = np.stack([cortex.responses(s, cells[:, :, 0]) for s in moving])
print(
    f"{len(positions)} posiciones de la barra, de la fila {positions[0]} a la {positions[-1]}"
)

# %%
# Una célula compleja toma el máximo
# ----------------------------------
# Una célula compleja recibe las respuestas de muchas células simples de la
# misma orientación y dispara si *alguna* de ellas dispara: su respuesta es el
# máximo de todo el mapa. En esta simulación su campo receptivo es la imagen
# entera. Comparamos la célula simple del centro con las cuatro células
# complejas mientras la barra horizontal baja.
simple_center = moving_maps[:, CENTER, CENTER]
complex_cells = {
    a: np.array([cortex.responses(s, cells[:, :, j]).max() for s in moving])
    for j, a in enumerate(ANGLES)
}
print("fila | simple 0° (centro) | " + " | ".join(f"compleja {a}°" for a in ANGLES))
for i, r in enumerate(positions):
    values = " | ".join(f"{complex_cells[a][i]:12.2f}" for a in ANGLES)
    print(f"{r:4d} | {simple_center[i]:18.2f} | {values}")

# %%
# La misma tabla, dibujada:
fig = plots.line_chart(
    positions,
    {
        "simple de 0° (centro)": simple_center,
        **{f"compleja de {a}°": complex_cells[a] for a in ANGLES},
    },
    xlabel="fila de la barra horizontal",
    ylabel="respuesta",
    title="Células simples frente a células complejas",
)

# %%
# La célula simple sólo responde en una fila; la compleja de 0° responde con la
# misma fuerza en todas: es **tolerante a la posición**. Las complejas de otras
# orientaciones se quedan abajo: la tolerancia es a la posición, no a la
# orientación.
others = np.concatenate([complex_cells[a] for a in ANGLES[1:]])
claims.check(
    "la célula simple del centro sólo responde con la barra en la fila 14",
    positions[simple_center > 1e-9].tolist() == [CENTER],
    filas_con_respuesta=positions[simple_center > 1e-9].tolist(),
)
claims.check(
    "la compleja de 0° responde lo mismo en todas las filas, y más que "
    "cualquier compleja de otra orientación",
    bool(np.ptp(complex_cells[0]) < 1e-9 and complex_cells[0].min() > others.max()),
    compleja_0=float(complex_cells[0].min()),
    mayor_de_las_otras=float(others.max()),
)

# %%
# En el capítulo 3 veremos que la capa de :term:`agrupamiento máximo`
# (*max pooling*) de una red convolucional hace exactamente esto, con campos
# receptivos más pequeños que la imagen.
#
# Del gato a las máquinas
# -----------------------
# **1980, el neocognitrón.** Kunihiko Fukushima, a partir del trabajo de Hubel
# y Wiesel, propuso el :term:`neocognitrón` (:ref:`ref-fukushima1980`): la
# primera arquitectura artificial con capas jerárquicas de campos receptivos,
# antecesora conceptual de las redes convolucionales. Alternaba capas de
# células «S» (simples, como nuestros kernels) y «C» (complejas, como nuestro
# máximo), y reconocía números y caracteres escritos a mano sin importar su
# ubicación en la imagen. No usaba retropropagación (*backpropagation*), que
# aún no se popularizaba: sus filtros se ajustaban con una regla de
# aprendizaje no supervisada.
#
# **1998, LeCun y su equipo.** Yann LeCun, Léon Bottou, Yoshua Bengio y Patrick
# Haffner describieron LeNet-5 (:ref:`ref-lecun1998`), una red basada en el
# operador matemático de la **convolución**. Sus **filtros** hacen lo que
# hacían los kernels del procesamiento de imágenes (detectar bordes, suavizar,
# eliminar ruido), con una diferencia decisiva: sus pesos se aprenden con
# **retropropagación**. La clase la presenta como la primera
# :term:`red neuronal convolucional` entrenada así, pero LeCun y sus colegas de
# los Laboratorios Bell ya habían entrenado una red convolucional con
# retropropagación para leer códigos postales escritos a mano en 1989
# (:ref:`ref-lecun1989`); el artículo de 1998 es la versión madura de esa línea
# de trabajo. LeNet-5 es la red que construimos en el capítulo 4.
#
# Características de bajo, medio y alto nivel
# -------------------------------------------
# Al apilar capas, el campo receptivo crece y lo que detecta cada capa se
# vuelve más abstracto. En una red entrenada con rostros, la clase lo ilustra
# así:
#
# * **Bajo nivel**: líneas y bordes, como nuestras células simples.
# * **Nivel medio**: combinaciones de bordes que forman partes, como ojos,
#   nariz y orejas.
# * **Alto nivel**: la estructura completa de la cara.
#
# Nadie programa esos detectores: la red los aprende. En la última lección del
# capítulo veremos los filtros que aprende la primera capa de una red
# convolucional.
#
# Resumen
# -------
# * Una célula compleja toma el máximo de muchas células simples de la misma
#   orientación: conserva la preferencia por la orientación y tolera la
#   posición.
# * El neocognitrón (1980) apiló capas de ambos tipos sin retropropagación; las
#   redes de LeCun y su equipo (1989 y LeNet-5 en 1998) aprendieron sus filtros
#   con retropropagación. Las capas apiladas detectan características de nivel
#   cada vez más alto.
#
# Ejercicios
# ----------
# 1. Una célula compleja con un campo receptivo más pequeño toma el máximo sólo
#    sobre una región. Usa ``ops.max_pool(mapa, size=14)`` para tener cuatro
#    células complejas de 0°, una por cuadrante de 14 x 14, y mira cuáles
#    disparan con la barra horizontal en la fila 6 y en la fila 22.
#
#    .. dropdown:: Solución
#
#       .. code-block:: python
#
#          from cnnbook import ops
#
#          for r in (6, 22):
#              print(r, ops.max_pool(cortex.responses(cortex.bar(0, row=r), cells[:, :, 0]), size=14))
#
#       Con la barra en la fila 6 disparan las dos células de la mitad de
#       arriba (la barra cruza la columna 14, así que toca ambos cuadrantes);
#       con la barra en la fila 22, las dos de abajo. Cada célula compleja
#       tolera la posición *dentro* de su campo receptivo, no fuera de él.
