"""Every message of a sandbox that cannot run names the way out, --no-sandbox (walkthrough round 1: with bubblewrap
installed but unable to start, the message did not mention it; the not-installed one did)."""

from __future__ import annotations

import pytest

from summit_course.grading import sandbox
from summit_course.grading.sandbox import sandbox_problem

WAY_OUT = "add --no-sandbox: the gradebook records that you did."


@pytest.mark.parametrize("says, kind", [
    ("bwrap: setting up uid map: Permission denied", "user namespaces are switched off"),
    ("bwrap: Unknown option --size", "too old for the grading sandbox"),
    ("something else went wrong", "The grading sandbox does not start here"),
])
def test_a_bubblewrap_that_cannot_start_names_no_sandbox(monkeypatch, tmp_path, says, kind):
    fake = tmp_path / "bwrap"
    fake.write_text(f"#!/bin/sh\necho '{says}' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox, "which", lambda name: str(fake))
    problem = sandbox_problem()
    assert kind in problem and says in problem and problem.endswith(WAY_OUT)


def test_a_missing_bubblewrap_names_it_the_same_way(monkeypatch):
    monkeypatch.setattr(sandbox, "which", lambda name: None)
    assert sandbox_problem().endswith(WAY_OUT)
