"""A tiny course written into a temporary folder, for the release and grading tests.

Two lessons (90 and 91) with a small dataset, exercises of several kinds (one with
partial credit, one written), hidden checks and a rubric, and helpers to write students'
submissions of lesson 90 with chosen answers. The answers are distinctive strings, so a
test can search a bundle or a feedback page for them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from summit_course.authoring.lessons import lesson_from_solution

#: The fixture course's exercise sources, as ``solutions/exercises/<stem>.toml`` would hold them.
EXERCISES = {
    "90-fixture": [
        {"id": "90.1", "variable": "n_things", "kind": "integer", "points": 2, "objective": "Count the rows of a table",
         "answer_expr": "len(load('things'))", "min": 0, "max": 100, "hints": ["Count the rows of the table."],
         "hidden": ["isinstance(value, int) and value == answer"]},
        {"id": "90.2", "variable": "airfield", "kind": "text", "objective": "Read a place's full name from a table",
         "answer": "Knevichi Airfield Xyzzy", "also_accept": ["Knevichi Xyzzy"], "hints": ["Read the table of places."],
         "hidden": ["'airfield' in value.lower()"]},  # stricter than public: the full name
        {"id": "90.3", "variable": "arrival", "kind": "date", "objective": "Find a date in the travel notes",
         "answer": "2023-09-10", "hints": ["Read the travel notes."]},
        {"id": "90.4", "variable": "by_kind", "kind": "frame", "points": 3, "partial": True,
         "objective": "Group a table and count each group",
         "answer_expr": "load('things').groupby('kind').size().reset_index(name='n')",
         "hints": ["Group by kind and count."], "hidden": ["list(value.columns) == ['kind', 'n']", "len(value) == 2"]},
        {"id": "90.5", "variable": "why", "kind": "written", "points": 2, "min_words": 3, "max_words": 80,
         "objective": "Weigh the evidence behind a claim", "self_check": ["Did you name a source?"],
         "rubric": ["Names the kind of evidence behind the claim (1 point).",
                    "Explains the limits of that evidence (1 point)."]},
    ],
    "91-other": [
        {"id": "91.1", "variable": "years", "kind": "list", "objective": "List years as numbers",
         "answer": [2006, 2009, 2013], "hidden": ["sorted(value) == value"]},
        {"id": "91.2", "variable": "spot", "kind": "text", "objective": "Name a place", "answer": "Quokka Plateau Zyx"},
    ],
}


def toml_text(entries: list[dict]) -> str:
    """Exercise entries as TOML (``[[exercise]]`` tables; JSON strings, numbers and lists are TOML too)."""
    return "".join("\n[[exercise]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in entry.items())
                   for entry in entries)


THINGS = "thing_id,kind,day\nt1,train,2023-09-12\nt2,train,2023-09-13\nt3,car,2023-09-13\n"
DATAPACKAGE = {
    "name": "fixture",
    "resources": [{
        "name": "things", "path": "things.csv",
        "schema": {"fields": [{"name": "thing_id", "type": "string"}, {"name": "kind", "type": "string"},
                              {"name": "day", "type": "date"}], "primaryKey": ["thing_id"]},
    }],
}

#: Correct answer code for each answer variable of lesson 90.
CORRECT = {
    "n_things": "len(load('things'))",
    "airfield": "'Knevichi Airfield Xyzzy'",
    "arrival": "'2023-09-10'",
    "by_kind": "load('things').groupby('kind').size().reset_index(name='n')",
    "why": "'State media reported it, and no independent source confirms it.'",
}


def _exercise_cells(number: str, title: str, variable: str, solution: str) -> list:
    return [
        new_markdown_cell(f"### Exercise {number} — {title}\n\n"
                          "<details><summary>Hint</summary>Look at the data.</details>"),
        new_code_cell(f"### BEGIN SOLUTION\n{variable} = {solution}\n### END SOLUTION\n{variable}"),
        new_code_cell(f'check("{number}", {variable})'),
    ]


def _solution_90():
    nb = new_notebook()
    nb.metadata["course"] = {"teaching": 5, "exercises": 5}
    nb.cells = [
        new_markdown_cell("<!--NAV-->"),
        new_markdown_cell("# Fixture lesson ninety\n\nA hook about counting things."),
        new_code_cell("# Run this cell first\nfrom summit_course import load, check"),
        new_markdown_cell("## 90.1 Count the things\n\nTeaching prose that stays in every release."),
        new_code_cell("things = load('things')\nthings"),
        new_markdown_cell("> **Instructor note:** secret teaching tip", metadata={"tags": ["instructor"]}),
        *_exercise_cells("90.1", "Count", "n_things", CORRECT["n_things"]),
        *_exercise_cells("90.2", "Name the airfield", "airfield", CORRECT["airfield"]),
        *_exercise_cells("90.3", "Date of arrival", "arrival", CORRECT["arrival"]),
        new_markdown_cell("## 90.2 Group the things\n\nMore teaching prose."),
        *_exercise_cells("90.4", "Count by kind", "by_kind", CORRECT["by_kind"]),
        *_exercise_cells("90.5", "Why trust it?", "why", CORRECT["why"]),
        new_markdown_cell("## Key points\n\n- Things can be counted."),
        new_markdown_cell("<!--NAV-->"),
    ]
    return nb


def _solution_91():
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("<!--NAV-->"),
        new_markdown_cell("# Fixture lesson ninety-one\n\nAnother hook."),
        new_code_cell("from summit_course import check"),
        *_exercise_cells("91.1", "Years", "years", "[2006, 2009, 2013]"),
        *_exercise_cells("91.2", "Spot", "spot", "'Quokka Plateau Zyx'"),
        new_markdown_cell("## Key points\n\n- Years are ordered."),
        new_markdown_cell("<!--NAV-->"),
    ]
    return nb


def make_course(root: Path) -> Path:
    """Write the fixture course (solutions, exercises, lessons, datasets) under ``root``."""
    (root / "solutions" / "exercises").mkdir(parents=True)
    for stem, entries in EXERCISES.items():
        (root / "solutions" / "exercises" / f"{stem}.toml").write_text(toml_text(entries), encoding="utf-8")
    (root / "lessons").mkdir()
    for stem, notebook in (("90-fixture", _solution_90()), ("91-other", _solution_91())):
        nbformat.write(notebook, root / "solutions" / f"{stem}.ipynb")
        nbformat.write(lesson_from_solution(notebook), root / "lessons" / f"{stem}.ipynb")
    (root / "datasets" / "geo").mkdir(parents=True)
    (root / "datasets" / "things.csv").write_text(THINGS, encoding="utf-8")
    (root / "datasets" / "datapackage.json").write_text(json.dumps(DATAPACKAGE), encoding="utf-8")
    (root / "datasets" / "geo" / "region.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    return root


def submission(root: Path, answers: dict[str, str] | None = None, extra_cells=(), lesson="90-fixture"):
    """A student's copy of a lesson with ``answers`` (variable -> code) filled in.

    Variables not in ``answers`` stay ``...``; ``extra_cells`` (code) go before the
    first exercise, where a student might experiment.
    """
    notebook = nbformat.read(root / "lessons" / f"{lesson}.ipynb", as_version=4)
    for cell in notebook.cells:
        match = re.fullmatch(r"(\w+) = \.\.\.\n?(\w+)?", cell.source) if cell.cell_type == "code" else None
        if match and match.group(1) in (answers or {}):
            cell.source = f"{match.group(1)} = {answers[match.group(1)]}\n{match.group(1)}"
    first = next(i for i, c in enumerate(notebook.cells) if c.source.startswith("### Exercise"))
    notebook.cells[first:first] = [new_code_cell(code) for code in extra_cells]
    return notebook


def write_submission(folder: Path, name: str, notebook) -> Path:
    """Write a notebook as ``folder/name`` (name with its suffix)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(notebook, path)
    return path


def released_course(base: Path, lessons=("90",)) -> tuple[Path, Path]:
    """Write the fixture course under ``base/course`` and release ``lessons``; return it and the manifest."""
    from summit_course.publish.release import release

    course = make_course(base / "course")
    return course, release(course, base / "release", lessons=list(lessons)) / "assignment.json"
