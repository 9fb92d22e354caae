"""The vote explorer of lesson 05, on the real ``unsc_actions`` table."""

from __future__ import annotations

import pytest

from summit_course import explore, load
from summit_course.explore.votes import STATEMENT_OUTCOMES, STATEMENTS, action_years, vote_summary, votes_in_range


def test_every_action_has_a_year_even_the_undated_statement():
    actions = load("unsc_actions")
    years = action_years(actions)
    assert years.notna().all()
    undated = actions["date"].isna()
    assert list(years[undated]) == [2022]


def test_russia_voted_for_every_resolution_from_2006_to_2017():
    rows = votes_in_range("Russia", (2006, 2017))
    assert len(rows) == 10
    assert set(rows["Russia's vote"]) == {"yes"}
    assert set(rows["outcome"]) == {"adopted"}
    assert vote_summary(rows, "Russia", (2006, 2017)) == "Russia voted yes on 10 of 10 actions put to a vote in 2006-2017."


def test_after_2017_russia_and_china_voted_yes_only_on_the_panel_renewal_of_2023():
    for member in ("Russia", "China"):
        rows = votes_in_range(member, (2018, 2024))
        assert len(rows) == 5
        assert list(rows.loc[rows[f"{member}'s vote"] == "yes", "year"]) == [2023]
        assert vote_summary(rows, member, (2018, 2024)) == (
            f"{member} voted yes on 1 of 3 actions put to a vote in 2018-2024; 2 statements, which the council "
            "does not vote on, are left out.")


def test_a_vote_the_sources_do_not_give_is_counted_but_not_as_yes():
    actions = load("unsc_actions")
    unknown = actions.assign(votes_for=actions["votes_for"].mask(actions["action_id"] == "res_2680"),
                             russia_vote=actions["russia_vote"].astype(str).mask(actions["action_id"] == "res_2680",
                                                                                 "not_recorded"))
    rows = votes_in_range("Russia", (2023, 2023), unknown)
    assert vote_summary(rows, "Russia", (2023, 2023)) == (
        "Russia voted yes on 0 of 1 action put to a vote in 2023. The sources record no vote for 1 of them.")
    tally = votes_in_range("All council", (2023, 2023), unknown)
    assert list(tally["vote (for-against-abstain)"]) == ["count not recorded"]


def test_china_abstained_on_the_panel_veto_while_russia_voted_no():
    china = votes_in_range("China", (2024, 2024))
    russia = votes_in_range("Russia", (2024, 2024))
    assert list(china["China's vote"]) == ["abstain"]
    assert list(russia["Russia's vote"]) == ["no"]


def test_all_council_shows_the_tally_and_counts_unanimous_votes():
    rows = votes_in_range("All council", (2006, 2024))
    column = "vote (for-against-abstain)"
    assert rows[column].value_counts().to_dict() == {
        "15-0-0": 11, "no vote (statement)": 2, "13-2-0": 1, "13-1-1": 1}
    assert vote_summary(rows, "All council", (2006, 2024)) == (
        "All 15 members voted yes on 11 of 13 actions put to a vote in 2006-2024; 2 statements, which the council "
        "does not vote on, are left out.")


def test_rows_stay_in_time_order_with_the_undated_statement_first_in_2022():
    rows = votes_in_range("Russia", (2022, 2022))
    assert list(rows["date"]) == ["(no day given)", "2022-05-26", "2022-11-21"]


def test_a_reversed_or_empty_range():
    assert len(votes_in_range("China", (2017, 2016))) == 6
    empty = votes_in_range("China", (2018, 2021))
    assert empty.empty
    assert "no action" in vote_summary(empty, "China", (2018, 2021))


def test_unknown_member_is_an_error():
    with pytest.raises(ValueError, match="Russia, China, All council"):
        votes_in_range("France", (2006, 2024))


def test_widget_responds_to_its_controls_and_has_a_stable_repr():
    widget = explore.votes()
    assert repr(widget) == "Explorer('Security Council votes on North Korea')"
    assert all(control.description for control in widget.controls.values())
    assert "11 of 13 actions put to a vote in 2006-2024" in widget.status.value
    widget.controls["member"].value = "China"
    widget.controls["years"].value = (2022, 2024)
    assert "China voted yes on 1 of 3 actions put to a vote in 2022-2024" in widget.status.value
    assert "no vote for" not in widget.status.value
    assert len(widget.result) == 5
    assert repr(explore.votes("All council", (2006, 2017))) == repr(widget)  # callable twice


def test_the_statement_china_and_russia_would_not_support_is_no_vote_and_not_blocked():
    rows = votes_in_range("All council", (2022, 2022)).set_index("date")
    november = rows.loc["2022-11-21"]
    assert november["vote (for-against-abstain)"] == "no vote (statement)"
    assert november["outcome"] == "not_supported"
    russia = votes_in_range("Russia", (2022, 2022)).set_index("date")
    assert russia.loc["2022-11-21", "Russia's vote"] == "not_supported"


def test_statements_are_never_counted_as_actions_voted_on():
    """Review round 7: "voted yes on 1 of 5" counted two statements the council never voted on."""
    actions = load("unsc_actions")
    statement = actions["outcome"].astype(str).isin(STATEMENT_OUTCOMES)
    assert statement.equals(actions["action"].isin(STATEMENTS)) and actions.loc[statement, "votes_for"].isna().all()
    only = votes_in_range("China", (2022, 2022)).query("outcome != 'vetoed'")
    assert vote_summary(only, "China", (2022, 2022)) == (
        "The council put none of its actions in 2022 to a vote: 2 statements, which the council does not vote on.")
