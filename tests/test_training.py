import json
import subprocess
import sys

import numpy as np
import pytest

from cnnbook import _bench, config, models, training
from cnnbook.training import cache
from cnnbook.training import fit as fit_module


def tiny_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    x = rng.normal(size=(n, 4, 4, 1)).astype(np.float32)
    x[np.arange(n), y, y, 0] += 3.0  # cada clase enciende otro píxel
    onehot = np.eye(3, dtype=np.float32)[y]
    return (x[: n // 2 * 1], onehot[: n // 2 * 1]), (x, onehot)


def build():
    return models.compile_classifier(
        models.mlp((4, 4, 1), hidden=(8,), num_classes=3), "adam", 0.01
    )


def fit(name="tiny", **kwargs):
    train, test = tiny_data()
    options = {"epochs": 2, "batch_size": 16}
    options.update(kwargs)
    return training.fit_or_load(name, build, train, test, **options)


def weights_of(model):
    return [w.copy() for w in model.get_weights()]


def test_miss_then_hit(isolated_env, capsys):
    first = fit()
    assert not first.from_cache
    out = capsys.readouterr().out
    assert "[tiny] época 1/2" in out and "[tiny] época 2/2" in out
    assert set(first.history) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert 0 <= first.test_accuracy <= 1

    second = fit()
    assert second.from_cache
    assert "cargado de la caché" in capsys.readouterr().out
    assert second.key == first.key
    assert second.metrics == first.metrics and second.history == first.history
    for a, b in zip(weights_of(first.model), weights_of(second.model), strict=True):
        np.testing.assert_array_equal(a, b)


def test_training_is_deterministic(isolated_env, tmp_path, monkeypatch):
    first = fit()
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "otra"))
    second = fit()
    assert not second.from_cache
    assert second.metrics == first.metrics
    for a, b in zip(weights_of(first.model), weights_of(second.model), strict=True):
        np.testing.assert_array_equal(a, b)


def test_key_changes_with_settings_data_and_model(isolated_env):
    base = fit()
    assert fit(batch_size=8).key != base.key
    assert fit(seed=7).key != base.key
    train, test = tiny_data(seed=1)
    other = training.fit_or_load("tiny", build, train, test, epochs=2, batch_size=16)
    assert other.key != base.key

    def wider():
        return models.compile_classifier(
            models.mlp((4, 4, 1), hidden=(9,), num_classes=3), "adam", 0.01
        )

    train, test = tiny_data()
    assert training.fit_or_load("tiny", wider, train, test, epochs=2).key != base.key


def entry_of(run):
    return config.cache_dir() / "models" / config.profile().name / run.name / run.key


def test_corrupt_model_is_retrained(isolated_env, capsys):
    run = fit()
    (entry_of(run) / cache.WEIGHTS_FILE).write_bytes(b"basura")
    again = fit()
    assert not again.from_cache
    assert "inválida" in capsys.readouterr().out
    assert fit().from_cache  # la entrada rehecha vuelve a servir


def test_corrupt_metadata_is_retrained(isolated_env):
    run = fit()
    (entry_of(run) / "result.json").write_text("{ no es json")
    assert not fit().from_cache


def test_stale_entry_is_retrained(isolated_env):
    run = fit()
    meta_path = entry_of(run) / "result.json"
    meta = json.loads(meta_path.read_text())
    meta["format"] = training.CACHE_FORMAT - 1
    meta_path.write_text(json.dumps(meta))
    assert not fit().from_cache


def test_no_temporary_leftovers_and_old_keys_pruned(isolated_env):
    first = fit()
    second = fit(batch_size=8)
    folder = entry_of(second).parent
    assert [p.name for p in folder.iterdir()] == [second.key]
    assert not entry_of(first).exists()


def test_record_is_written_and_readable(isolated_env):
    run = fit()
    record = training.load_record("tiny")
    assert record["values"]["test_accuracy"] == run.test_accuracy
    assert record["values"]["params"] == run.model.count_params()
    assert record["profile"] == "quick" and record["epochs"] == 2
    assert record["train_seconds"] > 0
    assert "tiny" in training.load_records()


