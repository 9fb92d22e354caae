"""Is the exercise registry the package ships the one the exercise sources compile to?

``release`` ships the registry inside the student wheel, and ``check()`` answers from it; ``grade``
grades with ``solutions/exercises/*.toml`` themselves. When the sources changed and ``summit-course
build`` was not run, the two disagree (a student's ``check()`` wants 15 rows, the grade 13), so both
commands refuse, before writing anything, until the registry is rebuilt.
"""

from __future__ import annotations

import json
import os

from ..data import course_data
from .exercises import registry_text
from .lessons import Course

__all__ = ["stale_registry"]


def _changed_ids(stored: str, fresh: str) -> list[str]:
    try:
        old = {e["id"]: e for e in json.loads(stored)}
    except (ValueError, TypeError, KeyError):
        return []
    new = {e["id"]: e for e in json.loads(fresh)}
    return [i for i in dict.fromkeys([*new, *old]) if old.get(i) != new.get(i)]


def stale_registry(course: Course, command: str) -> str:
    """Why ``command`` must not go on with the course's registry ("" when it is up to date, or the course keeps none).

    The same comparison as ``summit-course build --check`` makes for the registry: the file against
    what the exercise sources compile to over the course's datasets.
    """
    if not course.registry.is_file() or not course.exercise_sources.is_dir():
        return ""
    with course_data(course.root):
        fresh = registry_text(course.exercise_sources)
    stored = course.registry.read_text("utf-8")
    if stored == fresh:
        return ""
    changed = _changed_ids(stored, fresh)
    which = f" (exercise(s) {', '.join(changed)})" if changed else ""
    return (f"{os.path.relpath(course.registry, course.root)} is out of date: solutions/exercises/ changed since the "
            f"last build{which}, so students' check() would answer from the old keys while the grade uses the new "
            f"ones. Run `summit-course build` (`build --check` says what else is stale), then {command} again; "
            "nothing was written.")
