"""The offer matcher of lesson 04, on the real aims table."""

from __future__ import annotations

import html

import pytest

from summit_course import load
from summit_course.explore.offer_matcher import RULES, describe, matches, offer_matcher, offer_options

AIMS = load("aims")


def test_every_aim_can_be_offered_by_the_other_side():
    options = offer_options()
    assert sorted(value for _, value in options) == sorted(AIMS["aim_id"])
    for label, value in options:
        giver = AIMS.set_index("aim_id").loc[value, "wanted_from"]
        assert label.startswith(f"{giver} offers: ")


def test_shells_buy_north_korean_wants_that_also_breach_sanctions():
    result = matches("ru_artillery_shells", "same sanctions exposure")
    rows = AIMS.set_index("aim_id").loc[result["aim_id"]]
    assert (rows["party"] == "North Korea").all()
    assert (result["breaches_un_sanctions"] == "yes").all()
    expected = AIMS.query("party == 'North Korea' and breaches_un_sanctions == 'yes'")
    assert sorted(result["aim_id"]) == sorted(expected["aim_id"])


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("offer", sorted(AIMS["aim_id"]))
def test_results_are_the_offering_sides_wants_likeliest_first(offer, rule):
    result = matches(offer, rule)
    item = AIMS.set_index("aim_id").loc[offer]
    parties = AIMS.set_index("aim_id").loc[result["aim_id"], "party"]
    assert (parties == item["wanted_from"]).all()
    codes = list(result["likelihood_sep_2023"].cat.codes)
    assert codes == sorted(codes)
    if rule == "same kind":
        assert (result["kind"] == item["kind"]).all()
    if rule == "same sanctions exposure":
        assert (result["breaches_un_sanctions"] == item["breaches_un_sanctions"]).all()
    assert describe(result).startswith(f"{item['wanted_from']} gives {item['party']} ")


def test_any_want_returns_all_of_the_givers_wants():
    assert len(matches("nk_food_aid", "any want")) == (AIMS["party"] == "Russia").sum()
    assert len(matches("ru_war_backing", "any want")) == (AIMS["party"] == "North Korea").sum()


def test_an_unmatched_offer_says_so():
    result = matches("ru_artillery_shells", "same kind")
    assert result.empty
    assert f"None of North Korea's {(AIMS['party'] == 'North Korea').sum()} wants qualify" in describe(result)


def test_bad_input_is_reported():
    with pytest.raises(ValueError, match="Unknown rule"):
        matches("ru_artillery_shells", "cheapest")
    with pytest.raises(ValueError, match="No aim"):
        matches("ru_tanks", "any want")


def test_widget_is_labelled_stable_and_responds():
    widget = offer_matcher()
    assert repr(widget) == "Explorer('Match an offer to what it could buy')"
    assert all(control.description for control in widget.controls.values())
    breaches = AIMS.query("party == 'North Korea' and breaches_un_sanctions == 'yes'")
    of = (AIMS["party"] == "North Korea").sum()
    assert f"{len(breaches)} of North Korea's {of} wants qualify" in html.unescape(widget.status.value)
    widget.controls["offer"].value = "nk_unsc_cover"
    clean = AIMS.query("party == 'Russia' and breaches_un_sanctions == 'no'")
    assert set(widget.result["aim_id"]) == set(clean["aim_id"])
    widget.controls["rule"].value = "same kind"
    same_kind = AIMS.query("party == 'Russia' and kind == 'diplomatic'")
    assert "(diplomatic)" in html.unescape(widget.status.value) and len(widget.result) == len(same_kind)


def _recoded_aims():
    """The aims table under lesson 03's sanctions rules (review finding 1)."""
    aims = load("aims").copy()
    breach = ["nk_space_launch_help", "nk_submarine_slbm_knowhow", "nk_naval_nuclear_propulsion",
              "nk_aircraft_spare_parts"]
    aims.loc[aims["aim_id"].isin(breach), "breaches_un_sanctions"] = "yes"
    aims.loc[aims["aim_id"] == "nk_energy_oil", "breaches_un_sanctions"] = "unclear"
    return aims


def test_matches_follow_the_sanctions_coding(monkeypatch):
    import sys

    offer_matcher_module = sys.modules[matches.__module__]
    recoded = _recoded_aims()
    monkeypatch.setattr(offer_matcher_module, "load", lambda name: recoded)
    shells = set(matches("ru_artillery_shells", "same sanctions exposure")["aim_id"])
    assert {"nk_space_launch_help", "nk_submarine_slbm_knowhow", "nk_naval_nuclear_propulsion"} <= shells
    assert "nk_energy_oil" not in shells
    oil = matches("nk_energy_oil", "same sanctions exposure")
    expected = recoded.query("party == 'Russia' and breaches_un_sanctions == 'unclear'")
    assert sorted(oil["aim_id"]) == sorted(expected["aim_id"])
    assert "lawful only under conditions" in describe(oil)
