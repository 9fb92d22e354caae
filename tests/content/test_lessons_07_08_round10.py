"""Round 8's blind review of lessons 07 and 08 (content round 10): each finding a test can catch,
checked on the shipped notebooks, the exercise keys and the data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def _cells(stem: str) -> list:
    return nbformat.read(next((ROOT / "solutions").glob(f"{stem}-*.ipynb")), as_version=4).cells


def _text(cell) -> str:
    return " ".join(cell.source.split())


def test_8_4_sets_the_expected_share_beside_the_resolved_share_on_the_same_questions():
    """Item 1: 'you expected' was a mean over the lesson-01 questions only, 'resolved yes' over all
    ten and all six: 0.80 and 0.33 where the same questions give 0.67 and 0.40."""
    from summit_course import load

    cells = _cells("08")
    forecasts = load("forecasts")
    outcome = forecasts["resolution"].eq("yes")
    spoke = forecasts["sources_hedge"] != "not addressed"
    sample = next(c for c in cells if c.source.startswith("sample_forecasts = "))
    namespace: dict = {}
    exec(sample.source, namespace)  # noqa: S102 - the lesson's own dict literal
    asked = forecasts["forecast_id"].isin(namespace["sample_forecasts"])
    table = next(c for c in cells if c.cell_type == "code" and '"you expected"' in c.source)
    shown = next(o for o in table.outputs if o.get("output_type") == "execute_result")["data"]["text/plain"]
    rows = {line.split("  ")[0].strip(): line.split()[-3:] for line in shown.splitlines() if line.startswith("the ")}
    for label, group in [("the ten the course added", ~spoke), ("the six the articles spoke to", spoke)]:
        expected, same, whole = (float(x) for x in rows[label])
        assert same == round(outcome[group & asked].mean(), 2), (label, same)
        assert whole == round(outcome[group].mean(), 2), (label, whole)
    assert (round(outcome[~spoke & asked].mean(), 2), round(outcome[spoke & asked].mean(), 2)) == (0.67, 0.4)
    assert "same questions" in shown and "whole group" in shown and "resolved yes" in table.source
    exercise = next(_text(c) for c in cells if c.source.startswith("### Exercise 8.4"))
    assert "on the same questions" in exercise


def test_only_a_personal_cell_reads_an_exercise_answer_after_the_exercise():
    """Item 2: the readings table read `articles_brier` after 8.3 (authoring rule: a cell after an
    exercise must not use its answer variable). Only a personal cell (its output hidden on the site)
    may pass the answer to the helper, as `yours=`, to mark the reading it scored."""
    from summit_course import load, score_readings
    from summit_course.names import read_names
    from summit_course.publish.site.notebooks import answer_names

    for stem in ("07", "08"):
        cells = _cells(stem)
        answers = answer_names(cells)
        for cell in cells:
            if cell.cell_type != "code" or "BEGIN SOLUTION" in cell.source or re.search(r"\bcheck\(", cell.source):
                continue
            personal = "personal" in cell.metadata.get("tags", [])
            source = re.sub(r"\byours=\w+", "", cell.source) if personal else cell.source
            assert not read_names(source) & answers, (stem, cell.id, read_names(source) & answers)
    assert "your_8_3" not in score_readings(load("forecasts"), yours=...).columns


def test_the_shells_question_resolves_on_a_report_that_names_rounds():
    """Item 3: the question asks about artillery ammunition but resolved on the White House's
    containers of 'military equipment and munitions', which names no artillery; South Korea's
    defence ministry spoke of 'hundreds of thousands' of rounds on 16 October 2023."""
    from summit_course import load

    shells = load("forecasts").set_index("forecast_id").loc["fc_shells_reported_2023"]
    assert shells["resolution"] == "yes" and str(shells["resolved_on"])[:10] == "2023-10-16"
    assert "rounds" in shells["evidence"] and "hundreds of thousands" in shells["evidence"]
    source = load("sources").set_index("source_id").loc[shells["source_id"]]
    assert str(source["date"])[:10] == "2023-10-16"
    estimate = load("estimates").set_index("source_id").loc[shells["source_id"]]
    assert estimate["series"] == "artillery_rounds" and estimate["unit"] == "rounds"
