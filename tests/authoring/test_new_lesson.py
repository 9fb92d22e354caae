"""Issue #28, problem 5: ``summit-course new-lesson`` gives a lesson that passes the tests, and nothing counts nine.

The lesson is added to a copy of the course (the course's own lessons stay as they are), with
the next free number (a teacher's own lesson 09 must not collide with it): the copy's structure
tests, strict nbval on the new solution, lax nbval on its student copy, the progress() tests,
the knowledge-date tests and the lesson's run in the browser all pass on the untouched
skeleton, and the README's table lists it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from summit_course.authoring import Course
from summit_course.authoring.scaffold import ScaffoldError, new_lesson, slug_of
from summit_course.authoring.update import update
from summit_course.cli import main

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Trade after the summit"
TAKEN = [p.name[:2] for p in Course(ROOT).notebooks()]
#: The next free lesson number: a teacher's own lesson 09 must not collide with this test's.
NUMBER = f"{max(int(n) for n in TAKEN) + 1:02d}"
STEM = f"{NUMBER}-trade-after-the-summit"


def _copy(target: Path) -> Path:
    for folder in ("solutions", "lessons", "datasets"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "README.md", target / "README.md")
    (target / "src" / "summit_course").mkdir(parents=True)
    shutil.copy(Course(ROOT).registry, Course(target).registry)
    return target


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=900)


def test_slugs_and_refusals(tmp_path):
    course = Course(_copy(tmp_path / "course"))
    assert slug_of("Trade after the summit: what moved, and what did not") == "trade-after-the-summit-what-moved"
    for number, title, says in (("9", TITLE, "two digits"), (TAKEN[0], TITLE, f"Lesson {TAKEN[0]} exists already"),
                                (NUMBER, "!!", "a title with letters")):
        with pytest.raises(ScaffoldError, match=says):
            new_lesson(course, number, title)
    assert not list(course.solutions.glob(f"{NUMBER}-*"))


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """A copy of the course with the new lesson as `new-lesson` writes it, planned, then run."""
    root = _copy(tmp_path_factory.mktemp("added") / "course")
    course = Course(root)
    assert main(["--root", str(root), "new-lesson", NUMBER, TITLE, "--no-build"]) == 0
    path = root / "solutions" / f"{STEM}.ipynb"
    plan = update(course, run=False)  # builds files only; says what build would re-run
    update(course, only=[path])
    env = {"SUMMIT_COURSE_ROOT": str(root), "SUMMIT_REGISTRY": str(course.registry),
           "SUMMIT_DATA": str(course.datasets)}
    return SimpleNamespace(root=root, course=course, path=path, plan=plan, env=env)


def test_a_new_lesson_names_the_course_kernel(added):
    """The walkthrough: new-lesson wrote the display name "Python 3", and tests/student/test_kernel.py failed."""
    kernel = _pytest("tests/student/test_kernel.py", "-k", "names_the_course_kernel", **added.env)
    assert kernel.returncode == 0 and "1 passed" in kernel.stdout, kernel.stdout[-3000:]


@pytest.mark.slow
def test_a_new_lesson_passes_the_tests_and_is_listed(added):
    root, path = added.root, added.path
    assert (root / "solutions" / "exercises" / f"{STEM}.toml").is_file()
    assert {p.name: why for p, why in added.plan.stale.items()} == {
        "00-start-here.ipynb": ["the course's list of exercises changed (it shows progress())"],
        f"{STEM}.ipynb": ["no record of a run with `summit-course run` or `build`"]}
    assert f"| {NUMBER} | `{STEM}` | Trade after the summit | count the rows of a course table; say " \
           "what a table can and cannot tell |" in (root / "README.md").read_text()
    registry = added.env["SUMMIT_REGISTRY"]

    structure = _pytest("tests/test_lesson_structure.py", "-rA", SUMMIT_COURSE_ROOT=str(root))
    assert structure.returncode == 0, structure.stdout[-3000:]
    assert f"PASSED tests/test_lesson_structure.py::test_an_added_lesson_meets_the_lighter_minimums[{STEM}]" \
           in structure.stdout
    notebooks = _pytest("--nbval", str(path), "--nbval-current-env", "--nbval-sanitize-with",
                        "tests/nbval_sanitize.cfg", SUMMIT_REGISTRY=registry)
    assert notebooks.returncode == 0, notebooks.stdout[-3000:]
    student = _pytest("--nbval-lax", str(root / "lessons" / path.name), "--nbval-current-env", SUMMIT_REGISTRY=registry)
    assert student.returncode == 0, student.stdout[-3000:]
    progress = _pytest("tests/student/test_progress.py", "-k", "text_is_stable or accessible_table",
                       SUMMIT_REGISTRY=registry)
    assert progress.returncode == 0 and "2 passed" in progress.stdout, progress.stdout[-3000:]


@pytest.mark.slow
def test_a_new_lesson_has_a_knowledge_date_and_keeps_to_it(added):
    """The walkthrough: the untouched skeleton failed test_knowledge_dates (no ``knowledge_date``)."""
    cases = [f"tests/content/test_knowledge_dates.py::{test}[{STEM}]" for test in
             ("test_every_lesson_declares_a_knowledge_date", "test_lesson_shows_nothing_after_its_knowledge_date")]
    dates = _pytest(*cases, "tests/content/test_knowledge_dates.py::"
                    "test_a_lesson_that_cuts_the_tables_cuts_them_at_its_knowledge_date", **added.env)
    assert dates.returncode == 0 and "3 passed" in dates.stdout, dates.stdout[-3000:]


@pytest.mark.slow
@pytest.mark.browser
def test_a_new_lesson_runs_in_the_browser_without_a_widget(added):
    """The walkthrough: the browser test asked every lesson for an exploring widget; a lesson you add need not have one."""
    run = _pytest(f"tests/browser/test_lessons_in_browser.py::test_lesson_in_the_browser[{STEM}.ipynb]", "-rs",
                  **added.env)
    if "1 skipped" in run.stdout:
        pytest.skip(run.stdout.strip().splitlines()[-2][:300])
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout[-3000:]


def test_a_new_lesson_can_be_released_as_it_is(fresh_course, tmp_path):
    """Its placeholder rubric must not stand verbatim in the package the bundle carries (the leak scan)."""
    from summit_course.publish.release import release

    new_lesson(Course(fresh_course), "92", "A lesson of my own")
    bundle = release(fresh_course, tmp_path / "release", lessons=["92"])
    assert (bundle / "lessons" / "92-a-lesson-of-my-own.ipynb").is_file()
