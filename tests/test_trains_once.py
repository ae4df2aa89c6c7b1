"""Cada entrenamiento compartido se define una vez y se entrena una sola vez.

La lección que presenta un modelo escribe su receta en Keras; las demás llaman a
``cnnbook.recipes``. Aquí se comprueba:

* en el código (rápido): ninguna otra lección vuelve a escribir con
  ``fit_or_load`` el entrenamiento de una receta;
* ejecutando el libro (lento): con la caché vacía y las lecciones en el orden de
  la galería, ningún modelo se entrena dos veces, y la lección que presenta una
  receta y ``recipes.<receta>()`` dan la misma clave de caché.

Cada receta nombra en su docstring la lección que la presenta («La presenta la
lección ``capítulo/plot_xx.py``»); esta prueba lee ese dato de ahí.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import time

import pytest

from .test_lessons import LESSONS, ROOT

RECIPES_FILE = ROOT / "cnnbook" / "recipes.py"
EXAMPLES = ROOT / "examples"


def _trained_names(tree: ast.AST) -> list[ast.expr]:
    """Primer argumento (el nombre del modelo) de cada llamada a ``fit_or_load``."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else None
            called = called or getattr(func, "id", None)
            if called == "fit_or_load":
                names.append(node.args[0])
    return names


def _pattern(name: ast.expr) -> str:
    """Expresión regular de los nombres que puede tomar ``name``.

    Un texto fijo vale tal cual; en un f-string cada hueco vale cualquier cosa,
    para no dejar pasar ``f"cnn_pequena_{opt}"``; un nombre calculado, cualquiera.
    """
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        return re.escape(name.value)
    if isinstance(name, ast.JoinedStr):
        return "".join(
            re.escape(part.value) if isinstance(part, ast.Constant) else ".*"
            for part in name.values
        )
    return ".*"


def _recipes() -> dict[str, tuple[str, str]]:
    """``{función de recipes: (nombre del modelo, lección que la presenta)}``."""
    tree = ast.parse(RECIPES_FILE.read_text(encoding="utf-8"))
    (public,) = (  # __all__, leído sin importar TensorFlow
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
    )
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name not in public:
            continue
        (name,) = _trained_names(node)
        match = re.search(r"presenta la lección ``([^`]+)``", ast.get_docstring(node))
        assert match, f"recipes.{node.name}: el docstring no nombra su lección"
        found[node.name] = (name.value, match[1])
    assert sorted(found) == sorted(public)
    return found


RECIPES = _recipes()


def test_recipe_trainings_are_written_out_only_in_their_lesson():
    by_model = {model: (func, lesson) for func, (model, lesson) in RECIPES.items()}
    writers = {model: [] for model in by_model}
    for path in LESSONS:
        rel = path.relative_to(EXAMPLES).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for pattern in map(_pattern, _trained_names(tree)):
            for model in by_model:
                if re.fullmatch(pattern, model):
                    writers[model].append(rel)
    for model, (func, lesson) in by_model.items():
        assert (EXAMPLES / lesson).is_file(), f"recipes.{func}: no existe {lesson}"
        assert writers[model] == [lesson], (
            f"El entrenamiento {model!r} se escribe en {writers[model]}; sólo debe "
            f"escribirlo {lesson} (las demás lecciones llaman a recipes.{func}())."
        )
        text = (EXAMPLES / lesson).read_text(encoding="utf-8")
        assert f"recipes.{func}()" in text, (
            f"{lesson} debe decir que recipes.{func}() repite su receta."
        )


# Ejecuta las lecciones como la galería: en un solo proceso, en orden, cada una en
# su carpeta. Al final llama a cada receta e imprime un resumen en JSON con los
# entrenamientos que dejó cada lección en sus variables globales.
DRIVER = """
import json, os, runpy, sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from cnnbook import recipes
from cnnbook.training import TrainingRun


def runs_in(namespace):
    found = []
    for value in namespace.values():
        for item in value.values() if isinstance(value, dict) else [value]:
            if isinstance(item, TrainingRun):
                found.append([item.name, item.key, item.from_cache])
    return found


summary = {"lessons": {}, "recipes": {}}
for arg in sys.argv[1:]:
    path = Path(arg)
    rel = f"{path.parent.name}/{path.name}"
    print(f"@@ lección {rel}", flush=True)
    os.chdir(path.parent)
    sys.argv = [str(path)]
    summary["lessons"][rel] = runs_in(runpy.run_path(str(path), run_name="__main__"))
    plt.close("all")
    matplotlib.rcdefaults()
print("@@ lección (recetas)", flush=True)
for func in recipes.__all__:
    run = getattr(recipes, func)()
    summary["recipes"][func] = [run.name, run.key, run.from_cache]
print("@@ resumen " + json.dumps(summary), flush=True)
"""

TRAINING_LINE = re.compile(r"^\[(?P<name>[a-z0-9_]+)\] entrenando ", re.M)


@pytest.mark.slow
def test_each_model_trains_once_and_recipes_match_their_lesson(lesson_env):
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *map(str, LESSONS)],
        cwd=EXAMPLES,
        env=lesson_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    seconds = time.perf_counter() - start
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    print(f"{len(LESSONS)} lecciones y {len(RECIPES)} recetas en {seconds:.0f} s")

    trained: dict[str, list[str]] = {}
    for chunk in result.stdout.split("@@ lección ")[1:]:
        lesson = chunk.split("\n", 1)[0]
        if lesson != "(recetas)":  # cada página dice con qué perfil se construyó
            assert "perfil «quick»" in chunk, f"{lesson} no anuncia su perfil"
        for match in TRAINING_LINE.finditer(chunk):
            trained.setdefault(match["name"], []).append(lesson)
    twice = {name: where for name, where in trained.items() if len(where) > 1}
    assert not twice, f"Modelos entrenados más de una vez: {twice}"
    assert set(trained) >= {model for model, _ in RECIPES.values()}

    summary = json.loads(result.stdout.split("@@ resumen ", 1)[1])
    for func, (model, lesson) in RECIPES.items():
        name, key, cached = summary["recipes"][func]
        assert name == model and cached, f"recipes.{func}() no se cargó de la caché"
        in_lesson = {k for n, k, _ in summary["lessons"][lesson] if n == model}
        assert in_lesson == {key}, (
            f"{lesson} entrena {model!r} con la clave {in_lesson}; "
            f"recipes.{func}() con {key}."
        )
