"""The claim sorter filters the real claims table by topic, evidence kind, hedge and bound."""

from __future__ import annotations

import ipywidgets as widgets

from summit_course.live import live
from summit_course import load
from summit_course.explore.base import Explorer
from summit_course.explore.claim_sorter import (
    COLUMNS, EVIDENCE_KINDS, claim_sorter, count_line, sorted_claims,
)


def test_all_claims_by_default_in_scale_order():
    rows = sorted_claims()
    assert list(rows.columns) == COLUMNS
    assert len(rows) == len(load("claims"))
    order = [EVIDENCE_KINDS.index(kind) for kind in rows["evidence_kind"]]
    assert order == sorted(order)


def test_topic_filter_keeps_only_that_topic():
    claims = load("claims")
    rows = sorted_claims("troops")
    assert len(rows) == int((claims["topic"] == "troops").sum())
    assert set(rows["source_id"]) <= set(claims.loc[claims["topic"] == "troops", "source_id"])


def test_kind_and_hedge_filters():
    claims = load("claims")
    intel = claims[claims["evidence_kind"] == "intelligence_assessment"]
    rows = sorted_claims(kinds=("intelligence_assessment",), hedged_only=True)
    assert set(rows["evidence_kind"]) == {"intelligence_assessment"}
    assert len(rows) == int(intel["hedge"].notna().sum())
    assert (rows["hedge"] != "").all()


def test_bound_filter_keeps_only_bounded_claims():
    claims = load("claims")
    rows = sorted_claims(bounded_only=True)
    assert len(rows) == int(claims["bound"].notna().sum())
    assert (rows["bound"] != "").all()


def test_hedges_and_bounds_are_different_words():
    claims = load("claims")
    doubts = set("; ".join(claims["hedge"].dropna()).split("; "))
    bounds = set("; ".join(claims["bound"].dropna()).split("; "))
    assert {"more than", "at least", "about"} <= bounds
    assert not doubts & {"more than", "at least", "about", "around", "over"}


def test_summit_view_calls_no_press_report_an_official_record():
    claims = load("claims").set_index("claim_id")
    rows = sorted_claims("summit", kinds=("official_record",))
    types = claims.loc[claims["claim"].isin(rows["claim"]), "claimant_type"]
    assert len(rows) and "news_media" not in set(types)
    assert "news_report" in set(sorted_claims("summit")["evidence_kind"])


def test_talks_claims_show_both_figures():
    rows = sorted_claims("summit", kinds=("state_media_claim",))
    text = " ".join(rows["claim"])
    assert "more than five hours" in text and "over an hour" in text


def test_dates_are_text_and_unknown_dates_empty():
    rows = sorted_claims()
    assert all(d == "" or (len(d) == 10 and d[4] == "-") for d in rows["date"])
    assert (rows["date"] != "").all()  # every claim is dated (the knowledge-date cut-off needs it)


def test_no_match_gives_an_empty_frame_and_a_clear_status():
    rows = sorted_claims("food", kinds=("speculation",))
    assert rows.empty and list(rows.columns) == COLUMNS
    assert count_line(rows) == "No claims match these settings."


def test_count_line_counts_by_kind_in_scale_order():
    line = count_line(sorted_claims("summit"))
    assert line.startswith("20 claims (1 with a hedge, 7 with a bound): ")
    assert line.index("official record") < line.index("news report") < line.index("state media claim")
    assert line.index("state media claim") < line.index("speculation")


def test_widget_is_labelled_stable_and_responds():
    explorer = claim_sorter()
    assert isinstance(explorer, Explorer)
    assert repr(explorer) == "Explorer('Sort the claims by the evidence behind them')"
    assert all(control.description for control in explorer.controls.values())
    assert isinstance(explorer.controls["kinds"], widgets.SelectMultiple)
    assert len(explorer.result) == len(load("claims"))
    explorer.controls["topic"].value = "troops"
    explorer.controls["bounded_only"].value = True
    assert set(explorer.result["bound"]) and (explorer.result["bound"] != "").all()
    assert explorer.status.value.startswith(live(f"<p>{len(explorer.result)} claims ("))
