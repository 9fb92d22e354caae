"""Close lesson 01's forecasts at the first check or hint of lesson 04 or a later lesson.

Lesson 04 is the first lesson that tells how some forecast questions turned out. Its first
``check()``, quiz check or ``hint()`` (before anything of the lesson looks ahead) writes one
journal entry of its own, ``forecasts_closed``, with its time and the exercise that closed
them, before the check's own entry. ``my_forecasts(before_lesson="04")`` scores only the
forecasts written before it. Opening or reading a lesson closes nothing: only a recorded act
does. The entry is written once, and only into a journal that holds forecasts; a journal
that is switched off records nothing.
"""

from __future__ import annotations

from . import journal, registry

__all__ = ["CLOSES_AT", "KIND", "NOTICE", "close_if_due", "closed_at", "closes"]

#: The first lesson whose checks close the forecasts.
CLOSES_AT = "04"
#: The journal entry's kind.
KIND = "forecasts_closed"
NOTICE = ("Note: your forecasts from lesson 01 are now closed, and your journal records this moment. "
          "Lesson 08 scores each question as you had set it before now; a slider moved later is left out.")

_closed: set[str] = set()  # journals known to hold the entry, this kernel


def closes(exercise_id) -> bool:
    """Whether a check or hint of ``exercise_id`` ("4.1") closes the forecasts."""
    exercise = registry.exercises().get(str(exercise_id))
    return exercise is not None and exercise.lesson.partition("-")[0] >= CLOSES_AT


def close_if_due(exercise_id) -> bool:
    """Write the close entry before the first check or hint of lesson 04 or later; ``True`` if written now.

    Only a journal that holds forecasts gets the entry and a printed notice: a student who
    made none has nothing to close (``my_forecasts`` leaves out any made after lesson 04's
    first check or hint all the same). Never raises.
    """
    try:
        if not closes(exercise_id):
            return False
        path = journal.journal_path()
        if path is None or str(path) in _closed:
            return False
        entries = journal.read(path)
        if any(e["kind"] == KIND for e in entries):
            _closed.add(str(path))
            return False
        if not any(e["kind"] == "forecast" for e in entries):
            return False  # nothing to close yet; a forecast made from now on is late anyway
        if not journal.record(KIND, exercise=str(exercise_id), lesson=CLOSES_AT):
            return False
        _closed.add(str(path))
        print(NOTICE)
        return True
    except Exception:  # the journal is a record for the student, never a reason for a check to fail
        return False


def closed_at() -> str | None:
    """When this journal's forecasts closed (the entry's UTC time), or ``None`` if they are open."""
    try:
        return next((e["t"] for e in journal.entries() if e["kind"] == KIND), None)
    except Exception:
        return None
