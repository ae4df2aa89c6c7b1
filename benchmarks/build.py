"""Benchmark de la construcción del libro: imprime cifras, no aprueba ni reprueba.

Uso: ``nox -s bench`` (o ``python benchmarks/build.py``). Trabaja sobre una copia
del repositorio en una carpeta temporal, con cachés de entrenamiento vacías, así
que no toca la construcción ni la caché del usuario. Tarda lo que una
construcción completa en frío más el tiempo de volver a entrenar cada modelo con
Keras puro (en esta máquina de 2 núcleos, más de una hora).

Mide:

* construcción ``full`` en frío (caché vacía), reconstrucción sin cambios,
  reconstrucción tras tocar una lección, construcción en un clon nuevo con sólo
  la caché de entrenamiento restaurada (lo que hace el flujo de GitHub Actions,
  ``.github/workflows/libro.yml``) y construcción ``quick``, en minutos y como
  fracción de la de frío;
* por lección (dentro de la construcción en frío): tiempo de reloj, tiempo de
  entrenamiento y memoria residente máxima;
* por modelo entrenado: el tiempo que le dedicó la lección (``fit_or_load``
  completo) junto al de ``model.fit`` puro de Keras con el mismo modelo, datos y
  épocas, medido en el mismo proceso justo antes;
* GFLOP/s de los pasos de entrenamiento de LeNet-5 y de la LeNet-5 mejorada (FLOP
  contados por capa, impresos) frente al máximo teórico del procesador en
  precisión simple: núcleos x reloj x carriles FP32 x 2 (FMA) x unidades FMA.

Termina con líneas legibles por máquina: ``overhead_ratio=``, ``warm_ratio=``,
``restored_cache_ratio=``, ``lenet5_mejorada_peak_fraction=`` y, del modelo
final del capítulo 6, ``cifar10_final_accuracy=``,
``cifar10_final_train_seconds=`` y ``peak_fraction=`` (GFLOP/s de su
entrenamiento con Keras puro sobre el máximo FP32 del procesador).

Cómo se mide, para poder repetirlo a mano:

* ``CNNBOOK_BENCH_LOG=<archivo>`` hace que cada bloque de cada lección (en
  ``docs/_ext/build_hooks.py``) y cada llamada a ``training.fit_or_load`` añadan una
  línea JSON con sus tiempos y su memoria.
* ``CNNBOOK_BENCH_PURE=1`` hace que cada entrenamiento nuevo se repita antes con
  ``model.fit`` pelado (sin validación ni callbacks). Ese tiempo se descuenta de
  la construcción en frío y del tiempo de cada lección.
* El reloj y las unidades FMA se miden con ``benchmarks/peak.c`` (cadena de
  sumas dependientes y 16 acumuladores FMA por núcleo, todos los núcleos a la
  vez). Sin compilador se usa la frecuencia nominal de ``/proc/cpuinfo``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOUCHED = "01_mlp/plot_01_mlp_mnist.py"
GFLOP_MODELS = ("lenet5_mnist", "lenet5_mejorada", "moderna_final")
#: El modelo final de la Part II (capítulo 6) y su meta: 88 % en 10 minutos.
FINAL_MODEL = "moderna_final"


def sphinx(repo: Path, env: dict) -> float:
    """Construye el libro y devuelve los segundos; si falla, muestra el final del error."""
    err = repo.parent / "sphinx-stderr.txt"
    start = time.perf_counter()
    with open(err, "w", encoding="utf-8") as fh:
        result = subprocess.run(
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
            stdout=subprocess.DEVNULL,
            stderr=fh,
        )
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"La construcción falló:\n{err.read_text(encoding='utf-8')[-5000:]}")
    return seconds


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


def restored_cache_build(tmp: Path, env: dict) -> float:
    """Segundos de construir un clon nuevo con sólo la caché de entrenamiento.

    Simula una corrida de CI tras un cambio de texto: el proyecto se copia de
    nuevo (como ``copy_repo``: el árbol de trabajo, con sus cambios sin
    confirmar, sin ``docs/lecciones`` ni ``docs/_build``) y la caché de la
    construcción en frío se copia aparte, como la restaura ``actions/cache``.
    sphinx-gallery ejecuta todas las lecciones; los modelos se cargan.
    """
    clone = tmp / "clon"
    repo = copy_repo(clone)
    cache = clone / "cache"
    shutil.copytree(env["CNNBOOK_CACHE"], cache)
    return sphinx(repo, {**env, "CNNBOOK_CACHE": str(cache)})


def read_log(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def lesson_name(script: str) -> str:
    p = Path(script)
    return f"{p.parent.name}/{p.name}"


# -- FLOP ---------------------------------------------------------------------


def layer_flops(layer: dict) -> int:
    """FLOP hacia adelante de una capa por imagen (multiplicación + suma = 2)."""
    if layer["kind"] == "Conv2D":
        h, w, c_out = layer["output"]
        kh, kw, c_in, _ = layer["kernel"]
        return 2 * h * w * kh * kw * c_in * c_out
    n_in, n_out = layer["kernel"]
    return 2 * n_in * n_out


def train_flops(layers: list[dict]) -> tuple[int, list[tuple[str, int, int]]]:
    """FLOP de entrenamiento por imagen y tabla por capa.

    Adelante (F) + gradiente de los pesos (F) + gradiente de la entrada (F); la
    primera capa no necesita el gradiente de su entrada (la imagen): 2F.
    """
    rows = []
    for i, layer in enumerate(layers):
        forward = layer_flops(layer)
        rows.append((layer["name"], forward, forward * (2 if i == 0 else 3)))
    return sum(r[2] for r in rows), rows


# -- Máximo teórico del procesador -------------------------------------------------


def cpu_peak() -> dict:
    info = Path("/proc/cpuinfo").read_text()
    cores = len(os.sched_getaffinity(0))
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split())
    nominal = max(float(m) for m in re.findall(r"^cpu MHz\s*:\s*([\d.]+)", info, re.M))
    lanes = 16 if "avx512f" in flags else 8 if "avx2" in flags else 4
    out = {
        "cores": cores,
        "nominal_ghz": nominal / 1000,
        "lanes": lanes,
        "ghz": nominal / 1000,
        "fma_units": 2 if "fma" in flags else 1,
        "measured": False,
    }
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc and "fma" in flags:
        with tempfile.TemporaryDirectory() as tmp:
            exe = Path(tmp) / "peak"
            subprocess.run(
                [
                    cc,
                    "-O2",
                    "-march=native",
                    "-pthread",
                    str(ROOT / "benchmarks/peak.c"),
                    "-o",
                    str(exe),
                ],
                check=True,
            )
            runs = [
                subprocess.run(
                    [str(exe)], capture_output=True, text=True, check=True
                ).stdout.split()
                for _ in range(3)
            ]
        ghz = max(float(r[1]) for r in runs)
        flop_cycle = max(float(r[2]) for r in runs)
        lanes = int(runs[0][3])
        out.update(
            ghz=ghz,
            lanes=lanes,
            flop_cycle_measured=flop_cycle,
            fma_units=max(1, round(flop_cycle / (2 * lanes))),
            measured=True,
        )
    out["peak_gflops"] = out["cores"] * out["ghz"] * out["lanes"] * 2 * out["fma_units"]
    return out


def matmul_ceiling(env: dict) -> float:
    """GFLOP/s de un producto de matrices 4096 x 4096 de TensorFlow (techo práctico)."""
    code = (
        "import os, time; os.environ['TF_CPP_MIN_LOG_LEVEL']='3'\n"
        "import tensorflow as tf\n"
        "a = tf.random.normal((4096, 4096)); tf.matmul(a, a).numpy()\n"
        "t = time.perf_counter()\n"
        "for _ in range(5): c = tf.matmul(a, a)\n"
        "c.numpy(); print(5 * 2 * 4096**3 / (time.perf_counter() - t) / 1e9)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.split()[-1])


# -- Principal ------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="conservar la carpeta temporal"
    )
    parser.add_argument(
        "--profile",
        choices=("full", "quick"),
        default="full",
        help="perfil de las construcciones medidas (quick: sólo para probar el script)",
    )
    parser.add_argument(
        "--final",
        action="store_true",
        help="sólo el modelo final del capítulo 6, con caché vacía (unos 16 min)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cnnbook-bench-"))
    try:
        if args.final:
            run_final(tmp, args.profile)
        else:
            run(tmp, args.profile)
    finally:
        if args.keep:
            print(f"\n(carpeta conservada: {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def step_breakdown(env: dict) -> dict:
    """ms por paso de la LeNet-5 mejorada con y sin aumento, y del aumento solo.

    Lotes de 128 como en la clase; 3 repeticiones de 200 pasos, mediana.
    """
    code = """
