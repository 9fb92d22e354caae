"""Single-source build: solutions/ -> lessons/, navigation, staleness check."""

from __future__ import annotations

import shutil

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from summit_course.authoring.lessons import Course, build, lesson_from_solution, strip_solution

SOLVED = """x = load("events")
### BEGIN SOLUTION
trip = x[x.phase == "trip"]
trip_days = len(trip)
### END SOLUTION
trip_days"""


def test_solution_region_becomes_placeholder_for_the_last_assigned_name():
    assert strip_solution(SOLVED) == 'x = load("events")\ntrip_days = ...\ntrip_days'


def test_indented_region_keeps_its_indent():
    code = "if True:\n    ### BEGIN SOLUTION\n    a = 1\n    ### END SOLUTION\n"
    assert strip_solution(code) == "if True:\n    a = ...\n"


def test_region_without_assignment_becomes_bare_ellipsis():
    assert strip_solution("### BEGIN SOLUTION\nprint(1)\n### END SOLUTION") == "..."


def test_code_without_markers_is_unchanged():
    assert strip_solution("a = 1\na") == "a = 1\na"


def _solution_notebook(title):
    nb = new_notebook()
    nb.metadata["course"] = {"teaching": 10, "exercises": 5}
    nb.metadata["widgets"] = {"state": {"x": 1}}
    cell = new_code_cell(SOLVED, execution_count=3, outputs=[new_output("execute_result", {"text/plain": "4"}, execution_count=3)])
    nb.cells = [
        new_markdown_cell(f"# {title}\n\nHook."),
        new_markdown_cell("> **Instructor note:** secret", metadata={"tags": ["instructor"]}),
        cell,
    ]
    return nb


def _course(tmp_path, titles=("First", "Second")):
    (tmp_path / "solutions").mkdir()
    for n, title in enumerate(titles):
        nbformat.write(_solution_notebook(title), tmp_path / "solutions" / f"0{n}-{title.lower()}.ipynb")
    return Course(tmp_path)


def test_lesson_drops_instructor_cells_outputs_and_widget_state():
    lesson = lesson_from_solution(_solution_notebook("T"))
    sources = [c.source for c in lesson.cells]
    assert not any("Instructor note" in s for s in sources)
    code = [c for c in lesson.cells if c.cell_type == "code"][0]
    assert code.outputs == [] and code.execution_count is None
    assert "trip_days = ..." in code.source and "BEGIN SOLUTION" not in code.source
    assert "widgets" not in lesson.metadata and lesson.metadata["course"]["teaching"] == 10


def test_build_writes_lessons_with_navigation_and_is_idempotent(tmp_path):
    course = _course(tmp_path)
    changed = build(course)
    assert {p.name for p in changed} >= {"00-first.ipynb", "01-second.ipynb"}
    first = nbformat.read(tmp_path / "lessons" / "00-first.ipynb", as_version=4)
    assert first.cells[0].source.startswith("<!--NAV-->")
    assert "[01 Second →](01-second.ipynb)" in first.cells[0].source
    assert first.cells[-1].source == first.cells[0].source
    second = nbformat.read(tmp_path / "solutions" / "01-second.ipynb", as_version=4)
    assert "[← 00 First](00-first.ipynb)" in second.cells[0].source
    assert build(course) == []
    assert build(course, check_only=True) == []


def test_check_reports_a_stale_lesson_without_writing(tmp_path):
    course = _course(tmp_path)
    build(course)
    stale = tmp_path / "lessons" / "00-first.ipynb"
    stale.write_text(stale.read_text().replace("Hook.", "Edited by hand."))
    assert build(course, check_only=True) == [stale]
    assert "Edited by hand." in stale.read_text()


def test_build_removes_lessons_without_a_solution(tmp_path):
    course = _course(tmp_path)
    build(course)
    orphan = tmp_path / "lessons" / "07-orphan.ipynb"
    shutil.copy(tmp_path / "lessons" / "00-first.ipynb", orphan)
    assert orphan in build(course, check_only=True)
    build(course)
    assert not orphan.exists()


def test_a_written_answer_starts_as_a_triple_quoted_text():
    solved = '### BEGIN SOLUTION\nwhy = """Two sentences.\nOn two lines."""\n### END SOLUTION'
    assert strip_solution(solved) == 'why = """..."""'
    assert strip_solution('### BEGIN SOLUTION\nname = "Khasan"\n### END SOLUTION') == "name = ..."
