"""Memory and process limits: per kernel where the machine offers a cgroup, per process otherwise (and the summary says
which), and never a limit that keeps an ordinary user's kernel from starting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, confine, grade
from summit_course.grading.capped_kernel import command, nproc_is_per_namespace
from tests import sandboxing
from tests.fixture_course import CORRECT, released_course, submission, write_submission

FULL = 7.0


def test_the_process_cap_goes_only_where_it_counts_the_kernels_own_processes():
    """RLIMIT_NPROC counts every process of the user outside the sandbox's user namespace, and before Linux 5.14 inside too."""
    limits = Limits(max_processes=16)
    assert "--max-processes" not in command(limits, [], sandboxed=False)
    assert command(limits, ["-f", "x"], sandboxed=True)[-4:] == ["--max-processes", "16", "-f", "x"]
    assert nproc_is_per_namespace("6.1.0-13-amd64") and nproc_is_per_namespace("5.14.0-362.el9.x86_64")
    assert not nproc_is_per_namespace("5.10.0-28-amd64") and not nproc_is_per_namespace("4.18.0")


def test_a_systemd_scope_carries_both_caps():
    way = confine.Way(systemd=("systemd-run", "--user", "--scope", "--quiet", "--collect"),
                      caps=frozenset({"memory", "processes"}))
    with confine.kernel_cgroup(1024, 32, way) as prefix:
        assert prefix == ["systemd-run", "--user", "--scope", "--quiet", "--collect", "-p", "MemoryMax=1024M",
                          "-p", "MemorySwapMax=0", "-p", "TasksMax=32", "--"]


@pytest.mark.skipif(not confine.way().folders, reason=f"no cgroup hierarchy of this process's own here: "
                                                      f"{confine.way().problem}")
def test_a_cgroup_made_on_the_file_system_holds_the_kernel_and_is_removed_after():
    with confine.kernel_cgroup(256, 8) as prefix:
        folders = [Path(word).parent for word in prefix if word.endswith("cgroup.procs")]
        assert folders and all(f.is_dir() for f in folders)
        seen = subprocess.run([*prefix, sys.executable, "-c", "print(open('/proc/self/cgroup').read())"],
                              capture_output=True, text=True, check=True).stdout
        assert all(f"{f.name}\n" in seen for f in folders), seen
        if any((f / "pids.max").exists() for f in folders):
            assert "8" in {(f / "pids.max").read_text().strip() for f in folders if (f / "pids.max").exists()}
    assert not any(f.exists() for f in folders)


@pytest.mark.skipif(not confine.way().folders, reason="no cgroup hierarchy of this process's own here")
def test_a_dead_workers_cgroup_is_removed_with_what_is_left_in_it():
    """A sandbox whose start its worker's death interrupted can wait for ever (bubblewrap's setup): the next run ends it."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _, parent = confine.way().folders[0]
    folder = Path(parent, f"{confine.PREFIX}{dead.stdout.strip()}-leftover")
    folder.mkdir()
    stuck = subprocess.Popen(["/bin/sh", "-c", f'echo $$ > {folder / "cgroup.procs"} && echo in && exec sleep 300'],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert stuck.stdout.readline() == "in\n"  # it has joined the cgroup
        assert str(stuck.pid) in (folder / "cgroup.procs").read_text().split()
        assert confine.remove_stale_cgroups() >= 1
        assert stuck.wait(timeout=10) == -9 and not folder.exists()
    finally:
        stuck.kill()
        stuck.stdout.close()
        if folder.exists():
            folder.rmdir()


def _grade_one(tmp_path, name: str, limits: Limits, *cells: str):
    """Grade one correct submission of lesson 90 with ``cells`` at its end; the run's summary and the row."""
    course, manifest = released_course(tmp_path / name)
    notebook = submission(course, CORRECT)
    notebook.cells += [nbformat.v4.new_code_cell(code) for code in cells]
    write_submission(tmp_path / name / "in", "kim.ipynb", notebook)
    summary = grade(tmp_path / name / "in", manifest, tmp_path / name / "gb.sqlite", course=course, jobs=1,
                    limits=limits, progress=False)
    with Gradebook(tmp_path / name / "gb.sqlite") as book:
        (row,) = student_rows(book)
    return summary, row


@pytest.mark.slow
def test_a_user_with_many_processes_still_gets_a_kernel(tmp_path):
    """As an ordinary user with more processes than the cap, every kernel died before replying ("error" for all).

    Root is exempt from RLIMIT_NPROC, so this fails only where the tests run as an ordinary user (as CI also does).
    """
    limits = Limits(cell_timeout=20, notebook_timeout=90, memory_mb=1024, max_processes=16)
    sleepers = [subprocess.Popen(["sleep", "300"]) for _ in range(limits.max_processes + 8)]
    try:
        for sandboxed in sorted({False, sandboxing.SANDBOXED}):
            summary, row = _grade_one(tmp_path, f"sandbox-{sandboxed}", Limits(**{**vars(limits), "sandbox": sandboxed}))
            assert (row["status"], row["total"]) == ("ok", FULL), row["reason"]
            assert "Limits: " in str(summary)
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()


