"""Round 7's quiz seams (issue #24): a practice quiz says nothing of grades."""

from __future__ import annotations

import re

from summit_course import quiz
from summit_course.registry import get


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_practice_quiz_with_a_wrong_answer_shows_no_grading_line():
    assert get("0.9").points == 0
    widget = quiz("0.9")
    widget.choice.value = "B"  # a wrong choice: 0.9's statement rests on an official record
    result = widget.show_feedback()
    assert result.status == "incorrect"
    shown = _text(widget.paste.value + widget.feedback.value + widget.question.value).lower()
    assert "grade" not in shown and "graded" not in shown, shown
    assert "peskov_level = 'B'" in _text(widget.paste.value).replace("&#x27;", "'")


def test_a_graded_quiz_still_says_how_the_line_counts_for_the_grade():
    assert get("5.6").points > 0
    widget = quiz("5.6")
    widget.choice.value = "A"
    widget.show_feedback()
    assert "count for your grade" in widget.paste.value
