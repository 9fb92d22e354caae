"""A pytest plugin (loaded from pyproject's addopts): tests and notebooks never write the course's own journal.

Each test worker gets a journal in its own temporary folder, and each notebook nbval runs
gets a fresh one before its kernel starts, so a lesson's ``progress()`` output depends on
that lesson alone and matches its stored output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from summit_course.journal import ENV_VAR

_FOLDER = Path(tempfile.mkdtemp(prefix="summit-journal-"))
os.environ[ENV_VAR] = str(_FOLDER / "tests.jsonl")
_seen: set[str] = set()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the first cell of a notebook runs (its kernel starts then), point it at a fresh journal."""
    path = str(item.fspath)
    if path.endswith(".ipynb") and path not in _seen:
        _seen.add(path)
        os.environ[ENV_VAR] = str(_FOLDER / f"{Path(path).stem}-{len(_seen)}.jsonl")


def pytest_unconfigure(config):
    """Remove this run's journals."""
    import shutil

    shutil.rmtree(_FOLDER, ignore_errors=True)
