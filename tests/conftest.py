"""Utilidades comunes de las pruebas: datos sintéticos y un entorno aislado."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from cnnbook import data


def make_dataset(
    name: str, n_train: int = 120, n_test: int = 60, seed: int = 0
) -> dict:
    """Arreglos con la forma y el tipo de los conjuntos reales (clases 0-9 en ciclo)."""
    rng = np.random.default_rng(seed)
    shape = (28, 28) if name == "mnist" else (32, 32, 3)
    arrays = {}
    for split, n in (("train", n_train), ("test", n_test)):
        # Cada clase es un bloque brillante en otra posición: aprendible en segundos.
        y = (np.arange(n) % 10).astype(np.uint8)
        x = rng.integers(0, 40, size=(n, *shape), dtype=np.uint8)
        for i, label in enumerate(y):
            r, c = 2 + 2 * (label // 5) * 5, 2 + 4 * (label % 5)
            x[i, r : r + 6, c : c + 4] = 230
        arrays[f"x_{split}"], arrays[f"y_{split}"] = x, y
    return arrays


def write_dataset(folder, name: str, **kwargs) -> dict:
    arrays = make_dataset(name, **kwargs)
    np.savez(folder / f"{name}.npz", **arrays)
    return arrays


@pytest.fixture(autouse=True)
def _fresh_loader_cache():
    """Los cargadores recuerdan lo leído; cada prueba empieza sin memoria."""
    data._load_full.cache_clear()
    yield
    data._load_full.cache_clear()


@pytest.fixture(scope="module")
def lesson_env(tmp_path_factory) -> dict:
    """Entorno para ejecutar lecciones en otro proceso: perfil ``quick``, datos
    sintéticos diminutos y una caché vacía, compartida por las lecciones del módulo
    (como en una construcción real, algunas leen lo que escribieron las anteriores).
    """
    base = tmp_path_factory.mktemp("lecciones")
    (base / "data").mkdir()
    write_dataset(base / "data", "mnist", n_train=200, n_test=100)
    write_dataset(base / "data", "cifar10", n_train=200, n_test=100)
    env = {
        **os.environ,
        "CNNBOOK_DATA": str(base / "data"),
        "CNNBOOK_CACHE": str(base / "cache"),
        "CNNBOOK_PROFILE": "quick",
        "MPLBACKEND": "Agg",
    }
    for var in ("CNNBOOK_RECORDS", "CNNBOOK_BENCH_LOG", "CNNBOOK_BENCH_PURE"):
        env.pop(var, None)
    return env


@pytest.fixture
def isolated_env(tmp_path, monkeypatch):
    """Caché, registros y datos en una carpeta temporal; perfil ``quick``."""
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CNNBOOK_RECORDS", raising=False)
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("CNNBOOK_DATA", str(data_dir))
    return tmp_path
