"""Canonical forms of answers, and salted hashes of them.

An answer key is never stored in plain text: the registry keeps
``sha256(salt + canonical form)`` with a salt per exercise. To check an answer we bring it
to the same canonical form and compare digests. Canonical forms make equal answers equal:
text ignores case and spacing, numbers are rounded to the exercise's decimals, sets and
frames ignore order where the exercise says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .options import is_letter, normalise_text, option_index, partner_index, standard_form

__all__ = ["AnswerShapeError", "canonical", "digest", "mistake_digest", "normalise_text", "option_index",
           "pair_digests", "salt_for", "standard_form"]

SEP = "\x1f"


class AnswerShapeError(ValueError):
    """The answer cannot be brought to the exercise's form; the message says why."""


def salt_for(exercise_id: str) -> str:
    """Return the per-exercise salt (deterministic, so builds are reproducible)."""
    return hashlib.sha256(f"summit-course/{exercise_id}".encode()).hexdigest()[:16]


def digest(exercise_id: str, canonical_form: str) -> str:
    """Hash a canonical form with the exercise's salt."""
    payload = f"{salt_for(exercise_id)}:{canonical_form}".encode()
    return hashlib.sha256(payload).hexdigest()


def format_number(value: float, decimals: int) -> str:
    """Round a number to ``decimals`` and print it without trailing zeros."""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0
    text = f"{rounded:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_number(value) -> bool:
    """True for real numbers (int, float, numpy scalars), False for bool and NaN."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


def _scalar(value, spec: dict) -> str:
    if isinstance(value, str):
        return normalise_text(value)
    if is_number(value):
        return format_number(value, spec.get("decimals", 3))
    if isinstance(value, (dt.date, pd.Timestamp)):
        return _date(value)
    raise AnswerShapeError(f"each item should be text or a number, not {type(value).__name__}")


def plain(value):
    """A NumPy scalar as the Python value it holds, so messages show 0.6, not np.float64(0.6)."""
    return value.item() if isinstance(value, np.generic) else value


def _date(value) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise AnswerShapeError(
                f"{plain(value)!r} is not a date in the form YYYY-MM-DD"
            ) from None
    if isinstance(value, np.datetime64):  # `.values[0]` of a date column, `np.datetime64('2024-06-19')`
        value = pd.Timestamp(value)
    if value is pd.NaT:
        raise AnswerShapeError("the date is missing (NaT): what .min() or .max() gives when a filter kept no rows")
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise AnswerShapeError(f"expected a date, got {type(value).__name__}")
    return value.isoformat()


def _option(value, spec: dict) -> str:
    """Map a letter ("B"), an option's text or its code to the option's normalised text."""
    options = spec.get("options", [])
    index = option_index(value, options)
    if index is None:
        raise AnswerShapeError(f"{plain(value)!r} is not one of the options (give its letter, such as 'B')")
    return normalise_text(options[index])


def _named(value, names, spec: dict, reading=option_index) -> str:
    """One side of a pair: the listed item it names (also by its code), or the value as it is."""
    index = reading(value, names) if names and not is_letter(value) else None
    return normalise_text(names[index]) if index is not None else _scalar(value, spec)


def _items(value, spec: dict, convert) -> list[str]:
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise AnswerShapeError(f"expected a list of items, got {type(value).__name__}")
    items = list(value)
    if len(items) > 10_000:
        raise AnswerShapeError("that list is far too long")
    return [convert(item, spec) for item in items]


def _frame(value, spec: dict, generic_names: bool = False) -> str:
    frame = frame_of(value)
    if generic_names:  # a Series is compared by its values (and index), not its name
        # set_axis and rename_axis make new axes: the student's Series shares its index with
        # their table, and renaming that index in place would change the table (issue #24)
        if frame.shape[1] != 1:
            raise AnswerShapeError(f"a Series is one column; this table has {frame.shape[1]}")
        frame = frame.set_axis(["value"], axis=1).rename_axis("index")
    if spec.get("index"):
        frame = frame.reset_index()
    frame = frame.reindex(sorted(frame.columns, key=str), axis=1)
    decimals = spec.get("decimals", 3)
    cells = frame.apply(lambda col: col.map(lambda v: _cell(v, decimals))).astype(str)
    rows = [SEP.join(row) for row in cells.itertuples(index=False, name=None)]
    if not spec.get("ordered"):
        rows.sort()
    header = SEP.join(str(c) for c in frame.columns)
    return "\n".join([header, *rows])


def frame_of(value) -> pd.DataFrame:
    """A copy of a frame, or of a Series as a one-column frame; reject the rest.

    A copy with axes of its own: nothing done to it can reach the student's objects.
    """
    if isinstance(value, pd.Series):
        frame = value.to_frame(name=value.name if value.name is not None else "value")
        return frame.set_axis(value.index.copy(), axis=0)
    if isinstance(value, pd.DataFrame):
        return value.copy().set_axis(value.index.copy(), axis=0).set_axis(value.columns.copy(), axis=1)
    raise AnswerShapeError(f"expected a pandas DataFrame or Series, got {type(value).__name__}")


def _cell(value, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, pd.Timestamp) or isinstance(value, dt.date):
        return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()
    if isinstance(value, bool):
        return str(value)
    if is_number(value):
        return format_number(value, decimals)
    return str(value).strip()


def pair_forms(value, spec: Mapping) -> list[str]:
    """Each pair of a matching in canonical form, ``left=right``."""
    if not isinstance(value, Mapping):
        raise AnswerShapeError(f"expected a dict like {{'name': 'role'}}, got {type(value).__name__}")
    spec = dict(spec)
    left, right = spec.get("left", []), spec.get("right", [])
    return [f"{_named(k, left, spec)}={_named(v, right, spec, partner_index)}" for k, v in value.items()]


def mistake_digest(exercise_id: str, canonical_form: str) -> str:
    """The hash of a wrong answer an author foresaw, apart from the key's (its message is public)."""
    return digest(exercise_id, f"mistake{SEP}{canonical_form}")


