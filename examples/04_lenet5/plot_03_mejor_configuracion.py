"""
La mejor configuración: cuatro cambios, uno por uno
===================================================

Borde, más capas, aumento de datos y más épocas, medidos uno por uno.

**Lo que aprenderás**

* Las cuatro mejoras de la clase para que LeNet-5 resista los traslados: borde
  de ceros, más capas convolucionales, :term:`aumento de datos` y más épocas.
* Cuánto aporta cada una, medida por separado en la prueba original y en la
  trasladada.
* Qué significan de verdad los factores de las capas de aumento de Keras.
"""

# %%
# El plan
# -------
# Partimos de LeNet-5 (lección 1) y agregamos los cambios de uno en uno, en
# cuatro etapas; cada modelo se evalúa en la prueba original y en la trasladada
# 4 píxeles hacia abajo y a la derecha.
#
# 1. **Borde**: ``ZeroPadding2D(padding=2)`` convierte los dígitos de 28 x 28 en
#    imágenes de 32 x 32, con "aire" alrededor.
# 2. **Más capas convolucionales**: tres capas de 16, 32 y 64 filtros de 5 x 5 con
#    :term:`relleno` ``same``, cada una seguida de :term:`agrupamiento máximo` de 2.
# 3. **Aumento de datos** (*data augmentation*): traslaciones, rotaciones,
#    acercar y alejar (*zoom*) y cizallamientos (*shear*) aleatorios en cada
#    época.
# 4. **Más épocas**: el aumento hace más difícil la tarea.
#
# De la receta de entrenamiento, la clase sólo muestra el optimizador, en la
# etapa 4: ``SGD(learning_rate=0.1)``; lo usamos en las cuatro etapas. El lote
# de 128 no aparece aquí: lo deducimos para LeNet-5 en la lección 1 (469
# actualizaciones por época) y lo conservamos. Y la clase dice «aumentar número
# de épocas» sin decir cuántas: el libro elige 40, el doble de las 20 de
# LeNet-5.
import time

import keras
import numpy as np

from cnnbook import claims, config, data, formatting, models, plots, recipes, training

print(config.profile().describe())
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_train_n, x_test_n = (
    data.normalize(x_train)[..., None],
    data.normalize(x_test)[..., None],
)
y_train_1h, y_test_1h = data.one_hot(y_train), data.one_hot(y_test)
x_shift_n = data.normalize(data.shift(x_test, 4, 4))[..., None]
splits = {"train": (x_train_n, y_train_1h), "test": (x_test_n, y_test_1h)}

# %%
# El bloque de aumento de datos
# -----------------------------
# El código de la clase usa estos factores, y los comenta así:
# ``# traslación ±4 px``, ``# rotación ~±10°``, ``# zoom ±10%`` y, para el
# cizallamiento (*shear*), ``# "inclina" la imagen hasta un 10%``. Así guarda
# Keras los factores:
for layer in models.augmentation().layers:
    print(
        f"{type(layer).__name__:18s}",
        {k: v for k, v in layer.get_config().items() if k.endswith("factor")},
    )

# %%
# ¿Qué significan de verdad? Keras interpreta el factor de traslación como una
# **fracción del lado** de la imagen, el de rotación como una **fracción de una
# vuelta completa**, el de zoom como la fracción en que se acerca o se aleja la
# imagen, y el de cizallamiento como la pendiente de la inclinación. Además,
# ``RandomShear(0.1)`` con un solo argumento fija sólo ``x_factor``: inclina en
# horizontal y nunca en vertical (``y_factor`` queda en 0, como dice la
# configuración de arriba).
#
# Medimos las cuatro capas por separado, 2,000 veces cada una, sobre imágenes
# de 32 x 32 (el tamaño de los dígitos con el borde): un punto brillante en el
# centro (traslación), una barra horizontal (rotación), un cuadrado de 12 x 12
# (zoom) y una barra vertical (cizallamiento).
N = 2000
fill = {"fill_mode": "constant", "fill_value": 0.0}
pixels = np.arange(32)


