"""Issue #28, problem 3: a broken exercise stops the build, a release and grading, naming the file and exercise.

Each mistake the issue met (a hidden check with a typo, an exercise without ``variable``,
a misspelled ``kind``, a broken ``answer_expr``, a TOML syntax error) and a few more are
made in the fixture course; each must give one short line naming the file, the exercise
and what to change, and nothing may be written, released or graded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summit_course.authoring import ExerciseError
from summit_course.authoring.verify import checked_exercises
from summit_course.cli import main
from tests.fixture_course import EXERCISES, toml_text

TOML = "90-fixture.toml"


def _edit(course, exercise_id: str, **changes):
    """Rewrite the fixture's lesson-90 TOML with one exercise changed (a value of None removes the field)."""
    entries = []
    for entry in EXERCISES["90-fixture"]:
        if entry["id"] == exercise_id:
            entry = {k: v for k, v in {**entry, **changes}.items() if v is not None}
        entries.append(entry)
    (course / "solutions" / "exercises" / TOML).write_text(toml_text(entries), encoding="utf-8")


def _problems(course) -> list[str]:
    sources = course / "solutions" / "exercises"
    with pytest.raises(ExerciseError) as error:
        checked_exercises(sources, course)
    return error.value.problems


def _one_problem(course) -> str:
    problems = _problems(course)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert TOML in problem and "\n" not in problem, problem
    assert len(problem.split(TOML, 1)[1]) < 240, f"too long to read at a glance: {problem}"
    return problem


def test_a_hidden_check_with_a_typo_is_named(fresh_course):
    _edit(fresh_course, "90.1", hidden=["int(value <= 13"])
    problem = _one_problem(fresh_course)
    assert "exercise 90.1: hidden check 1 does not compile ('(' was never closed): `int(value <= 13`." in problem


def test_a_hidden_check_the_model_answer_fails_is_named(fresh_course):
    _edit(fresh_course, "90.1", hidden=["value > 100"])
    problem = _one_problem(fresh_course)
    assert "exercise 90.1: hidden check 1 (`value > 100`) is false for the model answer" in problem


def test_a_hidden_check_that_raises_on_the_model_answer_is_named(fresh_course):
    _edit(fresh_course, "90.4", hidden=["value.no_such_column.sum() == 2"])
    assert "exercise 90.4: hidden check 1" in _one_problem(fresh_course)
    assert "raised AttributeError" in _one_problem(fresh_course)


def test_a_typo_in_a_hidden_check_the_model_answer_never_reaches_is_named(fresh_course):
    """The walkthrough: `value == answer or abs(value - answr) < 1` passed build (the model answer stops at
    `value == answer`); at grading the NameError was scored as a failed check, with no trace."""
    _edit(fresh_course, "90.1", hidden=["isinstance(value, int)", "value == answer or abs(value - answr) < 1"])
    problem = _one_problem(fresh_course)
    assert ("exercise 90.1: hidden check 2 uses `answr`, which is not defined there. Did you mean 'answer'? A hidden "
            "check has value, answer, pd, np, math, re and the builtins: `value == answer or abs(value - answr) < 1`."
            ) in problem, problem


def test_names_a_hidden_check_binds_itself_or_gets_are_not_stray(fresh_course):
    _edit(fresh_course, "90.4", hidden=["all(n > 0 for n in value['n'])", "(lambda f: len(f))(value) == 2",
                                        "math.isfinite(np.float64(len(value))) and re.match('k', str(pd.NA)) is None",
                                        "(size := len(answer)) == len(value) and size == 2"])
    checked_exercises(fresh_course / "solutions" / "exercises", fresh_course)  # nothing to say


def test_an_exercise_without_a_variable_is_named(fresh_course):
    _edit(fresh_course, "90.2", variable=None)
    assert 'exercise 90.2: has no `variable`: add `variable = "..."`' in _one_problem(fresh_course)


@pytest.mark.parametrize("typo, meant", [("interger", "integer"), ("choise", "choice"), ("frames", "frame")])
def test_a_misspelled_kind_gets_the_close_one(fresh_course, typo, meant):
    _edit(fresh_course, "90.1", kind=typo)
    assert f"exercise 90.1: kind '{typo}' is not a kind. Did you mean '{meant}'?" in _one_problem(fresh_course)


