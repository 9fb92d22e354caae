"""The exercise registry: every exercise's id, lesson, points, kind, hints and hashed key.

The registry ships with the package as ``exercises.json``. It is compiled from the
instructor's sources in ``solutions/exercises/`` by :mod:`summit_course.authoring.exercises`, which
hashes the answers; model answers, rubrics and hidden checks never enter it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["Exercise", "exercises", "get", "id_order", "KINDS"]

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
    text = resources.files("summit_course").joinpath("exercises.json").read_text("utf-8")
    return {entry["id"]: Exercise.from_dict(entry) for entry in json.loads(text)}


def get(exercise_id) -> Exercise | None:
    """Return one exercise, or None when the id is unknown (or not a string)."""
    if not isinstance(exercise_id, str):
        return None
    return exercises().get(exercise_id.strip())


def id_order(exercise_id: str) -> tuple:
    """A sort key that puts ``"1.10"`` after ``"1.9"`` (and quiz ids such as ``"0q1"`` in place)."""
    return tuple(int(p) if p.isdigit() else 0 for p in exercise_id.replace("q", ".").split("."))
