"""One rule per code: every coded value follows a rule written once in datasets/coding-rules.md.

The audit (``summit_course.codebook``) joins the data, the coder's record of which rule each
row follows (``datasets/audit/row_rules.csv``) and the rules' sentences. These tests check the
real data, and prove on damaged copies that each kind of break is caught, including the
codings the December 2026 review found applied two ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from summit_course import EVIDENCE_LEVELS
from summit_course.codebook import audit_problems, code_audit, coding_rules, main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "datasets"


@pytest.fixture
def copy(broken_copy):
    """A copy of datasets/ the test may change, used through SUMMIT_DATA (see conftest.py)."""
    return broken_copy


def _set(path: Path, key: str, column: str, value: str, where: dict | None = None) -> None:
    """Set one cell of a CSV, found by the first column (and ``where``, for row_rules.csv)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = frame.iloc[:, 0 if where is None else 1] == key
    for other, wanted in (where or {}).items():
        rows &= frame[other] == wanted
    assert rows.sum() == 1, (path.name, key, where)
    frame.loc[rows, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def _record(folder: Path, key: str, column: str, field: str, value: str) -> None:
    _set(folder / "audit" / "row_rules.csv", key, field, value, where={"column": column})


def _recoded(folder: Path, table: str, key: str, column: str, code: str, rule: str) -> list[str]:
    """The audit's problems once row ``key`` of ``table`` holds ``code`` in ``column``, recorded under ``rule``."""
    _set(folder / f"{table}.csv", key, column, code)
    _record(folder, key, column, "rule", rule)
    return audit_problems()


def test_every_coded_value_follows_its_rule_and_the_audit_table_is_current():
    written = pd.read_csv(DATA / "audit" / "code_audit.csv", dtype=str, keep_default_na=False)
    assert audit_problems(written=written) == []
    assert len(written) == len(code_audit())


def test_the_audit_shows_each_rows_code_beside_its_rule_sentence():
    audit = code_audit().set_index(["row_id", "column"])
    panel = audit.loc[("c_un_panel_hwasong11", "evidence_kind")]
    assert panel["code"] == "expert_judgement" and panel["rule"] == "E5"
    assert "UN panel of experts" in panel["rule_text"]
    assert "bans military and police cooperation" in audit.loc[("ru_military_cooperation", "breaches_un_sanctions"), "rule_text"]


def test_each_rule_is_written_once_and_every_code_has_one():
    rules = coding_rules()
    assert rules.index.is_unique
    families = {"E": set(EVIDENCE_LEVELS), "K": None, "S": {"yes", "unclear", "no"},
                "L": {"likely", "possible", "unlikely"}, "O": {"gave_way", "unclear", "held"}}
    for letter, codes in families.items():
        given = set(rules.loc[rules.index.str.startswith(letter), "code"])
        assert codes is None or given == codes, letter
    assert len(rules[rules.index.str.startswith("K")]) == len(set(rules.loc[rules.index.str.startswith("K"), "code"]))


def test_the_rules_page_scale_says_word_for_word_what_evidence_py_says():
    text = (DATA / "coding-rules.md").read_text(encoding="utf-8")
    scale = text.split("## The evidence scale")[1].split("### How a level is chosen")[0]
    table = dict(re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", scale, re.M))
    assert table == EVIDENCE_LEVELS


def test_a_row_with_no_rule_is_named(copy):
    _record(copy, "panel_veto", "certainty", "rule", "")
    assert audit_problems() == ["events.panel_veto (certainty = official_record): no rule recorded in "
                                "datasets/audit/row_rules.csv"]


def test_a_new_row_without_a_record_is_named(copy):
    with (copy / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("new_event,2025-06-01,,A title,A description.,moscow,diplomacy,aftermath,official_record,tass_1674459\n")
    assert "events.new_event (certainty = official_record): no rule recorded" in "\n".join(audit_problems())


def test_a_code_its_rule_does_not_give_is_named(copy):
    """The review's M4: the UN Panel's finding coded as an official record."""
    _set(copy / "claims.csv", "c_un_panel_hwasong11", "evidence_kind", "official_record")
    problems = audit_problems()
    assert "claims.c_un_panel_hwasong11 (evidence_kind = official_record): rule E5 gives expert_judgement, " \
           "not official_record" in problems
    assert any("its paired event panel_kharkiv_finding is coded expert_judgement" in p for p in problems)


def test_the_old_panel_coding_breaks_a_rule_whichever_rule_is_recorded(copy):
    """Recording the Panel under E1 (own acts) instead still fails: the claim and event disagree
    unless both move, and an international body's finding about others is no act of its own."""
    problems = _recoded(copy, "claims", "c_un_panel_hwasong11", "evidence_kind", "official_record", "E1")
    assert problems == ["claims.c_un_panel_hwasong11 (official_record): its paired event "
                        "panel_kharkiv_finding is coded expert_judgement"]


@pytest.mark.parametrize("claim,column,value,problem", [
    ("c_kcna_submarine", "claimant_type", "government", "rule E3 does not allow claimant type government"),
    ("c_msmt_munitions", "claimant_type", "analyst", "rule E4 does not allow claimant type analyst"),
    ("c_article1_missiles_may", "hedge", "likely", "a speculation needs a word of possibility"),
    ("c_article2_deals_likelier", "hedge", "could", "a word of possibility (['could']) makes it speculation"),
])
def test_a_claim_that_breaks_a_checkable_rule_is_named(copy, claim, column, value, problem):
    _set(copy / "claims.csv", claim, column, value)
    assert any(claim in p and problem in p for p in audit_problems()), audit_problems()


def test_the_old_coding_of_a_could_claim_as_judgement_is_caught(copy):
    """'Russian help could advance ...' was an expert judgement while other 'may' guesses were speculation."""
    problems = _recoded(copy, "claims", "c_article1_space_military", "evidence_kind", "expert_judgement", "E5")
    assert problems == ["claims.c_article1_space_military (expert_judgement): a word of possibility "
                        "(['could']) makes it speculation"]


def test_the_old_military_cooperation_coding_fits_no_sanctions_rule(copy):
    """The review's M9: closer military ties coded `diplomatic` and `unclear`."""
    _set(copy / "aims.csv", "ru_military_cooperation", "kind", "diplomatic")
    _set(copy / "aims.csv", "ru_military_cooperation", "breaches_un_sanctions", "unclear")
    _record(copy, "ru_military_cooperation", "kind", "rule", "K10")
    for rule in ("S7", "S8"):
        _record(copy, "ru_military_cooperation", "breaches_un_sanctions", "rule", rule)
        assert audit_problems() == [f"aims.ru_military_cooperation: sanctions rule {rule} does not cover "
                                    "the kind diplomatic"]


@pytest.mark.parametrize("aim,column,rule,words", [
    ("nk_naval_nuclear_propulsion", "likelihood_sep_2023", "L2", "['may', 'unlikely']"),
    ("nk_nuclear_miniaturisation", "giving_sep_2023", "G2", "['could', 'bad bet', 'worst-case scenario']"),
])
def test_a_judgement_stronger_than_its_weakest_word_is_named(copy, aim, column, rule, words):
    """The review's M11: 'may seek ... unlikely to part with' is not 'possible' (nor is a giving
    whose weakest word is 'could')."""
    assert _recoded(copy, "aims", aim, column, "possible", rule) == [
        f"aims.{aim} ({column} = possible): the weakest of {words} gives unlikely"]


def test_a_likelihood_word_no_rule_lists_is_named(copy):
    _record(copy, "nk_missile_materials", "likelihood_sep_2023", "words", "expected")
    assert audit_problems() == ["aims.nk_missile_materials (likelihood_sep_2023 = likely): words ['expected'] "
                                "are not words of rules L1-L3"]


def test_a_giving_judged_from_the_wanting_is_named(copy):
    """The review's M3: 'Kim will also likely seek' is the wanting, not a verdict on the giving."""
    problems = _recoded(copy, "aims", "nk_missile_materials", "giving_sep_2023", "likely", "G1")
    assert problems == ["aims.nk_missile_materials (giving_sep_2023 = likely): the weakest of "
                        "['(nothing on the giving)'] gives not_judged"]
    _record(copy, "nk_missile_materials", "giving_sep_2023", "words", "likeliest; (nothing on the giving)")
    assert audit_problems() == ["aims.nk_missile_materials (giving_sep_2023 = likely): 'nothing on the giving' "
                                "cannot stand beside other words ['likeliest', '(nothing on the giving)']"]


def test_a_rule_missing_from_the_readme_is_named(copy):
    _record(copy, "nk_food_aid", "kind", "rule", "K11")
    assert audit_problems() == ["aims.nk_food_aid (kind = food_energy): rule K11 is not written in datasets/coding-rules.md"]


def test_a_stale_audit_table_is_named_and_main_rewrites_it(copy, capsys):
    _record(copy, "nk_food_aid", "kind", "basis", "Food, by rule K6.")
    assert main(["--check"]) == 1
    assert "code_audit.csv is out of date" in capsys.readouterr().out
    assert main([]) == 0
    assert "Food, by rule K6." in (copy / "audit" / "code_audit.csv").read_text(encoding="utf-8")


def test_a_news_outlets_may_coded_as_its_report_is_caught(copy):
    """Round 2's M3: NK News's 'may have been demoted' was a news report though E6 makes any 'may' a guess."""
    problems = _recoded(copy, "claims", "c_nknews_o_su_yong_2020", "evidence_kind", "news_report", "E2")
    assert problems == ["claims.c_nknews_o_su_yong_2020 (news_report): a word of possibility "
                        "(['may']) makes it speculation"]


def test_a_post_is_coded_one_way_whoever_states_it():
    """Round 2's M3: Madden stating O Su Yong's post was a judgement, the writer stating Kim Yo
    Jong's role a news report; a statement of a post is E2 whoever makes it."""
    audit = code_audit().set_index(["row_id", "column"])
    for claim in ("c_article2_o_su_yong_title", "c_article2_yo_jong_head", "c_yonhap_o_su_yong_2021"):
        assert audit.loc[(claim, "evidence_kind"), "rule"] == "E2", claim
    assert "whoever makes it" in coding_rules().at["E2", "text"]


def test_every_stop_of_kims_that_a_russian_official_hosted_is_one_level():
    """Round 3's M5: the visits with Manturov and Shoigu were official records under E1 while the
    university, aquarium and feed mill (Kozlov and Primorye's governor) and the farewell at Artyom
    were coded as KCNA's claims. E1 covers every visit or ceremony held with the other side's
    officials, whoever reports its details."""
    from summit_course import load

    events = load("events").set_index("event_id")
    hosted = ["trip_border_khasan", "trip_summit_vostochny", "trip_gifts_invitation", "trip_knaaz", "trip_knevichi",
              "trip_pacific_fleet", "trip_vladivostok_visits", "trip_departs_artyom"]
    assert set(events.loc[hosted, "certainty"].astype(str)) == {"official_record"}
    audit = code_audit().set_index(["row_id", "column"])
    assert {audit.loc[(e, "certainty"), "rule"] for e in hosted} == {"E1"}


def test_an_analysts_claim_holds_only_his_own_words():
    """Round 3's M6: the writer's 'could simply mean port visits' sat inside the claim credited to
    Madden, hedge and all. A claim credited to an analyst holds no sentence the article adds in
    its own voice; the writer's sentence is its own claim, credited to the article."""
    from summit_course import load

    claims = load("claims")
    analysts = claims[claims["claimant_type"].astype(str) == "analyst"]
    mixed = analysts[analysts["claim"].str.contains(r"\bthe (?:article|writer) (?:adds|says)", case=False)]
    assert mixed.empty, list(mixed["claim_id"])
    rows = claims.set_index("claim_id")
    assert rows.at["c_madden_instant_analysis", "hedge"] == "if"
    assert rows.at["c_article2_port_visits", "claimant"].startswith("Second article")
    assert rows.at["c_article2_port_visits", "hedge"] == "could"


def test_a_figure_an_analyst_passes_on_from_unnamed_reports_is_not_his_reading():
    """Round 3's L12: Bennett's 'reportedly' six months of stocks was an expert judgement, though
    he gives no reasons of his own: it is what others reported (E2)."""
    audit = code_audit().set_index(["row_id", "column"])
    assert audit.loc[("c_bennett_stocks", "evidence_kind"), ["code", "rule"]].tolist() == ["news_report", "E2"]
    assert "reportedly" in coding_rules().at["E2", "text"]


def test_every_limit_outcome_follows_one_rule_o1_o3():
    """Round 3's M3: one evidence rule for `gave_way` across every limit row."""
    audit = code_audit().set_index(["row_id", "column"])
    limits = pd.read_csv(DATA / "limits.csv", dtype=str, keep_default_na=False)
    for limit in limits.itertuples():
        row = audit.loc[(limit.limit_id, "outcome_by_2025")]
        assert row["code"] == limit.outcome_by_2025 and row["rule"][0] == "O", limit.limit_id
    assert "the very thing the limit names" in (DATA / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("limit", ["lim_munition_quality", "lim_advanced_missiles"])
def test_the_old_gave_way_codings_of_round_3_are_caught(copy, limit):
    """Round 3's M3: the missiles and the munitions' quality were gave_way although what the reports
    show is only near the limit's item, as for the war stocks (unclear)."""
    _set(copy / "limits.csv", limit, "outcome_by_2025", "gave_way")
    assert audit_problems() == [f"limits.{limit} (outcome_by_2025 = gave_way): rule O2 gives unclear, not gave_way"]


def test_a_limit_that_gave_way_without_a_report_is_named(copy):
    problems = _recoded(copy, "limits", "lim_china_triangle", "outcome_by_2025", "gave_way", "O1")
    assert problems == ["limits.lim_china_triangle (gave_way): rule O1 needs the report that shows it "
                        "in outcome_source_id"]
