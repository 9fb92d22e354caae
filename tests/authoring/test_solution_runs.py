"""A solution's run is quiet and reproducible: no TCP warning at every run, no churn of widget ids in the file.

The walkthrough: every re-run printed ``[IPKernelApp] WARNING | Kernel is running over TCP
without encryption``, and a re-run of lessons 00 and 01 changed only their widgets' model ids.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from summit_course.authoring import Course
from summit_course.authoring.runs import WIDGET_VIEW, run_solution, stable_widget_ids

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _course_with_a_widget(tmp_path) -> tuple[Course, object]:
    course = Course(tmp_path / "course")
    course.solutions.mkdir(parents=True)
    course.datasets.mkdir()
    path = course.solutions / "90-widget.ipynb"
    cells = [new_code_cell("import ipywidgets as widgets\nwidgets.IntSlider(value=3, description='Days')"),
             new_code_cell("1 + 1")]
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNEL}), path)
    return course, path


@pytest.mark.slow
def test_a_run_is_quiet_and_a_rerun_changes_nothing(tmp_path, capfd):
    course, path = _course_with_a_widget(tmp_path)
    run_solution(course, path)
    first = path.read_text("utf-8")
    run_solution(course, path)
    assert path.read_text("utf-8") == first, "a re-run with no real change must leave the file as it was"
    notebook = nbformat.read(path, as_version=4)
    view = notebook.cells[0].outputs[0]["data"]
    assert "IntSlider" in view["text/plain"] and len(view[WIDGET_VIEW]["model_id"]) == 32
    assert "widgets" not in notebook.metadata
    said = capfd.readouterr()
    assert "without encryption" not in said.err + said.out


def test_model_ids_come_from_the_cell_and_differ_between_views():
    notebook = new_notebook(cells=[new_code_cell("a"), new_code_cell("b")])
    for cell in notebook.cells:
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            WIDGET_VIEW: {"model_id": "random", "version_major": 2, "version_minor": 0}, "text/plain": "w"})
            for _ in range(2)]
    stable_widget_ids(notebook)
    ids = [o["data"][WIDGET_VIEW]["model_id"] for c in notebook.cells for o in c.outputs]
    assert len(set(ids)) == 4 and "random" not in ids
    again = nbformat.from_dict(json.loads(json.dumps(notebook)))
    stable_widget_ids(again)
    assert [o["data"][WIDGET_VIEW]["model_id"] for c in again.cells for o in c.outputs] == ids
