"""Students' copies hold no answer: not in lessons/, not in the installed package."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import summit_course
from summit_course.authoring.exercises import instructor_exercises
from summit_course.authoring.giveaways import plain_answers
from summit_course.authoring.lessons import Course, build
from summit_course.authoring.runs import stale_runs

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = instructor_exercises(ROOT / "solutions" / "exercises")
PACKAGE = Path(summit_course.__file__).parent


def test_lessons_are_what_solutions_build_to():
    assert build(Course(ROOT), check_only=True) == []


def test_every_solution_ran_on_the_course_as_it_is():
    """What `summit-course build --check` says: no solution's stored outputs predate an edit of its
    code, its exercises or a dataset it reads (solutions/run-record.json; `build` re-runs them)."""
    assert stale_runs(Course(ROOT), json.loads(Course(ROOT).registry.read_text("utf-8"))) == {}


def test_registry_has_no_answers_rubrics_or_hidden_checks():
    text = (PACKAGE / "exercises.json").read_text("utf-8")
    for entry in json.loads(text):
        assert not {"answer", "answer_expr", "also_accept", "rubric", "hidden"} & set(entry)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_no_plain_answer_in_package_files(entry):
    """Every file of the package (`build` checks the exercises' own texts for this, naming the text)."""
    blobs = [p.read_text("utf-8").casefold() for p in PACKAGE.rglob("*") if p.suffix in {".py", ".json"}]
    for answer in plain_answers(entry):
        assert not any(answer in blob for blob in blobs), f"{entry['id']}: {answer!r} in the package"


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb")), ids=lambda p: p.stem)
def test_answer_cells_in_lessons_are_placeholders(path):
    nb = nbformat.read(path, as_version=4)
    variables = {e["variable"] for e in ENTRIES}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for name in variables:
        for line in re.findall(rf"^{name}\s*=(?!=).*$", code, re.M):
            assert line.replace(" ", "") in (f"{name}=...", f'{name}="""..."""'), line
    assert "BEGIN SOLUTION" not in code and not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
