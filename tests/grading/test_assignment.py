"""What to grade comes from a release's manifest and the course that holds the hidden checks."""

from __future__ import annotations

import pytest

from summit_course.grading.assignment import load_assignment


def test_a_manifest_needs_the_course_that_holds_the_hidden_checks(manifest, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="--root"):
        load_assignment(manifest)
