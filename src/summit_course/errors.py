"""One plain line under a traceback, for the errors beginners meet first.

The tracker in :mod:`summit_course.cells` calls :func:`note` after a cell fails and prints
the line below IPython's own traceback (never instead of it). Only the common cases get a
line: a name whose cell failed or has not run, a misspelled name or a table not loaded, the
setup cell not run (or not importing a name), a date, a word, a sentence or the items of a
list without quotes, an unfinished text or one quote too many, and the slips with tables in
:mod:`summit_course.table_errors` and :mod:`summit_course.column_errors`.
"""

from __future__ import annotations

import ast
import difflib
import re

from . import column_errors, table_errors, time_slips

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


def _setup_first(name: str, table: bool) -> str:
    """After a restart nothing is set, not even what the setup cell imports: that cell comes first."""
    then = (f"then load `{name}` if the setup cell does not (`{name} = load('{name}')`)" if table
            else f"then the cells above that set `{name}`")
    return (f"Nothing has run since the kernel started, not even {SETUP}: run it first, {then}, and run this "
            "cell again. (Kernel → Restart Kernel and Run All Cells does all of it.)")


def _failed_note(name: str, error: str, noted: bool) -> str:
    how = " (the Note under its error says how)" if noted else ""
    return (f"The cell that sets `{name}` stopped with {error} before `{name}` got a value: fix that cell "
            f"first{how}, run it, then run this cell again.")


def _close_name(name: str, defined: set[str], tables: set[str]) -> str | None:
    """A name that exists (or a table of the course) spelled nearly like ``name``."""
    if name in tables and name not in defined:
        return (f"`{name}` is one of the course's tables, not loaded in this notebook yet: load it with "
                f"`{name} = load('{name}')`, then run this cell again.")
    close = difflib.get_close_matches(name, sorted(defined), n=1, cutoff=0.75)
    if close:
        return f"There is no `{name}` in this notebook. Did you mean `{close[0]}`? Names must be spelled exactly."
    close = difflib.get_close_matches(name, sorted(tables), n=1, cutoff=0.75)
    if close:
        return (f"There is no `{name}`. Did you mean the table `{close[0]}`? Load it with "
                f"`{close[0]} = load('{close[0]}')`.")
    return None


def _name_note(error: NameError, source: str, known: set[str], set_here: set[str], failed: dict[str, str],
               defined: set[str], tables: set[str], noted: set[str]) -> str:
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
    if name in failed:
        return _failed_note(name, failed[name], name in noted)
    query = table_errors.unquoted_in_query(name, source) if name not in defined else None
    if query:
        return query
    if not setup_ran and not (len(name) == 1 and _used_as_a_value(name, source)):
        return _setup_first(name, name in tables)
    if name in known and name not in set_here:
        misspelled = difflib.get_close_matches(name, sorted(defined - {name}), n=1, cutoff=0.75)
        if misspelled:  # an answer variable never set, beside a name spelled nearly like it
            return (f"`{name}` has no value yet, but a cell sets `{misspelled[0]}`: if that is your answer, "
                    f"spell it `{name}` in its cell (the name the exercise asks for), run that cell, then this one.")
    if name in known:
        return f"`{name}` is set in an earlier cell: {RERUN}."
    target = _used_as_a_value(name, source) if name.isidentifier() else None
    if target and len(name) == 1:
        return (f"A choice is text: put the letter in quotes, `{target} = '{name}'`. "
                f"Without quotes Python looks for a variable called {name}.")
    close = _close_name(name, defined, tables)
    if close:
        return close
    if target is not None:
        return (f"If {name} is a word or a value from the table, put it in quotes: '{name}'. "
                f"If it is a variable, {RERUN}.")
    return f"If `{name}` is set in an earlier cell, {RERUN}."


def _error_line(error: SyntaxError, source: str) -> str:
    lines = source.splitlines()
    number = getattr(error, "lineno", None) or 0
    return lines[number - 1] if 0 < number <= len(lines) else ""


