"""Las afirmaciones comprobadas: detienen el libro completo cuando dejan de cumplirse."""

from __future__ import annotations

import numpy as np
import pytest

from cnnbook import claims


def test_claim_that_holds_is_printed(monkeypatch, capsys):
    monkeypatch.setenv("CNNBOOK_PROFILE", "full")
    assert claims.check("la exactitud sube", np.float64(0.9) > 0.5, exactitud=0.9)
    assert (
        "✓ Comprobado: la exactitud sube (exactitud = 0.9)." in capsys.readouterr().out
    )


def test_failing_claim_stops_full_build_naming_lesson_and_claim(monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "full")
    with pytest.raises(claims.ClaimError) as err:
        claims.check("la pérdida baja", np.bool_(False), pérdida=1.5)
    text = str(err.value)
    assert "test_claims.py" in text and "«la pérdida baja»" in text
    assert "pérdida = 1.5" in text


def test_failing_claim_only_warns_in_quick(monkeypatch, capsys):
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    assert claims.check("la pérdida baja", False) is False
    assert "En el perfil «quick» no se cumple" in capsys.readouterr().out


@pytest.mark.parametrize("holds", [1, "sí", None, np.array([True, True])])
def test_condition_must_be_a_boolean(holds):
    with pytest.raises(TypeError, match="`holds`"):
        claims.check("algo", holds)


@pytest.mark.parametrize("statement", ["", "   ", 3])
def test_statement_must_be_text(statement):
    with pytest.raises((TypeError, ValueError), match="`statement`"):
        claims.check(statement, True)


def test_integers_are_printed_with_thousands_separator(monkeypatch, capsys):
    # Como el resto del libro (tests/browser/test_number_format.py): 73,402.
    monkeypatch.setenv("CNNBOOK_PROFILE", "full")
    claims.check("hay parámetros", True, total=73402, canales=np.int64(64), ok=True)
    assert "(total = 73,402; canales = 64; ok = True)" in capsys.readouterr().out
