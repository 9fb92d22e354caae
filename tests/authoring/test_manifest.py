"""The assignment manifest: the format a release writes and the grader reads."""

from __future__ import annotations

import json

import pytest

from summit_course.authoring.manifest import ManifestError, read_manifest


def test_manifest_errors_are_clear(tmp_path):
    with pytest.raises(ManifestError, match="no assignment manifest"):
        read_manifest(tmp_path)
    (tmp_path / "assignment.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ManifestError, match="not an assignment manifest"):
        read_manifest(tmp_path / "assignment.json")
