"""The cost/benefit model of lesson 06, on the real ``aims`` table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from summit_course import explore, load
from summit_course.explore.transfer_model import (
    COLUMNS, KIND_SCALE, SANCTIONS_PENALTY, agreement_line, giving_judgements, score_transfers, sweep,
)

AIMS = load("aims")
WEIGHTS = [0.0, 0.5, 1.0, 2.0, 3.0]


def _plausible(**settings) -> int:
    return int((score_transfers(**settings)["verdict"] == "plausible").sum())


def _scores(**settings) -> pd.Series:
    return score_transfers(**settings).set_index("aim_id")["score"].sort_index()


def test_one_row_per_aim_with_the_documented_columns():
    result = score_transfers()
    assert list(result.columns) == COLUMNS
    assert sorted(result["aim_id"]) == sorted(AIMS["aim_id"])
    assert set(result["verdict"]) <= {"plausible", "implausible", "tie"}
    assert set(result["agree"]) <= {"yes", "no", "tie", "given", "open", "not_judged"}


def test_every_kind_and_sanctions_code_has_a_scale():
    assert set(AIMS["kind"].astype(str)) <= set(KIND_SCALE)
    assert set(AIMS["breaches_un_sanctions"].astype(str)) <= set(SANCTIONS_PENALTY)
    assert all(1 <= v <= 3 and 1 <= c <= 3 for v, c in KIND_SCALE.values())


def test_giver_is_the_side_asked_and_receiver_the_side_that_wants():
    result = score_transfers().set_index("aim_id")
    aims = AIMS.set_index("aim_id")
    assert (result["giver"] == aims["wanted_from"].astype(str).reindex(result.index)).all()
    assert (result["receiver"] == aims["party"].astype(str).reindex(result.index)).all()
    assert (result["giver"] != result["receiver"]).all()


def test_score_follows_the_formula():
    result = score_transfers(w_value=2, w_cost=0.5, w_sanctions=1.5)
    expected = 2 * result["value"] - 0.5 * result["cost"] - 1.5 * result["sanctions"]
    assert (result["score"] - expected).abs().max() < 1e-9


def test_sorted_by_score_then_id_and_deterministic():
    result = score_transfers()
    assert result["score"].is_monotonic_decreasing
    assert result.equals(score_transfers())


@pytest.mark.parametrize("low, high", list(zip(WEIGHTS, WEIGHTS[1:])))
def test_monotonic_in_each_weight(low, high):
    assert (_scores(w_value=high) >= _scores(w_value=low)).all()
    assert (_scores(w_cost=high) <= _scores(w_cost=low)).all()
    assert (_scores(w_sanctions=high) <= _scores(w_sanctions=low)).all()
    assert _plausible(w_value=high) >= _plausible(w_value=low)
    assert _plausible(w_cost=high) <= _plausible(w_cost=low)
    assert _plausible(w_sanctions=high) <= _plausible(w_sanctions=low)
    assert _plausible(threshold=high) <= _plausible(threshold=low)


def test_default_verdicts():
    result = score_transfers().set_index("aim_id")
    assert result.loc["nk_naval_nuclear_propulsion", "verdict"] == "implausible"
    assert result.loc["nk_food_aid", "verdict"] == "plausible"
    assert result.loc["nk_space_launch_help", "verdict"] == "tie"
    assert result["agree"].value_counts().to_dict() == {"open": 9, "not_judged": 8, "given": 2, "yes": 2, "tie": 1}


def test_a_score_exactly_at_the_threshold_is_a_tie_not_a_no():
    result = score_transfers().set_index("aim_id")
    at_line = result[result["score"] == 0]
    assert len(at_line) == 10 and set(at_line["verdict"]) == {"tie"}
    assert result.loc["ru_artillery_shells", "score"] == 0 and result.loc["ru_artillery_shells", "verdict"] == "tie"
    assert set(result.loc[result["score"] < 0, "verdict"]) == {"implausible"}
    assert set(score_transfers(threshold=-1)["verdict"]) == {"plausible", "tie"}


def test_the_model_is_compared_only_with_what_the_articles_say_about_the_giving():
    result = score_transfers().set_index("aim_id")
    aims = AIMS.set_index("aim_id")
    # "Kim will also likely seek" is about the wanting: likely in likelihood_sep_2023, not judged on the giving
    assert aims.loc["nk_missile_materials", "likelihood_sep_2023"] == "likely"
    assert aims.loc["nk_missile_materials", "giving_sep_2023"] == "not_judged"
    assert result.loc["nk_missile_materials", "agree"] == "not_judged"
    assert (result["articles_on_giving"] == aims["giving_sep_2023"].astype(str).reindex(result.index)).all()
    judged = giving_judgements().set_index("aim_id")
    assert sorted(judged.index) == sorted(result.index[result["articles_on_giving"] != "not_judged"])
    assert set(judged["articles_on_giving"]) == {"likely", "possible", "unlikely"}
    assert judged["whose_words"].str.contains("article").all()


def test_a_firm_judgement_on_a_tied_score_is_shown_as_a_tie():
    # closer military ties: the 'likeliest outcome' in the second article, but banned under 2270
    tied = score_transfers().set_index("aim_id")
    assert tied.loc["ru_military_cooperation", ["score", "articles_on_giving", "agree"]].tolist() == [0, "likely", "tie"]
    assert score_transfers(w_sanctions=0.5).set_index("aim_id").loc["ru_military_cooperation", "agree"] == "yes"
    assert score_transfers(w_sanctions=2).set_index("aim_id").loc["ru_military_cooperation", "agree"] == "no"
    flipped = score_transfers(w_value=1.5).set_index("aim_id")
    assert flipped.loc["nk_naval_nuclear_propulsion", "agree"] == "no"


def test_verdicts_change_when_weights_change():
    before = score_transfers().set_index("aim_id")["verdict"]
    after = score_transfers(w_sanctions=0.5).set_index("aim_id")["verdict"]
    flipped = sorted(before.index[before != after])
    assert "ru_artillery_shells" in flipped
    assert all(before[flipped] == "tie") and all(after[flipped] == "plausible")
    assert _plausible(w_value=0) == 0
    assert _plausible(w_value=3, w_cost=0, w_sanctions=0) == len(AIMS)


def test_status_line_counts_verdicts_ties_and_agreements():
    line = agreement_line(score_transfers())
    assert line.startswith("Of 22 transfers: plausible 5, implausible 7, tied at the threshold 10.")
    assert line.endswith("likely or unlikely for 3 of them (not counting 2 they report as already given): "
                         "the model agrees on 2, disagrees on 0, ties on 1.")
    assert "agrees on 1, disagrees on 2" in agreement_line(score_transfers(w_value=1.5))


def test_agreement_leaves_out_what_the_articles_report_as_already_given():
    """Round 6: 'agrees on four' counted two givings done at the summit, which the model was built knowing."""
    rules = pd.read_csv(Path(__file__).resolve().parents[3] / "datasets" / "audit" / "row_rules.csv")
    done = rules[(rules["column"] == "giving_sep_2023") & (rules["words"] == "(already given)")]["row_id"]
    result = score_transfers().set_index("aim_id")
    assert sorted(result.index[result["agree"] == "given"]) == sorted(done) == ["ru_diplomatic_normality", "ru_war_backing"]
    # whatever the weights, a giving already done is never scored as agreement or disagreement
    for settings in ({"w_value": 0}, {"w_cost": 3}, {"threshold": 3}):
        assert set(score_transfers(**settings).set_index("aim_id").loc[list(done), "agree"]) == {"given"}


def test_sweep_stacks_one_run_per_value_and_names_the_setting():
    runs = sweep("w_sanctions", [0, 1, 2], w_value=1.5)
    assert len(runs) == 3 * len(AIMS) and list(runs.columns) == COLUMNS + ["w_sanctions"]
    for value, run in runs.groupby("w_sanctions"):
        expected = score_transfers(w_value=1.5, w_sanctions=value)
        assert run.drop(columns="w_sanctions").reset_index(drop=True).equals(expected)
    with pytest.raises(ValueError, match="not a setting of the model; choose one of w_value"):
        sweep("sanctions", [1])
    with pytest.raises(ValueError, match="at least one value"):
        sweep("threshold", [])


def test_widget_recomputes_when_a_slider_moves():
    explore.transfer_model()  # a second call must work too (the cell may be re-run)
    model = explore.transfer_model()
    assert repr(model) == "Explorer('Which transfers does the model call plausible?')"
    assert all(control.description for control in model.controls.values())
    assert model.giving.equals(giving_judgements())
    assert model.sweep("threshold", [0]).drop(columns="threshold").equals(score_transfers())
    assert "tied at the threshold 10" in model.status.value
    model.controls["w_sanctions"].value = 0.5
    assert "tied at the threshold 0" in model.status.value
    assert model.result.equals(score_transfers(w_sanctions=0.5))
