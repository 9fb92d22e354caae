"""Import what the lessons need, in a background thread of the course kernel, while the student reads.

The course kernel (:mod:`summit_course.kernel`) loads the package as an IPython extension
when it starts; the extension starts this thread, so that pandas, the course's helpers and
matplotlib (the first chart's import and font list) are loaded before the setup cell and the
first chart ask for them. The kernel answers at once: the thread only imports, and a cell
that needs a module still being imported waits for that import, never does it twice.
``SUMMIT_WARM=off`` in the kernel's environment switches it off (for measurements).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time

__all__ = ["ENV_VAR", "MODULES", "start"]

ENV_VAR = "SUMMIT_WARM"
#: What a lesson's setup cell and first chart import, in the order they need it.
MODULES = ("pandas", "summit_course.data", "summit_course.knowledge", "summit_course.checks",
           "summit_course.standing", "summit_course.hints", "summit_course.quizzes", "summit_course.explore",
           "summit_course.charts", "matplotlib.figure", "matplotlib.font_manager", "matplotlib.backends.backend_agg",
           "matplotlib.patches", "cycler")


def _warm(delay: float) -> None:
    time.sleep(delay)  # the kernel answers its first requests before the imports compete for the interpreter
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # a module this environment lacks: the cell that needs it says so itself
            pass


def start(delay: float = 0.5) -> threading.Thread | None:
    """Start importing :data:`MODULES` in a daemon thread after ``delay`` seconds (None when switched off)."""
    if os.environ.get(ENV_VAR, "").strip().lower() == "off" or sys.platform == "emscripten":  # no threads in Pyodide
        return None
    thread = threading.Thread(target=_warm, args=(delay,), name="summit-warm", daemon=True)
    try:
        thread.start()
    except RuntimeError:  # a platform without threads
        return None
    return thread
