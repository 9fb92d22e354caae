"""No "out of date" noise where nothing changed, and re-export commands that run as given (round 7 item 6)."""

from __future__ import annotations

import argparse
import os
import shlex

from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, export_csv
from summit_course.gradebook.locate import named_output
from summit_course.gradebook.platforms import _remember, remembered_command
from summit_course.reports.outputs import stale_outputs

ASSIGNMENT = {"name": "a", "exercises": [{"id": "1.1", "points": 2}, {"id": "1.2", "points": 3, "kind": "written"}]}


def _graded(path):
    with Gradebook(path) as book:
        book.set_assignment(ASSIGNMENT)
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("1.1", "passed", 2.0, 2.0), AnswerRecord("1.2", "manual", None, 3.0, answer="An essay.")]))
        book.set_manual([("ana", "1.2", 2.0, "Clear.")])
    return path


def _written_before_now(*paths):
    for path in paths:
        path.write_text("x\n", encoding="utf-8")
        os.utime(path, (1, 1))  # long before the next change


def test_an_import_that_changes_nothing_makes_nothing_out_of_date(tmp_path):
    book = _graded(tmp_path / "gradebook-a.sqlite")
    grades = named_output(book, "grades", ".csv")
    export_csv(book, grades)
    with Gradebook(book) as opened:
        opened.set_manual([])  # a sheet with no score
        opened.set_manual([("ana", "1.2", 2.0, "Clear.")])  # the score as stored
    assert stale_outputs(book) == []
    with Gradebook(book) as opened:
        opened.set_manual([("ana", "1.2", 3.0, "Clear.")])
    os.utime(grades, (1, 1))
    assert [o.path for o in stale_outputs(book)] == [grades]


def test_a_moved_due_date_leaves_the_platform_files_current(tmp_path):
    """The Canvas and Moodle files hold no late flag: a due date that moved changes nothing in them."""
    book = _graded(tmp_path / "gradebook-a.sqlite")
    grades, canvas, moodle = (named_output(book, "grades", s) for s in (".csv", "-canvas.csv", "-moodle.csv"))
    _written_before_now(grades)
    for path in (canvas, moodle):
        path.write_text("x\n", encoding="utf-8")
    with Gradebook(book) as opened:
        opened.set_late({"ana": True})
    assert [o.path for o in stale_outputs(book)] == [grades]
    _written_before_now(canvas)
    with Gradebook(book) as opened:
        opened.set_manual([("ana", "1.2", 1.0, "")])
    assert canvas in [o.path for o in stale_outputs(book)]


def test_the_remembered_export_command_names_the_course_folder_and_keeps_skip_incomplete(tmp_path):
    """Issue 26 i9: the command given again must be the one the instructor ran (--skip-incomplete too)."""
    book = _graded(tmp_path / "gradebook-a.sqlite")
    out = named_output(book, "grades", "-canvas.csv")
    args = argparse.Namespace(format="canvas", ids="ids.csv", root=str(tmp_path), gradebook=None, assignment_id="7",
                              title=None, leave_out_missing=False, skip_incomplete=True, no_submission="blank")
    _remember(args, book, out)
    command = shlex.split(remembered_command(out, ""))
    assert command[command.index("--root") + 1] == str(tmp_path.resolve())
    assert "--skip-incomplete" in command and command[command.index("--assignment-id") + 1] == "7"