def test_a_misspelled_field_is_not_ignored(fresh_course):
    _edit(fresh_course, "90.2", hiden=["'x' in value"])
    assert "unknown field `hiden`. Did you mean 'hidden'?" in _one_problem(fresh_course)


def test_an_answer_expr_that_raises_is_named(fresh_course):
    _edit(fresh_course, "90.1", answer_expr="len(load('thingz'))")
    problem = _one_problem(fresh_course)
    assert "exercise 90.1: `answer_expr` raised DatasetError (There is no dataset called 'thingz'" in problem


def test_an_answer_expr_that_does_not_compile_is_named(fresh_course):
    _edit(fresh_course, "90.1", answer_expr="len(load('things')")
    assert "exercise 90.1: `answer_expr` does not compile" in _one_problem(fresh_course)


def test_a_model_answer_outside_its_own_range_is_named(fresh_course):
    _edit(fresh_course, "90.1", max=2)
    assert "exercise 90.1: the model answer fails the public check" in _one_problem(fresh_course)


def test_a_toml_syntax_error_names_the_file_and_line(fresh_course):
    path = fresh_course / "solutions" / "exercises" / TOML
    lines = path.read_text().splitlines()
    number = lines.index('variable = "airfield"') + 1
    lines[number - 1] = 'variable = "airfield'
    path.write_text("\n".join(lines), encoding="utf-8")
    problem = _one_problem(fresh_course)
    assert f"TOML syntax error: Illegal character '\\n' (at line {number}, column 21)" in problem
    assert problem.endswith(f'Line {number} reads: variable = "airfield'), problem


def test_an_id_from_another_lesson_and_a_repeated_variable_are_named(fresh_course):
    _edit(fresh_course, "90.3", id="9.3", variable="n_things")
    problems = " | ".join(_problems(fresh_course))
    assert "id '9.3' starts with 9, but the file is lesson 90: use '90.3'" in problems
    assert "variable 'n_things' is already used by exercise 90.1" in problems


def test_every_problem_is_listed_not_just_the_first(fresh_course):
    entries = [dict(e) for e in EXERCISES["90-fixture"]]
    entries[0]["hidden"] = ["int(value <= 13"]
    entries[1]["kind"] = "txt"
    del entries[2]["variable"]
    (fresh_course / "solutions" / "exercises" / TOML).write_text(toml_text(entries), encoding="utf-8")
    problems = _problems(fresh_course)
    assert [p.split(":")[0].rsplit(" ", 1)[-1] for p in problems] == ["90.1", "90.2", "90.3"]


def test_build_stops_and_writes_nothing(fresh_course, capsys):
    _edit(fresh_course, "90.1", hidden=["int(value <= 13"])
    lessons = {p: p.read_text() for p in (fresh_course / "lessons").iterdir()}
    assert main(["--root", str(fresh_course), "build"]) == 2
    error = capsys.readouterr().err
    assert "stopped" in error and "exercise 90.1: hidden check 1 does not compile" in error
    assert "Traceback" not in error and len(error.splitlines()) <= 3
    assert {p: p.read_text() for p in (fresh_course / "lessons").iterdir()} == lessons
    assert not (fresh_course / "src").exists()  # no registry was written


def test_grading_refuses_a_broken_exercise_before_any_student(fresh_course):
    from summit_course.grading.assignment import load_assignment

    _edit(fresh_course, "90.1", hidden=["value == 'three'"])
    with pytest.raises(ExerciseError, match="exercise 90.1: hidden check 1 .* is false for the model answer"):
        load_assignment(fresh_course)


def test_release_refuses_an_exercise_without_a_variable(fresh_course, tmp_path):
    from summit_course.publish.release import release

    _edit(fresh_course, "90.2", variable=None)
    with pytest.raises(ExerciseError, match="exercise 90.2: has no `variable`"):
        release(fresh_course, tmp_path / "release", lessons=["90"])
    assert not (tmp_path / "release").exists()


def test_a_model_answer_of_the_wrong_kind_is_named(fresh_course):
    _edit(fresh_course, "90.4", kind="set")
    problem = _one_problem(fresh_course)
    assert ("exercise 90.4: the model answer fails the public check (Expected a set of items (order does not "
            "matter), got DataFrame") in problem


