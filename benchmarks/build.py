"""Benchmark de la construcción del libro: imprime cifras, no aprueba ni reprueba.

Uso: ``nox -s bench`` (o ``python benchmarks/build.py``). Trabaja sobre una copia
del repositorio en una carpeta temporal, con una caché de entrenamiento vacía,
así que no toca la construcción ni la caché del usuario. Tarda lo que tarda una
construcción completa en frío, más las mediciones de abajo.

Mide:

* construcción ``full`` en frío (caché vacía), reconstrucción sin cambios,
  reconstrucción tras tocar una lección y construcción ``quick``;
* por lección: tiempo de reloj y memoria máxima (ejecutando cada script como en
  la construcción, en orden y con la caché ya llena) y tiempo de entrenamiento
  (de los registros);
* por modelo entrenado: el tiempo de ``model.fit`` puro de Keras con el mismo
  modelo, datos y épocas, junto al que registró el libro (sobrecosto);
* GFLOP/s logrados por los pasos de entrenamiento de LeNet-5 y de la LeNet-5
  mejorada (FLOP contados analíticamente por capa) frente al máximo teórico del
  procesador en precisión simple.

Termina con tres líneas legibles por máquina: ``overhead_ratio=``,
``warm_ratio=`` y ``peak_fraction=``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sphinx(repo: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(repo / "docs/_build/doctrees"),
            str(repo / "docs"),
            str(repo / "docs/_build/html"),
        ],
        cwd=repo,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def copy_repo(dest: Path) -> Path:
    repo = dest / "repo"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(
            ".nox", ".git", "_build", "lecciones", ".cache", ".ci-venv", "__pycache__"
        ),
    )
    return repo


def lesson_runs(repo: Path, env: dict) -> list[dict]:
    """Cada lección como script, en orden, con la caché ya llena (como al reconstruir)."""
    rows = []
    for script in sorted((repo / "examples").glob("*/plot_*.py")):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, script.name],
            cwd=script.parent,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows.append(
            {
                "lesson": f"{script.parent.name}/{script.name}",
                "wall": wall,
                "peak_mb": max(peak, before) / 1024,
            }
        )
    return rows


def records(cache: Path, profile: str = "full") -> dict[str, dict]:
    folder = cache / "records" / profile
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


# -- FLOP y máximo teórico -------------------------------------------------------


def conv_flops(h, w, k, c_in, c_out):
    return 2 * h * w * k * k * c_in * c_out  # salida h x w, multiplicación + suma


def model_train_flops(model) -> int:
    """FLOP de un paso de entrenamiento por imagen: hacia adelante x 3 (adelante,
    gradiente de las activaciones y de los pesos), contando Conv2D y Dense."""
    forward = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            _, h, w, c_out = layer.output.shape
            k = layer.kernel_size[0]
            c_in = layer.input.shape[-1]
            forward += conv_flops(h, w, k, c_in, c_out)
        elif kind == "Dense":
            forward += 2 * layer.kernel.shape[0] * layer.kernel.shape[1]
    return 3 * forward


def cpu_peak_gflops() -> tuple[float, str]:
    """Máximo teórico en FP32: núcleos x frecuencia x FLOP por ciclo (FMA y ancho SIMD)."""
    info = Path("/proc/cpuinfo").read_text()
    cores = os.cpu_count() or 1
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split())
    mhz = max(float(m) for m in re.findall(r"^cpu MHz\s*:\s*([\d.]+)", info, re.M))
    lanes = 16 if "avx512f" in flags else 8 if "avx2" in flags or "avx" in flags else 4
    fma_units = 2 if "fma" in flags else 1
    flop_per_cycle = lanes * 2 * fma_units if "fma" in flags else lanes * 2
    peak = cores * mhz / 1000 * flop_per_cycle
    return peak, (
        f"{cores} núcleos x {mhz / 1000:.2f} GHz x {flop_per_cycle} FLOP/ciclo "
        f"({lanes} carriles FP32, {'FMA x' + str(fma_units) if 'fma' in flags else 'sin FMA'})"
    )


def pure_keras(recipe: str, env: dict) -> dict:
    """Tiempo de model.fit puro para una receta del libro, en un proceso aparte."""
    code = f"""
