"""¿Qué aprendió la red? (`cnnbook.interpret`): cada herramienta contra un caso
construido a mano cuyo resultado se conoce de antemano."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers
from scipy.stats import spearmanr
from sklearn.metrics import confusion_matrix

from cnnbook import interpret, models


def _stack(*stack, shape):
    return keras.Sequential([keras.Input(shape), *stack])


def _linear(kernel, bias=None, shape=(8, 8, 1)):
    """Aplanar -> Dense con softmax, con los pesos dados."""
    dense = layers.Dense(kernel.shape[1], activation="softmax")
    model = _stack(layers.Flatten(), dense, shape=shape)
    dense.set_weights([kernel, np.zeros(kernel.shape[1]) if bias is None else bias])
    return model


def _rng(seed=0):
    return np.random.default_rng(seed)


def _randomize(model, seed=0):
    """Pesos al azar (varianzas positivas), como si el modelo se hubiera entrenado."""
    rng = _rng(seed)
    model.set_weights(
        [
            np.abs(w) + 0.5 if "variance" in v.path else rng.normal(size=w.shape)
            for w, v in zip(model.get_weights(), model.weights, strict=True)
        ]
    )
    return model


def test_grad_cam_of_an_identity_layer_is_the_channel_mean():
    conv = layers.Conv2D(3, 1, name="identidad")
    dense = layers.Dense(2, activation="softmax")
    model = _stack(conv, layers.GlobalAveragePooling2D(), dense, shape=(6, 6, 3))
    conv.set_weights([np.eye(3).reshape(1, 1, 3, 3), np.zeros(3)])
    dense.set_weights([np.tile([1.0, 0.5], (3, 1)), np.zeros(2)])
    image = _rng().random((6, 6, 3)).astype("float32")
    # alpha_k = w / 36 para cada canal: L = ReLU(w · 3 · media de canales / 36).
    # Con la probabilidad en lugar del logit el mapa sería cero: p = 1/2 siempre.
    for label, w in ((0, 1.0), (1, 0.5)):
        cam = interpret.grad_cam(model, image, label, "identidad")
        np.testing.assert_allclose(cam, w * image.mean(axis=-1) / 12, rtol=1e-5)


def test_grad_cam_is_upsampled_raw_and_normalize_map_scales_it():
    model = _randomize(models.small_cnn((12, 12, 1), num_classes=3))
    image = _rng(1).random((12, 12, 1)).astype("float32")
    cam = interpret.grad_cam(model, image, 1, "relu_2")  # un mapa de 3 x 3
    assert cam.shape == (12, 12) and cam.min() >= 0 and cam.max() > 0
    scaled = interpret.normalize_map(cam)
    assert scaled.min() == 0 and scaled.max() == 1
    np.testing.assert_allclose(scaled * (cam.max() - cam.min()) + cam.min(), cam)
    assert not interpret.normalize_map(np.zeros((4, 4))).any()


def test_occlusion_only_matters_over_the_region_the_class_reads():
    weights = np.zeros((8, 8, 2))
    weights[2:4, 5:7, 0] = 1.0  # la clase 0 sólo lee las filas 2-3, columnas 5-6
    model = _linear(weights.reshape(64, 2))
    heat = interpret.occlusion_map(model, np.ones((8, 8, 1)), 0, patch=2, stride=1)
    assert heat.shape == (7, 7)
    touches = np.zeros((7, 7), bool)
    touches[1:4, 4:7] = True  # cuadrados con esquina (i, j) que tocan la región
    np.testing.assert_array_equal(np.abs(heat) > 1e-6, touches)
    sigmoid = 1 / (1 + np.exp(-np.array([4.0, 2.0])))  # región: 4 unos; tapada: 2
    assert heat.max() == pytest.approx(sigmoid[0] - sigmoid[1], abs=1e-6)
    assert np.unravel_index(heat.argmax(), heat.shape) == (2, 5)


def test_occlusion_grid_follows_patch_and_stride():
    model = _linear(_rng().normal(size=(64, 3)))
    heat = interpret.occlusion_map(model, np.full((8, 8, 1), 0.2), 1, patch=3)
    assert heat.shape == (3, 3)


def test_saliency_of_a_linear_model_is_the_absolute_weight():
    kernel = _rng().normal(size=(4 * 4 * 2, 3))
    model = _linear(kernel, shape=(4, 4, 2))
    image = _rng(1).random((4, 4, 2))
    saliency = interpret.gradient_saliency(model, image, 1)
    expected = np.abs(kernel[:, 1]).reshape(4, 4, 2).max(axis=-1)
    np.testing.assert_allclose(saliency, expected, rtol=1e-5)


def test_randomized_copy_changes_every_weight_and_keeps_the_architecture():
    model = _randomize(
        _stack(
            layers.DepthwiseConv2D(3, name="dw"),
            layers.BatchNormalization(name="bn"),
            layers.SeparableConv2D(2, 3, name="sep"),
            layers.Flatten(),
            layers.Dense(2, activation="softmax", name="salida"),
            shape=(7, 7, 2),
        )
    )
    before = model.get_weights()
    copy = interpret.randomized_copy(model, seed=1)
    assert [(type(a), a.name) for a in copy.layers] == [
        (type(b), b.name) for b in model.layers
    ]
    after = copy.get_weights()
    assert [w.shape for w in after] == [w.shape for w in before]
    for old, new, v in zip(before, after, copy.weights, strict=True):
        assert not np.allclose(old, new), v.path
    for old, kept in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, kept)  # el original no se toca
    again = interpret.randomized_copy(model, seed=1).get_weights()
    other = interpret.randomized_copy(model, seed=2).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(after, again, strict=True))
    assert not np.allclose(after[0], other[0])


def test_randomized_copy_handles_the_augmentation_block():
    # Keras no sabe reconstruir RandomShear desde su configuración; el bloque de
    # aumento (inactivo al predecir) pasa como identidad.
    model = models.lenet5_improved()
    copy = interpret.randomized_copy(model)
    assert [a.name for a in copy.layers] == [b.name for b in model.layers]
    x = _rng().random((2, 28, 28, 1))
    assert copy.predict(x, verbose=0).shape == (2, 10)
    kernel = model.get_layer("conv_1").kernel.numpy()
    assert not np.allclose(copy.get_layer("conv_1").kernel.numpy(), kernel)
    assert model.get_layer("aumento").output is not None  # sin compartir capas


def test_map_similarity_is_spearman():
    a, b = _rng().integers(0, 5, size=(2, 6, 6)).astype(float)  # con empates
    assert interpret.map_similarity(a, b) == pytest.approx(
        spearmanr(a.ravel(), b.ravel()).statistic
    )
    assert interpret.map_similarity(a, a**3 + 2) == pytest.approx(1)
    assert interpret.map_similarity(a, -a) == pytest.approx(-1)
    assert interpret.map_similarity(a, np.zeros((6, 6))) == 0


def _ones_conv(kernel, **kwargs):
    conv = layers.Conv2D(1, kernel, name="c", **kwargs)
    model = _stack(
        conv,
        layers.MaxPooling2D(2, name="p"),
        layers.Flatten(),
        layers.Dense(2, activation="softmax"),
        shape=(10, 10, 1),
    )
    conv.set_weights([np.ones((kernel, kernel, 1, 1)), np.zeros(1)])
    return model


def test_top_patches_find_the_planted_spot_across_batches():
    images = _rng().random((600, 10, 10, 1)) * 0.05
    images[550, 5:8, 2:5] = 1.0  # en el segundo lote de 512
    model = _ones_conv(3)
    patches, values = interpret.top_patches(model, "c", images, 0, k=5)
    assert patches.shape == (5, 3, 3, 1) and values.shape == (5,)
    assert np.all(np.diff(values) <= 0)
    assert values[0] == pytest.approx(9) and np.all(patches[0] == 1)
    pooled, _ = interpret.top_patches(model, "p", images, 0, k=1)
    assert pooled.shape == (1, 4, 4, 1)  # campo 4 x 4 que contiene la mancha
    np.testing.assert_array_equal(pooled[0, 1:4, 0:3], 1)


def test_top_patches_pad_with_zeros_outside_the_image():
    images = np.zeros((3, 10, 10, 1))
    images[1, :3, :3] = 1.0  # unos: las sumas empatan exactamente
    model = _ones_conv(5, padding="same")
    # Las unidades (0..2, 0..2) ven la mancha entera: empate, gana la primera,
    # cuyo campo de 5 x 5 empieza en (-2, -2).
    patches, values = interpret.top_patches(model, "c", images, 0, k=1)
    assert patches.shape == (1, 5, 5, 1)
    assert values[0] == 9
    assert not patches[0, :2].any() and not patches[0, :, :2].any()
    np.testing.assert_array_equal(patches[0, 2:, 2:], images[1, :3, :3])


def test_maximize_activation_beats_the_starting_noise():
    keras.utils.set_random_seed(0)
    model = models.small_cnn((12, 12, 1), num_classes=2)
    layer = keras.Model(model.inputs[0], model.get_layer("conv_2").output)

    def unit(x):  # la posición central del mapa de 3 x 3
        return float(layer(x[None])[0, 1, 1, 3])

    start = interpret.maximize_activation(model, "conv_2", 3, steps=0)
    found = interpret.maximize_activation(model, "conv_2", 3, steps=40)
    assert start.shape == found.shape == (12, 12, 1)
    assert np.abs(start - 0.5).max() < 0.1
    assert found.min() >= 0 and found.max() <= 1
    # Más que la imagen de partida y más que cualquiera de 100 imágenes al azar.
    noise = _rng(5).random((100, 12, 12, 1))
    assert unit(found) > max(unit(start), *(unit(x) for x in noise))
    np.testing.assert_array_equal(
        found, interpret.maximize_activation(model, "conv_2", 3, steps=40)
    )


def test_maps_and_maximization_work_in_mixed_precision():
    """Con ``mixed_bfloat16`` (la CNN moderna en un procesador con bfloat16) los
    mapas de la capa y la activación son bfloat16: las herramientas devuelven
    float32 y, en la capa identidad, el mismo Grad-CAM que en float32."""
    conv = layers.Conv2D(3, 1, name="identidad", dtype="mixed_bfloat16")
    pool = layers.GlobalAveragePooling2D(dtype="mixed_bfloat16")
    dense = layers.Dense(2, activation="softmax", dtype="float32")
    model = _stack(conv, pool, dense, shape=(6, 6, 3))
    conv.set_weights([np.eye(3).reshape(1, 1, 3, 3), np.zeros(3)])
    dense.set_weights([np.tile([1.0, 0.5], (3, 1)), np.zeros(2)])
    image = _rng().random((6, 6, 3)).astype("float32")
    cam = interpret.grad_cam(model, image, 0, "identidad")
    assert cam.dtype == np.float32
    # bfloat16 guarda 8 bits de mantisa: el mapa coincide hasta ~1 %.
    np.testing.assert_allclose(cam, image.mean(axis=-1) / 12, rtol=2e-2, atol=1e-3)
    found = interpret.maximize_activation(model, "identidad", 1, steps=5)
    assert found.dtype == np.float32 and np.isfinite(found).all()
    assert found.min() >= 0 and found.max() <= 1


PROBS = np.array(
    [[0.4, 0.3, 0.3], [0.2, 0.45, 0.35], [0.9, 0.05, 0.05], [0.1, 0.7, 0.2]]
)
LABELS = np.array([0, 2, 0, 0])  # aciertos: sí, no, sí, no


def test_reliability_by_hand():
    r = interpret.reliability(PROBS, LABELS, bins=2)
    np.testing.assert_allclose(r.confidence, [0.425, 0.8])
    np.testing.assert_allclose(r.accuracy, [0.5, 0.5])
    np.testing.assert_array_equal(r.counts, [2, 2])
    np.testing.assert_allclose(r.edges, [0, 0.5, 1])
    assert r.ece == pytest.approx(0.5 * 0.075 + 0.5 * 0.3)
    four = interpret.reliability(PROBS, LABELS, bins=4)  # (0, 0.25] queda vacío
    assert np.isnan(four.confidence[0]) and four.counts.tolist() == [0, 2, 1, 1]
    assert four.ece == pytest.approx(0.5 * 0.075 + 0.25 * 0.7 + 0.25 * 0.1)


def test_calibrated_predictions_have_small_ece_and_overconfident_ones_large():
    rng = _rng()
    confidence = rng.uniform(0.5, 1, 20_000)
    labels = (rng.random(20_000) > confidence).astype(int)  # acierta con prob. c
    probs = np.stack([confidence, 1 - confidence], axis=1)
    assert interpret.reliability(probs, labels).ece < 0.02
    coin = rng.integers(0, 2, 20_000)
    sure = np.tile([0.95, 0.05], (20_000, 1))
    assert interpret.reliability(sure, coin).ece == pytest.approx(0.45, abs=0.02)


def test_confusion_matches_scikit_learn():
    predicted, labels = _rng().integers(0, 4, size=(2, 50))
    np.testing.assert_array_equal(
        interpret.confusion(predicted, labels, 4),
        confusion_matrix(labels, predicted, labels=range(4)),
    )
    assert interpret.confusion(PROBS.argmax(1), LABELS, 3).tolist() == [
        [2, 1, 0],
        [0, 0, 0],
        [0, 1, 0],
    ]


def test_most_confident_errors_by_hand():
    assert interpret.most_confident_errors(PROBS, LABELS).tolist() == [3, 1]
    assert interpret.most_confident_errors(PROBS, LABELS, k=1).tolist() == [3]


def _bars():
    """Una barra vertical en la columna 2 (clase 0) y otra en la 5 (clase 1)."""
    x = np.zeros((2, 8, 8, 1))
    x[0, :, 2], x[1, :, 5] = 1.0, 1.0
    halves = np.zeros((8, 8, 2))
    halves[:, :4, 0], halves[:, 4:, 1] = 1.0, 1.0  # cada clase suma una mitad
    return _linear(halves.reshape(64, 2)), x, np.array([0, 1])


def test_shift_accuracy_grid_rows_are_dy_and_columns_dx():
    model, x, y = _bars()
    grid = interpret.shift_accuracy_grid(model, x, y, max_shift=5, step=2)
    # dx = -4: la barra 0 sale (imagen negra -> clase 0, acierto); la 1 cae en la
    # columna 1. dx = 4: la 0 cae en la 6 y la 1 sale (-> clase 0): dos errores.
    np.testing.assert_allclose(grid, np.tile([0.5, 0.5, 1, 0.5, 0], (5, 1)))


def test_rotation_is_counterclockwise_and_scale_enlarges():
    model, x, y = _bars()
    np.testing.assert_allclose(
        interpret.transform_accuracy(model, x, y, "rotation", [0, 180]), [1, 0]
    )
    weights = np.zeros((8, 8, 2))
    weights[:3, 3:5, 0], weights[5:, 3:5, 1] = 1.0, 1.0  # arriba / abajo
    right = np.zeros((1, 8, 8, 1))
    right[0, 3:5, 5:] = 1.0  # una barra horizontal a la derecha del centro
    updown = _linear(weights.reshape(64, 2))
    np.testing.assert_allclose(
        interpret.transform_accuracy(
            updown, right, np.array([0]), "rotation", [90, -90]
        ),
        [1, 0],
    )
    # Clase 0 si la imagen suma más de 10: un cuadrado de 4 x 4 (16) y uno de 2 x 2 (4).
    mass = _linear(np.tile([[1.0, 0.0]], (64, 1)), bias=np.array([-10.0, 0.0]))
    squares = np.zeros((2, 8, 8, 1))
    squares[0, 2:6, 2:6], squares[1, 3:5, 3:5] = 1.0, 1.0
    accuracy = interpret.transform_accuracy(
        mass, squares, np.array([0, 1]), "scale", np.array([0.5, 1, 2])
    )
    np.testing.assert_allclose(accuracy, [0.5, 1, 0.5])


def test_bad_inputs_name_the_argument():
    model = models.small_cnn((12, 12, 1), num_classes=3)
    image = np.full((12, 12, 1), 0.5)
    with pytest.raises(ValueError, match=r"`image`.*\(12, 12, 1\).*\(10, 10, 1\)"):
        interpret.grad_cam(model, np.zeros((10, 10, 1)), 0, "conv_2")
    with pytest.raises(ValueError, match="`image` debe tener valores entre 0 y 1"):
        interpret.occlusion_map(model, image * 255, 0)
    with pytest.raises(ValueError, match="`label`.*menor o igual que 2"):
        interpret.gradient_saliency(model, image, 3)
    with pytest.raises(ValueError, match="`layer_name`.*'conv_1', 'relu_1'"):
        interpret.grad_cam(model, image, 0, "aplanar")
    with pytest.raises(ValueError, match="`layer_name`.*'conv_1', 'pool_1'"):
        interpret.top_patches(model, "relu_1", image[None], 0)
    with pytest.raises(ValueError, match="`unit`.*menor o igual que 15"):
        interpret.maximize_activation(model, "conv_2", 16)
    with pytest.raises(ValueError, match="`probabilities`.*suman 1"):
        interpret.reliability(PROBS * 2, LABELS)
    with pytest.raises(ValueError, match="`labels` debe tener una etiqueta"):
        interpret.most_confident_errors(PROBS, LABELS[:3])
    with pytest.raises(ValueError, match="`b` debe tener la forma de `a`"):
        interpret.map_similarity(np.eye(3), np.eye(4))
    with pytest.raises(ValueError, match="`values`.*positivos"):
        interpret.transform_accuracy(model, image[None], [0], "scale", [0, 1])
    with pytest.raises(ValueError, match="`kind`"):
        interpret.transform_accuracy(model, image[None], [0], "shear", [1])
    with pytest.raises(TypeError, match="`model` debe ser un keras.Model"):
        interpret.randomized_copy("lenet5")
