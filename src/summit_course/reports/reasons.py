"""The grader's reason as the report shows it: plain text, the exercise named where the grader said "cell 52".

The grader's notes name a notebook cell by its number and first line (``cell 52 (`while True:`)``),
which Jupyter does not show, in Markdown backticks the report's tables do not render. The report
says instead which exercise's answer cell it was (from that student's exercise notes, which begin
``cell 52:``), else the cell's first line in quotes.
"""

from __future__ import annotations

import re

__all__ = ["plain_reason"]

_CELL = re.compile(r"\bcell (\d+)(?: \(`([^`]*)`\))?")
_CODE = re.compile(r"`([^`]*)`")


def _exercise_cells(exercises: dict) -> dict[str, str]:
    """Each cell number an exercise's note names (``cell 52: NameError …``) -> that exercise's id."""
    found: dict[str, str] = {}
    for exercise, row in exercises.items():
        named = re.match(r"cell (\d+)\b", row.get("note") or "")
        if named:
            found.setdefault(named.group(1), exercise)
    return found


def plain_reason(text: str, exercises: dict) -> str:
    """``text`` (a reason) with each "cell N" said as the exercise it holds, and no backticks."""
    cells = _exercise_cells(exercises)

    def cell(match: re.Match) -> str:
        number, first = match.group(1), match.group(2)
        if number in cells:
            return f"the answer cell of exercise {cells[number]}" + (f' ("{first}")' if first else "")
        return f'the cell that starts "{first}"' if first else "a cell"

    return _CODE.sub(r'"\1"', _CELL.sub(cell, text))
