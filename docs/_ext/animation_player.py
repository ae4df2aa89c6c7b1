"""Animaciones de Matplotlib sin internet y en español.

El reproductor HTML de Matplotlib (``to_jshtml``, que sphinx-gallery inserta en
la página) pide Font Awesome 4 a un servidor externo para los íconos de sus
botones y los rotula en inglés. Aquí se quita esa hoja de estilos, se usan
símbolos Unicode y se traducen los rótulos. Se aplica al cargar la extensión,
antes de que se ejecute cualquier lección.
"""

from __future__ import annotations

import re

from matplotlib import _animation_data as templates

ICONS = {
    "fa fa-minus": "−",
    "fa fa-fast-backward": "⏮",
    "fa fa-step-backward": "◀︎|",
    "fa fa-play fa-flip-horizontal": "◀︎",
    "fa fa-pause": "⏸",
    "fa fa-play": "▶︎",
    "fa fa-step-forward": "|▶︎",
    "fa fa-fast-forward": "⏭",
    "fa fa-plus": "+",
}

LABELS = {
    "Decrease speed": "Más lento",
    "First frame": "Primer cuadro",
    "Previous frame": "Cuadro anterior",
    "Play backwards": "Reproducir hacia atrás",
    "Pause": "Pausa",
    "Play": "Reproducir",
    "Next frame": "Cuadro siguiente",
    "Last frame": "Último cuadro",
    "Increase speed": "Más rápido",
    "Repetition mode": "Modo de repetición",
}

RADIOS = {">Once<": ">Una vez<", ">Loop<": ">En bucle<", ">Reflect<": ">Ida y vuelta<"}


def _patch() -> None:
    include = re.sub(
        r"<link rel=\"stylesheet\"\s*href=\"https?://[^\"]+\">",
        "",
        templates.JS_INCLUDE,
    )
    display = templates.DISPLAY_TEMPLATE
    for cls, symbol in ICONS.items():
        display = display.replace(
            f'<i class="{cls}"></i>', f'<span aria-hidden="true">{symbol}</span>'
        )
    for english, spanish in LABELS.items():
        display = display.replace(
            f'title="{english}" aria-label="{english}"',
            f'title="{spanish}" aria-label="{spanish}"',
        )
    for english, spanish in RADIOS.items():
        display = display.replace(english, spanish)
    display = display.replace(
        '<img id="_anim_img{id}">',
        '<img id="_anim_img{id}" alt="Animación: cuadro actual">',
    )
    display = display.replace(
        'type="range" class="anim-slider"',
        'type="range" class="anim-slider" aria-label="Cuadro de la animación"',
    )
    templates.JS_INCLUDE = include
    templates.DISPLAY_TEMPLATE = display
    # matplotlib.animation copia estos textos al importarse: si ya se importó,
    # también hay que cambiar sus copias.
    import matplotlib.animation as animation

    animation.JS_INCLUDE = include
    animation.DISPLAY_TEMPLATE = display


def setup(app):
    _patch()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
