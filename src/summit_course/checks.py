"""Check a student's answer: pure functions that always return a :class:`Feedback`.

``check(exercise_id, answer)`` never raises and never hangs on what a student passes it.
It runs the exercise's public checks (type, structure or range, key) and says how many
pass; the hidden checks run only when the instructor grades. A wrong answer gets a hint
from the answer's structure, never the answer, and never "too high" or "too low" (that
would let a student binary-search a hashed key). A graded quiz gives a verdict on two
different answers only (:func:`judge`, :mod:`summit_course.attempts`).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import attempts, cells, journal, keys
from .diagnose import LIST_TYPES, structure_problems, type_fix
from .misses import empty_note, foreseen, miss_note
from .hints import markdown_html
from .registry import Exercise, exercises, get, id_order

__all__ = ["Feedback", "check", "check_exercise", "judge", "stuck_line"]

NOT_ATTEMPTED = "not_attempted"
INCORRECT = "incorrect"
PASSED = "passed"
RECORDED = "recorded"
UNKNOWN = "unknown"
STALE = "stale"
USED_UP = "used_up"  # a graded quiz's checks are used: no verdict given

_SYMBOL = {NOT_ATTEMPTED: "⏳", INCORRECT: "❌", PASSED: "✅", RECORDED: "📝", UNKNOWN: "❓", STALE: "⚠️",
           USED_UP: "🔒"}
_LABEL = {
    NOT_ATTEMPTED: "not attempted yet",
    INCORRECT: "not yet",
    PASSED: "looks right",
    RECORDED: "saved for your instructor",
    UNKNOWN: "unknown exercise",
    STALE: "not checked",
    USED_UP: "no checks left",
}
KEY_STAGE = 2  # public checks passed before the key is compared: type, then structure
HIDDEN_NOTE = "Hidden checks run when your instructor grades."
MAX_ITEMS = 100_000  # no course answer comes near this; bigger values are refused at once
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Feedback:
    """The result of one check, with a stable text form (nbval compares it)."""

    exercise_id: str
    status: str
    passed: int = 0
    total: int = 0
    messages: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)
    counted: bool = field(default=True, compare=False)  # False: the summary says right or not, no count
    label: str = field(default="", compare=False)  # instead of the status's own words

    @property
    def correct(self) -> bool:
        """True when every public check passes (hidden checks may still fail)."""
        return self.status == PASSED

    def summary(self) -> str:
        """One line: symbol, status label and the public-check count."""
        head = f"{_SYMBOL[self.status]} Exercise {self.exercise_id}: {self.label or _LABEL[self.status]}"
        if self.total and self.counted:
            head += f" — {self.passed} of {self.total} public checks pass"
        return head

    def lines(self) -> list[str]:
        """The summary followed by each message and note."""
        return [self.summary(), *self.messages, *self.notes]

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        return self.html()

    def html(self, live: bool = True) -> str:
        """The feedback as HTML; ``live=False`` leaves out ``role="status"`` (for a page that has its own)."""
        items = "".join(f"<li>{markdown_html(m)}</li>" for m in (*self.messages, *self.notes))
        body = f"<ul>{items}</ul>" if items else ""
        role = ' role="status"' if live else ""
        return (
            f'<div class="summit-feedback summit-{self.status}"{role}>'
            f"<strong>{html.escape(self.summary())}</strong>{body}</div>"
        )


def _is_placeholder(value, exercise: Exercise | None = None) -> bool:
    """``...``, or for a written answer the text ``"..."`` the student copy starts with."""
    if value is Ellipsis:
        return True
    written = exercise is not None and exercise.is_written
    return written and isinstance(value, str) and value.strip() in ("...", "")


def check(exercise_id, answer) -> Feedback:
    """Check ``answer`` against exercise ``exercise_id``; never raises.

    Parameters
    ----------
    exercise_id : str
        The exercise's id, such as ``"1.2"``.
    answer : object
        The value of the exercise's answer variable. ``...`` means not attempted.
    """
    exercise = get(exercise_id)
    if exercise is None:
        known = ", ".join(sorted(exercises(), key=id_order)[:12])
        label = exercise_id if isinstance(exercise_id, str) else type(exercise_id).__name__
        return Feedback(
            str(label)[:40],
            UNKNOWN,
            messages=(f"There is no exercise {str(label)[:40]!r}. Exercise ids look like '1.2': {known} …",),
        )
    stale = cells.stale_reason(exercise.variable)
    if not stale:
        return judge(exercise, answer, "check")
    result = Feedback(exercise.id, STALE, messages=(stale,))
    journal.note_check(result, "check")  # the verdict and counts, never the answer
    return result


def judge(exercise: Exercise, answer, via: str) -> Feedback:
    """:func:`check_exercise` within a graded quiz's checks (:mod:`summit_course.attempts`), journaled.

    ``via`` says what asked (``"check"`` or ``"quiz"``). A graded quiz's answer that reaches the
    key takes one of its checks, unless it was checked before; with none left, the result is a
    line saying so instead of a verdict. A wrong type or shape is said as ever, for nothing.
    """
    result = check_exercise(exercise, answer)
    reached_key = result.status in (PASSED, INCORRECT) and result.passed >= KEY_STAGE
    tried = attempts.fingerprint(exercise, answer) if reached_key and attempts.limited(exercise) else None
    if tried is not None:
        left = attempts.admit(exercise.id, tried)
        if left is None:
            result, tried = Feedback(exercise.id, USED_UP, messages=(attempts.used_up_line(exercise, via),)), None
        elif result.status == INCORRECT:
            result = dataclasses.replace(result, messages=(*result.messages, attempts.left_line(exercise, left)))
    journal.note_check(result, via, tried)  # the verdict and counts, never the answer
    return result


def check_exercise(exercise: Exercise, answer) -> Feedback:
    """Run an exercise's public checks on ``answer``; never raises.

    :func:`check` looks the exercise up in the installed registry; the grader calls this
    directly with the exercises of the course it grades.
    """
    if _is_placeholder(answer, exercise):
        where = (f'`{exercise.variable} = """..."""` with your answer (keep the three quotes '
                 "on each side)" if exercise.is_written
                 else f"`{exercise.variable} = ...` with your answer")
        return Feedback(
            exercise.id,
            NOT_ATTEMPTED,
            messages=(f"Replace the ... in {where}, run that cell, then run this one again.",),
        )
    try:
        return _worded(exercise, _run_checks(exercise, answer))
    except Exception as exc:  # a student's object can fail in any way; say so kindly
        return Feedback(
            exercise.id,
            INCORRECT,
            0,
            3,
            (f"Could not read this answer ({type(exc).__name__}): it should be {exercise.describes}, "
             f"and this is {_a(type(answer).__name__)}. Show it (its name alone in a cell) and compare it "
             "with what the question asks for.",),
        )


def _worded(exercise: Exercise, result: Feedback) -> Feedback:
    """A quiz's result says right or not yet, with no count of checks (a wrong choice is not partly
    right); a practice exercise (0 points) does not mention the instructor's hidden checks."""
    if exercise.kind in attempts.QUIZ_KINDS:
        result = dataclasses.replace(result, counted=False)
    if exercise.points == 0 and HIDDEN_NOTE in result.messages:
        result = dataclasses.replace(result, messages=tuple(m for m in result.messages if m != HIDDEN_NOTE))
    return result


