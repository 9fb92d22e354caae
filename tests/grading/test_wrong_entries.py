"""What is not a class's submissions never becomes a student, and rows whose submission is gone do not stay
(round-1 instructor walkthrough, findings 1 and 2)."""

from __future__ import annotations

import shutil

import pytest

from summit_course.cli import main
from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, UsageError
from summit_course.grading import Limits, grade
from summit_course.grading.folder_check import NotSubmissions, check_folder
from tests import sandboxing
from tests.fixture_course import CORRECT, submission, write_submission

QUICK = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
         "progress": False, "jobs": 1}


def _one_students_folder(course, folder):
    """What ana hands in: her lesson notebook and her journal."""
    write_submission(folder, "90-fixture.ipynb", submission(course, CORRECT))
    (folder / "journal.jsonl").write_text('{"v":1}\n', encoding="utf-8")
    return folder


def test_one_students_folder_given_as_the_submissions_is_refused_before_anything_is_written(course, manifest,
                                                                                           tmp_path):
    """Finding 1: `grade submissions/ana` made students "90-fixture" and "journal" in the real gradebook."""
    ana = _one_students_folder(course, tmp_path / "submissions" / "ana")
    book = tmp_path / "gradebook.sqlite"
    with pytest.raises(UsageError, match="looks like one student's work") as refused:
        grade(ana, manifest, book, course=course, **QUICK)
    assert "90-fixture.ipynb, journal.jsonl" in str(refused.value)
    assert str(tmp_path / "submissions") in str(refused.value)  # the folder meant
    assert not book.exists()


def test_the_command_refuses_it_before_starting_a_gradebook(fresh_course, tmp_path, capsys):
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    manifest = fresh_course / "release" / "assignment-90" / "assignment.json"
    ana = tmp_path / "submissions" / "ana"
    write_submission(ana / "lessons", "90-fixture.ipynb", submission(fresh_course, CORRECT))  # a whole course folder
    capsys.readouterr()
    assert main(["grade", str(ana), "--assignment", str(manifest), "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert "looks like one student's work" in err and "lessons/90-fixture.ipynb" in err
    assert "Starting a new gradebook" not in err and not list(fresh_course.glob("*.sqlite"))


def test_a_loose_file_is_named_and_never_becomes_a_student(course, manifest, tmp_path):
    """Finding 2: `submissions/grading notes.txt` became student "grading notes", 0/7, failed."""
    folder = tmp_path / "submissions"
    (folder / "ben").mkdir(parents=True)
    (folder / "ben" / "answers.docx").write_bytes(b"PK")  # ben's own folder, with no notebook: a row that says so
    (folder / "grading notes.txt").write_text("to do: chase ben", encoding="utf-8")
    summary = grade(folder, manifest, tmp_path / "gb.sqlite", course=course, **QUICK)
    assert summary.graded == ["ben"]
    assert (f"Not graded, not a student's work (a submission is a NAME.ipynb or a NAME/ folder): grading notes.txt, "
            f"at the top of {folder}.") in str(summary)
    with Gradebook(tmp_path / "gb.sqlite") as book:
        assert book.students() == ["ben"]


def test_rows_whose_submission_is_gone_are_dropped_and_the_summary_says_so(course, manifest, tmp_path):
    """Finding 2: the file moved out, the next run said "14 unchanged" and the row stayed."""
    folder = tmp_path / "submissions"
    for name in ("ben", "cy", "dee"):
        (folder / name).mkdir(parents=True)
        (folder / name / "answers.docx").write_bytes(name.encode())
    book = tmp_path / "gb.sqlite"
    grade(folder, manifest, book, course=course, **QUICK)
    with Gradebook(book) as opened:  # kim was graded into this gradebook and scored by hand
        opened.record(SubmissionRecord("kim", "kim.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.5", "manual", None, 2.0, 2, 2, answer="Kim wrote this.")]))
        opened.set_manual([("kim", "90.5", 2.0, "")])
    shutil.rmtree(folder / "cy")
    again = grade(folder, manifest, book, course=course, **QUICK)
    assert again.dropped == ["cy"] and again.unchanged == 2
    assert f"No longer in {folder}, so removed from the gradebook: cy." in str(again)
    assert (f"In the gradebook but not in {folder}: kim. Kept, since they hold manual scores you typed; "
            "`summit-course remove-student NAME` removes one.") in str(again)
    with Gradebook(book) as opened:
        assert opened.students() == ["ben", "dee", "kim"]
    elsewhere = tmp_path / "late-work"
    (elsewhere / "eve").mkdir(parents=True)
    (elsewhere / "eve" / "late.docx").write_bytes(b"eve")
    late = grade(elsewhere, manifest, book, course=course, **QUICK)  # a folder of some of the class only
    assert late.dropped == [] and set(late.kept_gone) == {"ben", "dee", "kim"}
    assert f"they were graded from another folder, {folder}" in str(late)


