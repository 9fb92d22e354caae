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
import xml.etree.ElementTree as ET
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


def _start_pytest(junit: Path, *args: str, **env: str) -> subprocess.Popen:
    """A pytest run on the copy, in its own process, its outcomes written to ``junit``."""
    return subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-rs",
                             f"--junitxml={junit}", *args], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _outcomes(junit: Path) -> dict[str, str]:
    """Each test case of a JUnit report by ``file-or-module::name``: passed, failed or skipped (and why)."""
    found = {}
    for case in ET.parse(junit).iter("testcase"):
        verdict = next((f"{child.tag}: {child.get('message', '')}" for child in case
                        if child.tag in ("failure", "error", "skipped")), "passed")
        found[f"{case.get('classname')}::{case.get('name')}"] = verdict
    return found


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


#: What the copy's own suite runs on the new lesson: file, then the test cases (all of the file when empty).
COPY_TESTS = {
    "tests/test_lesson_structure.py": [],
    "tests/student/test_kernel.py": ["test_every_lesson_names_the_course_kernel_as_it_calls_itself"],
    "tests/student/test_progress.py": ["test_progress_text_is_stable_and_says_every_state_in_words",
                                       "test_progress_html_is_an_accessible_table"],
    "tests/content/test_knowledge_dates.py": [
        f"test_every_lesson_declares_a_knowledge_date[{STEM}]", f"test_lesson_shows_nothing_after_its_knowledge_date[{STEM}]",
        "test_a_lesson_that_cuts_the_tables_cuts_them_at_its_knowledge_date"],
    "tests/browser/test_lessons_in_browser.py": [f"test_lesson_in_the_browser[{STEM}.ipynb]"],
}


@pytest.fixture(scope="module")
def copy_suite(added, tmp_path_factory):
    """The copy's tests on the new lesson, once, in two pytest processes side by side: strict nbval on the
    new solution with COPY_TESTS, and lax nbval on its student copy. ``{"strict"|"lax": (outcomes, output)}``."""
    folder = tmp_path_factory.mktemp("copy-suite")
    selected = [f"{file}::{case}" if case else file for file, cases in COPY_TESTS.items() for case in cases or [""]]
    runs = {
        "strict": _start_pytest(folder / "strict.xml", "--nbval", str(added.path), "--nbval-current-env",
                                "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", *selected, **added.env),
        "lax": _start_pytest(folder / "lax.xml", "--nbval-lax", str(added.root / "lessons" / added.path.name),
                             "--nbval-current-env", **added.env),
    }
    output = {name: run.communicate(timeout=900)[0] for name, run in runs.items()}
    return {name: (_outcomes(folder / f"{name}.xml"), output[name][-3000:]) for name in runs}


def _verdicts(copy_suite, module: str, *names: str) -> dict[str, str]:
    """The strict run's verdicts for the cases of ``module`` (dotted) whose names start with one of ``names``."""
    outcomes, _ = copy_suite["strict"]
    return {case: verdict for case, verdict in outcomes.items()
            if case.startswith(f"{module}::") and case.split("::", 1)[1].startswith(names)}


def test_a_new_lesson_names_the_course_kernel(copy_suite):
    """The walkthrough: new-lesson wrote the display name "Python 3", and tests/student/test_kernel.py failed."""
    verdicts = _verdicts(copy_suite, "tests.student.test_kernel", "test_every_lesson_names_the_course_kernel")
    assert list(verdicts.values()) == ["passed"], (verdicts, copy_suite["strict"][1])


@pytest.mark.slow
def test_a_new_lesson_passes_the_tests_and_is_listed(added, copy_suite):
    root = added.root
    assert (root / "solutions" / "exercises" / f"{STEM}.toml").is_file()
    assert {p.name: why for p, why in added.plan.stale.items()} == {
        "00-start-here.ipynb": ["the course's list of exercises changed (it shows progress())"],
        f"{STEM}.ipynb": ["no record of a run with `summit-course run` or `build`"]}
    assert f"| {NUMBER} | `{STEM}` | Trade after the summit | count the rows of a course table; say " \
           "what a table can and cannot tell |" in (root / "README.md").read_text()
    structure = _verdicts(copy_suite, "tests.test_lesson_structure", "")
    assert structure and all(v == "passed" or v.startswith("skipped") for v in structure.values()), structure
    assert structure[f"tests.test_lesson_structure::test_an_added_lesson_meets_the_lighter_minimums[{STEM}]"] == "passed"
    progress = _verdicts(copy_suite, "tests.student.test_progress", "test_progress")
    assert list(progress.values()) == ["passed", "passed"], progress
    for name, (outcomes, output) in copy_suite.items():  # strict nbval on the solution, lax on the student copy
        cells = {case: verdict for case, verdict in outcomes.items() if "::Cell " in case}  # nbval's cases
        assert cells and set(cells.values()) == {"passed"}, (name, cells, output)


@pytest.mark.slow
def test_a_new_lesson_has_a_knowledge_date_and_keeps_to_it(copy_suite):
    """The walkthrough: the untouched skeleton failed test_knowledge_dates (no ``knowledge_date``)."""
    dates = _verdicts(copy_suite, "tests.content.test_knowledge_dates", "test_")
    assert len(dates) == 3 and set(dates.values()) == {"passed"}, dates


@pytest.mark.slow
@pytest.mark.browser
def test_a_new_lesson_runs_in_the_browser_without_a_widget(copy_suite):
    """The walkthrough: the browser test asked every lesson for an exploring widget; a lesson you add need not have one."""
    [verdict] = _verdicts(copy_suite, "tests.browser.test_lessons_in_browser", "test_lesson_in_the_browser").values()
    if verdict.startswith("skipped"):
        pytest.skip(verdict[:300])
    assert verdict == "passed", (verdict, copy_suite["strict"][1])


def test_a_new_lesson_can_be_released_as_it_is(fresh_course, tmp_path):
    """Its placeholder rubric must not stand verbatim in the package the bundle carries (the leak scan)."""
    from summit_course.publish.release import release

    new_lesson(Course(fresh_course), "92", "A lesson of my own")
    bundle = release(fresh_course, tmp_path / "release", lessons=["92"])
    assert (bundle / "lessons" / "92-a-lesson-of-my-own.ipynb").is_file()
