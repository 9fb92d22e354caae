"""Wrong input to the instructor's commands stops with a message that says what to do."""

from __future__ import annotations

import pytest

from summit_course.cli import main, parser
from summit_course.gradebook import Gradebook


def test_root_is_accepted_before_and_after_the_sub_command():
    for argv in (["--root", "x", "export"], ["export", "--root", "x"]):
        assert parser().parse_args(argv).root == "x"
    assert parser().parse_args(["export"]).root == "."


def test_a_missing_assignment_path_exits_non_zero(fresh_course, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    status = main(["grade", str(tmp_path / "in"), "--assignment", str(tmp_path / "relase" / "assignment.json"),
                   "--root", str(fresh_course), "--no-progress"])
    assert status == 2
    assert "There is no " + str(tmp_path / "relase" / "assignment.json") in capsys.readouterr().err
    assert not list(fresh_course.glob("*.sqlite"))


def test_outside_the_course_folder_the_message_says_where_to_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path.resolve()} is not the course folder" in err
    assert "run this from the course folder (the one with solutions/)" in err


def test_a_new_gradebook_is_never_made_beside_the_course_one(fresh_course, tmp_path, monkeypatch, capsys):
    Gradebook(fresh_course / "gradebook.sqlite").close()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    status = main(["grade", str(tmp_path / "in"), "--root", str(fresh_course), "--gradebook", "gradebook.sqlite"])
    assert status == 2
    assert f"the course folder has {fresh_course / 'gradebook.sqlite'}" in capsys.readouterr().err
    assert not (tmp_path / "gradebook.sqlite").exists()


def test_without_a_gradebook_the_commands_say_to_grade_first(fresh_course, capsys):
    assert main(["report", "--root", str(fresh_course)]) == 2
    assert "run `summit-course grade` first" in capsys.readouterr().err


def test_two_gradebooks_need_a_choice(fresh_course, capsys):
    for name in ("gradebook-a1.sqlite", "gradebook-a2.sqlite"):
        Gradebook(fresh_course / name).close()
    assert main(["feedback", "--root", str(fresh_course)]) == 2
    assert "choose one with --gradebook: gradebook-a1.sqlite, gradebook-a2.sqlite" in capsys.readouterr().err


def test_manual_import_refreshes_exports_feedback_and_report(fresh_course, capsys):
    import csv

    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:
        book.set_assignment({"name": "a1", "exercises": [{"id": "90.5", "points": 2, "objective": "Weigh"}]})
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.5", "manual", None, 2.0, 2, 2, messages=("Your instructor grades it.",),
                         answer="State media said so.")]))
    root = ["--root", str(fresh_course)]
    for command in ("export", "feedback", "report", "manual-export"):
        assert main([command] + root) == 0
    assert "not given yet" in (fresh_course / "feedback-a1" / "ana.html").read_text("utf-8")
    sheet = fresh_course / "written-answers-a1.csv"
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    rows[0]["score"] = "2"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    capsys.readouterr()
    assert main(["manual-import", str(sheet)] + root) == 0
    out = capsys.readouterr().out
    assert "Refreshed with the new scores" in out and str(fresh_course / "report-a1.html") in out
    assert "not given yet" not in (fresh_course / "feedback-a1" / "ana.html").read_text("utf-8")
    assert next(csv.DictReader((fresh_course / "grades-a1.csv").open(encoding="utf-8")))["total"] == "2"


def test_a_release_with_a_past_due_date_warns(fresh_course, capsys):
    assert main(["release", "--lessons", "90", "--due", "2020-01-01", "--root", str(fresh_course)]) == 0
    captured = capsys.readouterr()
    assert str(fresh_course / "release" / "assignment-90") in captured.out
    assert "the due date 2020-01-01 is already past" in captured.err


def test_git_ignores_student_data_and_what_is_made_from_it():
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["submissions/kim.ipynb", "gradebook.sqlite", "gradebook-a1.sqlite-wal", "grades-a1.csv",
             "grades.json", "feedback-a1/kim.html", "feedback/kim.html", "report-a1.html",
             "report-a1-exercises.csv", "written-answers-a1.csv"]
    result = subprocess.run(["git", "check-ignore", *paths], cwd=root, capture_output=True, text=True)
    assert result.stdout.split() == paths


def _one_graded_student(course):
    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    with Gradebook(course / "gradebook-a1.sqlite") as book:
        book.set_assignment({"name": "a1", "exercises": [{"id": "90.1", "points": 2}]})
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.1", "passed", 2.0, 2.0, 1, 1)], late=True))


def test_platform_exports_need_the_id_mapping_and_name_what_is_missing(fresh_course, capsys):
    _one_graded_student(fresh_course)
    root = ["--root", str(fresh_course)]
    assert main(["export", "--format", "canvas"] + root) == 2
    assert "--format canvas needs --ids" in capsys.readouterr().err
    assert main(["export", "--ids", "ids.csv"] + root) == 2
    assert "--ids is for --format canvas or moodle, not csv" in capsys.readouterr().err
    (fresh_course / "ids.csv").write_text("student,email\nben,ben@school.example\n", encoding="utf-8")
    assert main(["export", "--format", "moodle", "--ids", str(fresh_course / "ids.csv")] + root) == 2
    assert "1 graded student(s) have no row in" in capsys.readouterr().err
    assert not list(fresh_course.glob("grades-*"))
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "--format", "blackboard"])
    assert "invalid choice: 'blackboard'" in capsys.readouterr().err


def test_a_canvas_export_from_the_command_line(fresh_course, capsys):
    _one_graded_student(fresh_course)
    (fresh_course / "ids.csv").write_text("student,canvas_id\nana,1001\ncleo,1003\n", encoding="utf-8")
    argv = ["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv"), "--assignment-id", "77"]
    assert main(argv + ["--root", str(fresh_course)]) == 0
    out = capsys.readouterr().out
    assert f"Wrote {fresh_course / 'grades-a1-canvas.csv'} (2 student(s))" in out
    assert "Late: ana" in out and "No submission: cleo (blank: no score)" in out
    lines = (fresh_course / "grades-a1-canvas.csv").read_text("utf-8").splitlines()
    assert lines == ["Student,ID,SIS User ID,SIS Login ID,Section,a1 (77)", "    Points Possible,,,,,2",
                     "ana,1001,,,,2", "cleo,1003,,,,"]
