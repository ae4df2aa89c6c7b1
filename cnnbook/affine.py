"""El bloque de aumento de la clase como una sola transformación afín.

Las cuatro capas del bloque de la clase (:func:`cnnbook.models.augmentation`)
son transformaciones afines: cada una remuestrea la imagen con una matriz que
lleva el píxel de salida a la posición de la entrada que lee. Aquí se componen
en una sola matriz (:func:`lecture_affine_matrices`), se sortean con las mismas
distribuciones en una capa que remuestrea una vez (:class:`ComposedAffine`) y se
recuperan las matrices que sortea cualquier bloque (:func:`affine_parameters`),
para comparar distribuciones.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from cnnbook.models import AUGMENTATION_FACTORS
from cnnbook.validation import check_array, check_int

__all__ = [
    "lecture_affine_matrices",
    "ComposedAffine",
    "composed_augmentation",
    "affine_parameters",
]


def lecture_affine_matrices(
    translation, angle, zoom, shear, height: int, width: int
) -> np.ndarray:
    r"""Las matrices afines del bloque de la clase, compuestas en una sola.

    Cada capa de Keras remuestrea la imagen con una matriz :math:`M` que lleva
    cada píxel de *salida* a la posición de la *entrada* que lee. Aplicar la
    traslación, la rotación, el zoom y el cizallamiento uno tras otro lee, por
    lo tanto, en :math:`M_T M_R M_Z M_S\,p`: una sola matriz compuesta hace la
    misma transformación geométrica con un remuestreo en lugar de cuatro.

    Parameters
    ----------
    translation : array (n, 2)
        Desplazamientos en píxeles (columnas, filas).
    angle : array (n,)
        Ángulos de rotación en grados, alrededor del centro.
    zoom : array (n,)
        Factores de escala alrededor del centro (1 deja la imagen igual).
    shear : array (n,)
        Cizallamiento horizontal, con pivote en la fila 0.
    height, width : int
        Tamaño de la imagen en píxeles.

    Returns
    -------
    array (n, 3, 3)
        Las matrices compuestas, en float32 (la última fila es 0, 0, 1).
    """
    height = check_int(height, "height", minimum=1)
    width = check_int(width, "width", minimum=1)
    translation = check_array(translation, "translation", ndim=2, finite=True)
    n = len(translation)
    if translation.shape[1] != 2:
        raise ValueError(
            f"`translation` debe tener forma (n, 2); tiene {translation.shape}."
        )
    parts = {}
    for name, value in (("angle", angle), ("zoom", zoom), ("shear", shear)):
        value = check_array(value, name, ndim=1, finite=True)
        if value.shape != (n,):
            raise ValueError(
                f"`{name}` debe tener {n} valores, uno por fila de `translation`; "
                f"tiene forma {value.shape}."
            )
        parts[name] = value.astype("float64")
    translation = translation.astype("float64")
    # Las mismas fórmulas que usan las capas de Keras, con el centro en
    # ((ancho - 1) / 2, (alto - 1) / 2).
    cx, cy = (width - 1) / 2, (height - 1) / 2
    eye = np.broadcast_to(np.eye(3), (n, 3, 3))
    move = eye.copy()
    move[:, :2, 2] = -translation
    theta = np.deg2rad(parts["angle"])
    cos, sin = np.cos(theta), np.sin(theta)
    turn = eye.copy()
    turn[:, 0, 0], turn[:, 0, 1] = cos, -sin
    turn[:, 1, 0], turn[:, 1, 1] = sin, cos
    turn[:, 0, 2] = cx - cx * cos + cy * sin
    turn[:, 1, 2] = cy - cx * sin - cy * cos
    z = parts["zoom"]
    scale = eye.copy()
    scale[:, 0, 0], scale[:, 1, 1] = z, z
    scale[:, 0, 2], scale[:, 1, 2] = cx * (1 - z), cy * (1 - z)
    skew = eye.copy()
    skew[:, 0, 1] = parts["shear"]
    return (move @ turn @ scale @ skew).astype("float32")


@keras.saving.register_keras_serializable(package="cnnbook")
class ComposedAffine(layers.Layer):
    """El bloque de aumento de la clase con un solo remuestreo bilineal.

    Sortea los cuatro parámetros con las mismas distribuciones uniformes que las
    capas de Keras (ver :func:`augmentation`), compone sus matrices con
    :func:`lecture_affine_matrices` y remuestrea una vez. En la inferencia deja
    pasar la imagen sin cambios.
    """

    def __init__(self, seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.seed = check_int(seed, "seed", minimum=0)
        self._generator = keras.random.SeedGenerator(self.seed)

    def _draw(self, n, low, high):
        return keras.random.uniform((n,), low, high, seed=self._generator)

    def call(self, inputs, training=False):
        if not training:
            return inputs
        f = AUGMENTATION_FACTORS
        shape = keras.ops.shape(inputs)
        n, height, width = shape[0], shape[1], shape[2]
        h = keras.ops.cast(height, "float32")
        w = keras.ops.cast(width, "float32")
        t = f["translation"]
        dx = self._draw(n, -t, t) * w
        dy = self._draw(n, -t, t) * h
        theta = self._draw(n, -f["rotation"], f["rotation"]) * 2 * np.pi
        z = 1 + self._draw(n, -f["zoom"], f["zoom"])
        s = self._draw(n, -f["shear"], f["shear"])
        cx, cy = (w - 1) / 2, (h - 1) / 2
        cos, sin = keras.ops.cos(theta), keras.ops.sin(theta)
        # Producto M_T M_R M_Z M_S escrito término a término (ver
        # lecture_affine_matrices, que lo calcula con matrices y lo verifica).
        r02 = cx - cx * cos + cy * sin
        r12 = cy - cx * sin - cy * cos
        a0 = z * cos
        a1 = z * (cos * s - sin)
        a2 = cos * cx * (1 - z) - sin * cy * (1 - z) + r02 - dx
        b0 = z * sin
        b1 = z * (sin * s + cos)
        b2 = sin * cx * (1 - z) + cos * cy * (1 - z) + r12 - dy
        zeros = keras.ops.zeros_like(a0)
        transform = keras.ops.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
        return keras.ops.image.affine_transform(
            inputs,
            transform,
            interpolation="bilinear",
            fill_mode="constant",
            fill_value=0.0,
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def composed_augmentation(seed: int = 0) -> keras.Sequential:
    """El bloque de aumento de la clase en una sola capa (:class:`ComposedAffine`).

    Misma distribución de transformaciones que :func:`augmentation`, con un
    remuestreo bilineal en lugar de cuatro: más rápido y menos borroso.
    """
    seed = check_int(seed, "seed", minimum=0)
    return keras.Sequential(
        [ComposedAffine(seed, name="afin")], name="aumento_compuesto"
    )


def affine_parameters(block: keras.Layer, n: int = 2000, side: int = 32) -> np.ndarray:
    """Los coeficientes afines de ``n`` transformaciones sorteadas por ``block``.

    Se transforma una imagen cuyos canales valen la columna, la fila y 1 en cada
    píxel. La interpolación bilineal reproduce exactamente una función lineal,
    así que, aun tras varios remuestreos, cada píxel de salida contiene la
    posición de la entrada que leyó; donde el tercer canal sigue valiendo 1
    ningún remuestreo tocó el relleno. Con esos píxeles, mínimos cuadrados dan
    la matriz :math:`\\begin{pmatrix} a_0 & a_1 & a_2 \\\\ b_0 & b_1 & b_2
    \\end{pmatrix}` de cada imagen.

    Returns
    -------
    array (n, 6)
        :math:`a_0, a_1, a_2, b_0, b_1, b_2` por transformación.
    """
    if not isinstance(block, keras.Layer):
        raise TypeError(
            f"`block` debe ser una capa o un modelo de Keras; es {type(block).__name__}."
        )
    n = check_int(n, "n", minimum=1, maximum=100_000)
    side = check_int(side, "side", minimum=8, maximum=256)
    rows, cols = np.mgrid[0:side, 0:side].astype("float32")
    image = np.stack([cols, rows, np.ones_like(cols)], axis=-1)
    out = np.concatenate(
        [
            keras.ops.convert_to_numpy(
                block(np.repeat(image[None], min(500, n - start), 0), training=True)
            )
            for start in range(0, n, 500)
        ]
    )
    design = np.stack([cols.ravel(), rows.ravel(), np.ones(side * side)], axis=1)
    params = np.empty((n, 6))
    for i, sample in enumerate(out.reshape(n, side * side, 3)):
        inside = sample[:, 2] > 1 - 1e-4
        if inside.sum() < 3:
            raise ValueError(
                f"`block` sacó la imagen {i} casi por completo del cuadro: no se puede "
                "recuperar su transformación."
            )
        coef, *_ = np.linalg.lstsq(design[inside], sample[inside, :2], rcond=None)
        params[i] = coef.T.ravel()
    return params
