"""What a quiz's feedback says: right or not yet (no count of checks), 'not checked yet' for an
order with a repeated position, and nothing about hidden checks for a practice quiz."""

from __future__ import annotations

import dataclasses

import pytest

from summit_course import check
from summit_course.quizzes import quiz


@pytest.mark.parametrize("exercise_id, wrong, right", [
    ("99.7", "A", "B"),
    ("99.9", ["a", "b", "c"], None),
])
def test_a_quiz_says_right_or_not_yet_without_counting_checks(fixture_registry, exercise_id, wrong, right):
    result = check(exercise_id, wrong)
    assert result.status == "incorrect"
    assert "public checks" not in repr(result) and "of 3" not in repr(result)
    assert repr(result).splitlines()[0] == f"❌ Exercise {exercise_id}: not yet"
    if right:
        passed = check(exercise_id, right)
        assert repr(passed).splitlines()[0] == f"✅ Exercise {exercise_id}: looks right"


def test_a_code_exercise_still_counts_its_checks(fixture_registry):
    assert "0 of 3 public checks pass" in repr(check("99.1", "forty-two"))


def test_the_quiz_widget_shows_no_count(fixture_registry):
    widget = quiz("99.7")
    widget.choice.value = "A"
    widget.show_feedback()
    assert "public checks" not in widget.feedback.value and "not yet" in widget.feedback.value


def test_an_order_with_a_repeated_position_is_not_checked_yet_not_unattempted(fixture_registry):
    widget = quiz("99.9")
    for position, dropdown in zip([1, 1, 2], widget.dropdowns):
        dropdown.value = str(position)
    result = widget.show_feedback()
    head = repr(result).splitlines()[0]
    assert head == "⏳ Exercise 99.9: not checked yet"
    assert "not attempted" not in repr(result) and "not attempted" not in widget.feedback.value
    assert "Position 1 is given to more than one item" in repr(result)


def test_an_order_with_a_blank_position_is_still_unattempted(fixture_registry):
    widget = quiz("99.9")
    widget.dropdowns[0].value = "1"
    assert "not attempted yet" in repr(widget.show_feedback())


def test_a_practice_quiz_does_not_mention_the_instructors_hidden_checks(fixture_registry):
    assert "Hidden checks run when your instructor grades" in repr(check("99.7", "B"))  # graded: it does
    fixture_registry["99.7"] = dataclasses.replace(fixture_registry["99.7"], points=0.0)
    result = check("99.7", "B")
    assert result.correct and "Hidden checks" not in repr(result) and "instructor grades" not in repr(result)
    widget = quiz("99.7")
    widget.choice.value = "B"
    widget.show_feedback()
    assert "Hidden checks" not in widget.feedback.value
