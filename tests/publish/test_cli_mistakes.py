"""Wrong input to the instructor's commands stops with a message that says what to do."""

from __future__ import annotations

import pytest

from summit_course.cli import main, parser
from summit_course.gradebook import Gradebook
from tests.sandboxing import NO_SANDBOX_ARGS as NO_SANDBOX


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
    manifest = tmp_path / "assignment.json"
    manifest.write_text('{"format": 1, "name": "a", "exercises": []}', encoding="utf-8")
    status = main(["grade", str(tmp_path / "in"), "--root", str(fresh_course), "--gradebook",
                   str(tmp_path / "gradebook.sqlite"), "--assignment", str(manifest)])
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


def _score(sheet, *scores):
    """Type ``scores`` into the sheet's score column, top row first, as a spreadsheet saves it."""
    import csv

    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    for row, score in zip(rows, scores):
        row["score"] = score
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)


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
    _score(sheet, "2")
    capsys.readouterr()
    assert main(["manual-import", str(sheet)] + root) == 0
    out = capsys.readouterr().out
    assert "Refreshed with the new grades" in out and str(fresh_course / "report-a1.html") in out
    assert "Stored 1 manual score(s) (1 changed, the others as stored)" in out
    assert "Changed (stored → this sheet):\n  ana, 90.5: score (none) → 2" in out  # nothing changes unnamed
    assert "not given yet" not in (fresh_course / "feedback-a1" / "ana.html").read_text("utf-8")
    assert next(csv.DictReader((fresh_course / "grades-a1.csv").open(encoding="utf-8-sig")))["total"] == "2"


def test_a_release_with_a_past_due_date_warns(fresh_course, capsys):
    assert main(["release", "--lessons", "90", "--due", "2020-01-01", "--root", str(fresh_course)]) == 0
    captured = capsys.readouterr()
    assert str(fresh_course / "release" / "assignment-90") in captured.out
    assert "the due date 2020-01-01 is already past" in captured.err
    # only work saved after it is flagged (walkthrough round 1: 5 of 15 were, not "every submission")
    assert "every submission whose file time is after it will be flagged late" in captured.err
    assert "every submission will be flagged late" not in captured.err


def test_git_ignores_student_data_and_what_is_made_from_it():
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["submissions/kim.ipynb", "gradebook.sqlite", "gradebook-a1.sqlite-wal", "grades-a1.csv",
             "grades.json", ".grades-a1-canvas.csv.command", "feedback-a1/kim.html", "feedback/kim.html", "report-a1.html",
             "report-a1-exercises.csv", "written-answers-a1.csv", "release/assignment-01/README.md",
             "release/assignment-01.zip", "ids.csv", "ids-moodle.csv", "2026-12-10T1200_Grades-HIST101.csv",
             "HIST101 Grades.csv"]
    result = subprocess.run(["git", "check-ignore", *paths], cwd=root, capture_output=True, text=True)
    assert result.stdout.splitlines() == paths


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


def test_grade_without_assignment_stops_and_names_the_releases(fresh_course, tmp_path, capsys):
    """Issue 26, problem 6: without --assignment, every course exercise was graded into a stray gradebook."""
    (fresh_course / "release" / "assignment-90").mkdir(parents=True)
    (fresh_course / "release" / "assignment-90" / "assignment.json").write_text("{}", encoding="utf-8")
    (tmp_path / "in").mkdir()
    assert main(["grade", str(tmp_path / "in"), "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert "grade needs --assignment" in err and "release/assignment-90/assignment.json" in err
    assert not list(fresh_course.glob("*.sqlite"))


def test_a_misspelled_option_gets_the_command_s_usage_and_the_option_meant(fresh_course, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["grade", "in", "--asignment", "release/assignment-90/assignment.json", "--root", str(fresh_course)])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith("usage: summit-course grade")
    assert "--asignment (did you mean --assignment?)" in err
    with pytest.raises(SystemExit):
        main(["export", "--fromat", "json"])
    assert "--fromat (did you mean --format?)" in capsys.readouterr().err


def test_an_unreachable_dask_scheduler_stops_at_once(fresh_course, tmp_path, capsys):
    import socket
    import time

    (tmp_path / "in").mkdir()
    manifest = tmp_path / "assignment.json"
    manifest.write_text('{"format": 1, "name": "a", "exercises": []}', encoding="utf-8")
    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    start = time.monotonic()
    status = main(["grade", str(tmp_path / "in"), "--assignment", str(manifest), "--root", str(fresh_course),
                   "--dask-scheduler", f"tcp://127.0.0.1:{port}"])
    assert status == 2 and time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert f"Cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err and ".venv/bin/dask scheduler" in err
    assert not list(fresh_course.glob("*.sqlite"))


def test_a_bug_keeps_its_traceback(fresh_course, monkeypatch):
    """Issue 29, item 5: `_friendly` turned any ValueError into one line, hiding bugs."""
    from summit_course.cli import instructor

    _one_graded_student(fresh_course)

    def broken(args, book):
        raise ValueError("a bug, not the instructor's mistake")

    monkeypatch.setattr(instructor, "export_command", broken)
    with pytest.raises(ValueError, match="a bug"):
        main(["export", "--root", str(fresh_course)])


def test_every_output_the_grades_make_stale_is_refreshed_or_named(fresh_course, capsys):
    """Issue 26, problem 2: manual-import refreshed csv, json, feedback and report but not the Canvas file."""
    import csv

    _one_scored_written_answer(fresh_course)
    root = ["--root", str(fresh_course)]
    for argv in (["export"], ["report"], ["manual-export"], ["feedback"],
                 ["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv"), "--skip-incomplete"]):
        assert main(argv + root) == 0
    report = capsys.readouterr().out
    assert all(str(fresh_course / f"report-a1{tail}") in report for tail in (".html", "-exercises.csv", "-items.csv"))
    sheet = fresh_course / "written-answers-a1.csv"
    _score(sheet, "2")
    assert main(["manual-import", str(sheet)] + root) == 0
    out = capsys.readouterr().out
    refreshed, stale = out.split("Out of date now")
    for name in ("grades-a1.csv", "feedback-a1/", "report-a1.html"):
        assert str(fresh_course / name) in refreshed
    assert f"{fresh_course / 'grades-a1-canvas.csv'}: summit-course export --format canvas --ids" in stale
    assert next(csv.DictReader((fresh_course / "grades-a1.csv").open(encoding="utf-8-sig")))["total"] == "2"
    assert main(["report"] + root) == 0  # every later command names what is still out of date
    assert "Also out of date" in capsys.readouterr().out
    assert main(["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv")] + root) == 0
    assert "Also out of date" not in capsys.readouterr().out


