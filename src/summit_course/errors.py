"""One plain line under a traceback, for the errors beginners meet first.

The tracker in :mod:`summit_course.cells` calls :func:`note` after a cell fails and prints
the line below IPython's own traceback (never instead of it). Only the common cases get a
line: a name from an earlier cell, the setup cell not run, a date or word without quotes,
an unfinished text, a column name that is not in the table.
"""

from __future__ import annotations

import ast
import difflib
import re

__all__ = ["note"]

SETUP_NAMES = {"check", "hint", "load", "quiz", "explore", "charts", "datasets", "pd", "np"}
RERUN = "run the cells above, or Kernel → Restart Kernel and Run All Cells"
_DATE = re.compile(r"(?<![\w'\"])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w'\"])")


def _name_of(error: NameError) -> str:
    name = getattr(error, "name", None)
    if name:
        return name
    found = re.search(r"name '(\w+)' is not defined", str(error))
    return found.group(1) if found else ""


def _used_as_a_value(name: str, source: str) -> bool:
    """True when ``name`` sits where a value goes: in a literal, a comparison or a call's arguments."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [*node.keys, *node.values]
        elif isinstance(node, ast.Compare):
            elts = [node.left, *node.comparators]
        elif isinstance(node, ast.Call):
            elts = node.args
        else:
            continue
        if any(isinstance(e, ast.Name) and e.id == name for e in elts if e is not None):
            return True
    return False


def _name_note(error: NameError, source: str, known: set[str]) -> str:
    name = _name_of(error)
    if name in SETUP_NAMES:
        return (f"`{name}` comes from the setup cell at the top of the notebook "
                "(`# Run this cell first`): run it, then run this cell again.")
    if name in known:
        return f"`{name}` is set in an earlier cell: {RERUN}."
    if name.isalpha() and _used_as_a_value(name, source):
        return (f"If {name} is a word or a value from the table, put it in quotes: '{name}'. "
                f"If it is a variable, {RERUN}.")
    return f"If `{name}` is set in an earlier cell, {RERUN}."


def _syntax_note(error: SyntaxError, source: str) -> str | None:
    message = str(getattr(error, "msg", "") or error)
    date = _DATE.search(source)
    if "leading zeros" in message and date:
        return f"A date needs quotes: write '{date.group(0)}', not {date.group(0)}."
    if "unterminated string" in message or "EOF while scanning" in message:
        return ("A text must end with the quote it starts with. For a text over several "
                'lines, use three quotes: why = """ ... """.')
    if "unterminated triple-quoted" in message:
        return 'A text that starts with """ must end with """ too.'
    return None


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


def _key_note(error: KeyError) -> str | None:
    frame = _frame_in(error.__traceback__)
    if frame is None or not error.args or not isinstance(error.args[0], str):
        return None
    key = error.args[0]
    labels = [str(c) for c in (frame.columns if hasattr(frame, "columns") else frame.index)][:200]
    what = "column" if hasattr(frame, "columns") else "label"
    close = difflib.get_close_matches(key, labels, n=3, cutoff=0.6)
    if not close:
        close = [c for c in labels if c.lower() == key.lower().strip()]
    if close:
        return f"There is no {what} '{key}'. Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{c}'" for c in labels[:12]) + (" …" if len(labels) > 12 else "")
    return f"There is no {what} '{key}'. The {what}s are: {shown}."


def note(error: BaseException | None, source: str, known: set[str] = frozenset(),
         set_here: set[str] = frozenset()) -> str | None:
    """One plain line for a beginner, or None when there is nothing useful to add.

    Parameters
    ----------
    error : BaseException
        What the cell stopped with.
    source : str
        The cell's source.
    known : set of str
        Names that cells in this kernel assign, or that are exercises' answer variables.
    """
    try:
        if isinstance(error, NameError):
            return _name_note(error, source, known)
        if isinstance(error, SyntaxError):
            return _syntax_note(error, source)
        if isinstance(error, KeyError):
            return _key_note(error)
    except Exception:  # a note is a courtesy: it must never add an error of its own
        return None
    return None
