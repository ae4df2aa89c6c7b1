import subprocess
import sys

import pytest

from cnnbook import records, report, training


def write_all_records():
    training.save_record(
        "mlp_mnist",
        {"test_accuracy": 0.97, "train_accuracy": 0.99, "params": 188660},
        epochs=10,
        train_seconds=30.0,
    )
    training.save_record(
        "mlp_cifar10", {"test_accuracy": 0.46}, epochs=10, train_seconds=40.0
    )
    training.save_record(
        "mlp_cifar10_gray", {"test_accuracy": 0.40}, epochs=10, train_seconds=20.0
    )
    training.save_record("mlp_mnist_shifted", {"test_accuracy": 0.07})
    training.save_record(
        "lenet5_mnist",
        {"test_accuracy": 0.99, "train_accuracy": 0.998, "params": 44426},
        epochs=20,
        train_seconds=50.0,
    )
    training.save_record("lenet5_mnist_shifted", {"test_accuracy": 0.15})


def test_table_from_records(isolated_env):
    write_all_records()
    table, values = report.reproduction_table()
    assert len(table.rows) == len(report.ROWS) == len(values)
    first = table.rows[0]
    assert first[1] == "97.54 %" and first[2] == "97.00 %" and first[3] == "-0.54 pp"
    assert first[4] == "quick" and first[5] == "10" and first[6] == "30 s"
    shifted = table.rows[3]
    assert shifted[5] == "10"  # épocas del modelo que lo produjo
    params = table.rows[-2]
    assert params[2] == "188,660" and params[3] == "+0"
    html = table._repr_html_()
    assert html.count("<tr>") == len(report.ROWS) + 1
    assert "Resultado" in str(table)


def test_missing_record_fails(isolated_env):
    write_all_records()
    path = records.record_path("lenet5_mnist_shifted")
    path.unlink()
    with pytest.raises(FileNotFoundError, match="lenet5_mnist_shifted"):
        report.reproduction_table()


def test_missing_metric_fails(isolated_env):
    write_all_records()
    records.save_record("mlp_cifar10", {"test_loss": 1.5})
    with pytest.raises(KeyError, match="test_accuracy"):
        report.reproduction_table()


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="`rows`"):
        report.Table(["a", "b"], [["1"]])


def test_records_and_report_do_not_import_tensorflow():
    """Leer registros y armar la tabla es inmediato: ni TensorFlow ni Keras."""
    code = (
        "import sys, cnnbook.records, cnnbook.report\n"
        "loaded = {'tensorflow', 'keras'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_training_reexports_the_records():
    assert training.save_record is records.save_record
    assert training.load_record is records.load_record
    assert training.load_records is records.load_records
