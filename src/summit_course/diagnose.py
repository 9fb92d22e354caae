"""Say what is wrong with an answer from its structure, never from the key.

Type, shape, range, length, columns, an empty filter, an item that is in none of the
datasets: each gives the student a specific fix. None of it compares with the hashed key,
so none of it helps a student search for the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from . import cells, keys
from .options import partner_index
from .registry import Exercise

__all__ = ["LIST_TYPES", "empty_note", "index_note", "structure_problems", "type_fix", "unknown_items",
           "wrong_pairs"]

LIST_TYPES = (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)


def type_fix(exercise: Exercise, answer) -> str:
    """What to change when the answer has the wrong type: the commonest slips, named."""
    kind = exercise.kind
    if kind in ("number", "integer") and isinstance(answer, str) and len(answer) < 40:
        try:
            float(answer.strip().replace(",", ""))
            return f": remove the quotes ({answer.strip()}, not '{answer.strip()}')"
        except ValueError:
            return ": a number has no quotes around it"
    if kind in ("number", "integer") and isinstance(answer, float) and answer != answer:
        return (": it is NaN (not a number), what a mean or a division gives when a filter kept no rows. "
                "Check that your filter keeps the rows you want")
    if kind == "date" and keys.is_number(answer):
        return ": put the date in quotes, in the form 'YYYY-MM-DD' (without them Python subtracts)"
    if kind in ("set", "list", "choices", "order") and isinstance(answer, str):
        return (": put the items in braces, such as {'A', 'B'}" if kind == "set"
                else ": put the items in square brackets, such as ['A', 'B']")
    if kind == "integer" and isinstance(answer, pd.DataFrame):
        return ": this is a whole table, and a count is one number: len(table) counts a table's rows"
    if kind == "integer" and isinstance(answer, pd.Series):
        return (": this is a whole column, and a count is one number: len(...) counts its rows, "
                ".sum() counts the True values of a True/False column")
    if kind == "number" and isinstance(answer, pd.DataFrame):
        return (": this is a whole table, not one number: take the column you need with ['name'], "
                "then reduce it to one number")
    if kind == "number" and isinstance(answer, pd.Series):
        return ": this is a whole column; reduce it to one number (for example with .mean() or .sum())"
    if kind == "date" and isinstance(answer, (pd.Series, pd.DataFrame)):
        return ": this is a whole column; pick one date (for example with .min())"
    return ""


def _is_empty(exercise: Exercise, answer) -> bool:
    if isinstance(answer, (pd.DataFrame, *LIST_TYPES)):
        return len(answer) == 0
    return exercise.kind == "integer" and keys.is_number(answer) and answer == 0


def empty_note(exercise: Exercise, answer) -> list[str]:
    """An empty table or set, or a count of 0, most often comes from a filter that matched nothing."""
    if not _is_empty(exercise, answer):
        return []
    texts = cells.compared_texts(exercise.variable)
    unit = "rows" if isinstance(answer, (pd.DataFrame, pd.Series)) else "items"
    what = "0" if keys.is_number(answer) else f"0 {unit}"
    absent = _absent_texts(texts)
    if absent:
        text, close = absent[0]
        maybe = f" (did you mean '{close}'?)" if close else ""
        return [f"{what}: '{text}' is not a value in any of the course's tables{maybe}. A filter keeps only "
                "rows whose value is spelled exactly so, capitals too."]
    if texts:
        return [f"{what}: does '{texts[0]}' match a value in the column? Look at the column's "
                "values (for example with .unique()): spelling and capitals must match."]
    if keys.is_number(answer):
        return []  # a count of 0 with no filter in sight: nothing to say beyond right or not
    return [f"{what}: if you filtered, the filter matched nothing. Check that the value you "
            "compare with is spelled exactly as in the column."]


def _absent_texts(texts: list[str]) -> list[tuple[str, str]]:
    """Each compared text that no table holds as written, with the closest value one does ('' if none)."""
    if not texts:
        return []
    try:
        values = _dataset_values()
    except Exception:
        return []
    import difflib

    written, by_form = set(values), {keys.normalise_text(v): v for v in values}
    found = []
    for text in texts:
        if text in written or _is_date_or_number(text):  # dates and numbers are not text columns' values
            continue
        close = by_form.get(keys.normalise_text(text)) or next(
            iter(difflib.get_close_matches(text, values, n=1, cutoff=0.75)), "")
        found.append((text, close))
    return found


def _is_date_or_number(text: str) -> bool:
    try:
        keys.canonical("date", text, {})
        return True
    except keys.AnswerShapeError:
        pass
    try:
        float(text)
        return True
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _dataset_values() -> tuple[str, ...]:
    """Every text value in the course's tables, as written (never the answer key)."""
    from .data import datasets, load

    found = set()
    for name in datasets().index:
        frame = load(name)
        for column in frame.columns:
            if frame[column].dtype == object or isinstance(frame[column].dtype, pd.CategoricalDtype):
                found.update(str(v) for v in frame[column].dropna().unique())
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def _dataset_texts() -> frozenset[str]:
    """Every text value in the course's tables, normalised."""
    return frozenset(keys.normalise_text(v) for v in _dataset_values())


