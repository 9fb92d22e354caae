"""Graduated hints: one more each time a student asks, from a nudge to a method, never the answer."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import journal
from .registry import get

__all__ = ["Hint", "hint", "markdown_html", "next_hint", "reset_hints"]

_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def markdown_html(text: str) -> str:
    """Escape ``text`` and render its inline Markdown: `code`, **strong** and *emphasis*.

    Hints and feedback use only these three; code spans are left exactly as written.
    """
    parts = _CODE.split(str(text))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            part = html.escape(part)
            part = _STRONG.sub(r"<strong>\1</strong>", part)
            out.append(_EM.sub(r"<em>\1</em>", part))
    return "".join(out)


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

    def heading(self) -> str:
        """Everything before the hint's own text."""
        return repr(self)[: len(repr(self)) - len(self.text)]

    def _repr_html_(self) -> str:
        return (f'<div class="summit-hint" role="note">{html.escape(self.heading())}'
                f"{markdown_html(self.text)}</div>")


_hints_shown: dict[str, int] = {}


def hint(exercise_id) -> Hint:
    """Show the next hint for an exercise: one more each call, never the answer."""
    result = next_hint(exercise_id)
    journal.note_hint(result, "hint")  # the hint's number, not its text
    return result


def next_hint(exercise_id) -> Hint:
    """The next hint for an exercise, as :func:`hint` gives it, but not journaled (its caller does)."""
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