import json, os, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
from cnnbook import data, models, training
(x, y), _ = data.load_mnist()
n = 200 * 128
x = data.normalize(x[:n])[..., None]; y = data.one_hot(y[:n])
out = {}
fits = {}
for augment in (True, False):
    training.set_seed(42)
    m = models.compile_classifier(models.lenet5_improved(augment=augment), "sgd", 0.1)
    m.fit(x[:2560], y[:2560], batch_size=128, epochs=1, verbose=0)
    fits["con" if augment else "sin"] = (m, [])
# Alternadas: con, sin, con, sin... así el ruido de la máquina afecta a ambas.
for _ in range(3):
    for label, (m, times) in fits.items():
        t = time.perf_counter()
        m.fit(x, y, batch_size=128, epochs=1, verbose=0)
        times.append((time.perf_counter() - t) / 200 * 1000)
for label, (m, times) in fits.items():
    out[label] = float(np.median(times))
aug = models.augmentation(0)
batch = tf.constant(np.pad(x[:128], ((0, 0), (2, 2), (2, 2), (0, 0))))
block = tf.function(lambda z: aug(z, training=True))
one = tf.function(lambda z: aug.layers[0](z, training=True))
for label, fn in (("aumento", block), ("una_capa", one)):
    fn(batch).numpy()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(100):
            r = fn(batch)
        r.numpy()
        times.append((time.perf_counter() - t) / 100 * 1000)
    out[label] = float(np.median(times))
