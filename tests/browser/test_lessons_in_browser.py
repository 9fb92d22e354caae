"""Every lesson, run in JupyterLab in headless Chromium, as a student would.

For each lesson: open it, run all cells, wait for the status bar's "| Idle", then assert
that no cell shows an error or a broken widget, drive each exploring widget with the
keyboard and see its view change, answer every quiz with the keyboard alone, audit the
whole lesson with axe (its quizzes' feedback and a hint showing), and keep a screenshot
in test-artifacts/browser/. Each lesson is run once and every check reads that run; the
lessons spread over the test workers (SPREAD_FILES in tests/conftest.py).

The course's own lessons (tests/course_lessons.py) must have an exploring widget, a quiz and
a table; a lesson a teacher adds need not (docs/authoring.md, "The lesson rules"), but what it
has is checked the same way. ``SUMMIT_COURSE_ROOT=/path/to/course`` runs these tests on another
course folder (tests/browser/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course_lessons import is_course_lesson

from .axe import assert_no_blocking, audit
from .conftest import ROOT
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the lesson in view, not other open tabs
WIDGET_ERRORS = ("Error displaying widget", "Loading widget...", "Failed to load model class")
#: Lessons whose tables are wider than the notebook: the audit must see them scroll in a region.
WIDE_TABLES = {"00-start-here.ipynb"}
#: Rules the course's own markup once broke; none may come back, whatever its impact.
FIXED_RULES = {"heading-order", "label", "aria-input-field-name", "nested-interactive",
               "scrollable-region-focusable"}

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


def _choose_option(page, index: int) -> None:
    """Pick option ``index`` (or the last) of the focused drop-down: Space, arrows, Enter, as the lessons teach.

    A bare ArrowDown does not work in JupyterLab: the notebook takes it to move between cells.
    Waits until the choice is made.
    """
    before, last = page.evaluate("[document.activeElement.selectedIndex, document.activeElement.length - 1]")
    target = min(index, last)
    if target == before:
        return
    page.keyboard.press("Space")
    for _ in range(abs(target - before)):
        page.keyboard.press("ArrowDown" if target > before else "ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_function("i => document.activeElement.selectedIndex === i", arg=target, timeout=10_000)


def _choose_next_option(page) -> None:
    """Pick another option of the focused drop-down: the next one, or from the last the one above."""
    before, last = page.evaluate("[document.activeElement.selectedIndex, document.activeElement.length - 1]")
    _choose_option(page, before - 1 if before == last else before + 1)


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


def _view_changes(explorer, before: str) -> bool:
    """Whether the explorer's text moves away from ``before`` within three seconds."""
    return explorer.evaluate(
        "(el, before) => new Promise(done => { const t0 = Date.now(); const look = () =>"
        " el.innerText !== before ? done(true) : Date.now() - t0 > 3000 ? done(false) : setTimeout(look, 50);"
        " look(); })", before)


def _each_in_view(page, name, kind: str, what: str):
    """Each ``.summit-<kind>`` of the lesson with its index, scrolled into view; a course lesson has one at least."""
    found = page.locator(f"{PANEL} .summit-{kind}")
    assert found.count() >= 1 or not is_course_lesson(name), f"{name}: the course's lessons have {what}"
    for index in range(found.count()):
        element = found.nth(index)
        element.scroll_into_view_if_needed()
        yield index, element


def _drive_explorers(page, name):
    for index, explorer in _each_in_view(page, name, "explorer", "an exploring widget"):
        before = _text(explorer)
        controls = explorer.locator(CONTROLS)
        assert controls.count() >= 1
        for c in range(controls.count()):
            _drive(controls.nth(c), page)
            if _view_changes(explorer, before):
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
    ticked, selects = False, 0
    for _ in range(controls.count() + 3):
        focused = _focused(page)
        if "Check answer" in focused:
            break
        if focused.startswith("SELECT"):  # the k-th drop-down gets the k-th option: an order quiz's
            selects += 1                  # positions differ, so the answer is read and judged
            _choose_option(page, selects)
        elif focused.startswith(("INPUT checkbox", "INPUT radio")) and not ticked:
            page.keyboard.press("Space")
            ticked = True
        page.keyboard.press("Tab")
    assert "Check answer" in _focused(page), f"Tab did not reach the Check button: {_focused(page)!r}"
    page.keyboard.press("Enter")
    feedback = quiz.locator(".summit-feedback")
    feedback.wait_for(timeout=10_000)
    return feedback.inner_text()


def _answer_every_quiz(page, name):
    for _, quiz in _each_in_view(page, name, "quiz", "a quiz"):
        text = _answer_quiz(quiz, page)
        assert "Exercise" in text and ("looks right" in text or "not yet" in text), text
        assert "public checks pass" not in text, text  # a quiz says right or not yet, no count


def _assert_tables_scroll_in_labelled_regions(page, name):
    """The lesson's tables sit in focusable, labelled regions that scroll themselves (the audit then
    finds no scrollable region the keyboard cannot reach: FIXED_RULES)."""
    regions = page.locator(f"{PANEL} .summit-table[role=region][tabindex='0']")
    labels = regions.evaluate_all("rs => rs.map(r => r.getAttribute('aria-label') || '')")
    assert labels or not is_course_lesson(name), f"{name}: the course's lessons show a table"
    assert all(label.startswith("Table, ") for label in labels), labels
    if name in WIDE_TABLES:
        assert regions.evaluate_all("rs => rs.some(r => r.scrollWidth > r.clientWidth)"), \
            f"no table of {name} is wider than its output: the check lost its subject"


def _audit_the_lesson(page, name):
    """axe over the lesson with the last quiz's hint showing (if it has a quiz): nothing serious of the course's own."""
    explorers, quizzes = page.locator(f"{PANEL} .summit-explorer"), page.locator(f"{PANEL} .summit-quiz")
    if quizzes.count():
        quizzes.last.get_by_role("button", name="Show a hint").click()
        quizzes.last.locator(".summit-hint").wait_for(timeout=10_000)
    # each explorer's status line and each quiz's feedback is one kept live region
    assert explorers.locator(".summit-live[role=status]").count() == explorers.count()
    assert quizzes.locator(".summit-live[role=status][aria-live=polite]").count() == quizzes.count()
    assert quizzes.locator(".summit-live [role=status]").count() == 0, "no live region inside another"
    result = audit(page, include=PANEL)
    assert_no_blocking(result, f"lesson-{name[:2]}")
    assert not {v.rule for v in result.ours} & FIXED_RULES, [v.line() for v in result.ours]


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_in_the_browser(name, lab_server, browser_context, artifacts):
    page = _open_and_run(name, lab_server, browser_context)
    try:
        _assert_no_errors(page)
        _assert_tables_scroll_in_labelled_regions(page, name)
        _drive_explorers(page, name)
        _answer_every_quiz(page, name)
        _audit_the_lesson(page, name)
    finally:
        page.screenshot(path=str(artifacts / f"{Path(name).stem}.png"), full_page=False)
        page.close()
