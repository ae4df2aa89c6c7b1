r"""¿Qué aprendió la red? Herramientas para mirar dentro de una red ya entrenada.

* **Dónde mira**: oclusión, mapa de saliencia (*saliency map*) y Grad-CAM, y la
  prueba de cordura (*sanity check*) de Adebayo et al. (2018): con los pesos
  aleatorios de :func:`randomized_copy` un mapa fiel debe cambiar por completo.
* **Qué detecta una unidad**: los recortes de entrada que más la activan
  (:func:`top_patches`) y la imagen que la maximiza (:func:`maximize_activation`).
* **Cuánto confiar en ella**: calibración (*calibration*, :func:`reliability`),
  matriz de confusión (*confusion matrix*) y los errores cometidos con más
  confianza.
* **Qué no aprendió**: exactitud bajo traslación, rotación y cambio de escala.

Las imágenes son arreglos ``(alto, ancho, canales)`` con valores en :math:`[0, 1]`
y los modelos, clasificadores de Keras que terminan en *softmax*. El puntaje
:math:`y_c` de la clase :math:`c` es el de antes de la *softmax* (el *logit*
:math:`z_c`), como en Simonyan et al. (2013) y en Grad-CAM: la probabilidad
:math:`p_c` puede subir sólo porque bajan las otras clases. Si la última capa no
es una ``Dense`` con *softmax*, se usa la salida del modelo tal cual.

Organización: ``maps`` (mapas de atribución), ``units`` (unidades), ``calibration``
(confianza y errores) y ``robustness`` (transformaciones). Todo lo público se
importa desde aquí: ``from cnnbook import interpret; interpret.grad_cam(...)``.
"""

from __future__ import annotations

from cnnbook.interpret.calibration import (
    Reliability,
    confusion,
    most_confident_errors,
    reliability,
)
from cnnbook.interpret.maps import (
    grad_cam,
    gradient_saliency,
    map_similarity,
    normalize_map,
    occlusion_map,
    randomized_copy,
)
from cnnbook.interpret.robustness import shift_accuracy_grid, transform_accuracy
from cnnbook.interpret.units import maximize_activation, top_patches

__all__ = [
    "occlusion_map",
    "gradient_saliency",
    "grad_cam",
    "normalize_map",
    "randomized_copy",
    "map_similarity",
    "top_patches",
    "maximize_activation",
    "Reliability",
    "reliability",
    "confusion",
    "most_confident_errors",
    "shift_accuracy_grid",
    "transform_accuracy",
]
