"""Find every date a text mentions, as the earliest day it can mean.

Written for the knowledge-date test: a lesson may show nothing after its knowledge date, so
each mention is read as the *earliest* day it could stand for ("2024" is 1 January 2024,
"December 2023" is 1 December 2023) and flagged when even that day is too late. A day or
month without a year ("21 November", "in October") takes the year named just after it ("June
and July 2024"), else the last year named before it in the same text, else the knowledge
date's year. Month names count only with a capital, so the verb "may" is not a month.

Years are 1900-2039 and only stand alone: the ``2024`` of ``fc_missiles_used_mid_2024`` (an
id) and resolution numbers such as 2087 are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Mention", "mentions"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_ANY_MONTH = "|".join(m.capitalize() for m in sorted(_MONTHS, key=len, reverse=True))
_FULL_MONTH = "|".join(m.capitalize() for m in list(_MONTHS)[:12])
_YEAR = r"(?<![\w/])(19\d\d|20[0-3]\d)(?!\w)"
_DAY = r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th)?"
_MON = rf"(?<!\w)({_ANY_MONTH})\.?(?!\w)"

#: What may stand between two mentions of one span: "June and July 2024", "31 May to 2 June".
_JOINED = re.compile(r"\s*(?:,|and|or|to|until|through|[-\u2013\u2014])\s*")

#: (kind, pattern) in the order they are tried; a span matched once is not read again.
_PATTERNS = [
    ("iso", re.compile(r"(?<![\w])(19\d\d|20[0-3]\d)-(\d\d)-(\d\d)(?!\d)")),
    ("day month year", re.compile(rf"{_DAY} {_MON},? {_YEAR}")),
    ("month day year", re.compile(rf"{_MON} (\d{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}")),
    ("month year", re.compile(rf"{_MON},? {_YEAR}")),
    ("day month", re.compile(rf"{_DAY} {_MON}")),
    ("month day", re.compile(rf"{_MON} (\d{{1,2}})(?:st|nd|rd|th)?(?![\d,])")),
    ("month", re.compile(rf"(?<![\w])({_FULL_MONTH})(?!\w)")),
    ("year", re.compile(_YEAR)),
]


@dataclass(frozen=True)
class Mention:
    """One date in a text: the words, where they stand, and the earliest day they can mean."""

    text: str
    start: int
    day: date


def _day(kind: str, groups: tuple, year: int) -> tuple[date | None, int | None]:
    """The earliest day a match means, and the year it states (None if it states none)."""
    def month(word):
        return _MONTHS[word.lower().rstrip(".")]

    try:
        if kind == "iso":
            y, m, d = map(int, groups)
            return date(y, m, d), y
        if kind == "day month year":
            return date(int(groups[2]), month(groups[1]), int(groups[0])), int(groups[2])
        if kind == "month day year":
            return date(int(groups[2]), month(groups[0]), int(groups[1])), int(groups[2])
        if kind == "month year":
            return date(int(groups[1]), month(groups[0]), 1), int(groups[1])
        if kind == "day month":
            return date(year, month(groups[1]), int(groups[0])), None
        if kind == "month day":
            return date(year, month(groups[0]), int(groups[1])), None
        if kind == "month":
            return date(year, month(groups[0]), 1), None
        return date(int(groups[0]), 1, 1), int(groups[0])
    except ValueError:  # "31 June", "0 May": not a date
        return None, None


def mentions(text: str, default_year: int) -> list[Mention]:
    """Every date ``text`` mentions, in order, each read as the earliest day it can mean."""
    found: list[tuple[int, int, str, tuple]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            found.append((span[0], span[1], kind, match.groups()))
    found.sort()
    result, year = [], default_year
    for index, (start, end, kind, groups) in enumerate(found):
        day, stated = _day(kind, groups, _year_after(found, index, end, text) or year)
        if day is None:
            continue
        year = stated or year
        result.append(Mention(text[start:end], start, day))
    return result


def _year_after(found: list, index: int, end: int, text: str) -> int | None:
    """The year of the next mention when the two are joined as one span ("June and July
    2024", "31 May to 2 June 2024"), if any."""
    for start, stop, kind, groups in found[index + 1:]:
        if not _JOINED.fullmatch(text[end:start]):
            return None
        stated = _day(kind, groups, 2000)[1]
        if stated:
            return stated
        end = stop
    return None
