"""«Comprueba tu respuesta»: verificación de los ejercicios con respuesta numérica.

Cada ejercicio que pide un número o una forma tiene un identificador
``"capítulo.lección.ejercicio"``; el lector escribe su respuesta y la
comprueba::

    from cnnbook import exercises
    exercises.check("1.1.1", 646260)

Las respuestas están en este archivo, como las soluciones al final de un libro:
mirarlas antes de intentar el ejercicio es posible, pero no recomendable.
"""

from __future__ import annotations

import numbers

from cnnbook.validation import check_choice

__all__ = ["ANSWERS", "check"]

#: identificador -> (respuesta, qué se pregunta)
ANSWERS: dict[str, tuple[object, str]] = {
    "1.1.1": (646_260, "parámetros del MLP 200-150-10 con entradas de 32 x 32 x 3"),
    "1.2.1": (614_600, "parámetros de la primera capa densa del MLP en CIFAR-10"),
    "3.1.1": (56, "pesos y sesgos de Conv2D(2, 3) sobre una entrada de 64 x 64 x 3"),
    "3.2.1": (2, "relleno que conserva 28 x 28 con un kernel de 5 x 5"),
    "3.3.1": (16, "lado de la salida: entrada 32, kernel 5, relleno 2, paso 2"),
    "4.1.1": (62_006, "parámetros de LeNet-5 con entradas de 32 x 32 x 3"),
    "4.4.1": (198_526, "parámetros de la configuración mejorada de LeNet-5"),
}


def check(exercise: str, answer) -> bool:
    """Compara ``answer`` con la respuesta del ejercicio ``exercise`` e imprime el veredicto.

    Parameters
    ----------
    exercise : str
        Identificador del ejercicio, por ejemplo ``"1.1.1"`` (capítulo, lección,
        número de ejercicio), como aparece en el enunciado.
    answer : int, float o tuple
        Tu respuesta: un número o una forma como ``(4, 4, 10)``.

    Returns
    -------
    bool
        ``True`` si la respuesta es correcta.
    """
    check_choice(exercise, "exercise", sorted(ANSWERS))
    expected, what = ANSWERS[exercise]
    # Un número o una forma; True no es 1 aunque Python lo permita.
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Number, tuple)):
        raise TypeError(
            f"`answer` debe ser un número o una tupla (una forma); se recibió "
            f"{type(answer).__name__}."
        )
    if isinstance(expected, tuple) or isinstance(answer, tuple):
        ok = answer == expected
    else:
        ok = abs(float(answer) - float(expected)) <= 1e-6 * max(
            1.0, abs(float(expected))
        )
    if ok:
        print(f"✓ ¡Correcto! {what}: {answer}.")
    else:
        hint = ""
        if not isinstance(expected, tuple) and isinstance(answer, numbers.Number):
            hint = " Es mayor." if float(answer) < float(expected) else " Es menor."
        print(
            f"✗ Todavía no: {what}. Tu respuesta fue {answer}.{hint} Revisa la fórmula."
        )
    return ok
