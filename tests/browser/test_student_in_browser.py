"""What a student does in class, in JupyterLab through Chromium (issue #24).

* Copy copies exactly the answer line, by mouse and by keyboard: the test pastes what the
  clipboard holds into the answer cell, runs it and the check, and sees ✅.
* A misspelled answer name is never graded as the old value.
* A quiz whose kernel restarted says to run its cell again instead of keeping its old ✅.
* At 390 px (a phone) one quiz of each kind is answered, with every control on screen.

Each test writes a small notebook of its own (the lesson's setup line, a quiz or an exercise),
so it exercises the package and not a lesson's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summit_course.authoring.exercises import instructor_exercises, model_answer

from .test_lessons_in_browser import PANEL, _open_and_run

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ENTRIES = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}
SETUP = "from summit_course import load, check, hint, quiz"
#: The course's exercises picked by kind, not by id, so that a lesson's rewrite leaves the tests' subject:
#: the last number exercise, and the first order quiz and the first matching (both show drop-downs).
NUMBER_EXERCISE = [e for e in ENTRIES.values() if e["kind"] == "number"][-1]
DROP_DOWN_QUIZZES = [next(i for i, e in ENTRIES.items() if e["kind"] == kind) for kind in ("order", "match")]


def _notebook(lab_server, name: str, *sources: str) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None}
             for s in (SETUP, *sources)]
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    (lab_server["root"] / name).write_text(json.dumps(notebook))
    return name


def _cell(page, number: int):
    """The notebook's code cell ``number`` (0 is the setup cell)."""
    return page.locator(f"{PANEL} .jp-CodeCell").nth(number)


def _replace_source(page, cell, text: str | None = None) -> None:
    """Select the cell's whole source, then type ``text`` or paste the clipboard (``None``)."""
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    if text is None:
        page.keyboard.press("Control+v")
    else:
        page.keyboard.insert_text(text)


def _run_here_and_next(page) -> None:
    """Shift+Enter twice: the cell being edited (the answer), then the one below (the check)."""
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector("text=| Idle")
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector("text=| Idle")


def _letter(exercise_id: str) -> str:
    return ENTRIES[exercise_id]["answer"]


@pytest.fixture
def clipboard(lab_server, browser_context):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab_server["base"])
    yield
    browser_context.clear_permissions()


