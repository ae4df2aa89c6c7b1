"""Extensiones propias del sitio (docs/_ext)."""

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import animation_player
import build_hooks
import colab_links
import gallery_translation

ROOT = Path(__file__).resolve().parents[1]


def test_colab_url_only_for_lessons():
    url = colab_links.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "usuario/cnnbook")
    assert url == (
        "https://colab.research.google.com/github/usuario/cnnbook/blob/gh-pages/"
        "cuadernos/01_mlp/plot_01_mlp_mnist.ipynb"
    )
    assert colab_links.colab_url("introduccion", "usuario/cnnbook") is None
    assert colab_links.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "") is None
    assert (
        colab_links.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "no es repo")
        is None
    )


def test_colab_link_is_off_by_default(monkeypatch):
    monkeypatch.delenv("CNNBOOK_COLAB_REPO", raising=False)
    source = ["texto"]
    colab_links._add_link(None, "lecciones/01_mlp/plot_01_mlp_mnist", source)
    assert source == ["texto"]
    monkeypatch.setenv("CNNBOOK_COLAB_REPO", "usuario/cnnbook")
    colab_links._add_link(None, "lecciones/01_mlp/plot_01_mlp_mnist", source)
    assert "Abrir esta lección en Colab" in source[0]


def test_gallery_strings_are_spanish():
    from sphinx_gallery import downloads, gen_rst

    gallery_translation._patch()
    texts = [
        gen_rst.EXAMPLE_HEADER,
        gen_rst.TIMING_CONTENT,
        gen_rst.CODE_DOWNLOAD,
        gen_rst.NOTEBOOK_DOWNLOAD,
        gen_rst.ZIP_DOWNLOAD,
        downloads.CODE_ZIP_DOWNLOAD,
        downloads.NOTEBOOK_ZIP_DOWNLOAD,
    ]
    joined = "\n".join(texts)
    for english in (
        "Download",
        "Go to the end",
        "Total running time",
        "Gallery generated",
    ):
        assert english not in joined
    assert "Descargar cuaderno de Jupyter" in joined


def test_animation_player_is_offline_and_spanish():
    import matplotlib
    from matplotlib import _animation_data as templates

    animation_player._patch()
    assert "http" not in templates.JS_INCLUDE
    html = templates.DISPLAY_TEMPLATE
    for english in ("Decrease speed", "Play", "Once", "Loop", "Reflect", 'class="fa'):
        assert english not in html
    assert "Reproducir" in html and "Una vez" in html
    matplotlib.use("Agg")
    from cnnbook import plots

    page = plots.convolution_animation(n=4, k=3, padding=0, stride=1).to_jshtml()
    assert "bootstrapcdn" not in page and "Primer cuadro" in page


def test_colab_link_uses_config_branch(monkeypatch):
    monkeypatch.setenv("CNNBOOK_COLAB_REPO", "usuario/cnnbook")
    monkeypatch.setenv("CNNBOOK_COLAB_BRANCH", "sitio")
    source = ["texto"]
    colab_links._add_link(None, "lecciones/01_mlp/plot_01_mlp_mnist", source)
    assert "/blob/sitio/cuadernos/01_mlp/plot_01_mlp_mnist.ipynb" in source[0]


# -- Ganchos de la construcción (build_hooks) ---------------------------------------


def _parts(tmp_path: Path, profile: str = "quick") -> dict:
    """Huella de un paquete y unos docs de juguete en ``tmp_path``."""
    package, docs = tmp_path / "lib" / "cnnbook", tmp_path / "docs"
    if not package.exists():
        (package / "__pycache__").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "plots.py").write_text("TITLE = 'uno'\n")
        (package / "__pycache__" / "plots.cpython-311.pyc").write_bytes(b"\x00")
        (docs / "_ext").mkdir(parents=True)
        (docs / "conf.py").write_text("project = 'x'\n")
        (docs / "_ext" / "gallery_translation.py").write_text("A = 1\n")
        (docs / "_ext" / "downloads.py").write_text("B = 1\n")
    return build_hooks.gallery_parts(profile, package, docs, docs / "_ext")