def test_save_and_load_custom_record(isolated_env):
    path = training.save_record("shifted", {"test_accuracy": 0.25}, shift=[4, 4])
    assert path.name == "shifted.json"
    assert training.load_record("shifted")["shift"] == [4, 4]
    with pytest.raises(FileNotFoundError, match="no_existe"):
        training.load_record("no_existe")
    with pytest.raises(TypeError, match="`values`"):
        training.save_record("x", {})
    with pytest.raises(TypeError, match="test_accuracy"):
        training.save_record("x", {"test_accuracy": "alta"})


def test_accuracy_helper(isolated_env):
    run = fit()
    (_, _), (x, onehot) = tiny_data()
    y = onehot.argmax(axis=1)
    assert training.accuracy(run.model, x, y) == pytest.approx(
        run.test_accuracy, abs=1e-6
    )
    with pytest.raises(ValueError, match="`y`"):
        training.accuracy(run.model, x, onehot)


@pytest.mark.parametrize(
    ("kwargs", "exc", "arg"),
    [
        ({"name": "Con Espacios"}, ValueError, "name"),
        ({"build": "modelo"}, TypeError, "build"),
        ({"train": ([1], [1])}, TypeError, "train"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"seed": -1}, ValueError, "seed"),
        ({"monitor_test": 1}, TypeError, "monitor_test"),
    ],
)
def test_bad_arguments(isolated_env, kwargs, exc, arg):
    train, test = tiny_data()
    options = {
        "name": "tiny",
        "build": build,
        "train": train,
        "test": test,
        "epochs": 1,
    }
    options.update(kwargs)
    with pytest.raises(exc, match=f"`{arg}`"):
        training.fit_or_load(**options)


def test_uncompiled_model_is_rejected(isolated_env):
    train, test = tiny_data()
    with pytest.raises(ValueError, match="compilado"):
        training.fit_or_load(
            "tiny", lambda: models.mlp((4, 4, 1)), train, test, epochs=1
        )


def test_extra_test_sets_are_monitored(isolated_env, capsys):
    train, test = tiny_data()
    shifted = (test[0][:, ::-1], test[1])
    run = training.fit_or_load(
        "tiny",
        build,
        train,
        test,
        epochs=2,
        batch_size=16,
        extra_test={"volteada": shifted},
    )
    assert len(run.history["volteada_accuracy"]) == 2
    assert run.history["volteada_accuracy"][-1] == pytest.approx(
        run.metrics["volteada_accuracy"], abs=1e-6
    )
    out = capsys.readouterr().out
    assert "[tiny] época 2/2 · prueba: pérdida" in out
    assert "volteada: pérdida" in out
    again = training.fit_or_load(
        "tiny",
        build,
        train,
        test,
        epochs=2,
        batch_size=16,
        extra_test={"volteada": shifted},
    )
    assert again.from_cache and again.metrics == run.metrics
    assert run.key != fit().key  # el conjunto extra forma parte de la clave
    with pytest.raises(ValueError, match="extra_test"):
        training.fit_or_load(
            "tiny", build, train, test, epochs=1, extra_test={"A B": shifted}
        )


