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
import time

import keras
import numpy as np

from cnnbook import claims, config, data, formatting, models, plots, recipes, training

print(config.profile().describe())
(x_train, y_train), _ = data.load_mnist()
train = (data.normalize(x_train)[..., None], data.one_hot(y_train))
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
# Para ver qué ocurre justo antes del ``NaN`` repetimos el entrenamiento que
# divergió, con la misma semilla, hasta la época en que divergió, y lo
# observamos actualización por actualización con un *callback* de Keras. Con
# SGD sin momento cada actualización es :math:`-0.1 \cdot \nabla L`, así que
# la norma del gradiente es la del cambio de los pesos dividida entre 0.1. Al
# final de cada época, y en cada actualización de la última, medimos también el
# mayor *logit* (la entrada de la softmax) de 512 dígitos de entrenamiento. La
# repetición se hace una sola vez: su resultado se guarda en un registro junto
# a la clave del entrenamiento.


class Probe(keras.callbacks.Callback):
    """El mayor logit al final de cada época y, en la época ``last_epoch``, la
    norma del gradiente, la de los pesos y el mayor logit en cada actualización."""

    def __init__(self, last_epoch, images):
        super().__init__()
        self.last_epoch, self.images = last_epoch, images
        self.updates, self.epochs = [], []

    def on_train_begin(self, logs=None):
        self.head = self.model.get_layer("salida")
        self.features = keras.Model(self.model.inputs[0], self.head.input)

    def max_logit(self):
        kernel, bias = self.head.get_weights()
        with np.errstate(over="ignore", invalid="ignore"):
            z = self.features.predict(self.images, verbose=0) @ kernel + bias
        return float(np.abs(z).max())

    def weights(self):
        return [w.numpy().astype("float64") for w in self.model.trainable_weights]

    def on_train_batch_begin(self, batch, logs=None):
        if len(self.epochs) + 1 == self.last_epoch:  # sólo en la época que diverge
            self.before = self.weights()

    def on_train_batch_end(self, batch, logs=None):
        if len(self.epochs) + 1 != self.last_epoch:
            return
        after = self.weights()
        with np.errstate(over="ignore", invalid="ignore"):
            change = np.sqrt(
                sum(np.sum((a - b) ** 2) for a, b in zip(after, self.before))
            )
            norm = np.sqrt(sum(np.sum(a**2) for a in after))
        # Con SGD sin momento, el cambio de los pesos es 0.1 veces el gradiente.
        self.updates.append([batch + 1, change / 0.1, norm, self.max_logit()])

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(self.max_logit())


def probe_divergence(run, build):
    """Repite ``run`` con la sonda (o la lee del registro si ya se hizo)."""
    name = f"{run.name}_sonda"
    try:
        record = training.load_record(name)
        if record.get("key") == run.key:
            return record
    except FileNotFoundError:
        pass
    nan_epoch = training.first_nan_epoch(run.history["loss"])
    probe = Probe(nan_epoch, train[0][:512])
    training.set_seed()  # la misma semilla con la que fit_or_load entrenó
    model = build()
    start = time.perf_counter()
    fit = model.fit(
        *train,
        epochs=nan_epoch,
        batch_size=128,
        shuffle=True,
        verbose=0,
        callbacks=[probe, keras.callbacks.TerminateOnNaN()],
    )
    training.save_record(
        name,
        {"nan_epoch": nan_epoch, "updates_in_epoch": len(probe.updates)},
        key=run.key,
        seconds=time.perf_counter() - start,
        loss=[float(v) for v in fit.history["loss"]],
        epoch_logits=probe.epochs,
        updates=[[float(v) for v in row] for row in probe.updates],
    )
    return training.load_record(name)


# %%
# Repetimos cada entrenamiento que divergió, con el mismo modelo y la misma
# compilación de la lección anterior, y mostramos lo que midió la sonda:
builds = {
    "+ borde": lambda: models.compile_classifier(
        models.lenet5((28, 28, 1), padding=2), "sgd", 0.1
    ),
    "+ más capas": lambda: models.compile_classifier(
        models.lenet5_improved(augment=False), "sgd", 0.1
    ),
    "+ aumento": lambda: models.compile_classifier(
        models.lenet5_improved(augment=True), "sgd", 0.1
    ),
}
for label, run in diverged.items():
    record = probe_divergence(run, builds[label])
    nan_epoch = record["values"]["nan_epoch"]
    updates = np.array(record["updates"])  # actualización, gradiente, pesos, logit
    sound = len(record["loss"]) - 1
    same = np.allclose(record["loss"][:sound], run.history["loss"][:sound])
    print(
        f"{label}: la repetición {'reproduce' if same else 'NO reproduce'} la "
        f"pérdida de las {sound} épocas sanas del entrenamiento del libro "
        f"(tomó {formatting.number(record['seconds'], 0)} s, una sola vez)."
    )
    logits = [v for v in record["epoch_logits"] if np.isfinite(v)]
    print(
        "Mayor logit al final de cada época sana: "
        + ", ".join(f"{v:.0f}" for v in logits[:sound])
    )
    grad = updates[:, 1]
    finite = np.isfinite(grad) & np.isfinite(updates[:, 2])
    typical = float(np.median(grad[finite]))
    # La racha: desde aquí el gradiente ya no vuelve a bajar de 10 veces la mediana.
    burst = int(np.flatnonzero(finite & (grad <= 10 * typical))[-1]) + 1
    first_bad = int(np.flatnonzero(~finite)[0])
    print(
        f"Época {nan_epoch}: mediana de la norma del gradiente {typical:.2f}; desde "
        f"la actualización {int(updates[burst, 0])} ya no baja de 10 veces la "
        f"mediana, y en la {int(updates[first_bad, 0])} los pesos dejan de ser "
        "números finitos."
    )
    print(f"{'actualización':>13} {'gradiente':>11} {'pesos':>11} {'mayor logit':>12}")
    for step, g, w, z in updates[max(burst - 3, 0) :]:
        print(f"{int(step):>13} {g:>11.3g} {w:>11.3g} {z:>12.3g}")
    ok = finite & (np.arange(len(grad)) <= burst + 12)
    fig = plots.line_chart(
        updates[ok, 0],
        {
            "norma del gradiente": grad[ok],
            "norma de los pesos": updates[ok, 2],
            "mayor logit": updates[ok, 3],
        },
        xlabel=f"Actualización de la época {nan_epoch}",
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
        bool(np.argmin(record["loss"][:sound]) == sound - 1)
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
# pesos más de 0.1. Con la sonda de arriba podemos ver qué habría acotado:
for label in diverged:
    updates = np.array(probe_divergence(diverged[label], builds[label])["updates"])
    over = int(np.sum(updates[:, 1] > 1))
    print(
        f"{label}: {over} de las {len(updates)} actualizaciones de la época que "
        "divergió tenían un gradiente de norma mayor que 1; con clipnorm=1.0 cada "
        "una se "
        "habría reducido a un cambio de norma 0.1 en los pesos "
        f"(la norma de los pesos es de {updates[0, 2]:.1f})."
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
#          from cnnbook import models
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
#          (_, _), (x_test, y_test) = data.load_mnist()
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
