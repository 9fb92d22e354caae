"""Round 3's findings for lessons 05-08 that a test can catch, each checked on the shipped notebooks.

A table a hint sends students to is loaded in the lesson before the exercise; a chart cell stores
no stray matplotlib object; hints nudge and hold no code; the biggest-misses table shows a tie as
a tie; lesson 06 no longer copies the article's seven words unquoted.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from summit_course import load
from summit_course.registry import exercises

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ["05-the-security-council", "06-limits-of-cooperation", "07-evidence-and-claims",
           "08-what-happened-next"]
# the names the lessons give the tables they load (unsc_actions is `unsc`)
TABLE_NAMES = {"events", "claims", "limits", "estimates", "forecasts", "aims", "people", "places", "unsc"}
LEFTOVER = re.compile(r"^\s*(Text\(|\[?<matplotlib|<Axes|\[<Axes|Line2D\(|<BarContainer|<Figure size)")


def _notebook(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)


def _lesson_exercises(stem: str):
    number = str(int(stem[:2]))
    return [e for e in exercises().values() if e.id.split(".")[0] == number]


def _first_use(cells, exercise_id: str) -> int:
    call = re.compile(rf"""\b(check|quiz)\(\s*["']{re.escape(exercise_id)}["']""")
    return next(i for i, cell in enumerate(cells) if cell.cell_type == "code" and call.search(cell.source))


@pytest.mark.parametrize("stem", LESSONS)
def test_every_table_a_hint_names_is_loaded_before_its_exercise(stem):
    """Round 3 (brief): 6.4's hint sent students to `events`, which lesson 06 never loaded."""
    cells = _notebook(stem).cells
    missing = []
    for exercise in _lesson_exercises(stem):
        named = {word for hint in exercise.hints for word in re.findall(r"`(\w+)`", hint)} & TABLE_NAMES
        told_to_load = {word for hint in exercise.hints if "load it" in hint for word in re.findall(r"`(\w+)`", hint)}
        named -= told_to_load
        before = "\n".join(c.source for c in cells[:_first_use(cells, exercise.id)] if c.cell_type == "code")
        missing += [(exercise.id, name) for name in sorted(named)
                    if not re.search(rf"^\s*{name}\s*=", before, flags=re.MULTILINE)]
    assert not missing, f"hints name tables the lesson has not loaded yet: {missing}"


@pytest.mark.parametrize("stem", LESSONS)
def test_no_cell_stores_a_stray_matplotlib_object(stem):
    """A chart cell ends in a bare expression a student can read, not `Text(...)` or `[<matplotlib...>]`."""
    stray = []
    for index, cell in enumerate(_notebook(stem).cells):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "") if "data" in output else output.get("text", "")
            if LEFTOVER.search(text):
                stray.append((index, text[:60]))
    assert not stray, f"{stem}: cells print matplotlib leftovers: {stray}"


def _code_in(hint: str) -> list[str]:
    """Backticked snippets that hold a call with arguments, an index or an assignment
    (naming a function, `evidence_scale()`, is not handing over code)."""
    return [s for s in re.findall(r"`([^`]*)`", hint)
            if re.search(r"[(\[]|\s=\s", s) and not re.fullmatch(r"\w+\(\)", s)]


@pytest.mark.parametrize("stem", LESSONS)
def test_hints_nudge_without_handing_over_code(stem):
    """Round 3's L12: hints for 5.2, 7.1, 8.3 and 8.5 gave the method almost line by line."""
    with_code = [(e.id, number) for e in _lesson_exercises(stem) for number, hint in enumerate(e.hints, 1)
                 if _code_in(hint)]
    assert not with_code, f"hints that hold a call, an index or an assignment: {with_code}"


def test_the_biggest_misses_table_keeps_every_row_tied_with_the_third():
    """Round 3's L11: third place was a tie (0.49 and 0.49) that `nlargest` hid."""
    cell = next(c for c in _notebook("08-what-happened-next").cells if "nlargest" in c.source)
    shown = cell.outputs[0]["data"]["text/plain"]
    forecasts = load("forecasts").set_index("forecast_id")
    sample = {"fc_shells_reported_2023": 0.9, "fc_satellite_october_2023": 0.7, "fc_satellite_orbit_2023": 0.3,
              "fc_missiles_used_mid_2024": 0.4, "fc_unsc_veto_mid_2024": 0.8, "fc_putin_pyongyang_2023": 0.6,
              "fc_defence_treaty_2024": 0.2, "fc_troops_deployed_2024": 0.1, "fc_munitions_confirmed_2024": 0.3,
              "fc_naval_propulsion_2025": 0.1, "fc_nuclear_weapons_tech_2025": 0.05}
    misses = {fid: round((p - (forecasts.at[fid, "resolution"] == "yes")) ** 2, 3) for fid, p in sample.items()}
    third = sorted(misses.values(), reverse=True)[2]
    expected = [forecasts.at[fid, "question"] for fid, miss in misses.items() if miss >= third]
    assert len(expected) > 3, "the sample data no longer has a tie at third place: rethink this test"
    assert "miss" in shown and all(question[:40] in shown for question in expected)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_lesson_06_and_the_limits_no_longer_copy_the_articles_seven_word_runs():
    """Round 3: 'Russia is in a different position now' stood unquoted in lesson 06 (and a
    seven-word run on the stockpile in `limits.reason`)."""
    lesson = _words(" ".join(c.source for c in _notebook("06-limits-of-cooperation").cells))
    with open(ROOT / "datasets" / "limits.csv", encoding="utf-8") as handle:
        reasons = _words(" ".join(row["reason"] for row in csv.DictReader(handle)))
    for run in ["russia is in a different position now", "six months of artillery and anti tank"]:
        assert run not in lesson and run not in reasons


def test_7_6_refuses_one_estimators_two_figures_with_no_stated_start():
    """Round 3's M2: Shin's 10,000 over his 5,000 also gives 2.0, and the old check passed it."""
    from summit_course import check

    assert check("7.6", {"est_containers_202402_us_state", "est_containers_20250529_msmt"}).correct
    assert not check("7.6", {"est_containers_20231229_shin", "est_containers_20240614_shin"}).correct


def _all_text(stem: str) -> str:
    toml = (ROOT / "solutions" / "exercises" / f"{stem}.toml").read_text(encoding="utf-8")
    return " ".join(c.source for c in _notebook(stem).cells) + toml


def test_07_keeps_the_floor_over_an_hour():
    """Round 3's L6: 'just over an hour' turned TASS's floor into a near-exact figure."""
    text = _all_text("07-evidence-and-claims")
    assert "over an hour" in text and "just over an hour" not in text


def test_08_states_no_ratification_rule_its_sources_do_not_give():
    """Round 3's L8: an unsourced rule ('Kim could ratify it by decree, at any point') decided 8.2."""
    text = " ".join(_all_text("08-what-happened-next").split())
    assert "state no rule for when it had to come" in text
    for unsourced in ["at any point after the signing", "the rules fix the order", "The rules made Kim wait"]:
        assert unsourced not in text


@pytest.mark.parametrize("wrong", [8, 11, {2010, 2011}])
def test_5_3_feedback_never_tells_the_count(wrong):
    """Round 3's M5: 5.3's check replied 'Expected 9 items', handing over the answer."""
    from summit_course import check

    unsc = load("unsc_actions").set_index("action_id")
    renewal_years = set(range(unsc.at["res_1874", "date"].year + 1, unsc.at["res_2680", "date"].year + 1))
    answer = len(renewal_years - set(unsc["date"].dt.year.dropna().astype(int)))
    assert check("5.3", answer).correct
    result = repr(check("5.3", wrong))
    assert not check("5.3", wrong).correct and str(answer) not in result.replace("5.3", "")
