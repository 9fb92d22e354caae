"""Shared fixtures: a registry of fixture exercises covering every kind, and the tiny fixture course.

The course itself (lessons 90 and 91, their exercises, a dataset, students' submissions) is
written by :mod:`tests.fixture_course`; the fixtures here hand it to the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summit_course import checks, hints, registry
from summit_course.authoring.exercises import compile_registry
from summit_course.grading.assignment import load_assignment
from summit_course.publish.release import release
from tests import sandboxing
from tests.fixture_course import make_course

def pytest_collection_modifyitems(config, items):
    """Group the tests for ``--dist loadgroup`` (make test): a file's tests share one worker, as with
    ``loadfile``, because they share module fixtures; each case of a test marked ``spread`` is a group
    of its own, so slow cases (a lesson run in the browser) run side by side on different workers."""
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            spread = item.get_closest_marker("spread")
            item.add_marker(pytest.mark.xdist_group(item.nodeid if spread else item.nodeid.split("::")[0]))


def pytest_report_header(config):
    if sandboxing.SANDBOXED:
        return "grading sandbox: bubblewrap" + (" (required)" if sandboxing.REQUIRED else "")
    return f"grading sandbox: unavailable, grading tests run unsandboxed, attack tests skipped ({sandboxing.PROBLEM.splitlines()[0]})"


FILES = Path(__file__).parent / "files"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fixture_registry(monkeypatch):
    """Swap the package registry for the fixture exercises in tests/files/exercises."""
    entries = compile_registry(FILES / "exercises")
    table = {e["id"]: registry.Exercise.from_dict(e) for e in entries}
    monkeypatch.setattr(registry, "exercises", lambda: table)
    monkeypatch.setattr(checks, "exercises", lambda: table)
    hints.reset_hints()
    return table


@pytest.fixture
def fresh_course(tmp_path):
    """A fixture course of this test's own: free to change."""
    return make_course(tmp_path / "course")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The fixture course shared by one test module's tests: never change it."""
    return make_course(tmp_path_factory.mktemp("course") / "course")


@pytest.fixture(scope="module")
def manifest(course):
    """The release of lesson 90 of the shared course: its ``assignment.json``."""
    return release(course, course.parent / "release", lessons=["90"]) / "assignment.json"


@pytest.fixture(scope="module")
def assignment(course, manifest):
    """The exercises of that release as the grader sees them, by id."""
    return {e.id: e for e in load_assignment(manifest, course).exercises}