print(json.dumps(out))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(tmp: Path, profile: str = "full") -> None:
    repo = copy_repo(tmp)
    base = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg"}
    for var in ("CNNBOOK_BENCH_LOG", "CNNBOOK_BENCH_PURE", "CNNBOOK_PROFILE"):
        base.pop(var, None)
    full = {**base, "CNNBOOK_PROFILE": profile, "CNNBOOK_CACHE": str(tmp / "cache")}
    quick = {**base, "CNNBOOK_PROFILE": "quick", "CNNBOOK_CACHE": str(tmp / "cache-q")}
    log = tmp / "frio.jsonl"

    peak = cpu_peak()
    ceiling = matmul_ceiling(base)
    steps = step_breakdown(base)

    cold_total = sphinx(
        repo, {**full, "CNNBOOK_BENCH_LOG": str(log), "CNNBOOK_BENCH_PURE": "1"}
    )
    events = read_log(log)
    fits = [e for e in events if e["event"] == "fit"]
    twins = sum(e.get("twin_seconds") or 0.0 for e in fits)
    cold = cold_total - twins
    warm = sphinx(repo, full)
    lesson = repo / "examples" / TOUCHED
    lesson.write_text(lesson.read_text() + "\n# (tocada por el benchmark)\n")
    touched = sphinx(repo, full)
    restored = restored_cache_build(tmp, full)
    # El perfil quick en frío: sin páginas de lecciones ni caché previas.
    shutil.rmtree(repo / "docs" / "lecciones", ignore_errors=True)
    shutil.rmtree(repo / "docs" / "_build", ignore_errors=True)
    quick_time = sphinx(repo, quick)

    print("\n== Construcción del libro ==")
    print(
        f"(en frío: {cold_total / 60:.2f} min medidos menos {twins / 60:.2f} min de "
        "los entrenamientos de Keras puro que hace el benchmark)"
    )
    for label, value in (
        (f"{profile} en frío (caché vacía)", cold),
        (f"{profile} sin cambios", warm),
        (f"{profile} tras tocar {TOUCHED}", touched),
        (f"{profile}, clon nuevo y caché restaurada", restored),
        ("quick (caché vacía)", quick_time),
    ):
        print(f"{label:44s} {value / 60:7.2f} min   {value / cold:7.4f} de la de frío")

    print(f"\n== Por lección (construcción {profile} en frío) ==")
    print(f"{'lección':48s} {'reloj':>9s} {'entrenar':>9s} {'memoria':>9s}")
    per = defaultdict(lambda: {"wall": 0.0, "train": 0.0, "peak": 0.0})
    for e in events:
        row = per[lesson_name(e["script"])]
        if e["event"] == "block":
            row["wall"] += e["seconds"]
            row["peak"] = max(row["peak"], e["peak_mb"])
        else:
            row["wall"] -= e.get("twin_seconds") or 0.0
            row["train"] += e.get("train_seconds") or 0.0
    for name in sorted(per):
        row = per[name]
        print(
            f"{name:48s} {row['wall']:8.1f}s {row['train']:8.1f}s {row['peak']:7.0f} MB"
        )
    print("(memoria: residente máxima del proceso de Sphinx durante la lección,")
    print(" incluido el modelo de Keras puro del benchmark)")

    print("\n== Cada modelo entrenado: libro frente a Keras puro ==")
    print(
        f"{'modelo':24s} {'lección':>8s} {'fit':>8s} {'evaluar':>8s} "
        f"{'Keras':>8s} {'razón':>6s}"
    )
    book_total = pure_total = 0.0
    trained = [e for e in fits if e.get("pure_keras_seconds")]
    for e in trained:
        book_total += e["lesson_seconds"]
        pure_total += e["pure_keras_seconds"]
        print(
            f"{e['name']:24s} {e['lesson_seconds']:7.1f}s {e['train_seconds']:7.1f}s "
            f"{e['eval_seconds']:7.1f}s {e['pure_keras_seconds']:7.1f}s "
            f"{e['lesson_seconds'] / e['pure_keras_seconds']:6.3f}"
        )
    evals = sum(e["eval_seconds"] for e in trained)
    print(
        f"{'total':24s} {book_total:7.1f}s {'':8s} {evals:7.1f}s {pure_total:7.1f}s "
        f"{book_total / pure_total:6.3f}"
    )
    print(
        "(lección: fit_or_load completo; fit: entrenar y luego evaluar la prueba "
        "con los pesos de cada época; evaluar: esa parte)"
    )

    print("\n== GFLOP/s del entrenamiento ==")
    how = "medido con benchmarks/peak.c" if peak["measured"] else "nominal, sin medir"
    print(
        f"Máximo teórico FP32: {peak['peak_gflops']:.1f} GFLOP/s = {peak['cores']} "
        f"núcleos x {peak['ghz']:.2f} GHz ({how}; nominal {peak['nominal_ghz']:.2f}) "
        f"x {peak['lanes']} carriles x 2 (FMA) x {peak['fma_units']} unidades FMA"
    )
    if peak["measured"]:
        print(
            f"  FLOP/ciclo/núcleo medidos con FMA: {peak['flop_cycle_measured']:.1f} "
            f"(teórico {peak['lanes'] * 2 * peak['fma_units']})"
        )
    print(
        f"Techo práctico: matmul 4096 de TensorFlow, {ceiling:.1f} GFLOP/s "
        f"({ceiling / peak['peak_gflops']:.1%} del máximo)"
    )
    improved = final = None
    for e in trained:
        if e["name"] not in GFLOP_MODELS:
            continue
        per_image, rows = train_flops(e["layers"])
        images = e["n_train"] * e["epochs"]
        print(f"\n{e['name']} (MFLOP por imagen: adelante / entrenamiento)")
        for layer, fwd, train in rows:
            print(f"  {layer:14s} {fwd / 1e6:8.3f} {train / 1e6:8.3f}")
        print(
            f"  {'total':14s} {sum(r[1] for r in rows) / 1e6:8.3f} {per_image / 1e6:8.3f}"
        )
        pure = per_image * images / e["pure_keras_seconds"] / 1e9
        book = per_image * images / (e["train_seconds"] - e["eval_seconds"]) / 1e9
        print(
            f"  {images} imágenes: Keras puro {pure:.1f} GFLOP/s "
            f"({pure / peak['peak_gflops']:.1%} del máximo); entrenamiento del libro "
            f"(sin la evaluación) {book:.1f} GFLOP/s"
        )
        if e["name"] == FINAL_MODEL:
            final = {**e, "pure_gflops": pure, "book_gflops": book}
        if e["name"] == "lenet5_mejorada":
            improved = pure
            print(
                "  Desglose de un paso de 128 imágenes (mediana de 3 x 200 pasos, "
                "alternando ambos modelos):"
            )
            for label, ms, note in (
                ("con aumento", steps["con"], "el modelo de la clase"),
                ("sin aumento", steps["sin"], "mismas capas conv y densas"),
            ):
                rate = per_image * 128 / (ms / 1000) / 1e9
                print(
                    f"    {label:12s} {ms:6.2f} ms/paso  {rate:6.1f} GFLOP/s "
                    f"({rate / peak['peak_gflops']:.1%} del máximo; {note})"
                )
            print(
                f"    bloque de aumento solo: {steps['aumento']:.2f} ms por lote "
                f"(4 capas; una sola capa {steps['una_capa']:.2f} ms), "
                f"{steps['aumento'] / steps['con']:.0%} del paso"
            )

    print()
    print(f"overhead_ratio={book_total / pure_total:.3f}")
    print(f"warm_ratio={warm / cold:.4f}")
    print(f"restored_cache_ratio={restored / cold:.4f}")
    nan = float("nan")
    print(
        f"lenet5_mejorada_peak_fraction={(improved or nan) / peak['peak_gflops']:.4f}"
    )
    print_final(final, peak)


