"""Qué aporta cada idea al modelo final del capítulo 6, medido a su tamaño.

Uso: ``python benchmarks/ablation.py [--variant VARIANTE ...]`` (por omisión,
todas). Entrena variantes del modelo final (:func:`cnnbook.ladder.final`:
filtros ``FINAL_WIDTHS``, ``FINAL_EPOCHS`` épocas) que cambian una sola idea:
sin el aumento de datos, sin lo residual y el promedio global, o con la
regularización que el modelo final deja fuera (``ladder.FINAL_WITHOUT``).
Imprime la exactitud en prueba y los segundos de entrenamiento de cada una
junto a los del modelo final. Cada variante tarda lo que el modelo final (unos
9 minutos en una máquina de 2 núcleos); usa la caché de entrenamiento de
``CNNBOOK_CACHE``, así que una segunda corrida sólo carga.

La escalera del libro mide cada idea en la red angosta con 3 épocas; este
benchmark responde otra pregunta, que la construcción no puede pagar: si la red
ancha con más épocas conserva o no lo que esa idea aporta. Imprime cifras, no
aprueba ni reprueba.
"""

from __future__ import annotations

import argparse

from cnnbook import config, ladder

#: Cada variante: la parte de los ajustes que cambia y cómo.
VARIANTS = {
    "sin_aumento": ("model", {"augment": False}),
    "sin_residual_global": ("model", {"residual": False, "global_pool": False}),
    "con_regularizacion": ("compile", {"weight_decay": 5e-4, "label_smoothing": 0.1}),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant", nargs="+", choices=sorted(VARIANTS), default=sorted(VARIANTS)
    )
    args = parser.parse_args(argv)
    print(config.profile().describe())
    rows = [("modelo final", ladder.final())]
    for variant in args.variant:
        chosen = ladder.final_settings()
        part, change = VARIANTS[variant]
        chosen[part].update(change)
        # Mismo camino que ladder.final: mismos datos, épocas y clave de caché.
        name = f"moderna_final_{variant}"
        rows.append((variant, ladder._run(name, chosen, ladder.FINAL_EPOCHS)))
    base = rows[0][1].test_accuracy
    print(f"{'variante':26s} {'exactitud':>9s} {'cambio':>8s} {'segundos':>9s}")
    for label, r in rows:
        delta = 100 * (r.test_accuracy - base)
        print(
            f"{label:26s} {100 * r.test_accuracy:8.2f}% {delta:+7.2f}  "
            f"{r.train_seconds:8.1f}"
        )
    for label, r in rows[1:]:
        print(f"ablation_{label}_accuracy={r.test_accuracy:.4f}")


if __name__ == "__main__":
    main()
