"""Whole grading runs: a class graded in kernels, re-grading, Dask, the command line, lesson 00."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from summit_course.cli import main
from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, grade
from summit_course.reports.feedback import write_feedback
from summit_course.publish.release import release
from tests import sandboxing
from tests.sandboxing import NO_SANDBOX_ARGS
from tests.fixture_course import CORRECT, submission, write_submission

ROOT = Path(__file__).resolve().parents[2]
FAST = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
        "progress": False}


def _write_class(course: Path, folder: Path) -> None:
    write_submission(folder, "alice.ipynb", submission(course, CORRECT))
    write_submission(folder, "bob.ipynb", submission(course, {
        "n_things": "4", "airfield": "'Vladivostok'",
        "by_kind": "load('things').groupby('kind').size().reset_index(name='count')"}))
    write_submission(folder / "carol", "90-fixture.ipynb", submission(course, {**CORRECT, "arrival": "'2023-09-11'"}))
    cheat = ["import summit_course, summit_course.checks as c\n"
             "def check(*args): return '✅ all checks pass'\n"
             "summit_course.check = c.check = c._run_checks = check"]
    write_submission(folder, "dave.ipynb", submission(course, {"n_things": "99", "airfield": "'x'"}, cheat))


@pytest.fixture(scope="module")
def graded(course, manifest):
    folder = course.parent / "submissions"
    _write_class(course, folder)
    book = course.parent / "gradebook.sqlite"
    summary = grade(folder, manifest, book, course=course, jobs=2, **FAST)
    return folder, book, summary


def _totals(book_path):
    with Gradebook(book_path) as book:
        return {row["student"]: row["total"] for row in student_rows(book)}


@pytest.mark.slow
def test_a_class_is_graded_with_points_statuses_and_reasons(graded):
    folder, book_path, summary = graded
    assert sorted(summary.graded) == ["alice", "bob", "carol", "dave"]
    with Gradebook(book_path) as book:
        rows = {row["student"]: row for row in student_rows(book)}
    assert {k: r["total"] for k, r in rows.items()} == {"alice": 7.0, "bob": 1.2, "carol": 6.0, "dave": 0.0}
    assert rows["alice"]["status"] == "ok" and "await a manual score" in rows["alice"]["reason"]
    assert rows["carol"]["source"] == "carol" and rows["carol"]["exercises"]["90.3"]["status"] == "incorrect"
    bob = rows["bob"]["exercises"]
    assert bob["90.4"]["points"] == 1.2 and bob["90.3"]["status"] == "not_attempted"


@pytest.mark.slow
def test_redefining_check_in_the_notebook_gains_nothing(graded):
    _, book_path, _ = graded
    with Gradebook(book_path) as book:
        dave = {a["exercise"]: a for a in book.answers("dave")}
    assert dave["90.1"]["status"] == "incorrect" and dave["90.1"]["points"] == 0


def _own_copy(graded, tmp_path) -> tuple[Path, Path]:
    """A copy of the graded class (its submissions and gradebook) that one test may change."""
    folder, book_path, _ = graded
    copy = shutil.copytree(folder, tmp_path / "submissions")
    with sqlite3.connect(book_path) as source, sqlite3.connect(tmp_path / "gradebook.sqlite") as target:
        source.backup(target)
        target.execute("UPDATE meta SET value = replace(value, ?, ?) WHERE key IN ('graded_from', "
                       "'submissions_folder')", (json.dumps(str(folder.resolve()))[1:-1], str(copy.resolve())))
    return copy, tmp_path / "gradebook.sqlite"


@pytest.mark.slow
def test_regrading_skips_unchanged_submissions_and_redoes_changed_or_chosen_ones(graded, course, manifest, tmp_path):
    folder, book_path = _own_copy(graded, tmp_path)
    with sqlite3.connect(book_path) as db:  # a mark that only a re-grade of that student replaces
        db.execute("UPDATE submission SET graded_at = 'before'")
    again = grade(folder, manifest, book_path, course=course, jobs=2, **FAST)
    assert again.graded == [] and again.unchanged == 4
    write_submission(folder, "bob.ipynb", submission(course, CORRECT))
    changed = grade(folder, manifest, book_path, course=course, jobs=2, **FAST)
    assert changed.graded == ["bob"] and changed.unchanged == 3
    chosen = grade(folder, manifest, book_path, course=course, jobs=2, only=["alice"], **FAST)
    assert chosen.graded == ["alice"]
    with Gradebook(book_path) as book:
        regraded = {row["student"] for row in book.submissions() if row["graded_at"] != "before"}
        assert len(book.answers()) == 4 * 5  # one row per student and exercise, never more
    assert regraded == {"alice", "bob"}
    assert _totals(book_path)["bob"] == 7.0


@pytest.mark.slow
def test_feedback_pages_show_no_hidden_check_model_answer_or_rubric(graded, course, tmp_path):
    from summit_course.authoring.exercises import instructor_exercises

    _, book_path, _ = graded
    with Gradebook(book_path) as book:
        pages = write_feedback(book, tmp_path / "feedback")
    entries = instructor_exercises(course / "solutions" / "exercises")
    secrets = [h for e in entries for h in e.get("hidden", [])] + [r for e in entries for r in e.get("rubric", [])]
    secrets += ["Knevichi Airfield Xyzzy", "Knevichi Xyzzy", "2023-09-10", "answer_expr", "groupby"]
    for page in pages.values():
        text = page.read_text("utf-8")
        assert "Exercise" in text and "points" in text
        assert not [s for s in secrets if s.casefold() in text.casefold()], page.name


@pytest.mark.slow
def test_a_dask_cluster_grades_the_same_as_the_local_pool(graded, course, manifest, tmp_path):
    from distributed import LocalCluster

    folder, book_path, _ = graded
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = grade(folder, manifest, tmp_path / "dask.sqlite", course=course,
                        dask_scheduler=cluster.scheduler_address, **FAST)
    assert len(summary.graded) == 4
    assert _totals(tmp_path / "dask.sqlite") == _totals(book_path)


@pytest.mark.slow
def test_dask_workers_that_cannot_run_the_sandbox_take_no_work(graded, course, manifest, tmp_path, monkeypatch):
    """Each worker runs the sandbox's probe before it takes work; before, only the grader's machine was probed."""
    from distributed import LocalCluster

    from summit_course.grading.sandbox import SandboxUnavailable

    folder, _, _ = graded
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # the workers' PATH: no bwrap there
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        monkeypatch.undo()
        with pytest.raises(SandboxUnavailable, match=r"Dask worker tcp://[^:]+:\d+: .*`bwrap` command\) is not installed"):
            grade(folder, manifest, tmp_path / "dask.sqlite", course=course, dask_scheduler=cluster.scheduler_address,
                  progress=False, limits=Limits(sandbox=True))
    assert not (tmp_path / "dask.sqlite").exists()


@pytest.mark.slow
def test_the_command_line_runs_the_whole_cycle(fresh_course, tmp_path, monkeypatch, capsys):
    course = fresh_course
    monkeypatch.chdir(tmp_path)  # not the course folder: --root (before or after the command) says where it is
    assert main(["release", "--lessons", "90", "--root", str(course)]) == 0
    manifest = course / "release" / "assignment-90" / "assignment.json"
    folder = tmp_path / "in"
    write_submission(folder, "Zoë.ipynb", submission(course, CORRECT))
    write_submission(folder, "yann.ipynb", submission(course, {"n_things": "1"}))
    base = ["--root", str(course)]
    assert main(base + ["grade", str(folder), "--assignment", str(manifest), *NO_SANDBOX_ARGS, "--jobs", "2", "--no-progress",
                        "--cell-timeout", "10", "--memory-mb", "1024"]) == 0
    out = capsys.readouterr().out
    assert "Graded 2 submission(s)" in out and str(course / "gradebook-assignment-90.sqlite") in out
    assert main(["grade", str(folder), "--assignment", str(manifest), "--no-progress", *NO_SANDBOX_ARGS, "--root", str(course)]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    assert main(base + ["export"]) == 0 and main(["export", "--format", "json", "--root", str(course)]) == 0
    rows = list(csv.DictReader((course / "grades-assignment-90.csv").open(encoding="utf-8-sig")))
    assert [r["student"] for r in rows] == ["yann", "Zoë"] and rows[1]["total"] == "7"
    assert json.loads((course / "grades-assignment-90.json").read_text("utf-8"))["students"][1]["student"] == "Zoë"
    assert main(base + ["feedback"]) == 0 and (course / "feedback-assignment-90" / "Zoë.html").is_file()
    assert main(base + ["report"]) == 0 and "<img" in (course / "report-assignment-90.html").read_text("utf-8")
    assert main(base + ["manual-export"]) == 0
    written = course / "written-answers-assignment-90.csv"
    written.write_text(written.read_text("utf-8").replace(",,\n", ",2,fine\n", 1), encoding="utf-8")
    assert main(base + ["manual-import", str(written)]) == 0
    assert main(base + ["export"]) == 0
    rows = list(csv.DictReader((course / "grades-assignment-90.csv").open(encoding="utf-8-sig")))
    assert rows[1]["total"] == "9" and rows[1]["90.5"] == "2"
    assert main(base + ["grade", str(folder), "--assignment", str(manifest), *NO_SANDBOX_ARGS, "--student", "nobody"]) == 2
    assert "No submission for 'nobody'" in capsys.readouterr().err
    assert main(base + ["report", "--gradebook", "missing.sqlite"]) == 2
    assert "There is no gradebook at missing.sqlite" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.sqlite"))  # nothing was written where the command ran


LESSON_00 = ROOT / "solutions" / "00-start-here.ipynb"


@pytest.mark.slow
@pytest.mark.skipif(not LESSON_00.is_file() or not (ROOT / "solutions" / "exercises").is_dir(),
                    reason="lesson 00 is not written yet")
def test_the_solution_of_lesson_00_earns_every_automatic_point(tmp_path):
    bundle = release(ROOT, tmp_path / "release", lessons=["00"])
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(LESSON_00, folder / "teacher.ipynb")
    grade(folder, bundle, tmp_path / "gb.sqlite", course=ROOT, jobs=1, progress=False,
          limits=Limits(cell_timeout=60, notebook_timeout=300, memory_mb=2048, sandbox=sandboxing.SANDBOXED))
    with Gradebook(tmp_path / "gb.sqlite") as book:
        answers = book.answers("teacher")
    assert answers
    wrong = {a["exercise"]: (a["status"], a["messages"]) for a in answers if a["status"] not in ("passed", "manual")}
    assert wrong == {}
