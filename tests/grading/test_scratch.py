"""Scratch folders: each submission runs in its own, and those of killed workers are cleaned up."""

from __future__ import annotations

import os
import shutil

import pytest

from summit_course.grading.scratch import remove_stale_scratch, scratch_root


def test_scratch_folders_of_killed_workers_are_removed_and_live_ones_kept():
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = scratch_root() / f"{gone.stdout.strip()}-leftover"
    live = scratch_root() / f"{os.getpid()}-busy"
    for folder in (dead, live):
        (folder / "work").mkdir(parents=True)
    try:
        remove_stale_scratch()
        assert not dead.exists() and live.exists()
    finally:
        shutil.rmtree(live, ignore_errors=True)



@pytest.fixture
def temp_here(tmp_path, monkeypatch):
    """The temporary folder (where the scratch root goes) is this test's own; no root chosen before is kept."""
    import tempfile

    from summit_course.grading import scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    scratch._own_root.cache_clear()
    yield tmp_path
    scratch._own_root.cache_clear()


def test_a_scratch_root_another_user_made_is_not_used(temp_here):
    """Its owner could replace a kernel.json in it and run code as the grader."""
    planted = temp_here / f"summit-grade-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)
    if os.geteuid() == 0:
        os.chown(planted, 65534, 65534)  # nobody's, as another user's would be
    root = scratch_root()
    assert root != planted and planted not in root.parents
    assert root.stat().st_uid == os.getuid() and root.stat().st_mode & 0o777 == 0o700


def test_a_link_at_the_scratch_root_is_not_followed(temp_here):
    elsewhere = temp_here / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (temp_here / f"summit-grade-{os.getuid()}").symlink_to(elsewhere)
    root = scratch_root()
    assert root.resolve() != elsewhere.resolve() and not root.is_symlink()


def test_each_submission_gets_a_private_scratch_folder(temp_here):
    from summit_course.grading.scratch import scratch_folder
    from summit_course.grading.tasks import Limits

    with scratch_folder(None, Limits(sandbox=False)) as scratch:
        assert scratch.folder.parent == temp_here / f"summit-grade-{os.getuid()}"
        for folder in (scratch.folder.parent, scratch.folder):
            assert folder.stat().st_mode & 0o777 == 0o700 and folder.stat().st_uid == os.getuid()
    assert not scratch.folder.exists()