def test_manual_import_stores_the_valid_rows_and_lists_the_others(fresh_course, capsys):
    import csv

    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:
        book.set_assignment({"name": "a1", "exercises": [{"id": "90.5", "points": 2}]})
        for name in ("ana", "ben"):
            book.record(SubmissionRecord(name, f"{name}.ipynb", "sha", "fp", "ok", "", [
                AnswerRecord("90.5", "manual", None, 2.0, 2, 2, answer=f"{name} wrote this.")]))
    root = ["--root", str(fresh_course)]
    assert main(["manual-export"] + root) == 0
    sheet = fresh_course / "written-answers-a1.csv"
    _score(sheet, "2", "lots")
    capsys.readouterr()
    assert main(["manual-import", str(sheet)] + root) == 1
    captured = capsys.readouterr()
    assert "Stored 1 manual score(s)" in captured.out
    assert "Not imported (1 row(s)" in captured.err and "row 3: the score 'lots' is not a number" in captured.err


def test_importing_a_file_that_is_not_a_sheet_says_so_and_nothing_else(fresh_course, capsys):
    """Walkthrough round 1: `manual-import grades-….csv` said "1 row(s)… stay in the sheet, and manual-export keeps them"."""
    _one_graded_student(fresh_course)
    root = ["--root", str(fresh_course)]
    assert main(["export"] + root) == 0
    capsys.readouterr()
    assert main(["manual-import", str(fresh_course / "grades-a1.csv")] + root) == 2
    err = capsys.readouterr().err
    assert "grades-a1.csv is not a written-answers sheet" in err and "written-answers-<assignment>.csv" in err
    assert "stay in the sheet" not in err and "Nothing was imported" in err


