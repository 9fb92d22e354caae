"""The DEVELOPERS' guide's known seam, closed: a broken hidden check never gives a correct student 0.

A check that passes the build (the model answer passes it) but raises on another right answer
(the short spelling ``also_accept`` allows) is left out of that student's score, and the
instructor hears of it in the grade summary, the export's reason column and the report.
"""

from __future__ import annotations

import csv

import pytest

from summit_course.cli import main
from tests.authoring.test_broken_exercises import _edit
from tests.fixture_course import CORRECT, submission, write_submission
from tests.sandboxing import NO_SANDBOX_ARGS

BROKEN = "hidden check 1 of 90.2 raised ValueError: the exercise file needs fixing; not counted against the student"


@pytest.mark.slow
def test_a_correct_student_keeps_the_points_and_the_instructor_hears_of_the_check(fresh_course, tmp_path, capsys):
    course, base = fresh_course, ["--root", str(fresh_course)]
    _edit(course, "90.2", hidden=["value == answer or value.index('Airfield') >= 0"])  # raises unless the full name
    assert main(base + ["release", "--lessons", "90"]) == 0
    folder = tmp_path / "in"
    write_submission(folder, "ada.ipynb", submission(course, {**CORRECT, "airfield": "'Knevichi Xyzzy'"}))
    write_submission(folder, "bo.ipynb", submission(course, CORRECT))
    assert main(base + ["grade", str(folder), "--assignment", str(course / "release" / "assignment-90" /
                                                                  "assignment.json"), *NO_SANDBOX_ARGS, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert ("BROKEN: hidden check 1 of 90.2 raised ValueError on a right answer (ada): left out of their scores; "
            "fix the exercise file, build, and grade again with --all.") in out, out
    assert main(base + ["export"]) == 0 and main(base + ["report"]) == 0
    rows = {r["student"]: r for r in csv.DictReader((course / "grades-assignment-90.csv").open(encoding="utf-8-sig"))}
    assert (rows["ada"]["90.2"], rows["ada"]["total"]) == (rows["bo"]["90.2"], rows["bo"]["total"]) == ("1", "7")
    assert rows["ada"]["status"] == "review" and rows["ada"]["reason"].startswith(BROKEN + "; ")
    assert "hidden check" not in rows["bo"]["reason"]
    assert BROKEN in (course / "report-assignment-90.html").read_text("utf-8")
