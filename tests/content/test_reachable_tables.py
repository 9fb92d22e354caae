"""Every table a lesson set "as of" a day can reach, through load() and the browser, holds nothing later.

A student in a lesson set on 20 September 2023 may open any table or type any word into
``explore.browse``; none of it may show a row, a date, a name or an id from after that day.
:mod:`tests.content.reach` judges each row and cell by its own content (its dates, its
source's date, the names only later rows use), not by what ``summit_course.knowledge`` meant
to cut, so a wrong rule there, or a row whose text tells a later fact, fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from summit_course import as_of, load
from summit_course.data import _resources
from summit_course.explore.browse import browse

from .reach import ALLOWED, known_ids, later_names, later_words, lesson_days, row_problems, whole
from .visible import _widget_text

ROOT = Path(__file__).resolve().parents[2]
DAYS = lesson_days(sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb")))
TABLES = sorted(_resources())


@pytest.mark.parametrize("day", DAYS, ids=lambda d: f"{d:%Y-%m-%d}")
@pytest.mark.parametrize("table", TABLES)
def test_a_whole_table_under_a_lessons_date_shows_nothing_later(table, day):
    as_of(day)
    problems = row_problems(table, load(table), day)
    assert not problems, f"{len(problems)} later thing(s) in {table}:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS, ids=lambda d: f"{d:%Y-%m-%d}")
def test_the_browser_finds_nothing_later_whatever_is_typed(day):
    """Searches for every word of the later rows and outcomes, in every table of the browser."""
    as_of(day)
    explorer, problems = browse(), []
    for table in TABLES:
        explorer.controls["table"].value = table
        for word in ("", *later_words(day)):
            explorer.controls["text"].value = word
            assert isinstance(explorer.result, pd.DataFrame), (table, word, _widget_text(explorer))
            problems += [f"search {word!r}: {p}" for p in row_problems(table, explorer.result, day)]
    assert not problems, f"{len(problems)} later thing(s):\n" + "\n".join(dict.fromkeys(problems))


def test_the_searches_include_the_outcomes_a_student_would_look_for():
    """The words come from the data; the outcomes of the forecast questions are among them."""
    day = pd.Timestamp("2023-09-20")
    words = {w.lower() for w in later_words(day)}
    assert {"kursk", "ratification", "pentagon", "hwasong-11", "msmt"} <= words
    assert {"Kursk", "Gerasimov", "Pentagon"} <= later_names(day)
    assert not {"Putin", "Vostochny", "Shoigu", "Kim Jong Un"} & later_names(day)


def test_every_source_has_its_own_date_or_says_why_not():
    sources = whole()["sources"]
    undated = sources[sources["date"].isna()]
    assert set(undated["dated_by"]) <= {"none"}, undated[["source_id", "dated_by"]]
    assert set(sources.loc[sources["date"].notna(), "dated_by"]) <= {"page", "content"}


@pytest.mark.parametrize("table", ["claims", "estimates"])
def test_a_source_is_not_dated_before_the_claims_it_carries(table):
    """A claim or a figure is dated when it was made or published: the page that carries it
    cannot be older (one day is allowed for time zones: Seoul's morning is New York's evening)."""
    frames = whole()
    dates = frames["sources"].set_index("source_id")["date"]
    rows = frames[table].dropna(subset=["date"])
    early = rows[rows["source_id"].map(dates) < rows["date"] - pd.Timedelta(days=1)]
    assert early.empty, early[[rows.columns[0], "date", "source_id"]]


def test_every_allowance_names_a_row_and_a_column_that_exist():
    """A stale allowance would let a future leak through a row that was rewritten."""
    for allowance in ALLOWED:
        assert allowance.reason.strip() and allowance.places, allowance
        for table, row, column in allowance.places:
            frame = whole()[table]
            assert column in frame.columns, (allowance, table, column)
            assert row == "*" or row in set(frame[frame.columns[0]]), (allowance, table, row)


def test_a_person_a_place_and_a_source_are_known_from_their_own_content():
    """The December review's case: Gerasimov's April 2025 report, a treaty source cited by the
    place Moscow, and the Pentagon's troop figures, all reached in a lesson set in 2023."""
    known = known_ids(pd.Timestamp("2023-09-20"))
    assert "valery_gerasimov" not in known["people"] and "kim_yo_jong" in known["people"]
    assert {"interfax_108291", "online_ua_pentagon_10000", "politico_kremlin_kursk"}.isdisjoint(known["sources"])
    assert "kursk" not in known["places"] and {"moscow", "vostochny"} <= known["places"]
