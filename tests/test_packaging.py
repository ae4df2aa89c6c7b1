"""El paquete que se publica con el libro: wheel y sdist listos para un índice.

Se construyen como en la construcción del libro (``docs/_ext/downloads.py``:
``python -m build`` sobre una copia de las fuentes) y se revisan con
``twine check --strict``; unos segundos, más la primera descarga de setuptools.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import downloads  # noqa: E402

import cnnbook  # noqa: E402

LICENSES = ("LICENSE", "LICENSE-contenido")


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    return downloads.build_distributions(ROOT, tmp_path_factory.mktemp("dist"))


def test_names_follow_the_version(dists):
    wheel, sdist = dists
    assert wheel.name == f"cnnbook-{cnnbook.__version__}-py3-none-any.whl"
    assert sdist.name == f"cnnbook-{cnnbook.__version__}.tar.gz"


def test_twine_check_strict(dists):
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_wheel_has_every_subpackage_and_the_licences_but_no_tests(dists):
    with zipfile.ZipFile(dists[0]) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(info).decode()
    packages = {
        p.parent.relative_to(ROOT).as_posix()
        for p in (ROOT / "cnnbook").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert packages >= {"cnnbook", "cnnbook/ops", "cnnbook/training"}
    for package in packages:
        assert f"{package}/__init__.py" in names, package
    for licence in LICENSES:
        assert f"cnnbook-{cnnbook.__version__}.dist-info/licenses/{licence}" in names
    assert not [n for n in names if n.split("/")[0] in ("tests", "docs", "examples")]
    assert "License-Expression: MIT" in metadata
    for licence in LICENSES:
        assert f"License-File: {licence}" in metadata
    assert "Requires-Python: <3.14,>=3.11" in metadata
    assert "Requires-Dist: tensorflow>=2.21" in metadata


def test_sdist_has_the_licences_but_no_tests(dists):
    with tarfile.open(dists[1]) as archive:
        names = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    for licence in (*LICENSES, "pyproject.toml", "README.md", "cnnbook/__init__.py"):
        assert licence in names
    assert not [n for n in names if n.split("/")[0] in ("tests", "docs", "examples")]


def test_a_second_build_comes_from_the_cache(dists):
    again = downloads.build_distributions(ROOT, dists[0].parent.parent)
    assert again == dists


def _other_pythons() -> list[str]:
    """Intérpretes de versiones sin soporte que haya en la máquina (PATH o pyenv)."""
    import os
    import shutil

    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python{v}") for v in ("3.9", "3.10", "3.14")]
    candidates += [str(p) for p in sorted(pyenv.glob("3.1[04]*/bin/python"))]
    found = []
    for path in filter(None, candidates):
        version = subprocess.run(
            [path, "-c", "import sys, pip; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if version in ("(3, 9)", "(3, 10)", "(3, 14)"):
            found.append(path)
    return found[:1]


@pytest.mark.parametrize("python", _other_pythons() or [None])
def test_unsupported_python_gets_pips_requires_python_refusal(dists, python, tmp_path):
    """En un Python sin ruedas de TensorFlow, pip rechaza el paquete mismo con un
    mensaje claro («requires a different Python»), no con un error del resolutor.

    Así responde un pip actual (24 o más nuevo; el 23 resolvía antes las
    dependencias), que es el que trae un entorno virtual nuevo tras
    ``pip install --upgrade pip``. ``--python-version`` no sirve para simularlo:
    pip no aplica Requires-Python a un archivo dado por su ruta con esa opción.
    """
    if python is None:
        pytest.skip("no hay un intérprete de Python sin soporte en esta máquina")
    venv = tmp_path / "venv"
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    upgraded = subprocess.run([*pip, "install", "-q", "--upgrade", "pip>=24"])
    if upgraded.returncode != 0:
        pytest.skip("no se pudo instalar un pip actual (sin acceso al índice)")
    done = subprocess.run(
        [*pip, "install", "--dry-run", "--no-index", str(dists[0])],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "requires a different Python" in done.stderr, done.stderr
    assert "tensorflow" not in done.stderr.lower()
