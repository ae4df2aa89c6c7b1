"""
¿Por qué diverge un entrenamiento?
==================================

Una pérdida que se vuelve ``NaN`` con SGD a tasa 0.1, observada actualización
por actualización.

**Lo que aprenderás**

* Cómo reconocer un entrenamiento que divergió y qué hacer con sus números.
* Qué ocurre en las actualizaciones previas al ``NaN``: el gradiente, la norma
  de los pesos y los *logits* medidos con un *callback* de Keras.
* Por qué recortar el gradiente (``clipnorm``) acota cada actualización.
"""

# %%
# Los entrenamientos de las cuatro etapas
# ---------------------------------------
# La clase entrena con SGD y tasa 0.1, sin nada que limite el tamaño de cada
# actualización. Tomamos los tres entrenamientos de la lección anterior (el
# borde, las capas extra y el aumento de datos, con sus recetas de
# ``cnnbook.recipes``) y revisamos su pérdida época por época. ¿Qué pasó en
# esta construcción?
import numpy as np

from cnnbook import claims, config, plots, recipes, training

print(config.profile().describe())
border = recipes.lenet5_border()
deeper = recipes.lenet5_deeper()
best = recipes.lenet5_improved()
runs = {"+ borde": border, "+ más capas": deeper, "+ aumento": best}
diverged = {
    label: run
    for label, run in runs.items()
    if not np.all(np.isfinite(run.history["loss"]))
}
for label, run in runs.items():
    nan_epoch = training.first_nan_epoch(run.history["loss"])
    i = len(run.history["loss"]) - 1 if nan_epoch is None else max(nan_epoch - 2, 0)
    state = (
        "no divergió en ninguna época"
        if nan_epoch is None
        else f"divergió en la época {nan_epoch}"
    )
    print(
        f"{label:12s} {state}; pérdida de entrenamiento en la época {i + 1}: "
        f"{run.history['loss'][i]:.4f}"
    )
print(
    "Entrenamientos que divergieron en esta construcción: "
    + (", ".join(diverged) if diverged else "ninguno")
)
claims.check(
    "al menos uno de los tres entrenamientos con SGD a tasa 0.1 divergió",
    bool(diverged),
    divergieron=list(diverged),
)

# %%
# Para ver qué ocurre justo antes del ``NaN`` no hace falta repetir el
# entrenamiento: las recetas de las tres etapas lo observan mientras entrena,
# con ``training.fit_or_load(..., watch_updates=256)``. Después de cada
# actualización, un *callback* de Keras copia los pesos en un búfer circular
# que guarda las últimas 256 y que deja de avanzar en la primera actualización
# con pesos no finitos; al final de cada época mide el mayor *logit* (la
# entrada de la softmax) de 512 dígitos de entrenamiento. Copiar los pesos es
# mucho más barato que una actualización, y no cambia el entrenamiento: los
# pesos y las pérdidas son los mismos que sin observarlo. Al terminar, de cada
# copia se obtiene la norma del cambio de los pesos, la de los pesos y el mayor
# *logit*; todo queda en la caché junto al modelo (``run.updates``).
#
# Con SGD sin momento cada actualización es :math:`-0.1 \cdot \nabla L`, así
# que la norma del gradiente es la del cambio de los pesos dividida entre 0.1.
for label, run in diverged.items():
    nan_epoch = training.first_nan_epoch(run.history["loss"])
    watched = run.updates
    sound = nan_epoch - 1  # épocas sanas
    logits = [v for v in watched["epoch_max_logit"] if np.isfinite(v)]
    print(
        f"{label}: divergió en la época {nan_epoch}; se observaron las últimas "
        f"{len(watched['update'])} actualizaciones, de la {watched['update'][0]} "
        f"de la época {watched['epoch'][0]} a la {watched['update'][-1]} de la "
        f"época {watched['epoch'][-1]}."
    )
    print(
        "Mayor logit al final de cada época sana: "
        + ", ".join(f"{v:.0f}" for v in logits[:sound])
    )
    # actualización, gradiente, pesos, logit
    updates = np.column_stack(
        [
            watched["update"],
            np.array(watched["change_norm"]) / 0.1,
            watched["weight_norm"],
            watched["max_logit"],
        ]
    )
    grad = updates[:, 1]
    finite = np.isfinite(grad) & np.isfinite(updates[:, 2])
    typical = float(np.median(grad[finite]))
    # La racha: desde aquí el gradiente ya no vuelve a bajar de 10 veces la mediana.
    burst = int(np.flatnonzero(finite & (grad <= 10 * typical))[-1]) + 1
    first_bad = int(np.flatnonzero(~finite)[0])
    print(
        f"Mediana de la norma del gradiente en las actualizaciones observadas: "
        f"{typical:.2f}. Desde la actualización {int(updates[burst, 0])} de la "
        f"época {watched['epoch'][burst]} ya no baja de 10 veces la mediana, y en "
        f"la {int(updates[first_bad, 0])} de la época {watched['epoch'][first_bad]} "
        "los pesos dejan de ser números finitos."
    )
    print(f"{'actualización':>13} {'gradiente':>11} {'pesos':>11} {'mayor logit':>12}")
    for step, g, w, z in updates[max(burst - 3, 0) :]:
        print(f"{int(step):>13} {g:>11.3g} {w:>11.3g} {z:>12.3g}")
    ok = finite & (np.arange(len(grad)) <= burst + 12)
    before_nan = np.arange(len(grad)) - first_bad  # 0: primeros pesos no finitos
    fig = plots.line_chart(
        before_nan[ok],
        {
            "norma del gradiente": grad[ok],
            "norma de los pesos": updates[ok, 2],
            "mayor logit": updates[ok, 3],
        },
        xlabel="Actualizaciones antes de los primeros pesos no finitos",
        ylabel=None,
        logy=True,
        markers=False,
        title=f"{label}: las actualizaciones antes del NaN",
    )
    weights = updates[:, 2]
    claims.check(
        "la pérdida por época venía bajando (la última época sana tiene la menor) "
        "mientras el mayor logit crecía (al menos se duplicó); luego, en menos de 50 "
        "actualizaciones, el gradiente crece más de mil veces sobre su mediana y los "
        "pesos, que apenas cambiaban, se multiplican por más de cien",
        bool(np.argmin(run.history["loss"][:sound]) == sound - 1)
        and logits[sound - 1] > 2 * logits[0]
        and bool(np.nanmax(np.where(finite, grad, np.nan)) > 1000 * typical)
        and bool(
            np.nanmax(np.where(finite, weights, np.nan)) > 100 * weights[burst - 1]
        )
        and first_bad - burst < 50,
        primera_de_la_racha=int(updates[burst, 0]),
        pesos_no_finitos_desde=int(updates[first_bad, 0]),
    )

