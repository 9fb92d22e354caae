"""Scratch folders: each submission runs in its own, and those of killed workers are cleaned up."""

from __future__ import annotations

import os
import shutil

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
