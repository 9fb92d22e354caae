"""The helper that finds the processes a run left behind finds them, by environment or command line."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from tests.processes import processes_carrying


def test_a_process_carrying_the_mark_is_found_until_it_ends():
    mark = uuid.uuid4().hex
    by_environment = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE,
                                      env={**os.environ, "SUMMIT_TEST_RUN": mark})
    by_command = subprocess.Popen([sys.executable, "-c", "input()", mark], stdin=subprocess.PIPE)
    try:
        assert {p.pid for p in processes_carrying(mark)} == {by_environment.pid, by_command.pid}
    finally:
        by_environment.communicate(b"\n")
        by_command.communicate(b"\n")
    assert processes_carrying(mark) == []
