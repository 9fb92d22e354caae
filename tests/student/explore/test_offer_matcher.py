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
    assert "None of North Korea's 13 wants qualify" in describe(result)


def test_bad_input_is_reported():
    with pytest.raises(ValueError, match="Unknown rule"):
        matches("ru_artillery_shells", "cheapest")
    with pytest.raises(ValueError, match="No aim"):
        matches("ru_tanks", "any want")


def test_widget_is_labelled_stable_and_responds():
    widget = offer_matcher()
    assert repr(widget) == "Explorer('Match an offer to what it could buy')"
    assert all(control.description for control in widget.controls.values())
    assert "5 of North Korea's 13 wants qualify" in html.unescape(widget.status.value)
    widget.controls["offer"].value = "nk_unsc_cover"
    assert set(widget.result["aim_id"]) == {"ru_diplomatic_normality", "ru_war_backing"}
    widget.controls["rule"].value = "same kind"
    assert "(diplomatic)" in html.unescape(widget.status.value) and len(widget.result) == 3