def centre_of_mass(images):
    """Fila y columna del centro de masa de cada imagen de un lote (N, 32, 32, 1)."""
    w = images[..., 0]
    mass = w.sum(axis=(1, 2))
    return (w.sum(axis=2) @ pixels) / mass, (w.sum(axis=1) @ pixels) / mass


def augment(layer, images):
    """La capa aleatoria aplicada como en el entrenamiento."""
    return np.asarray(layer(images, training=True))


def blank():
    return np.zeros((N, 32, 32, 1), dtype="float32")


# Traslación: cuánto se mueve un punto.
dot = blank()
dot[:, 16, 16] = 1.0
rows, cols = centre_of_mass(
    augment(keras.layers.RandomTranslation(0.08, 0.08, seed=1, **fill), dot)
)
max_shift = max(np.abs(rows - 16).max(), np.abs(cols - 16).max())

# Rotación: el ángulo de una barra horizontal, por sus momentos de segundo orden.
bar = blank()
bar[:, 15:17, 4:28] = 1.0
w = augment(keras.layers.RandomRotation(0.1, seed=2, **fill), bar)[..., 0]
yy, xx = np.mgrid[0:32, 0:32] - 15.5
cov_xy, cov_xx, cov_yy = ((w * a).sum(axis=(1, 2)) for a in (xx * yy, xx**2, yy**2))
max_angle = np.abs(np.degrees(0.5 * np.arctan2(2 * cov_xy, cov_xx - cov_yy))).max()

# Zoom: cuánto cambia el lado de un cuadrado (la raíz de su área).
square = blank()
square[:, 10:22, 10:22] = 1.0
zoomed = augment(keras.layers.RandomZoom(0.1, seed=3, **fill), square)
scale = np.sqrt(zoomed.sum(axis=(1, 2, 3)) / square[0].sum())

# Cizallamiento: cuánto se corre, en cada fila, una barra vertical en el centro;
# y si una barra horizontal se mueve en vertical (no debería).
vertical = blank()
vertical[:, :, 15:17] = 1.0
shear = keras.layers.RandomShear(0.1, seed=4, **fill)
w = augment(shear, vertical)[..., 0]
by_row = np.abs((w * pixels).sum(axis=2) / w.sum(axis=2) - 15.5).max(axis=0)
horizontal = blank()
horizontal[:, 15:17, :] = 1.0
w = augment(shear, horizontal)[:, :, 4:28, 0]  # lejos de los lados
by_column = (w * pixels[:, None]).sum(axis=1) / w.sum(axis=1)
vertical_move = np.abs(by_column - 15.5).max()

print(
    f"Traslación:     hasta {max_shift:.2f} px en cada eje "
    f"(0.08 x 32 = {0.08 * 32:.2f} px; el comentario decía ±4 px)"
)
print(
    f"Rotación:       hasta {max_angle:.1f}° "
    f"(0.1 x 360° = {0.1 * 360:.0f}°; el comentario decía ~±10°)"
)
print(
    f"Zoom:           el lado se multiplica por entre {scale.min():.2f} y "
    f"{scale.max():.2f} (acercar y alejar hasta 10 %, como decía el comentario)"
)
print(
    f"Cizallamiento:  la barra vertical se corre {by_row[0]:.2f} px en la fila de "
    f"arriba, hasta {by_row[15:17].mean():.2f} px en el centro y hasta "
    f"{by_row[31]:.2f} px en la fila de abajo; en vertical, {vertical_move:.2f} px"
)
claims.check(
    "la traslación llega a 2.56 px y no a 4, la rotación a 36° y no a 10°, el zoom "
    "acerca y aleja hasta un 10 %, y el cizallamiento es sólo horizontal y parte de "
    "la fila de arriba: 0 px arriba, unos 1.55 px en el centro y 3.1 px abajo",
    abs(max_shift - 2.56) < 0.15
    and 34 < max_angle < 36.5
    and 0.88 < scale.min() < 0.93
    and 1.07 < scale.max() < 1.13
    and by_row[0] < 0.05
    and abs(by_row[15:17].mean() - 1.55) < 0.15
    and abs(by_row[31] - 3.1) < 0.2
    and vertical_move < 0.01,
    traslación_px=float(max_shift),
    rotación_grados=float(max_angle),
    cizallamiento_abajo_px=float(by_row[31]),
)

