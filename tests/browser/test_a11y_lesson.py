"""One lesson run whole in JupyterLab and audited with axe: its quizzes, explorers and feedback.

Lesson 03 has a multiple choice, other quizzes, an explorer and check() feedback. A quiz's
Check and Hint are pressed first, so the live regions hold feedback when axe looks.
"""

from __future__ import annotations

import pytest

from .axe import assert_no_blocking, audit
from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser
LESSON = "03-what-pyongyang-wants.ipynb"


def test_a_whole_lesson_has_no_serious_violation_of_its_own(lab_server, browser_context):
    page = _open_and_run(LESSON, lab_server, browser_context)
    try:
        quiz = page.locator(f"{PANEL} .summit-quiz").last
        quiz.scroll_into_view_if_needed()
        quiz.locator("fieldset.summit-choices input[type=radio]").first.check()
        quiz.get_by_role("button", name="Check answer").click()
        quiz.locator(".summit-feedback").wait_for(timeout=10_000)
        quiz.get_by_role("button", name="Show a hint").click()
        quiz.locator(".summit-hint").wait_for(timeout=10_000)
        explorers = page.locator(f"{PANEL} .summit-explorer")
        assert explorers.count() >= 1
        # each explorer's status line and each quiz's feedback is one kept live region
        assert explorers.locator(".summit-live[role=status]").count() == explorers.count()
        quizzes = page.locator(f"{PANEL} .summit-quiz")
        assert quizzes.locator(".summit-live[role=status][aria-live=polite]").count() == quizzes.count()
        assert quiz.locator(".summit-live [role=status]").count() == 0
        result = audit(page, include=PANEL)
        assert_no_blocking(result, "lesson-03")
        mine = {v.rule for v in result.ours}
        assert not mine & {"heading-order", "label", "nested-interactive", "aria-allowed-role"}, mine
    finally:
        page.close()