def test_relative_paths_are_read_from_the_course_folder_when_not_in_the_current_one(fresh_course, tmp_path,
                                                                                      monkeypatch, capsys):
    """Walkthrough round 1: from /tmp/instructor, `grade --root COURSE … --assignment release/…/assignment.json`
    said "There is no /tmp/instructor/release/…": the README says "or add --root"."""
    from tests.fixture_course import CORRECT, submission, write_submission

    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    elsewhere = tmp_path / "instructor"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    write_submission(elsewhere / "submissions", "ana.ipynb", submission(fresh_course, CORRECT))
    manifest = "release/assignment-90/assignment.json"  # relative to the course folder, not to here
    status = main(["grade", "submissions", "--assignment", manifest, "--root", str(fresh_course), "--no-progress",
                   "--cell-timeout", "10", *NO_SANDBOX])
    assert status == 0, capsys.readouterr().err
    assert "Graded 1 submission(s)" in capsys.readouterr().out
    assert (fresh_course / "gradebook-assignment-90.sqlite").is_file()
    assert main(["grade", "submissions", "--assignment", "release/assignment-9/assignment.json",
                 "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert (f"There is no {elsewhere / 'release/assignment-9/assignment.json'} (from the current folder) nor "
            f"{fresh_course / 'release/assignment-9/assignment.json'} (from the course folder)") in err


def test_a_misspelled_command_gets_the_command_meant(capsys):
    """Walkthrough round 1: `summit-course grdae` gave only argparse's "invalid choice" list."""
    with pytest.raises(SystemExit) as stop:
        main(["grdae", "submissions"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "invalid choice: 'grdae' (did you mean 'grade'?)" in err
    with pytest.raises(SystemExit):
        main(["export", "--format", "canvs"])
    assert "'canvs' (did you mean 'canvas'?)" in capsys.readouterr().err


def test_the_out_of_date_notice_gives_the_platform_command_as_it_was_run(fresh_course, capsys):
    """Walkthrough round 1: the notice said `--ids <your ids file>` instead of the file used."""
    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    _one_graded_student(fresh_course)
    ids = fresh_course / "ids.csv"
    ids.write_text("student,canvas_id\nana,1001\n", encoding="utf-8")
    root = ["--root", str(fresh_course)]
    assert main(["export", "--format", "canvas", "--ids", "ids.csv", "--assignment-id", "4567"] + root) == 0
    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:  # the grades change
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha2", "fp", "ok", "", [
            AnswerRecord("90.1", "incorrect", 0.0, 2.0, 0, 1)]))
    capsys.readouterr()
    assert main(["export"] + root) == 0
    out = capsys.readouterr().out
    assert (f"{fresh_course / 'grades-a1-canvas.csv'}: summit-course export --format canvas --ids {ids} "
            f"--root {fresh_course} --assignment-id 4567") in out  # runnable from any folder
    assert "<your ids file>" not in out


def test_a_reader_that_stops_early_ends_any_command_quietly(fresh_course):
    """Walkthrough: `summit-course export … | head -1` ended with a BrokenPipeError traceback."""
    import subprocess
    import sys

    _one_graded_student(fresh_course)
    for argv, status in ((["export", "--format", "json", "--root", str(fresh_course)], 141),
                         (["--help"], 0)):  # argparse's own help already ignores a closed pipe
        # the reading end is closed before the command writes: as `head -1` leaves it
        child = subprocess.Popen([sys.executable, "-m", "summit_course.cli", *argv], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        child.stdout.close()
        err = child.stderr.read().decode()
        assert child.wait(timeout=60) == status and err == "", err


def test_suggested_commands_repeat_root_and_keep_skip_incomplete(fresh_course, tmp_path, monkeypatch, capsys):
    """Issue 26 i9: manual-export → manual-import, manual-import → manual-export and the stale lists left out the
    --root the command was given; the remembered Canvas command dropped --skip-incomplete; "Any you wrote elsewhere
    with --out" was printed though --out was never used."""
    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    monkeypatch.chdir(tmp_path)
    _one_scored_written_answer(fresh_course)
    root = ["--root", str(fresh_course)]
    with_root = f"summit-course --root {fresh_course.resolve()} "
    for argv in (["report"], ["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv"),
                              "--skip-incomplete"]):
        assert main(argv + root) == 0
    assert "--skip-incomplete" in (fresh_course / ".grades-a1-canvas.csv.command").read_text("utf-8")
    assert main(["manual-export"] + root) == 0
    assert f"`{with_root}manual-import " in capsys.readouterr().out
    sheet = fresh_course / "written-answers-a1.csv"
    _score(sheet, "2")
    assert main(["manual-import", str(sheet)] + root) == 0
    out = capsys.readouterr().out
    assert f"report-a1.html" in out.split("Out of date now")[0]
    assert "Any you wrote elsewhere" not in out
    with Gradebook(fresh_course / "gradebook-a1.sqlite") as book:  # re-submitted: the typed score is refused
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha2", "fp", "ok", "", [
            AnswerRecord("90.5", "manual", None, 2.0, 2, 2, answer="Changed my mind.")]))
    _score(sheet, "1")
    assert main(["manual-import", str(sheet)] + root) == 1
    err = capsys.readouterr().err
    assert f"{with_root}manual-export" in err
    assert main(["report", "--out", str(tmp_path / "mine.html")] + root) == 0
    assert f"report-a1.html: {with_root}report" in capsys.readouterr().out  # older than the re-graded answer
    assert main(["manual-export"] + root) == 0
    _score(sheet, "1")
    assert main(["manual-import", str(sheet)] + root) == 0
    out = capsys.readouterr().out
    assert "Written elsewhere with --out" in out and str(tmp_path / "mine.html") in out
    assert f"{with_root}report --out {tmp_path / 'mine.html'}" in out


def _one_scored_written_answer(course) -> None:
    """A gradebook of one student, ana, with one written answer scored 2 of 2, and her Canvas id file."""
    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    with Gradebook(course / "gradebook-a1.sqlite") as book:
        book.set_assignment({"name": "a1", "exercises": [{"id": "90.5", "points": 2}]})
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.5", "manual", None, 2.0, 2, 2, answer="State media said so.")]))
    (course / "ids.csv").write_text("student,canvas_id\nana,1001\n", encoding="utf-8")
