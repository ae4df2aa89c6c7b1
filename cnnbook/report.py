"""La tabla «la clase, reproducida»: lo que reporta la clase junto a lo medido.

Cada fila sale de un registro de métricas escrito por una lección
(:func:`cnnbook.records.save_record`). Si falta un registro, se lanza un error:
la tabla nunca muestra una celda vacía ni un valor inventado.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from cnnbook import formatting, lecture, records

__all__ = ["Row", "ROWS", "Table", "reproduction_table"]


@dataclass(frozen=True)
class Row:
    """Un resultado de la clase y dónde lo guarda este libro."""

    label: str
    record: str
    key: str
    lecture_value: float
    kind: str  # "accuracy" o "count"
    model_record: str | None = None  # registro del entrenamiento, si es otro


ROWS = (
    Row(
        "MLP en MNIST · exactitud de prueba",
        "mlp_mnist",
        "test_accuracy",
        lecture.RESULTS["mlp_mnist"][0],
        "accuracy",
    ),
    Row(
        "MLP en CIFAR-10 (color) · exactitud de prueba",
        "mlp_cifar10",
        "test_accuracy",
        lecture.RESULTS["mlp_cifar10"][0],
        "accuracy",
    ),
    Row(
        "MLP en CIFAR-10 (grises, 28 x 28) · exactitud de prueba",
        "mlp_cifar10_gray",
        "test_accuracy",
        lecture.RESULTS["mlp_cifar10_gray"][0],
        "accuracy",
    ),
    Row(
        "MLP en MNIST trasladado 4 px · exactitud de prueba",
        "mlp_mnist_shifted",
        "test_accuracy",
        lecture.RESULTS["mlp_mnist_shifted"][0],
        "accuracy",
        "mlp_mnist",
    ),
    Row(
        "LeNet-5 en MNIST · exactitud de entrenamiento (última época)",
        "lenet5_mnist",
        "train_accuracy",
        lecture.RESULTS["lenet5_mnist_train"][0],
        "accuracy",
    ),
    Row(
        "LeNet-5 en MNIST trasladado 4 px · exactitud de prueba",
        "lenet5_mnist_shifted",
        "test_accuracy",
        lecture.RESULTS["lenet5_mnist_shifted"][0],
        "accuracy",
        "lenet5_mnist",
    ),
    Row("MLP · parámetros", "mlp_mnist", "params", lecture.PARAMS["mlp"], "count"),
    Row(
        "LeNet-5 · parámetros",
        "lenet5_mnist",
        "params",
        lecture.PARAMS["lenet5"],
        "count",
    ),
)


@dataclass
class Table:
    """Una tabla sencilla que se muestra como HTML en el libro y como texto en consola."""

    columns: list[str]
    rows: list[list[str]]

    def __post_init__(self):
        if any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("cada fila de `rows` debe tener una celda por columna.")

    def __str__(self) -> str:
        widths = [
            max(len(c), *(len(r[i]) for r in self.rows))
            for i, c in enumerate(self.columns)
        ]

        def line(cells):
            return " | ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True))

        return "\n".join(
            [line(self.columns), "-+-".join("-" * w for w in widths)]
            + [line(r) for r in self.rows]
        )

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
            for r in self.rows
        )
        return (
            '<table class="cnnbook-tabla"><thead><tr>'
            f"{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def _fmt(value: float, kind: str) -> str:
    """Un conteo (``188,660``) o una exactitud (``97.54 %``), como en el libro."""
    return (
        formatting.integer(round(value))
        if kind == "count"
        else formatting.percent(value)
    )


def _fmt_diff(diff: float, kind: str) -> str:
    """Una diferencia con signo: ``+0`` parámetros o ``-0.54 pp``."""
    sign = "+" if diff >= 0 else "-"
    if kind == "count":
        return sign + formatting.integer(abs(round(diff)))
    return f"{sign}{formatting.number(abs(100 * diff), 2)} pp"


def _table_row(row: Row) -> tuple[list[str], dict]:
    """Las celdas de ``row`` en la tabla y sus valores numéricos."""
    record = records.load_record(row.record)
    if row.key not in record["values"] or record["values"][row.key] is None:
        raise KeyError(
            f"el registro {row.record!r} no contiene la métrica {row.key!r}."
        )
    measured = float(record["values"][row.key])
    origin = records.load_record(row.model_record) if row.model_record else record
    diff = measured - row.lecture_value
    cells = [
        row.label,
        _fmt(row.lecture_value, row.kind),
        _fmt(measured, row.kind),
        _fmt_diff(diff, row.kind),
        record["profile"],
        str(origin.get("epochs", "—")) if row.kind != "count" else "—",
        f"{formatting.number(origin['train_seconds'], 0)} s"
        if row.kind != "count"
        else "—",
    ]
    value = {
        "label": row.label,
        "lecture": row.lecture_value,
        "measured": measured,
        "kind": row.kind,
    }
    return cells, value


def reproduction_table(rows=ROWS) -> tuple[Table, list[dict]]:
    """Construye la tabla a partir de los registros del perfil activo.

    Returns
    -------
    (Table, list of dict)
        La tabla para mostrar y, por fila, los valores numéricos (para graficar).

    Raises
    ------
    FileNotFoundError
        Si falta el registro de alguna fila.
    KeyError
        Si un registro no contiene la métrica que se busca.
    TypeError
        Si ``rows`` no es una lista no vacía de :class:`Row`.
    """
    if (
        not isinstance(rows, (list, tuple))
        or not rows
        or not all(isinstance(r, Row) for r in rows)
    ):
        raise TypeError(
            f"`rows` debe ser una lista no vacía de filas `Row`; se recibió {rows!r}."
        )
    # Fila por fila, en orden: el primer registro que falte es el que se reporta.
    built = [_table_row(row) for row in rows]
    columns = [
        "Resultado",
        "Clase",
        "Este libro",
        "Diferencia",
        "Perfil",
        "Épocas",
        "Entrenamiento",
    ]
    return Table(columns, [cells for cells, _ in built]), [v for _, v in built]