def _stale_gallery(tmp_path: Path, marker: str | None) -> Path:
    gallery = tmp_path / "lecciones"
    (gallery / "01_mlp").mkdir(parents=True)
    (gallery / "01_mlp" / "pagina.rst").write_text("vieja")
    if marker is not None:
        (gallery / build_hooks.MARKER).write_text(marker)
    return gallery


def test_gallery_parts_name_every_input(tmp_path):
    parts = _parts(tmp_path)
    assert parts["perfil"] == "quick" and parts["formato"] == build_hooks.MARKER_FORMAT
    # Paquete y docs, pero no lo compilado ni los módulos de _ext que actúan
    # en cada construcción.
    assert sorted(parts["archivos"]) == [
        "cnnbook/__init__.py",
        "cnnbook/plots.py",
        "docs/_ext/gallery_translation.py",
        "docs/conf.py",
    ]
    assert all(len(d) == 16 for d in parts["archivos"].values())
    versions = parts["versiones"]
    assert set(versions) == {"python", *build_hooks.LIBRARIES}
    assert versions["numpy"] == np.__version__
    assert _parts(tmp_path) == parts  # sin cambios, la misma huella


def test_changed_parts_say_what_changed(tmp_path):
    old = _parts(tmp_path)
    (tmp_path / "lib" / "cnnbook" / "plots.py").write_text("TITLE = 'dos'\n")
    (tmp_path / "lib" / "cnnbook" / "nuevo.py").write_text("")
    (tmp_path / "docs" / "_ext" / "downloads.py").write_text("B = 2\n")  # no cuenta
    new = _parts(tmp_path, profile="full")
    new["versiones"]["numpy"] = "0.0.1"
    assert build_hooks.changed_parts(old, new) == [
        "cnnbook/nuevo.py (nuevo)",
        "cnnbook/plots.py",
        "perfil (quick → full)",
        f"versión de numpy ({np.__version__} → 0.0.1)",
    ]
    assert build_hooks.changed_parts(new, new) == []
    assert build_hooks.short_list(list("abcdef")) == "a, b, c, d y 2 más"


def test_gallery_of_another_profile_is_removed(tmp_path):
    gallery = _stale_gallery(tmp_path, None)
    (gallery / build_hooks.MARKER).write_text(
        json.dumps(_parts(tmp_path, profile="full"))
    )
    reason = build_hooks.reset_gallery(gallery, _parts(tmp_path))
    assert reason == "cambió perfil (full → quick)"
    assert sorted(p.name for p in gallery.iterdir()) == [build_hooks.MARKER]
    marker = json.loads((gallery / build_hooks.MARKER).read_text())
    assert marker == _parts(tmp_path)  # legible: las partes y sus huellas


def test_gallery_of_a_changed_library_is_removed(tmp_path):
    gallery = _stale_gallery(tmp_path, json.dumps(_parts(tmp_path)))
    (tmp_path / "lib" / "cnnbook" / "plots.py").write_text("TITLE = 'dos'\n")
    reason = build_hooks.reset_gallery(gallery, _parts(tmp_path))
    assert reason == "cambió cnnbook/plots.py"
    assert not (gallery / "01_mlp").exists()


@pytest.mark.parametrize("marker", [None, "full", "[1, 2]", '{"formato": 0}'])
def test_gallery_without_a_readable_marker_is_removed(tmp_path, marker):
    gallery = _stale_gallery(tmp_path, marker)
    reason = build_hooks.reset_gallery(gallery, _parts(tmp_path))
    assert reason and ("huella" in reason)
    assert not (gallery / "01_mlp").exists()