def unknown_items(exercise: Exercise, answer) -> str:
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


def structure_problems(exercise: Exercise, answer) -> list[str] | None:
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
        if kind == "series" and isinstance(answer, pd.DataFrame) and answer.shape[1] != 1:
            return [_one_column(answer, spec)]
        return _frame_problems(keys.frame_of(answer), spec, kind)
    return None


def _one_column(frame: pd.DataFrame, spec: Mapping) -> str:
    """A table where one column (a Series) is wanted: say which column, when the exercise names it."""
    column = str(spec.get("columns", ["value"])[-1])
    take = (f"take the column with ['{column}'] (for example groupby(...)['{column}'].max(), not groupby(...).max())"
            if column != "value" else "take the one column you need with ['name']")
    return (f"This is a table with {frame.shape[1]} columns (a DataFrame); the answer is one column "
            f"(a Series): {take}.")


def index_note(exercise: Exercise, answer) -> str:
    """A Series or table whose index is not the one the exercise's answer has: say what it should hold."""
    spec = exercise.spec
    if exercise.kind not in ("series", "frame") or not spec.get("index") \
            or not isinstance(answer, (pd.Series, pd.DataFrame)):
        return ""
    want = str(spec.get("columns", ["index"])[0])
    names = [str(n) for n in answer.index.names if n is not None]
    if want == "index" or want in names:
        return ""
    if isinstance(answer.index, pd.RangeIndex):
        have = "rows numbered 0, 1, 2, …"
    else:
        have = f"the index `{names[0]}`" if names else "an index with no name"
    what = "Series" if isinstance(answer, pd.Series) else "table"
    return (f"The index should hold the {want} of each row, but this {what} has {have}. The values may be "
            f"right: set the index with .set_index('{want}') before you take the column, or group by '{want}'.")


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
    if not isinstance(answer, (str, pd.Timestamp, np.datetime64)) and not hasattr(answer, "isoformat"):
        return None
    try:
        keys.canonical("date", answer, {})
    except keys.AnswerShapeError as exc:
        text = str(exc)[:100]
        return [f"{text[:1].upper()}{text[1:]}."]
    return []


def _length_problems(length: int, spec: Mapping) -> list[str]:
    expected = spec.get("length")
    if expected is None or length == expected:
        return []
    return [f"Expected {expected} items, got {length}."]


def _match_problems(answer: Mapping, spec: Mapping) -> list[str]:
    left, right = spec.get("left", []), [str(r) for r in spec.get("right", [])]
    given = {keys.normalise_text(str(k)) for k in answer}
    missing = [item for item in left if keys.normalise_text(item) not in given]
    problems = [f"Pair every item; missing: {', '.join(missing)}."] if missing else []
    strange = [v for v in answer.values() if right and partner_index(v, right) is None]
    if strange:
        short = " (the words before the colon are enough)" if all(":" in r for r in right) else ""
        problems.append(f"{keys.plain(strange[0])!r} is not one of the answers to choose from: "
                        f"{', '.join(repr(r) for r in right)}{short}.")
    return problems


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


def wrong_pairs(exercise: Exercise, answer) -> str:
    """How many pairs of a complete matching are not right yet (never which ones)."""
    pairs, left = exercise.spec.get("pairs"), exercise.spec.get("left", [])
    if exercise.kind != "match" or not pairs or not isinstance(answer, Mapping):
        return ""
    try:
        right = len({p for p in keys.pair_digests(exercise.id, answer, exercise.spec)} & set(pairs))
    except keys.AnswerShapeError:
        return ""
    wrong = max(len(left) - right, 0)
    if not wrong:
        return ""
    return f"{wrong} of {len(left)} pair{'s' if len(left) != 1 else ''} {'are' if wrong != 1 else 'is'} not right yet."
