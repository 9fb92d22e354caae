"""Round 8's blind review of lessons 05 and 06 and docs/style.md (round 10 brief c10c), each checked
on the shipped files."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from summit_course.authoring.exercises import instructor_exercises
from summit_course.authoring.hidden import hidden_outcomes

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}
NOTEBOOK = {"05": "05-the-security-council", "06": "06-limits-of-cooperation"}
MISSILES = "The US says North Korea gave Russia ballistic missiles / Kim's more advanced missiles"


def _cells(stem: str) -> list:
    return nbformat.read(ROOT / "solutions" / f"{NOTEBOOK[stem]}.ipynb", as_version=4).cells


def _flat(text: str) -> str:
    return " ".join(text.split())


def _hidden_passes(entry: dict, value: dict) -> bool:
    """Every hidden check passes on ``value``, run as the grader runs them."""
    return all(outcome is True for outcome in hidden_outcomes(entry["hidden"], value, entry["answer"]))


def test_6_4_second_hint_names_the_idea_without_a_question_per_pair():
    """Review: the hint's four questions (which missiles? which stocks? ...) each mapped onto a pair
    whose answer is 'only something near the item'."""
    second = INSTRUCTOR["6.4"]["hints"][1]
    assert "one more step" in second
    assert second.count("?") <= 2
    for giveaway in ("which missiles", "which stocks", "is it a trade", "terms forbid"):
        assert giveaway not in second.lower()


def test_6_4_accepts_both_readings_of_the_contested_missiles_pair():
    """Review: the first article says only 'may seek' the more advanced missiles, so whether the
    missiles sent were those is a judgement; key and hidden check must take both readings."""
    entry = INSTRUCTOR["6.4"]
    keyed = dict(entry["answer"])
    other = {**keyed, MISSILES: "reported by others; the limit's own item, if true"}
    assert keyed[MISSILES] == "reported by others; only something near the item"
    assert other in entry.get("also_accept", [])
    assert _hidden_passes(entry, keyed) and _hidden_passes(entry, other)
    wrong = {**keyed, MISSILES: "on the record; only something near the item"}
    assert not _hidden_passes(entry, wrong)
    assert not _hidden_passes(entry, {**keyed, next(iter(keyed)): "on the record; only something near the item"})
    after = _flat(next(c.source for c in _cells("06") if c.source.startswith("<details>")
                       and "outcome_source_id" in c.source))
    assert "either earns the point" in after and '"may seek"' in after


def test_style_guide_codes_the_panel_of_experts_as_rule_e5_does():
    """Review: docs/style.md coded the Panel's finding official_record; E5, the tables and lessons
    05/07/08 code it expert_judgement."""
    style = _flat((ROOT / "docs" / "style.md").read_text(encoding="utf-8"))
    rules = _flat((ROOT / "datasets" / "coding-rules.md").read_text(encoding="utf-8"))
    e5 = re.search(r"\*\*E5 → `(\w+)`\.\*\*[^*]*", rules)
    assert "a UN panel of experts" in e5.group(0)
    panel = re.search(r"the UN Panel of Experts' published finding → `(\w+)`", style)
    assert panel and panel.group(1) == e5.group(1) == "expert_judgement"
