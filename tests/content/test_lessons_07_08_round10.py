"""Round 8's blind review of lessons 07 and 08 (content round 10): each finding a test can catch,
checked on the shipped notebooks, the exercise keys and the data."""

from __future__ import annotations

import re


import nbformat

from tests.content.test_lessons_07_08_round9 import ROOT, _cells, _text  # one reader of the lessons


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


def _exercise(stem: str, exercise_id: str) -> dict:
    from summit_course.authoring.exercises import instructor_exercises

    return next(e for e in instructor_exercises(ROOT / "solutions" / "exercises") if e["id"] == exercise_id)


def test_8_2_needs_a_judgement_not_a_date_read_off_the_table():
    """Item 4: every 8.2 option was settled by reading a date off the table printed just before it.
    Now no option states a bare step date: each asks what the record lets one say (a reason, a whole
    process, a clash of dates, what the treaty could do)."""
    entry = _exercise("08", "8.2")
    for option in entry["options"]:
        assert not re.fullmatch(r"The [\w ]+ (voted|signed|ratified|approved)[\w ]* on \d+ \w+ 2024\.", option), option
    assert sum(bool(re.search(r"\bso\b|\bwhy\b|cannot both|could not", o)) for o in entry["options"]) >= 4
    assert "does not give reasons" in _text(next(c for c in _cells("08") if c.source.startswith("### Exercise 8.2")))


def test_7_4_is_not_rewriting_the_paragraph_above_it():
    """Item 4: the paragraph above 7.4 gave what each figure counts, that all three rows come from
    TASS and the bounds; it is a pointer now, and the student finds them in the table."""
    cells = _cells("07")
    at = next(i for i, c in enumerate(cells) if c.source.startswith("### Exercise 7.4"))
    section = " ".join(_text(c) for c in cells[:at] if c.cell_type == "markdown")
    section = section[section.index("## 7.4"):]
    assert "go back to TASS" not in section and "all three rows" not in section
    assert "covers only the formal talks" not in section and "cover only the formal talks" not in section


def test_8_7_rubric_lists_state_media_after_a_comma():
    """Item 5: '... air-defence help) state media' lacked its comma."""
    rubric = " ".join(_exercise("08", "8.7")["rubric"])
    assert "help) state media" not in rubric and "help), state media" in rubric


def test_7_rounds_chart_ends_with_the_data():
    """Item 5: the date axis ran to 2025-10, past the course's knowledge date (29 May 2025)."""
    from summit_course.knowledge import OUTCOMES_AS_OF

    chart = next(c for c in _cells("07") if c.cell_type == "code" and "Date the figure was published" in c.source)
    end = re.search(r'xlim=\(pd\.Timestamp\("[\d-]+"\), pd\.Timestamp\("([\d-]+)"\)\)', chart.source)
    assert end and end.group(1)[:7] == OUTCOMES_AS_OF[:7] and "xmargin" not in chart.source


def test_8_teaching_time_allows_for_its_reading():
    """Item 5: '15 min teaching' for about 3,400 words before the homework: at most 150 words a minute."""
    cells = _cells("08")
    cut = next(i for i, c in enumerate(cells) if c.source.startswith("## 8.7"))
    words = sum(len(c.source.split()) for c in cells[:cut]
                if c.cell_type == "markdown" and "instructor" not in c.metadata.get("tags", []))
    teaching = int(re.search(r"\*\*Time:\*\* (\d+) min teaching", next(c.source for c in cells if c.source.startswith("**Time:**"))).group(1))
    assert teaching * 150 >= words, (teaching, words)
