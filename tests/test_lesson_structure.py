"""Every lesson has the course skeleton (docs/authoring.md, "The lesson rules") and meets its counts.

The skeleton rules apply to every lesson. The course's own lessons (00-08, ``tests/course_lessons.py``)
also meet the course's minimums; a lesson a teacher adds meets lighter ones
(:func:`test_an_added_lesson_meets_the_lighter_minimums`). ``SUMMIT_COURSE_ROOT=/path/to/course``
runs these tests on another course folder (a copy with a lesson added, say).
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from summit_course.authoring.declarations import missing_field, where
from summit_course.authoring.exercises import instructor_exercises
from summit_course.authoring.lessons import NAV_MARK, Course
from tests.course_lessons import COURSE_LESSONS

ROOT = Path(os.environ.get("SUMMIT_COURSE_ROOT") or Path(__file__).resolve().parents[1])
SOLUTIONS = Course(ROOT).notebooks()
EXERCISE_HEADING = re.compile(r"^### Exercise (\d+\.\w+)", re.M)
INSTRUCTOR = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}
REGISTRY = json.loads(Course(ROOT).registry.read_text("utf-8"))
QUIZ_KINDS = {"choice", "choices", "order", "match"}
ADDED = [p for p in SOLUTIONS if p.stem not in COURSE_LESSONS]


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _markdown(nb):
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _lesson_number(path: Path) -> int:
    return int(path.name[:2])


def _exercise_ids(nb) -> list[str]:
    return EXERCISE_HEADING.findall(_markdown(nb))


@pytest.fixture(params=SOLUTIONS, ids=lambda p: p.stem)
def solution(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_lessons():
    assert [p.name for p in SOLUTIONS][:1] == ["00-start-here.ipynb"]


def test_navigation_first_and_last(solution):
    _, nb = solution
    assert nb.cells[0].source.startswith(NAV_MARK)
    assert nb.cells[-1].source == nb.cells[0].source


def test_one_title_and_a_hook(solution):
    _, nb = solution
    titles = re.findall(r"^# .+", _markdown(nb), re.M)
    assert len(titles) == 1, titles
    assert nb.cells[1].source.startswith("# ") and len(nb.cells[1].source.split()) > 12


def test_time_questions_objectives_in_text_and_metadata(solution):
    _, nb = solution
    text = _markdown(nb)
    time = re.search(r"\*\*Time:\*\* (\d+) min teaching · (\d+) min exercises", text)
    assert time, "missing the **Time:** line"
    meta = nb.metadata["course"]
    assert (meta["teaching"], meta["exercises"]) == (int(time.group(1)), int(time.group(2)))
    assert "**Questions**" in text and "**Objectives**" in text


def test_one_setup_cell_first(solution):
    _, nb = solution
    first_code = _code_cells(nb)[0].source
    assert first_code.startswith("# Run this cell first") and "from summit_course import" in first_code
    imports = [c for c in _code_cells(nb) if "from summit_course import" in c.source]
    assert len(imports) == 1


def test_each_exercise_has_an_answer_cell_then_a_check(solution):
    _, nb = solution
    cells = nb.cells
    for index, cell in enumerate(cells):
        match = EXERCISE_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if not match:
            continue
        exercise_id = match.group(1)
        following = cells[index + 1:index + 5]
        checks = [c for c in following if c.cell_type == "code" and f'check("{exercise_id}"' in c.source]
        assert checks, f"Exercise {exercise_id} is not followed by check(\"{exercise_id}\", ...)"
        variable = INSTRUCTOR[exercise_id]["variable"]
        answers = [c for c in following if c.cell_type == "code" and "### BEGIN SOLUTION" in c.source
                   and re.search(rf"^{variable}\s*=", c.source, re.M)]
        assert answers, f"Exercise {exercise_id} has no solution region assigning {variable}"


def test_notebook_exercises_match_the_registry(solution):
    """Ids are labels: the registry lists a lesson's exercises in the order of its headings."""
    path, nb = solution
    in_notebook = _exercise_ids(nb)
    registered = [e["id"] for e in REGISTRY if e["lesson"] == path.stem]
    assert in_notebook == registered, (
        f"{path.name}: headings {in_notebook}, registry {registered}: run `.venv/bin/summit-course build`; an id "
        "only in the headings needs an [[exercise]] in the TOML, an id only in the registry needs its heading")
    wrong = [i for i in in_notebook if int(i.split(".")[0]) != _lesson_number(path)]
    assert not wrong, f"{path.name}: exercise ids {wrong} do not start with the lesson number"


def test_key_points(solution):
    _, nb = solution
    section = re.search(r"^## Key points\n(.*?)(?=^#|\Z)", _markdown(nb), re.S | re.M)
    assert section, "missing ## Key points"
    bullets = re.findall(r"^- ", section.group(1), re.M)
    assert 3 <= len(bullets) <= 6


