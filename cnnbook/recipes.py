"""Los entrenamientos de la clase que varias lecciones comparten.

Cada función carga los datos, construye el modelo con la receta de la clase y
llama a :func:`cnnbook.training.fit_or_load`. La lección que presenta cada
modelo escribe su receta completa, en código de Keras para leer; las demás
lecciones llaman a la función de aquí. Como la receta es idéntica, la clave de
caché coincide: dentro del libro el modelo se entrena una sola vez y luego se
carga, y una lección descargada por separado lo entrena si hace falta.
"""

from __future__ import annotations

from cnnbook import data, models, training

__all__ = [
    "mlp_mnist",
    "mlp_cifar10",
    "lenet5_mnist",
    "small_cnn_adam",
    "one_conv_mnist",
    "lenet5_border",
    "lenet5_deeper",
    "lenet5_improved",
    "lenet5_cifar10",
]


#: Actualizaciones que observan las etapas con SGD a tasa 0.1 (pueden divergir).
WATCH_UPDATES = 256


def _mnist(n_train: int | None = None, n_test: int | None = None):
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    x_train, y_train = x_train[:n_train], y_train[:n_train]
    x_test, y_test = x_test[:n_test], y_test[:n_test]
    train = (data.normalize(x_train)[..., None], data.one_hot(y_train))
    test = (data.normalize(x_test)[..., None], data.one_hot(y_test))
    return train, test


def mlp_mnist() -> training.TrainingRun:
    """MLP 784-200-150-10 en MNIST: Adam (0.0005), lotes de 32, 10 épocas.

    Lo presenta la lección ``01_mlp/plot_01_mlp_mnist.py``.
    """
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
    """El mismo MLP en CIFAR-10 a color (entrada 32 x 32 x 3).

    Lo presenta la lección ``01_mlp/plot_02_mlp_cifar10.py``.
    """
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
    """LeNet-5 en MNIST: SGD (0.1), lotes de 128, 20 épocas.

    La presenta la lección ``04_lenet5/plot_01_lenet5_mnist.py``.
    """
    train, test = _mnist()
    return training.fit_or_load(
        "lenet5_mnist",
        lambda: models.compile_classifier(models.lenet5((28, 28, 1)), "sgd", 0.1),
        train=train,
        test=test,
        epochs=20,
        batch_size=128,
    )


def one_conv_mnist() -> training.TrainingRun:
    """Una sola capa convolucional (8 filtros de 3 x 3, ReLU) y una capa densa de
    salida, en MNIST: SGD (0.1), lotes de 128, 5 épocas.

    La presenta la lección ``02_convolucion/plot_09_filtros_aprendidos.py``.
    """
    train, test = _mnist()
    return training.fit_or_load(
        "una_convolucion_mnist",
        lambda: models.compile_classifier(models.one_conv((28, 28, 1)), "sgd", 0.1),
        train=train,
        test=test,
        epochs=5,
        batch_size=128,
    )


def _mnist_with_shift():
    """MNIST completo y la prueba trasladada 4 px hacia abajo y a la derecha."""
    train, test = _mnist()
    _, (x_test, _) = data.load_mnist()
    shifted = (data.normalize(data.shift(x_test, 4, 4))[..., None], test[1])
    return train, test, {"trasladada": shifted}


def lenet5_border() -> training.TrainingRun:
    """Etapa 1 de la configuración mejorada: LeNet-5 con un borde de ceros de 2 px.

    SGD (0.1), lotes de 128, 20 épocas; mide también la prueba trasladada. La
    presenta la lección ``04_lenet5/plot_04_mejor_configuracion.py``.
    """
    train, test, shifted = _mnist_with_shift()
    return training.fit_or_load(
        "lenet5_borde",
        lambda: models.compile_classifier(
            models.lenet5((28, 28, 1), padding=2), "sgd", 0.1
        ),
        train=train,
        test=test,
        epochs=20,
        batch_size=128,
        extra_test=shifted,
        watch_updates=WATCH_UPDATES,
    )


def lenet5_deeper() -> training.TrainingRun:
    """Etapa 2: tres capas convolucionales, sin aumento de datos; 20 épocas.

    La presenta la lección ``04_lenet5/plot_04_mejor_configuracion.py``.
    """
    train, test, shifted = _mnist_with_shift()
    return training.fit_or_load(
        "lenet5_mas_capas",
        lambda: models.compile_classifier(
            models.lenet5_improved(augment=False), "sgd", 0.1
        ),
        train=train,
        test=test,
        epochs=20,
        batch_size=128,
        extra_test=shifted,
        watch_updates=WATCH_UPDATES,
    )


def lenet5_improved() -> training.TrainingRun:
    """Etapas 3 y 4: con el bloque de aumento de datos de la clase; 40 épocas.

    La presenta la lección ``04_lenet5/plot_04_mejor_configuracion.py``.
    """
    train, test, shifted = _mnist_with_shift()
    return training.fit_or_load(
        "lenet5_mejorada",
        lambda: models.compile_classifier(
            models.lenet5_improved(augment=True), "sgd", 0.1
        ),
        train=train,
        test=test,
        epochs=40,
        batch_size=128,
        extra_test=shifted,
        watch_updates=WATCH_UPDATES,
    )


def small_cnn_adam() -> training.TrainingRun:
    """La red pequeña del capítulo 3 con Adam (0.001): 3 épocas, lotes de 32.

    Usa los primeros 6,000 dígitos de entrenamiento y 2,000 de prueba. La
    presenta la lección ``03_capas/plot_07_gradiente_y_dispersidad.py``.
    """
    train, test = _mnist(6000, 2000)
    return training.fit_or_load(
        "cnn_pequena_adam",
        lambda: models.compile_classifier(models.small_cnn(), "adam", 1e-3),
        train=train,
        test=test,
        epochs=3,
        batch_size=32,
    )


def cifar10_split():
    """CIFAR-10 normalizado entre 0 y 1, con etiquetas *one-hot*:
    ``(x_train, y_train), (x_test, y_test)`` (recortado en ``quick``)."""
    (x_train, y_train), (x_test, y_test) = data.load_cifar10()
    train = (data.normalize(x_train), data.one_hot(y_train))
    return train, (data.normalize(x_test), data.one_hot(y_test))


def lenet5_cifar10() -> training.TrainingRun:
    """LeNet-5 en CIFAR-10 a color: SGD (0.1), lotes de 128, 20 épocas.

    La presenta la lección ``04_lenet5/plot_06_ejercicio_cifar10.py`` (en la
    solución del ejercicio); es el punto de partida del capítulo 6.
    """
    train, test = cifar10_split()
    return training.fit_or_load(
        "lenet5_cifar10",
        lambda: models.compile_classifier(models.lenet5((32, 32, 3)), "sgd", 0.1),
        train=train,
        test=test,
        epochs=20,
        batch_size=128,
    )