#: Three children of the kernel, each touching 500 MB: with the kernel, past a 1536 MB kernel's cap, while each
#: stays under it as a process (a kernel with pandas takes about 800 MB of address space).
GREEDY = (  # each child holds its 500 MB until every child holds its own or has died (the pipe ``ready`` says which)
    "import os\nready, held = os.pipe()\ngo, start = os.pipe()\nkids = []\nfor _ in range(3):\n    pid = os.fork()\n"
    "    if pid == 0:\n        os.close(ready); os.close(start)\n"
    "        try:\n            block = bytearray(500 * 1024 * 1024)\n            block[::4096] = b'x' * len(block[::4096])\n"
    "            os.write(held, b'x'); os.close(held); os.read(go, 1)\n            os._exit(0)\n"
    "        except MemoryError:\n            os._exit(1)\n"
    "    kids.append(pid)\nos.close(held); os.close(go)\n"
    "while os.read(ready, 1):\n    pass\nos.close(start)\n"  # EOF: each child holds its block, or died
    "full = sum(os.waitpid(pid, 0)[1] == 0 for pid in kids)\n"
    "why = f'State media reported it, and nothing confirms it. {full} of 3 children held 500 MB.'"
)


@pytest.mark.slow
def test_memory_is_capped_per_kernel_where_a_cgroup_is_offered_and_the_summary_says_which(tmp_path):
    limits = Limits(cell_timeout=40, notebook_timeout=90, memory_mb=1536, sandbox=sandboxing.SANDBOXED)
    summary, row = _grade_one(tmp_path, "greedy", limits, GREEDY)
    held = row["exercises"]["90.5"]["answer"]
    if "memory" in confine.way().caps:
        assert "3 of 3 children" not in held and "1536 MB of memory and" in str(summary)
    else:
        text = str(summary)  # no cgroup caps the memory: either none is offered at all, or one without memory
        assert "per process, 1536 MB of memory" in text, text
        assert "(no cgroup caps the memory" in text, text
        assert "3 of 3 children held 500 MB" in held  # what the per-process limit lets through, as the summary says


@pytest.mark.parametrize("way, expected", [
    (confine.Way(folders=(("pids", "/sys/fs/cgroup/pids"),), caps=frozenset({"processes"}),
                 problem="systemd is not running, and this process has no memory controller of its own"),
     "Limits: 64 processes per kernel, in a cgroup of its own; per process, 2048 MB of memory and 120 s of CPU time "
     "(no cgroup caps the memory: systemd is not running, and this process has no memory controller of its own)."),
    (confine.Way(systemd=("systemd-run", "--scope"), caps=frozenset({"memory", "processes"})),
     "Limits: 2048 MB of memory and 64 processes per kernel, in a cgroup of its own; per process, 120 s of CPU "
     "time."),
    (confine.Way(problem="systemd-run is not installed, and no cgroup hierarchy is this process's own to write to"),
     "Limits: per process, 2048 MB of memory, no process cap for root and 120 s of CPU time (no cgroup caps the "
     "memory or the processes: systemd-run is not installed, and no cgroup hierarchy is this process's own to write "
     "to)."),
])
def test_the_limits_line_is_one_statement_of_what_caps_what_and_why(way, expected, monkeypatch):
    """Walkthrough: "64 processes per kernel (in a cgroup of its own …)", then "No cgroup caps the memory …"."""
    monkeypatch.setattr(confine.os, "geteuid", lambda: 0)  # as root: no process cap outside a cgroup
    saved = confine._CHOSEN[:]
    try:
        confine.use(way)
        assert confine.describe(Limits()) == expected
    finally:
        confine._CHOSEN[:] = saved


def test_the_limits_line_says_why_in_a_few_words_without_systemds_bus_error(monkeypatch):
    """Round 7 walkthrough: every `grade` printed a long Limits paragraph with "Failed to connect to bus: Host is
    down" (systemd-run's own error, from the probe) inside nested brackets."""
    monkeypatch.setattr(confine.sys, "platform", "linux")
    monkeypatch.setattr(confine.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(confine, "_probe", lambda command: (frozenset(), "Failed to connect to bus: Host is down"))
    monkeypatch.setattr(confine, "_hierarchy_roots", lambda: [])
    found = confine._probe_way()
    assert found.problem == "systemd is not running, and no cgroup hierarchy is this process's own to write to"
    monkeypatch.setattr(confine, "_probe", lambda command: (frozenset(), "Job failed: scope refused"))
    assert confine._probe_way().problem.startswith("systemd-run cannot start a scope with a memory and a process cap, ")
    saved = confine._CHOSEN[:]
    try:
        confine.use(found)
        line = confine.describe(Limits(sandbox=False))
    finally:
        confine._CHOSEN[:] = saved
    assert "bus" not in line and line.count("(") == line.count(")") <= 1 and len(line) < 300, line