# %%
# Es decir, en una imagen de 32 x 32:
#
# * el factor 0.08 traslada hasta 2.56 píxeles, no 4 (para 4 píxeles haría
#   falta 0.125);
# * el factor 0.1 de rotación gira hasta 36°, no 10° (para ±10° haría falta un
#   factor de aproximadamente 0.028);
# * el zoom sí acerca y aleja hasta un 10 %, como decía el comentario;
# * el cizallamiento inclina sólo en horizontal, y como Keras lo calcula desde
#   la fila de arriba y no desde el centro, además traslada: cada fila se corre
#   hasta 0.1 veces su distancia a la fila de arriba, 1.55 px en el centro de la
#   imagen y 3.1 px en la última fila.
#
# Los comentarios del código de la clase no coinciden con lo que Keras hace en
# la traslación y en la rotación. Conservamos los factores de la clase —son los
# que produjeron su resultado— y lo tenemos presente al interpretar.
#
# Los cuatro juntos, sobre dígitos
# --------------------------------
# Un píxel concreto puede moverse mucho más de 2.56 px: una rotación de 36°
# mueve más de 6 px un punto a 10 px del centro. Pero para la prueba trasladada
# importa otra cosa: ¿cuánto se desplaza el dígito entero? Medimos el centro de
# masa de 2,000 dígitos de entrenamiento con borde, antes y después del bloque
# completo, y contamos cuántos quedaron movidos como los de la prueba (4 px
# hacia abajo y 4 px a la derecha) o al menos 3 px y 3 px.
padded = np.pad(x_train_n[:N], ((0, 0), (2, 2), (2, 2), (0, 0)))
rows0, cols0 = centre_of_mass(padded)
rows1, cols1 = centre_of_mass(augment(models.augmentation(seed=config.SEED), padded))
dy, dx = rows1 - rows0, cols1 - cols0
like_test = {t: float(np.mean((dy >= t) & (dx >= t))) for t in (3, 4)}
print(
    f"El centro de los dígitos se movió hasta {np.abs(dy).max():.2f} px en vertical "
    f"y hasta {np.abs(dx).max():.2f} px en horizontal."
)
for t, share in like_test.items():
    print(
        f"Movidos al menos {t} px hacia abajo y {t} px a la derecha a la vez: "
        f"{formatting.percent(share, 1)}"
    )
claims.check(
    "casi ningún dígito aumentado (menos del 1 %) quedó movido a la vez 3 px hacia "
    "abajo y 3 px a la derecha; la prueba trasladada los mueve 4 y 4",
    like_test[3] < 0.01,
    al_menos_3_y_3=like_test[3],
)

# %%
# El bloque no muestra a la red el traslado de la prueba; si la red acierta en
# la prueba trasladada, es porque extiende lo que aprendió con movimientos más
# pequeños. Lo medimos más abajo.
#
# Así se ven algunos dígitos aumentados:
aug = models.augmentation(seed=config.SEED)
samples = [padded[i, :, :, 0] for i in range(8)]
for _ in range(3):
    out = np.asarray(aug(padded[:8], training=True))
    samples += [out[i, :, :, 0] for i in range(8)]
fig = plots.image_grid(
    samples,
    ncols=8,
    row_labels=["original", "aumento 1", "aumento 2", "aumento 3"],
    title="Dígitos con borde (32 x 32) y tres versiones aumentadas de cada uno",
)

