"""What was known when: the course's tables cut down to what was public by a given day.

A lesson that asks students to reason "as of" a day calls ``as_of("2023-09-20")`` in its setup
cell. From then on ``load()``, and every widget (they all load through it), leaves out each row
dated after that day and blanks the columns written with hindsight; ``load(name, as_of=...)``
does the same for one call. ``as_of(None)`` shows everything again.

How each table is dated, each row by its own content:

* ``events``, ``claims``, ``estimates``, ``unsc_actions``: by their ``date`` column. A row with
  no date is left out under any cut-off: nothing shows that it was public in time.
* ``forecasts``: a question is shown from the day it is asked (``asked_on``); how it resolved
  (``resolution``, ``resolved_on``, ``evidence``, ``source_id``) is blank until ``resolved_on``.
  Under any cut-off only the questions lesson 01 asks (:data:`LESSON_01_FORECASTS`) are shown:
  the others were left out with hindsight, and seeing them would tell what was worth asking.
* ``sources``: by their own ``date``, the day the page was published (or, where the page shows
  none, the day of the latest event it reports). A source without a date is left out, unless
  its ``dated_by`` is ``none``: a glossary or map data, which reports no event.
* ``people``, ``places``, ``aims``, ``limits``: by the date of the source each row rests on,
  since the row tells what that source says. The limits' outcome columns judge them from
  reports up to :data:`OUTCOMES_AS_OF` and are blank before it.

tests/content/test_knowledge_dates.py renders every lesson, and
tests/content/test_reachable_tables.py every table and every search of the browser under each
lesson's knowledge date; both fail on anything dated after it.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["LESSON_01_FORECASTS", "OUTCOMES_AS_OF", "KnowledgeDate", "as_of", "current", "cut", "known_from", "needs_sources", "to_day"]

#: Tables whose rows carry the day they became public, in this column.
DATED = {"events": "date", "claims": "date", "estimates": "date", "unsc_actions": "date"}
#: Tables of questions: the column that says when each was asked.
ASKED = {"forecasts": "asked_on"}
#: The questions lesson 01 asks: a spread over both sides' gains and over time, six that
#: resolved yes and five that resolved no, so that saying "yes" to everything does not win
#: (lesson 01 tells students how the questions were chosen). Left out: the written
#: agreement (lesson 01 itself answers it), questions that overlap another (ratification,
#: Putin's visit by 2024) and those nothing in September 2023 pointed to (air defence, the
#: road bridge), which only hindsight would pick. Under a cut-off, ``forecasts`` shows only
#: these, so that the table does not tell a student which other questions were worth asking.
LESSON_01_FORECASTS = ("fc_shells_reported_2023", "fc_satellite_october_2023", "fc_satellite_orbit_2023",
                       "fc_missiles_used_mid_2024", "fc_unsc_veto_mid_2024", "fc_putin_pyongyang_2023",
                       "fc_defence_treaty_2024", "fc_troops_deployed_2024", "fc_munitions_confirmed_2024",
                       "fc_naval_propulsion_2025", "fc_nuclear_weapons_tech_2025")
#: Columns written with hindsight, by table, and the column that dates them (None: the table's
#: outcomes all date from :data:`OUTCOMES_AS_OF`).
HINDSIGHT = {
    "forecasts": ("resolved_on", ("resolution", "resolved_on", "evidence", "source_id")),
    "limits": (None, ("outcome_by_2025", "outcome_basis", "outcome_source_id")),
}
#: The table dated by its own ``date``: the day each page was published.
OWN_DATE = "sources"
#: The column by which every other table without a date is dated: the source a row rests on.
BY_SOURCE = "source_id"
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


def _source_days(sources):
    """The day from which each source is shown (``NaT``: always; ``Timestamp.max``: never under a cut-off)."""
    import pandas as pd

    reports_nothing = sources["dated_by"].eq("none") if "dated_by" in sources.columns else False
    return sources["date"].mask(sources["date"].isna() & ~reports_nothing, pd.Timestamp.max)


def known_from(table: str, frame, sources=None):
    """The day from which each row of ``table`` is shown, as a Series aligned with ``frame``.

    ``NaT`` means "always shown"; ``Timestamp.max`` means "never under a cut-off" (a row with
    no date). ``sources`` (the whole ``sources`` table) is needed for the tables dated by the
    source they cite; a row citing a source that is not in it is never shown under a cut-off.
    """
    import pandas as pd

    if table in DATED:
        return frame[DATED[table]].fillna(pd.Timestamp.max)
    if table in ASKED:
        return frame[ASKED[table]].fillna(pd.Timestamp.max)
    if table == OWN_DATE:
        return _source_days(frame)
    if BY_SOURCE not in frame.columns:
        return pd.Series(pd.NaT, frame.index, dtype="datetime64[ns]")
    if sources is None:
        raise ValueError(f"The {table} table is dated by its sources: pass the sources table.")
    days = dict(zip(sources["source_id"], _source_days(sources)))
    return frame[BY_SOURCE].map(lambda ident: days.get(ident, pd.Timestamp.max)).astype("datetime64[ns]")


def needs_sources(table: str, frame) -> bool:
    """Whether ``table`` is dated by the sources it cites (so :func:`cut` needs them)."""
    return table not in DATED and table not in ASKED and table != OWN_DATE and BY_SOURCE in frame.columns


def cut(table: str, frame, day, load_sources: Callable[[], object] | None = None):
    """``frame`` (the whole ``table``) as it stood on ``day``: later rows out, hindsight blank.

    ``load_sources`` returns the whole ``sources`` table; the tables dated by their sources
    (:func:`needs_sources`) need it.
    """
    import pandas as pd

    day = to_day(day)
    if day is None:
        return frame
    sources = load_sources() if needs_sources(table, frame) and load_sources is not None else None
    since = known_from(table, frame, sources)
    shown = since.isna() | (since <= day)
    if table in ASKED:
        shown &= frame["forecast_id"].isin(LESSON_01_FORECASTS)
    kept = frame[shown].copy()
    hindsight_on, hidden = HINDSIGHT.get(table, (None, ()))
    if hidden:
        later = kept[hindsight_on] > day if hindsight_on else pd.Series(to_day(OUTCOMES_AS_OF) > day, kept.index)
        for col in hidden:
            kept[col] = kept[col].mask(later)
    return kept.reset_index(drop=True)
