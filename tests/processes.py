"""The processes a test's run left behind, found by a mark they carry.

Read through psutil (which ipykernel requires, so it is there wherever the tests run):
a process that ends while it is read, or that this user may not read (one inside a
sandbox's user namespace), is passed over.
"""

from __future__ import annotations

import psutil

__all__ = ["processes_carrying"]


def _carries(process: psutil.Process, mark: str) -> bool:
    try:
        return mark in " ".join(process.cmdline()) or any(mark in value for value in process.environ().values())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def processes_carrying(mark: str) -> list[psutil.Process]:
    """The processes whose command line or environment holds ``mark``."""
    return [process for process in psutil.process_iter() if _carries(process, mark)]
