"""Cada lección que interpreta resultados comprueba sus afirmaciones.

Una frase de la prosa que describe un resultado de la construcción («LeNet-5
comete menos errores que el MLP») debe imprimirse a partir de los valores o ir
seguida de ``claims.check(...)``, que detiene el libro completo si deja de
cumplirse. Esta prueba cuenta, sin ejecutar nada, las llamadas a
``claims.check`` de cada lección, imprime la tabla y falla si una lección con
prosa interpretativa no tiene ninguna.
"""

from __future__ import annotations

import ast

from .test_lessons import LESSONS, ROOT

#: Lecciones sin prosa que interprete resultados de la construcción (por ejemplo,
#: una lección que sólo deduce una fórmula). Cada entrada dice por qué; hoy no
#: hay ninguna: todas las lecciones interpretan algo que miden.
WITHOUT_INTERPRETIVE_PROSE: dict[str, str] = {}


def _is_claims_check(node: ast.AST) -> bool:
    """``claims.check(...)`` (o ``cnnbook.claims.check(...)``)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
    return node.func.attr == "check" and name == "claims"


def claim_counts() -> dict[str, int]:
    """Lección (``capítulo/plot_xx.py``) -> llamadas a ``claims.check``."""
    counts = {}
    for lesson in LESSONS:
        tree = ast.parse(lesson.read_text(encoding="utf-8"), filename=str(lesson))
        key = lesson.relative_to(ROOT / "examples").as_posix()
        counts[key] = sum(_is_claims_check(node) for node in ast.walk(tree))
    return counts


def _table(counts: dict[str, int]) -> str:
    width = max(map(len, counts))
    lines = [f"{'lección':<{width}}  afirmaciones comprobadas"]
    for lesson, count in counts.items():
        note = (
            " (sin prosa interpretativa)"
            if lesson in WITHOUT_INTERPRETIVE_PROSE
            else ""
        )
        lines.append(f"{lesson:<{width}}  {count:>3}{note}")
    return "\n".join(lines)


def test_every_interpretive_lesson_checks_its_claims():
    counts = claim_counts()
    print("\n" + _table(counts))
    missing = [
        lesson
        for lesson, count in counts.items()
        if count == 0 and lesson not in WITHOUT_INTERPRETIVE_PROSE
    ]
    assert not missing, (
        "estas lecciones interpretan resultados sin ningún claims.check (agrega las "
        "comprobaciones o, si de verdad no interpretan nada, anótalas en "
        "WITHOUT_INTERPRETIVE_PROSE con el motivo):\n"
        + "\n".join(missing)
        + "\n\n"
        + _table(counts)
    )


def test_exempt_lessons_exist():
    """Una excepción que ya no corresponde a ninguna lección es un resto."""
    known = set(claim_counts())
    stale = sorted(set(WITHOUT_INTERPRETIVE_PROSE) - known)
    assert not stale, (
        f"WITHOUT_INTERPRETIVE_PROSE nombra lecciones que no existen: {stale}"
    )


def test_counter_sees_calls_and_ignores_other_checks():
    tree = ast.parse(
        "claims.check('a', True)\n"
        "cnnbook.claims.check('b', True)\n"
        "exercises.check('4.1.1', 3)\n"
        "for i in range(3):\n    claims.check(f'c{i}', True)\n"
    )
    assert sum(_is_claims_check(node) for node in ast.walk(tree)) == 3
