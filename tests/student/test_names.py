"""One reading of which names a cell binds, shared by the tracker, the grader and the build."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from summit_course import cells, names
from summit_course.authoring.lessons import strip_solution
from summit_course.grading.notebooks import assigned_variables
from summit_course.grading.submissions import sets_answers

CASES = [
    ("n_things, airfield = 4, 'x'", ["n_things", "airfield"]),       # tuple unpacking
    ("(a, [b, *rest]) = 1, [2, 3, 4]", ["a", "b", "rest"]),          # nested and starred
    ("total = 0\ntotal += 5", ["total"]),                            # augmented assignment
    ("ratio: float = 20000 / 13000", ["ratio"]),                     # annotated assignment
    ("kind: str", []),                                               # an annotation alone binds nothing
    ("if (count := 3) > 2:\n    pass", ["count"]),                   # walrus
    ("[last := x for x in range(3)]", ["last"]),                     # walrus in a comprehension: the cell's
    ("[x for x in range(3)]", []),                                   # a comprehension's own variable is not
    ("del old_answer", ["old_answer"]),                              # del
    ("for year, vote in []:\n    seen = year", ["year", "vote", "seen"]),  # for targets and body
    ("import numpy as np, os.path\nfrom math import pi as PI, tau", ["np", "os", "PI", "tau"]),  # import as
    ("with open(__file__) as handle:\n    pass", ["handle"]),
    ("try:\n    pass\nexcept ValueError as problem:\n    pass", ["problem"]),
    ("def helper(a, b=1):\n    inside = a\n    return inside", ["helper"]),   # a function's locals are not
    ("def bump():\n    global counter\n    counter = 1", ["bump", "counter"]),
    ("class Box:\n    size = 3", ["Box"]),
    ("squares = list(map(lambda v: v * v, [1, 2]))", ["squares"]),
    ("votes[2024] = 'veto'\nframe.column = 1", []),                 # items and attributes bind no name
    ("y == 2", []),
]


@pytest.mark.parametrize("source,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_the_names_a_cell_binds(source, expected):
    assert names.assigned_names(source) == expected


def test_a_cell_that_does_not_parse_is_read_line_by_line():
    assert names.assigned_names('why = "unterminated\nx += 1') == ["why", "x"]
    assert names.assigned_names("%time z = 1\nm, n = 1, 2\nfor p in q:\n    pass\n!ls") == ["m", "n", "p"]
    assert names.assigned_names("a, b = 1, 2\nsome_text = ") == ["a", "b", "some_text"]
    assert names.assigned_names("print(a=1) +") == []


def test_the_order_is_that_of_each_names_last_binding():
    assert names.assigned_names("a = 1\nb = 2\na = 3") == ["b", "a"]


def test_last_assignment_is_the_builds_answer_variable():
    name, value = names.last_assignment('notes = []\nwhy = """three quotes"""')
    assert name == "why" and value.value == "three quotes"
    assert names.last_assignment("for i in range(3):\n    pass") is None
    assert names.last_assignment("not python (") is None


SOURCE = "n_things, airfield = 4, 'x'"


def test_the_four_readers_agree(tmp_path):
    """The tracker, the grader's notebook reader, the submission matcher and the build."""
    wanted = {"n_things", "airfield"}
    assert set(cells.assigned_names(SOURCE)) == wanted
    notebook = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell(SOURCE)])
    assert assigned_variables(notebook, ["n_things", "airfield", "x", "other"]) == {
        "x": [0], "n_things": [1], "airfield": [1]}
    path = tmp_path / "renamed.ipynb"
    nbformat.write(notebook, path)
    assert sets_answers(path, ["n_things", "airfield", "other"]) == wanted
    region = f"### BEGIN SOLUTION\n{SOURCE}\n### END SOLUTION\n"
    assert strip_solution(region) == "airfield = ...\n"


@pytest.mark.parametrize("source, expected", [
    ("share = len(claims[claims['topic'] == topic]) / total", {"len", "claims", "topic", "total"}),
    ("total += 1", set()),                       # an augmented target is stored, not a Name read
    ("def f(x):\n    return x + offset", {"x", "offset"}),
    ("%timeit check('1.1', answer)", {"timeit", "check", "answer"}),   # a magic: every word might be a name
])
def test_the_names_a_cell_reads(source, expected):
    """The one reading of which names a cell reads: the tracker's and the site's."""
    assert names.read_names(source) == expected