# %%
# Las cuatro etapas
# -----------------
# Cada etapa se entrena con la misma semilla. El último modelo (con aumento) se
# entrena 40 épocas y, al final de cada una, medimos la prueba original y la
# trasladada: su valor en la época 20 es el de la etapa 3 y en la época 40 el de
# la etapa 4. Con SGD de tasa constante, las primeras 20 épocas de ese
# entrenamiento son equivalentes a un entrenamiento de 20 épocas: las mismas
# actualizaciones en el mismo orden (en una GPU el redondeo podría hacerlas
# diferir un poco).


def build_border():
    return models.compile_classifier(models.lenet5((28, 28, 1), padding=2), "sgd", 0.1)


def build_deeper():
    return models.compile_classifier(models.lenet5_improved(augment=False), "sgd", 0.1)


def build_augmented():
    return models.compile_classifier(models.lenet5_improved(augment=True), "sgd", 0.1)


base = recipes.lenet5_mnist()  # LeNet-5 de la lección 1, con su misma receta
border = training.fit_or_load(
    "lenet5_borde",
    build_border,
    **splits,
    epochs=20,
    batch_size=128,
    extra_test={"trasladada": (x_shift_n, y_test_1h)},
)
deeper = training.fit_or_load(
    "lenet5_mas_capas",
    build_deeper,
    **splits,
    epochs=20,
    batch_size=128,
    extra_test={"trasladada": (x_shift_n, y_test_1h)},
)
best = training.fit_or_load(
    "lenet5_mejorada",
    build_augmented,
    **splits,
    epochs=40,
    batch_size=128,
    extra_test={"trasladada": (x_shift_n, y_test_1h)},
)

# %%
# Resultados de cada etapa
# ------------------------
# Antes de leer los números revisamos cada entrenamiento: con una tasa de
# aprendizaje de 0.1, la pérdida puede volverse ``NaN`` (*not a number*), y
# desde ahí los pesos dejan de ser números y la red ya no aprende nada. Si
# ocurrió antes de la época que usamos, tomamos la última época sana y lo
# decimos.


def first_nan_epoch(run, upto=None):
    """Primera época (desde 1) con pérdida no finita entre las primeras ``upto``."""
    bad = np.flatnonzero(~np.isfinite(run.history["loss"][:upto]))
    return int(bad[0]) + 1 if bad.size else None


def clean_and_shifted(run, label, upto=None):
    """Exactitud original y trasladada de ``run`` en su última época sana."""
    i = len(run.history["loss"][:upto]) - 1
    nan_epoch = first_nan_epoch(run, upto)
    if nan_epoch is not None:
        i = max(nan_epoch - 2, 0)
        print(
            f"{run.name}: la pérdida se volvió NaN en la época {nan_epoch}; se usa "
            f"la época {i + 1}."
        )
        label = f"{label} (época {i + 1})"
    return label, (
        run.history["val_accuracy"][i],
        run.history["trasladada_accuracy"][i],
    )


half = min(20, len(best.history["val_accuracy"]))
steps = dict(
    [
        (
            "LeNet-5",
            (base.test_accuracy, training.accuracy(base.model, x_shift_n, y_test)),
        ),
        clean_and_shifted(border, "+ borde"),
        clean_and_shifted(deeper, "+ más capas"),
        clean_and_shifted(best, f"+ aumento ({half} ép.)", upto=half),
        clean_and_shifted(best, f"+ más épocas ({best.epochs} ép.)"),
    ]
)
print(f"{'modelo':30s} {'original':>9s} {'trasladada':>11s}")
for name, (clean, shifted) in steps.items():
    print(
        f"{name:30s} {formatting.percent(clean):>9s} {formatting.percent(shifted):>11s}"
    )
fig = plots.grouped_bars(
    list(steps),
    {
        "prueba original": [v[0] for v in steps.values()],
        "prueba trasladada 4 px": [v[1] for v in steps.values()],
    },
    title="Efecto de cada cambio (exactitud en prueba)",
)
final_clean, final_shifted = list(steps.values())[-1]

# %%
# Qué aporta cada etapa, en la prueba trasladada:
shifted = [v[1] for v in steps.values()]
gains = np.diff(shifted)
for name, gain in zip(list(steps)[1:], gains):
    print(f"{name:30s} {formatting.points(gain)}")
