"""Cada argumento de cada función pública se valida por separado.

``test_public_api.py`` prueba un disparate en el primer argumento. Aquí, para
cada función se parte de una llamada válida y se estropea **un argumento a la
vez**: un tipo absurdo, un entero fuera de rango y un arreglo con la forma
equivocada. El error debe ser ``TypeError`` o ``ValueError``, en español, y
nombrar precisamente ese argumento entre comillas invertidas. Los módulos se
descubren solos: una función pública nueva sin llamada válida hace fallar
``test_every_public_function_has_a_valid_call``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import matplotlib
import numpy as np
import pytest

import cnnbook

matplotlib.use("Agg")


def _tiny_model():
    from cnnbook import models

    return models.compile_classifier(
        models.mlp((4, 4, 1), hidden=(4,), num_classes=2), "adam", 0.01
    )


def _tiny_split():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 4, 4, 1)).astype("float32")
    return x, np.eye(2, dtype="float32")[np.arange(8) % 2]


def _memo_compute():
    return np.zeros(2)


IMG = np.arange(36, dtype="float64").reshape(6, 6)
IMAGE12 = np.full((12, 12, 1), 0.5, "float32")  # una entrada de TINY_CNN
X4 = np.zeros((8, 4, 4, 1), "float32")  # entradas de TINY con valores en [0, 1]
PROBS = np.array([[0.9, 0.1], [0.2, 0.8]])
U8 = (np.arange(2 * 8 * 8) % 256).astype("uint8").reshape(2, 8, 8)
HISTORY = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7]}

# Una llamada válida por función: argumentos obligatorios (los opcionales toman
# su valor por omisión, que también se estropea uno por uno).
VALID = {
    "config.profile": {},
    "config.data_dir": {},
    "config.cache_dir": {},
    "config.records_dir": {},
    "config.colab_repo": {},
    "config.colab_branch": {},
    "config.bench_log": {},
    "config.bench_pure": {},
    "config.site_url": {},
    "config.lesson_pattern": {},
    "claims.check": {"statement": "algo", "holds": True},
    "formatting.integer": {"value": 3},
    "formatting.percent": {"fraction": 0.5},
    "formatting.points": {"difference": 0.1},
    "formatting.number": {"value": 1.5},
    "data.load_mnist": None,  # necesita datos reales; se prueba en test_data.py
    "data.load_cifar10": None,
    "data.provenance": None,  # necesita datos reales; se prueba en test_data.py
    "data.normalize": {"x": U8},
    "data.one_hot": {"y": np.array([0, 1, 2])},
    "data.to_grayscale": {"x": np.zeros((2, 4, 4, 3), "uint8")},
    "data.resize": {"x": U8, "size": (4, 4)},
    "data.shift": {"x": U8, "dy": 1, "dx": 1},
    "ops.conv2d": {"image": IMG, "kernel": np.ones((3, 3))},
    "ops.conv2d_loop": {"image": IMG, "kernel": np.ones((3, 3))},
    "ops.output_size": {"n": 6, "k": 3},
    "ops.pad": {"image": IMG, "p": 1},
    "ops.max_pool": {"x": IMG},
    "ops.avg_pool": {"x": IMG},
    "ops.relu": {"x": IMG},
    "models.mlp": {},
    "models.lenet5": {},
    "models.small_cnn": {},
    "models.one_conv": {},
    "cortex.bar": {"angle": 30},
    "cortex.simple_cell": {"angle": 45},
    "cortex.responses": {"image": np.zeros((8, 8)), "cell": np.ones((3, 3))},
    "models.lenet5_improved": {},
    "models.augmentation": {},
    "models.compile_classifier": {"model": "TINY_UNCOMPILED"},
    "models.summary": {"model": "TINY"},
    "modern.fast_precision": {},
    "speed.layer_costs": {"model": "TINY"},
    "speed.train_flops": {"model": "TINY"},
    "speed.step_seconds": {"model": "TINY", "x": "SPLIT_X", "y": "SPLIT_Y"},
    "speed.matmul_gflops": {"size": 64, "repeats": 1},
    "speed.augmentation_seconds": {"block": "AUG_BLOCK", "x": "IMAGES8", "repeats": 1},
    "affine.lecture_affine_matrices": {
        "translation": [[0.0, 0.0]],
        "angle": [10.0],
        "zoom": [1.0],
        "shear": [0.0],
        "height": 8,
        "width": 8,
    },
    "affine.composed_augmentation": {},
    "affine.affine_parameters": {"block": "AUG_BLOCK", "n": 2, "side": 8},
    "modern.photo_augmentation": {},
    "modern.modern_cnn": {"input_shape": (8, 8, 3), "num_classes": 2, "widths": (4,)},
    "modern.warmup_cosine": {"learning_rate": 0.1, "total_steps": 10},
    "modern.compile_modern": {"model": "TINY_UNCOMPILED"},
    "modern.predict_with_flip": {
        "model": "TINY",
        "x": np.zeros((2, 4, 4, 1), dtype="float32"),
    },
    "training.set_seed": {},
    "training.fingerprint": None,  # sólo *arrays; lo cubre test_training.py
    "training.cache_key": {
        "model": "TINY",
        "settings": {"epochs": 1},
        "data_fingerprint": "abc",
    },
    "training.fit_or_load": {
        "name": "api",
        "build": _tiny_model,
        "train": "SPLIT",
        "test": "SPLIT",
        "epochs": 1,
        "batch_size": 4,
    },
    "training.accuracy": {
        "model": "TINY",
        "x": "SPLIT_X",
        "y": np.arange(8) % 2,
    },
    "training.first_nan_epoch": {"losses": np.array([0.5, float("nan")]), "upto": 2},
    "training.memoize": {"name": "api_memo", "compute": "MEMO_COMPUTE"},
    "training.save_record": {"name": "api", "values": {"a": 0.5}},
    "training.load_record": {"name": "api"},
    "training.load_records": {},
    "records.save_record": {"name": "api", "values": {"a": 0.5}},
    "records.load_record": {"name": "api"},
    "records.load_records": {},
    "plots.setup_style": {},
    "plots.learning_curves": {"history": HISTORY},
    "plots.prediction_grid": {
        "images": U8,
        "y_true": [0, 1],
        "y_pred": [0, 1],
        "class_names": ["a", "b"],
    },
    "plots.image": {"image": IMG},
    "plots.image_pair": {
        "left": IMG,
        "right": IMG,
        "left_title": "a",
        "right_title": "b",
    },
    "plots.accuracy_bars": {"labels": ["a", "b"], "values": [0.5, 0.6]},
    "plots.shift_accuracy_maps": {
        "maps": {"m": np.full((3, 3), 0.5)},
        "shifts": [-1, 0, 1],
    },
    "plots.line_chart": {
        "x": [1, 2],
        "series": {"s": [1.0, 2.0]},
        "xlabel": "x",
        "ylabel": "y",
    },
    "plots.grouped_bars": {"labels": ["a", "b"], "groups": {"g": [0.5, 0.6]}},
    "plots.convolution_animation": {},
    "plots.matrix": {"values": np.eye(3)},
    "plots.kernel_label": {"value": 1.0},
    "plots.filter_results": {"image": IMG, "kernels": {"k": np.ones((3, 3))}},
    "plots.filters": {"weights": np.ones((3, 3, 1, 4))},
    "plots.image_grid": {"images": U8},
    "plots.window_steps": {"values": np.arange(16.0).reshape(4, 4), "size": 2},
    "plots.feature_stack": {"maps": np.ones((4, 4, 3))},
    "plots.compare_curves": {"histories": {"a": HISTORY}},
    "receptive.receptive_fields": {"model": "TINY_CNN"},
    "receptive.gradient_map": {"model": "TINY_CNN", "layer_name": "conv_1"},
    "receptive.measured_receptive_field": {"model": "TINY_CNN", "layer_name": "pool_1"},
    "interpret.occlusion_map": {"model": "TINY_CNN", "image": IMAGE12, "label": 0},
    "interpret.gradient_saliency": {
        "model": "TINY_CNN",
        "image": IMAGE12,
        "label": 0,
    },
    "interpret.grad_cam": {
        "model": "TINY_CNN",
        "image": IMAGE12,
        "label": 0,
        "layer_name": "conv_2",
    },
    "interpret.normalize_map": {"m": IMG},
    "interpret.randomized_copy": {"model": "TINY_CNN"},
    "interpret.map_similarity": {"a": IMG, "b": IMG},
    "interpret.top_patches": {
        "model": "TINY_CNN",
        "layer_name": "conv_2",
        "images": IMAGE12[None],
        "unit": 0,
        "k": 1,
    },
    "interpret.maximize_activation": {
        "model": "TINY_CNN",
        "layer_name": "conv_2",
        "unit": 0,
        "steps": 2,
    },
    "interpret.reliability": {"probabilities": PROBS, "labels": np.array([0, 1])},
    "interpret.confusion": {
        "predicted": np.array([0, 1]),
        "labels": np.array([1, 1]),
        "num_classes": 2,
    },
    "interpret.most_confident_errors": {
        "probabilities": PROBS,
        "labels": np.array([0, 1]),
    },
    "interpret.shift_accuracy_grid": {
        "model": "TINY",
        "x": X4,
        "y": np.arange(8) % 2,
        "max_shift": 2,
    },
    "interpret.transform_accuracy": {
        "model": "TINY",
        "x": X4,
        "y": np.arange(8) % 2,
        "kind": "rotation",
        "values": np.array([0.0, 90.0]),
    },
    "classic.hog_features": {"images": np.zeros((2, 28, 28), "uint8")},
    "classic.hog_image": {"image": np.zeros((28, 28), "uint8")},
    "classic.hog_length": {"shape": (28, 28)},
    "report.reproduction_table": {},
    "recipes.mlp_mnist": None,  # entrenan con datos reales; sin argumentos
    "recipes.mlp_cifar10": None,
    "recipes.lenet5_mnist": None,
    "recipes.small_cnn_adam": None,
    "recipes.one_conv_mnist": None,
    "recipes.lenet5_border": None,
    "recipes.lenet5_deeper": None,
    "recipes.lenet5_improved": None,
    "recipes.lenet5_cifar10": None,
    # Un peldaño inválido se rechaza antes de cargar datos o entrenar.
    "ladder.settings": {"step": "pilas_3x3"},
    "ladder.train": {"step": "pilas_3x3"},
    "ladder.final": {"step": "pilas_3x3"},
    "ladder.final_settings": {"step": "pilas_3x3"},
    "exercises.check": {"exercise": "EXERCISE", "answer": "ANSWER"},
}

# Argumentos que aceptan cualquier objeto por diseño.
ANY_OBJECT = {
    ("exercises.check", "answer"),  # una respuesta equivocada es False, no error
    ("plots.kernel_label", "value"),  # convierte a texto lo que reciba
}

# Enteros que pueden ser negativos o cero.
SIGNED = {
    ("formatting.integer", "value"),
    ("data.shift", "dy"),
    ("cortex.bar", "angle"),
    ("cortex.simple_cell", "angle"),
    ("data.shift", "dx"),
    ("ops.pad", "value"),
    ("plots.kernel_label", "value"),
    ("plots.convolution_animation", "padding"),
    ("ops.output_size", "padding"),
    ("models.lenet5", "padding"),
    ("models.lenet5_improved", "padding"),
    ("plots.matrix", "vmin"),
    ("plots.matrix", "vmax"),
    ("plots.image_grid", "vmin"),
    ("plots.image_grid", "vmax"),
}

# Arreglos que admiten cualquier número de dimensiones.
ANY_SHAPE = {
    ("ops.relu", "x"),
    ("data.normalize", "x"),
    ("data.one_hot", "y"),
}


def _functions():
    # Módulos y paquetes (``ops``, ``plots``...): un paquete reexporta su API.
    # ``validation`` es quien escribe esos mensajes: sus argumentos ``name`` los
    # pone el código del libro, no el lector; lo prueban test_validation.py y sus
    # ejemplos.
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(cnnbook.__path__)
        if not m.name.startswith("_") and m.name != "validation"
    )
    for mod_name in names:
        module = importlib.import_module(f"cnnbook.{mod_name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.isfunction(obj):
                yield f"{mod_name}.{attr}", obj


FUNCTIONS = dict(_functions())


class Nonsense:
    def __repr__(self):
        return "<disparate>"


def _resolve(value, qualname):
    if isinstance(value, str):
        if value == "TINY":
            return _tiny_model()
        if value == "AUG_BLOCK":
            from cnnbook import affine

            return affine.composed_augmentation()
        if value == "IMAGES8":
            return np.zeros((2, 8, 8, 1), "float32")
        if value == "TINY_UNCOMPILED":
            from cnnbook import models

            return models.mlp((4, 4, 1), hidden=(4,), num_classes=2)
        if value == "TINY_CNN":
            from cnnbook import models

            return models.small_cnn((12, 12, 1), num_classes=2)
        if value == "SPLIT":
            return _tiny_split()
        if value == "SPLIT_X":
            return _tiny_split()[0]
        if value == "SPLIT_Y":
            return _tiny_split()[1]
        if value == "MEMO_COMPUTE":
            return _memo_compute
        if value == "EXERCISE":
            from cnnbook import exercises

            return sorted(exercises.ANSWERS)[0]
        if value == "ANSWER":
            return 0
    return value


def _valid_kwargs(qualname):
    return {k: _resolve(v, qualname) for k, v in VALID[qualname].items()}


def _cases():
    for qualname, func in FUNCTIONS.items():
        if VALID.get(qualname) is None:
            continue
        for p in inspect.signature(func).parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            if (qualname, p.name) in ANY_OBJECT:
                continue
            yield qualname, p


CASES = list(_cases())


def test_every_public_function_has_a_valid_call():
    missing = sorted(set(FUNCTIONS) - set(VALID))
    assert not missing, f"faltan llamadas válidas para {missing}"
    assert len(CASES) >= 100


def _assert_named(err, name, qualname):
    message = str(err.value)
    assert re.search(rf"`{re.escape(name)}(\[[^`]*\])?`", message), (
        f"{qualname}({name}=...): el error no nombra `{name}`: {message!r}"
    )
    assert re.search(r"[áéíóúñ]|debe|se recibió|no es|no tiene", message), (
        f"{qualname}: ¿español?: {message!r}"
    )


@pytest.fixture
def api_env(isolated_env):
    from cnnbook import training

    training.save_record("api", {"a": 0.5})
    yield


@pytest.mark.parametrize(
    ("qualname", "param"), CASES, ids=[f"{q}-{p.name}" for q, p in CASES]
)
def test_each_argument_rejects_nonsense(api_env, qualname, param):
    kwargs = _valid_kwargs(qualname)
    kwargs[param.name] = Nonsense()
    with pytest.raises((TypeError, ValueError)) as err:
        FUNCTIONS[qualname](**kwargs)
    _assert_named(err, param.name, qualname)


def _int_cases():
    for qualname, p in CASES:
        value = VALID[qualname].get(p.name, p.default)
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (qualname, p.name) not in SIGNED
        ):
            yield qualname, p


INT_CASES = list(_int_cases())


@pytest.mark.parametrize(
    ("qualname", "param"), INT_CASES, ids=[f"{q}-{p.name}" for q, p in INT_CASES]
)
def test_each_integer_rejects_negative(api_env, qualname, param):
    kwargs = _valid_kwargs(qualname)
    kwargs[param.name] = -3
    with pytest.raises((TypeError, ValueError)) as err:
        FUNCTIONS[qualname](**kwargs)
    _assert_named(err, param.name, qualname)


def _array_cases():
    for qualname, p in CASES:
        value = _resolve(VALID[qualname].get(p.name, p.default), qualname)
        if isinstance(value, np.ndarray) and (qualname, p.name) not in ANY_SHAPE:
            yield qualname, p


ARRAY_CASES = list(_array_cases())


@pytest.mark.parametrize(
    ("qualname", "param"),
    ARRAY_CASES,
    ids=[f"{q}-{p.name}" for q, p in ARRAY_CASES],
)
def test_each_array_rejects_wrong_shape(api_env, qualname, param):
    kwargs = _valid_kwargs(qualname)
    kwargs[param.name] = np.zeros((1, 1, 1, 1, 1, 2))
    with pytest.raises((TypeError, ValueError)) as err:
        FUNCTIONS[qualname](**kwargs)
    _assert_named(err, param.name, qualname)


def test_enumerations_are_not_empty():
    assert len(INT_CASES) >= 20 and len(ARRAY_CASES) >= 15
