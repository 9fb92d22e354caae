"""`summit-course remove-student` takes a wrong row out and refreshes what it made stale (walkthrough, finding 1)."""

from __future__ import annotations

import csv

from summit_course.cli import main
from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord


def _graded(course, *students):
    with Gradebook(course / "gradebook-a1.sqlite") as book:
        book.set_assignment({"name": "a1", "exercises": [{"id": "90.1", "points": 2}]})
        for student in students:
            book.record(SubmissionRecord(student, student, "sha", "fp", "ok", "", [
                AnswerRecord("90.1", "passed", 2.0, 2.0, 1, 1)]))


def test_a_wrong_row_is_removed_and_the_outputs_follow(fresh_course, capsys):
    _graded(fresh_course, "ana", "02-the-delegation", "journal")  # a student's folder graded as the class
    (fresh_course / "ids.csv").write_text("student,canvas_id\nana,1001\n", encoding="utf-8")
    root = ["--root", str(fresh_course)]
    for argv in (["export"], ["feedback"], ["report"],
                 ["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv"), "--leave-out-missing"]):
        assert main(argv + root) == 0
    (fresh_course / "feedback-a1" / "notes.html").write_text("<p>my own notes</p>", encoding="utf-8")
    capsys.readouterr()
    assert main(["remove-student", "02-the-delegation", "journal"] + root) == 0
    out = capsys.readouterr().out
    assert f"Removed 02-the-delegation, journal from {fresh_course / 'gradebook-a1.sqlite'}" in out
    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:
        assert book.students() == ["ana"]
    rows = list(csv.DictReader((fresh_course / "grades-a1.csv").open(encoding="utf-8-sig")))
    assert [r["student"] for r in rows] == ["ana"]
    pages = sorted(p.name for p in (fresh_course / "feedback-a1").iterdir())
    assert pages == ["ana.html", "notes.html"]  # a page of anything else is never touched
    assert "Deleted their feedback page(s):" in out and "journal.html" in out
    assert ">journal<" not in (fresh_course / "report-a1.html").read_text("utf-8")
    assert f"{fresh_course / 'grades-a1-canvas.csv'}: summit-course export --format canvas" in out


def test_an_unknown_name_is_refused_with_the_students(fresh_course, capsys):
    _graded(fresh_course, "ana", "Zoë")
    assert main(["remove-student", "zoe", "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert "No student 'zoe'" in err and "Students: Zoë, ana" in err and "nothing was done" in err
    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:
        assert book.students() == ["Zoë", "ana"]


def test_feedback_for_an_unknown_student_is_refused(fresh_course, capsys):
    """Walkthrough: `feedback --student zoe` printed "Wrote 0 feedback page(s)" and exited 0."""
    _graded(fresh_course, "ana", "Zoë")
    assert main(["feedback", "--student", "zoe", "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert "No student 'zoe'" in err and "Zoë" in err
    assert not (fresh_course / "feedback-a1").exists()
    assert main(["feedback", "--student", "Zoë", "--root", str(fresh_course)]) == 0
    assert "Wrote 1 feedback page(s)" in capsys.readouterr().out
