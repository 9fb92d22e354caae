"""Issue #28, problem 5: ``summit-course new-lesson`` gives a lesson that passes the tests, and nothing counts nine.

The lesson is added to a copy of the course (the course's own lessons stay as they are):
the copy's structure tests, strict nbval on the new solution, lax nbval on its student copy
and the progress() tests all pass with ten lessons, and the README's table lists it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summit_course.authoring import Course
from summit_course.authoring.scaffold import ScaffoldError, new_lesson, slug_of
from summit_course.authoring.update import update
from summit_course.cli import main

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Trade after the summit"


def _copy(target: Path) -> Path:
    for folder in ("solutions", "lessons", "datasets"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "README.md", target / "README.md")
    (target / "src" / "summit_course").mkdir(parents=True)
    shutil.copy(Course(ROOT).registry, Course(target).registry)
    return target


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)


def test_slugs_and_refusals(tmp_path):
    course = Course(_copy(tmp_path / "course"))
    assert slug_of("Trade after the summit: what moved, and what did not") == "trade-after-the-summit-what-moved"
    for number, title, says in (("9", TITLE, "two digits"), ("03", TITLE, "Lesson 03 exists already"),
                                ("09", "!!", "a title with letters")):
        with pytest.raises(ScaffoldError, match=says):
            new_lesson(course, number, title)
    assert not list(course.solutions.glob("09-*"))


@pytest.mark.slow
def test_a_new_lesson_passes_the_tests_and_is_listed(tmp_path, capsys):
    root = _copy(tmp_path / "course")
    course = Course(root)
    assert main(["--root", str(root), "new-lesson", "09", TITLE, "--no-build"]) == 0
    path = root / "solutions" / "09-trade-after-the-summit.ipynb"
    assert path.is_file() and (root / "solutions" / "exercises" / "09-trade-after-the-summit.toml").is_file()
    plan = update(course, run=False)  # builds files only; says what build would re-run
    assert {p.name: why for p, why in plan.stale.items()} == {
        "00-start-here.ipynb": ["the course's list of exercises changed (it shows progress())"],
        "09-trade-after-the-summit.ipynb": ["no record of a run with `summit-course run` or `build`"]}
    update(course, only=[path])
    assert "| 09 | `09-trade-after-the-summit` | Trade after the summit | count the rows of a course table; say " \
           "what a table can and cannot tell |" in (root / "README.md").read_text()
    registry = str(course.registry)

    structure = _pytest("tests/test_lesson_structure.py", "-rA", SUMMIT_COURSE_ROOT=str(root))
    assert structure.returncode == 0, structure.stdout[-3000:]
    assert "PASSED tests/test_lesson_structure.py::test_an_added_lesson_meets_the_lighter_minimums[09-trade" \
           in structure.stdout
    notebooks = _pytest("--nbval", str(path), "--nbval-current-env", "--nbval-sanitize-with",
                        "tests/nbval_sanitize.cfg", SUMMIT_REGISTRY=registry)
    assert notebooks.returncode == 0, notebooks.stdout[-3000:]
    student = _pytest("--nbval-lax", str(root / "lessons" / path.name), "--nbval-current-env", SUMMIT_REGISTRY=registry)
    assert student.returncode == 0, student.stdout[-3000:]
    progress = _pytest("tests/student/test_progress.py", "-k", "text_is_stable or accessible_table",
                       SUMMIT_REGISTRY=registry)
    assert progress.returncode == 0 and "2 passed" in progress.stdout, progress.stdout[-3000:]


def test_a_new_lesson_can_be_released_as_it_is(fresh_course, tmp_path):
    """Its placeholder rubric must not stand verbatim in the package the bundle carries (the leak scan)."""
    from summit_course.publish.release import release

    new_lesson(Course(fresh_course), "92", "A lesson of my own")
    bundle = release(fresh_course, tmp_path / "release", lessons=["92"])
    assert (bundle / "lessons" / "92-a-lesson-of-my-own.ipynb").is_file()
