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


def _vote_pattern(draft: str) -> tuple:
    """A draft resolution's votes for, and Russia's and China's votes, in the table's codes."""
    clauses = draft.removeprefix("A draft resolution:").rstrip(".").split(";")
    votes = {"Russia": "yes", "China": "yes"}
    for clause in clauses:
        for member in votes:
            if member in clause and "against" in clause:
                votes[member] = "no"
            elif member in clause and "abstain" in clause:
                votes[member] = "abstain"
    return int(re.search(r"(\d+) for", draft).group(1)), votes["Russia"], votes["China"]


def test_5_1_drafts_are_made_up_so_the_rule_decides_them_not_a_look_up():
    """Review: three of the six drafts were rows of the table shown above (13-1-1 with Russia against and
    China abstaining among them), and the instructor note said only two were."""
    from summit_course import load

    unsc = load("unsc_actions")
    voted = unsc[unsc["votes_for"].notna()]
    rows = {(int(n), str(r), str(c)) for n, r, c in zip(voted["votes_for"], voted["russia_vote"], voted["china_vote"])}
    drafts = list(INSTRUCTOR["5.1"]["answer"])
    resolutions = [d for d in drafts if d.startswith("A draft resolution:")]
    assert len(resolutions) == 5 and not {_vote_pattern(d) for d in resolutions} & rows
    statement = next(d for d in drafts if "presidential statement" in d)
    assert "China" not in statement and "Russia" not in statement  # the 2022 row named them both
    # an abstaining permanent member is no veto: a draft tests that part of the rule
    assert any(p[0] >= 9 and "abstain" in p[1:] and "no" not in p[1:] for p in map(_vote_pattern, resolutions))
    note = _flat(next(c.source for c in _cells("05") if "13–2 vote" in c.source))
    assert "six made-up drafts" in note and "none is a row of the table" in note


def test_5_6_prose_leaves_the_quiz_to_the_student():
    """Review: 'the right option is stated in §5.6's own prose' (the mandate's end, and that the sanctions
    stay in force)."""
    from summit_course import load

    prose = _flat(next(c.source for c in _cells("05") if c.source.startswith("## 5.6")))
    assert "30 April 2024" not in prose and "stay in force" not in prose and "monitoring ended" not in prose
    # the date the quiz needs is in the table the exercise points to
    summary = load("unsc_actions").set_index("action_id").at["res_2680", "summary"]
    assert "30 April 2024" in summary
    assert "Using the tables and section 5.6" in next(c.source for c in _cells("05")
                                                       if c.source.startswith("### Exercise 5.6"))


def test_06_says_plainly_why_two_givings_cannot_test_the_model():
    """Review: 'already given at the summit, before the course chose the model's values' was confusing."""
    text = _flat("\n".join(c.source for c in _cells("06") if c.cell_type == "markdown"))
    assert "before the course chose the model's values" not in text
    assert "handed over at the summit itself, and the articles report them as done" in text
    assert "The course knew this when it chose the model's values, so they cannot test the model." in text


def test_06_comparison_section_is_trimmed_but_keeps_its_facts():
    """Review: §6.6's 'What can the model be compared with?' was dense; it now keeps each fact in short
    sentences, the agree codes as a list."""
    cell = next(c.source for c in _cells("06") if c.source.startswith("**What can the model be compared with?**"))
    flat = _flat(cell)
    for fact in ("*giving*", "*wanting*", '"will also likely seek"', "`likelihood_sep_2023`", "`giving_sep_2023`",
                 "G1 to G4 in `datasets/coding-rules.md`", "weakest word wins", "never upgraded",
                 "sets no level", "`articles_on_giving`", "`yes` or `no`", "`given`", "`open`", "`not_judged`", "`tie`"):
        assert fact in flat, fact
    lengths = [len(s.split()) for s in re.split(r"(?<=[.!?])\s+|\n- ", re.sub(r"`[^`]*`", "x", cell)) if s.strip()]
    assert max(lengths) <= 25 and sum(lengths) / len(lengths) <= 15 and ";" not in cell, lengths
