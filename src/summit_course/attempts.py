"""How many verdicts a graded quiz gives: two different answers per exercise, then none.

A quiz (kind choice, choices, order or match) that carries points would otherwise be solved by
clicking: with unlimited checks a student walks to the key by trying every option. So a graded
quiz gives a verdict on at most :data:`LIMIT` different answers, whether they come from the
quiz's Check answer button or from ``check()`` in a code cell; an answer already checked gets its
verdict again for free. Practice quizzes (points = 0) and code exercises stay unlimited (a
computed answer is not found by clicking).

What was checked is remembered as a short salted fingerprint of the answer's canonical form
(never the answer itself) in the learner's journal (:mod:`summit_course.journal`), so the count
survives a kernel restart and a new quiz widget; where no journal is written (none found,
switched off, a folder that cannot be written) it is kept for the session.
"""

from __future__ import annotations

import hashlib

from . import journal, keys
from .registry import Exercise

__all__ = ["GRADED_LABEL", "LIMIT", "QUIZ_KINDS", "admit", "fingerprint", "left_line", "limited", "used", "used_up",
           "used_up_line", "reset"]

#: How many different answers of a graded quiz get a verdict.
LIMIT = 2
QUIZ_KINDS = ("choice", "choices", "order", "match")
#: The short label a graded quiz shows before any check.
GRADED_LABEL = "Graded: two checks"

_session: dict[tuple[str, str], set[str]] = {}  # (journal path, exercise id) -> fingerprints checked


def limited(exercise: Exercise) -> bool:
    """True for a graded quiz: a quiz kind with points."""
    return exercise.kind in QUIZ_KINDS and exercise.points > 0


def fingerprint(exercise: Exercise, answer) -> str | None:
    """A short salted hash of the answer's canonical form (``None`` when it has none).

    Equal answers (the same options ticked in another order, say) share a fingerprint.
    """
    try:
        form = keys.canonical(exercise.kind, answer, exercise.spec)
    except (keys.AnswerShapeError, TypeError, ValueError):
        return None
    return hashlib.sha256(f"summit-tried/{exercise.id}:{form}".encode()).hexdigest()[:16]


def _path() -> str:
    try:
        return str(journal.journal_path())
    except Exception:  # an odd working folder: the session still counts
        return "None"


def used(exercise_id: str, entries=None) -> set[str]:
    """The fingerprints of the answers of ``exercise_id`` that got a verdict (journal and session)."""
    if entries is None:
        entries = journal.entries()
    found = set(_session.get((_path(), exercise_id), ()))
    found.update(e["tried"] for e in entries
                 if e["kind"] == "check" and e.get("exercise") == exercise_id and "tried" in e)
    return found


def used_up(entries) -> set[str]:
    """The exercises whose checks ``entries`` (a journal) show used up."""
    tried: dict[str, set[str]] = {}
    for entry in entries:
        if entry["kind"] == "check" and "tried" in entry:
            tried.setdefault(entry.get("exercise"), set()).add(entry["tried"])
    return {exercise for exercise, answers in tried.items() if len(answers) >= LIMIT}


def admit(exercise_id: str, tried: str) -> int | None:
    """Count a check of the answer ``tried``: the checks left after it, or ``None`` when none was left.

    An answer already checked costs nothing; a new one takes a check while any is left.
    """
    seen = used(exercise_id)
    if tried not in seen:
        if len(seen) >= LIMIT:
            return None
        seen.add(tried)
        _session.setdefault((_path(), exercise_id), set()).add(tried)
    return LIMIT - len(seen)


def left_line(exercise: Exercise, left: int) -> str:
    """What a verdict that is not yet right adds: the checks left for a new answer."""
    if left:
        return (f"You have {left} check{'s' * (left != 1)} left on {exercise.id} for a new answer "
                "(checking this one again is free).")
    return (f"No checks are left on {exercise.id} for a new answer: settle on your answer and make sure its "
            "line is in the answer cell.")


def used_up_line(exercise: Exercise, via: str) -> str:
    """The kind line that replaces a verdict once a graded quiz's checks are used."""
    if via == "quiz":
        settle, helps = "copy its line (below) into the answer cell", "**Show a hint** still helps"
    else:
        settle, helps = "make sure its line is in the answer cell", f'hint("{exercise.id}") still helps'
    return (f"You have used your two checks on {exercise.id}. Settle on your answer and {settle}: your "
            f"instructor grades the line as it stands ({helps}; an answer you already checked gets its "
            "verdict again).")


def reset() -> None:
    """Forget this session's checks (the journal's stay): for tests."""
    _session.clear()