def _build_errors(course, capsys) -> list[str]:
    """Run `summit-course build` on the course; it must stop: its problem lines."""
    assert main(["--root", str(course), "build", "--no-run"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("summit-course: stopped.") and "Traceback" not in error, error
    return [line.strip() for line in error.splitlines()[1:]]


def test_one_build_lists_a_missing_field_and_another_exercises_failing_hidden_check(fresh_course, capsys):
    """The walkthrough: a missing field anywhere hid a hidden check's error until the next build."""
    entries = [dict(e) for e in EXERCISES["90-fixture"]]
    entries[0]["hidden"] = ["value > 100"]  # false for the model answer: found only by running it
    del entries[1]["variable"]
    (fresh_course / "solutions" / "exercises" / TOML).write_text(toml_text(entries), encoding="utf-8")
    problems = _build_errors(fresh_course, capsys)
    assert len(problems) == 2, problems
    assert "exercise 90.2: has no `variable`" in problems[0]
    assert "exercise 90.1: hidden check 1 (`value > 100`) is false for the model answer" in problems[1]


def test_a_hint_that_gives_away_another_exercises_answer_stops_the_build(fresh_course, capsys):
    """The walkthrough: a hint of 9.2 named `trip_border_khasan`, which holds 0.3's answer: a test failed
    later with only "0.3: 'khasan' in the package"."""
    _edit(fresh_course, "90.3", hints=["The plane lands near Knevichi Xyzzy; read the travel notes."])
    problems = _build_errors(fresh_course, capsys)
    assert len(problems) == 1 and problems[0].endswith(
        f"exercises/{TOML}, exercise 90.3: hint 1 contains the answer of exercise 90.2 ('knevichi xyzzy'), which "
        "every student could read in the package: reword it."), problems


@pytest.mark.parametrize("field, value, named", [
    ("prompt", "Is it Knevichi Airfield Xyzzy?", "the prompt"),
    ("options", ["Vladivostok", "knevichi airfield  xyzzy"], "option 2"),
    ("objective", "Find the arrival date, 2023-09-10, in the notes", "the objective"),
])
def test_every_public_text_is_searched_for_answers(fresh_course, field, value, named):
    _edit(fresh_course, "90.1", **{field: value})
    problem = " | ".join(_problems(fresh_course))
    assert f"exercise 90.1: {named} contains the answer of exercise 90." in problem, problem


def test_a_hint_that_gives_away_its_own_answer_is_named(fresh_course):
    _edit(fresh_course, "90.2", hints=["It is the Knevichi Airfield Xyzzy."])
    assert "exercise 90.2: hint 1 contains its own answer ('knevichi airfield xyzzy')" in _one_problem(fresh_course)


def _stopped_as_build_says(course, argv, capsys) -> str:
    """`argv` stops on the broken exercise with exactly the lines `build` prints, and no traceback."""
    assert main(["--root", str(course), "build", "--no-run"]) == 2
    said_by_build = capsys.readouterr().err
    assert main(["--root", str(course), *argv]) == 2
    said = capsys.readouterr().err
    assert said == said_by_build and "Traceback" not in said, said
    return said


def _two_mistakes(course) -> None:
    """A missing field in 90.2 and a hidden check of 90.1 that the model answer fails (found only by running it)."""
    entries = [dict(e) for e in EXERCISES["90-fixture"]]
    entries[0]["hidden"] = ["value == 'three'"]
    del entries[1]["variable"]
    (course / "solutions" / "exercises" / TOML).write_text(toml_text(entries), encoding="utf-8")


def test_release_stops_with_builds_lines_not_a_traceback(fresh_course, capsys):
    """The walkthrough: `release` stopped with an uncaught ExerciseError's traceback."""
    _two_mistakes(fresh_course)
    said = _stopped_as_build_says(fresh_course, ["release", "--lessons", "90"], capsys)
    assert said.startswith("summit-course: stopped. 2 problems in the exercise files") and "90.2: has no `variable`" in said
    assert "exercise 90.1: hidden check 1 (`value == 'three'`) is false for the model answer" in said
    assert not (fresh_course / "release").exists()


def test_grade_stops_with_builds_lines_and_starts_no_gradebook(fresh_course, capsys):
    """The walkthrough: `grade` printed a traceback, after "Starting a new gradebook" (it created none)."""
    assert main(["--root", str(fresh_course), "release", "--lessons", "90"]) == 0
    (fresh_course / "submissions").mkdir()
    _two_mistakes(fresh_course)
    capsys.readouterr()
    said = _stopped_as_build_says(fresh_course, [
        "grade", str(fresh_course / "submissions"), "--no-sandbox", "--no-progress",
        "--assignment", str(fresh_course / "release" / "assignment-90" / "assignment.json")], capsys)
    assert "90.2: has no `variable`" in said
    assert "exercise 90.1: hidden check 1 (`value == 'three'`) is false for the model answer" in said
    assert "gradebook" not in said.lower() and not list(fresh_course.glob("*.sqlite"))


@pytest.mark.parametrize("objective", [None, "  "])
def test_an_exercise_without_an_objective_stops_build_release_and_grade(fresh_course, capsys, objective):
    """Round 7 walkthrough: an exercise with no `objective` passed `build` (a release would have gone ahead);
    only the lesson-structure test failed, with a bare `AssertionError: 2.8`."""
    assert main(["--root", str(fresh_course), "release", "--lessons", "90"]) == 0
    (fresh_course / "submissions").mkdir()
    _edit(fresh_course, "90.2", objective=objective)
    capsys.readouterr()
    problems = _build_errors(fresh_course, capsys)
    assert len(problems) == 1 and problems[0].endswith(
        f"exercises/{TOML}, exercise 90.2: has no `objective`: add `objective = \"...\"` (what the learner will be "
        "able to do, such as \"Count the rows of a table\": the class report and the site show it)."), problems
    _stopped_as_build_says(fresh_course, ["release", "--lessons", "90", "--out", str(fresh_course / "again")], capsys)
    _stopped_as_build_says(fresh_course, [
        "grade", str(fresh_course / "submissions"), "--no-sandbox", "--no-progress",
        "--assignment", str(fresh_course / "release" / "assignment-90" / "assignment.json")], capsys)


def test_the_structure_test_names_a_missing_objective_as_build_does(fresh_course, capsys):
    """It said only `AssertionError: 2.8`: now the same line as `build`, file, exercise and fix."""
    _edit(fresh_course, "90.2", objective=None)
    said_by_build = _build_errors(fresh_course, capsys)[0]
    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/test_lesson_structure.py", "-q", "-n", "0",
                          "-p", "no:cacheprovider", "-k", "objective"], cwd=repo, capture_output=True, text=True,
                         env={**os.environ, "SUMMIT_COURSE_ROOT": str(fresh_course)}, timeout=300)
    assert run.returncode != 0
    shown = said_by_build.split(f"exercises/{TOML}, ", 1)[1]
    assert "exercise 90.2: has no `objective`" in shown and shown in run.stdout, run.stdout[-3000:]


