"""Extensiones propias del sitio (docs/_ext)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import animacion_es  # noqa: E402
import colab  # noqa: E402
import gallery_es  # noqa: E402


def test_colab_url_only_for_lessons():
    url = colab.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "usuario/cnnbook")
    assert url == (
        "https://colab.research.google.com/github/usuario/cnnbook/blob/gh-pages/"
        "cuadernos/01_mlp/plot_01_mlp_mnist.ipynb"
    )
    assert colab.colab_url("introduccion", "usuario/cnnbook") is None
    assert colab.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "") is None
    assert colab.colab_url("lecciones/01_mlp/plot_01_mlp_mnist", "no es repo") is None


def test_colab_link_is_off_by_default(monkeypatch):
    monkeypatch.delenv("CNNBOOK_COLAB_REPO", raising=False)
    source = ["texto"]
    colab._add_link(None, "lecciones/01_mlp/plot_01_mlp_mnist", source)
    assert source == ["texto"]
    monkeypatch.setenv("CNNBOOK_COLAB_REPO", "usuario/cnnbook")
    colab._add_link(None, "lecciones/01_mlp/plot_01_mlp_mnist", source)
    assert "Abrir esta lección en Colab" in source[0]


def test_gallery_strings_are_spanish():
    from sphinx_gallery import downloads, gen_rst

    gallery_es._patch()
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

    animacion_es._patch()
    assert "http" not in templates.JS_INCLUDE
    html = templates.DISPLAY_TEMPLATE
    for english in ("Decrease speed", "Play", "Once", "Loop", "Reflect", 'class="fa'):
        assert english not in html
    assert "Reproducir" in html and "Una vez" in html
    matplotlib.use("Agg")
    from cnnbook import plots

    page = plots.convolution_animation(n=4, k=3, padding=0, stride=1).to_jshtml()
    assert "bootstrapcdn" not in page and "Primer cuadro" in page
