"""A miss reads the same in the notebook (check()) and on the feedback page (issue 26, round 7 item 5).

The walkthrough's 2.4 (a method handed in without calling it) got "Add () to call it" from check() but "the grader
could not read your answer" on the page; 2.1 with a group-by on a category column got the observed=True advice in
the notebook and "a day with no events" on the page. Both now run the same checks on a value that keeps what
they read.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from summit_course import checks
from summit_course.grading.answers import decode_value, encode_value
from summit_course.grading.scoring import score_exercise
from summit_course.reports.feedback import student_page


def _in_grader(value):
    return decode_value(json.loads(json.dumps(encode_value(value))))


def _things():
    kinds = pd.Categorical(["train", "train", "car"], categories=["car", "plane", "train"])
    return pd.DataFrame({"thing_id": ["t1", "t2", "t3"], "kind": kinds})


ANSWERS = {
    "method not called": ("90.1", lambda: _things()["kind"].count, "Add () to call it: .count()"),
    "empty categories": ("90.4", lambda: _things().groupby("kind", observed=False).size().to_frame("n"),
                         "observed=True"),
    "empty categories in a multi-index": (
        "90.4", lambda: _things().assign(day=1).groupby(["kind", "day"], observed=False).size().to_frame("n"),
        "observed=True"),
    "a Categorical from .values": ("90.4", lambda: _things()["kind"].values, "leave out .values"),
    "an extension array from .array": ("90.4", lambda: pd.Series([1, None], dtype="Int64").array, "leave out .values"),
}


@pytest.mark.parametrize("case", ANSWERS)
def test_the_grader_reads_a_miss_with_checks_own_words(assignment, case):
    exercise_id, make, words = ANSWERS[case]
    exercise = assignment[exercise_id]
    in_notebook = checks.check_exercise(exercise.public, make()).messages
    graded = score_exercise(exercise, _in_grader(make()))
    assert any(words in m for m in in_notebook)
    assert [m for m in in_notebook if m != checks.HIDDEN_NOTE] == list(graded.messages[:len(in_notebook)])


def test_the_feedback_page_shows_those_words_and_nothing_of_its_own(assignment):
    exercise = assignment["90.1"]
    graded = score_exercise(exercise, _in_grader(_things()["kind"].count))
    row = {"exercise": "90.1", "status": graded.status, "points": graded.points, "max_points": graded.max_points,
           "messages": list(graded.messages), "manual_points": None, "manual_comment": "", "public_passed": 0,
           "public_total": 3, "hidden_passed": 0, "hidden_total": 1}
    summary = {"student": "ana", "status": "ok", "reason": "", "grading_reason": "", "total": 0.0, "max_total": 2.0,
               "late": 0, "submitted_at": "", "exercises": {"90.1": row}, "pending": 0}
    page = student_page({"name": "a", "exercises": [{"id": "90.1", "points": 2, "kind": "integer"}]}, summary)
    assert "Add () to call it: .count()" in page
    assert "could not read your answer" not in page and "Your answer is" not in page


def test_a_wrong_type_is_explained_once_in_checks_words(assignment):
    """The page used to add its own "(Your answer is a whole number.)" that the notebook never said."""
    in_notebook = checks.check_exercise(assignment["90.2"].public, 7).messages
    assert in_notebook[0] == "Expected a short text, got int (a whole number)."
    assert score_exercise(assignment["90.2"], _in_grader(7)).messages[0] == in_notebook[0]


def test_a_categorical_answer_is_answered_and_incorrect_not_unreadable(assignment):
    """Issue 26 i9 item 3: `.values` of a category column was "could not be read" (and review) at grading."""
    from summit_course.grading.answers import Unreadable

    value = _in_grader(_things()["kind"].values)
    assert isinstance(value, pd.Categorical) and not isinstance(value, Unreadable)
    assert list(value) == ["train", "train", "car"] and list(value.categories) == ["car", "plane", "train"]
    graded = score_exercise(assignment["90.4"], value)
    assert graded.status == "incorrect" and "could not read" not in " ".join(graded.messages)


def test_an_answer_the_grader_cannot_read_is_counted_as_could_not_be_read(assignment):
    """The reason says "answers that could not be read": the answer's status says the same, not incorrect."""
    from summit_course.grading.answers import Unreadable

    graded = score_exercise(assignment["90.4"], Unreadable("it is a Widget object, which the grader cannot read"))
    assert graded.status == "error" and graded.points == 0.0
