"""Fixtures for the student runtime's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summit_course import attempts, journal
from tests.student.shells import tracked_shell


@pytest.fixture(autouse=True)
def _own_checks(tmp_path, monkeypatch):
    """Each test its own journal and session: a graded quiz's two checks are counted in both, so
    a test that checks one must not find another test's checks there (``here`` replaces this journal)."""
    monkeypatch.setenv(journal.ENV_VAR, str(tmp_path / "own-journal.jsonl"))
    attempts.reset()
    yield
    attempts.reset()


@pytest.fixture
def shell(fixture_registry):
    """A fresh IPython shell with the tracker registered and the setup cell run."""
    with tracked_shell("from summit_course import check, hint, load") as ip:
        yield ip


@pytest.fixture
def here(tmp_path, monkeypatch):
    """This test's own journal file (not yet written), under a fresh course folder."""
    path = tmp_path / "course" / ".summit" / "journal.jsonl"
    monkeypatch.setenv(journal.ENV_VAR, str(path))
    return path


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """A copy of datasets/ the test may damage, used through SUMMIT_DATA."""
    copy = tmp_path / "datasets"
    shutil.copytree(Path(__file__).resolve().parents[2] / "datasets", copy)
    monkeypatch.setenv("SUMMIT_DATA", str(copy))
    return copy
