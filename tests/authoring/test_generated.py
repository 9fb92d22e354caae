"""Issue #28, problems 4 and 5: the README's lesson table and datasets/README.md's row counts come from the course."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

from summit_course.authoring import Course
from summit_course.authoring.generated import LESSONS_BEGIN, dataset_readme, lesson_table, planned_documents

ROOT = Path(__file__).resolve().parents[2]


def test_the_course_tables_are_what_build_writes():
    planned = planned_documents(Course(ROOT))
    assert planned[ROOT / "README.md"] == (ROOT / "README.md").read_text("utf-8")
    assert planned[ROOT / "datasets" / "README.md"] == (ROOT / "datasets" / "README.md").read_text("utf-8")


def test_row_counts_follow_the_csv_and_a_new_table_gets_a_row(tmp_path):
    data = shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    with (data / "people.csv").open("a", encoding="utf-8") as handle:
        handle.write('demo_person,"Demo, Person",Russia,tester,analysis,analyst,false,kremlin_20230913\n')
    (data / "trade.csv").write_text("trade_id,year\nt1,2024\n", encoding="utf-8")
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    package["resources"].append({"name": "trade", "path": "trade.csv", "description": "Trade by year. More words.",
                                 "schema": {"fields": [{"name": "trade_id"}, {"name": "year"}]}})
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    old = (data / "README.md").read_text("utf-8")
    people, estimates = (sum(1 for _ in (ROOT / "datasets" / f"{t}.csv").open(encoding="utf-8")) - 1
                         for t in ("people", "estimates"))
    new = dataset_readme(old, data)
    assert f"| `people` | {people} |" in old and f"| `people` | {people + 1} | leaders," in new
    assert f"| `estimates` | {estimates} | competing figures" in new and new.index("`estimates`") < new.index("`trade`")
    assert "| `trade` | 1 | Trade by year |" in new and "These eleven tables" in new and "These ten tables" in old


def _notebook(title: str, objectives: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}\n\nHook."),
                                           nbformat.v4.new_markdown_cell(f"**Objectives** – you will\n{objectives}")])


def test_the_lesson_table_lists_the_lessons_present_and_keeps_what_was_written(tmp_path):
    paths = []
    for stem, title in (("00-start", "Start here"), ("03-renamed", "A new title"), ("09-mine", "My lesson")):
        paths.append(tmp_path / f"{stem}.ipynb")
        nbformat.write(_notebook(title, "- count rows;\n- name a limit of a table."), paths[-1])
    old = "\n".join([LESSONS_BEGIN, "| 00 | `00-start` | Old title | run cells |",
                     "| 03 | `03-renamed` | Old | compare |", "| 05 | `05-gone` | Gone | nothing |"])
    table = lesson_table(paths, old)
    assert table.splitlines()[3:6] == ["| 00 | `00-start` | Start here | run cells |",
                                       "| 03 | `03-renamed` | A new title | compare |",
                                       "| 09 | `09-mine` | My lesson | count rows; name a limit of a table |"]
    assert "05-gone" not in table


def test_a_new_lessons_objectives_follow_the_notebook_until_the_readme_cell_is_edited(tmp_path):
    """The walkthrough: the README kept the skeleton's objectives after the notebook's were rewritten,
    and `build --check` said "Up to date"."""
    path = tmp_path / "09-mine.ipynb"
    course = [LESSONS_BEGIN, "| 00 | `00-start` | Start | run cells, written by hand |"]
    for stem in ("00-start", "09-mine"):
        nbformat.write(_notebook("My lesson", "- count the rows of a course table;\n- say what it cannot tell."),
                       tmp_path / f"{stem}.ipynb")
    paths = [tmp_path / "00-start.ipynb", path]
    first = lesson_table(paths, "\n".join(course))
    assert "| 09 | `09-mine` | My lesson | count the rows of a course table; say what it cannot tell |" in first

    nbformat.write(_notebook("My lesson", "- trace trade by year;\n- name a limit of customs data."), path)
    second = lesson_table(paths, first)
    assert "| 09 | `09-mine` | My lesson | trace trade by year; name a limit of customs data |" in second
    assert "| 00 | `00-start` | My lesson | run cells, written by hand |" in second  # never a copy: kept

    edited = second.replace("trace trade by year; name a limit of customs data", "read a customs table critically")
    nbformat.write(_notebook("My lesson", "- compare two years;\n- name a limit."), path)
    third = lesson_table(paths, edited)
    assert "| 09 | `09-mine` | My lesson | read a customs table critically |" in third
    assert lesson_table(paths, third) == third


def test_build_check_flags_a_readme_row_whose_objectives_changed(tmp_path):
    from summit_course.authoring.lessons import build

    course = Course(tmp_path / "course")
    course.solutions.mkdir(parents=True)
    lesson = course.solutions / "09-mine.ipynb"
    nbformat.write(_notebook("My lesson", "- count rows;\n- name a limit."), lesson)
    (course.root / "README.md").write_text(f"# Course\n\n{LESSONS_BEGIN}\n<!-- END LESSONS -->\n", encoding="utf-8")
    assert course.root / "README.md" in build(course)
    assert build(course, check_only=True) == []
    nbformat.write(_notebook("My lesson", "- trace trade;\n- name a limit."), lesson)
    assert course.root / "README.md" in build(course, check_only=True)
