"""An answer set under another name: the grader names the name the student set, as ``check()`` does.

When no cell sets an exercise's answer variable (``russia_votes``), the student has most
often misspelled it (``russia_vote = ...``) or renamed it. Like ``check()`` in the notebook,
the grader then says which name the answer cell sets instead: the cell just before the
exercise's ``check("5.2", ...)`` when it sets names, else a name close to the variable
anywhere in the lesson's notebook. Only the notebook's text is read (nothing runs); the
names come from :func:`summit_course.names.assigned_names`, the function the student
runtime uses.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from ..gradebook import SubmissionRecord
from ..gradebook.statuses import MISSING
from ..names import assigned_names
from .assignment import Assignment

__all__ = ["name_set_instead", "note_names_set_instead"]


def _code_cells(data: bytes) -> list[str]:
    try:
        cells = json.loads(data).get("cells", [])
    except (ValueError, AttributeError, TypeError):
        return []
    return ["".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
            for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]


def name_set_instead(cells: list[str], exercise_id: str, variable: str, answers) -> str | None:
    """The name the answer cell of ``exercise_id`` sets instead of ``variable``, or None if none is found.

    ``answers``: every answer variable of the assignment (a cell setting another exercise's
    answer is that exercise's cell, not a misspelling).
    """
    calls = re.compile(rf"""check\(\s*["']{re.escape(exercise_id)}["']""")
    for index, source in enumerate(cells):
        if calls.search(source) and index > 0:
            names = [n for n in assigned_names(cells[index - 1]) if n not in answers]
            if names and variable not in assigned_names(cells[index - 1]):
                return names[-1]
    names = {n for source in cells for n in assigned_names(source)} - set(answers)
    close = difflib.get_close_matches(variable, sorted(names), n=1, cutoff=0.8)
    return close[0] if close else None


def note_names_set_instead(record: SubmissionRecord, files: list[tuple[str, bytes]], spec: Assignment) -> None:
    """For each answer cell not found, say in the student's message and the reason which name was set instead."""
    answers = set(spec.variables)
    for answer in record.answers:
        exercise = next((e for e in spec.exercises if e.id == answer.exercise), None)
        if exercise is None or answer.status != MISSING or not answer.messages or \
                not answer.messages[0].startswith("No answer cell for"):
            continue
        own = [data for name, data in files if Path(name).name[:2] == exercise.lesson[:2]] or \
            [data for _, data in files]
        found = next((n for data in own if (n := name_set_instead(_code_cells(data), exercise.id,
                                                                   exercise.variable, answers))), None)
        if found is None:
            continue
        answer.messages = (f"Your answer cell sets `{found}`, not `{exercise.variable}`: write "
                           f"`{exercise.variable} = ...` (spelled exactly so), as the check and the grader read "
                           "that name.",)
        missing = f"no answer cell for {exercise.id} (`{exercise.variable}`)"
        record.reason = record.reason.replace(missing, f"{missing}: a cell sets `{found}` instead", 1)
