"""How the course writes a day (``YYYY-MM-DD``), and what to say to whoever wrote one otherwise.

The datasets hold ISO dates only. A day typed the way a spreadsheet or a country writes it
(``02/06/2017``, ``2.6.2017``, ``2017/06/02``) is refused by ``summit-course validate`` and
``build``, whose message ends with :func:`how_to_write`: the value rewritten. (It is student
runtime, so that ``load()``'s own message can say the same.)
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["how_to_write"]

DAY_FIRST = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*")
YEAR_FIRST = re.compile(r"\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*")
EXAMPLE = dt.date(2023, 9, 13)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _readings(text: str) -> list[dt.date]:
    """The days ``text`` may mean: day first, then month first when that differs (``02/06/2017``: two)."""
    found = YEAR_FIRST.fullmatch(text)
    if found:
        year, month, day = map(int, found.groups())
        return [d for d in [_day(year, month, day)] if d]
    found = DAY_FIRST.fullmatch(text)
    if not found:
        return []
    first, second, year = map(int, found.groups())
    days = [_day(year, second, first), _day(year, first, second)]
    return list(dict.fromkeys(d for d in days if d))


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


def how_to_write(text: str) -> str:
    """``write it as YYYY-MM-DD, e.g. 2017-06-02 (2 June; 2017-02-06 for 6 February)``: the value rewritten."""
    days = _readings(str(text))
    if not days:
        return f"write it as YYYY-MM-DD, e.g. {EXAMPLE.isoformat()}"
    if len(days) == 1:
        return f"write it as YYYY-MM-DD, e.g. {days[0].isoformat()}"
    one, other = days
    return (f"write it as YYYY-MM-DD, e.g. {one.isoformat()} ({_spoken(one)}; {other.isoformat()} "
            f"for {_spoken(other)})")
