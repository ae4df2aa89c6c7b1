"""cnnbook: libro ejecutable sobre redes neuronales convolucionales.

Los módulos se importan por separado (``from cnnbook import data, training``)
para que una lección cargue sólo lo que usa: ``ops`` es NumPy puro y no
arrastra TensorFlow.

La casa, por capas (cada una importa sólo de las de abajo; lo vigila
``tests/test_architecture.py``)::

    lecciones (examples/)
      recipes   plots/    report    _bench        qué ve y ejecuta el lector
      training/   cortex   modern                 caché, ajuste; piezas sobre modelos
      data   ops/   models   classic   receptive  datos, operaciones, modelos
      records   lecture   exercises               registros (sin TensorFlow)
      config                                      el único lector de CNNBOOK_*
      validation                                  comprobaciones y sus mensajes

``recipes`` define una sola vez cada entrenamiento que varias lecciones
comparten; ``_bench`` sólo actúa dentro de ``benchmarks/build.py``.
"""

__version__ = "0.1.0"