_BRACKETS = {"{": "}", "[": "]", "(": ")"}
_LITERAL = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([\[{(])([^'\"\[\]{}()]*)([\]})])[ \t]*$")


def _unquoted_items(line: str) -> str | None:
    """``hosts = {Choe Son Hui, Kim Jong Un}``: names of several words, without quotes."""
    found = _LITERAL.match(line)
    if not found or _BRACKETS[found.group(2)] != found.group(4):
        return None
    items = [item.strip() for item in found.group(3).split(",") if item.strip()]
    if not any(" " in item for item in items):
        return None
    quoted = ", ".join(repr(item) for item in items)
    return (f"Each text needs quotes of its own: {found.group(1)} = {found.group(2)}{quoted}{found.group(4)}. "
            "Without quotes Python reads the words as names of variables.")


_APOSTROPHE = re.compile(r"^[^\"]*'[^'\"]*?\b([A-Za-z]+'[A-Za-z]+)\b")


def _open_triple_quote(source: str) -> bool:
    """Whether a text opened with three quotes is never closed (an odd count of them)."""
    return any(source.count(quote) % 2 for quote in ('"""', "'''"))


def _resolve(node: ast.AST, space: dict):
    """The object a name or a dotted name (``model.compute``) stands for, read without calling anything."""
    if isinstance(node, ast.Name):
        return space.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, space)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _called_with(keyword: str, source: str, space: dict):
    """The function the cell calls with ``keyword=``, or None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and any(k.arg == keyword for k in node.keywords):
            return _resolve(node.func, space)
    return None


def _keyword_note(error: TypeError, source: str) -> str | None:
    """``f(w_sanction=...)`` where ``f`` takes ``w_sanctions``: the close keyword and all of them."""
    found = re.search(r"(\w+)\(\) got an unexpected keyword argument '(\w+)'", str(error))
    if not found:
        return None
    function, keyword = found.groups()
    frame, tb = None, error.__traceback__
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
    space = {**frame.f_globals, **frame.f_locals} if frame is not None else {}
    called = _called_with(keyword, source, space) or space.get(function)
    try:
        import inspect

        names = [p.name for p in inspect.signature(called).parameters.values()
                 if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    except (TypeError, ValueError):
        return None
    close = difflib.get_close_matches(keyword, names, n=1, cutoff=0.6)
    maybe = f"Did you mean `{close[0]}`? " if close else ""
    return (f"`{function}` has no keyword `{keyword}`. {maybe}Its keywords are: "
            + ", ".join(f"`{n}`" for n in names) + ".")


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
    apostrophe = _APOSTROPHE.search(line) if "unterminated string" in message else None
    if apostrophe:
        return (f'The apostrophe in "{apostrophe.group(1)}" ends the text early: Python reads it as the closing '
                f"quote. Put the text in double quotes, \"…{apostrophe.group(1)}…\", or in three quotes, "
                '""" … """.')
    if "unterminated string" in message or "EOF while scanning" in message:
        return ("A text must end with the quote it starts with. For a text over several "
                'lines, use three quotes: why = """ ... """.')
    if "unterminated triple-quoted" in message or ("incomplete input" in message and _open_triple_quote(source)):
        return 'A text that starts with """ must end with """ too.'
    items = _unquoted_items(line) if "invalid syntax" in message else None
    if items:
        return items
    words = _WORDS.match(line)
    if words and "invalid syntax" in message:
        name, text = words.group(1), words.group(2).strip()
        return f'A text needs quotes around it: {name} = """{text}""" (three quotes on each side).'
    return None


def note(error: BaseException | None, source: str, known: set[str] = frozenset(),
         set_here: set[str] = frozenset(), failed: dict[str, str] | None = None,
         defined: set[str] = frozenset(), tables: set[str] = frozenset(),
         noted: set[str] = frozenset()) -> str | None:
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
    failed : dict
        Names whose setting cell, in its latest run, stopped with an error (its type's name)
        and left them without a value.
    defined : set of str
        The names the notebook holds now (for "did you mean").
    tables : set of str
        The course's table names (``events``, ``claims``, ...).
    noted : set of str
        Names in ``failed`` whose cell had a Note printed under its error.
    """
    try:
        if isinstance(error, NameError):
            return _name_note(error, source, set(known), set(set_here), dict(failed or {}), set(defined),
                              set(tables), set(noted))
        if isinstance(error, SyntaxError):
            return _syntax_note(error, source)
        if isinstance(error, KeyError):
            return column_errors.key_note(error, source)
        if isinstance(error, ValueError):
            return table_errors.first_note(table_errors.value_notes, error, source)
        if isinstance(error, TypeError):
            return table_errors.first_note(table_errors.type_notes, error, source) or _keyword_note(error, source)
        if isinstance(error, AttributeError):
            return time_slips.attribute_note(error, source)
    except Exception:  # a note is a courtesy: it must never add an error of its own
        return None
    return None
