"""Graduated hints: one more each time a student asks, from a nudge to a method, never the answer."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .registry import get

__all__ = ["Hint", "hint", "reset_hints"]


@dataclass(frozen=True)
class Hint:
    """One graduated hint, with a stable text form."""

    exercise_id: str
    number: int
    total: int
    text: str

    def __repr__(self) -> str:
        if not self.total:
            return f"💡 Exercise {self.exercise_id}: {self.text}"
        more = "" if self.number < self.total else " (that was the last hint)"
        return f"💡 Hint {self.number} of {self.total} for Exercise {self.exercise_id}{more}: {self.text}"

    def _repr_html_(self) -> str:
        return f'<div class="summit-hint" role="note">{html.escape(repr(self))}</div>'


_hints_shown: dict[str, int] = {}


def hint(exercise_id) -> Hint:
    """Show the next hint for an exercise: one more each call, never the answer."""
    exercise = get(exercise_id)
    if exercise is None:
        return Hint(str(exercise_id)[:40], 0, 0, "There is no exercise with that id.")
    if not exercise.hints:
        return Hint(exercise.id, 0, 0, "This exercise has no hints.")
    shown = min(_hints_shown.get(exercise.id, 0) + 1, len(exercise.hints))
    _hints_shown[exercise.id] = shown
    return Hint(exercise.id, shown, len(exercise.hints), exercise.hints[shown - 1])


def reset_hints() -> None:
    """Start every exercise's hints again from the first."""
    _hints_shown.clear()
