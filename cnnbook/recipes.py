"""Los entrenamientos de la clase que varias lecciones comparten.

Cada función carga los datos, construye el modelo con la receta de la clase y
llama a :func:`cnnbook.training.fit_or_load`. Como la receta es idéntica a la
que escribe la lección que la presenta, la clave de caché coincide: dentro del
libro el modelo se carga en lugar de entrenarse otra vez, y una lección
descargada por separado lo entrena si hace falta.
"""

from __future__ import annotations

from cnnbook import data, models, training

__all__ = ["mlp_mnist", "mlp_cifar10", "lenet5_mnist"]


def _mnist():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    train = (data.normalize(x_train)[..., None], data.one_hot(y_train))
    test = (data.normalize(x_test)[..., None], data.one_hot(y_test))
    return train, test


def mlp_mnist() -> training.TrainingRun:
    """MLP 784-200-150-10 en MNIST: Adam (0.0005), lotes de 32, 10 épocas."""
    train, test = _mnist()
    return training.fit_or_load(
        "mlp_mnist",
        lambda: models.compile_classifier(models.mlp((28, 28, 1)), "adam", 5e-4),
        train=train,
        test=test,
        epochs=10,
        batch_size=32,
    )


def mlp_cifar10() -> training.TrainingRun:
    """El mismo MLP en CIFAR-10 a color (entrada 32 x 32 x 3)."""
    (x_train, y_train), (x_test, y_test) = data.load_cifar10()
    return training.fit_or_load(
        "mlp_cifar10",
        lambda: models.compile_classifier(models.mlp((32, 32, 3)), "adam", 5e-4),
        train=(data.normalize(x_train), data.one_hot(y_train)),
        test=(data.normalize(x_test), data.one_hot(y_test)),
        epochs=10,
        batch_size=32,
    )


def lenet5_mnist() -> training.TrainingRun:
    """LeNet-5 en MNIST: SGD (0.1), lotes de 128, 20 épocas."""
    train, test = _mnist()
    return training.fit_or_load(
        "lenet5_mnist",
        lambda: models.compile_classifier(models.lenet5((28, 28, 1)), "sgd", 0.1),
        train=train,
        test=test,
        epochs=20,
        batch_size=128,
    )
