"""Round 6's blind review of lessons 07 and 08: each finding a test can catch, checked on the
shipped notebooks, the exercise keys and the data.

A number is accepted in class and at grading by one rule, which the key states; feedback names
what is wrong; ids an answer needs are on screen; lesson 08 discloses the codings revised with
the outcomes known and shows every reading's score; no prediction is asked after its answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from summit_course import check
from summit_course.authoring.exercises import instructor_exercises, model_answer
from summit_course.authoring.hidden import as_checked, hidden_results
from summit_course.registry import exercises

ROOT = Path(__file__).resolve().parents[2]


def _entry(exercise_id: str) -> dict:
    return next(e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["id"] == exercise_id)


def _cells(stem: str) -> list:
    return nbformat.read(next((ROOT / "solutions").glob(f"{stem}-*.ipynb")), as_version=4).cells


def _hidden_pass(entry: dict, value) -> bool:
    spec = exercises()[entry["id"]].spec
    passed, problems = hidden_results(entry["hidden"], as_checked(entry["kind"], value, spec), model_answer(entry))
    assert not problems, problems
    return passed == len(entry["hidden"])


@pytest.mark.parametrize("exercise_id", ["8.3", "8.5"])
def test_a_score_to_3_decimals_passes_in_class_exactly_when_it_passes_at_grading(exercise_id):
    """8.3 said `tolerance = 0`, yet the unrounded 0.20375 passed, and the hidden check took 0.203."""
    entry = _entry(exercise_id)
    model = model_answer(entry)
    rounded = round(model, 3)
    assert entry.get("tolerance") == 0 and model != rounded  # the key is unrounded: both forms are at stake
    accepted = [model, rounded]
    refused = [rounded - 0.001, rounded + 0.001, rounded + 0.0006, rounded - 0.0006]
    for value in accepted:
        assert check(exercise_id, value).correct and _hidden_pass(entry, value), value
    for value in refused:
        assert not check(exercise_id, value).correct and not _hidden_pass(entry, value), value
    raw = (ROOT / "solutions" / "exercises" / "08-what-happened-next.toml").read_text(encoding="utf-8")
    block = raw.split(f'id = "{exercise_id}"')[1].split("[[exercise]]")[0]
    assert "rounds to" in block and "unrounded score" in block  # the key says which values pass, not only "0"


def _markdown(stem: str, instructor: bool = False) -> str:
    cells = [c for c in _cells(stem) if c.cell_type == "markdown"
             and ("instructor" in c.metadata.get("tags", [])) == instructor]
    return " ".join(" ".join(c.source.split()) for c in cells)


@pytest.mark.parametrize("stem", ["07", "08"])
def test_a_file_named_for_coding_rules_holds_them(stem):
    """§7.1 sent students to datasets/README.md for rules E1 to E6, which live in coding-rules.md."""
    named = re.findall(r"`(datasets/[\w.-]+)`,? rules? ([A-Z])1", _markdown(stem))
    assert named or stem == "08"
    for path, letter in named:
        assert f"**{letter}1 →" in (ROOT / path).read_text(encoding="utf-8"), path


def _trade_counts():
    from summit_course import load

    claims = load("claims")
    trade = claims[claims["topic"].isin(["munitions", "missiles", "troops"]) & (claims["date"] > "2023-09-19")]
    return trade.groupby("evidence_kind", observed=False).size()


@pytest.mark.parametrize("relabel", [lambda k: k.replace("_", " "), lambda k: k.replace("_", " ").title()])
def test_7_1_right_counts_under_other_labels_are_told_the_labels(relabel):
    """7.1: 'official record' for `official_record` got 'the value is not', naming nothing."""
    counts = _trade_counts()
    message = repr(check("7.1", counts.rename(relabel)))
    assert "the labels are not: expected official_record, news_report, state_media_claim, " \
           "intelligence_assessment, expert_judgement, speculation" in message
    assert check("7.1", counts).correct


@pytest.mark.parametrize("wrong, says", [
    (12, "only round"), (10, "every level"), (6, "once"), (3, "two words"), (2, "one floor word")])
def test_7_3_foreseen_wrong_counts_are_told_what_they_counted(wrong, says):
    """7.3's feedback was 'The type and shape are right, but the value is not' for every wrong count."""
    result = check("7.3", wrong)
    assert not result.correct and says in repr(result)
    assert "the value is not" not in repr(result) and " 5 " not in repr(result)


def test_7_6_shows_the_ids_its_answer_needs_before_the_check():
    """7.6 asked for `estimate_id` values, but the table above it hid that column."""
    cells = _cells("07")
    check_at = next(i for i, c in enumerate(cells) if c.cell_type == "code" and 'check("7.6"' in c.source)
    shown = " ".join(o.get("data", {}).get("text/plain", "") for c in cells[:check_at] if c.cell_type == "code"
                     for o in c.get("outputs", []))
    for estimate_id in model_answer(_entry("7.6")):
        assert estimate_id in shown, estimate_id
    assert not any("does not show `estimate_id`" in h for h in _entry("7.6")["hints"])


def test_7_2_says_how_to_get_the_codes_back_when_a_rerun_cell_misses_them():
    """Re-running a cell that reads `evidence_kind` after 7.2's drop stops with a KeyError: say to reload."""
    text = _markdown("07")
    assert "KeyError" in text and 'claims = load("claims")' in text


def test_8_1_hints_point_only_at_wording_that_holds_option_b():
    """8.1's hint sent students to `c_treaty_article4`, whose claim lacks 'its own laws' (option B)."""
    from summit_course import load

    claims = load("claims").set_index("claim_id")
    entry = _entry("8.1")
    assert "own laws" in entry["options"][1]
    for hint in entry["hints"]:
        for claim_id in re.findall(r"\bc_\w+", hint):
            assert "law" in claims.at[claim_id, "claim"], (claim_id, hint)
    section = _markdown("08").split("## 8.2")[1].split("### Exercise 8.1")[0]
    assert "its own laws" in section and any("section 8.2" in h for h in entry["hints"])


def test_8_7_keeps_troop_figures_out_of_the_disagreements_as_lesson_07_does():
    """8.7's model briefing listed troop figures under 'Sources disagree'; 07 §7.7 says they count
    different things. The model's disagreement has both sides on the record, and the rubric agrees."""
    briefing = " ".join(next(c.source for c in _cells("08") if "briefing = " in c.source).split())
    disagreement = briefing[briefing.index("disagree"):]
    assert "c_gerasimov_kursk" in disagreement and "c_ukraine_disputes_kursk" in disagreement
    troops = next(s for s in re.split(r"(?<=\.)\s+", disagreement) if "Troop figures" in s)
    assert "not" in troops and "different things" in troops
    rubric = " ".join(_entry("8.7")["rubric"])
    disputes = rubric[rubric.index("Disagreement"):]
    assert "troop figures," not in disputes and "different things" in disputes
    assert 150 <= len(briefing.split('"""')[1].split()) <= 250
