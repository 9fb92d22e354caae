"""Shared fixtures: a registry of fixture exercises covering every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from summit_course import checks, registry
from summit_course.answer_keys import compile_registry

FILES = Path(__file__).parent / "files"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fixture_registry(monkeypatch):
    """Swap the package registry for the fixture exercises in tests/files/exercises."""
    entries = compile_registry(FILES / "exercises")
    table = {e["id"]: registry.Exercise.from_dict(e) for e in entries}
    monkeypatch.setattr(registry, "exercises", lambda: table)
    monkeypatch.setattr(checks, "exercises", lambda: table)
    checks.reset_hints()
    return table
