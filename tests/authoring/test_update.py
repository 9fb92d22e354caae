"""Issue #28, problems 1, 2 and 4: one command brings everything up to date, and says what is stale and why.

The fixture course is built once (both solutions run, so each has a run record) and copied
for each test: a copy is up to date too, since the record holds digests of what each run
read, not paths or times.
"""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from summit_course.authoring import Course
from summit_course.authoring.runs import fingerprint, read_record, stale_runs, write_record
from summit_course.authoring.update import update
from summit_course.cli import main
from tests.fixture_course import EXERCISES, make_course, toml_text

NEW = {"id": "90.6", "variable": "n_trains", "kind": "integer", "answer_expr": "int((load('things').kind == 'train').sum())",
       "min": 0, "max": 100, "hints": ["Filter the trains.", "Count the rows."], "hidden": ["value == answer"],
       "objective": "Count the rows that match a condition"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("built") / "course")
    report = update(Course(course))
    assert sorted(p.name for p in report.ran) == ["90-fixture.ipynb", "91-other.ipynb"]
    return course


@pytest.fixture
def course(built, tmp_path):
    return shutil.copytree(built, tmp_path / "course")


def _outputs(notebook, text: str) -> str:
    cell = next(c for c in notebook.cells if c.cell_type == "code" and text in c.source)
    return json.dumps(cell.outputs)


def _add_exercise_after_90_3(course) -> None:
    """The teacher's two edits: the TOML entry (appended last) and three cells after exercise 90.3."""
    (course / "solutions" / "exercises" / "90-fixture.toml").write_text(
        toml_text([*EXERCISES["90-fixture"], NEW]), encoding="utf-8")
    path = course / "solutions" / "90-fixture.ipynb"
    notebook = nbformat.read(path, as_version=4)
    after = next(i for i, c in enumerate(notebook.cells) if 'check("90.3"' in c.source) + 1
    notebook.cells[after:after] = [
        new_markdown_cell("### Exercise 90.6 — Count the trains\n\nHow many of the things are trains?"),
        new_code_cell("### BEGIN SOLUTION\nn_trains = int((things.kind == 'train').sum())\n### END SOLUTION\nn_trains"),
        new_code_cell('check("90.6", n_trains)'),
    ]
    nbformat.write(notebook, path)


def test_a_copy_of_a_built_course_is_up_to_date(course, capsys):
    assert main(["--root", str(course), "build", "--check"]) == 0
    assert "Up to date" in capsys.readouterr().out


def test_an_exercise_in_the_middle_then_run_and_build_stores_the_right_output(course, capsys):
    """The documented order (run NN, then build) once stored "unknown exercise" into the solution."""
    _add_exercise_after_90_3(course)
    assert main(["--root", str(course), "run", "90"]) == 0
    assert main(["--root", str(course), "build"]) == 0
    solution = nbformat.read(course / "solutions" / "90-fixture.ipynb", as_version=4)
    stored = _outputs(solution, 'check("90.6"')
    assert "Exercise 90.6" in stored and "passed" in stored and "no exercise" not in stored
    registry = json.loads((course / "src" / "summit_course" / "exercises.json").read_text())
    assert [e["id"] for e in registry if e["lesson"] == "90-fixture"] == ["90.1", "90.2", "90.3", "90.6", "90.4", "90.5"]
    lesson = nbformat.read(course / "lessons" / "90-fixture.ipynb", as_version=4)
    assert any(c.source.startswith("n_trains = ...") for c in lesson.cells)
    capsys.readouterr()
    assert main(["--root", str(course), "build", "--check"]) == 0, capsys.readouterr().out


def test_check_names_the_stale_solution_and_why_and_build_reruns_only_it(course, capsys):
    things = course / "datasets" / "things.csv"
    things.write_text(things.read_text() + "t4,car,2023-09-14\n")
    assert main(["--root", str(course), "build", "--check"]) == 1
    out = capsys.readouterr().out
    assert "solutions/90-fixture.ipynb: datasets/things.csv changed; exercise 90.1's key" in out
    assert "91-other" not in out.split("Solutions to re-run")[1]  # it reads no dataset
    assert "src/summit_course/exercises.json" in out  # 90.1 counts the things: its key changes
    report = update(Course(course))
    assert [p.name for p in report.ran] == ["90-fixture.ipynb"] and report.stale == {}
    assert '"4"' in _outputs(nbformat.read(course / "solutions" / "90-fixture.ipynb", as_version=4), "n_things")


