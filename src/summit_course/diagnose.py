"""Say what is wrong with an answer from its structure, never from the key.

Type, shape, range, length, columns, an empty filter, an item that is in none of the
datasets: each gives the student a specific fix. None of it compares with the hashed key,
so none of it helps a student search for the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import cells, keys, time_slips
from .options import letter, option_index, partner_index
from .registry import Exercise

__all__ = ["LIST_TYPES", "TYPE_WORDS", "structure_problems", "type_fix"]

ARRAYS = (np.ndarray, pd.api.extensions.ExtensionArray)  # .values, .unique(): a Categorical too
LIST_TYPES = (list, tuple, set, frozenset, *ARRAYS, pd.Series, pd.Index)


#: A Python type's name in plain words, said after it when no more specific slip is named (the notebook's check()
#: and the feedback page read a miss the same way: the page shows check()'s words).
TYPE_WORDS = {
    "str": "text in quotes: remove the quotes around a number, or check what the cell computes",
    "int": "a whole number", "float": "a number with a decimal point", "bool": "True or False",
    "NoneType": "nothing: does the cell print the answer instead of storing it?",
    "list": "a list [...]", "tuple": "a tuple (...)", "set": "a set {...}", "dict": "a dict {key: value}",
    "DataFrame": "a table", "Series": "a column",
}


def type_fix(exercise: Exercise, answer) -> str:
    """What to change when the answer has the wrong type: the commonest slips, named; else the type in plain
    words (:data:`TYPE_WORDS`)."""
    kind = exercise.kind
    jargon = _jargon_fix(kind, answer)
    if jargon:
        return jargon
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
    times = time_slips.column_of_times(answer, cells.source_of(exercise.variable)) \
        if kind in ("number", "integer") else ""
    if times:
        return times
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
        return _one_date(answer)
    if kind == "series" and isinstance(answer, Mapping):
        return (": a dict {key: value}. Wrap it to make a Series, its keys becoming the index: "
                "pd.Series({...}), the dict inside the brackets")
    words = TYPE_WORDS.get(type(answer).__name__)
    return f" ({words})" if words else ""


def _one_date(answer: pd.Series | pd.DataFrame) -> str:
    """A table or column where one date is wanted: say which it is, and the ways to one date (never one guessed)."""
    ways = ".max() for the latest, .min() for the earliest, or .iloc[0] when one row is left"
    if isinstance(answer, pd.DataFrame):
        rows, columns = answer.shape
        return (f": this is a table of {rows} row{'s' if rows != 1 else ''} and {columns} column"
                f"{'s' if columns != 1 else ''}, not one date. Take its date column with ['date'], then one "
                f"date from it: {ways}")
    return f": this is a column of {len(answer)} value{'s' if len(answer) != 1 else ''}, not one date. Pick one: {ways}"


def _jargon_fix(kind: str, answer) -> str:
    """A method not called, a length of time, a NumPy array or a table where a set is wanted, in plain words."""
    if callable(answer) and not isinstance(answer, type) and hasattr(answer, "__name__"):
        name = str(answer.__name__)[:40]
        return (f": the method itself (a tool), not what it gives. Add () to call it: .{name}()"
                if name.isidentifier() else ": add () to call it")
    if kind in ("number", "integer") and isinstance(answer, (pd.Timedelta, dt.timedelta, np.timedelta64)):
        return ": a length of time, not a number. Add .days to get the number of days"
    if isinstance(answer, ARRAYS) and kind in ("series", "frame"):
        return (": an array, what .values or .unique() give, without the table's index. Keep the pandas "
                "Series (leave out .values or .unique())")
    if isinstance(answer, ARRAYS) and kind in ("number", "integer", "date"):
        return ": an array of several values. Reduce it to one value"
    if isinstance(answer, pd.DataFrame) and kind in ("set", "list"):
        return (": a whole table. Take the one column you need with ['name'], then make it a set or a list: "
                "set(table['name'])")
    return ""


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
        if kind in ("choices", "order"):
            return _option_problems(list(answer), spec, kind)
        quoted = _numbers_as_text(answer)
        if quoted:
            return [quoted]
        # for "set" the number of right items is part of the answer: never hint it
        return [] if kind == "set" else _length_problems(len(answer), spec)
    if kind == "match":
        if not isinstance(answer, Mapping):
            return None
        return _match_problems(answer, spec)
    if kind in ("frame", "series"):
        if not isinstance(answer, (pd.DataFrame, pd.Series)):
            return None
        if kind == "series" and isinstance(answer, pd.DataFrame) and answer.shape[1] != 1:
            return [_one_column(answer, spec)]
        if kind == "frame" and isinstance(answer, pd.Series):
            return [_to_unstack(answer) if answer.index.nlevels > 1 else _series_for_table(answer, spec)]
        return _frame_problems(keys.frame_of(answer), spec, kind, cells.source_of(exercise.variable))
    return None


def _option_problems(items: list, spec: Mapping, kind: str) -> list[str]:
    """Options given by number, or an order that names an option twice or leaves one out."""
    if items and all(keys.is_number(item) for item in items):
        if kind == "order":
            return ["An order lists the options' letters (such as 'B') from first to last, not each "
                    "option's position: write the letters in order."]
        return ["Give the options by their letters (such as 'B'), not by numbers."]
    if kind == "choices":
        return []
    options = spec.get("options", [])
    named = [i for i in (option_index(item, options) for item in items) if i is not None]
    twice = sorted({letter(i) for i in named if named.count(i) > 1})
    if len(named) == len(items) and twice:
        left_out = [letter(i) for i in range(len(options)) if i not in named]
        return [f"{', '.join(repr(t) for t in twice)} {'is' if len(twice) == 1 else 'are'} in the order more than "
                f"once and {', '.join(repr(t) for t in left_out) or 'none'} not at all: each option goes in "
                "exactly once."]
    return _length_problems(len(items), spec)


def _numbers_as_text(answer) -> str:
    """Items that are whole numbers in quotes ('2010'): no set or list answer of the course is so."""
    items = [keys.plain(v) for v in answer] if len(answer) <= 1000 else []
    if not items or not all(isinstance(v, str) and v.strip().isdigit() for v in items):
        return ""
    first = min(v.strip() for v in items)  # the same text for a set, whatever its order
    return f"These are numbers written as text ('{first}'): remove the quotes, so that each is a number ({first})."


def _to_unstack(series: pd.Series) -> str:
    """One column under a two-level index where a table is wanted: ``.unstack()`` makes it one."""
    levels = ", ".join(str(n) for n in series.index.names if n is not None) or "two levels"
    return (f"This is one column (a Series) with a two-level index ({levels}); the answer is a table. "
            ".unstack() turns the inner level into columns, and .unstack(fill_value=0) writes 0 where a pair "
            "has no rows.")


def _series_for_table(series: pd.Series, spec: Mapping) -> str:
    """One column where a table is wanted: with an index, a column is wanted for each value of a second thing."""
    columns = [str(c) for c in spec.get("columns", [])]
    if spec.get("index") and len(columns) > 1:
        by = str(series.index.name or columns[0])
        return (f"This is one column (a Series), one number for each {by}; the answer is a table (a DataFrame) "
                f"with a column for each value of the second thing counted ({', '.join(columns[1:])}). Count by "
                "both columns at once, so that each pair of values gets its own count.")
    names = ", ".join(repr(c) for c in columns) or "'name'"
    return (f"This is one column (a Series); the answer is a table (a DataFrame) with the columns {names}: "
            f"take them with double brackets, table[[{names}]].")


def _one_column(frame: pd.DataFrame, spec: Mapping) -> str:
    """A table where one column (a Series) is wanted: say which column, when the exercise names it."""
    column = str(spec.get("columns", ["value"])[-1])
    take = (f"take the column with ['{column}'] (for example groupby(...)['{column}'].max(), not groupby(...).max())"
            if column != "value" else "take the one column you need with ['name']")
    return (f"This is a table with {frame.shape[1]} columns (a DataFrame); the answer is one column "
            f"(a Series): {take}.")


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


MARGINS = "All"  # the row and column that crosstab's margins=True adds


def _frame_problems(frame: pd.DataFrame, spec: Mapping, kind: str, source: str = "") -> list[str]:
    problems = []
    margins = MARGINS in {str(c) for c in frame.columns} | {str(v) for v in frame.index}
    if margins:
        problems.append(f"The row and column '{MARGINS}' are the totals that margins=True adds: leave margins out.")
    if kind == "frame":
        have = [str(c) for c in (frame.reset_index() if spec.get("index") else frame).columns]
        want = [str(c) for c in spec.get("columns", have)]
        if spec.get("index") and frame.index.name is None and want and want[0] in map(str, frame.columns):
            return [*problems, f"`{want[0]}` is a column here; make it the index: .set_index('{want[0]}')."]
        missing = [c for c in want if c not in have]
        extra = [c for c in have if c not in want and not (margins and c == MARGINS)]
        if missing:
            problems.append(f"Missing columns: {', '.join(missing)}.")
        if extra:
            problems.append(f"Unexpected columns: {', '.join(extra)}.")
    rows = spec.get("rows")
    if rows is not None and len(frame) != rows + margins:
        diff = len(frame) - margins - rows
        got = len(frame) - margins
        problems.append(f"{got} row{'s' if got != 1 else ''} where {rows} {'were' if rows != 1 else 'was'} expected "
                        f"({abs(diff)} too {'many' if diff > 0 else 'few'}).")
        if diff > 0:
            problems.append(_extra_rows(frame, source))
        elif "observed=True" in source.replace(" ", ""):
            problems.append("observed=True drops the levels with no rows; observed=False keeps them with 0.")
    return problems


def _extra_rows(frame: pd.DataFrame, source: str) -> str:
    """Why a table has rows too many: empty categories (rows of zeros), other rows of zeros (a
    count over every day of a range), or rows the question leaves out."""
    numbers = frame.select_dtypes("number")
    if numbers.size and bool((numbers == 0).all(axis=1).any()):
        if not _has_categories(frame):
            return ("Some rows count 0: they are values that no row of the table has, such as a day "
                    "with no events that a count over a whole range of dates adds. The answer lists only "
                    "the values that occur: keep the rows above 0, counts[counts > 0].")
        if "value_counts" in source or list(frame.columns) == ["count"]:  # value_counts() names its Series so
            return ("Some rows count 0: value_counts() on a category column lists every category, even those "
                    "with no rows. Keep the rows above 0: counts[counts > 0].")
        return ("Some rows count 0: a group-by on a category column lists empty categories too. Add "
                "observed=True: groupby(..., observed=True).")
    return "Check that you kept only the rows the question asks about: did you filter the table first?"


def _has_categories(frame: pd.DataFrame) -> bool:
    """Whether the table's rows or columns are labelled by a category (what lists empty categories)."""
    axes = [frame.index, frame.columns]
    levels = [level for axis in axes for level in getattr(axis, "levels", [axis])]
    return any(isinstance(level, pd.CategoricalIndex) for level in levels)
