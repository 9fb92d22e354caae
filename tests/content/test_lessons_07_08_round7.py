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


def test_7_2_says_a_rerun_cell_misses_the_codes_until_the_check():
    """Re-running a cell that reads `evidence_kind` after 7.2's drop stops with a KeyError: say so. (Round 7:
    the instruction to reload sat before the check, so it lives in the cell after the check instead.)"""
    text = _markdown("07")
    assert "KeyError" in text and 'claims = load("claims")' not in text.split("### Exercise 7.3")[0]


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


_EARLIER = re.compile(r"^- `(fc_\w+)`: `([\w -]+)`\.(?:(?!^- ).)*?\(Earlier versions coded `([\w -]+)`", re.S | re.M)


def _earlier_codings() -> dict[str, tuple[str, str]]:
    """From the data README: each question whose hedge was revised, with its coding now and before."""
    readme = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    return {qid: (now, before) for qid, now, before in _EARLIER.findall(readme)}


def _readings_output() -> tuple[int, str]:
    cells = _cells("08")
    shown = ["".join(o.get("data", {}).get("text/plain", "") for o in c.get("outputs", [])) for c in cells]
    at = next(i for i, text in enumerate(shown) if "every earlier coding" in text and "Brier" in text)
    return at, " ".join(o["data"]["text/plain"] for o in cells[at].outputs if "data" in o)


def test_08_scores_every_earlier_coding_beside_the_present_one():
    """Item 1: the hedges were recoded with the outcomes known ('Earlier versions coded `likely`'),
    and the lesson did not say so. It now says so and scores each reading in one computed table."""
    from summit_course import load

    earlier = _earlier_codings()
    assert set(earlier) >= {"fc_shells_reported_2023", "fc_unsc_veto_mid_2024"}, earlier
    forecasts = load("forecasts").set_index("forecast_id")
    probability = {"likely": 0.7, "possible": 0.5, "leans no": 0.35, "unlikely": 0.2, "worst-case": 0.1}
    spoke = forecasts["sources_hedge"] != "not addressed"
    now = forecasts["sources_probability"].where(spoke)
    outcome = (forecasts["resolution"] == "yes").astype(int)

    def brier(p):
        return f"{((p - outcome) ** 2).mean():.3f}"  # pandas skips the blanks: questions not scored

    at, table = _readings_output()
    check_at = next(i for i, c in enumerate(_cells("08")) if c.cell_type == "code" and 'check("8.3"' in c.source)
    assert at > check_at
    every = now.copy()
    for qid, (_, before) in earlier.items():
        alone = now.copy()
        alone[qid] = every[qid] = probability.get(before)
        assert brier(alone) in table, (qid, before)
    assert brier(now) in table and brier(every) in table
    assert brier(now.where(forecasts.index != "fc_missiles_used_mid_2024")) in table
    shells = now.copy()
    shells["fc_shells_reported_2023"] = 0.7
    assert brier(shells) == "0.177"
    text = _markdown("08")
    assert "Earlier versions of the course" in text and "outcomes were known" in text
    for qid, (_, before) in earlier.items():
        assert f"`{before}`" in text
    assert "None of them is the true reading" in text


def test_08_asks_for_the_hindsight_guess_before_any_outcome_is_on_screen():
    """Item 2: 8.4's prediction came after the answer key and the resolved events were shown."""
    cells = _cells("08")
    guess_at = next(i for i, c in enumerate(cells) if c.cell_type == "code" and re.search(r"^guess_ten, guess_six =", c.source, re.M))
    first_section = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## 8.2"))
    assert guess_at < first_section
    before = cells[:guess_at + 1]
    outputs = " ".join(str(o) for c in before if c.cell_type == "code" for o in c.get("outputs", []))
    assert "resolution" not in outputs and "resolved" not in outputs
    exercise = next(c.source for c in cells if c.source.startswith("### Exercise 8.4"))
    assert "Predict" not in exercise and "8.1" in exercise
    check_at = next(i for i, c in enumerate(cells) if c.cell_type == "code" and 'check("8.4"' in c.source)
    assert "guess_ten" in cells[check_at + 1].source and "guess_six" in cells[check_at + 1].source


