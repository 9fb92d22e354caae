"""Hidden checks: the instructor's Python expressions over a student's answer, and the form they see it in.

An exercise's ``hidden = [...]`` expressions are written with the exercise (authoring) and run
by the grader in its own process; the build runs them on the model answer first, so a broken
one is caught before any student is graded. Both use these two functions, so what the build
verifies is what the grader runs.
"""

from __future__ import annotations

import builtins
import math
import re

__all__ = ["as_checked", "hidden_results", "HIDDEN_NAMES"]

#: The names a hidden check may use besides the builtins.
HIDDEN_NAMES = ("value", "answer", "pd", "np", "math", "re")


def as_checked(kind: str, value, spec=None):
    """The value in the one form hidden checks see, whatever equivalent form the student used.

    The public check accepts any collection for a set, list, order or choices answer, and
    any real number for a number; so hidden checks get a ``set`` (set), a ``list`` (list,
    order, choices), an ``int`` (integer) or a ``float`` (number). A choice is read as
    ``check()`` reads it (:func:`summit_course.keys.standard_form`: the letter in either case,
    the option's text, the dataset's code), so hidden checks see its capital letter, and a
    pair of a matching the exercise's own spelling. A one-column DataFrame, which the public
    check takes for a Series, reaches them as that Series, and numbers held in an ``object``
    column as numbers. A public tick can never turn into a hidden fail for the form alone.
    """
    import numbers

    from .. import keys

    value = keys.standard_form(kind, value, spec or {})
    if kind == "series" and getattr(value, "ndim", None) == 2 and value.shape[1] == 1:
        value = value.iloc[:, 0]  # df[['col']] or .to_frame(): the Series the public check read
    if kind in ("series", "frame") and hasattr(value, "infer_objects"):
        return value.infer_objects()  # numbers held as objects are numbers, as the public check reads them
    collection = hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict))
    if kind == "set" and collection:
        return set(value)
    if kind in ("list", "order") and collection:
        return list(value)
    if kind == "choices" and collection:
        return sorted(value, key=str)
    if kind in ("integer", "number") and isinstance(value, numbers.Real) and not isinstance(value, bool):
        if kind == "number":
            return float(value)
        return int(value) if float(value).is_integer() else value
    return value


def hidden_results(expressions, value, model) -> tuple[int, list[str]]:
    """Run hidden checks (Python expressions over ``value`` and ``answer``) in this process.

    Returns the number that pass and, for the instructor, why any could not run.
    """
    import numpy as np
    import pandas as pd

    names = {"__builtins__": builtins.__dict__, "value": value, "answer": model, "pd": pd, "np": np,
             "math": math, "re": re}
    passed, problems = 0, []
    for number, expression in enumerate(expressions, 1):
        try:
            passed += bool(eval(expression, dict(names)))  # the instructor's own expression
        except Exception as exc:
            problems.append(f"hidden check {number} raised {type(exc).__name__}: {str(exc)[:120]}")
    return passed, problems
