"""The course's rules across fields, which a Table Schema cannot state, each with a message that says the fix.

A rule looks at one row (its values as written in the CSV) and returns what is wrong, or
``None``. To add one, write a function and list it in :data:`RULES` under its table and
field; ``docs/authoring.md`` lists the rules in words.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Callable

__all__ = ["RULES", "TRIP", "phase_of", "rule_problems"]

#: Kim left Pyongyang on 10 Sep 2023 and was back on the 19th: ``phase`` is set by the start date.
TRIP = (dt.date(2023, 9, 10), dt.date(2023, 9, 19))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def phase_of(day: dt.date) -> str:
    """The phase an event starting on ``day`` belongs to."""
    return "lead-up" if day < TRIP[0] else "trip" if day <= TRIP[1] else "aftermath"


def _end_after_start(row: dict) -> str | None:
    start, end = _date(row.get("date", "")), _date(row.get("end_date", ""))
    if start and end and end < start:
        return (f"{end} is before the row's date {start}: the last day cannot come before the first "
                "(swap them, or leave end_date empty for a one-day event).")
    return None


def _phase_matches_date(row: dict) -> str | None:
    start = _date(row.get("date", ""))
    if start is None or row.get("phase") not in ("lead-up", "trip", "aftermath"):
        return None
    right = phase_of(start)
    if row["phase"] != right:
        return (f"{row['phase']!r} does not match the date {start}: it should be {right!r} (lead-up before "
                f"{TRIP[0]}, trip {TRIP[0]} to {TRIP[1]}, aftermath after; the start date alone decides).")
    return None


def _high_not_below_low(row: dict) -> str | None:
    low, high = _number(row.get("value_low", "")), _number(row.get("value_high", ""))
    if low is not None and high is not None and high < low:
        return f"{row['value_high']} is below value_low {row['value_low']}: swap them."
    return None


def _resolved_after_asked(row: dict) -> str | None:
    asked, resolved = _date(row.get("asked_on", "")), _date(row.get("resolved_on", ""))
    if asked and resolved and resolved < asked:
        return f"{resolved} is before asked_on {asked}: a question resolves after it is asked."
    return None


#: (table, field the message names, rule): each rule returns a message, or None when the row is fine.
RULES: list[tuple[str, str, Callable[[dict], str | None]]] = [
    ("events", "end_date", _end_after_start),
    ("events", "phase", _phase_matches_date),
    ("estimates", "value_high", _high_not_below_low),
    ("forecasts", "resolved_on", _resolved_after_asked),
]


def rule_problems(folder: Path, resources: list[dict], skip: dict[str, set[int]]) -> list[str]:
    """Every row that breaks a rule, one line each (rows in ``skip`` are already reported as malformed)."""
    from .datasets import row_label

    problems = []
    for resource in resources:
        rules = [(field, rule) for table, field, rule in RULES if table == resource["name"]]
        if not rules:
            continue
        key = (resource["schema"].get("primaryKey") or [None])[0]
        with (Path(folder) / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), 2):
                if number in skip.get(resource["name"], set()):
                    continue
                for field, rule in rules:
                    message = rule(row)
                    if message:
                        problems.append(f"{row_label(resource['name'], number, key, row.get(key), field)}: {message}")
    return problems