def _too_big(answer) -> bool:
    if isinstance(answer, str):
        return len(answer) > MAX_TEXT
    if isinstance(answer, (pd.DataFrame, *LIST_TYPES, Mapping)):
        return len(answer) > MAX_ITEMS
    return False


def _run_checks(exercise: Exercise, answer) -> Feedback:
    if _too_big(answer):
        return _incorrect(exercise, 0, ["This value is far larger than any answer to this "
                                        "exercise; check that you assigned the right thing."])
    if exercise.is_written:
        return _check_written(exercise, answer)
    problems = structure_problems(exercise, answer)
    if problems is None:
        return _incorrect(exercise, 0, [f"Expected {exercise.describes}, got "
                                        f"{type(answer).__name__}{type_fix(exercise, answer)}."])
    said = "" if problems else foreseen(exercise, answer)
    if said:  # the lesson's own words come before any generic note
        return _incorrect(exercise, 2, [said])
    empty = empty_note(exercise, answer)
    if problems:
        return _incorrect(exercise, 1, [*problems, *empty])
    if empty:
        return _incorrect(exercise, 1, empty)
    try:
        form = keys.canonical(exercise.kind, answer, exercise.spec)
    except keys.AnswerShapeError as exc:
        return _incorrect(exercise, 1, [f"This answer has the wrong shape: {exc}."])
    if keys.digest(exercise.id, form) in exercise.accept:
        return Feedback(exercise.id, PASSED, 3, 3, (HIDDEN_NOTE,), _form_note(exercise, answer))
    return _incorrect(exercise, 2, [miss_note(exercise, answer)])


def _form_note(exercise: Exercise, answer) -> tuple[str, ...]:
    """A right set given as another collection: say what a set is, and that it is read the same."""
    if exercise.kind != "set" or isinstance(answer, (set, frozenset)):
        return ()
    return (f"Your answer is {_a(type(answer).__name__)}; the question asks for a set, {{...}} or set(...). "
            "It is read the same here and when your instructor grades.",)


def stuck_line(exercise: Exercise) -> str:
    """The last line of a check that is not yet right: where the exercise's hints are."""
    return f'Stuck? Run hint("{exercise.id}") for a nudge.' if exercise.hints else ""


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _incorrect(exercise: Exercise, passed: int, messages: list[str]) -> Feedback:
    return Feedback(exercise.id, INCORRECT, passed, 3, tuple(m for m in [*messages, stuck_line(exercise)] if m))


def _check_written(exercise: Exercise, answer) -> Feedback:
    spec = exercise.spec
    if not isinstance(answer, str):
        return Feedback(exercise.id, INCORRECT, 0, 2,
                        (f"Write your answer as text in quotes; got {type(answer).__name__}.",))
    words = len(answer.split())
    low, high = spec.get("min_words", 1), spec.get("max_words", 400)
    if not low <= words <= high:
        return Feedback(exercise.id, INCORRECT, 1, 2,
                        (f"Aim for {low} to {high} words; this has {words}.",))
    checklist = tuple(f"☐ {item}" for item in spec.get("self_check", ()))
    return Feedback(
        exercise.id,
        RECORDED,
        2,
        2,
        (f"Your answer ({words} words) is saved in this notebook. Your instructor grades it "
         "with a rubric.",),
        (("Check it yourself before you move on:",) + checklist) if checklist else (),
    )
