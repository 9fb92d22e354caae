"""The sandbox's parts: the probe, what the kernel may see, and grading with and without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import summit_course
from summit_course.grading import sandbox
from summit_course.grading.sandbox import SandboxUnavailable, bwrap_command, readonly_paths, sandbox_problem
from tests import sandboxing

ROOT = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(not sandboxing.SANDBOXED, reason="bubblewrap cannot run here")


def test_without_bubblewrap_the_probe_says_what_to_install(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    problem = sandbox_problem()
    assert "bubblewrap (the `bwrap` command) is not installed" in problem
    assert "sudo apt-get install bubblewrap" in problem and "sudo dnf install bubblewrap" in problem
    assert "WSL" in problem and "--no-sandbox" in problem


def test_a_bwrap_that_cannot_start_is_reported_as_user_namespaces(monkeypatch, tmp_path):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: str(fake))
    problem = sandbox_problem()
    assert "user namespaces are switched off" in problem and "No permissions" in problem


def test_the_kernel_sees_python_and_the_package_but_not_the_course():
    paths = readonly_paths()
    package_root = Path(summit_course.__file__).resolve().parent.parent
    assert any(p == package_root or p in package_root.parents for p in paths)
    assert any(Path(sys.base_prefix).resolve() == p or p in Path(sys.base_prefix).resolve().parents for p in paths)
    for hidden in (ROOT, ROOT / "solutions", ROOT / "datasets", Path.home()):
        assert hidden not in paths, f"{hidden} must not be visible to a grading kernel"


def test_the_command_isolates_everything_and_binds_only_what_it_must(tmp_path):
    answers = tmp_path / "answers.json"
    command = bwrap_command(["python", "-m", "kernel"], answers, tmp_path / "datasets", disk_mb=32)
    for flag in ("--unshare-all", "--die-with-parent", "--new-session"):
        assert flag in command
    writable = [command[i + 1] for i, word in enumerate(command) if word == "--bind"]
    assert writable == [str(answers)], "the answers file is the only host path the kernel may write"
    assert command[command.index("--tmpfs", command.index(str(32 * 1024 * 1024))) + 1] == str(sandbox.INSIDE)
    assert command[-3:] == ["python", "-m", "kernel"]


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

    monkeypatch.setattr(grader, "sandbox_problem", lambda: "bubblewrap is missing")
    with pytest.raises(SandboxUnavailable, match="bubblewrap is missing"):
        grader.grade(tmp_path, ROOT, tmp_path / "gb.sqlite")
    assert not (tmp_path / "gb.sqlite").exists()


@pytest.mark.slow
def test_no_sandbox_grades_and_says_so_in_the_summary_the_gradebook_and_the_export(tmp_path):
    import csv

    from summit_course.gradebook import Gradebook, export_csv, student_rows
    from summit_course.grading import grade
    from summit_course.publish.release import release
    from tests.fixture_course import CORRECT, make_course, submission, write_submission

    course = make_course(tmp_path / "course")
    manifest = release(course, tmp_path / "release", lessons=["90"]) / "assignment.json"
    write_submission(tmp_path / "subs", "ana.ipynb", submission(course, CORRECT))
    summary = grade(tmp_path / "subs", manifest, tmp_path / "gb.sqlite", course=course, jobs=1,
                    sandbox=False, progress=False)
    assert "WARNING: graded WITHOUT the sandbox" in str(summary)
    with Gradebook(tmp_path / "gb.sqlite") as book:
        (row,) = student_rows(book)
        rows = list(csv.DictReader(export_csv(book, tmp_path / "grades.csv").open(encoding="utf-8")))
    assert (row["total"], row["sandboxed"]) == (7.0, False)
    assert rows[0]["sandboxed"] == "no"
