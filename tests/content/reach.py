"""What a student can reach of the course's tables on a knowledge date, judged by each row's content.

A lesson set "as of" a day (``as_of(...)`` in its setup cell) lets a student open any table with
``load()`` and type any word into ``explore.browse``. This module judges what that reaches
without asking :mod:`summit_course.knowledge` what it meant to cut:

* each row, by its own dates: a dated table's row by its ``date`` (a forecast by ``asked_on``),
  a source by its own publication ``date`` (an undated one only if ``dated_by`` is ``none``: a
  glossary or map data, which report no event), any other row by the source it rests on; a
  column written with hindsight must be blank until its day;
* each id a shown cell names (``source_id``, ``place_id``, an id in a text): not a later row's;
* each cell's words: no date after the day unless :data:`ALLOWED` says why it may stand (a
  question's own deadline, a plan announced then); no name that only later rows use (derived
  from the data: the runs of capitalised words in the events, claims, estimates, Council
  actions and forecast outcomes dated after the day that no row dated by then contains); no
  word of hindsight (:data:`HINDSIGHT_WORDS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from summit_course.data import _resources, load

from .dates import mentions

__all__ = ["ALLOWED", "Allowed", "cell_problems", "later_names", "later_words", "row_problems"]

#: The tables dated by their own column, and the columns whose text tells what a row reports.
DATED = {"events": "date", "claims": "date", "estimates": "date", "unsc_actions": "date"}
TEXTS = {"events": ("title", "description"), "claims": ("claim",), "estimates": ("counts_what",),
         "unsc_actions": ("summary", "trigger")}
#: Columns blank until a day: the column that gives the day (None: the day below).
HINDSIGHT = {"forecasts": ("resolved_on", ("resolution", "resolved_on", "evidence", "source_id")),
             "limits": (None, ("outcome_by_2025", "outcome_basis", "outcome_source_id"))}
OUTCOMES_DAY = pd.Timestamp("2025-05-29")
#: Words that only hindsight writes (a hand list, beside the names derived from the data).
HINDSIGHT_WORDS = (r"\blater\b", r"\beventually\b", r"\bwent on to\b", r"\bturned out\b",
                   r"\bin the end\b", r"\bwith hindsight\b", r"\bwould (?:later|go on|prove)\b",
                   r"\bthe last \w+ (?:that )?(?:it|the \w+) (?:had|got|received)\b")
#: Words a student might type to look for an outcome, beside the ones derived from the data.
SEARCHES = ("Kursk", "troops", "treaty", "veto", "Hwasong", "satellite", "ratif", "orbit", "MSMT",
            "Pantsir", "bridge", "Pentagon", "containers", "missile", "Panel")
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"}


@dataclass(frozen=True)
class Allowed:
    """Words that may stand in the named cells, and why (one reason, however many cells repeat the words)."""

    words: tuple[str, ...]  # ("*",): any date
    reason: str
    places: tuple[tuple[str, str, str], ...]  # (table, the row's id or "*" for every row, column)
    kind: str = "date"  # or "name": a name that only later rows use


ALLOWED = [
    Allowed(("*",), "a question names its own deadline: the future the student is asked about",
            (("forecasts", "*", "question"),)),
    Allowed(("30 April 2024",), "resolution 2680 of March 2023 itself set the Panel's mandate to run to that day",
            (("forecasts", "fc_unsc_veto_mid_2024", "known_then"), ("unsc_actions", "res_2680", "summary"))),
    Allowed(("October",), "North Korea promised a third launch attempt in October on the day its August 2023 attempt "
            "failed: a plan known then, which two questions ask about",
            (("forecasts", "fc_satellite_orbit_2023", "known_then"),
             ("forecasts", "fc_satellite_october_2023", "known_then"),
             ("events", "satellite_fail_aug_2023", "description"))),
    Allowed(("WPK Central Military Commission",), "Ri Pyong Chol's post in September 2023 (the Reuters factbox); "
            "the Commission speaks in later rows too", (("people", "ri_pyong_chol", "role"),), "name"),
    Allowed(("Pentagon",), "a headline of 2013: the Defense Intelligence Agency is the Pentagon's",
            (("sources", "tampabay_2013_dia", "title"),), "name"),
]


def _allowed(table: str, row: str, column: str, words: str, kind: str = "date") -> bool:
    return any(a.kind == kind and (a.words == ("*",) or words in a.words)
               and any(t == table and r in ("*", row) and c == column for t, r, c in a.places) for a in ALLOWED)


@lru_cache(maxsize=1)
def whole() -> dict[str, pd.DataFrame]:
    """Every table, uncut."""
    return {name: load(name, as_of=None) for name in _resources()}


def _key(table: str) -> str:
    return whole()[table].columns[0]


@lru_cache(maxsize=8)
def known_ids(day: pd.Timestamp) -> dict[str, set]:
    """For each table, the ids of the rows known by ``day``, by each row's own dates."""
    frames = whole()
    sources = frames["sources"]
    no_event = sources["dated_by"].eq("none") if "dated_by" in sources else False
    shown_source = (sources["date"] <= day) | (sources["date"].isna() & no_event)
    known_sources = set(sources.loc[shown_source, "source_id"])
    known = {"sources": known_sources}
    for table, frame in frames.items():
        if table in DATED:
            mask = frame[DATED[table]] <= day
        elif table == "forecasts":
            mask = frame["asked_on"] <= day
        elif table == "sources":
            continue
        else:
            mask = frame["source_id"].isin(known_sources)
        known[table] = set(frame.loc[mask, _key(table)])
    return known


@lru_cache(maxsize=8)
def later_ids(day: pd.Timestamp) -> dict[str, str]:
    """Id -> the table it belongs to, for every row not known by ``day``."""
    known = known_ids(day)
    return {ident: table for table, frame in whole().items() for ident in frame[_key(table)]
            if ident not in known[table]}


