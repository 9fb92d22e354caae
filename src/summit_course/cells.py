"""Which cells ran, which names they set and whether they failed, from IPython's own events.

Inside an IPython kernel the package registers a ``pre_run_cell`` and a ``post_run_cell``
callback (:func:`install`). For each cell that runs, the tracker notes the names it binds
(:func:`summit_course.names.assigned_names`) and the error it stopped with, if any, under
the cell's id (JupyterLab, Notebook 7 and nbclient send one). :func:`check` asks
:func:`stale_reason` before grading: it gives no verdict unless the answer cell (the cell
that last set the variable) set it, without error, in its latest run. So a check never
grades an old value after its answer cell failed, after the cell was edited to set another
name (a typo), or when no cell set it since the kernel started. After a failed cell it
prints one plain line under the traceback (:mod:`summit_course.errors`). Outside IPython
nothing is registered and nothing changes.
"""

from __future__ import annotations

import ast
import difflib
import itertools
import sys
from dataclasses import dataclass

from .names import assigned_names, read_names

__all__ = ["CellRun", "CellTracker", "assigned_names", "compared_texts", "install", "source_of", "stale_reason",
           "tracker"]

NOT_GRADED = "this check did not grade the old value."


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _error_of(result) -> BaseException | None:
    return getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)


