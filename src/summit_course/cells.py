"""Which cells ran, which names they set and whether they failed, from IPython's own events.

Imported inside an IPython kernel, the package registers a ``pre_run_cell`` and a
``post_run_cell`` callback (:func:`install`). For each cell that runs, the tracker notes the
names it assigns (read from the cell's source with :mod:`ast`) and the error it stopped
with, if any. :func:`check` asks :func:`stale_reason` before grading, so a check never
grades an old value after its answer cell failed, or a value no cell set since the kernel
started. After a failed cell it prints one plain line under the traceback
(:mod:`summit_course.errors`). Outside IPython nothing is registered and nothing changes.
"""

from __future__ import annotations

import ast
import re
import sys

from .names import assigned_names

__all__ = ["CellTracker", "assigned_names", "compared_texts", "install", "stale_reason", "tracker"]

def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _loaded_names(source: str) -> set[str]:
    tree = _parse(source)
    if tree is None:
        return set(re.findall(r"[A-Za-z_]\w*", source))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _error_of(result) -> BaseException | None:
    return getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)


class CellTracker:
    """One kernel's record: for each name, the error of the last cell that assigned it."""

    def __init__(self, shell):
        self.shell = shell
        self.last_error: dict[str, str | None] = {}  # name -> error type name, or None if it ran
        self.last_source: dict[str, str] = {}  # name -> the source of the last cell that set it
        self.current_source = ""

    def _source(self, info) -> str:
        raw = getattr(info, "raw_cell", None) or ""
        try:
            return self.shell.transform_cell(raw)  # magics become Python
        except Exception:
            return raw

    def pre_run_cell(self, info) -> None:
        self.current_source = self._source(info)

    def post_run_cell(self, result) -> None:
        info = getattr(result, "info", None)
        source = self._source(info) if info is not None else self.current_source
        error = _error_of(result)
        for name in assigned_names(source):
            self.last_error[name] = type(error).__name__ if error is not None else None
            self.last_source[name] = source
        if error is not None:
            self.print_note(error, source)

    def print_note(self, error: BaseException, source: str) -> None:
        """Print one plain line under the traceback for the common beginner errors."""
        try:
            from . import errors, registry

            known = set(self.last_error) | {e.variable for e in registry.exercises().values()}
            line = errors.note(error, source, known)
        except Exception:
            return
        if line:
            print(f"Note: {line}")

    def stale_reason(self, variable: str) -> str | None:
        """Why ``variable``'s current value must not be graded, or None when it may be."""
        source = self.current_source
        if variable not in _loaded_names(source) or variable in assigned_names(source):
            return None  # the check was given something else, or sets the value itself
        if variable not in self.last_error:
            return (f"The cell that sets `{variable}` has not run since the kernel started "
                    "(or since the setup cell): run it, then run this check again; this check "
                    "did not grade the old value.")
        error = self.last_error[variable]
        if error is not None:
            return (f"Your answer cell stopped with {error}: fix it and run it again; "
                    "this check did not grade the old value.")
        return None


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


def compared_texts(variable: str) -> list[str]:
    """The texts the last cell that set ``variable`` compares with (``== 'x'``, ``.isin([...])``)."""
    source = tracker.last_source.get(variable, "") if tracker is not None else ""
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
    return list(dict.fromkeys(found))


def stale_reason(variable: str) -> str | None:
    """Why the check must not grade ``variable`` now, or None (always None outside IPython)."""
    if tracker is None or not variable:
        return None
    try:
        return tracker.stale_reason(variable)
    except Exception:  # the tracker must never stop a check
        return None
