"""Round 3's findings on lessons 00-04 that a test can catch (the blind review of lessons 00-04).

* Medium 3: a quiz that only reads what is on screen is practice, worth no points, and says so in
  its heading; a heading that says "practice" is worth no points (so the two never drift apart).
* Medium 6: no quiz puts the second article's "could" in Madden's mouth (his own words carry
  "if"; "could simply mean ... port visits" is the writer's sentence, outside his quotation marks).
* Low 10: the hints of 1.2, 2.4 and 3.2, and the text of their questions, name no call that is
  the answer's code (``set_index``, ``.days``, ``isin``, ``crosstab``).
* The student walkthrough: lesson 02's explorer has tick boxes, so no lesson tells a student to
  hold Ctrl or Shift, or to deselect in a list box.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from summit_course.authoring.exercises import instructor_exercises
from summit_course.registry import exercises

ROOT = Path(__file__).resolve().parents[2]
EARLY = sorted((ROOT / "solutions").glob("0[0-4]-*.ipynb"))
QUIZ_KINDS = {"choice", "choices", "match", "order"}
_HEADING = re.compile(r"^###\s+Exercise\s+(\d+\.\d+)\s+—\s+(.+)$", re.M)


def _headings(path: Path) -> dict[str, str]:
    """Exercise id -> its heading's title, from the markdown cells of a solution notebook."""
    cells = nbformat.read(path, as_version=4).cells
    return {m.group(1): m.group(2) for c in cells if c.cell_type == "markdown" for m in _HEADING.finditer(c.source)}


def _early_exercises():
    return [e for e in exercises().values() if e.id.split(".")[0] in {"0", "1", "2", "3", "4"}]


@pytest.mark.parametrize("path", EARLY, ids=lambda p: p.stem)
def test_a_practice_quiz_is_worth_no_points_and_says_so(path):
    number = str(int(path.stem[:2]))
    headings = _headings(path)
    for exercise in (e for e in exercises().values() if e.id.split(".")[0] == number):
        practice = "(practice, no points)" in headings.get(exercise.id, "")
        assert practice == (exercise.points == 0), (
            f"{exercise.id}: heading {headings.get(exercise.id)!r}, {exercise.points} points")
        if practice:
            assert exercise.kind in QUIZ_KINDS, f"{exercise.id} is practice but is not a quiz"


def test_read_off_quizzes_of_round_3_are_practice_or_were_replaced():
    """4.3 repeats the verbs listed above it; 0.10-0.12 ask what the tables on screen show."""
    by_id = exercises()
    assert all(by_id[i].points == 0 for i in ("0.10", "0.11", "0.12", "4.3"))
    assert "summit_outcomes" not in {e.variable for e in _early_exercises()}  # 1.8's read-off list
    assert "russian_stops" not in {e.variable for e in _early_exercises()}  # 1.4, a recount of 0.8


def _madden_could(text: str) -> bool:
    """A text that names Madden as its speaker ("Madden: ...", "Madden, quoted ...: ...") and gives him 'could'."""
    speaker, _, said = str(text).partition(":")
    return speaker.strip().startswith("Madden") and bool(re.search(r"\bcould\b", said))


def _letter(i: int) -> str:
    return "ABCDEFGHIJ"[i]


@pytest.mark.parametrize("entry", [e for e in instructor_exercises(ROOT / "solutions" / "exercises")
                                   if e["id"].split(".")[0] in "01234" and e["kind"] in QUIZ_KINDS],
                         ids=lambda e: e["id"])
def test_no_quiz_key_puts_the_writers_could_in_maddens_mouth(entry):
    """A retelling that moves the writer's 'could' to Madden may stand as a wrong option (2.3 asks
    students to catch it), never in the key, and never as a statement the quiz calls his."""
    answer = entry.get("answer")
    if entry["kind"] == "match":
        assert not any(_madden_could(t) for t in answer), entry["id"]
    elif entry["kind"] in ("choice", "choices"):
        chosen = [answer] if isinstance(answer, str) else list(answer)
        keyed = [o for i, o in enumerate(entry["options"]) if _letter(i) in chosen or o in chosen]
        assert not any(_madden_could(o) for o in keyed), entry["id"]
    assert not _madden_could(entry.get("prompt", "")), entry["id"]


def test_the_madden_statement_in_2_6_keeps_his_own_if():
    left = exercises()["2.6"].spec["left"]
    madden = [t for t in left if t.startswith("Madden") and "instant analysis" in t]
    assert madden and all(re.search(r"\bif\b", t) and "could" not in t for t in madden)


@pytest.mark.parametrize("exercise_id, giveaways", [
    ("1.2", ("set_index", ".days")),
    ("2.4", ("isin",)),
    ("3.2", ("crosstab",)),
])
def test_hints_and_questions_nudge_without_the_answers_code(exercise_id, giveaways):
    hints = exercises()[exercise_id].hints
    lesson = next(p for p in EARLY if p.stem.startswith(f"0{exercise_id[0]}-"))
    cells = nbformat.read(lesson, as_version=4).cells
    question = next(c.source for c in cells if c.cell_type == "markdown" and f"Exercise {exercise_id} " in c.source)
    for giveaway in giveaways:
        assert not any(giveaway in h for h in hints), (exercise_id, giveaway)
        assert giveaway not in question, (exercise_id, giveaway)


@pytest.mark.parametrize("path", EARLY, ids=lambda p: p.stem)
def test_no_lesson_asks_for_a_list_box_selection(path):
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert not re.search(r"\bDeselect\b|Hold \*\*(?:Ctrl|Shift)\*\*|\bCtrl\b.*\bseveral\b", text), path.stem
