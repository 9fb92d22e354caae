"""The delegation explorer filters the real people table by side and portfolio."""

from __future__ import annotations

import pytest

from summit_course.data import load
from summit_course.explore.base import Explorer
from summit_course.explore.delegation import (
    COLUMNS,
    delegation,
    delegation_members,
    delegation_status,
    portfolio_label,
    portfolios_present,
)


def test_every_portfolio_shows_the_whole_delegation():
    people = load("people")
    members = delegation_members()
    assert list(members.columns) == COLUMNS
    assert len(members) == (people["group"] == "delegation").sum()
    assert set(members["side"]) == {"North Korean delegation"}
    assert "Kim Jong Un" not in set(members["name"])  # the leader is not his own delegation


def test_filter_by_portfolio_and_side():
    industry = delegation_members(["defence_industry", "munitions"], "delegation")
    assert sorted(industry["name"]) == ["Jo Chun Ryong", "Ri Pyong Chol"]
    navy = delegation_members(["navy"], "both")
    assert list(navy["name"]) == ["Kim Myong Sik", "Nikolai Yevmenov"]  # delegation first
    assert list(navy["side"]) == ["North Korean delegation", "Russian hosts"]


def test_hosts_match_the_table():
    people = load("people")
    hosts = delegation_members(None, "host")
    assert set(hosts["name"]) == set(people.loc[people["group"] == "host", "name"])
    assert set(hosts["side"]) == {"Russian hosts"}


def test_rows_keep_role_and_source():
    people = load("people").set_index("name")
    for row in delegation_members(None, "both").itertuples():
        assert row.role == people.at[row.name, "role"]
        assert row.source_id == people.at[row.name, "source_id"]


def test_order_is_stable():
    first = delegation_members(None, "both")
    assert first.equals(delegation_members(None, "both"))
    assert list(first["side"]).index("Russian hosts") == (first["side"] == "North Korean delegation").sum()


def test_status_counts_the_military_share():
    assert delegation_status(delegation_members(["navy"], "delegation")) == (
        "1 person shown; 1 of 1 (100%) hold a military or defence-industry post.")
    people = load("people")
    crew = people[people["group"] == "delegation"]
    share = crew["military_or_defence"].astype(bool).mean()
    assert f"({share:.0%})" in delegation_status(delegation_members())
    one = delegation_status(delegation_members(["space"]))
    assert one.startswith("1 person shown; 0 of 1 (0%)")


def test_empty_selection_says_so():
    members = delegation_members([], "delegation")
    assert members.empty and list(members.columns) == COLUMNS
    assert delegation_status(members).startswith("No one matches")


def test_unknown_side_is_refused():
    with pytest.raises(ValueError, match="side should be one of"):
        delegation_members(None, "observers")


def test_portfolios_present_and_labels():
    present = portfolios_present()
    assert "munitions" in present and "analysis" not in present  # analysts did not travel
    assert present == [p for p in load("people")["portfolio"].cat.categories if p in present]
    assert portfolio_label("defence_industry") == "Defence industry"
    assert portfolio_label("government") == "Government (brief not given)"


def test_widget_is_labelled_stable_and_live():
    explorer = delegation()
    assert isinstance(explorer, Explorer)
    assert repr(explorer) == "Explorer('Who travelled, who hosted')"
    assert all(control.description for control in explorer.controls.values())
    assert len(explorer.result) == len(delegation_members())
    explorer.controls["side"].value = "host"
    explorer.controls["portfolios"].value = ("navy", "military")
    assert set(explorer.result["name"]) == {"Nikolai Yevmenov", "Sergei Shoigu", "Sergei Kobylash"}
    assert "3 people shown" in explorer.status.value


def test_widget_starts_from_arguments():
    explorer = delegation(side="both", portfolios=["space", "not_a_portfolio"])
    assert explorer.controls["portfolios"].value == ("space",)
    assert list(explorer.result["name"]) == ["Pak Thae Song"]


def test_status_compares_the_two_sides():
    people = load("people")
    status = delegation_status(delegation_members(None, "both"))
    for group, label in (("delegation", "North Korean delegation"), ("host", "Russian hosts")):
        side = people[people["group"] == group]
        military = int(side["military_or_defence"].sum())
        assert f"{label}: {military} of {len(side)} (" in status
    assert status.startswith(f"{len(delegation_members(None, 'both'))} people shown.")
    navy = delegation_status(delegation_members(["navy"], "both"))
    assert navy == ("2 people shown. In a military or defence-industry post: "
                    "North Korean delegation: 1 of 1 (100%); Russian hosts: 1 of 1 (100%).")


def test_the_russian_side_at_the_talks_is_complete():
    hosts = set(delegation_members(None, "host")["name"])
    at_the_talks = {"Vladimir Putin", "Sergei Lavrov", "Sergei Shoigu", "Marat Khusnullin",
                    "Alexei Overchuk", "Denis Manturov", "Vitaly Savelyev", "Alexander Kozlov",
                    "Dmitry Peskov"}
    assert at_the_talks <= hosts
    lavrov = delegation_members(["foreign_affairs"], "both")
    assert list(lavrov["name"]) == ["Choe Son Hui", "Sergei Lavrov"]
    assert {"Transport", "Industry", "Government (brief not given)"} <= set(
        delegation_members(None, "host")["portfolio"])


def test_one_click_unticks_one_portfolio_and_keeps_the_others():
    """The walkthrough: a plain click on Leadership in a list box selected Leadership alone
    ("1 person shown"). Each portfolio is a tick box: unticking one leaves the rest."""
    explorer = delegation(side="both")
    group = explorer.controls["portfolios"]
    before = len(explorer.result)
    leadership = next(box for box in group.boxes if box.description == "Leadership")
    leadership.value = False  # what a click on its box does
    assert "leadership" not in group.value and len(group.value) == len(portfolios_present()) - 1
    leaders = len(delegation_members(["leadership"], "both"))
    assert len(explorer.result) == before - leaders > 1
    assert "Vladimir Putin" not in set(explorer.result["name"])
