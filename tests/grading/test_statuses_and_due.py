"""Issue 26, problems 3, 4, 6 and 7 in real grading runs: blank and untouched work, a whole course folder,
late flags that follow a moved due date, grades made without the sandbox."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import time

import pytest

from summit_course.gradebook import Gradebook, export_csv, student_rows
from summit_course.grading import grade
from summit_course.grading.submissions import is_late
from summit_course.grading.tasks import Limits
from summit_course.reports import write_feedback, write_report
from summit_course.authoring.due import due_text, parse_due
from tests import sandboxing
from tests.fixture_course import CORRECT, submission, write_submission

FAST = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
        "progress": False, "jobs": 2}


def _class(course, manifest, folder):
    """ana: all correct; una: the release copy as handed out; bea: ran it, answered nothing, tried a cell;
    cole: his whole course folder (the release's README, datasets and package beside his notebook)."""
    bundle = manifest.parent
    write_submission(folder, "ana.ipynb", submission(course, CORRECT))
    shutil.copy(bundle / "lessons" / "90-fixture.ipynb", folder / "una.ipynb")
    write_submission(folder, "bea.ipynb", submission(course, {}, extra_cells=["print('hello')"]))
    shutil.copytree(bundle, folder / "cole", ignore=shutil.ignore_patterns("lessons", "assignment.json"))
    write_submission(folder / "cole", "90-fixture.ipynb", submission(course, CORRECT))
    write_submission(folder / "cole" / ".summit", "journal.jsonl", submission(course, {}))  # any file: not read
    return folder


@pytest.fixture(scope="module")
def graded(course, manifest):
    folder = _class(course, manifest, course.parent / "submissions-statuses")
    book = course.parent / "gradebook-statuses.sqlite"
    summary = grade(folder, manifest, book, course=course, **FAST)
    with Gradebook(book) as opened:
        rows = {row["student"]: row for row in student_rows(opened)}
    return book, summary, rows


@pytest.mark.slow
def test_blank_and_untouched_work_has_its_own_status(graded):
    """Problem 4: a 0/7 submission and an untouched release copy were "ok"."""
    book, summary, rows = graded
    assert (rows["una"]["status"], rows["bea"]["status"], rows["ana"]["status"]) == ("untouched", "blank", "ok")
    assert rows["una"]["reason"].startswith("the release copy, unchanged: no answer given")
    assert rows["bea"]["reason"].startswith("no answer given: every answer cell still holds ...")
    assert str(summary).index("untouched: una") < str(summary).index("blank: bea")
    grades = {r["student"]: r for r in csv.DictReader(export_csv(book, book.parent / "g.csv").open(encoding="utf-8-sig"))}
    assert (grades["una"]["status"], grades["bea"]["status"]) == ("untouched", "blank")


@pytest.mark.slow
def test_blank_work_comes_first_among_who_needs_help_and_its_feedback_says_so(graded, tmp_path):
    book, _, _ = graded
    text = write_report(book, tmp_path / "report.html").read_text("utf-8")
    attention = text[text.index('<h2 id="attention">'):text.index('<h2 id="exercises">')]
    assert attention.index(">una</a>") < attention.index(">bea</a>")
    assert "the release copy, unchanged: no answer given" in attention and ">ana</a>" not in attention
    pages = write_feedback(book, tmp_path / "fb")
    una, bea = (pages[s].read_text("utf-8") for s in ("una", "bea"))
    assert "every answer was read" not in una + bea
    assert "exactly as it was handed out: no answer was given" in una
    assert "No answers were found in what you handed in" in bea


@pytest.mark.slow
def test_a_whole_course_folder_is_summarised_and_not_put_in_review(graded):
    """Problem 7: 15 "datasets/… not used" lines and a review for a student who handed in their course folder."""
    _, summary, rows = graded
    assert rows["cole"]["status"] == "ok" and rows["cole"]["total"] == 7
    assert "also handed in 6 file(s) of the course folder, not needed: README.md, datasets/ (3)" in rows["cole"]["reason"]
    cole = [line for line in summary.unused if line.startswith("cole:")]
    assert len(cole) == 1 and "datasets/ (3)" in cole[0]


@pytest.mark.slow
def test_late_flags_follow_a_moved_due_date_and_the_summary_says_so(graded, course, manifest, tmp_path):
    """Problem 3: "12 unchanged, not graded again" kept the old late flags."""
    book = tmp_path / "gb.sqlite"
    shutil.copy(graded[0], book)
    moved = tmp_path / "release"
    shutil.copytree(manifest.parent, moved)
    data = json.loads((moved / "assignment.json").read_text("utf-8"))
    data["due"] = "2020-01-01T17:00:00+00:00"  # long past: every file is late
    (moved / "assignment.json").write_text(json.dumps(data), encoding="utf-8")
    folder = course.parent / "submissions-statuses"
    summary = grade(folder, moved / "assignment.json", book, course=course, **FAST)
    assert summary.graded == [] and summary.unchanged == 4
    assert "late flags of submissions not graded again follow it: now late: ana, bea, cole, una." in str(summary)
    with Gradebook(book) as opened:
        assert all(row["late"] for row in opened.submissions())
    data["due"] = "2999-01-01T17:00:00+00:00"
    (moved / "assignment.json").write_text(json.dumps(data), encoding="utf-8")
    again = grade(folder, moved / "assignment.json", book, course=course, **FAST)
    assert "no longer late: ana, bea, cole, una." in str(again)


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_a_due_date_carries_its_zone_so_lateness_does_not_depend_on_the_graders(zone, monkeypatch):
    """Problem 3: the same file was late with TZ=UTC and on time with TZ=America/Los_Angeles."""
    import datetime as dt

    monkeypatch.setenv("TZ", "Europe/Berlin")  # the instructor releases in Berlin
    time.tzset()
    due = parse_due("2026-12-10T17:00")
    assert due == "2026-12-10T17:00:00+01:00" and due_text(due) == "10 December 2026, 17:00 (UTC+01:00; 10 December, 16:00 UTC)"
    assert parse_due("2026-07-10") == "2026-07-10T23:59:59+02:00", "a date alone: the end of that day, summer time"
    handed_in = dt.datetime(2026, 12, 10, 16, 30, tzinfo=dt.timezone.utc)  # 17:30 in Berlin: late
    monkeypatch.setenv("TZ", zone)  # graded anywhere
    time.tzset()
    try:
        assert is_late(handed_in, due) and not is_late(handed_in - dt.timedelta(hours=1), due)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.slow
@pytest.mark.skipif(not sandboxing.SANDBOXED, reason="needs the sandbox")
def test_a_grade_made_without_the_sandbox_is_named_and_graded_again_inside_it(course, manifest, tmp_path):
    """Problem 6: a --no-sandbox grade stayed and later runs said "11 unchanged" without naming it."""
    folder = tmp_path / "in"
    write_submission(folder, "ana.ipynb", submission(course, CORRECT))
    write_submission(folder, "ben.ipynb", submission(course, {"n_things": "3"}))
    book = tmp_path / "gb.sqlite"
    trusted = grade(folder, manifest, book, course=course, only=["ben"], **{**FAST, "limits": dataclasses.replace(FAST["limits"], sandbox=False)})
    assert "In the gradebook, graded without the sandbox: ben." in str(trusted)
    grade(folder, manifest, book, course=course, only=["ana"], **FAST)
    again = grade(folder, manifest, book, course=course, **FAST)
    assert again.graded == ["ben"] and again.unchanged == 1 and again.resandboxed == ["ben"]
    assert "Graded again inside the sandbox (an earlier run graded them with --no-sandbox): ben" in str(again)
    with Gradebook(book) as opened:
        assert all(row["sandboxed"] for row in opened.submissions())


def test_the_release_readme_and_manifest_carry_the_zone(fresh_course, tmp_path, monkeypatch):
    from summit_course.publish.release import release

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        bundle = release(fresh_course, tmp_path / "out", lessons=["90"], due="2026-12-10T17:00")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert json.loads((bundle / "assignment.json").read_text("utf-8"))["due"] == "2026-12-10T17:00:00-08:00"
    readme = (bundle / "README.md").read_text("utf-8")
    assert "**Due:** 10 December 2026, 17:00 (UTC-08:00; 11 December, 01:00 UTC)" in readme
    assert readme.index("keeping its file name (listed below") < readme.index("- `lessons/90-fixture.ipynb`")
    assert "above" not in readme.split("## What to do")[1].split("##")[0]


@pytest.mark.slow
def test_a_regrade_refreshes_what_it_made_stale_and_names_the_rest(fresh_course, tmp_path, capsys):
    """Problem 2: after a re-grade, grades.csv, the feedback pages and the report showed the old result."""
    from summit_course.cli import main

    root = ["--root", str(fresh_course)]
    assert main(["release", "--lessons", "90"] + root) == 0
    manifest = fresh_course / "release" / "assignment-90" / "assignment.json"
    folder = tmp_path / "in"
    write_submission(folder, "ana.ipynb", submission(fresh_course, {"n_things": "1"}))
    grade_args = ["grade", str(folder), "--assignment", str(manifest), "--no-progress", "--cell-timeout", "10",
                  *sandboxing.NO_SANDBOX_ARGS] + root
    assert main(grade_args) == 0
    (fresh_course / "ids.csv").write_text("student,canvas_id\nana,1001\n", encoding="utf-8")
    for argv in (["export"], ["feedback"], ["report"], ["manual-export"],
                 ["export", "--format", "canvas", "--ids", str(fresh_course / "ids.csv"), "--skip-incomplete"]):
        assert main(argv + root) == 0
    capsys.readouterr()
    write_submission(folder, "ana.ipynb", submission(fresh_course, CORRECT))  # ana hands in again
    assert main(grade_args) == 0
    out = capsys.readouterr().out
    assert "Graded 1 submission(s)" in out
    refreshed, stale = out.split("Refreshed with the new grades:")[1].split("Out of date now")
    for name in ("grades-assignment-90.csv", "feedback-assignment-90/", "report-assignment-90.html"):
        assert str(fresh_course / name) in refreshed
    for name in ("grades-assignment-90-canvas.csv", "written-answers-assignment-90.csv"):
        assert str(fresh_course / name) in stale
    grades = next(csv.DictReader((fresh_course / "grades-assignment-90.csv").open(encoding="utf-8-sig")))
    assert grades["total"] == "7"
    assert "7 + up to 2 pending of 9 points" in (fresh_course / "feedback-assignment-90" / "ana.html").read_text("utf-8")