def _later_and_early_texts(day: pd.Timestamp) -> tuple[list[str], list[str]]:
    frames, later, early = whole(), [], []
    for table, columns in TEXTS.items():
        frame = frames[table]
        for _, row in frame.iterrows():
            text = ". ".join(str(row[c]) for c in columns if pd.notna(row[c]))
            (early if row[DATED[table]] <= day else later).append(text)
    forecasts = frames["forecasts"]
    later += list(forecasts.loc[forecasts["resolved_on"] > day, "evidence"])
    return later, early


_WORD = re.compile(r"(?<![\w'-])([A-Z]\w*(?:-\w+)*)('s\b)?")
#: Capitalised words that open a run without naming anything ("The Pentagon", "In July").
_OPENERS = {"The", "A", "An", "In", "On", "By", "At", "For", "With", "From", "To", "Of", "As", "After",
            "Before", "Since", "About", "Over", "Under", "Some", "Its", "His", "Her", "Their", "Both"}


def _runs(text: str):
    """Runs of capitalised words, each with whether it opens a sentence; a run ends at anything
    but one space, and after a possessive ("North Korea's KN-23" is two runs)."""
    run, opens, end = [], False, None
    for match in _WORD.finditer(text):
        if run and match.start() == end + 1 and text[end] == " " and not closed:
            run.append(match.group(1))
        else:
            if run:
                yield run, opens
            run, opens = [match.group(1)], match.start() == 0 or bool(re.search(r"[.:;!?]\s*$", text[:match.start()]))
        end, closed = match.end(), bool(match.group(2))
    if run:
        yield run, opens


def _names(text: str) -> set[str]:
    """Names in ``text`` ("Central Military Commission", "Kursk", "Hwasong-11"): runs of capitalised
    words without a leading "The" or month names, leaving out a lone word that opens a sentence
    ("According")."""
    found = set()
    for words, opens in _runs(text):
        while words and (words[0] in _OPENERS or words[0] in _MONTHS):
            words, opens = words[1:], False
        while words and words[-1] in _MONTHS:
            words = words[:-1]
        if words and (len(words) > 1 or not opens):
            found.add(" ".join(words))
    return found


@lru_cache(maxsize=8)
def later_names(day: pd.Timestamp) -> frozenset[str]:
    """Names that rows dated after ``day`` use and no row dated by then contains."""
    later, early = _later_and_early_texts(day)
    known = " \n ".join(early)
    names = set().union(*(_names(t) for t in later))
    return frozenset(n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", known))


@lru_cache(maxsize=8)
def later_words(day: pd.Timestamp) -> tuple[str, ...]:
    """Words to search for: every word of four letters or more that rows dated after ``day`` use
    and no row dated by then uses, the later names, and :data:`SEARCHES`."""
    later, early = _later_and_early_texts(day)
    def words(texts):
        return {w.lower() for t in texts for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", t)}
    return tuple(sorted((words(later) - words(early)) | set(later_names(day)) | set(SEARCHES)))


def _text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return "" if pd.isna(value) else str(value)


def cell_problems(table: str, row: str, column: str, value, day: pd.Timestamp) -> list[str]:
    """What one shown cell says that was not known by ``day``."""
    text = _text(value)
    if not text:
        return []
    at = f"{table} row {row}, {column}"
    problems = [f"{at}: {m.text!r} is a date after {day:%Y-%m-%d}"
                for m in mentions(text, 2023) if m.day > day.date() and not _allowed(table, row, column, m.text)]
    later = later_ids(day)
    problems += [f"{at}: {token!r} is the id of a {later[token]} row not known by then"
                 for token in set(re.findall(r"[a-z0-9_]+", text)) if token in later and token != row]
    problems += [f"{at}: {name!r} is a name only later rows use"
                 for name in later_names(day)
                 if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) and not _allowed(table, row, column, name, "name")]
    problems += [f"{at}: {hit.group()!r} is hindsight" for pattern in HINDSIGHT_WORDS
                 for hit in re.finditer(pattern, text, re.I)]
    return problems


def row_problems(table: str, frame: pd.DataFrame, day: pd.Timestamp) -> list[str]:
    """What the shown rows of ``table`` hold that was not known by ``day``: rows and cells."""
    key, known = _key(table), known_ids(day)[table]
    problems = [f"{table} row {ident} is shown but not known by {day:%Y-%m-%d}"
                for ident in frame[key] if ident not in known]
    on, hidden = HINDSIGHT.get(table, (None, ()))
    for _, row in frame.iterrows():
        ident = row[key]
        when = OUTCOMES_DAY if on is None else whole()[table].set_index(key).loc[ident, on]
        for column in frame.columns:
            if column in hidden and when > day:
                if pd.notna(row[column]):
                    problems.append(f"{table} row {ident}, {column}: shown before {when:%Y-%m-%d}, when it was known")
                continue
            if column != key:
                problems += cell_problems(table, ident, column, row[column], day)
    return problems


@lru_cache(maxsize=1)
def horizon() -> pd.Timestamp:
    """The last day any row of the data tells of: a lesson set on it or later uses hindsight openly."""
    frames = whole()
    days = [frames[t][c] for t, c in DATED.items()] + [frames["forecasts"]["resolved_on"], frames["sources"]["date"]]
    return max(d.max() for d in days)


def lesson_days(paths) -> list[pd.Timestamp]:
    """The distinct knowledge dates the lessons declare that come before :func:`horizon`."""
    import nbformat

    days = {pd.Timestamp(nbformat.read(p, as_version=4).metadata["course"]["knowledge_date"]) for p in paths}
    return sorted(d for d in days if d < horizon())