def test_a_check_call_with_an_undeclared_id_stops_build_release_and_grade(fresh_course, capsys):
    """Round 9 walkthrough: `check("2.9", ...)` typed for 2.8 in the solution passed build and release (build said
    only "exercise 2.9 is new"); every student would have got "unknown exercise"."""
    assert main(["--root", str(fresh_course), "release", "--lessons", "90"]) == 0
    (fresh_course / "submissions").mkdir()
    [solution] = (fresh_course / "solutions").glob("90-*.ipynb")
    text = solution.read_text(encoding="utf-8")
    assert 'check(\\"90.2\\"' in text
    solution.write_text(text.replace('check(\\"90.2\\"', 'check(\\"90.9\\"', 1), encoding="utf-8")
    capsys.readouterr()
    problems = _build_errors(fresh_course, capsys)
    assert any(f"solutions/{solution.name}: a cell calls exercise 90.9, which no exercise file declares (did you "
               "mean 90." in p and p.endswith("fix the id in the notebook, or declare the exercise.") for p in problems), problems
    _stopped_as_build_says(fresh_course, ["release", "--lessons", "90", "--out", str(fresh_course / "again")], capsys)
    _stopped_as_build_says(fresh_course, [
        "grade", str(fresh_course / "submissions"), "--no-sandbox", "--no-progress",
        "--assignment", str(fresh_course / "release" / "assignment-90" / "assignment.json")], capsys)
