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
