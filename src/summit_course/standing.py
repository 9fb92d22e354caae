"""Where a student stands, read from their journal: ``progress()`` per lesson, ``my_forecasts()``.

Both read only the journal (:mod:`summit_course.journal`): the verdicts of the student's
checks, the numbers of the hints they asked for and the probabilities they gave the forecast
questions. Neither ever sees an answer, and neither sends anything anywhere.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass

from . import attempts, journal, registry
from .checks import INCORRECT, PASSED, RECORDED, STALE

__all__ = ["LessonRow", "Progress", "my_forecasts", "progress"]

DONE = (PASSED, RECORDED)  # a written answer counts once it is saved for the instructor
VERDICTS = (*DONE, INCORRECT, STALE)  # an attempt's verdicts; anything else in a journal is ignored
HEADINGS = ("Lesson", "Passed", "Checked in the quiz only", "Tried, not passed yet", "Not started",
            "Hints used", "Next step")
FORECAST_COLUMNS = ["forecast_id", "probability", "recorded"]


@dataclass(frozen=True)
class LessonRow:
    """One lesson's standing: exercise ids by state, and hints used.

    ``quizzed`` holds the quizzes that passed in the quiz with no passing ``check()`` of the
    answer cell since: what the grader reads is still ``...``. ``used_up`` holds the tried
    graded quizzes with no check left (:mod:`summit_course.attempts`): they stay tried, since
    no verdict said otherwise, but there is nothing to try again.
    """

    lesson: str
    passed: tuple[str, ...]
    tried: tuple[str, ...]
    untouched: tuple[str, ...]
    hints: int
    quizzed: tuple[str, ...] = ()
    used_up: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """``"01 the summit"`` from ``"01-the-summit"``."""
        number, _, slug = self.lesson.partition("-")
        return f"{number} {slug.replace('-', ' ')}"

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.quizzed) + len(self.tried) + len(self.untouched)

    def next_step(self) -> str:
        """What to do next in this lesson, in words."""
        if self.quizzed:
            exercise = registry.get(self.quizzed[0])
            return (f"Exercise {exercise.id} was checked in the quiz only: paste the line the quiz shows "
                    f"into the answer cell, then run check(\"{exercise.id}\", {exercise.variable})")
        retry = [i for i in self.tried if i not in self.used_up]
        if retry:
            return f"Try Exercise {retry[0]} again (hint(\"{retry[0]}\") gives a nudge)"
        if self.untouched and not self.passed and not self.tried:
            return "Not begun: start at the top"
        if self.untouched:
            return f"Go on with Exercise {self.untouched[0]}"
        if self.used_up:
            return (f"Exercise {self.used_up[0]} has no checks left: make sure your answer's line is in its "
                    "answer cell (it is graded as it stands)")
        return "Done"

    @property
    def settled(self) -> bool:
        """True when nothing is left to do here but what no check can help with (used-up quizzes)."""
        return not (self.quizzed or self.untouched or set(self.tried) - set(self.used_up))

    def cells(self) -> tuple[str, ...]:
        return (self.name, f"{len(self.passed)} of {self.total}", str(len(self.quizzed)), str(len(self.tried)),
                str(len(self.untouched)), str(self.hints), self.next_step())


def _standing(entries) -> tuple[dict[str, str], dict[str, int]]:
    """Each exercise's state (``passed``, ``quiz`` or ``tried``) and the most hints shown.

    A ``check()`` sets the state from its verdict. A quiz's Check judges the quiz, not the
    answer cell the grader reads: its pass is ``quiz`` (never ``passed``), and neither its
    pass nor its miss undoes a pass of ``check()``. A hint number counts up to the exercise's
    own number of hints; entries for unknown exercises or with other verdicts are ignored.
    """
    known = registry.exercises()
    state: dict[str, str] = {}
    hints: dict[str, int] = {}
    for entry in entries:
        exercise = known.get(entry.get("exercise"))
        if exercise is None:
            continue
        key, number = exercise.id, entry.get("hint")
        if entry["kind"] == "check" and entry.get("verdict") in VERDICTS:
            done = entry["verdict"] in DONE
            if entry.get("via") != "quiz":
                state[key] = "passed" if done else "tried"
            elif state.get(key) != "passed":
                state[key] = "quiz" if done else "tried"
        elif entry["kind"] == "hint" and isinstance(number, int) and number > 0 and exercise.hints:
            hints[key] = max(hints.get(key, 0), min(number, len(exercise.hints)))
    return state, hints


@dataclass(frozen=True)
class Progress:
    """Every lesson's row, with notes about the journal; shows as a table (HTML or text)."""

    rows: tuple[LessonRow, ...]
    checks: int
    notes: tuple[str, ...] = ()
    off: str | None = None  # why nothing is recorded, when nothing is
    unsaved: str | None = None  # why this kernel could not save to the journal, if it could not

    def caption(self) -> str:
        if self.off:
            return f"Your progress: {self.off}, so nothing is recorded."
        return (f"Your progress by lesson, from the {self.checks} check{'s' * (self.checks != 1)} "
                "in your journal (a written answer counts as passed once it is saved)")

    def warnings(self) -> list[str]:
        """What makes the table incomplete, said before it."""
        if not self.unsaved:
            return []
        return [f"This table is incomplete: your journal could not be saved in this session ({self.unsaved}), "
                "so checks and hints since then are missing from it. Checks and hints work as before."]

    def next_lesson(self) -> str:
        """The first lesson not yet done, in words."""
        for row in (*(r for r in self.rows if not r.settled), *self.rows):
            if row.next_step() != "Done":
                return f"Next: lesson {row.name}. {row.next_step()}."
        return "Next: every exercise passes. Well done."

    def __repr__(self) -> str:
        table = [HEADINGS, *(row.cells() for row in self.rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(HEADINGS) - 1)]
        lines = [self.caption(), *self.warnings()]
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
        warnings = "".join(f"<p><strong>{html.escape(w)}</strong></p>" for w in self.warnings())
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in (self.next_lesson(), *self.notes))
        return (f'<div class="summit-progress">{warnings}<table><caption>{html.escape(self.caption())}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}</div>")


def progress() -> Progress:
    """Where you stand in each lesson: exercises passed, tried and not started, hints used, what next.

    Read from your journal (``.summit/journal.jsonl`` in your course folder). An exercise is
    passed when its latest ``check()`` passed, and tried when it did not; a quiz that passed
    only in the quiz is shown apart, since its answer cell is not filled in yet.
    """
    path = journal.journal_path()
    off = _why_off() if path is None else None
    entries = journal.read(path)
    state, hints = _standing(entries)
    by_lesson: dict[str, list[str]] = {}
    for exercise in sorted(registry.exercises().values(), key=lambda e: (e.lesson, registry.id_order(e.id))):
        by_lesson.setdefault(exercise.lesson, []).append(exercise.id)

    def having(ids, value):
        return tuple(i for i in ids if state.get(i) == value)

    used_up = attempts.used_up(entries)
    rows = tuple(
        LessonRow(lesson, having(ids, "passed"), having(ids, "tried"), having(ids, None),
                  sum(hints.get(i, 0) for i in ids), quizzed=having(ids, "quiz"),
                  used_up=tuple(i for i in having(ids, "tried") if i in used_up))
        for lesson, ids in by_lesson.items()
    )
    checks = sum(e["kind"] == "check" and e.get("verdict") in VERDICTS for e in entries)
    return Progress(rows, checks, tuple(entries.notes), off, journal.write_problem())


def _why_off() -> str:
    if os.environ.get(journal.ENV_VAR, "").strip().lower() == journal.OFF:
        return f"the journal is switched off ({journal.ENV_VAR}=off)"
    return ("no course folder was found (open the lesson from inside the course folder, the one "
            "that holds datasets/)")


def _first_entry_from(entries, lesson: str) -> int | None:
    """The index of the first check or hint of an exercise of ``lesson`` ("02") or a later one, or ``None``.

    A ``forecasts_closed`` entry of ``lesson`` or a later one (lesson 04's setup cell writes it) counts too.
    """
    known = registry.exercises()
    for index, entry in enumerate(entries):
        if entry.get("kind") == "forecasts_closed" and str(entry.get("lesson", "")) >= lesson:
            return index
        exercise = known.get(entry.get("exercise"))
        if exercise is not None and exercise.lesson.partition("-")[0] >= lesson:
            return index
    return None


def my_forecasts(before_lesson: str | None = None):
    """Your own forecasts from lesson 01's sliders, the latest per question, as a DataFrame.

    Columns ``forecast_id, probability, recorded`` (the UTC time you last moved that slider),
    sorted by ``forecast_id``; empty when your journal holds no forecast. With
    ``before_lesson="02"`` only forecasts written to the journal before your first check or
    hint in lesson 02 or any later lesson count (later lessons tell how several questions
    turned out); a note says how many later changes were left out. From lesson 04 on, that
    cut is the ``forecasts_closed`` entry lesson 04's setup cell writes
    (:mod:`summit_course.forecast_close`), or the first check or hint if that comes first.
    """
    import pandas as pd

    entries = journal.entries()
    lesson = str(before_lesson).zfill(2)
    cut = _first_entry_from(entries, lesson) if before_lesson is not None else None
    kept, late = (entries, []) if cut is None else (entries[:cut], entries[cut:])
    rows = [(e["forecast"], float(e["p"]), e["t"]) for e in kept if e["kind"] == "forecast"]
    left_out = sum(e["kind"] == "forecast" for e in late)
    frame = pd.DataFrame(rows, columns=FORECAST_COLUMNS)
    frame = frame.drop_duplicates("forecast_id", keep="last")
    frame = frame.sort_values("forecast_id").reset_index(drop=True)
    frame.attrs["left_out"] = left_out
    if left_out:
        print(f"Note: {left_out} forecast change{'s' * (left_out != 1)} made after you started the exercises "
              f"of lesson {lesson} or later ({entries[cut]['t']}) {'are' if left_out != 1 else 'is'} "
              "left out: only what you forecast before that is scored.")
    return frame
