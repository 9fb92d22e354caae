"""Round 7's blind review of lessons 02 and 03 (content round 9): each finding a test can catch,
checked on the shipped notebooks, the exercise keys and the data.

A sentence beside an analyst's quote, outside his quotation marks, may be read as his or as the
writer's: 02 teaches that, 2.3 takes either reading, and neither 03 nor 3.7's rubric settles it.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import nbformat

from summit_course.checks import PASSED, check_exercise
from summit_course.registry import get

from summit_course.authoring.exercises import instructor_exercises, model_answer
from summit_course.authoring.hidden import as_checked, hidden_results

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}


def _cells(stem: str) -> list:
    return nbformat.read(next((ROOT / "solutions").glob(f"{stem}-*.ipynb")), as_version=4).cells


def _markdown(stem: str) -> str:
    return "\n".join(c.source for c in _cells(stem) if c.cell_type == "markdown")


def _checked(exercise_id: str, value) -> bool:
    return check_exercise(get(exercise_id), value).status == PASSED


def _graded(exercise_id: str, value) -> bool:
    exercise = EXERCISES[exercise_id]
    hidden = exercise["hidden"]
    return hidden_results(hidden, as_checked(exercise["kind"], value), model_answer(exercise)) == (len(hidden), [])


def test_2_3_takes_either_reading_of_the_port_visits_and_the_de_facto_head():
    """Round 7 (HIGH): B ("Madden ... could simply mean a return of port visits") was wrong under
    every key, though its sentence continues Madden's paragraph, while C was accepted either way."""
    sure, open_ = ["A", "F"], ["B", "C"]
    for n in range(3):
        for extra in combinations(open_, n):
            ticked = sure + list(extra)
            assert _checked("2.3", ticked), ticked
            assert _graded("2.3", ticked), ticked  # the grader's hidden check agrees
    for wrong in (["A", "D", "F"], ["A", "E", "F"], ["A"], ["B", "C"]):
        assert not _checked("2.3", wrong), wrong


def test_02_teaches_that_a_sentence_beside_a_quote_has_two_readings():
    text = _markdown("02")
    assert re.search(r"can be read two ways", text), "02 no longer teaches the two readings"
    assert not re.search(r"port visits are\s+the writer's|move the writer's words into Madden's mouth \(B\)", text)
    hints = " ".join(EXERCISES["2.3"]["hints"])
    assert "is not his, even when it follows his words" not in hints
    assert "writer's plainer reading" not in " ".join(EXERCISES["2.7"]["rubric"])


def test_03_and_3_7_leave_open_whether_food_and_oil_are_bennetts_or_the_writers():
    """Round 7: §3.3 and 3.7's rubric said food and oil were "the writer, not Bennett", though the
    sentence follows the line the article credits to Bennett, in his paragraph."""
    settled = re.compile(r"writer,? not Bennett|writer's for food|writer's, not Bennett", re.I)
    assert not settled.search(_markdown("03"))
    rubric = " ".join(EXERCISES["3.7"]["rubric"])
    assert not settled.search(rubric) and "either reading earns the point" in rubric
    assert "Putin could assist is the writer's" not in (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")


def test_2_1_asks_in_words_for_what_its_key_counts():
    """Round 7: 2.1 said "Count the Russian hosts (`group == "host"`)" while the key leaves Putin out,
    so a student who followed the words was marked wrong."""
    task = next(c.source for c in _cells("02") if c.cell_type == "markdown" and c.source.startswith("### Exercise 2.1"))
    assert re.search(r"hosts \(`group == \"host\"`\) \*\*other than Putin\*\*", task), task
    assert "leadership" in EXERCISES["2.1"]["answer_expr"]  # the key leaves Putin (leadership) out


def test_3_4_rules_include_2270s_ban_on_teaching_aerospace_engineering():
    """Round 7: the rules left out res. 2270's ban on teaching aerospace engineering (facts.md G3), the
    most direct rule for 3.4's option B and launcher help in 3.1; the notes rested launcher help on
    the 2012 presidential statement alone."""
    cells = _cells("03")
    rules = "\n".join(c.source for c in cells if c.cell_type == "markdown"
                      and "instructor" not in c.metadata.get("tags", []) and "2270" in c.source and "**" in c.source)
    assert re.search(r'"nuclear engineering, aerospace engineering, aeronautical engineering"[^.]*unsanctionsapp_training', rules)
    notes = [c.source for c in cells if c.cell_type == "markdown" and "Instructor note" in c.source]
    launcher = next(n for n in notes if "satellites sound civilian" in n)
    assert "technical assistance" in launcher and "aerospace engineering" in launcher
    satellite_engineers = next(n for n in notes if "training of satellite engineers" in n)
    assert "aerospace engineering" in satellite_engineers


def test_3_1_points_rest_on_the_rule_not_on_the_code_one_load_away():
    """Round 7: an aim's text stated its own code ("coded as a breach by inference"). 3.1's own
    form (verdict and rule chosen apart) is tested in test_lessons_00_03_round10.py."""
    from summit_course import load

    aims = load("aims", as_of=None)
    assert not aims["aim"].str.contains(r"coded|breach|inference", case=False).any()


def test_2_2_files_an_unsure_presence_as_a_presence():
    """Round 7: "Kang Sun Nam ... his face could not be made out" was filed as "a sighting"."""
    exercise = EXERCISES["2.2"]
    assert "a presence" in exercise["right"] and "a sighting" not in exercise["right"]
    kang = next(s for s in exercise["answer"] if s.startswith("Kang Sun Nam"))
    assert exercise["answer"][kang] == "a presence"
    assert not re.search(r"\bsighting\b", _markdown("02"))


def test_publicity_and_press_posts_follow_one_portfolio_rule():
    """Round 7: Kim Yo Jong (Publicity and Information Department) was coded `propaganda` and the
    Kremlin's press secretary `communications`: one rule now codes both, and the data dictionary
    states it."""
    from summit_course import load

    people = load("people", as_of=None).set_index("person_id")
    assert people.at["kim_yo_jong", "portfolio"] == people.at["dmitry_peskov", "portfolio"] == "communications"
    assert "Publicity and Information" in people.at["kim_yo_jong", "role"]
    readme = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    rule = next(line for line in readme.splitlines() if line.startswith("| `portfolio`"))
    assert "`propaganda`" not in rule and re.search(r"`communications` \(a post in publicity, press", rule)
    assert "share a code" in _markdown("02")
    for extra in (set(), {"communications"}):  # 2.5 still takes the spokesman's match either way
        assert _checked("2.5", {"military", "foreign_affairs", "economy"} | extra), extra
