"""cnnbook: libro ejecutable sobre redes neuronales convolucionales.

Los módulos se importan por separado (``from cnnbook import data, training``)
para que una lección cargue sólo lo que usa: ``ops`` es NumPy puro y no
arrastra TensorFlow.
"""

__version__ = "0.1.0"