def _code_list(names) -> str:
    shown = [f"`{n}`" for n in list(names)[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


@dataclass(frozen=True)
class CellRun:
    """One run of a cell: its source, the names it binds, the error it stopped with (a type name)."""

    source: str
    names: tuple[str, ...]
    error: str | None
    cell_id: str | None = None


class CellTracker:
    """One kernel's record: each cell's latest run, and which cell last set each name."""

    def __init__(self, shell):
        self.shell = shell
        self.runs: dict[object, CellRun] = {}  # a cell's id (or a run number) -> its latest run
        self.setter: dict[str, object] = {}  # name -> the key of the cell whose run last set it
        self.last_source: dict[str, str] = {}  # name -> the source of the last run that set it
        self.previous: CellRun | None = None  # the run before the current cell
        self.current_source = ""
        self.noted: set[object] = set()  # the keys of cells whose latest run printed a Note
        self._numbers = itertools.count()

    def _source(self, info) -> str:
        raw = getattr(info, "raw_cell", None) or ""
        try:
            return self.shell.transform_cell(raw)  # magics become Python
        except Exception:
            return raw

    @property
    def known(self) -> set[str]:
        """Every name a cell set in this kernel."""
        return set(self.setter)

    def pre_run_cell(self, info) -> None:
        self.current_source = self._source(info)

    def post_run_cell(self, result) -> None:
        info = getattr(result, "info", None)
        source = self._source(info) if info is not None else self.current_source
        error = _error_of(result)
        cell_id = getattr(info, "cell_id", None) or None
        run = CellRun(source, tuple(assigned_names(source)), type(error).__name__ if error else None, cell_id)
        key = cell_id if cell_id is not None else ("run", next(self._numbers))
        self.runs[key] = run
        for name in run.names:
            self.setter[name] = key
            self.last_source[name] = source
        self.previous = run
        if error is not None and self.print_note(error, source):
            self.noted.add(key)
        else:
            self.noted.discard(key)

    def failed(self) -> dict[str, str]:
        """Names without a value whose setting cell, in its latest run, stopped with an error (and which)."""
        current = self.previous
        spaces = getattr(self.shell, "user_ns", {})
        return {name: run.error for name, key in self.setter.items()
                if (run := self.runs[key]).error and run is not current and name not in spaces}

    def print_note(self, error: BaseException, source: str) -> bool:
        """Print one plain line under the traceback for the common beginner errors; whether one was printed."""
        try:
            from . import data, errors, registry

            variables = {e.variable for e in registry.exercises().values()}
            defined = {n for n in getattr(self.shell, "user_ns", {}) if not n.startswith("_")}
            try:
                tables = set(data.table_names())
            except Exception:  # no course folder: no table names to offer
                tables = set()
            noted = {name for name, key in self.setter.items() if key in self.noted}
            line = errors.note(error, source, self.known | variables, set_here=self.known, failed=self.failed(),
                               defined=defined, tables=tables, noted=noted)
        except Exception:
            return False
        if line:
            print(f"Note: {line}")
        return bool(line)

    def stale_reason(self, variable: str) -> str | None:
        """Why ``variable``'s current value must not be graded, or None when it may be."""
        source = self.current_source
        if variable not in read_names(source) or variable in assigned_names(source):
            return None  # the check was given something else, or sets the value itself
        key = self.setter.get(variable)
        if key is None:
            return (f"The cell that sets `{variable}` has not run since the kernel started "
                    f"(or since the setup cell): run it, then run this check again; {NOT_GRADED}")
        run = self.runs[key]
        if run.error is not None:
            return f"Your answer cell stopped with {run.error}: fix it and run it again; {NOT_GRADED}"
        if variable not in run.names:
            return self._set_instead(variable, run.names)
        previous = self.previous
        if previous is not None and previous.cell_id is None and previous.error is None:
            # no cell ids (an older front end): a cell run just before the check that set a near miss
            near = difflib.get_close_matches(variable, previous.names, n=3, cutoff=0.75)
            if near and variable not in previous.names:
                return self._set_instead(variable, near)
        return None

    @staticmethod
    def _set_instead(variable: str, names) -> str:
        if not names:
            return (f"Your answer cell, in its latest run, set no name: it should set `{variable}` "
                    f"(`{variable} = ...`). Run it, then run this check again; {NOT_GRADED}")
        return (f"Your answer cell, in its latest run, set {_code_list(names)}, not `{variable}`: write "
                f"`{variable} = ...` (spelled exactly so), run it, then run this check again; {NOT_GRADED}")


tracker: CellTracker | None = None


def install(shell=None) -> CellTracker | None:
    """Register the tracker with the running IPython shell; do nothing outside IPython.

    IPython is never imported here: if it is not loaded already, there is no kernel.
    """
    global tracker
    if shell is None:
        ipython = sys.modules.get("IPython")
        get = getattr(ipython, "get_ipython", None)
        shell = get() if get else None
    if shell is None or not hasattr(shell, "events"):
        return None
    if tracker is not None and tracker.shell is shell:
        return tracker
    if tracker is not None:
        uninstall()
    tracker = CellTracker(shell)
    shell.events.register("pre_run_cell", tracker.pre_run_cell)
    shell.events.register("post_run_cell", tracker.post_run_cell)
    return tracker


def uninstall() -> None:
    """Remove the tracker's callbacks (tests, and a kernel that is replaced)."""
    global tracker
    if tracker is None:
        return
    for event, callback in (("pre_run_cell", tracker.pre_run_cell),
                            ("post_run_cell", tracker.post_run_cell)):
        try:
            tracker.shell.events.unregister(event, callback)
        except ValueError:
            pass
    tracker = None


def _texts_compared_in(source: str) -> list[str]:
    tree = _parse(source) if source else None
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "isin" and node.args:
            parts = getattr(node.args[0], "elts", [])
        else:
            continue
        found += [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return found


def compared_texts(variable: str) -> list[str]:
    """The texts compared with (``== 'x'``, ``.isin([...])``) in the cell that last set ``variable``.

    Also in the cells that last set the names that cell reads (``mun = claims[...]`` in one
    cell, ``n = len(mun)`` in the next).
    """
    if tracker is None:
        return []
    source = tracker.last_source.get(variable, "")
    found = _texts_compared_in(source)
    for name in sorted(read_names(source) - {variable}):
        found += _texts_compared_in(tracker.last_source.get(name, ""))
    return list(dict.fromkeys(found))


def source_of(variable: str) -> str:
    """The source of the cell whose run last set ``variable`` ('' when none did, or outside IPython)."""
    return tracker.last_source.get(variable, "") if tracker is not None else ""


def stale_reason(variable: str) -> str | None:
    """Why the check must not grade ``variable`` now, or None (always None outside IPython)."""
    if tracker is None or not variable:
        return None
    try:
        return tracker.stale_reason(variable)
    except Exception:  # the tracker must never stop a check
        return None
