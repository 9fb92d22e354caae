"""Summit at Vostochny: the helper package the course's lessons import.

Light on purpose: its helpers load pandas and the student-facing modules only, on first use.
Instructor machinery (nbclient, frictionless) is imported where it is used.
"""

from __future__ import annotations

from . import cells, tables
from ._version import __version__

#: pandas 2.x warns, in pink, on every group-by of a category column that does not say
#: ``observed=``: noise for a beginner, whose lessons say when observed=True matters.
OBSERVED_WARNING = r"The default (value )?of observed=False is deprecated"


def _in_kernel(shell) -> None:
    """What the package does in a notebook: the tracker's hooks, keyboard-scrollable tables, no observed= warning."""
    import warnings

    tables.install(shell)
    warnings.filterwarnings("ignore", message=OBSERVED_WARNING, category=FutureWarning)


# Inside an IPython kernel only: note which cells fail (checks.py uses it), and show tables
# in a region the keyboard can scroll.
if cells.install() is not None:
    _in_kernel(cells.tracker.shell)


def load_ipython_extension(ipython) -> None:
    """``%load_ext summit_course``, or the course kernel at start (``--ext=summit_course``).

    Registers the cell tracker and the table display before any cell runs, so the notes
    under a traceback work before the setup cell (after a restart, too); then starts
    importing what the lessons need in the background (:mod:`summit_course.warm`).
    """
    if cells.install(ipython) is not None:
        _in_kernel(ipython)
    from . import warm

    warm.start()


__all__ = [
    "EVIDENCE_LEVELS", "DatasetError", "Feedback", "__version__", "as_of", "check", "close_forecasts", "datasets",
    "evidence_scale", "hint", "load", "my_forecasts", "progress", "quiz", "score_readings",
]

# Where each public name lives. They are imported on first use (PEP 562), so that a process
# that only needs a subpackage (a grading worker imports ``summit_course.grading.execute``)
# does not load pandas: ``from summit_course import load, check`` in a lesson loads the same.
_LAZY = {
    "Feedback": "checks", "check": "checks", "DatasetError": "data", "datasets": "data", "load": "data",
    "EVIDENCE_LEVELS": "evidence", "evidence_scale": "evidence", "hint": "hints", "quiz": "quizzes",
    "my_forecasts": "standing", "progress": "standing", "as_of": "knowledge",
    "score_readings": "readings", "close_forecasts": "forecast_close",
}


def __getattr__(name):
    """Import a public name's module on first use (``quiz`` loads the widgets, the rest pandas)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summit_course' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
