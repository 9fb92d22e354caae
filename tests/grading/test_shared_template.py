"""One kernel template per grading run, started by the grader and shared by its workers.

The grader starts it before it probes the sandbox, so that its imports overlap the run's
start; each worker asks it for kernels through a Unix socket in a private folder of the
grader's scratch root. These tests check that a run's kernels all come from that one
template, that a sandboxed kernel cannot find its socket, and that an unsandboxed kernel
forked by it ends when its holder does (its worker gone), not only with the template.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, forking, grade
from summit_course.grading.scratch import scratch_root
from tests import sandboxing
from tests.fixture_course import CORRECT, released_course, submission, write_submission

pytestmark = pytest.mark.slow
#: The kernel's parent (the template's child that forked it), the template, and the template's parent.
LINEAGE = """\
def parent(pid):
    return int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])
template = parent(os.getppid())
why = f"template {template} {b'--listen' in open(f'/proc/{template}/cmdline', 'rb').read()} of {parent(template)}"
"""
#: Every template socket a kernel can find under the grader's scratch root or /tmp, and whether it can connect.
SEARCH = f"""\
import glob, socket
found = glob.glob({str(scratch_root())!r} + '/*/template.sock') + glob.glob('/tmp/**/template.sock', recursive=True)
reached = []
for path in found:
    try:
        socket.socket(socket.AF_UNIX).connect(path)
        reached.append(path)
    except OSError:
        pass
why = f"found {{found}} reached {{reached}}"
"""


def _class(base: Path, code: str, count: int) -> tuple[Path, Path, Path]:
    course, manifest = released_course(base)
    folder = base / "submissions"
    for number in range(count):
        notebook = submission(course, CORRECT)
        notebook.cells.append(nbformat.v4.new_code_cell(f"import os\n{code}"))
        write_submission(folder, f"s{number}.ipynb", notebook)
    return course, manifest, folder


def _answers(book: Path) -> dict[str, str]:
    with Gradebook(book) as opened:
        return {row["student"]: row["exercises"]["90.5"]["answer"] for row in student_rows(opened)}


def test_a_runs_kernels_all_come_from_one_template_the_grader_started(tmp_path):
    course, manifest, folder = _class(tmp_path, LINEAGE, 4)
    limits = Limits(cell_timeout=20, notebook_timeout=60, memory_mb=1024, sandbox=False)
    summary = grade(folder, manifest, tmp_path / "gb.sqlite", course=course, jobs=2, limits=limits, progress=False)
    assert summary.kernels == {"forked": 4}, summary.kernels
    answers = set(_answers(tmp_path / "gb.sqlite").values())
    assert len(answers) == 1, answers  # one template for both workers
    assert answers.pop().endswith(f"True of {os.getpid()}")


@pytest.mark.skipif(not sandboxing.SANDBOXED, reason=sandboxing.PROBLEM or "no sandbox")
def test_a_sandboxed_kernel_cannot_find_the_shared_templates_socket(tmp_path, monkeypatch):
    started = []
    real = forking.start_shared
    monkeypatch.setattr("summit_course.grading.grader.start_shared", lambda kind: started.append(real(kind)) or
                        started[-1])
    course, manifest, folder = _class(tmp_path, SEARCH, 1)
    limits = Limits(cell_timeout=20, notebook_timeout=60, memory_mb=1024, sandbox=True)
    summary = grade(folder, manifest, tmp_path / "gb.sqlite", course=course, jobs=1, limits=limits, progress=False)
    assert summary.kernels == {"forked": 1}, summary.kernels
    (template,) = started
    assert template.address[0] is True and template.address[1].startswith(str(scratch_root()))
    assert _answers(tmp_path / "gb.sqlite") == {"s0": "found [] reached []"}


def test_an_unsandboxed_kernel_ends_with_its_holder(tmp_path):
    """The shared template outlives a worker: the kernel it forked for that worker ends when the holder does."""
    template = forking.start_shared(False)
    holder = subprocess.Popen([sys.executable, "-c", forking.HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"ready\n"
        forking.use_shared(template.address)
        request = {"argv": ["-f", str(tmp_path / "none.json")], "env": {"PATH": os.environ["PATH"]},
                   "cwd": str(tmp_path), "log": str(tmp_path / "kernel.log"), "cgroup_of": holder.pid,
                   "sandbox_of": None}
        kernel = forking.fork_kernel(False, request)
        deadline = time.monotonic() + 60
        while not (tmp_path / "none.json").exists() and kernel.alive() and time.monotonic() < deadline:
            time.sleep(0.1)  # until ipykernel has written its connection file: it runs, and waits
        assert kernel.alive(), (tmp_path / "kernel.log").read_text()
        holder.stdin.close()  # as when its worker is killed: the holder's input ends
        holder.wait(10)
        deadline = time.monotonic() + 10
        while kernel.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not kernel.alive()
        assert template.process.poll() is None  # the template goes on serving the other workers
    finally:
        forking.use_shared(None)
        forking.close_templates()
        holder.kill()
        template.close()
