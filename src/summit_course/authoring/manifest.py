"""The assignment manifest (``assignment.json``): written by a release, read by the grader.

It is the one contract between :mod:`summit_course.publish` and :mod:`summit_course.grading`
(and :mod:`summit_course.reports`, which show its due date), so it lives here, below them all:
grading reads it without importing publish.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["MANIFEST", "MANIFEST_FORMAT", "ManifestError", "read_manifest"]

MANIFEST = "assignment.json"
MANIFEST_FORMAT = 1


class ManifestError(ValueError):
    """An assignment manifest is missing, damaged, or of a format this version does not read."""


def read_manifest(path) -> dict:
    """Read an ``assignment.json`` (or the bundle folder that holds one).

    Raises
    ------
    ManifestError
        When the file is missing, is not JSON, or is not a manifest this version reads.
    """
    path = Path(path)
    if path.is_dir():
        path = path / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"There is no assignment manifest at {path}.") from None
    except ValueError as exc:
        raise ManifestError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT or "exercises" not in manifest:
        raise ManifestError(f"{path} is not an assignment manifest (format {MANIFEST_FORMAT}).")
    return manifest
