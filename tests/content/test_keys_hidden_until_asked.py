"""No table a student sees or holds before a graded exercise carries the column that answers it.

An exercise that asks students to code rows before they see the course's key is empty if the
key sits one line away: in a stored output, in a table shown on screen, or in a DataFrame the
lesson has already loaded into the student's kernel (``nk_aims.columns`` would reveal it). For
each exercise named in :data:`KEYS`, the test reads every stored output above the point where
the exercise is asked (its ``quiz()`` cell, or the answer cell where it has no quiz), then runs
the lesson's cells up to that point here and looks at every table the kernel holds, widgets'
tables included.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from .visible import _run, _student_cells, lesson_pieces

ROOT = Path(__file__).resolve().parents[2]

#: Graded exercises whose answer is a column of a course table: exercise id -> that column.
KEYS = {"3.1": "breaches_un_sanctions"}


def _lesson(exercise_id: str) -> Path:
    stem = f"{int(exercise_id.split('.')[0]):02d}"
    return next((ROOT / "solutions").glob(f"{stem}-*.ipynb"))


def _asked_at(cells, exercise_id: str) -> int:
    """Index (among the student's cells) of the quiz or answer cell after the exercise's heading."""
    heading = next(i for i, (c, _, _) in enumerate(cells) if c.cell_type == "markdown"
                   and re.match(rf"#+ Exercise {re.escape(exercise_id)}\b", c.source))
    asks = re.compile(rf"""quiz\(\s*["']{re.escape(exercise_id)}["']|### BEGIN SOLUTION""")
    return next(i for i, (c, _, _) in enumerate(cells)
                if i > heading and c.cell_type == "code" and asks.search(c.source))


def _tables(namespace: dict) -> dict[str, pd.DataFrame]:
    """Every DataFrame the kernel holds, and every table a widget in it shows."""
    tables = {}
    for name, value in namespace.items():
        if isinstance(value, pd.DataFrame):
            tables[name] = value
        elif isinstance(getattr(value, "result", None), pd.DataFrame):
            tables[f"{name}.result"] = value.result
    return tables


@pytest.mark.parametrize("exercise_id", sorted(KEYS))
def test_no_output_above_the_exercise_shows_its_key_column(exercise_id):
    path, column = _lesson(exercise_id), KEYS[exercise_id]
    cells = list(_student_cells(nbformat.read(path, as_version=4)))
    asked_at = _asked_at(cells, exercise_id)
    sources_above = {c.source for c, _, _ in cells[:asked_at]}
    shown = [p.where for p in lesson_pieces(path)
             if p.where.endswith("stored output") and p.cell in sources_above and column in p.text]
    assert not shown, f"{column} is shown before exercise {exercise_id} is asked: {shown}"


@pytest.mark.parametrize("exercise_id", sorted(KEYS))
def test_no_table_the_kernel_holds_above_the_exercise_has_its_key_column(exercise_id):
    path, column = _lesson(exercise_id), KEYS[exercise_id]
    cells = list(_student_cells(nbformat.read(path, as_version=4)))
    namespace: dict = {"__name__": "__lesson__"}
    for cell, _, _ in cells[:_asked_at(cells, exercise_id)]:
        if cell.cell_type == "code":
            _run(cell.source, namespace)
    holding = [name for name, table in _tables(namespace).items() if column in table.columns]
    assert not holding, f"before exercise {exercise_id}, {holding} hold the key column {column}"
