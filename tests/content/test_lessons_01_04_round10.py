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