def test_code_cells_are_short_and_end_in_a_bare_expression(solution):
    _, nb = solution
    for cell in _code_cells(nb)[1:]:
        source = cell.source
        if "### BEGIN SOLUTION" in source:
            continue
        assert len(source.splitlines()) <= 6, f"cell too long:\n{source}"
        body = ast.parse(source).body
        assert body and isinstance(body[-1], ast.Expr), f"cell should end in a bare expression:\n{source}"


def test_sections_are_numbered_and_short(solution):
    path, nb = solution
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## ") and "Key points" not in cell.source:
            heading = cell.source.splitlines()[0]
            assert re.match(rf"## {_lesson_number(path)}\.\d+ \S", heading), heading
        if cell.cell_type == "markdown" and "instructor" not in cell.metadata.get("tags", []):
            prose = re.sub(r"<details>.*?</details>", "", cell.source, flags=re.S)
            assert len(prose.split()) <= 190, f"too much prose in one cell: {cell.source[:60]}"


def _lesson_exercises(path):
    return [INSTRUCTOR[i] for i in _exercise_ids(nbformat.read(path, as_version=4))]


@pytest.mark.parametrize("path", [p for p in SOLUTIONS if p.stem in COURSE_LESSONS and _lesson_number(p) >= 1],
                         ids=lambda p: p.stem)
def test_lesson_counts(path):
    """The course's minimums, for its own lessons 01-08 (lesson 00 tours every kind instead)."""
    nb = nbformat.read(path, as_version=4)
    found = _lesson_exercises(path)
    assert len(found) >= 6
    assert sum("answer_expr" in e for e in found) >= 3, "at least 3 exercises on the datasets"
    assert any(e["kind"] in QUIZ_KINDS for e in found), "at least one quiz"
    assert any(e["kind"] == "written" and e.get("rubric") for e in found), "a written answer with rubric"
    code = "\n".join(c.source for c in _code_cells(nb))
    assert re.search(r"\bexplore\.\w+\(", code), "at least one exploring widget"
    assert "alt=" in code, "at least one figure with alt text"
    minutes = nb.metadata["course"]["teaching"] + nb.metadata["course"]["exercises"]
    assert 30 <= minutes <= 50


@pytest.mark.parametrize("path", ADDED, ids=lambda p: p.stem)
def test_an_added_lesson_meets_the_lighter_minimums(path):
    """A teacher's lesson: at least one exercise, and a length between 5 and 90 minutes."""
    nb = nbformat.read(path, as_version=4)
    assert _lesson_exercises(path), f"{path.name}: a lesson needs at least one exercise"
    minutes = nb.metadata["course"]["teaching"] + nb.metadata["course"]["exercises"]
    assert 5 <= minutes <= 90, f"{path.name}: {minutes} minutes; keep a lesson between 5 and 90"


def test_lesson_00_tours_every_exercise_kind():
    kinds = {e["kind"] for e in _lesson_exercises(SOLUTIONS[0])}
    expected = {"number", "integer", "text", "date", "set", "list", "frame", "series",
                "choice", "choices", "order", "match", "written"}
    assert expected <= kinds, expected - kinds


def test_every_written_exercise_has_a_rubric_and_self_check():
    for entry in INSTRUCTOR.values():
        if entry["kind"] == "written":
            assert entry.get("rubric") and entry.get("self_check"), entry["id"]


def test_every_exercise_has_hints_and_an_objective():
    """`build` already stops on a missing `objective` (with this same line); hints are this test's alone."""
    for entry in INSTRUCTOR.values():
        named = where(ROOT / "solutions" / "exercises" / f"{entry['lesson']}.toml", entry["id"])
        assert entry.get("objective"), f"{named}: {missing_field('objective')}."
        if entry["kind"] != "written":
            assert entry.get("hints"), (f'{named}: has no `hints`: add `hints = ["...", "..."]` (a nudge first, '
                                        "then a nearer one; a written exercise may have none).")


def test_answer_variables_are_unique_across_the_course():
    variables = [e["variable"] for e in INSTRUCTOR.values()]
    assert len(variables) == len(set(variables)), sorted(v for v in variables if variables.count(v) > 1)


PERSONAL_CALL = re.compile(r"\b(progress|my_forecasts)\(")


def test_cells_that_show_the_learners_own_journal_are_tagged_personal(solution):
    """Their stored output is the build run's, not the reader's: the website shows a note instead."""
    path, nb = solution
    untagged = [c.source.splitlines()[0] for c in _code_cells(nb)
                if PERSONAL_CALL.search(c.source) and "personal" not in c.metadata.get("tags", [])]
    assert untagged == [], f"{path.name}: tag these cells 'personal' (docs/authoring.md)"