def test_08_sentences_about_the_readings_say_what_the_table_shows():
    """The paragraph under the readings table gives its ranges and the largest move of one coding."""
    from summit_course import load

    forecasts = load("forecasts").set_index("forecast_id")
    outcome = (forecasts["resolution"] == "yes").astype(int)
    now = forecasts["sources_probability"].where(forecasts["sources_hedge"] != "not addressed")
    changes = {"shells": {"fc_shells_reported_2023": 0.7}, "missiles": {"fc_missiles_used_mid_2024": 0.5},
               "missiles out": {"fc_missiles_used_mid_2024": None}, "satellite": {"fc_satellite_orbit_2023": 0.5},
               "veto": {"fc_unsc_veto_mid_2024": 0.7}}
    changes["veto, missiles out"] = {**changes["veto"], **changes["missiles out"]}
    changes["every earlier"] = {**changes["shells"], **changes["missiles"], **changes["satellite"], **changes["veto"]}
    nuclear = ["fc_naval_propulsion_2025", "fc_nuclear_weapons_tech_2025"]
    readings = {"now": now}
    for name, change in changes.items():
        readings[name] = now.copy()
        for qid, p in change.items():
            readings[name][qid] = float("nan") if p is None else p
    full = {n: round(((p - outcome) ** 2).mean(), 3) for n, p in readings.items()}
    bare = {n: round(((p.drop(nuclear) - outcome.drop(nuclear)) ** 2).mean(), 3) for n, p in readings.items()}
    text = " ".join(next(c.source for c in _cells("08") if c.source.startswith("Read the `Brier` column")).split())
    assert f"from {min(full.values()):.3f} to {max(full.values()):.3f}" in text
    assert f"from {max(min(bare.values()), 0):.3f} to {max(bare.values()):.3f}" in text
    assert max(full.values()) < 0.25 < max(bare.values()) and min(bare.values()) < 0.25
    single = {n: abs(full[n] - full["now"]) for n in ("shells", "missiles", "missiles out", "satellite", "veto")}
    assert f"as much as {max(single.values()):.3f}".rstrip("0") in text
    worse = sum(full[n] < full["now"] for n in ("shells", "missiles", "satellite", "veto"))
    assert worse == 3 and "Three of the four changes" in text


def test_08_teaching_outputs_that_show_a_numeric_answer_read_the_answer_variable():
    """The readings table shows 8.3's score: its cell reads `articles_brier`, so the learner edition of the
    site leaves its output out (a static page shows every output at once, before the check)."""
    from summit_course.authoring.lessons import PERSONAL_TAG
    from summit_course.publish.site.audit import numeric_answers
    from summit_course.publish.site.notebooks import answer_names, shows_answer

    cells = _cells("08")
    answers = answer_names(cells)
    entries = [e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["id"].startswith("8.")]
    patterns = numeric_answers(entries)
    assert any("8.3" in what for what, _ in patterns)
    shown = [(c.id, what) for c in cells if c.cell_type == "code" and PERSONAL_TAG not in c.metadata.get("tags", [])
             and not shows_answer(c.source, answers)
             for what, pattern in patterns
             if any(pattern.search(str(v)) for o in c.get("outputs", []) for v in o.get("data", {}).values())]
    assert not shown, shown


def test_7_1_says_each_condition_joined_by_and_needs_its_own_brackets():
    """7.1 joins a topic test and a date comparison with `&`; unbracketed, Python applies `&` first and
    the cell stops with a TypeError the course's Notes do not yet explain (reported to the lead)."""
    exercise = next(c.source for c in _cells("07") if c.source.startswith("### Exercise 7.1"))
    assert "its own brackets" in exercise and "&amp;" in exercise
