"""The learner's journal in JupyterLab: a student's checks show in progress(), and the forecasts
moved in lesson 01 come back in lesson 08 through my_forecasts(), cut off where the course says
the forecasts close (``CLOSING_LESSON``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from summit_course import journal, load, registry
from summit_course.explore.forecast_sliders import CLOSING_LESSON, LESSON_01

from .test_lessons_in_browser import PANEL, _assert_no_errors, _open_and_run

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _run_cell(page, cell) -> None:
    """Run one cell with Shift+Enter and wait until its prompt shows a new execution count."""
    cell.scroll_into_view_if_needed()
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("([el, before]) => /\\[\\d+\\]/.test(el.textContent) && el.textContent !== before",
                           arg=[prompt.element_handle(), before], timeout=60_000)


def _key(variable: str) -> str:
    """The letter a quiz's answer cell holds in the solutions, such as "D"."""
    code = "\n".join(c.source for c in nbformat.read(ROOT / "solutions" / "00-start-here.ipynb", 4).cells)
    return re.search(rf'^{variable} = "([A-Z])"', code, re.M).group(1)


def _pass_quiz_only(page, exercise_id: str, letter: str) -> None:
    """Pick the right option of a one-answer quiz and press Check answer, leaving the answer cell as it is."""
    widget = page.locator(f"{PANEL} .summit-quiz", has_text=f"Exercise {exercise_id}.")
    widget.scroll_into_view_if_needed()
    widget.locator(f".summit-choices input[value='{ord(letter) - ord('A')}']").check()
    widget.get_by_role("button", name="Check answer").click()
    widget.get_by_text("looks right").wait_for(timeout=30_000)


def test_progress_shows_a_passed_exercise_and_a_quiz_passed_only_in_the_quiz(lab_server, browser_context):
    page = _open_and_run("00-start-here.ipynb", lab_server, browser_context)
    try:
        _assert_no_errors(page)
        cells = page.locator(f"{PANEL} .jp-CodeCell")
        answer = cells.filter(has_text="n_events = ...").first
        answer.scroll_into_view_if_needed()
        answer.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.type("n_events = len(events)")
        page.keyboard.press("Shift+Enter")
        page.wait_for_selector("text=| Idle")
        page.keyboard.press("Shift+Enter")  # the check cell below it
        cells.filter(has_text='check("0.1", n_events)').first.locator(".jp-OutputArea-output") \
            .filter(has_text="looks right").wait_for(timeout=30_000)
        _pass_quiz_only(page, "0.9", _key("peskov_level"))
        shown = cells.filter(has_text="progress()").last
        _run_cell(page, shown)
        table = shown.locator(".summit-progress table")
        table.wait_for(timeout=30_000)
        assert "Your progress by lesson" in table.locator("caption").inner_text()
        lessons = len({e.lesson for e in registry.exercises().values()})  # one row per lesson present
        assert table.locator("th[scope=col]").count() == 7 and table.locator("th[scope=row]").count() == lessons
        row = table.locator("tr", has=page.locator("th[scope=row]", has_text="00 start here"))
        passed = re.match(r"(\d+) of 13", row.locator("td").first.inner_text())
        assert passed and int(passed.group(1)) >= 1
        assert "Exercise 0.1" not in row.inner_text()  # passed: not the exercise to try again
        assert row.locator("td").nth(1).inner_text() == "1"  # 0.9: checked in the quiz, answer cell still ...
        assert "Exercise 0.9 was checked in the quiz only: paste the line" in row.inner_text()
    finally:
        page.close()


def _later_work(saved: Path, first: str, second: str) -> None:
    """Append what a student does after lesson 01, as the journal records it: a check in the
    lesson before the forecasts close and a slider moved after it (still counts), then a check
    in the closing lesson and a slider moved after that (left out)."""
    def first_exercise(lesson: str) -> str:
        return min((e for e in registry.exercises().values() if e.lesson.startswith(lesson)),
                   key=lambda e: registry.id_order(e.id)).id

    before = f"{int(CLOSING_LESSON) - 1:02d}"
    stamp = "2099-01-01T00:00:0{}Z"
    entries = [
        {"kind": "check", "exercise": first_exercise(before), "verdict": "passed", "passed": 3, "total": 3, "via": "check"},
        {"kind": "forecast", "forecast": second, "p": 0.45},
        {"kind": "check", "exercise": first_exercise(CLOSING_LESSON), "verdict": "passed", "passed": 3, "total": 3, "via": "check"},
        {"kind": "forecast", "forecast": first, "p": 0.9},
    ]
    with saved.open("a", encoding="utf-8") as handle:
        for n, entry in enumerate(entries):
            line = journal.clean({"v": journal.VERSION, "t": stamp.format(n), **entry})
            assert line is not None, entry
            handle.write(json.dumps(line) + "\n")


def test_forecasts_moved_in_lesson_01_are_scored_in_lesson_08(lab_server, browser_context):
    order = [fid for fid in load("forecasts")["forecast_id"] if fid in LESSON_01]
    saved = lab_server["root"].parent / ".summit" / "journal.jsonl"
    saved.unlink(missing_ok=True)  # a lesson 08 run earlier in this server's session would cut these forecasts off
    page = _open_and_run("01-the-summit.ipynb", lab_server, browser_context)
    try:
        sliders = page.locator(f"{PANEL} .summit-explorer", has_text="Your forecasts")
        sliders.scroll_into_view_if_needed()
        handles = sliders.locator(".noUi-handle")
        for index, key in ((0, "ArrowRight"), (1, "ArrowLeft")):  # 0.5 -> 0.65, 0.5 -> 0.3
            handles.nth(index).focus()
            for _ in range(3 if key == "ArrowRight" else 4):
                page.keyboard.press(key)
        sliders.get_by_text(f"You moved 2 of {len(LESSON_01)}").wait_for(timeout=30_000)
        page.wait_for_selector("text=| Idle")
    finally:
        page.close()
    latest = {e["forecast"]: e["p"] for e in map(json.loads, saved.read_text().splitlines())
              if e["kind"] == "forecast"}
    assert latest[order[0]] == 0.65 and latest[order[1]] == 0.3
    _later_work(saved, order[0], order[1])

    page = _open_and_run("08-what-happened-next.ipynb", lab_server, browser_context)
    try:
        _assert_no_errors(page)
        cells = page.locator(f"{PANEL} .jp-CodeCell")
        shown = cells.filter(has_text=f'mine = my_forecasts(before_lesson="{CLOSING_LESSON}")')
        assert shown.count() == 1  # the cut-off the course states is the one lesson 08 applies
        mine = shown.first.locator(".jp-OutputArea").inner_text()
        assert re.search(rf"{order[0]}\s+0\.65\b", mine), mine  # moved after the closing lesson began: left out
        assert re.search(rf"{order[1]}\s+0\.45\b", mine), mine  # moved before it: counts
        assert f"1 forecast change made after you started the exercises of lesson {CLOSING_LESSON}" in mine
        verdict = cells.filter(has_text="scored = ").first.locator(".jp-OutputArea").inner_text()
        assert "Scoring your own forecasts from lesson 01" in verdict
    finally:
        page.close()
