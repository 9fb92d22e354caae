"""Kernels forked from a worker's template: each a fresh process in its own sandbox, nothing left by another.

The template (summit_course/grading/template.py) has imported the kernel and the course once;
every kernel is forked from it and then joins its own cgroup and sandbox. These tests grade
through it (one worker, so every submission's kernel comes from the same template) and
check what a kernel can see of the one before it, of the template and of the host; that a
kernel that dies is seen at once; and that kernels start afresh, as before templates,
where the template cannot serve.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest

from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, execute, forking, grade
from tests import sandboxing
from tests.fixture_course import CORRECT, released_course, submission, write_submission
from tests.processes import processes_carrying

pytestmark = pytest.mark.slow
LIMITS = Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED)
FULL = 7.0
#: Left behind by the first student, in every place a later kernel forked from the same template might see.
#: (Files in /tmp and processes: only a sandbox keeps them from the next kernel.)
FOLDERS = "('/tmp', os.path.expanduser('~'), '.')" if sandboxing.SANDBOXED else "(os.path.expanduser('~'), '.')"
PLANT = f"""\
import os, subprocess, sys, pandas, summit_course
pandas.planted = summit_course.planted = 'planted'
sys.modules['planted_module'] = sys
os.environ['PLANTED'] = '1'
for folder in {FOLDERS}:
    open(os.path.join(folder, 'planted.txt'), 'w').write('planted')
if {sandboxing.SANDBOXED}:
    subprocess.Popen(['sleep', '60'], start_new_session=True)
"""
#: What the second student reports, as the written answer (kept in the gradebook).
LOOK = f"""\
import os, sys, pandas, summit_course
seen = [name for name, found in [
    ('pandas', hasattr(pandas, 'planted')), ('course', hasattr(summit_course, 'planted')),
    ('module', 'planted_module' in sys.modules), ('environment', 'PLANTED' in os.environ),
    ('files', any(os.path.exists(os.path.join(f, 'planted.txt')) for f in {FOLDERS})),
    ('processes', {sandboxing.SANDBOXED} and any(b'sleep' in open(f'/proc/{{p}}/cmdline', 'rb').read()
                                                  for p in os.listdir('/proc') if p.isdigit()))]
    if found]
status = {{k: v.strip() for k, v in (l.split(':', 1) for l in open('/proc/self/status')) if k.startswith(('Cap', 'NoNew'))}}
caps = sorted(set(v for k, v in status.items() if k.startswith('Cap')))
why = f"seen {{seen or 'nothing'}} pid {{os.getpid()}} caps {{caps}} nnp {{status['NoNewPrivs']}} pandas loaded {{'pandas' in sys.modules}}"
"""


@pytest.fixture(scope="module")
def two_in_a_row(tmp_path_factory):
    base = tmp_path_factory.mktemp("template")
    course, manifest = released_course(base)
    folder = base / "submissions"
    for name, code in (("a_planter", PLANT), ("b_looker", LOOK)):
        notebook = submission(course, CORRECT)
        notebook.cells.append(nbformat.v4.new_code_cell(code))
        write_submission(folder, f"{name}.ipynb", notebook)
    summary = grade(folder, manifest, base / "gradebook.sqlite", course=course, jobs=1, limits=LIMITS, progress=False)
    with Gradebook(base / "gradebook.sqlite") as book:
        rows = {row["student"]: row for row in student_rows(book)}
    return summary, rows


def test_every_kernel_is_forked_from_the_workers_template(two_in_a_row):
    summary, rows = two_in_a_row
    assert summary.kernels == {"forked": 2}, summary.kernels
    assert "afresh" not in str(summary)
    assert rows["a_planter"]["total"] == rows["b_looker"]["total"] == FULL


def test_nothing_one_submission_leaves_reaches_the_next_kernel(two_in_a_row):
    _, rows = two_in_a_row
    report = rows["b_looker"]["exercises"]["90.5"]["answer"]
    assert report.startswith("seen nothing"), report
    assert "pandas loaded True" in report  # it was forked from the template, which had imported pandas


@pytest.mark.skipif(not sandboxing.SANDBOXED, reason=sandboxing.PROBLEM or "no sandbox")
def test_a_forked_kernel_keeps_no_privilege_inside_its_sandbox(two_in_a_row):
    """As ``bwrap --cap-drop ALL`` leaves its command: no capability in any set, no_new_privs, the sandbox's 3rd process."""
    _, rows = two_in_a_row
    report = rows["b_looker"]["exercises"]["90.5"]["answer"]
    assert "caps ['0000000000000000'] nnp 1" in report, report
    assert " pid 3 " in report, report  # bubblewrap's init is 1, the holder 2


