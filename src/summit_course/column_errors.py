"""Notes for a ``KeyError`` from a table: a column that is not there, read from the table and the cell's code.

A misspelt column gets the names that come close; several columns in single brackets get double
brackets; a column of a course table that a cell dropped gets "load the table again".
:mod:`summit_course.errors` calls :func:`key_note`.
"""

from __future__ import annotations

import ast
import difflib

from .table_errors import nodes

__all__ = ["key_note"]


def _frame_in(traceback):
    """The DataFrame (or Series) whose ``[...]`` raised, found in the traceback's frames."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return None
    found = None
    while traceback is not None:
        owner = traceback.tb_frame.f_locals.get("self")
        if isinstance(owner, (pd.DataFrame, pd.Series)) and found is None:
            found = owner
        traceback = traceback.tb_next
    return found


def _several_columns(key: tuple, labels: list[str], source: str) -> str | None:
    """``table['a', 'b']``: several columns are taken with a list inside the brackets."""
    if not all(isinstance(k, str) and k in labels for k in key):
        return None
    names = ", ".join(repr(k) for k in key)
    for node in nodes(source, ast.Subscript):
        if isinstance(node.slice, ast.Tuple) and [getattr(e, "value", None) for e in node.slice.elts] == list(key):
            return (f"To take several columns, put their names in a list inside the brackets (double brackets): "
                    f"{ast.unparse(node.value)}[[{names}]]")
    return f"To take several columns, put their names in a list inside the brackets (double brackets): [[{names}]]"


def _course_table_of(column: str, labels: list[str]) -> str | None:
    """The course table that has ``column`` and every column of a table (``labels``) that lacks it: the table
    was that one, less the column."""
    from . import data
    try:
        tables = {name: {f["name"] for f in data.schema(name)["fields"]} for name in data.table_names()}
    except Exception:  # no course data here: nothing to say
        return None
    return next((name for name, columns in tables.items() if column in columns and labels
                 and set(labels) <= columns), None)


def key_note(error: KeyError, source: str = "") -> str | None:
    """A column or label that is not in the table, with the names that come close."""
    frame = _frame_in(error.__traceback__)
    if frame is None or not error.args:
        return None
    key = error.args[0]
    labels = [str(c) for c in (frame.columns if hasattr(frame, "columns") else frame.index)][:200]
    if isinstance(key, tuple) and hasattr(frame, "columns"):
        return _several_columns(key, labels, source)
    if not isinstance(key, str):
        return None
    what = "column" if hasattr(frame, "columns") else "label"
    dropped = _course_table_of(key, labels) if what == "column" else None
    if dropped:
        return (f"This table has no column '{key}' any more, though the course's table {dropped} has one: a cell "
                f"removed it (with .drop, or by keeping only some columns). Run `{dropped} = load(\"{dropped}\")` "
                "again, then the cells after it.")
    close = difflib.get_close_matches(key, labels, n=3, cutoff=0.6)
    if not close:
        close = [c for c in labels if c.lower() == key.lower().strip()]
    if close:
        return f"There is no {what} '{key}'. Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{c}'" for c in labels[:12]) + (" …" if len(labels) > 12 else "")
    return f"There is no {what} '{key}'. The {what}s are: {shown}."
