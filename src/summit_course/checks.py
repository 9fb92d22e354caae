"""Check a student's answer: pure functions that always return a :class:`Feedback`.

``check(exercise_id, answer)`` never raises and never hangs on what a student passes it.
It runs the exercise's public checks (type, structure or range, key) and says how many
pass; the hidden checks run only when the instructor grades. A wrong answer gets a hint
from the answer's structure, never the answer, and never "too high" or "too low" (that
would let a student binary-search a hashed key).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from . import cells, keys
from .hints import markdown_html
from .registry import Exercise, exercises, get

__all__ = ["Feedback", "check", "check_exercise"]

NOT_ATTEMPTED = "not_attempted"
INCORRECT = "incorrect"
PASSED = "passed"
RECORDED = "recorded"
UNKNOWN = "unknown"
STALE = "stale"

_SYMBOL = {NOT_ATTEMPTED: "⏳", INCORRECT: "❌", PASSED: "✅", RECORDED: "📝", UNKNOWN: "❓", STALE: "⚠️"}
_LABEL = {
    NOT_ATTEMPTED: "not attempted yet",
    INCORRECT: "not yet",
    PASSED: "looks right",
    RECORDED: "saved for your instructor",
    UNKNOWN: "unknown exercise",
    STALE: "not checked",
}
HIDDEN_NOTE = "Hidden checks run when your instructor grades."
LIST_TYPES = (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)
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

    @property
    def correct(self) -> bool:
        """True when every public check passes (hidden checks may still fail)."""
        return self.status == PASSED

    def summary(self) -> str:
        """One line: symbol, status label and the public-check count."""
        head = f"{_SYMBOL[self.status]} Exercise {self.exercise_id}: {_LABEL[self.status]}"
        if self.total:
            head += f" — {self.passed} of {self.total} public checks pass"
        return head

    def lines(self) -> list[str]:
        """The summary followed by each message and note."""
        return [self.summary(), *self.messages, *self.notes]

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{markdown_html(m)}</li>" for m in (*self.messages, *self.notes))
        body = f"<ul>{items}</ul>" if items else ""
        return (
            f'<div class="summit-feedback summit-{self.status}" role="status">'
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
        known = ", ".join(sorted(exercises(), key=_id_order)[:12])
        label = exercise_id if isinstance(exercise_id, str) else type(exercise_id).__name__
        return Feedback(
            str(label)[:40],
            UNKNOWN,
            messages=(f"There is no exercise {str(label)[:40]!r}. Exercise ids look like '1.2': {known} …",),
        )
    stale = cells.stale_reason(exercise.variable)
    if stale:
        return Feedback(exercise.id, STALE, messages=(stale,))
    return check_exercise(exercise, answer)


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
        return _run_checks(exercise, answer)
    except Exception as exc:  # a student's object can fail in any way; say so kindly
        return Feedback(
            exercise.id,
            INCORRECT,
            0,
            3,
            (f"Could not read this answer ({type(exc).__name__}). "
             f"It should be {exercise.describes}.",),
        )


def _id_order(exercise_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in exercise_id.replace("q", ".").split("."))


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
    problems = _structure_problems(exercise, answer)
    if problems is None:
        return _incorrect(exercise, 0, [f"Expected {exercise.describes}, got "
                                        f"{type(answer).__name__}{_type_fix(exercise, answer)}."])
    empty = _empty_note(exercise, answer)
    if problems:
        return _incorrect(exercise, 1, [*problems, *empty])
    if empty:
        return _incorrect(exercise, 1, empty)
    try:
        form = keys.canonical(exercise.kind, answer, exercise.spec)
    except keys.AnswerShapeError as exc:
        return _incorrect(exercise, 1, [f"This answer has the wrong shape: {exc}."])
    if keys.digest(exercise.id, form) in exercise.accept:
        return Feedback(exercise.id, PASSED, 3, 3, (HIDDEN_NOTE,))
    unknown = _unknown_items(exercise, answer)
    if unknown:
        return _incorrect(exercise, 2, [unknown])
    return _incorrect(exercise, 2, ["The type and shape are right, but the value is not."])


def _type_fix(exercise: Exercise, answer) -> str:
    """What to change when the answer has the wrong type: the commonest slips, named."""
    kind = exercise.kind
    if kind in ("number", "integer") and isinstance(answer, str) and len(answer) < 40:
        try:
            float(answer.strip().replace(",", ""))
            return f": remove the quotes ({answer.strip()}, not '{answer.strip()}')"
        except ValueError:
            return ": a number has no quotes around it"
    if kind == "date" and keys.is_number(answer):
        return ": put the date in quotes, in the form 'YYYY-MM-DD' (without them Python subtracts)"
    if kind in ("set", "list", "choices", "order") and isinstance(answer, str):
        return (": put the items in braces, such as {'A', 'B'}" if kind == "set"
                else ": put the items in square brackets, such as ['A', 'B']")
    if kind in ("number", "integer") and isinstance(answer, (pd.Series, pd.DataFrame)):
        return ": this is a whole column; reduce it to one number (for example with .mean() or .sum())"
    if kind == "date" and isinstance(answer, (pd.Series, pd.DataFrame)):
        return ": this is a whole column; pick one date (for example with .min())"
    return ""


def _empty_note(exercise: Exercise, answer) -> list[str]:
    """An empty table or set most often comes from a filter that matched nothing: say so."""
    if not isinstance(answer, (pd.DataFrame, *LIST_TYPES)) or len(answer) != 0:
        return []
    texts = cells.compared_texts(exercise.variable)
    unit = "rows" if isinstance(answer, (pd.DataFrame, pd.Series)) else "items"
    if texts:
        return [f"0 {unit}: does '{texts[0]}' match a value in the column? Look at the column's "
                "values (for example with .unique()): spelling and capitals must match."]
    return [f"0 {unit}: if you filtered, the filter matched nothing. Check that the value you "
            "compare with is spelled exactly as in the column."]


@lru_cache(maxsize=1)
def _dataset_texts() -> frozenset[str]:
    """Every text value in the course's tables, normalised (never the answer key)."""
    from .data import datasets, load

    found = set()
    for name in datasets().index:
        frame = load(name)
        for column in frame.columns:
            if frame[column].dtype == object or isinstance(frame[column].dtype, pd.CategoricalDtype):
                found.update(keys.normalise_text(str(v)) for v in frame[column].dropna().unique())
    return frozenset(found)


