"""``summit-course new-lesson NN "Title"``: a new lesson that already meets every structure rule.

It writes ``solutions/NN-slug.ipynb`` (the course skeleton: navigation, title and hook,
time, questions and objectives, one setup cell, a numbered section, three exercises, key
points; in its metadata the minutes and the knowledge date) and
``solutions/exercises/NN-slug.toml`` declaring those exercises: a count over a dataset, a
one-answer quiz and a written answer with a rubric. Every text is a placeholder to replace;
the exercises work as they are, so the lesson builds, runs and passes the tests from the
start, and the author changes one part at a time.

The knowledge date (the last day the lesson may show anything from) is the last date in the
datasets: the lesson may show every row, as lessons 04-08 do. A lesson that asks students to
reason as of an earlier day sets that day instead and calls ``as_of()`` in its setup cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ..kernel import DISPLAY_NAME, KERNEL_NAME
from .lessons import NAV_MARK, Course

__all__ = ["ScaffoldError", "last_date", "new_lesson", "slug_of"]


class ScaffoldError(ValueError):
    """The lesson cannot be created as asked; the message says why."""


def slug_of(title: str) -> str:
    """``"Trade after the summit"`` -> ``"trade-after-the-summit"`` (at most six words)."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:6])


def _first_table(course: Course) -> str:
    package = json.loads((course.datasets / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package.get("resources", [])]
    if not names:
        raise ScaffoldError(f"{course.datasets / 'datapackage.json'} lists no table for the example exercise.")
    return "events" if "events" in names else names[0]


def last_date(datasets: Path) -> str:
    """The latest date any date column of the data package holds, as ``YYYY-MM-DD``."""
    package = json.loads((datasets / "datapackage.json").read_text(encoding="utf-8"))
    days = []
    for resource in package.get("resources", []):
        fields = [f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get("type") == "date"]
        path = datasets / resource["path"]
        if not fields or not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for name in fields:
                    try:
                        days.append(dt.date.fromisoformat(row.get(name) or ""))
                    except ValueError:
                        continue
    return max(days, default=dt.date.today()).isoformat()


def _exercises(n: int, table: str) -> str:
    # The rubric lines name the table, so no line a release's leak scan looks for stands verbatim
    # in this file (which the student package carries).
    return f'''# Exercises of lesson {n:02d}: one [[exercise]] table each, in any order (the notebook's
# headings give the order). docs/authoring.md lists every field. Replace these examples.

[[exercise]]
id = "{n}.1"
variable = "lesson{n:02d}_rows"          # the answer variable: unique in the whole course
kind = "integer"
points = 1
objective = "Count the rows of a table"
answer_expr = "len(load('{table}'))"    # computed from the data: the key follows the data
min = 0
max = 10000
hints = ["Each row of the table is one item.", "A function that counts the items of a DataFrame gives the answer."]
hidden = ["value > 0"]               # grader-only checks on `value` (and `answer`)

[[exercise]]
id = "{n}.2"
variable = "lesson{n:02d}_choice"
kind = "choice"
points = 1
objective = "Name the function that loads a course table"
prompt = "Which function gives you a course table as a DataFrame?"
options = ["read_table()", "load()", "open()"]
answer = "B"
hints = ["The setup cell imports it.", "Its name says what it does to a table."]

[[exercise]]
id = "{n}.3"
variable = "lesson{n:02d}_why"
kind = "written"
points = 2
objective = "Say what a table can and cannot tell"
min_words = 20
max_words = 120
self_check = ["Did you name the {table} table?", "Did you say one thing it cannot tell you?"]
rubric = ["Names one question the {table} table answers (1 point).", "Names one limit of the {table} table (1 point)."]
'''


def _exercise(n: int, number: int, title: str, question: str, variable: str, solution: str,
              quiz: bool = False) -> list:
    cells = [new_markdown_cell(f"### Exercise {n}.{number} — {title}\n\n{question}")]
    if quiz:
        cells.append(new_code_cell(f'quiz("{n}.{number}")'))
    cells += [new_code_cell(f"### BEGIN SOLUTION\n{variable} = {solution}\n### END SOLUTION\n{variable}"),
              new_code_cell(f'check("{n}.{number}", {variable})')]
    return cells


def _notebook(n: int, title: str, table: str, knowledge_date: str):
    notebook = new_notebook()
    notebook.metadata["course"] = {"teaching": 10, "exercises": 15, "knowledge_date": knowledge_date}
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": DISPLAY_NAME, "language": "python"}
    notebook.cells = [
        new_markdown_cell(NAV_MARK),
        new_markdown_cell(f"# {title}\n\nReplace this hook: one to three sentences that tell the learner what "
                          "question this lesson answers and why it matters."),
        new_markdown_cell("**Time:** 10 min teaching · 15 min exercises\n\n**Questions**\n"
                          "- What question does this lesson answer?\n\n"
                          "**Objectives** – you will be able to\n- count the rows of a course table;\n"
                          "- say what a table can and cannot tell.\n\n"
                          "**Prerequisites:** lesson 00 (running cells, `load()`, answering exercises)."),
        new_code_cell("# Run this cell first\nfrom summit_course import load, check, hint, quiz"),
        new_markdown_cell(f"## {n}.1 Look at the data\n\nReplace this text: at most about 150 words, then short "
                          "code cells that each end in the value they show."),
        new_code_cell(f'{table} = load("{table}")\n{table}.head()'),
        *_exercise(n, 1, "Count the rows", f"How many rows does the `{table}` table have?",
                   f"lesson{n:02d}_rows", f"len({table})"),
        *_exercise(n, 2, "Load a table", "Answer the quiz, then paste the line it shows into the answer cell.",
                   f"lesson{n:02d}_choice", '"B"', quiz=True),
        *_exercise(n, 3, "What the table tells", "In two to four sentences: what can this table tell you, and "
                   "what can it not?", f"lesson{n:02d}_why",
                   f'"""The {table} table answers questions about what it lists, with a source for each row. '
                   'It cannot tell what no source reported, so a missing row is not proof that nothing happened."""'),
        new_markdown_cell("## Key points\n\n- `load()` gives a course table as a DataFrame.\n"
                          "- `len()` counts its rows.\n- A table shows what its sources reported, no more."),
        new_markdown_cell(NAV_MARK),
    ]
    return notebook


def new_lesson(course: Course, number: str, title: str) -> tuple[Path, Path]:
    """Write a new lesson's solution notebook and exercise file; return both paths.

    Raises
    ------
    ScaffoldError
        For a number that is not two digits or is taken, or a title with no letters.
    """
    if not re.fullmatch(r"\d{2}", str(number)):
        raise ScaffoldError(f"The lesson number {number!r} should be two digits, such as 09.")
    taken = [p.name for p in course.notebooks() if p.name[:2] == number]
    if taken:
        raise ScaffoldError(f"Lesson {number} exists already ({taken[0]}): choose another number.")
    slug = slug_of(title)
    if not slug:
        raise ScaffoldError("Give the lesson a title with letters, such as \"Trade after the summit\".")
    stem = f"{number}-{slug}"
    notebook_path = course.solutions / f"{stem}.ipynb"
    toml_path = course.exercise_sources / f"{stem}.toml"
    n = int(number)
    table = _first_table(course)
    course.exercise_sources.mkdir(parents=True, exist_ok=True)
    nbformat.write(_notebook(n, title.strip(), table, last_date(course.datasets)), notebook_path)
    toml_path.write_text(_exercises(n, table), encoding="utf-8")
    return notebook_path, toml_path
