"""Los resultados que reporta la clase, tal como aparecen en sus diapositivas.

Son la referencia que el libro intenta reproducir; nunca se muestran como si
fueran una medición de esta construcción.
"""

from __future__ import annotations

__all__ = ["RESULTS", "PARAMS"]

#: Exactitudes reportadas (fracción entre 0 y 1) y de dónde salen en la clase.
RESULTS = {
    "mlp_mnist": (
        0.9754,
        "MLP en MNIST: model.evaluate devuelve 0.9754 («alrededor del 98%»)",
    ),
    "mlp_cifar10": (0.4788, "MLP en CIFAR-10 a color: 0.4788 («alrededor del 50%»)"),
    "mlp_cifar10_gray": (
        0.4127,
        "MLP en CIFAR-10 en grises de 28 x 28: 0.4127 («alrededor del 40%»)",
    ),
    "mlp_mnist_shifted": (
        0.0761,
        "MLP en MNIST con la prueba trasladada 4 px: 0.0761 («¡Ya no clasificó bien!»)",
    ),
    "lenet5_mnist_train": (
        0.9986,
        "LeNet-5, exactitud de entrenamiento en la época 20",
    ),
    "lenet5_mnist_shifted": (0.1392, "LeNet-5 en la prueba trasladada 4 px"),
}

#: Parámetros entrenables de los resúmenes de Keras de la clase.
PARAMS = {"mlp": 188_660, "lenet5": 44_426}
