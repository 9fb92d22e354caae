"""Summit at Vostochny: the helper package the course's lessons import.

Light on purpose: importing it loads pandas and the student-facing helpers only.
Instructor machinery (nbclient, frictionless) is imported where it is used.
"""

from __future__ import annotations

from . import cells
from ._version import __version__
from .checks import Feedback, check
from .data import DatasetError, datasets, load
from .evidence import EVIDENCE_LEVELS, evidence_scale
from .hints import hint

cells.install()  # inside an IPython kernel only: note which cells fail (checks.py uses it)

__all__ = [
    "EVIDENCE_LEVELS", "DatasetError", "Feedback", "__version__", "check", "datasets",
    "evidence_scale", "hint", "load", "quiz",
]


def __getattr__(name):
    """Import the widget module on first use, so ``import summit_course`` stays fast."""
    if name == "quiz":
        from .quizzes import quiz

        return quiz
    raise AttributeError(f"module 'summit_course' has no attribute {name!r}")