def test_gallery_built_the_same_way_is_kept(tmp_path):
    gallery = _stale_gallery(tmp_path, None)
    assert build_hooks.reset_gallery(gallery, _parts(tmp_path)) is not None
    (gallery / "pagina.rst").write_text("vigente")
    # Lo que cambia en cada construcción (compilados, _ext de cada construcción)
    # no vuelve vieja la galería.
    pyc = tmp_path / "lib" / "cnnbook" / "__pycache__" / "plots.cpython-311.pyc"
    pyc.write_bytes(b"\x01")
    (tmp_path / "docs" / "_ext" / "downloads.py").write_text("B = 3\n")
    before = (gallery / build_hooks.MARKER).stat().st_mtime_ns
    assert build_hooks.reset_gallery(gallery, _parts(tmp_path)) is None
    assert (gallery / "pagina.rst").read_text() == "vigente"
    assert (gallery / build_hooks.MARKER).stat().st_mtime_ns == before
    missing = tmp_path / "nueva"
    assert build_hooks.reset_gallery(missing, _parts(tmp_path)) is None
    assert (missing / build_hooks.MARKER).is_file()


def test_stale_md5_of_a_changed_lesson_is_forgotten(tmp_path):
    """Una lección cuyo texto cambió y no se ejecuta pierde su ``.md5``."""
    pytest.importorskip("sphinx_gallery")
    from sphinx_gallery.utils import get_md5sum

    examples, gallery = tmp_path / "examples", tmp_path / "lecciones"
    (examples / "01").mkdir(parents=True)
    (gallery / "01").mkdir(parents=True)
    for name in ("plot_a.py", "plot_b.py"):
        (examples / "01" / name).write_text("print(1)\n")
        md5 = get_md5sum(examples / "01" / name, "t")
        (gallery / "01" / f"{name}.md5").write_text(md5)
    (examples / "01" / "plot_b.py").write_text("print(2)\n")
    assert build_hooks.forget_stale_runs(examples, gallery) == ["01/plot_b.py"]
    assert (gallery / "01" / "plot_a.py.md5").is_file()
    assert not (gallery / "01" / "plot_b.py.md5").exists()


def test_reset_hook_reads_gallery_dirs_and_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    monkeypatch.delenv("CNNBOOK_BENCH_LOG", raising=False)
    (tmp_path / "lecciones").mkdir()
    (tmp_path / "lecciones" / "pagina.rst").write_text("de otra construcción")
    (tmp_path / "ejemplos").mkdir()
    shutil.copy(ROOT / "docs" / "conf.py", tmp_path / "conf.py")
    conf = {"examples_dirs": "ejemplos", "gallery_dirs": ["lecciones"]}
    app = types.SimpleNamespace(
        srcdir=str(tmp_path),
        confdir=str(tmp_path),
        config=types.SimpleNamespace(sphinx_gallery_conf=conf),
    )
    build_hooks._reset_stale_galleries(app)
    assert [p.name for p in (tmp_path / "lecciones").iterdir()] == [".huella.json"]
    marker = json.loads((tmp_path / "lecciones" / ".huella.json").read_text())
    assert marker["perfil"] == "quick"
    # El paquete que se importa, dondequiera que esté, y las extensiones reales.
    assert "cnnbook/config.py" in marker["archivos"]
    assert "_ext/build_hooks.py" in " ".join(marker["archivos"])


def test_narrow_pattern_needs_both(tmp_path):
    import re

    pattern = build_hooks.narrow_pattern("/plot_", "relleno|03_capas/plot_03")
    paths = [
        "/r/examples/03_capas/plot_02_relleno.py",
        "/r/examples/03_capas/plot_03_paso.py",
        "/r/examples/03_capas/plot_04_agrupamiento.py",
        "/r/examples/03_capas/relleno_ayuda.py",
    ]
    assert [bool(re.search(pattern, p)) for p in paths] == [True, True, False, False]


def _select(tmp_path, monkeypatch, lesson: str) -> dict:
    for chapter, name in [
        ("01_mlp", "plot_01_mlp.py"),
        ("03_capas", "plot_02_relleno.py"),
    ]:
        (tmp_path / "examples" / chapter).mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / chapter / name).write_text("")
    monkeypatch.setenv("CNNBOOK_LESSON", lesson)
    gallery_conf = {
        "examples_dirs": "../examples",
        "gallery_dirs": "lecciones",
        "filename_pattern": "/plot_",
    }
    app = types.SimpleNamespace(srcdir=str(tmp_path / "docs"))
    build_hooks._select_lessons(
        app, types.SimpleNamespace(sphinx_gallery_conf=gallery_conf)
    )
    return gallery_conf


