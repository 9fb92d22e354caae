"""What was known when: the course's tables cut down to what was public by a given day.

A lesson that asks students to reason "as of" a day calls ``as_of("2023-09-20")`` in its setup
cell. From then on ``load()``, and every widget (they all load through it), leaves out each row
dated after that day and blanks the columns written with hindsight; ``load(name, as_of=...)``
does the same for one call. ``as_of(None)`` shows everything again.

How each table is dated:

* ``events``, ``claims``, ``estimates``, ``unsc_actions``: by their ``date`` column. A row with
  no date is left out under any cut-off: nothing shows that it was public in time.
* ``forecasts``: a question is shown from the day it is asked (``asked_on``); how it resolved
  (``resolution``, ``resolved_on``, ``evidence``, ``source_id``) is blank until ``resolved_on``.
* ``limits``: the limits come from the two articles of September 2023; the outcome columns
  judge them from reports up to :data:`OUTCOMES_AS_OF` and are blank before it.
* ``sources`` and ``places``: by their own ``date`` where they have one, otherwise by the first
  dated row that cites them. One cited by an undated row (the articles' readings, the people
  of the trip) is always shown; a place that no row cites is dated by its own source.
* ``people`` and ``aims``: as of September 2023, always shown.

tests/content/test_knowledge_dates.py renders every lesson and fails on anything dated after
the lesson's knowledge date.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["OUTCOMES_AS_OF", "KnowledgeDate", "as_of", "current", "cut", "known_from", "to_day"]

#: Tables whose rows carry the day they became public, in this column.
DATED = {"events": "date", "claims": "date", "estimates": "date", "unsc_actions": "date"}
#: Tables of questions: the column that says when each was asked.
ASKED = {"forecasts": "asked_on"}
#: Columns written with hindsight, by table, and the column that dates them (None: the table's
#: outcomes all date from :data:`OUTCOMES_AS_OF`).
HINDSIGHT = {
    "forecasts": ("resolved_on", ("resolution", "resolved_on", "evidence", "source_id")),
    "limits": (None, ("outcome_by_2025", "outcome_basis", "outcome_source_id")),
}
#: Tables dated by the rows that cite them: the id column other tables use to cite a row.
CITED = {"sources": "source_id", "places": "place_id"}
#: The day of the last report the limits' outcomes rest on (the MSMT's first report).
OUTCOMES_AS_OF = "2025-05-29"

_session: KnowledgeDate | None = None


def to_day(value):
    """A day as a pandas ``Timestamp`` (``None`` stays ``None``); a clear error otherwise."""
    import datetime
    import re

    import pandas as pd

    if value is None:
        return None
    day = pd.NaT
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        day = pd.to_datetime(value.strip(), format="%Y-%m-%d", errors="coerce")
    elif isinstance(value, (datetime.date, pd.Timestamp)):
        day = pd.Timestamp(value)
    if pd.isna(day):
        raise ValueError(f"A knowledge date must be a day such as '2023-09-20', not {value!r}.")
    return day.normalize()


class KnowledgeDate:
    """The day up to which the tables are shown; its ``repr`` says so in one line."""

    def __init__(self, day):
        self.day = day

    def __repr__(self) -> str:
        if self.day is None:
            return "The course's tables are shown whole: every row, whatever its date."
        return (f"The course's tables now stop at {self.day.day} {self.day:%B %Y}: load() and the "
                "widgets leave out every row dated later.")


def as_of(day) -> KnowledgeDate:
    """Show only what was public by ``day``, in ``load()`` and every widget, from now on.

    Parameters
    ----------
    day : str, date or None
        A day such as ``"2023-09-20"``; ``None`` shows every row again.
    """
    global _session
    _session = KnowledgeDate(to_day(day))
    return _session


def current():
    """The day set by :func:`as_of`, or ``None``."""
    return _session.day if _session is not None else None


_ALWAYS = "always"  # cited by a row that is always shown


def _first_citation(table: str, frames: dict) -> dict:
    """For each id of ``table`` that another table cites, the earliest day a row cites it.

    An id that an undated row cites (an aim, a person, a limit's reason) maps to
    ``"always"``: the course shows it with the articles' reading of September 2023.
    """
    import pandas as pd

    column = CITED[table]
    earliest: dict = {}
    for name, frame in frames.items():
        if name == table:
            continue
        days = known_from(name, frame, frames) if name in DATED or name in ASKED else None
        hindsight_on, hidden = HINDSIGHT.get(name, (None, ()))
        for col in [c for c in frame.columns if c == column or c.endswith("_" + column)]:
            if col in hidden:
                when = frame[hindsight_on] if hindsight_on else pd.Series(to_day(OUTCOMES_AS_OF), frame.index)
            else:
                when = days if days is not None else pd.Series(pd.NaT, frame.index)
            for ident, day in zip(frame[col], when):
                if pd.isna(ident) or earliest.get(ident) == _ALWAYS:
                    continue
                earliest[ident] = _ALWAYS if pd.isna(day) else min(day, earliest.get(ident, day))
    return earliest


def known_from(table: str, frame, frames: dict | None = None):
    """The day from which each row of ``table`` is shown, as a Series aligned with ``frame``.

    ``NaT`` means "always shown"; ``Timestamp.max`` means "never under a cut-off" (a dated
    table's row without a date). ``frames`` (every table, by name) is needed for ``sources``
    and ``places``, which are dated by the rows that cite them; a place that no row cites is
    dated by its own source.
    """
    import pandas as pd

    if table in DATED:
        return frame[DATED[table]].fillna(pd.Timestamp.max)
    if table in ASKED:
        return frame[ASKED[table]].fillna(pd.Timestamp.max)
    if table not in CITED:
        return pd.Series(pd.NaT, frame.index, dtype="datetime64[ns]")
    frames = frames or {}
    cited = _first_citation(table, frames)
    own = frame["date"] if "date" in frame.columns else pd.Series(pd.NaT, frame.index)
    by_citation = frame[CITED[table]].map(lambda i: pd.NaT if cited.get(i, _ALWAYS) == _ALWAYS else cited[i])
    known = own.fillna(by_citation).astype("datetime64[ns]")
    if table != "sources" and "sources" in frames:
        sources = frames["sources"]
        by_source = dict(zip(sources["source_id"], known_from("sources", sources, frames)))
        uncited = ~frame[CITED[table]].isin(list(cited))
        known = known.mask(uncited, frame["source_id"].map(by_source))
    return known.astype("datetime64[ns]")


def cut(table: str, frame, day, load_all: Callable[[], dict] | None = None):
    """``frame`` (the whole ``table``) as it stood on ``day``: later rows out, hindsight blank.

    ``load_all`` returns every table uncut, by name; only ``sources`` and ``places`` need it.
    """
    import pandas as pd

    day = to_day(day)
    if day is None:
        return frame
    frames = load_all() if table in CITED and load_all is not None else {}
    since = known_from(table, frame, frames)
    kept = frame[since.isna() | (since <= day)].copy()
    hindsight_on, hidden = HINDSIGHT.get(table, (None, ()))
    if hidden:
        later = kept[hindsight_on] > day if hindsight_on else pd.Series(to_day(OUTCOMES_AS_OF) > day, kept.index)
        for col in hidden:
            kept[col] = kept[col].mask(later)
    return kept.reset_index(drop=True)
