"""A run over another submissions folder never replaces a gradebook's rows in silence (issue 26, round 7 item 1)."""

from __future__ import annotations


import pytest

from summit_course.cli import main
from summit_course.gradebook import Gradebook, UsageError
from summit_course.grading import Limits, grade
from tests import sandboxing
from tests.sandboxing import NO_SANDBOX_ARGS

QUICK = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
         "progress": False, "jobs": 1}


def _folder(path, names):
    path.mkdir(parents=True)
    for name in names:  # broken notebooks: a row each, no kernel; each folder's differ
        (path / f"{name}.ipynb").write_bytes(f"not JSON: {path.name} {name}".encode())
    return path


def _sources(book):
    with Gradebook(book, write=False) as opened:
        return {s["student"]: s["sha256"] for s in opened.submissions()}


def test_another_folder_holding_the_same_students_is_refused_naming_both_folders(course, manifest, tmp_path):
    """Walkthrough: `grade submissions-copy/` silently replaced the rows graded from `submissions/`."""
    first = _folder(tmp_path / "submissions", ["ana", "ben", "cy"])
    book = tmp_path / "gb.sqlite"
    grade(first, manifest, book, course=course, **QUICK)
    before = _sources(book)
    other = _folder(tmp_path / "old-copy", ["ana", "ben", "dee"])
    with pytest.raises(UsageError) as refused:
        grade(other, manifest, book, course=course, **QUICK)
    message = str(refused.value)
    assert str(first) in message and str(other) in message
    assert "would replace those 2 row(s)" in message and "(ana, ben)" in message
    assert "--replace-from-other-folder" in message
    assert _sources(book) == before  # nothing written: dee not added, ana and ben not replaced
    replaced = grade(other, manifest, book, course=course, replace_other_folder=True, **QUICK)
    assert sorted(replaced.graded) == ["ana", "ben", "dee"] and replaced.kept_gone == {
        "cy": f"they were graded from another folder, {first}"}
    assert _sources(book)["ana"] != before["ana"] and _sources(book)["cy"] == before["cy"]


def test_a_folder_of_late_work_adds_rows_and_the_class_folder_grades_again_as_before(course, manifest, tmp_path):
    """A folder that only adds students is no replacement; the class folder then keeps (not drops) them."""
    first = _folder(tmp_path / "submissions", ["ana", "ben"])
    book = tmp_path / "gb.sqlite"
    grade(first, manifest, book, course=course, **QUICK)
    late = grade(_folder(tmp_path / "late-work", ["eve"]), manifest, book, course=course, **QUICK)
    assert late.graded == ["eve"]
    (first / "ben.ipynb").unlink()
    again = grade(first, manifest, book, course=course, **QUICK)
    assert again.dropped == ["ben"] and again.kept_gone == {
        "eve": f"they were graded from another folder, {tmp_path / 'late-work'}"}
    assert sorted(_sources(book)) == ["ana", "eve"]


def test_the_command_stops_with_the_message_and_the_option_lets_it_through(fresh_course, tmp_path, capsys):
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    manifest = fresh_course / "release" / "assignment-90" / "assignment.json"
    args = ["--assignment", str(manifest), "--root", str(fresh_course), "--no-progress", *NO_SANDBOX_ARGS]
    assert main(["grade", str(_folder(tmp_path / "submissions", ["ana"])), *args]) == 0
    other = _folder(tmp_path / "again", ["ana"])
    capsys.readouterr()
    assert main(["grade", str(other), *args]) == 2
    err = capsys.readouterr().err
    assert "Nothing was graded" in err and "would replace those 1 row(s)" in err
    assert main(["grade", str(other), *args, "--replace-from-other-folder"]) == 0
