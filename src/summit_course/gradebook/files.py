"""Write a file whole or not at all: into a temporary file beside it, then renamed over it.

Every export, feedback page and report goes through here, so a command that stops half-way
(an error, Ctrl+C, a full disk) leaves the previous file exactly as it was.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from .errors import UsageError

__all__ = ["write_rows", "write_text"]


def _replace(path, fill, encoding: str = "utf-8") -> Path:
    """Call ``fill(handle)`` on a temporary text file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError(f"There is no folder {path.parent} to write {path.name} into; nothing was written.")
    handle = tempfile.NamedTemporaryFile("w", encoding=encoding, newline="", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # mkstemp makes 0600
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path


def write_rows(path, rows, *, bom: bool = False) -> Path:
    """Write CSV ``rows`` (UTF-8, comma-separated) to ``path`` atomically.

    With ``bom``, the file starts with a UTF-8 byte-order mark: a sheet people open in a
    spreadsheet needs it, or Excel reads the text as Windows-1252 ("TrÃ¨s" for "Très").
    """
    return _replace(path, lambda handle: csv.writer(handle).writerows(rows), "utf-8-sig" if bom else "utf-8")


def write_text(path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return _replace(path, lambda handle: handle.write(text))