import json, time, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
from cnnbook import data, models, training
(x, y), (xt, yt) = data.load_mnist()
x, xt = data.normalize(x)[..., None], data.normalize(xt)[..., None]
y, yt = data.one_hot(y), data.one_hot(yt)
recipes = {{
    "mlp_mnist": (lambda: models.compile_classifier(models.mlp((28, 28, 1)), "adam", 5e-4), 10, 32),
    "lenet5_mnist": (lambda: models.compile_classifier(models.lenet5((28, 28, 1)), "sgd", 0.1), 20, 128),
    "lenet5_mejorada": (lambda: models.compile_classifier(models.lenet5_improved(), "sgd", 0.1), 40, 128),
}}
build, epochs, batch = recipes["{recipe}"]
training.set_seed(42)
model = build()
start = time.perf_counter()
model.fit(x, y, epochs=epochs, batch_size=batch, verbose=0)
fit = time.perf_counter() - start
from benchmarks.build import model_train_flops
print(json.dumps({{"seconds": fit, "flops_per_image": model_train_flops(model),
                   "images": len(x) * epochs}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cnnbook-bench-") as tmp:
        tmp = Path(tmp)
        repo = copy_repo(tmp)
        base_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg"}
        full = {
            **base_env,
            "CNNBOOK_PROFILE": "full",
            "CNNBOOK_CACHE": str(tmp / "cache"),
        }
        quick = {
            **base_env,
            "CNNBOOK_PROFILE": "quick",
            "CNNBOOK_CACHE": str(tmp / "cache-q"),
        }

        cold = sphinx(repo, full)
        warm = sphinx(repo, full)
        lesson = sorted((repo / "examples").glob("01_*/plot_01_*.py"))[0]
        lesson.write_text(lesson.read_text() + "\n# (tocada por el benchmark)\n")
        touched = sphinx(repo, full)
        shutil.rmtree(repo / "docs" / "lecciones")
        quick_time = sphinx(repo, quick)

        print("\n== Construcción ==")
        for name, value in (
            ("en frío (full)", cold),
            ("sin cambios", warm),
            ("tras tocar una lección", touched),
            ("perfil quick", quick_time),
        ):
            print(
                f"{name:26s} {value / 60:7.2f} min   {value / cold:6.3f} x la de frío"
            )

        print("\n== Por lección (caché llena) ==")
        recs = records(tmp / "cache")
        for row in lesson_runs(repo, full):
            print(
                f"{row['lesson']:52s} {row['wall']:7.1f} s   {row['peak_mb']:7.0f} MB"
            )
        print("\n== Entrenamientos registrados ==")
        for name, rec in recs.items():
            if "train_seconds" in rec:
                print(
                    f"{name:28s} {rec['train_seconds']:7.1f} s  ({rec.get('epochs')} épocas)"
                )

        print("\n== Sobrecosto frente a Keras puro y GFLOP/s ==")
        peak, how = cpu_peak_gflops()
        print(f"Máximo teórico FP32: {peak:.1f} GFLOP/s = {how}")
        book_total = pure_total = 0.0
        improved_gflops = 0.0
        for recipe in ("mlp_mnist", "lenet5_mnist", "lenet5_mejorada"):
            pure = pure_keras(recipe, full)
            book = recs[recipe]["train_seconds"]
            book_total += book
            pure_total += pure["seconds"]
            gflops = pure["flops_per_image"] * pure["images"] / pure["seconds"] / 1e9
            if recipe == "lenet5_mejorada":
                improved_gflops = gflops
            print(
                f"{recipe:18s} libro {book:7.1f} s · Keras puro {pure['seconds']:7.1f} s · "
                f"razón {book / pure['seconds']:.3f} · {pure['flops_per_image'] / 1e6:.1f} "
                f"MFLOP/imagen · {gflops:.1f} GFLOP/s ({gflops / peak:.1%} del máximo)"
            )
        print()
        print(f"overhead_ratio={book_total / pure_total:.3f}")
        print(f"warm_ratio={warm / cold:.4f}")
        print(f"peak_fraction={improved_gflops / peak:.4f}")


if __name__ == "__main__":
    main()
