"""La escalera del capítulo 6: de LeNet-5 a una CNN moderna, una idea por peldaño.

Cada peldaño agrega una idea al anterior (:data:`LADDER`) y se entrena con el
mismo presupuesto: ``LADDER_EPOCHS`` épocas, lotes de ``MODERN_BATCH``, la misma
semilla y CIFAR-10 completo, en una red angosta (``LADDER_WIDTHS``) para que la
escalera quepa en unos minutos de CPU. El modelo final es el último peldaño con
más filtros y más épocas, sin las ideas que la escalera midió y no se
justificaron (:data:`FINAL_WITHOUT`). Como en :mod:`cnnbook.recipes`, cada
entrenamiento se define aquí una sola vez: la lección que presenta un peldaño y
las que lo retoman llaman a :func:`train` y comparten la clave de caché.
"""

from __future__ import annotations

from cnnbook import config, modern, recipes, training
from cnnbook.validation import check_choice

__all__ = [
    "LADDER",
    "LADDER_WIDTHS",
    "LADDER_EPOCHS",
    "FINAL_WIDTHS",
    "FINAL_EPOCHS",
    "FINAL_WITHOUT",
    "MODERN_BATCH",
    "settings",
    "final_settings",
    "train",
    "final",
]


#: Los peldaños del capítulo 6, en orden; cada uno agrega una idea al anterior.
LADDER = (
    "pilas_3x3",
    "tasa_coseno",
    "normalizacion",
    "aumento",
    "regularizacion",
    "residual_global",
)
#: Los peldaños se comparan con el mismo presupuesto, en una red angosta; el
#: modelo final es el último peldaño con el doble de filtros y más épocas.
LADDER_WIDTHS, LADDER_EPOCHS = (16, 32, 64), 3
FINAL_WIDTHS, FINAL_EPOCHS = (32, 64, 128), 7
#: Peldaños cuya idea el modelo final deja fuera porque su medición no la
#: justificó: el decaimiento de pesos con suavizado bajó la exactitud de la
#: escalera (la lección de regularización lo comprueba en cada construcción).
FINAL_WITHOUT = ("regularizacion",)
MODERN_BATCH = 256


def settings(step: str) -> dict:
    """Los argumentos de :func:`cnnbook.modern.modern_cnn` (``"model"``) y de
    :func:`cnnbook.modern.compile_modern` (``"compile"``) del peldaño ``step``,
    que acumula las ideas de los anteriores.
    """
    return _compose(_upto(step))


def _upto(step: str) -> tuple[str, ...]:
    """Los peldaños hasta ``step``, inclusive (``step`` validado)."""
    check_choice(step, "step", LADDER)
    return LADDER[: LADDER.index(step) + 1]


def _compose(upto: tuple[str, ...]) -> dict:
    """Los argumentos de una red con las ideas de los peldaños ``upto``."""
    model = {
        "widths": LADDER_WIDTHS,
        "convs_per_stage": 2,
        "batchnorm": "normalizacion" in upto,
        "augment": "aumento" in upto,
        "residual": "residual_global" in upto,
        "global_pool": "residual_global" in upto,
        "precision": modern.fast_precision(),
    }
    # El primer peldaño usa el SGD de la clase: tasa 0.1 constante, sin momento.
    # Con una tasa constante la exactitud en prueba salta de época en época; al
    # bajar la tasa hasta 0, los peldaños siguientes se comparan con pesos que ya
    # se asentaron. Sin normalizar, la red sólo tolera una tasa máxima de 0.05
    # con momento; normalizada, 0.2 (lo mide la lección de normalización).
    compile_ = {"learning_rate": 0.1, "momentum": 0.0}
    if "tasa_coseno" in upto:
        compile_.update(
            learning_rate=0.05, momentum=0.9, schedule="cosine", warmup_fraction=0.2
        )
    if "normalizacion" in upto:
        compile_.update(learning_rate=0.2)
    if "regularizacion" in upto:
        compile_.update(weight_decay=5e-4, label_smoothing=0.1)
    return {"model": model, "compile": compile_}


def _run(name: str, chosen: dict, epochs: int) -> training.TrainingRun:
    train, test = recipes.cifar10_split()
    epochs_run = config.profile().epochs(epochs)
    steps = -(-len(train[0]) // MODERN_BATCH)  # actualizaciones por época

    def build():
        model = modern.modern_cnn(**chosen["model"])
        return modern.compile_modern(
            model, **chosen["compile"], epochs=epochs_run, steps_per_epoch=steps
        )

    return training.fit_or_load(
        name, build, train=train, test=test, epochs=epochs, batch_size=MODERN_BATCH
    )


def train(step: str, precision: str | None = None) -> training.TrainingRun:
    """Entrena (o carga) el peldaño ``step``: ``LADDER_EPOCHS`` épocas en CIFAR-10.

    Cada lección del capítulo presenta el suyo; el resumen los carga todos.
    ``precision`` (una de :data:`cnnbook.modern.PRECISIONS`) cambia la del
    peldaño; si difiere de la que éste usa en esta máquina, se entrena aparte
    como ``moderna_<step>_<precision>``.
    """
    chosen = settings(step)
    name = f"moderna_{step}"
    if precision is not None:
        precision = check_choice(precision, "precision", modern.PRECISIONS)
        if precision != chosen["model"]["precision"]:
            chosen["model"]["precision"] = precision
            name = f"{name}_{precision}"
    return _run(name, chosen, LADDER_EPOCHS)


def final_settings(step: str = LADDER[-1]) -> dict:
    """Los argumentos del modelo final: los de :func:`settings` con
    ``FINAL_WIDTHS`` filtros por etapa y sin las ideas de :data:`FINAL_WITHOUT`."""
    chosen = _compose(tuple(s for s in _upto(step) if s not in FINAL_WITHOUT))
    chosen["model"]["widths"] = FINAL_WIDTHS
    return chosen


def final(step: str = LADDER[-1]) -> training.TrainingRun:
    """El modelo final: el peldaño ``step`` (el último, por omisión) con
    ``FINAL_WIDTHS`` filtros y ``FINAL_EPOCHS`` épocas, sin las ideas de
    :data:`FINAL_WITHOUT`; la tasa coseno se estira a sus actualizaciones.

    Lo presenta ``06_cnn_moderna/plot_06_residual_y_final.py``. Con otro
    ``step`` se entrena como ``moderna_final_<step>``, para medir qué aporta una
    idea en la red ancha.
    """
    chosen = final_settings(step)
    name = "moderna_final" if step == LADDER[-1] else f"moderna_final_{step}"
    return _run(name, chosen, FINAL_EPOCHS)