def test_lesson_pattern_narrows_filename_pattern(tmp_path, monkeypatch):
    import re

    conf = _select(tmp_path, monkeypatch, "relleno")
    assert re.search(
        conf["filename_pattern"], str(tmp_path / "examples/03_capas/plot_02_relleno.py")
    )
    assert not re.search(
        conf["filename_pattern"], str(tmp_path / "examples/01_mlp/plot_01_mlp.py")
    )
    monkeypatch.delenv("CNNBOOK_LESSON")
    untouched = {"filename_pattern": "/plot_"}
    build_hooks._select_lessons(
        None, types.SimpleNamespace(sphinx_gallery_conf=untouched)
    )
    assert untouched == {"filename_pattern": "/plot_"}


def test_lesson_pattern_matching_nothing_is_a_spanish_error(tmp_path, monkeypatch):
    from sphinx.errors import ConfigError

    with pytest.raises(
        ConfigError,
        match="CNNBOOK_LESSON='releno' no coincide con ninguna de las 2 lecciones",
    ):
        _select(tmp_path, monkeypatch, "releno")


def _connections(setup) -> dict:
    """``{(evento, nombre de la función): prioridad}`` de lo que conecta ``setup``."""
    app = mock.MagicMock()
    setup(app)
    return {
        (c.args[0], c.args[1].__name__): c.kwargs.get("priority", 500)
        for c in app.connect.call_args_list
    }


def test_hooks_run_before_sphinx_gallery():
    """El borrado va antes de que sphinx-gallery genere la galería, y el medidor
    del benchmark antes de que sphinx-gallery lea ``show_memory``."""
    gen_gallery = pytest.importorskip("sphinx_gallery.gen_gallery")
    ours, theirs = _connections(build_hooks.setup), _connections(gen_gallery.setup)
    assert ours[("builder-inited", "_reset_stale_galleries")] < min(
        p for (event, _), p in theirs.items() if event == "builder-inited"
    )
    assert ("builder-inited", "generate_gallery_rst") in theirs
    assert (
        ours[("config-inited", "_install_benchmark")]
        < theirs[("config-inited", "fill_gallery_conf_defaults")]
    )


