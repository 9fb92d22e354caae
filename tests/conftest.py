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

#: Test files whose cases may run on different xdist workers (each case is long and shares no
#: module fixture worth keeping: a lesson run in the browser).
SPREAD_FILES = {"tests/browser/test_lessons_in_browser.py"}


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (make test), except that each case of a file in SPREAD_FILES is a unit of
    its own. A file's tests share one worker because they share module fixtures; the lesson runs in
    the browser are the longest tests, so they go side by side. (``--dist loadgroup`` with
    ``xdist_group`` marks would say this per test, but xdist 3.8 cannot mark the groups under
    pytest 9: it sets ``item._nodeid``, which pytest 9 no longer reads.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path in SPREAD_FILES else path

    return FileScheduling(config, log)


def pytest_report_header(config):
    if sandboxing.SANDBOXED:
        return "grading sandbox: bubblewrap" + (" (required)" if sandboxing.REQUIRED else "")
    return f"grading sandbox: unavailable, grading tests run unsandboxed, attack tests skipped ({sandboxing.PROBLEM.splitlines()[0]})"


@pytest.fixture(autouse=True)
def _no_knowledge_cut_left_behind():
    """A lesson's setup cell run in-process (``as_of("2023-09-20")``) sets a cut-off for every later
    ``load()`` in this process: no test may leave one behind for the next test on its worker, and each
    test starts without one."""
    from summit_course import knowledge

    knowledge.as_of(None)
    yield
    knowledge.as_of(None)


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
