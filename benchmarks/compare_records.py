"""Compara los registros de métricas de dos construcciones (determinismo).

Uso::

    python benchmarks/compare_records.py CARPETA_A CARPETA_B

Cada carpeta es ``<caché>/records/<perfil>`` de una construcción. Compara cada
valor de cada registro (exactitudes, pérdidas, parámetros y demás mediciones) y
los metadatos, salvo los tiempos de reloj (claves que terminan en ``_seconds``),
que no pueden repetirse. Imprime cuántos valores coinciden bit a bit y cuáles
no; sale con código 1 si alguno difiere o falta.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def flatten(record: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in record.items():
        if key.endswith("_seconds"):
            continue
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def load(folder: Path) -> dict[str, dict]:
    if not folder.is_dir():
        sys.exit(f"No existe la carpeta de registros {folder}.")
    return {
        p.stem: flatten(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*.json"))
    }


def main() -> int:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = (load(Path(arg)) for arg in sys.argv[1:])
    same = differ = 0
    problems = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            problems.append(f"{name}: sólo está en {'A' if name in a else 'B'}")
            continue
        for key in sorted(set(a[name]) | set(b[name])):
            va, vb = a[name].get(key), b[name].get(key)
            both_nan = (
                isinstance(va, float)
                and isinstance(vb, float)
                and va != va
                and vb != vb
            )
            if va == vb or both_nan:  # NaN (entrenamiento que diverge) en ambas
                same += 1
            else:
                differ += 1
                problems.append(f"{name}.{key}: {va!r} != {vb!r}")
    print(
        f"registros: {len(a)} y {len(b)}; valores idénticos: {same}; distintos: {differ}"
    )
    for line in problems:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
