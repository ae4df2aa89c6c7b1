"""La casa del paquete: tamaños, dependencias en un solo sentido y sin ciclos.

Estas pruebas leen el código (con ``ast``), no lo ejecutan: fallan en cuanto un
módulo crece de más, una función se alarga o una flecha de importación apunta
hacia arriba (por ejemplo, ``training`` importando ``plots``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cnnbook"
EXT = ROOT / "docs" / "_ext"

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: Capa de cada parte del paquete: una parte sólo importa partes de capas menores.
#: lecciones -> ladder -> recipes/plots/report/claims -> training/models/data/ops
#: -> records/lecture/exercises -> config -> validation.
LAYERS = {
    "validation": 0,
    "config": 1,
    "formatting": 1,
    "records": 2,
    "lecture": 2,
    "exercises": 2,
    "data": 3,
    "ops": 3,
    "models": 3,
    "classic": 3,
    "receptive": 3,
    "cortex": 4,
    "modern": 4,
    "speed": 4,
    "interpret": 4,
    "affine": 4,
    "training": 4,
    "recipes": 5,
    "ladder": 6,
    "plots": 5,
    "report": 5,
    "claims": 5,
    "_bench": 5,
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _part(module: str) -> str:
    """``cnnbook.training.cache`` -> ``training``."""
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    """Módulos de ``cnnbook`` que importa ``path`` (también dentro de funciones)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cnnbook."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module == "cnnbook":  # from cnnbook import data, training
                found.update(f"cnnbook.{a.name}" for a in node.names)
            elif module.startswith("cnnbook."):
                found.add(module)
                found.update(f"{module}.{a.name}" for a in node.names)
    known = {_name(p) for p in _modules()}
    return {m for m in found if m in known}


def _code_lines(func: ast.FunctionDef) -> int:
    """Líneas de una función sin contar su docstring."""
    body = func.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        doc = body[0].end_lineno - body[0].lineno + 1
    else:
        doc = 0
    return func.end_lineno - func.lineno + 1 - doc


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _name(p))
def test_module_is_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} tiene {lines} líneas"


def test_functions_are_short():
    long = []
    for path in [*_modules(), *sorted(EXT.glob("*.py")), ROOT / "docs" / "conf.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = _code_lines(node)
                if n > MAX_FUNCTION_LINES:
                    long.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {n}"
                    )
    assert not long, "funciones de más de 60 líneas:\n" + "\n".join(long)


def test_every_part_has_a_layer():
    parts = {_part(_name(p)) for p in _modules() if _name(p) != "cnnbook"}
    assert parts <= set(LAYERS), f"partes sin capa asignada: {parts - set(LAYERS)}"


def test_imports_point_down():
    wrong = []
    for path in _modules():
        me = _name(path)
        if me == "cnnbook":
            assert not _imports(path), "cnnbook/__init__.py no debe importar módulos"
            continue
        for other in _imports(path):
            if other == "cnnbook" or _part(other) == _part(me):
                continue
            if LAYERS[_part(other)] >= LAYERS[_part(me)]:
                wrong.append(f"{me} -> {other}")
    assert not wrong, "importaciones que no bajan de capa:\n" + "\n".join(wrong)


def test_no_import_cycles():
    graph = {_name(p): _imports(p) for p in _modules()}
    # Importar un submódulo carga antes su paquete: no es una arista del ciclo.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not module.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("ciclo de importación: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_only_config_reads_cnnbook_variables():
    offenders = []
    for path in [*_modules(), *sorted(EXT.glob("*.py")), ROOT / "docs" / "conf.py"]:
        if path == PACKAGE / "config.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (
            'environ.get("CNNBOOK_',
            'environ["CNNBOOK_',
            'getenv("CNNBOOK_',
        ):
            if needle in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"leen variables CNNBOOK_* fuera de config: {offenders}"


def test_records_and_report_do_not_need_tensorflow():
    import subprocess
    import sys

    code = (
        "import sys; import cnnbook.records, cnnbook.report; "
        "bad = [m for m in ('tensorflow', 'keras') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