# %%
# Es un círculo vicioso. Mientras la pérdida baja, la red se vuelve cada vez
# más segura: su mayor *logit* crece época tras época. Luego, una actualización
# de 0.1 veces un gradiente algo mayor que lo normal agranda los pesos; con
# pesos mayores, las activaciones y los *logits* crecen, el gradiente siguiente
# es todavía mayor, y en unas pocas actualizaciones los números superan lo que
# cabe en ``float32`` (unos :math:`3.4 \times 10^{38}`): aparecen infinitos y,
# al restarlos, ``NaN``. Eso es lo que arriesga la receta de la clase: con SGD
# a tasa 0.1 y sin ningún límite al tamaño de cada actualización, una red puede
# divergir aun cuando la pérdida ya es casi cero, y la pérdida por época no lo
# anuncia.
#
# El remedio habitual es recortar el gradiente: con
# ``keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0)``, si la norma del
# gradiente pasa de 1 se reescala a 1, así que ninguna actualización mueve los
# pesos más de 0.1. Con lo que se observó arriba podemos ver qué habría acotado:
for label, run in diverged.items():
    grad = np.array(run.updates["change_norm"]) / 0.1
    over = int(np.sum(grad > 1))
    print(
        f"{label}: {over} de las {len(grad)} actualizaciones observadas antes del "
        "NaN tenían un gradiente de norma mayor que 1; con clipnorm=1.0 cada una "
        "se habría reducido a un cambio de norma 0.1 en los pesos (la norma de los "
        f"pesos es de {run.updates['weight_norm'][0]:.1f})."
    )


# %%
# Que el recorte evite la divergencia en este entrenamiento hay que medirlo
# entrenando de nuevo (ejercicio 1). Los números de la lección anterior de un
# entrenamiento que divergió son los de su última época sana.
#
# Resumen
# -------
# * Con la tasa de 0.1 de la clase un entrenamiento puede divergir: hay que
#   revisar la pérdida de cada época antes de leer sus números.
# * La pérdida por época no lo anuncia: la red se vuelve cada vez más segura (el
#   mayor *logit* crece), y en unas pocas actualizaciones el gradiente y los
#   pesos crecen sin freno hasta salir de lo que cabe en ``float32``.
# * Recortar el gradiente (``clipnorm``) acota cada actualización.
#
# Ejercicios
# ----------
# 1. Entrena la etapa 2 (más capas, sin aumento) con el gradiente recortado,
#    ``keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0)``. ¿Diverge?
#    ¿Cambia su exactitud en la época 20?
#
#    .. dropdown:: Solución
#
#       ``models.compile_classifier`` no recibe ``clipnorm``, así que compila a
#       mano:
#
#       .. code-block:: python
#
#          import keras
#
#          from cnnbook import data, models
#
#          def build_deeper_clipped():
#              model = models.lenet5_improved(augment=False)
#              model.compile(
#                  optimizer=keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0),
#                  loss="categorical_crossentropy",
#                  metrics=["accuracy"],
#              )
#              return model
#
#          (x_train, y_train), (x_test, y_test) = data.load_mnist()
#          train = (data.normalize(x_train)[..., None], data.one_hot(y_train))
#          test = (data.normalize(x_test)[..., None], data.one_hot(y_test))
#          clipped = training.fit_or_load(
#              "lenet5_mas_capas_recorte", build_deeper_clipped, train=train,
#              test=test, epochs=20, batch_size=128,
#          )
#          print(np.isfinite(clipped.history["loss"]).all(), clipped.test_accuracy)
#
#       Con el recorte, ninguna actualización mueve los pesos más de 0.1, así
#       que la racha que medimos arriba no puede multiplicar los pesos en unas
#       pocas actualizaciones. Aun así, un solo entrenamiento que no diverge no
#       prueba que el recorte siempre lo evite; compara también su exactitud
#       con la de la última época sana de la etapa 2.
