"""A graded quiz in JupyterLab says before any press that it gives two checks, gives two verdicts,
then says in its live region why it gives no third (issue: quizzes solved by clicking).

The notebook is the test's own: a journal of its own (so no other browser test's checks count
here), and the same graded quiz shown twice, the second standing for its cell run again.
"""

from __future__ import annotations

import json

import pytest

from summit_course.authoring.exercises import instructor_exercises

from .conftest import ROOT
from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser

EXERCISE = "3.6"  # a graded one-answer quiz
ENTRY = next(e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["id"] == EXERCISE)


def _notebook(lab_server, tmp_path) -> str:
    setup = (f"import os\nos.environ['SUMMIT_JOURNAL'] = {str(tmp_path / 'journal.jsonl')!r}\n"
             "from summit_course import quiz")
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None}
             for s in (setup, f'quiz("{EXERCISE}")', f'quiz("{EXERCISE}")')]
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    (lab_server["root"] / "quiz-limits.ipynb").write_text(json.dumps(notebook))
    return "quiz-limits.ipynb"


def _press(quiz, letter: str, expect: str) -> str:
    """Pick ``letter`` by mouse, press Check answer, wait for ``expect`` in the live region; its text."""
    region = quiz.locator(".summit-live")
    quiz.locator(f".summit-choices input[value='{ord(letter) - ord('A')}']").click()
    quiz.get_by_role("button", name="Check answer").click()
    region.filter(has_text=expect).wait_for(timeout=30_000)
    return region.inner_text()


def test_a_graded_quiz_stops_giving_verdicts_after_two_wrong_answers_and_says_why(
        lab_server, browser_context, tmp_path):
    letters = [chr(ord("A") + i) for i in range(len(ENTRY["options"]))]
    right = ENTRY["answer"]
    wrong = [x for x in letters if x != right]
    page = _open_and_run(_notebook(lab_server, tmp_path), lab_server, browser_context)
    try:
        first, again = page.locator(f"{PANEL} .summit-quiz").all()
        assert "Graded: two checks." in first.inner_text(), "said before any press"
        assert "graded: two checks" in first.get_by_role("button", name="Check answer").get_attribute("title")

        text = _press(first, wrong[0], "1 check left")
        assert "not yet" in text
        text = _press(first, wrong[1], "No checks are left")
        assert "not yet" in text

        text = _press(again, right, "used your two checks")  # the right answer, once the checks are used
        assert "looks right" not in text and "not yet" not in text and "public checks pass" not in text
        assert f"You have used your two checks on {EXERCISE}" in text and "Show a hint still helps" in text
        region = again.locator(".summit-live")
        assert region.count() == 1 and region.get_attribute("role") == "status", "said in the kept live region"
        assert region.get_attribute("aria-live") == "polite"
        assert again.locator(".summit-paste pre code").inner_text() == f"{ENTRY['variable']} = {right!r}"

        text = _press(again, wrong[0], "not yet")  # an answer already checked keeps its verdict
        assert "No checks are left" in text
    finally:
        page.close()
