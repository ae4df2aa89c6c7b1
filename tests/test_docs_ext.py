"""Extensiones propias del sitio (docs/_ext)."""

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

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


def test_gallery_of_another_profile_is_removed(tmp_path):
    gallery = tmp_path / "lecciones"
    (gallery / "01_mlp").mkdir(parents=True)
    (gallery / "01_mlp" / "pagina.rst").write_text("vieja")
    (gallery / build_hooks.MARKER).write_text("full")
    assert build_hooks.reset_gallery(gallery, "quick") is True
    assert sorted(p.name for p in gallery.iterdir()) == [build_hooks.MARKER]
    assert (gallery / build_hooks.MARKER).read_text() == "quick"


def test_gallery_without_marker_is_removed(tmp_path):
    gallery = tmp_path / "lecciones"
    gallery.mkdir()
    (gallery / "pagina.rst").write_text("vieja")
    assert build_hooks.reset_gallery(gallery, "full") is True
    assert not (gallery / "pagina.rst").exists()


def test_gallery_of_the_same_profile_is_kept(tmp_path):
    gallery = tmp_path / "lecciones"
    gallery.mkdir()
    (gallery / "pagina.rst").write_text("vigente")
    (gallery / build_hooks.MARKER).write_text("quick\n")
    assert build_hooks.reset_gallery(gallery, "quick") is False
    assert (gallery / "pagina.rst").read_text() == "vigente"
    missing = tmp_path / "nueva"
    assert build_hooks.reset_gallery(missing, "quick") is False
    assert (missing / build_hooks.MARKER).read_text() == "quick"


def test_reset_hook_reads_gallery_dirs_and_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNBOOK_PROFILE", "quick")
    (tmp_path / "lecciones").mkdir()
    (tmp_path / "lecciones" / "pagina.rst").write_text("de otro perfil")
    app = types.SimpleNamespace(
        srcdir=str(tmp_path),
        config=types.SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "lecciones"}),
    )
    build_hooks._reset_stale_galleries(app)
    assert [p.name for p in (tmp_path / "lecciones").iterdir()] == [".perfil"]


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
    (docs / "lecciones" / ".perfil").write_text("full")
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