def test_a_run_for_some_students_drops_nobody(course, manifest, tmp_path):
    folder = tmp_path / "submissions"
    for name in ("ben", "cy"):
        (folder / name).mkdir(parents=True)
        (folder / name / "answers.docx").write_bytes(name.encode())
    book = tmp_path / "gb.sqlite"
    grade(folder, manifest, book, course=course, **QUICK)
    shutil.rmtree(folder / "cy")
    chosen = grade(folder, manifest, book, course=course, only=["ben"], **QUICK)
    assert chosen.dropped == [] and not chosen.kept_gone
    with Gradebook(book) as opened:
        assert opened.students() == ["ben", "cy"]


def test_an_emptied_folder_drops_nobody(course, manifest, tmp_path):
    folder = tmp_path / "submissions"
    (folder / "ben").mkdir(parents=True)
    (folder / "ben" / "answers.docx").write_bytes(b"ben")
    book = tmp_path / "gb.sqlite"
    grade(folder, manifest, book, course=course, **QUICK)
    shutil.rmtree(folder / "ben")
    empty = grade(folder, manifest, book, course=course, **QUICK)
    assert empty.dropped == [] and "the folder holds no submission at all" in empty.kept_gone["ben"]
    with Gradebook(book) as opened:
        assert opened.students() == ["ben"]


def test_one_students_folder_holding_a_whole_course_folder_is_refused(fresh_course, tmp_path, capsys):
    """Walkthrough: `grade submissions/hana` graded a student called assignment-90, rewriting the grades."""
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    manifest = fresh_course / "release" / "assignment-90" / "assignment.json"
    hana = tmp_path / "submissions" / "hana"
    shutil.copytree(manifest.parent, hana / "assignment-90")
    (hana / "assignment-90" / ".summit").mkdir()
    capsys.readouterr()
    assert main(["grade", str(hana), "--assignment", str(manifest), "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert "looks like one student's work" in err
    assert "assignment-90/ (assignment.json, lessons/, .summit/): a course folder named like the assignment" in err
    assert not list(fresh_course.glob("*.sqlite"))
    renamed = tmp_path / "class"  # a release given its own --name: that name marks it
    shutil.copytree(manifest.parent, renamed / "week-5")
    with pytest.raises(NotSubmissions, match=r"week-5/ \(assignment.json, lessons/\)"):
        check_folder(renamed, ["90-fixture"], "week-5")


def test_students_folders_holding_their_course_folder_are_a_class(fresh_course, tmp_path):
    """A student's own folder may be their course folder (hana/lessons/): that is a class, not one student."""
    for name in ("hana", "kim"):
        write_submission(tmp_path / "class" / name / "lessons", "90-fixture.ipynb", submission(fresh_course, CORRECT))
        (tmp_path / "class" / name / ".summit").mkdir()
    check_folder(tmp_path / "class", ["90-fixture"], "assignment-90")  # no error
