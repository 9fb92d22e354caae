"""A multiple-choice quiz in JupyterLab, with the keyboard alone: one Tab stop, arrows choose.

The quiz sits in a small notebook of its own (a quiz cell, then a plain cell), so the test
can see whether ArrowDown also moved the notebook on to the next cell.
"""

from __future__ import annotations

import json

import pytest

from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser

NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "source": 'from summit_course import quiz\nquiz("3.6")',
         "outputs": [], "execution_count": None},
        {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [], "execution_count": None},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
ACTIVE = ("() => { const n = window.jupyterapp.shell.currentWidget.content;"
          " return n.activeCellIndex; }")
FOCUSED = ("() => { const e = document.activeElement; return {tag: e.tagName, type: e.type || '',"
           " name: e.name || '', value: e.value || '', checked: !!e.checked,"
           " inQuiz: !!e.closest('.summit-quiz'), text: e.textContent.trim()}; }")


@pytest.fixture
def quiz_page(lab_server, browser_context):
    (lab_server["root"] / "quiz-keyboard.ipynb").write_text(json.dumps(NOTEBOOK))
    page = _open_and_run("quiz-keyboard.ipynb", lab_server, browser_context)
    yield page
    page.close()


#: True once the hidden radio of ``value`` has stayed checked for 1.5 s (window-kept start time).
SETTLED = """v => {
  const on = !!document.querySelector(`.summit-quiz .summit-choice-sync input[value='${v}']:checked`);
  if (!on) { window.__summitSince = undefined; return false; }
  window.__summitSince = window.__summitSince || performance.now();
  return performance.now() - window.__summitSince > 1500;
}"""


def test_the_radio_group_is_one_tab_stop_and_the_arrows_stay_in_the_quiz(quiz_page):
    page = quiz_page
    quiz = page.locator(f"{PANEL} .summit-quiz")
    radios = quiz.locator("fieldset.summit-choices input[type=radio]")
    assert radios.count() >= 3
    assert len(set(radios.evaluate_all("rs => rs.map(r => r.name)"))) == 1, "the radios share one name"
    assert quiz.locator("fieldset.summit-choices legend").inner_text().strip() == "Your answer:"

    radios.first.focus()
    page.wait_for_function(f"() => ({ACTIVE})() === 0")  # JupyterLab makes the quiz's cell the active one
    page.keyboard.press("Shift+Tab")
    page.wait_for_function("() => document.activeElement.type !== 'radio'")
    page.keyboard.press("Tab")  # back into the group: one stop
    page.wait_for_function("() => document.activeElement.type === 'radio'")
    cell_before = page.evaluate(ACTIVE)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.value === '2' || document.activeElement.type !== 'radio'")
    focused = page.evaluate(FOCUSED)
    assert focused["type"] == "radio" and focused["inQuiz"], focused
    assert focused["checked"] and focused["value"] == "2", "the arrows moved the choice two steps"
    assert page.evaluate(ACTIVE) == cell_before, "ArrowDown moved the notebook to another cell"
    chosen = focused["value"]
    # Python's widget holds the third option, and keeps it past the quiz's own re-sync (1 s): under load
    # the kernel's echo of the second press can arrive after the third
    page.wait_for_function(SETTLED, arg="2", timeout=30_000, polling=100)

    page.keyboard.press("Tab")  # out of the group in one step: straight to the Check button
    assert "Check answer" in page.evaluate(FOCUSED)["text"]
    page.keyboard.press("Enter")
    feedback = quiz.locator(".summit-feedback")
    feedback.wait_for(timeout=10_000)
    assert "Exercise 3.6" in feedback.inner_text()
    paste = quiz.locator(".summit-paste pre code").inner_text()
    assert paste.endswith(repr(chr(ord("A") + int(chosen)))), "Python got the choice the arrows made"

    region = quiz.locator(".summit-live")
    assert region.count() == 1 and region.get_attribute("role") == "status"
    assert region.locator("[role=status]").count() == 0, "no live region inside the live region"
    first = region.inner_text()
    page.keyboard.press("Enter")  # the same answer again: the announced text still changes
    page.wait_for_function("t => document.querySelector('.summit-live').innerText !== t", arg=first)
    assert "Checked 2 times" in region.inner_text()
    assert quiz.locator(".summit-live").count() == 1, "the same region, not a new one"
