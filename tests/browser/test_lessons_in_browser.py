"""Every lesson, run in JupyterLab in headless Chromium, as a student would.

For each lesson: open it, run all cells, wait for the status bar's "| Idle", then assert
that no cell shows an error or a broken widget, drive each exploring widget with the
keyboard and see its view change, answer every quiz with the keyboard alone, and keep a
screenshot in test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the lesson in view, not other open tabs
WIDGET_ERRORS = ("Error displaying widget", "Loading widget...", "Failed to load model class")

pytestmark = pytest.mark.browser


def _open_and_run(name, lab_server, browser_context):
    """Open one lesson, run all its cells and wait until the kernel is idle."""
    page = browser_context.new_page()
    page.goto(f"{lab_server['base']}/lab/tree/{name}?reset&token={lab_server['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("text=| Idle", timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(  # every code cell of this lesson shows an execution count: [12]
        f"() => {{ const p = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')];"
        " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
        timeout=180_000,
    )
    page.wait_for_selector("text=| Idle", timeout=60_000)
    return page


def _text(locator) -> str:
    return locator.inner_text() if locator.count() else ""


def _assert_no_errors(page):
    errors = page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()[:500]
    body = page.locator(f"{PANEL} .jp-Notebook").inner_text()
    for message in WIDGET_ERRORS:
        assert message not in body
    prompts = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPrompt").all_inner_texts()
    assert prompts and all("[ ]" not in p for p in prompts), "some cells did not run"


def _choose_next_option(page) -> None:
    """Pick the next option of a focused drop-down: Space opens it, then arrow and Enter.

    A bare ArrowDown does not work in JupyterLab: the notebook takes it to move between
    cells. The lessons teach this Space-arrow-Enter path.
    """
    for key in ("Space", "ArrowDown", "Enter"):
        page.keyboard.press(key)
        page.wait_for_timeout(100)


def _drive(control, page) -> None:
    """Change one control with the keyboard, as a student would."""
    tag = control.evaluate("el => el.tagName.toLowerCase()")
    kind = control.get_attribute("type") or ""
    control.focus()
    if tag == "select" and not control.evaluate("el => el.multiple"):
        _choose_next_option(page)
    elif tag == "select":  # a list box: Space toggles the option under the cursor
        page.keyboard.press("Space")
    elif tag == "input" and kind == "text":
        control.fill("")
        page.keyboard.type("Kim")
        page.keyboard.press("Enter")
    elif tag == "input" and kind in ("checkbox", "radio"):
        page.keyboard.press("Space")
    elif tag == "button":
        page.keyboard.press("Enter")
    else:  # a slider handle
        for _ in range(3):
            page.keyboard.press("ArrowRight")


CONTROLS = "select, input[type=text], input[type=checkbox], .noUi-handle, .widget-toggle-button"


def _drive_explorers(page):
    explorers = page.locator(f"{PANEL} .summit-explorer")
    assert explorers.count() >= 1, "every lesson has an exploring widget"
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        explorer.scroll_into_view_if_needed()
        before = _text(explorer)
        controls = explorer.locator(CONTROLS)
        assert controls.count() >= 1
        for c in range(controls.count()):
            _drive(controls.nth(c), page)
            page.wait_for_timeout(300)
            if _text(explorer) != before:
                break
        page.wait_for_selector("text=| Idle")
        assert _text(explorer) != before, f"explorer {index} did not change its view"
        assert "Could not update" not in _text(explorer)


def _focused(page) -> str:
    return page.evaluate("(document.activeElement.tagName + ' ' + (document.activeElement.type || '')"
                         " + ' ' + document.activeElement.textContent).trim()")


def _answer_quiz(quiz, page) -> str:
    """Answer a quiz with Tab, arrows and Space only; press Check with Enter."""
    controls = quiz.locator("input, select")
    controls.first.focus()
    ticked = False
    for _ in range(controls.count() + 3):
        focused = _focused(page)
        if "Check answer" in focused:
            break
        if focused.startswith("SELECT"):
            _choose_next_option(page)
        elif focused.startswith(("INPUT checkbox", "INPUT radio")) and not ticked:
            page.keyboard.press("Space")
            ticked = True
        page.wait_for_timeout(150)
        page.keyboard.press("Tab")
    assert "Check answer" in _focused(page), f"Tab did not reach the Check button: {_focused(page)!r}"
    page.keyboard.press("Enter")
    feedback = quiz.locator(".summit-feedback")
    feedback.wait_for(timeout=10_000)
    return feedback.inner_text()


def _answer_every_quiz(page):
    quizzes = page.locator(f"{PANEL} .summit-quiz")
    assert quizzes.count() >= 1
    for index in range(quizzes.count()):
        quiz = quizzes.nth(index)
        quiz.scroll_into_view_if_needed()
        text = _answer_quiz(quiz, page)
        assert "Exercise" in text and "public checks pass" in text, text


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_in_the_browser(name, lab_server, browser_context, artifacts):
    page = _open_and_run(name, lab_server, browser_context)
    try:
        _assert_no_errors(page)
        _drive_explorers(page)
        _answer_every_quiz(page)
    finally:
        page.screenshot(path=str(artifacts / f"{Path(name).stem}.png"), full_page=False)
        page.close()
