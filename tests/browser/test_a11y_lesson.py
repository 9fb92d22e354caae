"""Lessons run whole in JupyterLab and audited with axe: their quizzes, explorers and feedback.

Lesson 03 has a multiple choice, other quizzes, an explorer with drop-downs and check()
feedback; lesson 05 an explorer with a range slider. The last quiz's Check and Hint are
pressed first, so the live regions hold feedback when axe looks.
"""

from __future__ import annotations

import pytest

from .axe import assert_no_blocking, audit
from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser
LESSONS = ["03-what-pyongyang-wants.ipynb", "05-the-security-council.ipynb"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_whole_lesson_has_no_serious_violation_of_its_own(lesson, lab_server, browser_context):
    page = _open_and_run(lesson, lab_server, browser_context)
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
        assert_no_blocking(result, f"lesson-{lesson[:2]}")
        mine = {v.rule for v in result.ours}
        assert not mine & {"heading-order", "label", "aria-input-field-name", "nested-interactive"}, mine
    finally:
        page.close()


def test_wide_tables_scroll_in_a_region_the_keyboard_reaches(lab_server, browser_context):
    """Lesson 00's tables are wider than the notebook: each scrolls inside a focusable, labelled
    region of the course's own (axe: scrollable-region-focusable), and the audit finds nothing serious."""
    page = _open_and_run("00-start-here.ipynb", lab_server, browser_context)
    try:
        regions = page.locator(f"{PANEL} .summit-table[role=region][tabindex='0']")
        assert regions.count() >= 3
        assert regions.first.get_attribute("aria-label").startswith("Table, ")
        wide = [i for i in range(regions.count())
                if regions.nth(i).evaluate("el => el.scrollWidth > el.clientWidth")]
        assert wide, "no table in lesson 00 is wider than its output: the test lost its subject"
        result = audit(page, include=PANEL)
        assert_no_blocking(result, "lesson-00")
        assert "scrollable-region-focusable" not in {v.rule for v in result.ours}
    finally:
        page.close()
