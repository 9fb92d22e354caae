"""Round 6's blind review of lessons 07 and 08: each finding a test can catch, checked on the
shipped notebooks, the exercise keys and the data.

A number is accepted in class and at grading by one rule, which the key states; feedback names
what is wrong; ids an answer needs are on screen; lesson 08 discloses the codings revised with
the outcomes known and shows every reading's score; no prediction is asked after its answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from summit_course import check
from summit_course.authoring.exercises import instructor_exercises, model_answer
from summit_course.authoring.hidden import as_checked, hidden_results
from summit_course.registry import exercises

ROOT = Path(__file__).resolve().parents[2]


def _entry(exercise_id: str) -> dict:
    return next(e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["id"] == exercise_id)


def _cells(stem: str) -> list:
    return nbformat.read(next((ROOT / "solutions").glob(f"{stem}-*.ipynb")), as_version=4).cells


def _hidden_pass(entry: dict, value) -> bool:
    spec = exercises()[entry["id"]].spec
    passed, problems = hidden_results(entry["hidden"], as_checked(entry["kind"], value, spec), model_answer(entry))
    assert not problems, problems
    return passed == len(entry["hidden"])


@pytest.mark.parametrize("exercise_id", ["8.3", "8.5"])
def test_a_score_to_3_decimals_passes_in_class_exactly_when_it_passes_at_grading(exercise_id):
    """8.3 said `tolerance = 0`, yet the unrounded 0.20375 passed, and the hidden check took 0.203."""
    entry = _entry(exercise_id)
    model = model_answer(entry)
    rounded = round(model, 3)
    assert entry.get("tolerance") == 0 and model != rounded  # the key is unrounded: both forms are at stake
    accepted = [model, rounded]
    refused = [rounded - 0.001, rounded + 0.001, rounded + 0.0006, rounded - 0.0006]
    for value in accepted:
        assert check(exercise_id, value).correct and _hidden_pass(entry, value), value
    for value in refused:
        assert not check(exercise_id, value).correct and not _hidden_pass(entry, value), value
    raw = (ROOT / "solutions" / "exercises" / "08-what-happened-next.toml").read_text(encoding="utf-8")
    block = raw.split(f'id = "{exercise_id}"')[1].split("[[exercise]]")[0]
    assert "rounds to" in block and "unrounded score" in block  # the key says which values pass, not only "0"
