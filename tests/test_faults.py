"""Fallas: un entrenamiento interrumpido no deja entradas a medias en la caché."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

SCRIPT = textwrap.dedent(
    """
    import time
    import numpy as np
    import keras
    from cnnbook import models, training

    class Slow(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            print("EPOCA", epoch, flush=True)
            time.sleep(0.3)

    rng = np.random.default_rng(0)
    x = rng.random((64, 4, 4, 1)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(64) % 3]
    build = lambda: models.compile_classifier(
        models.mlp((4, 4, 1), hidden=(8,), num_classes=3), "adam", 0.01)
    # Entrenamiento largo: se interrumpe desde fuera a la mitad.
    epochs = int(__import__("os").environ["EPOCHS"])
    orig_fit = keras.Model.fit
    keras.Model.fit = lambda self, *a, **k: orig_fit(
        self, *a, **{**k, "callbacks": k["callbacks"] + [Slow()]})
    run = training.fit_or_load("interrumpido", build, (x, y), (x, y), epochs=epochs)
    print("LISTO", run.from_cache, flush=True)
    """
)


def _env(tmp_path, epochs):
    return {
        **os.environ,
        "CNNBOOK_CACHE": str(tmp_path / "cache"),
        "CNNBOOK_PROFILE": "full",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "EPOCHS": str(epochs),
    }


def test_killed_training_leaves_no_entry_and_next_run_recovers(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        env=_env(tmp_path, 200),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.time() + 120
    for line in proc.stdout:
        if line.startswith("EPOCA 2") or time.time() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    folder = tmp_path / "cache" / "models" / "full" / "interrumpido"
    entries = [p for p in folder.iterdir()] if folder.exists() else []
    assert not [p for p in entries if not p.name.startswith(".tmp-")], entries

    # La siguiente ejecución (ahora corta) entrena desde cero y deja una entrada válida.
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=_env(tmp_path, 2),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "LISTO False" in done.stdout
    again = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=_env(tmp_path, 2),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "LISTO True" in again.stdout


@pytest.mark.parametrize(
    "pattern",
    [
        "allow_pickle=True",
        "import pickle",
        "pickle.load",
        "safe_mode=False",
        "load_model(",
    ],
)
def test_no_pickle_anywhere(pattern):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = [
        str(p.relative_to(root))
        for folder in ("cnnbook", "examples", "docs", "benchmarks")
        for p in (root / folder).rglob("*.py")
        if pattern in p.read_text(encoding="utf-8")
    ]
    assert not offenders, f"{pattern!r} aparece en {offenders}"


def test_cache_entry_holds_only_weights_and_json(isolated_env):
    """La caché guarda pesos (HDF5) y JSON: nada que al cargarse ejecute código."""
    import numpy as np

    from cnnbook import models, training

    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4, 4, 1)).astype("float32")
    y = np.eye(2, dtype="float32")[np.arange(32) % 2]
    run = training.fit_or_load(
        "solo_pesos",
        lambda: models.compile_classifier(
            models.mlp((4, 4, 1), hidden=(4,), num_classes=2), "adam", 0.01
        ),
        (x, y),
        (x, y),
        epochs=1,
        batch_size=16,
    )
    entry = training.cache.entry_dir("solo_pesos", run.key)
    assert sorted(p.name for p in entry.iterdir()) == sorted(
        [training.cache.WEIGHTS_FILE, "result.json"]
    )
    assert training.cache.WEIGHTS_FILE.endswith(".weights.h5")