def test_model_with_augmentation_round_trips_through_the_cache(isolated_env):
    """RandomShear no se puede reconstruir desde su configuración en Keras 3: la
    caché guarda sólo pesos y reconstruye la arquitectura con build()."""
    rng = np.random.default_rng(0)
    x = rng.random((40, 28, 28, 1)).astype("float32")
    y = np.eye(10, dtype="float32")[np.arange(40) % 10]

    def build_aug():
        return models.compile_classifier(models.lenet5_improved(), "sgd", 0.05)

    first = training.fit_or_load(
        "aumentada", build_aug, (x, y), (x, y), epochs=1, batch_size=20
    )
    second = training.fit_or_load(
        "aumentada", build_aug, (x, y), (x, y), epochs=1, batch_size=20
    )
    assert second.from_cache
    for a, b in zip(first.model.get_weights(), second.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(
        first.model.predict(x[:5], verbose=0),
        second.model.predict(x[:5], verbose=0),
        atol=1e-6,
    )


def test_hooks_are_empty_by_default():
    """El camino normal del libro no lleva ganchos: nadie los instala al importar."""
    code = (
        "import cnnbook.training, cnnbook.training.fit as f, cnnbook._bench; "
        "assert f.HOOKS == [], f.HOOKS"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bench_env_without_install_logs_nothing(isolated_env, tmp_path, monkeypatch):
    monkeypatch.setattr(fit_module, "HOOKS", [])
    log = tmp_path / "bench.jsonl"
    monkeypatch.setenv("CNNBOOK_BENCH_LOG", str(log))
    monkeypatch.setenv("CNNBOOK_BENCH_PURE", "1")
    assert not fit().from_cache
    assert fit().from_cache
    assert not log.exists()


def test_bench_install_is_idempotent(monkeypatch):
    monkeypatch.setattr(fit_module, "HOOKS", [])
    _bench.install()
    _bench.install()
    assert len(fit_module.HOOKS) == 1


def test_bench_log_and_pure_twin_leave_result_unchanged(
    isolated_env, tmp_path, monkeypatch
):
    """Los ganchos del benchmark miden, pero no cambian lo que el libro entrena."""
    plain = fit(extra_test={"otra": tiny_data(seed=1)[1]})
    log = tmp_path / "bench.jsonl"
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "otra-cache"))
    monkeypatch.setenv("CNNBOOK_BENCH_LOG", str(log))
    monkeypatch.setenv("CNNBOOK_BENCH_PURE", "1")
    monkeypatch.setattr(fit_module, "HOOKS", [])
    _bench.install()
    measured = fit(extra_test={"otra": tiny_data(seed=1)[1]})
    assert not measured.from_cache
    assert measured.metrics == plain.metrics and measured.history == plain.history
    for a, b in zip(weights_of(plain.model), weights_of(measured.model), strict=True):
        np.testing.assert_array_equal(a, b)

    again = fit(extra_test={"otra": tiny_data(seed=1)[1]})  # de la caché: sin gemelo
    assert again.from_cache
    first, second = (json.loads(line) for line in log.read_text().splitlines())
    assert first["name"] == "tiny" and not first["cached"]
    assert first["pure_keras_seconds"] > 0 and first["twin_seconds"] > 0
    assert 0 < first["eval_seconds"] < first["train_seconds"] < first["lesson_seconds"]
    assert [layer["kind"] for layer in first["layers"]] == ["Dense", "Dense"]
    assert first["layers"][0]["kernel"] == [16, 8]
    assert second["cached"] and second["pure_keras_seconds"] is None
    assert second["train_seconds"] is None and second["eval_seconds"] is None
    assert second["twin_seconds"] == 0.0
    fields = [
        "event",
        "script",
        "name",
        "cached",
        "lesson_seconds",
        "train_seconds",
        "eval_seconds",
        "pure_keras_seconds",
        "twin_seconds",
        "epochs",
        "batch_size",
        "n_train",
        "test_accuracy",
        "layers",
    ]
    assert list(first) == list(second) == fields  # lo que lee benchmarks/build.py
    assert first["epochs"] == 2 and first["batch_size"] == 16
    assert first["n_train"] == len(tiny_data()[0][0])


