"""Each exercise's ``variable`` is assigned by a cell of its lesson's solution notebook.

The grader finds a student's answer by the name the exercise file declares; a name the
notebook never assigns (a typo: ``n_delegation_source`` for ``n_delegation_sources``) would
give every correct student 0 and tell them to rename their variable to the typo. The names a
cell binds are read by :func:`summit_course.names.assigned_names`, as the grader reads them.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..names import assigned_names
from .outline import called_ids, notebook_json

__all__ = ["notebook_names", "unassigned_problems", "undeclared_calls"]


def notebook_names(path: Path) -> set[str]:
    """Every name a code cell of the notebook at ``path`` binds at module level."""
    names: set[str] = set()
    for cell in notebook_json(path).get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            names.update(assigned_names("".join(source) if isinstance(source, list) else source))
    return names


def unassigned_problems(entries: list[dict], solutions: Path) -> list[tuple[dict, str]]:
    """``(exercise, problem)`` for each exercise whose ``variable`` no cell of its solution notebook assigns."""
    found: dict[str, set[str] | None] = {}
    problems = []
    for entry in entries:
        lesson = entry["lesson"]
        path = Path(solutions) / f"{lesson}.ipynb"
        if lesson not in found:
            found[lesson] = notebook_names(path) if path.is_file() else None
        names, variable = found[lesson], entry["variable"]
        if names is None:
            problems.append((entry, f"there is no solution notebook solutions/{lesson}.ipynb to assign `{variable}`: "
                                    "add it (`summit-course new-lesson`) or fix the file name"))
        elif variable not in names:
            close = difflib.get_close_matches(variable, sorted(names), n=1, cutoff=0.75)
            hint = f" (it assigns `{close[0]}`: is that the name?)" if close else ""
            problems.append((entry, f"`variable = \"{variable}\"`, but no cell of solutions/{lesson}.ipynb assigns "
                                    f"`{variable}`{hint}; a student's answer would never be found: use the name "
                                    "the answer cell assigns"))
    return problems


def undeclared_calls(entries: list[dict], solutions: Path) -> list[str]:
    """One line for each ``check``/``hint``/``quiz`` call in a solution notebook whose exercise id no
    exercise file declares (a typo such as ``check("2.9")`` for 2.8: every student would get "unknown exercise")."""
    declared = sorted({entry["id"] for entry in entries})
    unread = {p.stem for p in (Path(solutions) / "exercises").glob("*.toml")} - {entry["lesson"] for entry in entries}
    problems = []
    for path in sorted(Path(solutions).glob("[0-9][0-9]-*.ipynb")):
        if path.stem in unread:  # its exercise file could not be read: that problem is reported already
            continue
        for exercise_id in called_ids(notebook_json(path)):
            if exercise_id not in declared:
                close = difflib.get_close_matches(exercise_id, declared, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]}?)" if close else ""
                problems.append(f"solutions/{path.name}: a cell calls exercise {exercise_id}, which no exercise file "
                                f"declares{hint}: fix the id in the notebook, or declare the exercise.")
    return problems
