"""Property-based: arbitrary objects at every registered exercise never raise or pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames

from summit_course import check
from summit_course.authoring.exercises import instructor_exercises, model_answer
from summit_course.checks import Feedback
from summit_course.keys import canonical
from summit_course.registry import exercises

ROOT = Path(__file__).resolve().parents[2]


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.binary(max_size=10), st.dates(), st.datetimes(),
    st.complex_numbers(), st.just(...), st.just(pd.NaT), st.just(np.nan),
)
frames = data_frames([column("a", dtype=int), column("b", dtype=float), column("c", dtype=str)])
anything = st.recursive(
    scalars | frames | st.builds(pd.Series, st.lists(st.integers(), max_size=5)),
    lambda inner: st.lists(inner, max_size=4) | st.sets(st.integers(), max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4) | st.tuples(inner, inner),
    max_leaves=12,
)
IDS = sorted(exercises())
MODEL = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}


def _is_equivalent_to_model(exercise_id, value) -> bool:
    entry = MODEL[exercise_id]
    exercise = exercises()[exercise_id]
    try:
        return canonical(exercise.kind, value, exercise.spec) == canonical(
            exercise.kind, model_answer(entry), exercise.spec)
    except Exception:
        return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exercise_id=st.sampled_from(IDS), value=anything)
def test_any_object_gets_feedback_and_nothing_wrong_passes(exercise_id, value):
    result = check(exercise_id, value)
    assert isinstance(result, Feedback)
    assert repr(result) == repr(check(exercise_id, value))
    if result.correct:
        assert _is_equivalent_to_model(exercise_id, value)


@settings(max_examples=100, deadline=None)
@given(exercise_id=st.one_of(st.text(max_size=12), st.integers(), st.none(), st.floats()),
       value=anything)
def test_any_exercise_id_gets_feedback(exercise_id, value):
    assert isinstance(check(exercise_id, value), Feedback)


def test_every_model_answer_passes_its_own_check():
    for exercise_id, entry in MODEL.items():
        if entry["kind"] != "written":
            assert check(exercise_id, model_answer(entry)).correct, exercise_id
