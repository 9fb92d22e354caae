"""The exercise registry: every exercise's id, lesson, points, kind, hints and hashed key.

The registry ships with the package as ``exercises.json``. It is compiled from the
instructor's sources in ``solutions/exercises/`` by :mod:`summit_course.authoring.exercises`, which
hashes the answers; model answers, rubrics and hidden checks never enter it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Exercise", "REGISTRY_VAR", "exercises", "get", "id_order", "KINDS"]

#: Read the registry from this file instead of the package's: set by ``summit-course run`` for a
#: course folder other than the one this package was installed from (a copy, a test's course).
REGISTRY_VAR = "SUMMIT_REGISTRY"

KINDS = {
    "number": "a number",
    "integer": "a whole number",
    "text": "a short text",
    "date": "a date",
    "set": "a set of items (order does not matter)",
    "list": "a list of items in order",
    "choice": "one option",
    "choices": "every option that applies",
    "order": "the items in the right order",
    "match": "a dict pairing each item with its partner",
    "frame": "a pandas DataFrame",
    "series": "a pandas Series",
    "written": "a short written answer",
}


@dataclass(frozen=True)
class Exercise:
    """One exercise as students' tools see it: structure and hashes, never the answer."""

    id: str
    lesson: str
    variable: str
    kind: str
    points: float = 1.0
    objective: str = ""
    prompt: str = ""
    hints: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    spec: dict = field(default_factory=dict)

    @property
    def is_written(self) -> bool:
        """Written answers are graded by people, so no key is kept for them."""
        return self.kind == "written"

    @property
    def describes(self) -> str:
        """What kind of value the answer should be, in words."""
        return KINDS.get(self.kind, self.kind)

    @classmethod
    def from_dict(cls, data: dict) -> Exercise:
        """Build an Exercise from one entry of ``exercises.json``."""
        return cls(
            id=data["id"],
            lesson=data["lesson"],
            variable=data["variable"],
            kind=data["kind"],
            points=float(data.get("points", 1)),
            objective=data.get("objective", ""),
            prompt=data.get("prompt", ""),
            hints=tuple(data.get("hints", ())),
            accept=tuple(data.get("accept", ())),
            spec=dict(data.get("spec", {})),
        )


@lru_cache(maxsize=1)
def exercises() -> dict[str, Exercise]:
    """All registered exercises, by id."""
    override = os.environ.get(REGISTRY_VAR)
    if override:
        text = Path(override).read_text("utf-8")
    else:
        text = resources.files("summit_course").joinpath("exercises.json").read_text("utf-8")
    return {entry["id"]: Exercise.from_dict(entry) for entry in json.loads(text)}


def get(exercise_id) -> Exercise | None:
    """Return one exercise, or None when the id is unknown (or not a string)."""
    if not isinstance(exercise_id, str):
        return None
    return exercises().get(exercise_id.strip())


def id_order(exercise_id: str) -> tuple:
    """A sort key in course order: a registered exercise by its place in the registry (lesson, then
    the order of the notebook's headings, so ``"3.8"`` may come before ``"3.4"``); any other id
    after them, by its numbers (``"1.10"`` after ``"1.9"``)."""
    known = list(exercises())
    if exercise_id in known:
        return (0, known.index(exercise_id))
    return (1, *(int(p) if p.isdigit() else 0 for p in exercise_id.replace("q", ".").split(".")))