def test_curves_after_training_equal_evaluating_at_each_epoch_end(isolated_env):
    """Las curvas de prueba salen de los pesos guardados en cada época: deben ser
    las mismas que evaluar al final de cada época durante el entrenamiento."""
    import keras

    train, test = tiny_data()
    run = fit(epochs=3, extra_test={"otra": tiny_data(seed=1)[1]})

    seen = {"val": [], "otra": []}

    class EvalAtEpochEnd(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            for label, (x, y) in (("val", test), ("otra", tiny_data(seed=1)[1])):
                seen[label].append(
                    self.model.evaluate(x, y, batch_size=1024, verbose=0)[1]
                )

    training.set_seed(config.SEED)
    model = build()
    model.fit(
        *train,
        epochs=run.epochs,  # el perfil quick recorta las épocas
        batch_size=16,
        shuffle=True,
        verbose=0,
        callbacks=[EvalAtEpochEnd()],
    )
    assert run.epochs >= 2
    assert run.history["val_accuracy"] == seen["val"]
    assert run.history["otra_accuracy"] == seen["otra"]
    assert run.metrics["otra_accuracy"] == seen["otra"][-1]


def test_extra_test_cannot_be_named_val(isolated_env):
    with pytest.raises(ValueError, match="`extra_test`"):
        fit(extra_test={"val": tiny_data()[1]})


def test_record_says_which_lessons_use_the_training(isolated_env, monkeypatch):
    """sphinx-gallery pone la ruta de la lección en ``sys.argv[0]`` mientras la
    ejecuta; el registro la anota, también si el modelo sale de la caché."""
    examples = isolated_env / "examples"
    monkeypatch.setattr(sys, "argv", [str(examples / "01_mlp" / "plot_01_a.py")])
    assert not fit().from_cache
    assert training.load_record("tiny")["lessons"] == ["01_mlp/plot_01_a.py"]
    monkeypatch.setattr(sys, "argv", [str(examples / "04_lenet5" / "plot_02_b.py")])
    assert fit().from_cache
    assert training.load_record("tiny")["lessons"] == [
        "01_mlp/plot_01_a.py",
        "04_lenet5/plot_02_b.py",
    ]
    monkeypatch.setattr(sys, "argv", ["/usr/bin/pytest"])  # fuera de una lección
    fit()
    assert len(training.load_record("tiny")["lessons"]) == 2
    fit(epochs=1)  # otro entrenamiento (otra clave): empieza de nuevo
    assert training.load_record("tiny")["lessons"] == []


# -- watch_updates: observar una divergencia sin repetir el entrenamiento ------


def test_watch_updates_keeps_the_last_updates(isolated_env):
    plain = fit()
    run = fit(watch_updates=5)  # 2 épocas x 2 lotes de 16 = 4 actualizaciones
    assert run.key != plain.key
    u = run.updates
    assert list(zip(u["epoch"], u["update"], strict=True)) == [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
    ]
    assert len(u["epoch_max_logit"]) == 2 and all(np.isfinite(u["max_logit"]))
    final = np.concatenate([np.ravel(w) for w in run.model.get_weights()])
    assert u["weight_norm"][-1] == pytest.approx(np.linalg.norm(final), rel=1e-5)
    assert all(c > 0 for c in u["change_norm"])
    # Observar no cambia el entrenamiento: mismos pesos y métricas.
    assert run.metrics == plain.metrics
    # Se guarda en la caché con el modelo.
    again = fit(watch_updates=5)
    assert again.from_cache and again.updates == u


def test_watch_updates_keeps_only_the_last_and_stops_at_nan(isolated_env):
    def diverging():
        import keras

        model = models.mlp((4, 4, 1), hidden=(8,), num_classes=3)
        model.compile(
            optimizer=keras.optimizers.SGD(1e12),
            loss="categorical_crossentropy",
            metrics=["accuracy"],
        )
        return model

    train, test = tiny_data()
    run = training.fit_or_load(
        "diverge", diverging, train, test, epochs=6, batch_size=4, watch_updates=3
    )
    u = run.updates
    assert len(u["update"]) == 3
    assert not np.isfinite(u["change_norm"][-1]) or not np.isfinite(
        u["weight_norm"][-1]
    )
    assert all(np.isfinite(u["weight_norm"][:-1]))
    nan_epoch = training.first_nan_epoch(run.history["loss"])
    assert nan_epoch is not None and u["epoch"][-1] == nan_epoch


def test_watch_updates_needs_a_dense_head(isolated_env):
    def conv_head():
        import keras

        inputs = keras.Input((4, 4, 1))
        out = keras.layers.Conv2D(3, 4, activation="softmax")(inputs)
        model = keras.Model(inputs, keras.layers.Flatten()(out))
        model.compile("sgd", "categorical_crossentropy")
        return model

    train, test = tiny_data()
    with pytest.raises(ValueError, match="`watch_updates`.*Dense"):
        training.fit_or_load(
            "cabeza", conv_head, train, test, epochs=1, watch_updates=2
        )
