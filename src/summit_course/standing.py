"""Where a student stands, read from their journal: ``progress()`` per lesson, ``my_forecasts()``.

Both read only the journal (:mod:`summit_course.journal`): the verdicts of the student's
checks, the numbers of the hints they asked for and the probabilities they gave the forecast
questions. Neither ever sees an answer, and neither sends anything anywhere.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import journal, registry
from .checks import NOT_ATTEMPTED, PASSED, RECORDED, UNKNOWN, _id_order

__all__ = ["LessonRow", "Progress", "my_forecasts", "progress"]

DONE = (PASSED, RECORDED)  # a written answer counts once it is saved for the instructor
HEADINGS = ("Lesson", "Passed", "Tried, not passed yet", "Not started", "Hints used", "Next step")
FORECAST_COLUMNS = ["forecast_id", "probability", "recorded"]


@dataclass(frozen=True)
class LessonRow:
    """One lesson's standing: exercise ids by state, and hints used."""

    lesson: str
    passed: tuple[str, ...]
    tried: tuple[str, ...]
    untouched: tuple[str, ...]
    hints: int

    @property
    def name(self) -> str:
        """``"01 the summit"`` from ``"01-the-summit"``."""
        number, _, slug = self.lesson.partition("-")
        return f"{number} {slug.replace('-', ' ')}"

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.tried) + len(self.untouched)

    def next_step(self) -> str:
        """What to do next in this lesson, in words."""
        if self.tried:
            return f"Try Exercise {self.tried[0]} again (hint(\"{self.tried[0]}\") gives a nudge)"
        if not self.untouched:
            return "Done"
        if not self.passed:
            return "Not begun: start at the top"
        return f"Go on with Exercise {self.untouched[0]}"

    def cells(self) -> tuple[str, ...]:
        return (self.name, f"{len(self.passed)} of {self.total}", str(len(self.tried)),
                str(len(self.untouched)), str(self.hints), self.next_step())


def _standing(entries) -> tuple[dict[str, str], dict[str, int]]:
    """Each exercise's latest real verdict (``passed`` or ``tried``) and the most hints shown."""
    state: dict[str, str] = {}
    hints: dict[str, int] = {}
    for entry in entries:
        exercise = entry.get("exercise")
        if entry["kind"] == "check" and entry.get("verdict") not in (None, NOT_ATTEMPTED, UNKNOWN):
            state[exercise] = "passed" if entry["verdict"] in DONE else "tried"
        elif entry["kind"] == "hint" and isinstance(entry.get("hint"), int):
            hints[exercise] = max(hints.get(exercise, 0), entry["hint"])
    return state, hints


@dataclass(frozen=True)
class Progress:
    """Every lesson's row, with notes about the journal; shows as a table (HTML or text)."""

    rows: tuple[LessonRow, ...]
    checks: int
    notes: tuple[str, ...] = ()
    off: bool = False

    def caption(self) -> str:
        if self.off:
            return "Your progress: the journal is switched off (SUMMIT_JOURNAL=off), so nothing is recorded."
        return (f"Your progress by lesson, from the {self.checks} check{'s' * (self.checks != 1)} "
                "in your journal (a written answer counts as passed once it is saved)")

    def next_lesson(self) -> str:
        """The first lesson not yet done, in words."""
        for row in self.rows:
            if row.next_step() != "Done":
                return f"Next: lesson {row.name}. {row.next_step()}."
        return "Next: every exercise passes. Well done."

    def __repr__(self) -> str:
        table = [HEADINGS, *(row.cells() for row in self.rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(HEADINGS) - 1)]
        lines = [self.caption()]
        for line in table:
            lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths)) + "  " + line[-1])
        return "\n".join([*lines, self.next_lesson(), *self.notes])

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in HEADINGS)
        body = "".join(
            f'<tr><th scope="row">{html.escape(cells[0])}</th>'
            + "".join(f"<td>{html.escape(c)}</td>" for c in cells[1:]) + "</tr>"
            for cells in (row.cells() for row in self.rows)
        )
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in (self.next_lesson(), *self.notes))
        return (f'<div class="summit-progress"><table><caption>{html.escape(self.caption())}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}</div>")


def progress() -> Progress:
    """Where you stand in each lesson: exercises passed, tried and not started, hints used, what next.

    Read from your journal (``.summit/journal.jsonl`` in your course folder). It counts an
    exercise as passed when its latest check passed, and as tried when its latest check did not.
    """
    off = journal.journal_path() is None
    entries = journal.entries()
    state, hints = _standing(entries)
    by_lesson: dict[str, list[str]] = {}
    for exercise in sorted(registry.exercises().values(), key=lambda e: (e.lesson, _id_order(e.id))):
        by_lesson.setdefault(exercise.lesson, []).append(exercise.id)
    rows = tuple(
        LessonRow(lesson,
                  tuple(i for i in ids if state.get(i) == "passed"),
                  tuple(i for i in ids if state.get(i) == "tried"),
                  tuple(i for i in ids if i not in state),
                  sum(hints.get(i, 0) for i in ids))
        for lesson, ids in by_lesson.items()
    )
    checks = sum(e["kind"] == "check" and e.get("verdict") not in (NOT_ATTEMPTED, UNKNOWN) for e in entries)
    return Progress(rows, checks, tuple(entries.notes), off)


def my_forecasts():
    """Your own forecasts from lesson 01's sliders, the latest per question, as a DataFrame.

    Columns ``forecast_id, probability, recorded`` (the UTC time you last moved that slider),
    sorted by ``forecast_id``; empty when your journal holds no forecast.
    """
    import pandas as pd

    rows = [(e["forecast"], float(e["p"]), e["t"]) for e in journal.entries() if e["kind"] == "forecast"]
    frame = pd.DataFrame(rows, columns=FORECAST_COLUMNS)
    frame = frame.drop_duplicates("forecast_id", keep="last")
    return frame.sort_values("forecast_id").reset_index(drop=True)
