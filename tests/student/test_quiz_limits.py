"""A graded quiz gives a verdict on two different answers, then none; practice quizzes and code stay unlimited.

The fixture quizzes 99.7-99.10 carry the default point, so they are graded; 0.10-0.12 of the
course are practice (points = 0). Each test has its own journal and session (conftest).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from summit_course import attempts, check, journal, progress, registry
from summit_course.checks import check_exercise
from summit_course.grading.journals import figures
from summit_course.quizzes import quiz

ROOT = Path(__file__).resolve().parents[2]
USED_UP = "used_up"


def _press(exercise_id: str, letter: str):
    """A new quiz widget for a choice quiz, ``letter`` picked, Check answer pressed once."""
    widget = quiz(exercise_id)
    widget.choice.value = letter
    return widget, widget.show_feedback()


def test_the_same_answer_again_is_free_and_a_third_different_one_gets_no_verdict(fixture_registry):
    assert [check("99.7", "A").status for _ in range(4)] == ["incorrect"] * 4  # one check used, four times
    second = check("99.7", "C")
    assert second.status == "incorrect" and "No checks are left on 99.7 for a new answer" in repr(second)
    third = check("99.7", "B")  # the right one, but too late: no verdict, not even a pass
    assert third.status == USED_UP and not third.correct
    assert "You have used your two checks on 99.7" in repr(third) and 'hint("99.7") still helps' in repr(third)
    assert "looks right" not in repr(third) and "not yet" not in repr(third)
    assert check("99.7", "A").status == "incorrect"  # an answer already checked keeps its verdict


def test_the_first_wrong_verdict_says_how_many_checks_are_left(fixture_registry):
    assert "You have 1 check left on 99.7 for a new answer (checking this one again is free)." in repr(
        check("99.7", "A"))


def test_an_answer_of_the_wrong_shape_costs_no_check(fixture_registry):
    for _ in range(3):
        assert "not one of the options" in repr(check("99.7", "Z"))
    assert check("99.7", "A").status == "incorrect" and check("99.7", "B").correct


def test_equal_answers_written_differently_are_one_answer(fixture_registry):
    check("99.8", ["A", "B"])
    check("99.8", ["b", "a"])  # the same options, in another order and case
    assert check("99.8", ["A", "C"]).correct


def test_the_count_survives_a_new_widget_and_the_quiz_says_why_in_its_live_region(fixture_registry):
    _press("99.7", "A")
    _press("99.7", "C")
    widget, result = _press("99.7", "B")  # the cell run again: a new widget, the same journal
    assert result.status == USED_UP
    live = widget.feedback.value
    assert "You have used your two checks on 99.7" in live and "<strong>Show a hint</strong> still helps" in live
    assert "copy its line (below) into the answer cell" in live
    assert "<code>venue = &#x27;B&#x27;</code>" in widget.paste.value  # the line to settle on is still shown


def test_check_and_the_quiz_share_the_count(fixture_registry):
    _press("99.7", "A")
    assert check("99.7", "C").status == "incorrect"
    assert _press("99.7", "B")[1].status == USED_UP
    assert check("99.7", "B").status == USED_UP
    assert check("99.7", "C").status == "incorrect"


def test_a_graded_matching_or_order_is_limited_too(fixture_registry):
    wrong = {"Shoigu": "foreign minister", "Choe Son Hui": "defence minister"}
    half = {"Shoigu": "defence minister", "Choe Son Hui": "defence minister"}
    check("99.10", wrong)
    check("99.10", half)
    assert check("99.10", {"Shoigu": "defence minister", "Choe Son Hui": "foreign minister"}).status == USED_UP
    check("99.9", ["A", "B", "C"])
    check("99.9", ["C", "B", "A"])
    assert check("99.9", ["B", "C", "A"]).status == USED_UP


def test_the_journal_keeps_the_count_across_a_restart(fixture_registry, here):
    check("99.7", "A")
    check("99.7", "C")
    attempts.reset()  # what a kernel restart forgets
    assert check("99.7", "B").status == USED_UP
    entries = [json.loads(line) for line in here.read_text("utf-8").splitlines()]
    assert [e["verdict"] for e in entries] == ["incorrect", "incorrect", USED_UP]
    assert len({e["tried"] for e in entries[:2]}) == 2 and "tried" not in entries[2]
    assert '"A"' not in here.read_text("utf-8") and '"C"' not in here.read_text("utf-8")


def test_a_new_kernel_on_the_same_journal_gives_no_third_verdict(tmp_path):
    """One process per check, one journal: a restart does not give the checks back."""
    exercise = registry.get("5.6")  # a graded choice of the course
    letters = [chr(ord("A") + i) for i in range(len(exercise.spec["options"]))]
    wrong = [x for x in letters if not check_exercise(exercise, x).correct]
    right = next(x for x in letters if x not in wrong)
    env = {**os.environ, journal.ENV_VAR: str(tmp_path / "journal.jsonl"), "PYTHONPATH": str(ROOT / "src")}
    statuses = [subprocess.run(
        [sys.executable, "-c", f"from summit_course import check; print(check('5.6', {answer!r}).status)"],
        env=env, capture_output=True, text=True, timeout=120, check=True).stdout.strip()
        for answer in (wrong[0], wrong[1], right, wrong[0])]
    assert statuses == ["incorrect", "incorrect", USED_UP, "incorrect"]


def test_without_a_journal_the_session_keeps_the_count(fixture_registry, monkeypatch):
    monkeypatch.setenv(journal.ENV_VAR, journal.OFF)
    check("99.7", "A")
    check("99.7", "C")
    assert check("99.7", "B").status == USED_UP


def test_practice_quizzes_and_code_exercises_stay_unlimited(fixture_registry):
    fixture_registry["99.7"] = dataclasses.replace(fixture_registry["99.7"], points=0.0)
    assert [check("99.7", letter).status for letter in "ACAC"] == ["incorrect"] * 4
    assert check("99.7", "B").correct
    widget, _ = _press("99.7", "A")
    assert "Graded" not in widget.question.value and "graded" not in widget.check_button.tooltip
    assert "check left" not in widget.feedback.value
    assert [check("99.1", n).status for n in range(1, 6)] == ["incorrect"] * 5
    assert check("99.1", 42).correct


def test_a_graded_quiz_says_so_before_any_press(fixture_registry):
    widget = quiz("99.10")
    assert "Graded: two checks." in widget.question.value
    assert "checking the same answer again is free" in widget.question.value
    assert widget.check_button.tooltip == "Check exercise 99.10 (graded: two checks)"


def test_progress_shows_a_used_up_quiz_as_tried_with_nothing_to_try_again(fixture_registry, here):
    check("99.7", "A")
    _press("99.7", "C")
    check("99.7", "B")  # no verdict: still not passed
    row = next(r for r in progress().rows if r.lesson.startswith("99"))
    assert "99.7" in row.tried and "99.7" not in row.passed + row.quizzed and row.used_up == ("99.7",)
    assert not row.next_step().startswith("Try Exercise 99.7 again")
    assert progress().checks == 2  # the press without a verdict is no check


def test_a_lesson_whose_only_open_exercise_is_used_up_says_what_to_do(here):
    for fingerprint in ("a1", "b2"):
        journal.record("check", exercise="5.6", verdict="incorrect", passed=2, total=3, via="quiz", tried=fingerprint)
    for exercise in registry.exercises().values():
        if exercise.lesson.startswith("05") and exercise.id != "5.6":
            journal.record("check", exercise=exercise.id, verdict="passed", passed=3, total=3)
    result = progress()
    row = next(r for r in result.rows if r.lesson.startswith("05"))
    assert row.next_step() == ("Exercise 5.6 has no checks left: make sure your answer's line is in its "
                               "answer cell (it is graded as it stands)")
    assert not result.next_lesson().startswith("Next: lesson 05")  # the lessons not begun come first


def test_a_press_without_a_verdict_is_no_attempt_in_the_instructors_figures(fixture_registry, here):
    check("99.7", "A")
    check("99.7", "C")
    check("99.7", "B")
    stats, _ = figures(journal.entries(), {"99.7": 0})
    assert stats["99.7"].attempts == 2 and stats["99.7"].checks_to_pass is None