def _unknown_items(exercise: Exercise, answer) -> str:
    """Name an item of a set or list of texts that appears in none of the course's tables.

    The comparison is with the datasets, which students can read, never with the key.
    """
    if exercise.kind not in ("set", "list") or not isinstance(answer, LIST_TYPES):
        return ""
    items = [keys.plain(v) for v in answer]
    if not items or not all(isinstance(v, str) for v in items):
        return ""
    try:
        known = _dataset_texts()
    except Exception:
        return ""
    unknown = [v for v in items if keys.normalise_text(v) not in known]
    if not unknown or len(unknown) == len(items):
        return ""
    names = ", ".join(f"'{v}'" for v in unknown[:3])
    return (f"{names} {'is' if len(unknown) == 1 else 'are'} not a value in any of the course's "
            "tables: check the spelling against the table.")


def _incorrect(exercise: Exercise, passed: int, messages: list[str]) -> Feedback:
    more = f'Stuck? Run hint("{exercise.id}") for a nudge.' if exercise.hints else ""
    return Feedback(exercise.id, INCORRECT, passed, 3, tuple(m for m in [*messages, more] if m))


def _structure_problems(exercise: Exercise, answer) -> list[str] | None:
    """Return None for the wrong type, a list of structural problems otherwise."""
    kind, spec = exercise.kind, exercise.spec
    if kind in ("number", "integer"):
        if not keys.is_number(answer):
            return None
        return _range_problems(float(answer), spec, whole=kind == "integer")
    if kind == "text":
        if not isinstance(answer, str):
            return None
        return [] if answer.strip() else ["The text is empty."]
    if kind == "date":
        return _date_problems(answer)
    if kind in ("choice",):
        return [] if isinstance(answer, str) else None
    if kind in ("set", "list", "choices", "order"):
        if not isinstance(answer, LIST_TYPES):
            return None
        # for "choices" the number of right options is part of the answer: never hint it
        return [] if kind == "choices" else _length_problems(len(answer), spec)
    if kind == "match":
        if not isinstance(answer, Mapping):
            return None
        return _match_problems(answer, spec)
    if kind in ("frame", "series"):
        if not isinstance(answer, (pd.DataFrame, pd.Series)):
            return None
        return _frame_problems(keys.frame_of(answer), spec, kind)
    return None


def _range_problems(value: float, spec: Mapping, whole: bool) -> list[str]:
    problems = []
    if whole and value != int(value):
        problems.append("This should be a whole number (a count), with no fraction.")
    low, high = spec.get("min"), spec.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        problems.append(f"That is outside the plausible range for this question "
                        f"({low} to {high}{' ' + spec['unit'] if spec.get('unit') else ''}).")
    return problems


def _date_problems(answer) -> list[str] | None:
    if not isinstance(answer, (str, pd.Timestamp)) and not hasattr(answer, "isoformat"):
        return None
    try:
        keys.canonical("date", answer, {})
    except keys.AnswerShapeError as exc:
        return [f"{str(exc)[:80].capitalize()}."]
    return []


def _length_problems(length: int, spec: Mapping) -> list[str]:
    expected = spec.get("length")
    if expected is None or length == expected:
        return []
    return [f"Expected {expected} items, got {length}."]


def _match_problems(answer: Mapping, spec: Mapping) -> list[str]:
    left = spec.get("left", [])
    given = {keys.normalise_text(str(k)) for k in answer}
    missing = [item for item in left if keys.normalise_text(item) not in given]
    return [f"Pair every item; missing: {', '.join(missing)}."] if missing else []


def _frame_problems(frame: pd.DataFrame, spec: Mapping, kind: str) -> list[str]:
    problems = []
    if kind == "frame":
        have = [str(c) for c in (frame.reset_index() if spec.get("index") else frame).columns]
        want = [str(c) for c in spec.get("columns", have)]
        missing = [c for c in want if c not in have]
        extra = [c for c in have if c not in want]
        if missing:
            problems.append(f"Missing columns: {', '.join(missing)}.")
        if extra:
            problems.append(f"Unexpected columns: {', '.join(extra)}.")
    rows = spec.get("rows")
    if rows is not None and len(frame) != rows:
        diff = len(frame) - rows
        word = "too many" if diff > 0 else "too few"
        problems.append(f"{abs(diff)} row{'s' if abs(diff) != 1 else ''} {word}: "
                        f"expected {rows}, got {len(frame)}.")
        if diff > 0 and _has_zero_counts(frame):
            problems.append("Some rows count 0: a group-by on a category column lists empty "
                            "categories too. Add observed=True: groupby(..., observed=True).")
    return problems


def _has_zero_counts(frame: pd.DataFrame) -> bool:
    numbers = frame.select_dtypes("number")
    return bool(numbers.size) and bool((numbers == 0).any().any())


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
