"""A public tick never turns into a hidden fail: every form of a model answer that the
public check accepts (a set, a tuple or a list; an int for a float; numpy numbers) also
passes every hidden check the grader runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from summit_course.authoring.exercises import compile_entry, instructor_exercises, model_answer
from summit_course.checks import PASSED, check_exercise
from summit_course.grading.scoring import as_checked, hidden_results
from summit_course.registry import Exercise

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = [e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["kind"] != "written"]
COLLECTIONS = ("set", "list", "order", "choices")


def equivalent_forms(kind: str, answer) -> list:
    """The forms a student might reasonably hand in for the same answer."""
    if kind in COLLECTIONS:
        items = list(answer)
        forms = [items, tuple(items), pd.Series(items), np.array(items, dtype=object)]
        if kind in ("set", "choices"):
            forms += [set(items), frozenset(items), list(reversed(items))]
        return forms
    if kind == "integer":
        return [int(answer), np.int64(answer), float(answer)]
    if kind == "number":
        forms = [float(answer), np.float64(answer)]
        return forms + ([int(answer)] if float(answer).is_integer() else [])
    return [answer]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_every_form_the_public_check_accepts_passes_the_hidden_checks(entry):
    public = Exercise.from_dict(compile_entry(entry))
    model = model_answer(entry)
    assert check_exercise(public, model).status == PASSED, "the model answer must pass its own public check"
    hidden = entry.get("hidden", [])
    for form in equivalent_forms(entry["kind"], model):
        if check_exercise(public, form).status != PASSED:
            continue  # the public check asks for another form, and says so
        passed, problems = hidden_results(hidden, as_checked(entry["kind"], form), model)
        assert passed == len(hidden), f"{type(form).__name__} passes in public but not hidden: {problems or hidden}"


def test_the_test_would_catch_a_hidden_check_on_the_container_type():
    entry = {"id": "0.0", "kind": "set", "hidden": ["isinstance(value, list)"]}
    passed, _ = hidden_results(entry["hidden"], as_checked("set", ("a", "b")), ["a", "b"])
    assert passed == 0
