"""Cada función pública de ``cnnbook`` rechaza argumentos absurdos con un error en
español que nombra el argumento (entre comillas invertidas)."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

MODULES = [
    "config",
    "data",
    "ops",
    "models",
    "modern",
    "speed",
    "training",
    "plots",
    "classic",
    "cortex",
    "receptive",
    "interpret",
    "affine",
    "report",
    "recipes",
    "ladder",
    "exercises",
]


def _public_functions():
    for name in MODULES:
        module = importlib.import_module(f"cnnbook.{name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.isfunction(obj):
                params = [
                    p
                    for p in inspect.signature(obj).parameters.values()
                    if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                    and p.default is p.empty
                ]
                if params:
                    yield f"{name}.{attr}", obj, params


CASES = list(_public_functions())


class Nonsense:
    """Un objeto que ninguna función debería aceptar."""

    def __repr__(self):
        return "<disparate>"


@pytest.mark.parametrize(
    ("qualname", "func", "params"), CASES, ids=[c[0] for c in CASES]
)
def test_nonsense_first_argument_is_a_named_spanish_error(qualname, func, params):
    # El primer argumento es un disparate; los demás, también (se rechaza el primero
    # que se valide).
    args = [Nonsense() for p in params if p.kind != p.KEYWORD_ONLY]
    kwargs = {p.name: Nonsense() for p in params if p.kind == p.KEYWORD_ONLY}
    with pytest.raises((TypeError, ValueError)) as err:
        func(*args, **kwargs)
    message = str(err.value)
    assert re.search(r"`[\w\[\]'\"]+`", message), (
        f"{qualname}: el error no nombra el argumento: {message!r}"
    )
    assert re.search(r"[áéíóúñ]|debe|se recibió|no es", message), (
        f"{qualname}: ¿español?: {message!r}"
    )


def test_enumeration_is_not_empty():
    assert len(CASES) >= 30
