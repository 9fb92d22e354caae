"""Do the answer keys inside a release's wheel match the ones ``grade`` grades with?

A release ships the exercise registry in ``package/summit_course-*.whl``; students' ``check()``
answers from it. When the exercise sources changed after the release, ``grade`` uses the new keys
and the two disagree: the run's summary names those exercises, so the instructor can re-release.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..authoring.manifest import MANIFEST
from ..registry import Exercise

__all__ = ["REGISTRY_IN_WHEEL", "keys_differ"]

REGISTRY_IN_WHEEL = "summit_course/exercises.json"


def _wheel_registry(source: Path) -> tuple[Path | None, dict[str, dict]]:
    folder = source.parent if source.is_file() else source
    if not (folder / MANIFEST).is_file():
        return None, {}
    for wheel in sorted((folder / "package").glob("*.whl")):
        try:
            with zipfile.ZipFile(wheel) as archive:
                entries = json.loads(archive.read(REGISTRY_IN_WHEEL))
            return wheel, {e["id"]: e for e in entries if isinstance(e, dict) and "id" in e}
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            continue
    return None, {}


def keys_differ(source, exercises) -> str:
    """A warning naming the exercises whose key in the release's wheel differs from the one graded with ("" if none).

    ``source``: the ``assignment.json`` (or bundle folder) being graded; ``exercises``: the
    :class:`~.assignment.GradedExercise` list. An exercise the wheel does not hold at all is not
    compared (the wheel is then another course's package, as a test's course uses).
    """
    wheel, shipped = _wheel_registry(Path(source))
    differ = [e.id for e in exercises if e.id in shipped and Exercise.from_dict(shipped[e.id]) != e.public]
    if not differ:
        return ""
    return (f"WARNING: the answer keys of {', '.join(differ)} in the release's wheel ({wheel.name}) differ from "
            "solutions/exercises/, which this run graded with: students' check() answered from the old keys. Run "
            "`summit-course build`, release again and ask students to reinstall the package, or grade knowing that.")