@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_copy_copies_the_answer_line_and_the_pasted_line_passes(how, lab_server, browser_context, clipboard):
    exercise = {"mouse": "5.6", "keyboard": "6.3"}[how]
    entry = ENTRIES[exercise]
    variable, letter = entry["variable"], _letter(exercise)
    name = _notebook(lab_server, f"copy-{how}.ipynb", f'quiz("{exercise}")', f"{variable} = ...",
                     f'check("{exercise}", {variable})')
    page = _open_and_run(name, lab_server, browser_context)
    try:
        quiz = page.locator(f"{PANEL} .summit-quiz")
        radio = quiz.locator(f".summit-choices input[value='{ord(letter) - ord('A')}']")
        if how == "mouse":
            radio.click()
            quiz.get_by_role("button", name="Check answer").click()
            quiz.locator(".summit-paste").wait_for(timeout=30_000)
            quiz.get_by_role("button", name="Copy the answer line").click()
        else:
            quiz.locator(".summit-choices input").first.focus()
            for _ in range(ord(letter) - ord("A")):
                page.keyboard.press("ArrowDown")
            assert radio.is_checked(), "the arrow keys chose the option"
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")  # Check answer
            quiz.locator(".summit-paste").wait_for(timeout=30_000)
            copy = quiz.get_by_role("button", name="Copy the answer line")
            for _ in range(6):  # Tab on from the Check button to Copy
                if page.evaluate("document.activeElement.classList.contains('summit-copy')"):
                    break
                page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('summit-copy')"), "Tab reaches Copy"
            page.keyboard.press("Enter")
            assert copy.count() == 1
            copy.filter(has_text="Copied").wait_for(timeout=10_000)
            # no trap: from Copy, Esc leaves for the notebook's command mode and J moves down a cell
            notebook = "window.jupyterapp.shell.currentWidget.content"
            before = page.evaluate(f"{notebook}.activeCellIndex")
            page.keyboard.press("Escape")
            page.wait_for_function(f"{notebook}.mode === 'command'", timeout=10_000)
            page.keyboard.press("j")
            page.wait_for_function(f"{notebook}.activeCellIndex === {before + 1}", timeout=10_000)
        quiz.get_by_role("button", name="Copy the answer line").filter(has_text="Copied").wait_for(timeout=10_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{variable} = {letter!r}", f"the clipboard holds {copied!r}"

        answer = _cell(page, 2)
        _replace_source(page, answer)  # Ctrl+V: what was copied
        assert answer.locator(".cm-content").inner_text().strip() == copied
        _run_here_and_next(page)
        feedback = _cell(page, 3).locator(".jp-OutputArea-output")
        feedback.filter(has_text="looks right").wait_for(timeout=30_000)
        assert feedback.inner_text().startswith(f"✅ Exercise {exercise}: looks right")
    finally:
        page.close()


def test_a_misspelled_answer_name_is_not_graded_as_the_old_value(lab_server, browser_context):
    exercise = NUMBER_EXERCISE
    var, value, typo = exercise["variable"], model_answer(exercise), exercise["variable"][:-1]
    name = _notebook(lab_server, "typo.ipynb", f"{var} = {value!r}", f'check("{exercise["id"]}", {var})')
    page = _open_and_run(name, lab_server, browser_context)
    try:
        feedback = _cell(page, 2).locator(".jp-OutputArea-output")
        assert feedback.inner_text().startswith(f"✅ Exercise {exercise['id']}: looks right")
        _replace_source(page, _cell(page, 1), f"{typo} = {value!r}")
        _run_here_and_next(page)
        feedback.filter(has_text="did not grade the old value").wait_for(timeout=30_000)
        text = feedback.inner_text()
        assert f"set {typo}, not {var}" in text, text
        assert "looks right" not in text and "✅" not in text
    finally:
        page.close()


def test_a_quiz_whose_kernel_restarted_says_to_run_its_cell_again(lab_server, browser_context):
    page = _open_and_run(_notebook(lab_server, "restart.ipynb", 'quiz("5.6")'), lab_server, browser_context)
    try:
        quiz = page.locator(f"{PANEL} .summit-quiz")
        stale = quiz.locator(".summit-quiz-stopped")
        assert not stale.is_visible()
        quiz.locator(f".summit-choices input[value='{ord(_letter('5.6')) - ord('A')}']").click()
        quiz.get_by_role("button", name="Check answer").click()
        quiz.get_by_text("looks right").wait_for(timeout=30_000)
        page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
        stale.wait_for(state="visible", timeout=30_000)
        assert "run the setup cell at the top of the notebook, then this cell again" in stale.inner_text()
        assert not quiz.get_by_text("looks right").is_visible(), "the old ✅ is gone"
        quiz.locator(".jupyter-widgets-disconnected").first.wait_for(state="attached", timeout=10_000)
        icons = quiz.evaluate("q => [q, ...q.querySelectorAll('.jupyter-widgets-disconnected')]"
                              ".map(e => getComputedStyle(e, '::before').content)"
                              ".filter(c => c && c !== 'none' && c !== 'normal')")
        assert not icons, f"broken-link icons beside the quiz's controls: {icons}"
        cut = quiz.locator("button").evaluate_all("bs => bs.filter(b => b.scrollWidth > b.clientWidth + 1)"
                                                  ".map(b => b.textContent)")
        assert not cut, f"buttons cut after the restart: {cut}"
        page.wait_for_selector("text=| Idle")
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        fresh = page.locator(f"{PANEL} .summit-quiz")
        fresh.locator(".summit-choices").wait_for(timeout=30_000)
        page.wait_for_selector("text=| Idle")
        assert not fresh.locator(".summit-quiz-stopped").is_visible(), "run again, the quiz works"
    finally:
        page.close()


QUIZZES = {"choice": "5.6", "choices": "6.2", "order": "5.5", "match": "7.2"}
OFF_SCREEN = ("els => els.filter(e => { const r = e.getBoundingClientRect();"
              " return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1); })"
              ".map(e => e.tagName + ' ' + (e.textContent || e.value || '').trim().slice(0, 40))")


def _answer_right(quiz, kind: str, entry: dict) -> None:
    """Set the model answer with the quiz's own controls, by mouse."""
    answer = model_answer(entry)
    options = entry.get("options", [])
    if kind == "choice":
        quiz.locator(f".summit-choices input[value='{ord(answer) - ord('A')}']").click()
    elif kind == "choices":
        boxes = quiz.locator("input[type=checkbox]")
        for letter in answer:
            boxes.nth(ord(letter) - ord("A")).click()
    elif kind == "order":
        letters = [a if len(a) == 1 else chr(ord("A") + options.index(a)) for a in answer]
        selects = quiz.locator("select")
        for position, letter in enumerate(letters, 1):
            selects.nth(ord(letter) - ord("A")).select_option(str(position))
    else:
        for left, right in answer.items():
            quiz.locator(".widget-dropdown", has_text=left).locator("select").select_option(right)


EXPLORERS = ["from summit_course import explore\nexplore.claim_sorter()", 'explore.votes("Russia", (2006, 2017))']
CUT = "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"


def test_at_phone_width_one_quiz_of_each_kind_is_answered_on_screen(lab_server, browser_context):
    sources = [f'quiz("{exercise}")' for exercise in QUIZZES.values()] + EXPLORERS
    name = _notebook(lab_server, "phone.ipynb", *sources)
    page = _open_and_run(name, lab_server, browser_context)
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        # on a phone the file browser is closed: the notebook takes the width
        page.evaluate("window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight()")
        page.wait_for_function("document.querySelector('.jp-NotebookPanel').getBoundingClientRect().width > 300")
        for kind, exercise in QUIZZES.items():
            quiz = page.locator(f"{PANEL} .summit-quiz").filter(has_text=f"Exercise {exercise}.")
            quiz.scroll_into_view_if_needed()
            controls = quiz.locator("input:not([type=hidden]), select, button, label")
            off = controls.evaluate_all(OFF_SCREEN)
            assert not off, f"{kind} quiz {exercise}: off-screen at 390 px: {off}"
            _answer_right(quiz, kind, ENTRIES[exercise])
            quiz.get_by_role("button", name="Check answer").click()
            quiz.get_by_text("looks right").wait_for(timeout=30_000)
            assert not quiz.locator(".summit-paste").evaluate_all(OFF_SCREEN)
        for explorer in page.locator(f"{PANEL} .summit-explorer").all():  # the claim sorter, the votes
            explorer.scroll_into_view_if_needed()
            off = explorer.locator("input:not([type=hidden]), select, button, label").evaluate_all(OFF_SCREEN)
            assert not off, f"an explorer's controls are off-screen at 390 px: {off}"
            assert not explorer.locator(".widget-readout, .widget-label, select").evaluate_all(CUT), "a label is cut"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.close()


def test_a_lesson_opens_without_the_unsaved_dot(lab_server, browser_context):
    """Opening a lesson changes nothing in it: the running kernel's spec is the lesson's own."""
    page = browser_context.new_page()
    try:
        page.goto(f"{lab_server['base']}/lab/tree/00-start-here.ipynb?reset&token={lab_server['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector("text=| Idle", timeout=60_000)
        page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel !== null")
        assert not page.evaluate("window.jupyterapp.shell.currentWidget.context.model.dirty")
        assert page.locator(".lm-TabBar-tab.jp-mod-dirty").count() == 0
    finally:
        page.close()


GAP = ("els => els.map(d => { const l = d.querySelector('label').getBoundingClientRect(),"
       " s = d.querySelector('select').getBoundingClientRect();"
       " return s.top >= l.bottom - 1 ? 99 : s.left - l.right; })")


def test_drop_down_labels_keep_a_gap_before_their_boxes(lab_server, browser_context):
    page = _open_and_run(_notebook(lab_server, "gap.ipynb", *(f'quiz("{i}")' for i in DROP_DOWN_QUIZZES)), lab_server,
                         browser_context)
    try:
        for quiz in page.locator(f"{PANEL} .summit-quiz").all():
            gaps = quiz.locator(".widget-dropdown").evaluate_all(GAP)
            assert gaps and min(gaps) >= 6, f"a label touches its select box: gaps {gaps} px"
    finally:
        page.close()


def test_an_explorers_wide_table_stays_inside_the_notebook(lab_server, browser_context):
    """The offer matcher's table ran off the right edge: it scrolls inside its own region."""
    page = _open_and_run(_notebook(lab_server, "matcher.ipynb", "from summit_course import explore",
                                   "explore.offer_matcher()"), lab_server, browser_context)
    try:
        region = page.locator(f"{PANEL} .summit-explorer .summit-table")
        region.wait_for(timeout=30_000)
        right = page.locator(f"{PANEL} .jp-Cell-outputArea").first.evaluate("e => e.getBoundingClientRect().right")
        box = region.evaluate("e => [e.getBoundingClientRect().right, e.scrollWidth, e.clientWidth]")
        assert box[0] <= right + 1, f"the table's region ends at {box[0]} px, past the output area's {right} px"
        assert box[1] > box[2], "the table is wider than its region, which scrolls"
    finally:
        page.close()


def test_the_forecast_line_is_copied_whole(lab_server, browser_context, clipboard):
    page = _open_and_run(_notebook(lab_server, "forecast.ipynb", "from summit_course import explore",
                                   "explore.forecast_sliders()"), lab_server, browser_context)
    try:
        box = page.locator(f"{PANEL} .summit-explorer .summit-paste")
        box.wait_for(timeout=30_000)
        line = box.locator("pre code").inner_text()
        box.get_by_role("button", name="Copy the answer line").click()
        box.get_by_role("button", name="Copy the answer line").filter(has_text="Copied").wait_for(timeout=10_000)
        assert page.evaluate("navigator.clipboard.readText()") == line
        assert line.startswith("forecasts_backup = {")
    finally:
        page.close()
