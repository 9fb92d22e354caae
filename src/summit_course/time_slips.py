"""What to say when lengths of time or dates sit in a column (a Series) where one value is meant.

Two one-row selections subtracted pair their rows by index label: with different labels no
pair is found and every row is NaT. ``.days`` (or ``.year``) asked of a column is an
AttributeError. Both are fixed by taking the single value first (``.iloc[0]``), or, for a
column, through ``.dt``.
"""

from __future__ import annotations

import ast
import re

import pandas as pd

__all__ = ["attribute_note", "column_of_times"]

#: What a single date or length of time offers and a column offers only through ``.dt``.
TIME_PARTS = {"days", "seconds", "total_seconds", "year", "month", "day", "hour", "minute", "dayofweek",
              "day_name", "month_name", "date", "weekday", "quarter", "days_in_month", "normalize", "strftime"}
_MISSING = re.compile(r"'(Series|DataFrame)' object has no attribute '(\w+)'")


def _subtraction(source: str) -> ast.BinOp | None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return next((n for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub)), None)


def _single_values(source: str) -> str:
    """``(a.iloc[0] - b.iloc[0]).days`` written with the cell's own two sides, when it subtracts."""
    found = _subtraction(source)
    if found is None:
        return "(later.iloc[0] - earlier.iloc[0]).days"
    return f"({ast.unparse(found.left)}.iloc[0] - {ast.unparse(found.right)}.iloc[0]).days"


def column_of_times(answer, source: str = "") -> str:
    """For a Series of dates or lengths of time where one number is wanted: what it is and the fix ('' else)."""
    if not isinstance(answer, pd.Series) or not (pd.api.types.is_timedelta64_dtype(answer)
                                                 or pd.api.types.is_datetime64_any_dtype(answer)):
        return ""
    if len(answer) > 1 and bool(answer.isna().all()):
        labels = ", ".join(str(label) for label in list(answer.index)[:4])
        return (f": a column of {len(answer)} empty values (NaT). Subtracting two one-row selections pairs their "
                f"rows by index label, and their labels ({labels}) differ, so nothing is subtracted. Take each "
                f"single date first with .iloc[0], then subtract: {_single_values(source)}")
    what = "lengths of time" if pd.api.types.is_timedelta64_dtype(answer) else "dates"
    return (f": a column of {len(answer)} {what}, not one number. Take the single value first with .iloc[0] "
            "(then .days); .dt.days would give the days of each row")


def attribute_note(error: BaseException, source: str = "") -> str | None:
    """``(a - b).days`` on a column: ``.dt.days`` for each row, or the single value first."""
    found = _MISSING.search(str(error))
    if not found or found.group(2) not in TIME_PARTS:
        return None
    kind, part = found.groups()
    if kind == "DataFrame":
        return (f"A table has no .{part}: take its date column first with ['name'], then "
                f"['name'].dt.{part} (each row) or ['name'].iloc[0].{part} (the first row).")
    single = (f" To subtract two dates from one-row selections, take each single value first: "
              f"{_single_values(source)}") if part == "days" and _subtraction(source) is not None else ""
    return (f"A column (a Series) has no .{part}: use .dt.{part} for the {part} of each row, or take the "
            f"single value first with .iloc[0], then .{part}.{single}")
