"""Close lesson 01's forecasts when lesson 04's setup cell runs.

Lesson 04 is the first lesson that tells how some forecast questions turned out, and just
running its cells shows some outcomes. So its setup cell calls :func:`close_forecasts`,
which writes one journal entry of its own, ``forecasts_closed``, with its time, and prints
one line. ``my_forecasts(before_lesson="04")`` scores only the forecasts written before it.
As a fallback, the first ``check()``, quiz check or ``hint()`` of lesson 04 or later writes
the entry too if the setup cell never did (:func:`close_if_due`). The entry is written once;
a journal that is switched off records nothing.
"""

from __future__ import annotations

from . import journal, registry

__all__ = ["CLOSES_AT", "KIND", "NOTICE", "SETUP", "SETUP_NOTICE", "close_forecasts", "close_if_due",
           "closed_at", "closes"]

#: The first lesson whose checks close the forecasts.
CLOSES_AT = "04"
#: The journal entry's kind.
KIND = "forecasts_closed"
NOTICE = ("Note: your forecasts from lesson 01 are now closed, and your journal records this moment. "
          "Lesson 08 scores each question as you had set it before now; a slider moved later is left out.")

#: The ``exercise`` field of the entry lesson 04's setup cell writes.
SETUP = "04 setup cell"
#: The one line the setup cell prints, the same whether or not a journal is kept.
SETUP_NOTICE = ("Your lesson-01 forecasts are now closed: lesson 08 scores each question as you had set it "
                "before you first ran this cell.")

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


def close_forecasts() -> None:
    """Close lesson 01's forecasts now (lesson 04's setup cell); print one line. Never raises.

    Writes the ``forecasts_closed`` entry unless the journal already holds one, whether or
    not it holds forecasts yet: a forecast made after this moment is late either way.
    """
    try:
        path = journal.journal_path()
        if path is not None and str(path) not in _closed:
            if not any(e["kind"] == KIND for e in journal.read(path)):
                journal.record(KIND, exercise=SETUP, lesson=CLOSES_AT)
            _closed.add(str(path))
    except Exception:  # the journal is a record for the student, never a reason for the setup to fail
        pass
    print(SETUP_NOTICE)


def closed_at() -> str | None:
    """When this journal's forecasts closed (the entry's UTC time), or ``None`` if they are open."""
    try:
        return next((e["t"] for e in journal.entries() if e["kind"] == KIND), None)
    except Exception:
        return None
