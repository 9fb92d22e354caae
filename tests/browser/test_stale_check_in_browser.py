"""A student's failing answer in JupyterLab: the check below it says so and grades nothing."""

from __future__ import annotations

import pytest

from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser


def test_a_failed_answer_cell_is_not_graded(lab_server, browser_context):
    page = _open_and_run("00-start-here.ipynb", lab_server, browser_context)
    try:
        cells = page.locator(f"{PANEL} .jp-CodeCell")
        answer = cells.filter(has_text="n_events = ...").first
        answer.scroll_into_view_if_needed()
        answer.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.type("n_events = len(event)")  # a typo: NameError
        page.keyboard.press("Shift+Enter")  # runs it and moves to the check cell
        page.wait_for_selector("text=| Idle")
        page.keyboard.press("Shift+Enter")  # runs the check
        check_cell = cells.filter(has_text='check("0.1", n_events)').first
        output = check_cell.locator(".jp-OutputArea-output")
        output.filter(has_text="did not grade the old value").wait_for(timeout=30_000)
        text = output.inner_text()
        assert "Your answer cell stopped with NameError" in text and "looks right" not in text
        edited = cells.filter(has_text="n_events = len(event)").first
        note = edited.locator(".jp-OutputArea").inner_text()
        assert "NameError" in note and "Note:" in note
    finally:
        page.close()
