"""The errors an instructor can fix: the command line shows their message, and nothing else.

Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(ValueError):
    """Input an instructor can fix (a path, an option, a file's content); the message says what to do."""
