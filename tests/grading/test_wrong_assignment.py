"""A wrong ``--assignment`` grades nothing and leaves no gradebook behind (issue 26, round 7 item 2)."""

from __future__ import annotations

import pytest

from summit_course.cli import main
from summit_course.grading import Limits, grade
from summit_course.grading.lesson_match import WrongAssignment
from tests import sandboxing
from tests.fixture_course import submission, write_submission
from tests.sandboxing import NO_SANDBOX_ARGS

QUICK = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
         "progress": False, "jobs": 1}


def _class_of_lesson_91(course, folder):
    write_submission(folder, "ana.ipynb", submission(course, {}, lesson="91-other"))  # an untouched copy
    write_submission(folder / "ben", "91-other.ipynb", submission(course, {"years": "[2006]"}, lesson="91-other"))
    (folder / "cy.ipynb").write_text("not JSON", encoding="utf-8")  # unreadable: says nothing either way
    return folder


def test_a_class_of_another_lesson_is_refused_before_a_gradebook_is_started(course, manifest, tmp_path):
    """Walkthrough: the release of lessons 02/05 given for work on lesson 03 graded 13 zeros into a new gradebook."""
    folder = _class_of_lesson_91(course, tmp_path / "submissions")
    book = tmp_path / "gb.sqlite"
    with pytest.raises(WrongAssignment) as refused:
        grade(folder, manifest, book, course=course, **QUICK)
    message = str(refused.value)
    assert f"None of the 3 submission(s) in {folder} holds a notebook of assignment-90's lessons (90-fixture)" in message
    assert "91-other.ipynb, ana.ipynb, cy.ipynb" in message and "Nothing was graded" in message
    assert not book.exists()


def test_untouched_or_renamed_copies_of_the_right_lesson_are_graded(course, manifest, tmp_path):
    folder = tmp_path / "submissions"
    write_submission(folder, "ana.ipynb", submission(course, {}))  # untouched: it still sets the answer names
    write_submission(folder / "ben", "Lesson FINAL (1).ipynb", submission(course, {}))
    assert sorted(grade(folder, manifest, tmp_path / "gb.sqlite", course=course, **QUICK).graded) == ["ana", "ben"]


def test_the_command_names_the_other_releases_and_writes_no_gradebook(fresh_course, tmp_path, capsys):
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    assert main(["release", "--lessons", "91", "--root", str(fresh_course)]) == 0
    folder = _class_of_lesson_91(fresh_course, tmp_path / "submissions")
    capsys.readouterr()
    wrong = fresh_course / "release" / "assignment-90" / "assignment.json"
    assert main(["grade", str(folder), "--assignment", str(wrong), "--root", str(fresh_course),
                 *NO_SANDBOX_ARGS]) == 2
    err = capsys.readouterr().err
    assert "Is --assignment the right release?" in err
    assert "Other releases of this course: release/assignment-91/assignment.json." in err
    assert not list(fresh_course.glob("gradebook*"))


def test_two_gradebooks_say_how_to_discard_one_and_the_guide_shows_it(fresh_course):
    from pathlib import Path

    from summit_course.gradebook import Gradebook, UsageError
    from summit_course.gradebook.locate import existing_gradebook

    for name in ("gradebook-assignment-90.sqlite", "gradebook-stray.sqlite"):
        Gradebook(fresh_course / name).close()
    with pytest.raises(UsageError, match="To discard one started by mistake, delete its file with the -wal and -shm"):
        existing_gradebook(fresh_course, None)
    guide = (Path(__file__).resolve().parents[2] / "docs" / "instructors.md").read_text(encoding="utf-8")
    assert ("`rm gradebook-<assignment>.sqlite gradebook-<assignment>.sqlite-wal gradebook-<assignment>.sqlite-shm`"
            in guide)
    for leftover in fresh_course.glob("gradebook-stray.sqlite*"):  # as the guide says
        leftover.unlink()
    assert existing_gradebook(fresh_course, None).name == "gradebook-assignment-90.sqlite"