def _run(code: str, sandboxed: bool):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code), nbformat.v4.new_code_cell("x = 1")])
    return execute.run_notebook("n.ipynb", nbformat.writes(notebook).encode(), ["x"], None,
                                Limits(cell_timeout=20, notebook_timeout=40, sandbox=sandboxed))


@pytest.mark.parametrize("sandboxed", [sandboxing.SANDBOXED, False])
def test_a_forked_kernel_that_exits_is_seen_dead_at_once(sandboxed):
    run = _run("import os\nos._exit(3)", sandboxed)
    assert run.kernel == "forked", run.kernel
    notes = " ".join(run.notes)
    assert "stopped the kernel" in notes and "x" in run.answers, run
    # not reported as a cell that ran out of time: the holder ended with the kernel, which nbclient saw
    assert "ran longer than" not in notes and "ran too long" not in notes, notes


@pytest.mark.parametrize("sandboxed", [sandboxing.SANDBOXED, False])
def test_where_the_template_cannot_serve_kernels_start_afresh(monkeypatch, sandboxed):
    monkeypatch.setitem(forking._templates, sandboxed, "no template in this test")
    run = _run("import sys\nx = 'pandas' in sys.modules", sandboxed)
    assert run.kernel == "fresh: no template in this test"
    assert run.answers["x"] and not run.failure


def test_a_template_that_fails_to_fork_is_replaced_by_fresh_kernels(monkeypatch):
    """A fork the system refuses (here: a cgroup that does not exist) loses nothing: that kernel starts afresh."""
    monkeypatch.delitem(forking._templates, False, raising=False)
    real = forking._Template.fork

    def refused(self, request):
        return real(self, {**request, "cgroup_of": 999_999_999})
    monkeypatch.setattr(forking._Template, "fork", refused)
    run = _run("x = 1", False)
    assert run.kernel.startswith("fresh: the kernel template could not fork a kernel"), run.kernel
    assert run.answers["x"] and not run.failure
    monkeypatch.undo()
    forking._templates.pop(False, None)  # the next test's worker asks a new template


def test_the_template_process_has_no_thread_and_ends_with_its_input():
    template = forking._Template(sandboxed=False)
    try:
        tasks = list(Path(f"/proc/{template.process.pid}/task").iterdir())
        assert len(tasks) == 1
        template.process.stdin.close()
        assert asyncio.run(asyncio.to_thread(template.process.wait, 10)) == 0
    finally:
        template.close()


def test_nothing_a_killed_worker_started_outlives_it(tmp_path):
    """Its template, the kernels it forked, their holders and the kernel it started ahead all end with the worker.

    The grader runs as its own process (as instructors run it), whose environment carries a
    mark that everything it starts inherits (the pool's fork server, the workers, the
    templates, the unsandboxed kernels): once it has finished, no process may carry it.
    """
    mark = f"run-{uuid.uuid4().hex}"
    course, manifest = released_course(tmp_path)
    folder = tmp_path / "submissions"
    killer = "import os, signal\nos.kill(int(os.environ['JPY_PARENT_PID']), signal.SIGKILL)"
    notebook = submission(course, CORRECT)
    notebook.cells.append(nbformat.v4.new_code_cell(killer))
    write_submission(folder, "a-killer.ipynb", notebook)
    write_submission(folder, "b.ipynb", submission(course, CORRECT))
    command = [sys.executable, "-m", "summit_course.cli", "--root", str(course), "grade", str(folder), "--assignment",
               str(manifest), "--gradebook", str(tmp_path / "gb.sqlite"), "--no-progress", "--cell-timeout", "10",
               "--memory-mb", "1024", "--no-sandbox", "--jobs", "1"]
    done = subprocess.run(command, env={**os.environ, "SUMMIT_TEST_RUN": mark}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with Gradebook(tmp_path / "gb.sqlite") as book:
        assert {row["student"] for row in book.submissions()} == {"a-killer", "b"}
    _, alive = psutil.wait_procs(processes_carrying(mark), timeout=10)
    assert not alive, [process.cmdline()[:4] for process in alive]
