"""The sandbox's parts: the probe, what the kernel may see, and grading with and without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

import summit_course
from summit_course.grading import sandbox
from summit_course.grading.sandbox import (SandboxSpec, SandboxUnavailable, bwrap_command, kernel_env, readonly_paths,
                                          sandbox_problem)
from tests import sandboxing

ROOT = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(not sandboxing.SANDBOXED, reason="bubblewrap cannot run here")


def test_without_bubblewrap_the_probe_says_what_to_install(monkeypatch):
    monkeypatch.setattr(sandbox, "which", lambda name: None)
    problem = sandbox_problem()
    assert "bubblewrap (the `bwrap` command) is not installed" in problem
    assert "sudo apt-get install bubblewrap" in problem and "sudo dnf install bubblewrap" in problem
    assert "WSL" in problem and "--no-sandbox" in problem


def test_a_bwrap_that_cannot_start_is_reported_as_user_namespaces(monkeypatch, tmp_path):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox, "which", lambda name: str(fake))
    problem = sandbox_problem()
    assert "user namespaces are switched off" in problem and "No permissions" in problem


#: What the instructor's shell may hold that would widen the sandbox or run code in it, were it passed on.
WIDENING = {"PYTHONPATH": f"{ROOT}:{ROOT / 'solutions'}:.", "PYTHONSTARTUP": str(ROOT / "startup.py"),
            "PYTHONUSERBASE": str(ROOT), "LD_LIBRARY_PATH": str(ROOT), "LD_PRELOAD": str(ROOT / "x.so"),
            "PYTHONHOME": str(ROOT), "VIRTUAL_ENV": str(ROOT), "SUMMIT_TEST_TOKEN": "secret"}


def test_the_kernel_sees_only_python_the_environment_and_the_package(monkeypatch):
    for name, value in WIDENING.items():
        monkeypatch.setenv(name, value)
    paths = readonly_paths()
    package = Path(summit_course.__file__).resolve().parent
    interpreter = Path(sys.executable).resolve()
    stdlib = Path(sysconfig.get_path("stdlib")).resolve()
    allowed = {package, Path(sys.prefix), Path(sys.prefix).resolve()}
    for path in paths:
        assert (path in allowed or path == interpreter or path in Path(sys.executable).parents
                or path == stdlib or path.name.startswith("libpython") or path.is_symlink()
                or path.parent == Path(sys.executable).resolve().parent), f"{path} is bound, and need not be"
    assert package in paths or any(p in package.parents for p in paths if p != Path("/"))
    for hidden in (ROOT, ROOT / "solutions", ROOT / "datasets", ROOT / "src", Path.home(), Path.cwd()):
        assert hidden not in paths, f"{hidden} must not be visible to a grading kernel"


def test_the_kernel_environment_is_an_allow_list(monkeypatch):
    for name, value in WIDENING.items():
        monkeypatch.setenv(name, value)
    env = kernel_env(str(ROOT / "datasets"), "SUMMIT_DATA")
    assert not set(env) & set(WIDENING)
    assert set(env) <= {"PATH", "HOME", "TMPDIR", "LANG", "IPYTHONDIR", "MPLCONFIGDIR", "MPLBACKEND", "SUMMIT_DATA",
                        *sandbox.ONE_THREAD, *sandbox.CPU_TUNING, "SUMMIT_JOURNAL"}
    assert env["SUMMIT_DATA"] == str(sandbox.DATASETS)


def _spec(tmp_path, env=None) -> SandboxSpec:
    return SandboxSpec(str(tmp_path / "answers.json"), str(tmp_path / "datasets"), 32, (), env or {"HOME": "/sandbox"})


def test_the_command_isolates_everything_and_binds_only_what_it_must(tmp_path, monkeypatch):
    for name, value in WIDENING.items():
        monkeypatch.setenv(name, value)
    command = bwrap_command(["python", "-m", "kernel"], _spec(tmp_path), info_fd=5, connection_fd=6)
    for flag in ("--unshare-all", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in command
    assert command[command.index("--cap-drop") + 1] == "ALL"
    writable = [command[i + 1] for i, word in enumerate(command) if word == "--bind"]
    assert writable == [str(tmp_path / "answers.json")], "the answers file is the only host path the kernel may write"
    assert [command[i + 1] for i, word in enumerate(command) if word == "--setenv"] == ["HOME"]
    assert command[command.index("--tmpfs", command.index(str(32 * 1024 * 1024))) + 1] == str(sandbox.INSIDE)
    assert command[command.index("--info-fd") + 1] == "5" and command[command.index("--ro-bind-data") + 1] == "6"
    bound = {command[i + 1] for i, word in enumerate(command) if word == "--ro-bind"}
    assert not {str(ROOT), str(ROOT / "solutions"), str(Path.cwd())} & bound
    assert command[-4:] == ["--", "python", "-m", "kernel"]


def _recording_bwrap(tmp_path, *, refuse: str = "") -> Path:
    """A ``bwrap`` first on PATH that logs each command line, then runs the real one (or refuses ``refuse``, as an old one would)."""
    real = shutil.which("bwrap")
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "bwrap.log"
    refusal = (f'for a in "$@"; do [ "$a" = "{refuse}" ] && {{ echo "bwrap: Unknown option {refuse}" >&2; exit 1; }}; '
               "done\n") if refuse else ""
    (folder / "bwrap").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\n{refusal}exec {real} "$@"\n')
    (folder / "bwrap").chmod(0o755)
    return folder


@needs_bwrap
def test_a_bubblewrap_without_size_fails_the_probe(tmp_path, monkeypatch):
    """Older than 0.7 (2022), bubblewrap has no --size: the probe failed to notice, then every submission failed."""
    monkeypatch.setenv("PATH", f"{_recording_bwrap(tmp_path, refuse='--size')}:{os.environ['PATH']}")
    problem = sandbox_problem()
    assert problem is not None and "too old for the grading sandbox" in problem and "--size" in problem


@needs_bwrap
@pytest.mark.slow
def test_the_probe_runs_the_command_grading_runs(tmp_path, monkeypatch):
    """The same sandbox (bubblewrap's options) and the same limits (capped_kernel's) as a grading kernel.

    The kernel is forked by the worker's template into a sandbox built around a holder; its
    limits are the arguments the template hands to capped_kernel.
    """
    from summit_course.grading import forking
    from summit_course.grading.execute import run_notebook
    from summit_course.grading.provisioner import HOLDER_ARGV
    from summit_course.grading.tasks import Limits

    monkeypatch.setenv("PATH", f"{_recording_bwrap(tmp_path)}:{os.environ['PATH']}")
    requests, real = [], forking.fork_kernel
    monkeypatch.setattr("summit_course.grading.provisioner.fork_kernel",
                        lambda sandboxed, request: requests.append(request) or real(sandboxed, request))
    limits = Limits(cell_timeout=20, notebook_timeout=60, memory_mb=1024, max_processes=40, disk_mb=48)
    assert sandbox_problem(limits) is None
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("n_things = 3")])
    (tmp_path / "datasets").mkdir()
    run = run_notebook("kim.ipynb", nbformat.writes(notebook).encode(), ["n_things"], tmp_path / "datasets", limits)
    assert run.answers["n_things"] == {"t": "int", "v": 3}, run.failure
    assert run.kernel == "forked"
    probe, kernel = [line.split() for line in (tmp_path / "bwrap.log").read_text().splitlines()]

    def shape(words: list[str]) -> list[str]:
        """Options and fixed values; the per-run paths (scratch folder, fds) differ."""
        cut = words.index("--")
        return [w for w in words[:cut] if not w.startswith(("/tmp", str(tmp_path))) and not w.isdigit()
                or w in (str(48 * 1024 * 1024), str(12 * 1024 * 1024))]

    assert shape(probe) == shape(kernel)
    assert kernel[kernel.index("--") + 1:] == " ".join(HOLDER_ARGV).split()
    checked = probe[probe.index("--") + 4:]  # after python -m summit_course.grading.capped_kernel
    (request,) = requests
    assert checked[:checked.index("--check")] == request["argv"][:request["argv"].index("--HistoryManager.enabled=False")]
    assert "--max-processes" in checked and "40" in checked


def test_grade_without_bubblewrap_stops_before_grading(tmp_path):
    """`summit-course grade` on a PATH with no bwrap: a clear message, exit 2, no gradebook written."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bin_dir)}
    command = Path(sys.executable).parent / "summit-course"
    (tmp_path / "subs").mkdir()
    manifest = tmp_path / "assignment.json"  # grade needs one (it names the exercises)
    manifest.write_text('{"format": 1, "name": "a", "exercises": []}', encoding="utf-8")
    done = subprocess.run([str(command), "--root", str(ROOT), "grade", str(tmp_path / "subs"),
                           "--assignment", str(manifest), "--gradebook", str(tmp_path / "gb.sqlite")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "bubblewrap (the `bwrap` command) is not installed" in done.stderr
    assert "--no-sandbox" in done.stderr
    assert not (tmp_path / "gb.sqlite").exists()


def test_sandbox_unavailable_is_raised_by_grade(monkeypatch, tmp_path):
    from summit_course.grading import grader

    monkeypatch.setattr(grader, "sandbox_problem", lambda limits: "bubblewrap is missing")
    with pytest.raises(SandboxUnavailable, match="bubblewrap is missing"):
        grader.grade(tmp_path, ROOT, tmp_path / "gb.sqlite")
    assert not (tmp_path / "gb.sqlite").exists()


@pytest.mark.slow
def test_no_sandbox_grades_and_says_so_in_the_summary_the_gradebook_and_the_export(tmp_path):
    import csv

    from summit_course.gradebook import Gradebook, export_csv, student_rows
    from summit_course.grading import Limits, grade
    from summit_course.publish.release import release
    from tests.fixture_course import CORRECT, make_course, submission, write_submission

    course = make_course(tmp_path / "course")
    manifest = release(course, tmp_path / "release", lessons=["90"]) / "assignment.json"
    write_submission(tmp_path / "subs", "ana.ipynb", submission(course, CORRECT))
    summary = grade(tmp_path / "subs", manifest, tmp_path / "gb.sqlite", course=course, jobs=1,
                    limits=Limits(sandbox=False), progress=False)
    assert "WARNING: graded WITHOUT the sandbox" in str(summary)
    with Gradebook(tmp_path / "gb.sqlite") as book:
        (row,) = student_rows(book)
        rows = list(csv.DictReader(export_csv(book, tmp_path / "grades.csv").open(encoding="utf-8-sig")))
    assert (row["total"], row["sandboxed"]) == (7.0, False)
    assert rows[0]["sandboxed"] == "no"


def test_kernels_start_through_a_registered_provisioner_and_no_private_api():
    """jupyter_client's supported way to wrap a kernel's launch; bubblewrap's --info-fd for the sandbox's pid."""
    from importlib.metadata import entry_points

    from jupyter_client.provisioning import KernelProvisionerFactory

    from summit_course.grading.provisioner import GradingProvisioner
    from summit_course.grading.scratch import KERNEL_NAME, PROVISIONER, kernel_manager, scratch_folder
    from summit_course.grading.tasks import Limits

    (registered,) = entry_points(group="jupyter_client.kernel_provisioners", name=PROVISIONER)
    assert registered.load() is GradingProvisioner
    with scratch_folder(None, Limits(sandbox=sandboxing.SANDBOXED)) as scratch:
        km, _ = kernel_manager(scratch, Limits(sandbox=sandboxing.SANDBOXED))
        spec = km.kernel_spec_manager.get_kernel_spec(KERNEL_NAME)
        assert spec.metadata["kernel_provisioner"]["provisioner_name"] == PROVISIONER
        assert KernelProvisionerFactory.instance().is_provisioner_available(spec)
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src" / "summit_course").rglob("*.py"))
    for private in ("_async_post_start_kernel", "provisioner.process", "._processes", "/task/", "/children",
                    'listdir("/proc")', "listdir('/proc')", 'scandir("/proc")'):
        assert private not in source, private
