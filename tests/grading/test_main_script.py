"""An instructor's own script that calls ``grade()``: the pool's fork server imports it once for every worker.

Multiprocessing imports a grader's main script in each worker it starts (its classes and
functions may be in the tasks); the pool's fork server imports it once instead
(:mod:`summit_course.grading.preload`), so the script's top level runs in the grader and in
the fork server, and in no worker.
"""

from __future__ import annotations

import subprocess
import sys

from summit_course.grading.runners import UNGUARDED
from tests.fixture_course import CORRECT, released_course, submission, write_submission

SCRIPT = """\
from summit_course.grading import Limits, grade

with open({log!r}, "a", encoding="utf-8") as log:
    log.write("top level ran\\n")

if __name__ == "__main__":
    summary = grade({folder!r}, {manifest!r}, {book!r}, course={course!r}, jobs=2, progress=False,
                    limits=Limits(memory_mb=1024, sandbox=False))
    print(summary)
"""


def _run_script(tmp_path, students, guarded=True) -> tuple[subprocess.CompletedProcess, int]:
    """Grade ``students``' right answers with a script of the instructor's own; its result and how often its top
    level ran."""
    course, manifest = released_course(tmp_path)
    folder, log = tmp_path / "submissions", tmp_path / "imports.log"
    for student in students:
        write_submission(folder, f"{student}.ipynb", submission(course, CORRECT))
    source = SCRIPT if guarded else SCRIPT.replace('if __name__ == "__main__":\n', "if True:\n")
    script = tmp_path / "grade_week.py"
    script.write_text(source.format(log=str(log), folder=str(folder), manifest=str(manifest),
                                    book=str(tmp_path / "gradebook.sqlite"), course=str(course)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    return done, log.read_text(encoding="utf-8").count("top level ran")


def test_a_grading_scripts_top_level_runs_in_the_grader_and_the_fork_server_only(tmp_path):
    done, runs = _run_script(tmp_path, ("a", "b", "c"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Graded 3 submission(s) (3 ok)." in done.stdout, done.stdout
    assert runs == 2, done.stderr[-2000:]


def test_a_script_that_grades_without_the_main_guard_is_told_to_add_it(tmp_path):
    """Its top level would grade again inside the fork server, which would start a pool of its own."""
    done, _ = _run_script(tmp_path, ("a",), guarded=False)
    assert done.returncode != 0
    assert UNGUARDED in done.stderr, done.stderr[-2000:]
