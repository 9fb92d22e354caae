"""Round 8's blind review of lessons 01 and 04 (content round 10): each finding a test can catch, caught.

The forecasts close when lesson 04's setup cell runs, and every text that states the rule says so.
"""

from __future__ import annotations

import re

import nbformat

from tests.content.test_lessons_00_04_round7 import ROOT, SOLUTIONS, _cells  # one reader of the lessons


def _flat(text: str) -> str:
    return " ".join(text.replace("\n>", " ").split())


def test_lesson_04s_setup_cell_closes_the_forecasts_and_says_so():
    """Round 8: "just running its cells (no check needed) shows the outcomes", so the forecasts closed too
    late at 04's first check. The setup cell now calls close_forecasts(), before any cell that looks ahead,
    and its stored output is the one line that says so."""
    from summit_course.forecast_close import SETUP_NOTICE

    notebook = nbformat.read(next(SOLUTIONS.glob("04-*.ipynb")), as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    setup = code[0]
    assert setup.source.startswith("# Run this cell first") and setup.source.rstrip().endswith("close_forecasts()")
    printed = "".join(o.get("text", "") for o in setup.outputs if o.output_type == "stream")
    assert printed.strip() == SETUP_NOTICE


def test_every_text_stating_the_closing_rule_names_lesson_04s_setup_cell():
    """Lessons 01, 04 and 08 and the READMEs say the setup cell closes the forecasts; none says a check does."""
    texts = {
        "01": " ".join(_flat(c.source) for c in _cells("01") if c.cell_type == "markdown"),
        "04": _flat(_cells("04")[1].source),
        "08": " ".join(_flat(c.source) for c in _cells("08") if c.source.startswith("## 8.1")),
        "datasets/README.md": _flat((ROOT / "datasets" / "README.md").read_text(encoding="utf-8")),
        "README.md": _flat((ROOT / "README.md").read_text(encoding="utf-8")),
    }
    for where, text in texts.items():
        assert re.search(r"(run|runs|ran|running) (the setup cell of lesson 04|lesson 04's setup cell|the setup cell below)"
                         r"|setup cell closes", text), where
        assert not re.search(r"close\w* (at|by) (your|a student's|the) first check", text), where


def test_the_veto_questions_known_then_does_not_single_out_the_measure_russia_vetoed():
    """Round 8: fc_unsc_veto_mid_2024's "known then" "picks out the Panel of Experts and its 30 April 2024
    expiry, which is exactly the measure Russia vetoed. That is context chosen with hindsight." It now gives
    Russia's record on the Council as of September 2023, each fact from a row dated before the question."""
    from summit_course.data import load

    question = load("forecasts").set_index("forecast_id").loc["fc_unsc_veto_mid_2024"]
    known = question["known_then"]
    assert not re.search(r"Panel|expert|30 April|mandate|expir", known, re.I), known
    actions = load("unsc_actions").set_index("action_id")
    for action, words in {"veto_2022": "May 2022", "presidential_statement_2022": "November 2022",
                          "res_2680": "March 2023"}.items():
        assert actions.loc[action, "date"] <= question["asked_on"] and words in known, action
    later = actions[(actions["action"] == "sanctions_resolution") & (actions["date"] > "2017-12-31")]
    assert later.empty and "no new sanctions on North Korea since December 2017" in known


def test_sentences_beside_bennetts_views_credit_the_second_article_not_its_writer():
    """Round 8: 4.4 said flatly "Its writer also says the two will likely talk about labour deals", a sentence
    that stands in Bennett's paragraph with no quotation marks; claims.csv credited "questionable at best",
    which 4.2 teaches may be Bennett's, to the writer. Both now credit the second article."""
    from summit_course.data import load

    claims = load("claims").set_index("claim_id")
    assert claims.loc["c_article2_quality", "claimant"] == "Second article"
    rules = (ROOT / "datasets" / "audit" / "row_rules.csv").read_text(encoding="utf-8")
    line = next(row for row in rules.splitlines() if "c_article2_quality" in row)
    assert "writer's own" not in line
    lesson = " ".join(_flat(c.source) for c in _cells("04") if c.cell_type == "markdown")
    assert not re.search(r"writer (also )?says the two will likely", lesson)
    assert re.search(r"no quotation marks of its own, the second article says the two will likely talk", lesson)


def test_4_6_asks_for_one_decimal_from_two_about_figures_and_accepts_1_3_and_1_34():
    """Round 8: 4.6 "asks for false precision": 6,700 / 5,000 = 1.34 from two "about" figures."""
    from summit_course import check

    for answer in (1.3, 1.34, 6700 / 5000):
        assert check("4.6", answer).status == "passed", answer
    for answer in (1.49, 2, 20, 1.4):
        assert check("4.6", answer).status != "passed", answer
    prompt = " ".join(next(c.source for c in _cells("04") if c.source.startswith("### Exercise 4.6")).split())
    assert "to one decimal" in prompt and "two decimals" not in prompt
    caveat = " ".join(_cells("04")[[c.source.startswith("### Exercise 4.6") for c in _cells("04")].index(True) + 3]
                      .source.split())
    assert 'Both figures are "about", so the ratio is rough too' in caveat


def test_4_5_takes_food_and_energy_the_label_lesson_03s_chart_uses():
    """Round 8: 4.5 rejected "food and energy", the label lesson 03's chart gives the kind food_energy."""
    from summit_course import check
    from summit_course.explore.wish_list import KIND_LABELS

    from tests.content.test_lessons_00_04_round7 import EXERCISES

    key = dict(EXERCISES["4.5"]["answer"])
    oil = next(item for item, kind in key.items() if kind == "food_energy")
    assert KIND_LABELS["food_energy"] == "Food and energy"
    for label in ("food and energy", "Food and energy", "food_energy", "food energy"):
        assert check("4.5", {**key, oil: label}).status == "passed", label
    assert check("4.5", {**key, oil: "food and money"}).status != "passed"
    assert check("4.5", {**key, oil: "munitions"}).status != "passed"
