"""What a lesson with a given knowledge date may not show, and a search for it in text.

A later row betrays itself by its id (``c_kcna_satellite_orbit``) or by its own words (an
event's title, a claim's text, a source's headline); a later fact by a name that only later
rows use (Kursk, the MSMT: :func:`reach.later_names`); a question's outcome by the columns
written with hindsight; and any date after the knowledge date by :mod:`dates`. The rows are
dated exactly as ``load(..., as_of=...)`` dates them (:mod:`summit_course.knowledge`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from summit_course import knowledge
from summit_course.data import _resources, load

from .dates import mentions
from .reach import later_names

__all__ = ["Finding", "findings"]

#: Per table: the id column, and the columns whose words would betray a later row.
TABLES = {
    "events": ("event_id", ("title", "description")),
    "claims": ("claim_id", ("claim",)),
    "estimates": ("estimate_id", ("counts_what",)),
    "unsc_actions": ("action_id", ("summary",)),
    "sources": ("source_id", ("title",)),
    "places": ("place_id", ("name",)),
}
#: The year a day or month named without one means, unless its paragraph names another: the
#: course is about 2023, and "21 November" in a lesson set in September 2023 is a leak.
SUMMIT_YEAR = 2023
#: Words shorter than this are too common to betray a row.
SHORTEST = 20


@dataclass(frozen=True)
class Finding:
    """Something in a piece of a lesson that was not public by the lesson's knowledge date."""

    words: str
    why: str
    kind: str = "row"  # "date": a date after the day; "row": a later row's id or words; "name"; "column"


def _needle(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()[:60]


@lru_cache(maxsize=1)
def _whole() -> dict[str, pd.DataFrame]:
    return {name: load(name, as_of=None) for name in _resources()}


@lru_cache(maxsize=16)
def _later(day: date) -> tuple[dict, dict, tuple, tuple]:
    """Ids and word runs of rows known only after ``day``, hindsight columns still hidden, and
    the texts that were public on ``day``."""
    frames, cutoff = _whole(), pd.Timestamp(day)
    ids, words = {}, {}
    for table, (key, text_columns) in TABLES.items():
        frame = frames[table]
        since = knowledge.known_from(table, frame, frames["sources"])
        for row, when in zip(frame.itertuples(index=False), since):
            if pd.isna(when) or when <= cutoff or (when == pd.Timestamp.max and cutoff >= _horizon()):
                continue  # known by then; or undated, in a lesson set after every dated row
            label = f"{table} row {getattr(row, key)} (known from {_when(when)})"
            ids[getattr(row, key)] = label
            for column in text_columns:
                needle = _needle(getattr(row, column))
                if len(needle) >= SHORTEST:
                    words[needle] = label
    forecasts = frames["forecasts"]
    for evidence, resolved, ident in zip(forecasts["evidence"], forecasts["resolved_on"], forecasts["forecast_id"]):
        if resolved > cutoff:
            words[_needle(evidence)] = f"the outcome of {ident} (resolved {_when(resolved)})"
    hidden = tuple(column for table, (on, columns) in knowledge.HINDSIGHT.items()
                   if (frames[table][on].max() if on else knowledge.to_day(knowledge.OUTCOMES_AS_OF)) > cutoff
                   for column in columns if column != "source_id")
    return ids, words, hidden, _public_texts(day)


def _public_texts(day: date) -> tuple[str, ...]:
    """Every text cell of the tables as they stood on ``day`` (what ``load(as_of=day)`` shows),
    longest first, and as pandas cuts it in a table (197 characters and "...").

    A date inside one is not a leak: a deadline in a question asked then, a plan announced
    then ("a third try in October") was public on the day.
    """
    frames = _whole()
    texts = set()
    for table, frame in frames.items():
        shown = knowledge.cut(table, frame, pd.Timestamp(day), lambda: frames["sources"])
        for column in shown.select_dtypes(include=["object"]).columns:
            for cell in shown[column].dropna():
                flat = re.sub(r"\s+", " ", str(cell)).strip()
                if len(flat) >= SHORTEST:
                    texts |= {flat, flat[:197]}
    return tuple(sorted(texts, key=len, reverse=True))


@lru_cache(maxsize=16)
def _later_names(day: date) -> tuple[str, ...]:
    """Names that only later rows use (Kursk, the MSMT), leaving out any that a text public on
    ``day`` also holds (a post in September 2023, the 'WPK Central Military Commission')."""
    public = " \n ".join(_public_texts(day))
    return tuple(n for n in sorted(later_names(pd.Timestamp(day)))
                 if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", public))


@lru_cache(maxsize=1)
def _horizon() -> pd.Timestamp:
    """The last day any row of the data is known from: a lesson set on it or later is after the fact."""
    frames = _whole()
    days = pd.concat([knowledge.known_from(t, frames[t], frames["sources"]) for t in TABLES])
    return days[days < pd.Timestamp.max].max()


def _when(day) -> str:
    return "never (no date)" if day == pd.Timestamp.max else f"{day:%Y-%m-%d}"


def _later_dates(paragraph: str, day: date, public: tuple[str, ...]) -> list:
    """Dates after ``day`` in ``paragraph``, leaving out those inside a text public on ``day``."""
    if not any(m.day > day for m in mentions(paragraph, SUMMIT_YEAR)):
        return []
    flat = re.sub(r"\s+", " ", paragraph)
    for cell in public:
        if cell in flat:
            flat = flat.replace(cell, " ")
    return [m for m in mentions(flat, SUMMIT_YEAR) if m.day > day]


def findings(text: str, day: date, code: bool = False) -> list[Finding]:
    """What ``text`` shows that was not public by ``day`` (``code``: the text is a code cell)."""
    ids, words, hidden, public = _later(day)
    found = [Finding(m.text, f"a date after {day:%Y-%m-%d} (read as {m.day:%Y-%m-%d} at the earliest)", "date")
             for paragraph in re.split(r"\n\s*\n|\n(?=\s*[-*] )", text)  # a year carries over within a
                                                                              # paragraph or list item only
             for m in _later_dates(paragraph, day, public)]
    for token in set(re.findall(r"[A-Za-z0-9_]+", text)) & set(ids):
        found.append(Finding(token, f"the id of {ids[token]}"))
    flat = re.sub(r"\s+", " ", text).lower()
    found += [Finding(needle, f"the words of {label}") for needle, label in words.items() if needle in flat]
    found += [Finding(name, f"a name that only rows known after {day:%Y-%m-%d} use", "name")
              for name in _later_names(day) if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    if code:
        found += [Finding(column, "a column written with hindsight, not yet known", "column")
                  for column in hidden if re.search(rf"""["']{column}["']""", text)]
    return found