def pair_digests(exercise_id: str, value, spec: Mapping) -> list[str]:
    """Each pair's salted hash, so a check can say how many pairs are right, never which."""
    return [digest(exercise_id, f"pair{SEP}{form}") for form in pair_forms(value, spec)]


def _match(value, spec: dict) -> str:
    return SEP.join(sorted(pair_forms(value, spec)))


#: Kinds whose answer is a collection: how each item is brought to canonical form, and
#: whether the order counts (otherwise items are sorted and duplicates dropped).
COLLECTIONS = {
    "set": (_scalar, False),
    "list": (_scalar, True),
    "choices": (_option, False),
    "order": (_option, True),
}


def canonical(kind: str, value, spec: Mapping) -> str:
    """Bring ``value`` to the canonical form of an exercise of ``kind``.

    Raises
    ------
    AnswerShapeError
        When the value cannot have the expected shape; the message explains why.
    """
    spec = dict(spec)
    if kind in ("number", "integer"):
        if not is_number(value):
            raise AnswerShapeError(f"expected a number, got {type(value).__name__}")
        return format_number(value, 0 if kind == "integer" else spec.get("decimals", 3))
    if kind == "text":
        if not isinstance(value, str):
            raise AnswerShapeError(f"expected text (a str), got {type(value).__name__}")
        return normalise_text(value)
    if kind == "date":
        return _date(value)
    if kind in COLLECTIONS:
        convert, ordered = COLLECTIONS[kind]
        items = _items(value, spec, convert)
        return SEP.join(items if ordered else sorted(set(items)))
    if kind == "choice":
        return _option(value, spec)
    if kind == "match":
        return _match(value, spec)
    if kind in ("frame", "series"):
        return _frame(value, spec, generic_names=kind == "series")
    raise AnswerShapeError(f"exercises of kind {kind!r} have no answer key")
