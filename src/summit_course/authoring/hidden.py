"""Hidden checks: the instructor's Python expressions over a student's answer, and the form they see it in.

An exercise's ``hidden = [...]`` expressions are written with the exercise (authoring) and run
by the grader in its own process; the build reads the names each uses (:func:`stray_names`) and
runs them on the model answer first, so a broken one is caught before any student is graded.
Both use these functions, so what the build verifies is what the grader runs; one that still
raises on a right answer at grading is the grader's to report (``grading/broken_checks.py``).
"""

from __future__ import annotations

import ast
import builtins
import math
import re

__all__ = ["as_checked", "check_namespace", "hidden_outcomes", "hidden_results", "stray_names"]


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


def check_namespace(value, model) -> dict:
    """What a hidden check sees: ``value`` (the student's answer), ``answer`` (the model answer), the
    modules ``pd``, ``np``, ``math`` and ``re``, and the builtins. The one place that says so."""
    import numpy as np
    import pandas as pd

    return {"__builtins__": builtins.__dict__, "value": value, "answer": model, "pd": pd, "np": np,
            "math": math, "re": re}


def stray_names(expression: str) -> list[str]:
    """The names ``expression`` reads that a hidden check does not have (a typo: ``answr``), in order.

    Names the expression binds itself (a comprehension's ``for x in``, a lambda's arguments,
    ``:=``) count as known. Read statically, so a typo on a branch the model answer never
    reaches (``value == answer or abs(value - answr) < 1``) is found too.
    """
    tree = ast.parse(expression, mode="eval")
    known = set(check_namespace(None, None)) | set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            known.add(node.id)
        elif isinstance(node, ast.arg):
            known.add(node.arg)
    read = (node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load))
    return list(dict.fromkeys(name for name in read if name not in known))


def hidden_outcomes(expressions, value, model) -> list[bool | Exception]:
    """Each hidden check's result on ``value``: True or False, or the exception it raised."""
    names = check_namespace(value, model)
    outcomes: list[bool | Exception] = []
    for expression in expressions:
        try:
            outcomes.append(bool(eval(expression, dict(names))))  # the instructor's own expression
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def hidden_results(expressions, value, model) -> tuple[int, list[str]]:
    """Run hidden checks (Python expressions over ``value`` and ``answer``) in this process.

    Returns the number that pass and, for the instructor, why any could not run.
    """
    outcomes = hidden_outcomes(expressions, value, model)
    problems = [f"hidden check {number} raised {type(outcome).__name__}: {str(outcome)[:120]}"
                for number, outcome in enumerate(outcomes, 1) if isinstance(outcome, Exception)]
    return sum(outcome is True for outcome in outcomes), problems
