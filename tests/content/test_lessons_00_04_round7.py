"""Round 6's blind review of lessons 00, 01 and 04: each finding a test can catch, caught.

Lesson 00's rule summary says what the codebook's E1 says; 0.3 takes the names people.csv and
facts.md give; lesson 01 shows a merge before 1.4 needs one, and counts 12-17 September as six
calendar days; lesson 04 lets students choose 4.6's pair, says what "like for like" compares,
and keeps no stale note.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from summit_course import check
from summit_course.authoring.exercises import instructor_exercises
from summit_course.data import load

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = {e["id"]: e for e in instructor_exercises(SOLUTIONS / "exercises")}


def _cells(number: str) -> list:
    path = next(SOLUTIONS.glob(f"{number}-*.ipynb"))
    return nbformat.read(path, as_version=4).cells


def _section(number: str, heading: str) -> str:
    """The Markdown from a section heading to the next section heading."""
    texts, inside = [], False
    for cell in _cells(number):
        if cell.cell_type != "markdown":
            continue
        if cell.source.startswith("## "):
            inside = cell.source.startswith(heading)
        if inside:
            texts.append(cell.source)
    return "\n".join(texts)


def _codebook_rule(rule: str) -> str:
    text = (ROOT / "datasets" / "coding-rules.md").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(f"- **{rule} "))


def test_lesson_00_states_e1_as_the_codebook_does():
    """Round 6: "A stop or a meeting hosted by the other side's officials is an official record,
    whoever reports its details" contradicts E1, which makes such a detail state media's claim."""
    e1 = _codebook_rule("E1")
    assert "is that media's claim" in e1 and "stays here when state media carry it" in e1
    section = _section("00", "## 0.6")
    assert "whoever reports its details" not in section
    assert "state media's claim" in section  # a detail only one side's media give
    assert re.search(r"admission[^.]*official record[^.]*state media", section, re.S)


def test_lesson_00_practice_item_0_9_agrees_with_the_rule_it_applies():
    entry = EXERCISES["0.9"]
    assert entry["options"][ord(entry["answer"]) - ord("A")] == "official_record"  # E1: Peskov's own side's act


@pytest.mark.parametrize("form", ["Alexander Kozlov", "Alexander Kozlov (Natural Resources Minister)",
                                  "Natural Resources Minister Alexander Kozlov", "A. Kozlov", "Kozlov"])
def test_0_3_accepts_the_name_as_people_csv_and_the_role_give_it(form):
    person = load("people").set_index("person_id").loc["alexander_kozlov"]
    assert person["name"] == "Alexander Kozlov" and person["role"].startswith("Natural Resources Minister")
    assert check("0.3", form).status == "passed", form


def test_lessons_name_kozlov_as_people_csv_does():
    role = "Natural Resources Minister Alexander Kozlov"
    for number in ("00", "01"):
        for cell in _cells(number):
            if "Kozlov" in cell.source and cell.cell_type == "markdown":
                assert "natural resources minister" not in cell.source or role in cell.source, cell.source[:120]


def test_a_merge_is_shown_before_exercise_1_4_needs_one():
    """Round 6: 1.4's key needs `merge`, which no earlier cell showed."""
    cells = _cells("01")
    at = next(i for i, c in enumerate(cells) if c.source.startswith("### Exercise 1.4 "))
    shown = [c for c in cells[:at] if c.cell_type == "code" and ".merge(" in c.source]
    assert shown and shown[0].outputs, "no merge with its result before 1.4"
    assert "route.merge" not in shown[0].source  # the example is not 1.4's own answer


def test_twelve_to_seventeen_september_is_six_calendar_days_wherever_five_is_set_beside_it():
    """Round 6: "Cosmos Chronicle's five days may count only the days in Russia, 12 to 17 September"."""
    assert (load("events").query("event_id == 'trip_departs_artyom'")["date"].iloc[0]
            - load("events").query("event_id == 'trip_border_khasan'")["date"].iloc[0]).days + 1 == 6
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            text = " ".join(cell.source.split())
            if cell.cell_type == "markdown" and re.search(r"12 to 17 September|12.17 September", text) \
                    and re.search(r"\bfive\b", text):
                assert "six calendar days" in text, (path.stem, text[:160])


def test_exercise_4_6_leaves_the_choice_of_pair_to_the_student():
    """Round 6: "4.6's reasoning is done by the prose". The question names no estimator and no
    pair; the reasoning waits in a folded note after the check."""
    cells = _cells("04")
    at = next(i for i, c in enumerate(cells) if c.source.startswith("### Exercise 4.6 "))
    question = cells[at].source
    for giveaway in ("Shin", "State Department", "MSMT", "one estimator", "same kind of bound", "share a start"):
        assert giveaway not in question, giveaway
    note = next(c.source for c in cells[at + 1:] if c.cell_type == "markdown")
    assert note.startswith("<details><summary>Read this after you answer</summary>") and "Shin" in note
    for text in EXERCISES["4.6"]["hints"] + [m["say"] for m in EXERCISES["4.6"]["mistakes"]]:
        assert "Shin" not in text and "divide the later" not in text, text


def test_the_like_for_like_sentence_says_what_it_compares_and_is_true_of_the_table():
    aims = load("aims")
    both = sorted(k for k, parties in aims.groupby("kind", observed=True)["party"] if parties.nunique() == 2)
    cell = next(c.source for c in _cells("04") if "like for like" in c.source or "like-for-like" in c.source)
    assert "`kind`" in cell, "the sentence must say that like means the same kind"
    assert "Only two kinds" in cell and len(both) == 2
    assert all(kind.split("_")[0] in cell for kind in both), both


def test_lesson_04_keeps_no_note_about_what_a_key_used_to_be():
    for cell in _cells("04"):
        assert not re.search(r"\bused to (include|be)\b|\bnow meet\b", cell.source), cell.source[:120]


def test_lesson_04_says_when_the_forecasts_close_and_that_the_journal_records_it():
    opening = _cells("04")[1].source
    assert "setup" in opening and "journal" in opening and "closes your lesson-01 forecasts" in opening
