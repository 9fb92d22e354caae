"""What to say about an answer of the right type and shape whose value is not right yet.

A filter that matched nothing (naming the value compared with, when no table holds it), an
item that is in none of the datasets, an index that is not the one asked for, counts where
ids are wanted, empty cells left by ``unstack``, a percentage change where percentage points
are wanted, a mistake the exercise's author foresaw, how many pairs of a practice matching are
not right yet; otherwise one plain sentence for the kind of answer. None of it compares the
answer with the key beyond right or not (and, for practice only, that count of pairs), so none
of it helps a student search for the answer; the foreseen mistakes are hashed like the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from . import attempts, cells, keys, table_errors
from .diagnose import LIST_TYPES
from .registry import Exercise

__all__ = ["empty_note", "miss_note", "unknown_items"]

#: For each kind, what a wrong answer of the right type and shape gets when nothing more specific applies.
NOT_YET = {
    "choice": "Not yet: another option fits better.",
    "choices": "Not yet: some options you chose do not apply, or some that apply are not chosen.",
    "order": "Not yet: some items are not in their place.",
    "match": "Not yet: some pairs are not right.",
    "set": "Not yet: some items are missing, or some do not belong.",
    "list": "Not yet: some items are wrong, or not in their place.",
    "date": "This is a date, but not the one asked for.",
    "text": "Not yet: that is not the text asked for.",
}
SHAPE_RIGHT = "The type and shape are right, but the value is not."


def _is_empty(exercise: Exercise, answer) -> bool:
    if isinstance(answer, (pd.DataFrame, *LIST_TYPES)):
        return len(answer) == 0
    return exercise.kind == "integer" and keys.is_number(answer) and answer == 0


def empty_note(exercise: Exercise, answer) -> list[str]:
    """An empty table or set, or a count of 0, most often comes from a filter that matched nothing."""
    if not _is_empty(exercise, answer):
        return []
    both = table_errors.both_values_note(cells.source_of(exercise.variable))
    if both:
        return [both]
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
    if isinstance(answer, (set, frozenset)):
        items.sort()  # the same text for the same set, whatever order Python keeps it in
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



def index_note(exercise: Exercise, answer) -> str:
    """A Series or table whose index is not the one the exercise's answer has: say what it should hold."""
    spec = exercise.spec
    if exercise.kind not in ("series", "frame") or not spec.get("index") \
            or not isinstance(answer, (pd.Series, pd.DataFrame)):
        return ""
    want = str(spec.get("columns", ["index"])[0])
    names = [str(n) for n in answer.index.names if n is not None]
    what = "Series" if isinstance(answer, pd.Series) else "table"
    numbered = isinstance(answer.index, pd.RangeIndex)
    if want == "index":  # the answer's index has no name: its labels say what each value is for
        if not numbered:
            return ""
        return (f"The index should say what each value is for (a label on each row), but this {what} has rows "
                "numbered 0, 1, 2, …. The values may be right: give each its label, for example with "
                "pd.Series({'label': value, ...}) or pd.Series(values, index=[...]).")
    if want in names:
        return ""
    have = "rows numbered 0, 1, 2, …" if numbered else f"the index `{names[0]}`" if names else "an index with no name"
    return (f"The index should hold the {want} of each row, but this {what} has {have}. The values may be "
            f"right: make `{want}` the index before you take the column (lesson 00 moved a column into the "
            f"index to pick rows by their id), or group by `{want}`.")


def label_note(exercise: Exercise, answer) -> str:
    """A Series whose index labels are not the ones the question names (its public ``labels``): name them."""
    labels = exercise.spec.get("labels")
    if exercise.kind != "series" or not labels or not isinstance(answer, (pd.Series, pd.DataFrame)) \
            or isinstance(answer.index, pd.RangeIndex):
        return ""
    if {str(label) for label in answer.index} == {str(label) for label in labels}:
        return ""
    return f"The values may be right, but the labels are not: expected {', '.join(map(str, labels))}."


def wrong_pairs(exercise: Exercise, answer) -> str:
    """How many pairs of a complete practice matching are not right yet (never which ones).

    A graded matching says no count: with one, a few checks walk to the key.
    """
    pairs, left = exercise.spec.get("pairs"), exercise.spec.get("left", [])
    if exercise.kind != "match" or not pairs or not isinstance(answer, Mapping) or attempts.limited(exercise):
        return ""
    try:
        right = len({p for p in keys.pair_digests(exercise.id, answer, exercise.spec)} & set(pairs))
    except keys.AnswerShapeError:
        return ""
    wrong = max(len(left) - right, 0)
    if not wrong:
        return ""
    return f"{wrong} of {len(left)} pair{'s' if len(left) != 1 else ''} {'are' if wrong != 1 else 'is'} not right yet."


def counts_for_ids(exercise: Exercise, answer) -> str:
    """A Series of numbers whose index holds the tables' ids, where a set is wanted: the ids were meant."""
    if exercise.kind != "set" or not isinstance(answer, pd.Series) or not pd.api.types.is_numeric_dtype(answer):
        return ""
    labels = [str(v) for v in answer.index]
    try:
        known = _dataset_texts()
    except Exception:
        return ""
    if not labels or not all(keys.normalise_text(v) in known for v in labels):
        return ""
    return ("This is a Series of numbers (counts?) whose index holds ids: a set of ids is wanted, not a table "
            "of counts. Keep the rows you want, then take their ids with set(...index).")


def empty_cells(exercise: Exercise, answer) -> str:
    """A table with NaN cells, most often from ``.unstack()`` where a pair had no rows."""
    if exercise.kind != "frame" or not isinstance(answer, pd.DataFrame):
        return ""
    numbers = answer.select_dtypes("number")
    if not numbers.size or not numbers.isna().any().any():
        return ""
    return ("Some cells are empty (NaN): .unstack() leaves a gap where a pair has no rows. If those pairs "
            "count 0, write .unstack(fill_value=0).")


def points_not_percent(exercise: Exercise, answer) -> str:
    """A change in percentage points worked out with a division: a relative change was computed."""
    if exercise.spec.get("unit") != "percentage points" or "/" not in cells.source_of(exercise.variable):
        return ""
    return ("A change in percentage points is the later percentage minus the earlier one, with no division: "
            "dividing by the earlier one gives a percent change, which is another measure.")


def foreseen(exercise: Exercise, answer) -> str:
    """The author's message for a wrong answer they foresaw (``mistakes`` in the exercise, hashed)."""
    mistakes = exercise.spec.get("mistakes")
    if not mistakes:
        return ""
    try:
        form = keys.canonical(exercise.kind, answer, exercise.spec)
    except keys.AnswerShapeError:
        return ""
    return dict(mistakes).get(keys.mistake_digest(exercise.id, form), "")


NOTES = (foreseen, unknown_items, index_note, label_note, counts_for_ids, empty_cells, points_not_percent, wrong_pairs)


def miss_note(exercise: Exercise, answer) -> str:
    """The most specific thing to say about a wrong answer of the right type and shape."""
    for note in NOTES:
        found = note(exercise, answer)
        if found:
            return found
    return NOT_YET.get(exercise.kind, SHAPE_RIGHT)
