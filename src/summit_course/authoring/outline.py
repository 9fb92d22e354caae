"""What a solution notebook says about its exercises: the headings, in order, and the ids its code calls.

Exercise ids are labels: ``3.8`` may stand between ``3.3`` and ``3.4``. The order of a
lesson's exercises is the order of its ``### Exercise`` headings, and everything that lists
exercises (the registry, a release's manifest, ``progress()``) follows it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["EXERCISE_HEADING", "CALL", "called_ids", "heading_ids", "in_notebook_order", "notebook_json"]

EXERCISE_HEADING = re.compile(r"^###\s*Exercise\s+(\d+\.\w+)", re.M)
#: ``check("3.4", ...)``, ``hint("3.4")``, ``quiz("3.4")``: a code cell that uses an exercise.
CALL = re.compile(r"""\b(check|hint|quiz)\(\s*(["'])(\d+\.\w+)\2""")


def notebook_json(path: Path) -> dict:
    """A notebook as plain JSON (much faster than nbformat, and enough to read cells)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def heading_ids(notebook: dict) -> list[str]:
    """The exercise ids of a notebook's ``### Exercise N.x`` headings, in order."""
    return [found for cell in notebook.get("cells", []) if cell.get("cell_type") == "markdown"
            for found in EXERCISE_HEADING.findall(_source(cell))]


def called_ids(notebook: dict) -> list[str]:
    """The exercise ids the notebook's code cells pass to ``check``, ``hint`` or ``quiz``, without repeats."""
    found = [m.group(3) for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"
             for m in CALL.finditer(_source(cell))]
    return list(dict.fromkeys(found))


def in_notebook_order(entries: list[dict], solutions: Path) -> list[dict]:
    """``entries`` by lesson, and within a lesson in the order of its notebook's headings.

    An exercise whose heading is missing keeps its place in the file, after the others
    (the lesson structure test reports it).
    """
    by_lesson: dict[str, list[dict]] = {}
    for entry in entries:
        by_lesson.setdefault(entry["lesson"], []).append(entry)
    ordered = []
    for lesson in sorted(by_lesson):
        path = Path(solutions) / f"{lesson}.ipynb"
        order = heading_ids(notebook_json(path)) if path.is_file() else []
        position = {exercise_id: index for index, exercise_id in enumerate(order)}
        ordered += sorted(by_lesson[lesson], key=lambda e: position.get(e.get("id"), len(order)))
    return ordered
