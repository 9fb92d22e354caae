"""Knowledge dates: load() shows each table as it stood on a day, and as_of() sets that day for a lesson."""

from __future__ import annotations

import pandas as pd
import pytest

from summit_course import as_of, load, knowledge
from summit_course.data import _resources

DAY = "2023-09-20"


@pytest.fixture(autouse=True)
def _no_cut_left_behind():
    as_of(None)
    yield
    as_of(None)


def test_a_cut_leaves_out_later_rows_and_keeps_the_rest():
    whole, cut = load("events", as_of=None), load("events", as_of=DAY)
    assert (cut["date"] <= DAY).all() and len(cut) == (whole["date"] <= DAY).sum()
    assert "trip_arrives_pyongyang" in set(cut["event_id"]) and "treaty_signed" not in set(cut["event_id"])
    assert list(cut.index) == list(range(len(cut)))
    assert cut.dtypes.equals(whole.dtypes)


def test_as_of_sets_the_day_for_every_load_until_cleared():
    message = as_of(DAY)
    assert repr(message).startswith("The course's tables now stop at 20 September 2023")
    assert "c_kcna_satellite_orbit" not in set(load("claims")["claim_id"])
    assert "c_kcna_satellite_orbit" in set(load("claims", as_of=None)["claim_id"]), "None loads all"
    assert len(load("claims", as_of="2025-12-31")) == len(load("claims", as_of=None))
    as_of(None)
    assert "c_kcna_satellite_orbit" in set(load("claims")["claim_id"])


def test_a_row_without_a_date_is_left_out_under_a_cut():
    whole = load("unsc_actions", as_of=None)
    undated = set(whole.loc[whole["date"].isna(), "action_id"])
    assert undated and not undated & set(load("unsc_actions", as_of="2025-12-31")["action_id"])


def test_outcomes_stay_blank_until_they_are_known():
    forecasts = load("forecasts", as_of=DAY).set_index("forecast_id")
    shells = forecasts.loc["fc_shells_reported_2023"]
    assert pd.isna(shells["resolution"]) and pd.isna(shells["resolved_on"]) and pd.isna(shells["evidence"])
    assert shells["question"] and shells["sources_hedge"] == "possible"  # the question and the articles' reading stay
    settled = load("forecasts", as_of="2023-10-16").set_index("forecast_id")  # the first report of rounds
    assert settled.loc["fc_shells_reported_2023", "resolution"] == "yes"
    assert pd.isna(settled.loc["fc_satellite_orbit_2023", "resolution"])
    limits = load("limits", as_of=DAY)
    assert limits["outcome_by_2025"].isna().all() and limits["reason"].notna().all()
    assert load("limits", as_of=knowledge.OUTCOMES_AS_OF)["outcome_by_2025"].notna().all()


def test_sources_are_dated_by_their_own_date_and_other_rows_by_their_source():
    sources = set(load("sources", as_of=DAY)["source_id"])
    assert {"article1", "article2", "tass_1675603", "fao_sofi_glossary"} <= sources  # the glossary reports no event
    assert "kbs_188549" not in sources  # the NIS troop report of 18 October 2024
    assert "politico_kremlin_kursk" not in sources  # reports Gerasimov's report of 26 April 2025
    places = set(load("places", as_of=DAY)["place_id"])
    assert {"vostochny", "moscow"} <= places and not {"tumen_road_bridge", "kursk"} & places
    people = set(load("people", as_of=DAY)["person_id"])
    assert "kim_yo_jong" in people and "valery_gerasimov" not in people


def test_a_row_citing_an_undated_source_is_left_out_under_a_cut():
    sources = load("sources", as_of=None)
    people = load("people", as_of=None)
    undated = sources.assign(date=pd.NaT, dated_by="content")
    assert knowledge.cut("people", people, DAY, lambda: undated).empty
    assert knowledge.cut("sources", undated, DAY).empty
    glossary = undated.assign(dated_by="none")
    assert len(knowledge.cut("people", people, DAY, lambda: glossary)) == len(people)


def test_aims_rest_on_the_articles_of_september_2023():
    assert len(load("aims", as_of=DAY)) == len(load("aims", as_of=None))
    assert load("aims", as_of="2023-09-11").empty  # before either article was written


def test_every_claim_and_event_has_a_date():
    assert load("claims", as_of=None)["date"].notna().all()
    assert load("events", as_of=None)["date"].notna().all()


def test_every_table_with_a_date_follows_a_written_rule():
    """A new dated table must be given a rule in summit_course.knowledge, or a cut would show it whole."""
    dated = {name for name, res in _resources().items()
             if any(f.get("type") == "date" for f in res["schema"]["fields"])}
    ruled = set(knowledge.DATED) | set(knowledge.ASKED) | {knowledge.OWN_DATE}
    assert dated <= ruled, dated - ruled


@pytest.mark.parametrize("bad", ["20 September", "yesterday", 20230920, ["2023-09-20"]])
def test_a_bad_day_is_refused_with_an_example(bad):
    with pytest.raises(ValueError, match="such as '2023-09-20'"):
        as_of(bad)
    with pytest.raises(ValueError, match="such as '2023-09-20'"):
        load("events", as_of=bad)


def test_a_table_is_parsed_once_but_every_load_is_its_own_and_sees_an_edit(broken_copy):
    """load() caches the parsed file (the browser reloads at each keystroke): a student who
    changes one frame must not change the next, and an edit of the file must show at once,
    even one of the same length made within the same instant."""
    first = load("people", as_of=None)
    first.loc[0, "name"] = "changed in a notebook"
    assert load("people", as_of=None).loc[0, "name"] == "Kim Jong Un"
    path = broken_copy / "people.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kim Jong Un,", "Kim Jong Um,", 1), encoding="utf-8")
    assert load("people", as_of=None).loc[0, "name"] == "Kim Jong Um"
