"""One plain line under a traceback, for the errors beginners meet first.

The tracker in :mod:`summit_course.cells` calls :func:`note` after a cell fails and prints
the line below IPython's own traceback (never instead of it). Only the common cases get a
line: a name from an earlier cell, the setup cell not run (or not importing a name), a
date, a word or a sentence without quotes, an unfinished text or one quote too many, a
column name that is not in the table, ``==`` given a list where ``.isin`` is meant.
"""

from __future__ import annotations

import ast
import difflib
import re

__all__ = ["note"]

#: What a lesson's setup cell imports from the course package (every public name).
PACKAGE_NAMES = {"check", "hint", "load", "quiz", "explore", "charts", "datasets", "evidence_scale",
                 "progress", "my_forecasts", "EVIDENCE_LEVELS"}
MODULES = {"pd": "import pandas as pd", "np": "import numpy as np"}
SETUP_RAN = {"check", "load"}  # names every setup cell imports: when set, the setup cell ran
RERUN = "run the cells above, or Kernel → Restart Kernel and Run All Cells"
SETUP = "the setup cell at the top of the notebook (`# Run this cell first`)"
_DATE = re.compile(r"(?<![\w'\"])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w'\"])")
_WORDS = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z][^'\"#=()\[\]{}]*\s[^'\"#=()\[\]{}]*)$")


def _name_of(error: NameError) -> str:
    name = getattr(error, "name", None)
    if name:
        return name
    found = re.search(r"name '(\w+)' is not defined", str(error))
    return found.group(1) if found else ""


def _used_as_a_value(name: str, source: str) -> str | None:
    """Where ``name`` sits as a value: the variable it is assigned to, ``""`` in a literal,
    comparison or call, None when it is not used as a value."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Name) \
                and node.value.id == name:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            return next((t.id for t in targets if isinstance(t, ast.Name)), "")
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
            found = ""
    return found


def _name_note(error: NameError, source: str, known: set[str], set_here: set[str]) -> str:
    name = _name_of(error)
    setup_ran = bool(SETUP_RAN & set_here)
    if name in MODULES:
        if setup_ran:
            return (f"`{name}` is not imported in this notebook yet: run `{MODULES[name]}` in a cell, "
                    "then this cell again.")
        return f"`{name}` comes from {SETUP}: run it, then run this cell again."
    if name in PACKAGE_NAMES:
        if setup_ran and name not in SETUP_RAN:
            return (f"This lesson's setup cell does not import `{name}`: run `from summit_course import {name}` "
                    "in a cell, then run this cell again.")
        return f"`{name}` comes from {SETUP}: run it, then run this cell again."
    if name in known:
        return f"`{name}` is set in an earlier cell: {RERUN}."
    target = _used_as_a_value(name, source) if name.isidentifier() else None
    if target and len(name) == 1:
        return (f"A choice is text: put the letter in quotes, `{target} = '{name}'`. "
                f"Without quotes Python looks for a variable called {name}.")
    if target is not None:
        return (f"If {name} is a word or a value from the table, put it in quotes: '{name}'. "
                f"If it is a variable, {RERUN}.")
    return f"If `{name}` is set in an earlier cell, {RERUN}."


def _error_line(error: SyntaxError, source: str) -> str:
    lines = source.splitlines()
    number = getattr(error, "lineno", None) or 0
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _syntax_note(error: SyntaxError, source: str) -> str | None:
    message = str(getattr(error, "msg", "") or error)
    date = _DATE.search(source)
    line = _error_line(error, source)
    if "leading zeros" in message and date:
        return f"A date needs quotes: write '{date.group(0)}', not {date.group(0)}."
    extra = re.search(r'("{4,}|\'{4,})\s*$', line)
    if "unterminated string" in message and extra:
        quote = extra.group(1)[0] * 3
        return (f"One quote too many at the end: a text that starts with {quote} ends with exactly "
                f"three quotes, {quote}. Remove the extra one.")
    if "unterminated string" in message or "EOF while scanning" in message:
        return ("A text must end with the quote it starts with. For a text over several "
                'lines, use three quotes: why = """ ... """.')
    if "unterminated triple-quoted" in message:
        return 'A text that starts with """ must end with """ too.'
    words = _WORDS.match(line)
    if words and "invalid syntax" in message:
        name, text = words.group(1), words.group(2).strip()
        return f'A text needs quotes around it: {name} = """{text}""" (three quotes on each side).'
    return None


def _isin_note(error: ValueError, source: str) -> str | None:
    """``column == ['a', 'b']`` compares row by row with a list: ``.isin`` is what was meant."""
    if "Lengths must match" not in str(error):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.comparators) == 1 \
                and isinstance(node.comparators[0], (ast.List, ast.Tuple, ast.Set)):
            column, values = ast.unparse(node.left), ast.unparse(node.comparators[0])
            negate = "~" if isinstance(node.ops[0], ast.NotEq) else ""
            return (f"`==` compares each row with one value, not with a list. To keep the rows whose value "
                    f"is any of several, use .isin: {negate}{column}.isin({values})")
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
    set_here : set of str
        Names that cells in this kernel did set (so: whether the setup cell ran).
    """
    try:
        if isinstance(error, NameError):
            return _name_note(error, source, known, set_here)
        if isinstance(error, SyntaxError):
            return _syntax_note(error, source)
        if isinstance(error, KeyError):
            return _key_note(error)
        if isinstance(error, ValueError):
            return _isin_note(error, source)
    except Exception:  # a note is a courtesy: it must never add an error of its own
        return None
    return None
