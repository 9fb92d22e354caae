"""The walkthrough's most serious find: a misspelled ``variable`` passed build and release, and at grading a
correct submission got 0 with feedback telling the student to rename their variable to the typo."""

from __future__ import annotations

import pytest

from summit_course.authoring import ExerciseError
from summit_course.authoring.verify import checked_exercises
from summit_course.cli import main
from tests.authoring.test_broken_exercises import TOML, _edit, _one_problem


def test_a_variable_no_solution_cell_assigns_is_named_with_the_close_name(fresh_course):
    _edit(fresh_course, "90.1", variable="n_thing")
    problem = _one_problem(fresh_course)
    assert ("exercise 90.1: `variable = \"n_thing\"`, but no cell of solutions/90-fixture.ipynb assigns `n_thing` "
            "(it assigns `n_things`: is that the name?)") in problem, problem


def test_build_and_release_stop_on_the_misspelled_variable(fresh_course, tmp_path, capsys):
    from summit_course.publish.release import release

    _edit(fresh_course, "90.2", variable="airfeild")
    assert main(["--root", str(fresh_course), "build", "--no-run"]) == 2
    error = capsys.readouterr().err
    assert f"{TOML}, exercise 90.2: `variable = \"airfeild\"`" in error and "`airfield`" in error, error
    with pytest.raises(ExerciseError, match="exercise 90.2: `variable = \"airfeild\"`"):
        release(fresh_course, tmp_path / "release", lessons=["90"])
    assert not (tmp_path / "release").exists()


def test_grading_stops_on_the_misspelled_variable(fresh_course):
    from summit_course.grading.assignment import load_assignment

    _edit(fresh_course, "90.3", variable="arival")
    with pytest.raises(ExerciseError, match="exercise 90.3: `variable = \"arival\"`"):
        load_assignment(fresh_course)


def test_an_exercise_whose_lesson_has_no_solution_notebook_is_named(fresh_course):
    (fresh_course / "solutions" / "91-other.ipynb").unlink()
    with pytest.raises(ExerciseError) as error:
        checked_exercises(fresh_course / "solutions" / "exercises", fresh_course)
    problems = " | ".join(error.value.problems)
    assert "91-other.toml, exercise 91.1: there is no solution notebook solutions/91-other.ipynb" in problems