claims.check(
    "el borde solo y las capas extra sin aumento dejan la prueba trasladada por "
    "debajo del 50 %; el aumento de datos es la etapa que más la sube",
    shifted[1] < 0.5 and shifted[2] < 0.5 and int(np.argmax(gains)) == 2,
    borde=shifted[1],
    más_capas=shifted[2],
    aumento=shifted[3],
)
claims.check(
    "con las 40 épocas, la prueba trasladada queda a menos de 5 puntos de la "
    "original, y las 20 épocas extra la mueven menos de 3 puntos",
    final_clean - final_shifted < 0.05 and abs(shifted[4] - shifted[3]) < 0.03,
    original=final_clean,
    trasladada=final_shifted,
    cambio_20_a_40=shifted[4] - shifted[3],
)

# %%
# Guardamos el resultado final en un registro de métricas, como los demás.
training.save_record(
    "lenet5_improved_mnist",
    {
        "test_accuracy": final_clean,
        "shifted_accuracy": final_shifted,
        "params": best.model.count_params(),
    },
    epochs=best.epochs,
    batch_size=128,
    train_seconds=best.train_seconds,
)

# %%
# ¿Por qué diverge un entrenamiento?
# ----------------------------------
# La clase entrena con SGD y tasa 0.1, sin nada que limite el tamaño de cada
# actualización. ¿Qué pasó en esta construcción?
runs = {"+ borde": border, "+ más capas": deeper, "+ aumento": best}
diverged = {
    label: run
    for label, run in runs.items()
    if not np.all(np.isfinite(run.history["loss"]))
}
for label, run in runs.items():
    nan_epoch = first_nan_epoch(run)
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
    nan_epoch = first_nan_epoch(run)
    probe = Probe(nan_epoch, splits["train"][0][:512])
    training.set_seed()  # la misma semilla con la que fit_or_load entrenó
    model = build()
    start = time.perf_counter()
    fit = model.fit(
        *splits["train"],
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
# Repetimos cada entrenamiento que divergió y mostramos lo que midió la sonda:
builds = {
    "+ borde": build_border,
    "+ más capas": build_deeper,
    "+ aumento": build_augmented,
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
# entrenando de nuevo (ejercicio 3). Por ahora, el resultado de la etapa 2 que
# usamos arriba es el de la última época sana.
#
# Curvas del modelo final: la :term:`exactitud` en la prueba trasladada sube junto
# con la original a medida que avanza el entrenamiento con aumento de datos.
trace = best.history["trasladada_accuracy"]
claims.check(
    "la exactitud trasladada sube más de 10 puntos entre la primera y la última "
    "época, y la original también sube",
    trace[-1] - trace[0] > 0.1
    and best.history["val_accuracy"][-1] > best.history["val_accuracy"][0],
    trasladada_época_1=trace[0],
    trasladada_final=trace[-1],
)
fig = plots.learning_curves(
    {
        "loss": best.history["loss"],
        "accuracy": best.history["accuracy"],
        "val_loss": best.history["val_loss"],
        "val_accuracy": best.history["val_accuracy"],
    },
    title="LeNet-5 mejorada (con aumento de datos)",
)
fig = plots.line_chart(
    range(1, len(best.history["val_accuracy"]) + 1),
    {
        "prueba original": best.history["val_accuracy"],
        "prueba trasladada 4 px": best.history["trasladada_accuracy"],
    },
    xlabel="Época",
    ylabel="Exactitud",
    percent=True,
    title="LeNet-5 mejorada: prueba original y trasladada por época",
)

# %%
# MLP, LeNet-5 y la configuración mejorada
# ----------------------------------------
mlp_run = recipes.mlp_mnist()
mlp, mlp_shift = (
    mlp_run.test_accuracy,
    training.accuracy(mlp_run.model, x_shift_n, y_test),
)
fig = plots.grouped_bars(
    ["MLP", "LeNet-5", "LeNet-5 mejorada"],
    {
        "prueba original": [mlp, base.test_accuracy, final_clean],
        "prueba trasladada 4 px": [mlp_shift, steps["LeNet-5"][1], final_shifted],
    },
    title="Dígitos originales y trasladados",
)
gaps = {
    "MLP": mlp - mlp_shift,
    "LeNet-5": base.test_accuracy - steps["LeNet-5"][1],
    "mejorada": final_clean - final_shifted,
}
print(
    "Brecha original - trasladada: "
    + " · ".join(f"{k} {formatting.number(100 * v, 1)} pp" for k, v in gaps.items())
)

# %%
# El MLP de esta figura es el del capítulo 1, entrenado sin aumento: la
# comparación muestra cuánto cambió la LeNet-5, no que un MLP no pueda
# aprovechar el aumento. Esa comparación justa —el mismo MLP con este mismo
# bloque de aumento, el mismo borde y las mismas 40 épocas— está en la lección 5
# del capítulo 1.

# %%
# Resumen
# -------
# * El borde por sí solo no basta: la red sigue sin haber visto dígitos en esa
#   zona. Más capas convolucionales amplían el :term:`campo receptivo`, pero sin
#   aumento de datos la red sigue fallando la mayoría de los dígitos
#   trasladados.
# * El aumento de datos es el cambio decisivo. El bloque de la clase casi nunca
#   mueve un dígito entero tanto como la prueba trasladada (lo medimos: no
#   llega a la vez a 3 px hacia abajo y 3 px a la derecha), y aun así la red
#   acierta en esa prueba: con los :term:`pesos compartidos` y el agrupamiento,
#   lo aprendido con movimientos pequeños se extiende a uno mayor.
# * Las 20 épocas extra mueven poco la exactitud trasladada; al final queda
#   cerca de la original.
# * Con la tasa de 0.1 de la clase, un entrenamiento puede divergir: hay que
#   revisarlo antes de leer sus números, y recortar el gradiente
#   (``clipnorm``) acota cada actualización.
#
# Ejercicios
# ----------
# 1. Cambia el factor de traslación a 0.125 (los "±4 px" que decía el
#    comentario). ¿Qué esperas que pase con la prueba trasladada?
#
#    .. dropdown:: Solución
#
#       Con 0.125 x 32 = 4 px, los traslados de la prueba quedan dentro de lo
#       que la red vio al entrenar, así que la exactitud trasladada debería
#       acercarse todavía más a la original. Para probarlo, copia
#       ``models.augmentation`` con ese factor y entrena con ``fit_or_load``
#       bajo otro nombre.
#
# 2. ¿Cuántos parámetros tiene la configuración mejorada y dónde están?
#    Comprueba el total con ``exercises.check("4.3.2", tu_respuesta)``.
#
#    .. dropdown:: Solución
#
#       ``print(models.summary(best.model))``: 198,526, de los cuales 123,000
#       están en la primera :term:`capa densa` (4 x 4 x 64 = 1,024 entradas).
#
# 3. Entrena la etapa 2 (más capas, sin aumento) con el gradiente recortado,
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
#          def build_deeper_clipped():
#              model = models.lenet5_improved(augment=False)
#              model.compile(
#                  optimizer=keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0),
#                  loss="categorical_crossentropy",
#                  metrics=["accuracy"],
#              )
#              return model
#
#          clipped = training.fit_or_load(
#              "lenet5_mas_capas_recorte", build_deeper_clipped, **splits,
#              epochs=20, batch_size=128,
#              extra_test={"trasladada": (x_shift_n, y_test_1h)},
#          )
#          print(np.isfinite(clipped.history["loss"]).all())
#
#       Con el recorte, ninguna actualización mueve los pesos más de 0.1, así
#       que la racha que medimos arriba no puede multiplicar los pesos en unas
#       pocas actualizaciones. Aun así, un solo entrenamiento que no diverge no
#       prueba que el recorte siempre lo evite; compara también su exactitud
#       con la de la última época sana de la etapa 2 de arriba.