def test_a_changed_hint_makes_only_the_lessons_that_use_it_stale(course):
    entries = [dict(e) for e in EXERCISES["91-other"]]
    entries[1]["hints"] = ["Look at the map."]
    (course / "solutions" / "exercises" / "91-other.toml").write_text(toml_text(entries), encoding="utf-8")
    report = update(Course(course), check_only=True)
    assert {p.name: why for p, why in report.stale.items()} == {
        "91-other.ipynb": ["exercise 91.2's key, hints or options changed"]}


def test_edited_code_is_stale_and_an_edited_text_is_not(course):
    path = course / "solutions" / "91-other.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].source += " More words."
    nbformat.write(notebook, path)
    assert update(Course(course), check_only=True).stale == {}
    notebook.cells[2].source += "\n1 + 1"
    nbformat.write(notebook, path)
    assert update(Course(course), check_only=True).stale == {path: ["its code cells changed"]}


def test_a_notebook_that_shows_progress_is_stale_when_any_lesson_gains_an_exercise(course):
    path = course / "solutions" / "91-other.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(3, new_code_cell("from summit_course import progress\nprogress()"))
    nbformat.write(notebook, path)
    registry = json.loads((course / "src" / "summit_course" / "exercises.json").read_text())
    write_record(Course(course), path, registry, [])
    assert "course" in read_record(Course(course))["91-other.ipynb"]
    grown = [*registry, {**registry[0], "id": "90.6", "variable": "n_trains"}]
    assert stale_runs(Course(course), grown) == {
        course / "solutions" / "90-fixture.ipynb": ["exercise 90.6 is new"],  # its own lesson
        path: ["the course's list of exercises changed (it shows progress())"]}
    assert "course" not in fingerprint(Course(course), course / "solutions" / "90-fixture.ipynb", registry, [])


def test_a_solution_never_run_is_reported(course):
    (course / "solutions" / "run-record.json").unlink()
    stale = update(Course(course), check_only=True).stale
    never = ["no record of a run with `summit-course run` or `build`"]
    assert {p.name: why for p, why in stale.items()} == {"90-fixture.ipynb": never, "91-other.ipynb": never}


def test_renumber_numbers_a_lesson_in_notebook_order_everywhere(course, capsys):
    _add_exercise_after_90_3(course)
    path = course / "solutions" / "90-fixture.ipynb"
    notebook = nbformat.read(path, as_version=4)
    heading = next(c for c in notebook.cells if c.source.startswith("### Exercise 90.6"))
    heading.source += " Exercise 90.4 counts them by kind; the road is 90.4 km long."
    nbformat.write(notebook, path)
    assert main(["--root", str(course), "renumber", "90"]) == 0
    out = capsys.readouterr().out
    assert "Renumbered 90.6 -> 90.4, 90.4 -> 90.5, 90.5 -> 90.6" in out
    assert "90-fixture.ipynb: ### Exercise 90.6" not in out and "the road is 90.4 km long" in out  # left for the author
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in notebook.cells)
    assert [h for h in re.findall(r"### Exercise (\S+)", text)] == ["90.1", "90.2", "90.3", "90.4", "90.5", "90.6"]
    assert 'check("90.4", n_trains)' in text and 'check("90.5", by_kind)' in text and 'check("90.6", why)' in text
    assert "Exercise 90.5 counts them by kind; the road is 90.4 km long." in text
    registry = json.loads((course / "src" / "summit_course" / "exercises.json").read_text())
    assert [(e["id"], e["variable"]) for e in registry if e["lesson"] == "90-fixture"] == [
        ("90.1", "n_things"), ("90.2", "airfield"), ("90.3", "arrival"), ("90.4", "n_trains"),
        ("90.5", "by_kind"), ("90.6", "why")]
    stored = _outputs(nbformat.read(path, as_version=4), 'check("90.4"')
    assert "Exercise 90.4" in stored and "passed" in stored  # build re-ran the lesson
    assert main(["--root", str(course), "build", "--check"]) == 0