def test_benchmark_hooks_only_with_bench_log(tmp_path, monkeypatch):
    import cnnbook

    calls = []
    fake = types.ModuleType("cnnbook._bench")
    fake.install = lambda: calls.append("install")
    monkeypatch.setitem(sys.modules, "cnnbook._bench", fake)
    monkeypatch.setattr(cnnbook, "_bench", fake, raising=False)
    conf = types.SimpleNamespace(sphinx_gallery_conf={})

    monkeypatch.delenv("CNNBOOK_BENCH_LOG", raising=False)
    build_hooks._install_benchmark(None, conf)
    assert conf.sphinx_gallery_conf == {} and calls == []

    log = tmp_path / "bench.jsonl"
    monkeypatch.setenv("CNNBOOK_BENCH_LOG", str(log))
    build_hooks._install_benchmark(None, conf)
    assert calls == ["install"]
    peak_mb, out = conf.sphinx_gallery_conf["show_memory"](lambda: 42)
    assert out == 42 and peak_mb > 10
    (event,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert event["event"] == "block" and event["seconds"] >= 0
    assert event["peak_mb"] == peak_mb


def test_importing_conf_has_no_side_effects(tmp_path):
    """``conf.py`` sólo declara: importarlo no borra, crea ni escribe nada, ni
    siquiera con otro perfil o con el benchmark activo."""
    pytest.importorskip("sphinx_gallery")
    docs = tmp_path / "docs"
    (docs / "lecciones" / "01_mlp").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "conf.py", docs / "conf.py")
    shutil.copytree(
        ROOT / "docs" / "_ext",
        docs / "_ext",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (docs / "lecciones" / build_hooks.MARKER).write_text('{"perfil": "full"}')
    (docs / "lecciones" / "01_mlp" / "pagina.rst").write_text("de otro perfil")

    def snapshot() -> dict:
        return {
            str(p.relative_to(tmp_path)): p.read_bytes() if p.is_file() else None
            for p in sorted(tmp_path.rglob("*"))
        }

    before = snapshot()
    env = {
        **os.environ,
        "CNNBOOK_PROFILE": "quick",
        "CNNBOOK_BENCH_LOG": str(tmp_path / "bench.jsonl"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    script = (
        "import runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "conf = ns['sphinx_gallery_conf']\n"
        "assert 'show_memory' not in conf, conf\n"
        "assert 'build_hooks' in ns['extensions']\n"
        "print(sorted(set(sys.modules) & {'tensorflow', 'keras', 'cnnbook._bench'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(docs / "conf.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[]"  # ni TensorFlow ni el benchmark
    assert snapshot() == before


# -- Colab arriba y abajo, y lecciones pesadas (colab_links) -----------------------

PAGE = "lecciones/01_mlp/plot_01_x"
COLAB = "https://colab.research.google.com/github/u/libro/blob/gh-pages/cuadernos/01_mlp/plot_01_x.ipynb"


def _gallery_page() -> str:
    """Una página con las plantillas (en español) con que sphinx-gallery escribe
    cada lección: la nota de arriba, el texto y los botones de descarga."""
    from sphinx_gallery import gen_rst

    gallery_translation._patch()
    ref = "lecciones_01_mlp_plot_01_x.py"
    return (
        gen_rst.EXAMPLE_HEADER.format("lecciones/01_mlp/plot_01_x.py", ref, ".")
        + "\nEl título\n=========\n\nTexto de la lección.\n"
        + gen_rst.DOWNLOAD_LINKS_HEADER.format(ref)
        + gen_rst.NOTEBOOK_DOWNLOAD.format("plot_01_x.ipynb")
        + gen_rst.CODE_DOWNLOAD.format("plot_01_x.py", "Python")
        + gen_rst.ZIP_DOWNLOAD.format("plot_01_x.zip")
        + gen_rst.SPHX_GLR_SIG
    )


def _line_of(text: str, needle: str, start: int = 0) -> tuple[int, str]:
    lines = text.splitlines()
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i, lines[i]
    raise AssertionError(f"no está {needle!r}")


def test_colab_link_goes_in_the_top_note_and_next_to_the_downloads():
    page = _gallery_page()
    assert colab_links.has_gallery_note(page)
    text = colab_links.add_to_lesson(page, COLAB, None)
    assert text.count(COLAB) == 2
    note, _ = _line_of(text, ":class: sphx-glr-download-link-note")
    top, top_line = _line_of(text, COLAB)
    title, _ = _line_of(text, "sphx-glr-example-title")
    assert note < top < title  # dentro de la nota, antes del título
    assert top_line.startswith(" " * 8 + "`Abrir esta lección en Colab <")
    zip_, _ = _line_of(text, "sphx-glr-download-zip")
    button, button_line = _line_of(text, "sphx-glr-download-colab")
    link, link_line = _line_of(text, COLAB, top + 1)
    signature, _ = _line_of(text, "sphx-glr-signature")
    assert zip_ < button < link < signature
    assert button_line.startswith("    .. container:: sphx-glr-download ")
    assert link_line.startswith(" " * 6 + "`Abrir esta lección en Colab <")
    assert colab_links.add_to_lesson(page, None, None) == page  # apagado sin repo


def test_heavy_note_at_the_top_even_without_colab():
    page = _gallery_page()
    text = colab_links.add_to_lesson(page, None, 734.0)
    note, _ = _line_of(text, ":class: sphx-glr-download-link-note")
    heavy, line = _line_of(text, "**Lección pesada.**")
    title, _ = _line_of(text, "sphx-glr-example-title")
    assert note < heavy < title and line.startswith(" " * 8)
    assert "unos 12 minutos en CPU" in line and "conviene un entorno con GPU" in line
    assert "colab.research.google.com" not in text
    assert "poco más de un minuto" in colab_links.heavy_note(61)


def _write_records(folder: Path, records: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, record in records.items():
        (folder / f"{name}.json").write_text(json.dumps(record))


def test_heavy_lessons_are_decided_from_the_full_records(tmp_path):
    lesson_a, lesson_b = "01_mlp/plot_01_a.py", "01_mlp/plot_02_b.py"
    _write_records(
        tmp_path / "full",
        {
            # lo usan las dos (una lo entrena, la otra lo carga de la caché)
            "compartido": {"train_seconds": 50.0, "lessons": [lesson_a, lesson_b]},
            "propio": {"train_seconds": 20.0, "lessons": [lesson_b]},
            "viejo": {"train_seconds": 900.0},  # anterior a ``lessons``
            "medicion": {"values": {"test_accuracy": 0.5}, "lessons": [lesson_a]},
        },
    )
    (tmp_path / "full" / "roto.json").write_text("{ no es json")
    heavy, line = colab_links.heavy_lessons(tmp_path)
    assert heavy == {lesson_b: 70.0}  # 50 s no pasa del minuto; 50 + 20 sí
    assert "01_mlp/plot_02_b.py (1.2 min)" in line and "plot_01_a" not in line


def test_no_full_records_marks_nothing_and_says_so(tmp_path):
    _write_records(
        tmp_path / "quick", {"m": {"train_seconds": 500.0, "lessons": ["a/plot_1.py"]}}
    )
    heavy, line = colab_links.heavy_lessons(tmp_path)  # quick no cuenta
    assert heavy == {}
    assert "no hay registros del perfil full" in line
    assert "no se marca ninguna lección" in line
    _write_records(tmp_path / "full", {"m": {"train_seconds": 500.0}})
    assert colab_links.heavy_lessons(tmp_path)[0] == {}  # sin ``lessons``, tampoco


def test_gpu_metadata_is_what_colab_reads_and_is_idempotent():
    notebook = {"cells": [], "metadata": {"kernelspec": {"name": "python3"}}}
    once = colab_links.gpu_metadata(json.loads(json.dumps(notebook)), True)
    assert once["metadata"]["accelerator"] == "GPU"
    assert once["metadata"]["colab"] == {"gpuType": "T4"}
    assert colab_links.gpu_metadata(json.loads(json.dumps(once)), True) == once
    assert colab_links.gpu_metadata(once, False) == notebook


def test_lesson_pages_are_reread_when_their_colab_additions_change(monkeypatch):
    monkeypatch.delenv("CNNBOOK_COLAB_REPO", raising=False)
    monkeypatch.setattr(colab_links, "_heavy", {"01_mlp/plot_01_x.py": 734.0})
    env = types.SimpleNamespace(found_docs={PAGE, "introduccion"})
    app = types.SimpleNamespace(env=env)
    source = [_gallery_page()]
    colab_links._add_link(app, PAGE, source)
    assert "**Lección pesada.**" in source[0]
    assert env.cnnbook_colab == {PAGE: [None, 12]}
    assert colab_links._outdated(app, env, set(), set(), set()) == []
    monkeypatch.setenv("CNNBOOK_COLAB_REPO", "u/libro")  # ahora con enlace
    assert colab_links._outdated(app, env, set(), set(), set()) == [PAGE]
    monkeypatch.setattr(colab_links, "_heavy", {})
    colab_links._add_link(app, PAGE, source := [_gallery_page()])
    assert "Lección pesada" not in source[0] and source[0].count(COLAB) == 2
    assert colab_links._outdated(app, env, set(), set(), set()) == []


def test_find_heavy_reads_the_full_records_of_config(tmp_path, monkeypatch):
    _write_records(
        tmp_path / "full",
        {"m": {"train_seconds": 90.0, "lessons": ["01_mlp/plot_01_x.py"]}},
    )
    monkeypatch.setenv("CNNBOOK_RECORDS", str(tmp_path))
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")  # quick usa las medidas de full
    monkeypatch.setattr(colab_links, "_heavy", {})
    colab_links._find_heavy(None)
    assert colab_links._heavy == {"01_mlp/plot_01_x.py": 90.0}


def test_lesson_file_names_do_not_repeat_across_chapters():
    """Los cuadernos se publican sin su capítulo (``_downloads/<huella>/`` y los
    ``.zip``): downloads.py los reconoce por el nombre."""
    names = [p.name for p in (ROOT / "examples").glob("*/plot_*.py")]
    assert names and len(names) == len(set(names))


# -- Pie de procedencia, botón de imprimir e inventarios de la API -----------------
# (docs/_ext/provenance.py, docs/_ext/print_button.py, docs/_inventarios/)

import datetime as _dt  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import re  # noqa: E402
import runpy  # noqa: E402

provenance = importlib.import_module("provenance")
print_button = importlib.import_module("print_button")
INVENTORIES = ROOT / "docs" / "_inventarios"

#: Los tres nombres que las lecciones deben enlazar, con su página real.
API_LINKS = {
    "keras.layers.Conv2D": "https://keras.io/api/layers/convolution_layers/convolution2d/",
    "numpy.ndarray": "https://numpy.org/doc/stable/reference/generated/numpy.ndarray.html",
    "matplotlib.pyplot.imshow": (
        "https://matplotlib.org/stable/api/_as_gen/matplotlib.pyplot.imshow.html"
    ),
}


def test_build_date_follows_source_date_epoch():
    day = provenance.build_date({"SOURCE_DATE_EPOCH": "1767225600"})
    assert day == _dt.date(2026, 1, 1)
    assert provenance.spanish_date(day) == "1 de enero de 2026"
    assert provenance.build_date({"SOURCE_DATE_EPOCH": " "}) == (
        _dt.datetime.now(_dt.timezone.utc).date()
    )
    for bad in ("ayer", "-5", "1.5"):
        with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH.*entero"):
            provenance.build_date({"SOURCE_DATE_EPOCH": bad})


def test_git_commit_or_sin_git(tmp_path, monkeypatch):
    assert provenance.git_commit(tmp_path) == provenance.NO_GIT  # no es repositorio
    git = shutil.which("git")
    if git is None:
        pytest.skip("git no está instalado")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@b",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@b",
    }
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run([git, *args], cwd=tmp_path, env=env, check=True)
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / "docs").mkdir()
    assert provenance.git_commit(tmp_path / "docs") == head
    monkeypatch.setenv("PATH", "")  # sin el programa git
    assert provenance.git_commit(tmp_path) == provenance.NO_GIT


def test_footer_names_date_profile_commit_and_versions():
    versions = provenance.library_versions()
    assert [name for name, _ in versions] == [
        "cnnbook",
        "TensorFlow",
        "Keras",
        "NumPy",
        "Matplotlib",
    ]
    assert dict(versions)["NumPy"] == np.__version__
    html = provenance.footer_html(_dt.date(2026, 1, 1), "quick", "abc1234", versions)
    assert 'data-perfil="quick"' in html and 'data-commit="abc1234"' in html
    assert "1 de enero de 2026" in html and "perfil «quick»" in html
    assert f"NumPy {np.__version__}" in html
    assert "&lt;b&gt;" in provenance.footer_html(
        _dt.date(2026, 1, 1), "quick", "<b>", versions
    )


def test_footer_goes_to_the_theme_option(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    options = {"show_toc_level": 2}
    conf = types.SimpleNamespace(html_theme_options=options)
    provenance._set_footer(types.SimpleNamespace(srcdir=str(tmp_path)), conf)
    footer = conf.html_theme_options["extra_footer"]
    assert 'data-perfil="quick"' in footer and 'data-commit="sin git"' in footer
    assert 'datetime="2026-01-01"' in footer
    assert conf.html_theme_options["show_toc_level"] == 2
    assert options == {"show_toc_level": 2}  # el diccionario de conf.py, intacto


def test_print_button_replaces_the_download_menu():
    pdf = {"type": "javascript", "javascript": "window.print()", "text": ".pdf"}
    pdf["label"] = "download-pdf-button"
    source = {
        "type": "link",
        "url": "_sources/x.rst.txt",
        "label": "download-source-button",
    }
    other = {"type": "javascript", "label": "fullscreen-button"}
    group = {"type": "group", "label": "download-buttons", "buttons": [source, pdf]}
    (button, kept) = print_button.print_only([group, other])
    assert kept is other
    assert button["javascript"] == "window.print()" and not button["text"]
    assert button["tooltip"] == print_button.LABEL
    assert print_button.print_only([]) == []


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generar_inventarios", INVENTORIES / "generar.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inventory(project: str, base: str = "") -> dict:
    """``{nombre: (tipo, dirección)}`` del inventario versionado, leído por Sphinx."""
    from sphinx.util.inventory import InventoryFile

    data = (INVENTORIES / f"{project}.inv").read_bytes()
    inv = InventoryFile.loads(data, uri=base).data
    return {
        name: (kind, item.uri)
        for kind, items in inv.items()
        for name, item in items.items()
    }


def test_intersphinx_reads_the_committed_inventories():
    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
    mapping = conf["intersphinx_mapping"]
    assert set(mapping) == {"numpy", "matplotlib", "keras"}
    found = {}
    for project, (base, location) in mapping.items():
        assert not location.startswith(("http:", "https:"))  # sin internet
        assert (ROOT / "docs" / location).is_file()
        found.update(_inventory(project, base))
    for name, url in API_LINKS.items():
        assert found[name][1] == url, name
    assert found["keras.layers.Conv2D"][0] == "py:class"
    # sphinx-gallery prueba las clases base de un objeto antes que su nombre
    # público: con estas en el inventario, Conv2D o np.abs enlazarían a ellas.
    for base_class in ("keras.Layer", "keras.Operation", "keras.Loss", "numpy.ufunc"):
        assert base_class not in found


def test_glossary_roles_point_into_the_inventories():
    found = {}
    for project in ("numpy", "matplotlib", "keras"):
        found.update(_inventory(project))
    kinds = {
        "class": "py:class",
        "func": "py:function",
        "meth": "py:method",
        "mod": "py:module",
    }
    text = (ROOT / "docs" / "glosario.md").read_text(encoding="utf-8")
    roles = re.findall(r"\{py:(\w+)\}`(?:[^`<]*<)?~?([\w.]+)>?`", text)
    assert len(roles) >= 20
    for kind, target in roles:
        assert found.get(target, ("", ""))[0] == kinds[kind], (kind, target)


def test_inventories_are_up_to_date():
    """Lo que escribiría ``generar.py`` hoy es lo que está versionado; si falla,
    ejecuta ``python docs/_inventarios/generar.py`` y versiona los .inv."""
    generator = _generator()
    for project, entries in generator.collect().items():
        expected = {name: (f"py:{role}", uri) for name, role, uri in entries}
        assert _inventory(project) == expected, (
            f"{project}.inv está desactualizado: ejecuta "
            "python docs/_inventarios/generar.py"
        )


def test_every_build_modules_exist():
    """Los módulos de _ext que no entran en la huella de la galería existen (un
    nombre viejo en la lista no protege nada); cualquier otro sí entra."""
    names = {p.name for p in (ROOT / "docs" / "_ext").glob("*.py")}
    assert build_hooks.EVERY_BUILD <= names
    assert {"gallery_translation.py", "animation_player.py", "reader_texts.py"} <= (
        names - build_hooks.EVERY_BUILD
    )


def test_orphan_lesson_pages_are_removed(tmp_path):
    # Tras renombrar una lección, su página vieja no debe quedar publicada.
    out = tmp_path / "html"
    for docname in (
        "lecciones/02_x/plot_01_a",
        "lecciones/02_x/plot_02_vieja",
        "index",
    ):
        (out / docname).parent.mkdir(parents=True, exist_ok=True)
        (out / f"{docname}.html").write_text("<p>página</p>")
        source = out / "_sources" / f"{docname}.rst.txt"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("fuente")
    alive = {"index", "lecciones/02_x/plot_01_a"}
    removed = build_hooks.remove_orphan_pages(out, alive, "lecciones")
    assert removed == ["lecciones/02_x/plot_02_vieja"]
    assert not (out / "lecciones/02_x/plot_02_vieja.html").exists()
    assert not (out / "_sources/lecciones/02_x/plot_02_vieja.rst.txt").exists()
    assert (out / "lecciones/02_x/plot_01_a.html").exists()
    assert (out / "index.html").exists()  # fuera de la galería no se toca