def print_final(final: dict | None, peak: dict) -> None:
    """Las líneas del modelo final (``nan`` si no se entrenó)."""
    if final is None:
        print("cifar10_final_accuracy=nan")
        print("cifar10_final_train_seconds=nan")
        print("peak_fraction=nan")
        return
    print(
        f"\n{FINAL_MODEL}: {final['test_accuracy']:.2%} en prueba tras "
        f"{final['train_seconds']:.0f} s de entrenamiento (meta: 88 % en 600 s). "
        "Su máximo de referencia es el FP32: con precisión mixta (bfloat16) el "
        "procesador puede superarlo."
    )
    print(f"cifar10_final_accuracy={final['test_accuracy']:.4f}")
    print(f"cifar10_final_train_seconds={final['train_seconds']:.1f}")
    print(f"peak_fraction={final['pure_gflops'] / peak['peak_gflops']:.4f}")


def run_final(tmp: Path, profile: str = "full") -> None:
    """Sólo el modelo final: ``ladder.final()`` con caché vacía, con su gemelo de
    Keras puro, sin construir el libro. Las mismas cuentas que :func:`run`."""
    env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CNNBOOK_PROFILE": profile,
        "CNNBOOK_CACHE": str(tmp / "cache"),
        "CNNBOOK_BENCH_LOG": str(tmp / "final.jsonl"),
        "CNNBOOK_BENCH_PURE": "1",
    }
    peak = cpu_peak()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from cnnbook import _bench, ladder; _bench.install(); ladder.final()",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    fits = [
        e
        for e in read_log(tmp / "final.jsonl")
        if e["event"] == "fit" and e["name"] == FINAL_MODEL
    ]
    e = fits[-1]
    per_image, _ = train_flops(e["layers"])
    images = e["n_train"] * e["epochs"]
    pure = per_image * images / e["pure_keras_seconds"] / 1e9
    print(
        f"\n{FINAL_MODEL}: {per_image / 1e6:.1f} MFLOP por imagen al entrenar; "
        f"Keras puro {e['pure_keras_seconds']:.1f} s, {pure:.1f} GFLOP/s "
        f"({pure / peak['peak_gflops']:.1%} del máximo FP32 de "
        f"{peak['peak_gflops']:.1f} GFLOP/s)"
    )
    print_final({**e, "pure_gflops": pure}, peak)


if __name__ == "__main__":
    main()
