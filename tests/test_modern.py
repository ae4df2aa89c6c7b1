"""Las piezas de la red moderna de la Parte II (`cnnbook.modern`)."""

import keras
import numpy as np
import pytest

from cnnbook import modern


def tiny(**kwargs):
    options = {"input_shape": (8, 8, 3), "num_classes": 2, "widths": (4,)}
    options.update(kwargs)
    return modern.modern_cnn(**options)


def test_parameters_counted_by_hand():
    # conv 3x3: 3*3*3*4 + 4 = 112; conv 3x3: 3*3*4*4 + 4 = 148; 4x4x4 -> 2: 130.
    assert tiny(batchnorm=False).count_params() == 112 + 148 + 130
    # Con normalización: sin sesgos (108 + 144) y 4 x 4 números por capa BN.
    assert tiny(batchnorm=True).count_params() == 108 + 144 + 2 * 16 + 130
    # Promedio global: la salida ve 4 números, no 64.
    assert tiny(global_pool=True).count_params() == 108 + 144 + 32 + 10
    # Lo residual no agrega pesos: sólo una suma.
    assert tiny(residual=True).count_params() == tiny().count_params()


def test_stages_halve_the_image():
    model = modern.modern_cnn(widths=(8, 16, 32), convs_per_stage=1)
    pools = [layer for layer in model.layers if layer.name.endswith("_pool")]
    assert [tuple(p.output.shape[1:]) for p in pools] == [
        (16, 16, 8),
        (8, 8, 16),
        (4, 4, 32),
    ]
    assert model.output_shape == (None, 10)
    assert model.layers[-1].name == "salida"


def test_residual_stage_adds_its_input():
    model = tiny(residual=True, convs_per_stage=3, batchnorm=False)
    add = model.get_layer("etapa1_suma")
    sources = {t._keras_history[0].name for t in add.input}
    assert sources == {"etapa1_conv1_relu", "etapa1_conv3_relu"}


def test_augmentation_only_when_training():
    aug = modern.photo_augmentation((8, 8, 3), shift=2, seed=3)
    x = np.random.default_rng(0).random((16, 8, 8, 3)).astype("float32")
    np.testing.assert_array_equal(aug(x, training=False), x)
    out = np.asarray(aug(x, training=True))
    assert not np.array_equal(out, x)
    # Traslación entera con ceros y espejo: cada imagen conserva sus valores
    # (algunos salen por el borde y entran ceros), sin interpolar.
    for a, b in zip(out, x, strict=True):
        kept = np.isin(a[a != 0], b)
        assert kept.all()


def test_flip_test_time_augmentation():
    model = tiny(global_pool=True)
    x = np.random.default_rng(1).random((5, 8, 8, 3)).astype("float32")
    both = modern.predict_with_flip(model, x)
    plain = model.predict(x, verbose=0)
    mirrored = model.predict(x[:, :, ::-1], verbose=0)
    np.testing.assert_allclose(both, (plain + mirrored) / 2, rtol=1e-6)
    np.testing.assert_allclose(both.sum(axis=1), 1, rtol=1e-5)


def test_cosine_schedule_warms_up_then_decays():
    rate = modern.warmup_cosine(0.2, total_steps=100, warmup_fraction=0.2)
    values = [float(rate(step)) for step in (0, 10, 20, 60, 100)]
    assert values[0] == pytest.approx(0.0)
    assert values[1] == pytest.approx(0.1)  # a mitad del calentamiento
    assert values[2] == pytest.approx(0.2)  # el máximo
    assert values[3] == pytest.approx(0.1, abs=1e-6)  # mitad de la caída coseno
    assert values[4] == pytest.approx(0.0, abs=1e-6)
    model = modern.compile_modern(
        tiny(), learning_rate=0.2, schedule="cosine", epochs=10, steps_per_epoch=10
    )
    assert model.optimizer.get_config()["learning_rate"]["class_name"] == "CosineDecay"


def test_compile_modern_options():
    model = modern.compile_modern(
        tiny(), learning_rate=0.05, momentum=0.9, weight_decay=5e-4, label_smoothing=0.1
    )
    config = model.optimizer.get_config()
    assert config["momentum"] == pytest.approx(0.9) and config["nesterov"]
    assert config["weight_decay"] == pytest.approx(5e-4)
    assert model.loss.get_config()["label_smoothing"] == pytest.approx(0.1)
    plain = modern.compile_modern(tiny(), momentum=0.0)
    assert not plain.optimizer.get_config()["nesterov"]
    assert isinstance(plain.optimizer, keras.optimizers.SGD)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"widths": (4, 8, 16, 32)}, "`widths`.*al menos 16 px"),
        ({"residual": True, "convs_per_stage": 1}, "`convs_per_stage`"),
        ({"widths": ()}, "`widths`"),
        ({"dropout": 1.0}, "`dropout`"),
        ({"input_shape": (8, 8)}, "`input_shape`"),
    ],
)
def test_impossible_networks_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        tiny(**kwargs)


def test_augmentation_that_does_nothing_is_refused():
    with pytest.raises(ValueError, match="`shift`"):
        modern.photo_augmentation((8, 8, 3), shift=0, flip=False)
    with pytest.raises(ValueError, match="`shift`"):
        modern.photo_augmentation((8, 8, 3), shift=5)


def test_mixed_precision_computes_in_bfloat16_and_answers_in_float32():
    model = tiny(precision="mixed_bfloat16")
    conv = model.get_layer("etapa1_conv1")
    assert conv.compute_dtype == "bfloat16" and conv.variable_dtype == "float32"
    assert model.get_layer("salida").compute_dtype == "float32"
    assert model.output.dtype == "float32"
    # La política global no cambia: el siguiente modelo vuelve a float32.
    assert keras.config.dtype_policy().name == "float32"
    assert tiny().get_layer("etapa1_conv1").compute_dtype == "float32"
    # Mismos pesos (en float32) con una u otra precisión.
    assert tiny(precision="mixed_bfloat16").count_params() == tiny().count_params()


def test_fast_precision_reads_the_processor_flags(tmp_path):
    with_bf16 = tmp_path / "con"
    with_bf16.write_text("flags\t\t: fpu sse2 avx512f avx512_bf16 avx2\n")
    without = tmp_path / "sin"
    without.write_text("flags\t\t: fpu sse2 avx512f avx2\n")
    assert modern.fast_precision(with_bf16) == "mixed_bfloat16"
    assert modern.fast_precision(str(without)) == "float32"
    assert modern.fast_precision(tmp_path / "no-existe") == "float32"
    assert modern.fast_precision() in modern.PRECISIONS


def test_precision_is_checked():
    with pytest.raises(ValueError, match="`precision`"):
        tiny(precision="float16")
    with pytest.raises(TypeError, match="`cpuinfo`"):
        modern.fast_precision(3)


def test_batchnorm_averages_follow_the_batches_quickly():
    # Con el 0.99 de Keras, una época corta deja los promedios de la inferencia
    # casi en sus valores iniciales; el libro usa 0.9.
    model = tiny(batchnorm=True)
    assert model.get_layer("etapa1_conv1_bn").momentum == 0.9
