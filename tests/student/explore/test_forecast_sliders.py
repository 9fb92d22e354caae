"""The forecast sliders of lesson 01 (scored in lesson 08), on the real ``forecasts`` table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from summit_course import explore, load
from summit_course.explore.forecast_sliders import (
    CLOSING_LESSON, COLUMNS, LABELS, LESSON_01, VARIABLE, describe, forecast_table, paste_line, read_line,
)

FORECASTS = load("forecasts")
IDS = list(FORECASTS["forecast_id"])


def test_one_row_per_question_in_table_order_starting_at_a_coin_toss():
    table = forecast_table()
    assert list(table.columns) == COLUMNS
    assert list(table["forecast_id"]) == IDS
    assert list(table["question"]) == list(FORECASTS["question"])
    assert (table["probability"] == 0.5).all()


def test_given_probabilities_are_kept_and_the_rest_are_a_half():
    table = forecast_table(fc_defence_treaty_2024=0.85, fc_naval_propulsion_2025=0.1500000001)
    by_id = table.set_index("forecast_id")["probability"]
    assert by_id["fc_defence_treaty_2024"] == 0.85
    assert by_id["fc_naval_propulsion_2025"] == 0.15
    assert (by_id.drop(["fc_defence_treaty_2024", "fc_naval_propulsion_2025"]) == 0.5).all()


def test_the_table_never_shows_how_a_question_resolved():
    table = forecast_table()
    assert not {"resolution", "resolved_on", "evidence", "sources_probability"} & set(table.columns)
    widget = explore.forecast_sliders()
    shown = widget.view.value + widget.status.value
    assert not any(text in shown for text in FORECASTS["evidence"])
    html_text = "".join(row.children[1].value for row in widget.children[1].children)
    assert not any(text in html_text for text in FORECASTS["evidence"])
    assert "resolved" not in html_text.lower() and "brier" not in html_text.lower()


@pytest.mark.parametrize("bad", [{"fc_no_such_question": 0.5}, {"fc_troops_deployed_2024": 1.5},
                                 {"fc_troops_deployed_2024": -0.1}])
def test_unknown_ids_and_impossible_probabilities_are_refused(bad):
    with pytest.raises(ValueError):
        forecast_table(**bad)


def test_the_paste_line_is_a_one_line_dict_literal_that_round_trips():
    table = forecast_table(fc_troops_deployed_2024=0.05, fc_tumen_bridge_mid_2025=1.0)
    line = paste_line(table)
    assert "\n" not in line and line.startswith(f"{VARIABLE} = {{")
    tree = ast.parse(line)
    assert isinstance(tree.body[0], ast.Assign)
    pasted = read_line(line)
    assert read_line(line.replace(VARIABLE, "my_forecasts", 1)) == pasted  # a line pasted before the rename
    assert list(pasted) == IDS
    assert pasted == dict(zip(table["forecast_id"], table["probability"]))
    assert forecast_table(**pasted).equals(table)


def test_status_line_counts_moved_sliders():
    assert describe(forecast_table()).startswith(f"You moved 0 of {len(IDS)} sliders from 0.5. Copy this")
    line = describe(forecast_table(fc_written_agreement_trip=0.2, fc_putin_pyongyang_2024=0.5))
    assert line.startswith(f"You moved 1 of {len(IDS)} sliders")


def test_every_question_has_a_short_label():
    assert set(IDS) == set(LABELS)
    assert len(set(LABELS.values())) == len(LABELS)
    assert all(len(label) <= 26 for label in LABELS.values())


def test_widget_recomputes_when_a_slider_moves():
    explore.forecast_sliders()  # a second call must work too (the cell may be re-run)
    widget = explore.forecast_sliders()
    assert repr(widget) == "ForecastSliders('Your forecasts, as of 20 September 2023')"
    assert list(widget.controls) == IDS
    assert all(c.description and c.min == 0 and c.max == 1 and c.step == 0.05
               for c in widget.controls.values())
    assert f"You moved 0 of {len(IDS)}" in widget.status.value
    widget.controls["fc_defence_treaty_2024"].value = 0.85
    assert f"You moved 1 of {len(IDS)}" in widget.status.value
    assert "&quot;fc_defence_treaty_2024&quot;: 0.85" in widget.status.value
    assert widget.result.equals(forecast_table(fc_defence_treaty_2024=0.85))


def test_each_slider_sits_beside_its_full_question():
    widget = explore.forecast_sliders()
    rows = widget.children[1].children
    assert len(rows) == len(IDS)
    for row, question in zip(rows, FORECASTS["question"]):
        slider, text = row.children
        assert question.replace("'", "&#x27;") in text.value


def test_widget_can_start_from_pasted_forecasts():
    pasted = {"fc_troops_deployed_2024": 0.15, "fc_satellite_orbit_2023": 0.7}
    widget = explore.forecast_sliders(pasted)
    assert widget.controls["fc_troops_deployed_2024"].value == pytest.approx(0.15)
    assert widget.result.equals(forecast_table(**pasted))
    assert f"You moved 2 of {len(IDS)}" in widget.status.value
    assert '<pre aria-live="off"' in widget.status.value, "the sentence is announced, not the long line"
    assert 'class="summit-copy"' in widget.status.value, "a Copy button, as a quiz's (the walkthrough missed it)"


def test_lesson_01_shows_its_subset_with_what_was_known_then():
    assert set(LESSON_01) <= set(IDS) and len(LESSON_01) == len(set(LESSON_01))
    widget = explore.forecast_sliders(ids=LESSON_01)
    assert list(widget.controls) == [fid for fid in IDS if fid in LESSON_01]
    assert f"You moved 0 of {len(LESSON_01)}" in widget.status.value
    known = FORECASTS.set_index("forecast_id")["known_then"]
    for row, fid in zip(widget.children[1].children, widget.controls):
        text = row.children[1].value
        assert "Known by 20 September 2023" in text  # the day the questions are asked (asked_on)
        assert known[fid].replace("'", "&#x27;") in text
    widget.controls["fc_troops_deployed_2024"].value = 0.3
    assert read_line(widget.status.value.split("<code>")[1].split("</code>")[0]
                     .replace("&quot;", '"'))["fc_troops_deployed_2024"] == 0.3
    assert list(widget.result["forecast_id"]) == list(widget.controls)


def test_a_subset_refuses_unknown_ids_and_keeps_pasted_extras():
    with pytest.raises(ValueError):
        forecast_table(["fc_no_such_question"])
    widget = explore.forecast_sliders({"fc_tumen_bridge_mid_2025": 0.4}, ids=LESSON_01)
    assert "fc_tumen_bridge_mid_2025" in widget.controls and len(widget.controls) == len(LESSON_01) + 1


def test_saying_yes_to_every_lesson_01_question_does_not_beat_a_coin_toss():
    """Questions written with hindsight lean to yes; lesson 01's set is balanced so that
    "always yes" is no winning strategy (review of round 2, lesson 01 finding 2)."""
    asked = FORECASTS.set_index("forecast_id").loc[LESSON_01]
    outcome = (asked["resolution"] == "yes").astype(int)
    always_yes = ((1 - outcome) ** 2).mean()
    assert always_yes > 0.25 and ((0 - outcome) ** 2).mean() > 0.25  # nor "always no"
    assert set(asked["asked_on"].dt.strftime("%Y-%m-%d")) == {"2023-09-20"}


def test_every_question_says_what_was_known_then():
    assert FORECASTS["known_then"].str.len().gt(40).all()


def test_lesson_08_closes_the_forecasts_where_the_shared_constant_says_and_names_it_once():
    """The lesson that closes the forecasts is set in one place (CLOSING_LESSON): lesson 08's
    my_forecasts() cell uses it, section 8.1 names it, and no other text of lesson 08 names a
    closing lesson, so changing the constant fails here until the lesson follows."""
    root = Path(__file__).resolve().parents[3]
    cells = nbformat.read(root / "solutions" / "08-what-happened-next.ipynb", 4).cells
    calls = [c.source for c in cells if c.cell_type == "code" and "my_forecasts(" in c.source]
    assert calls and all(f'my_forecasts(before_lesson="{CLOSING_LESSON}")' in s for s in calls), calls
    prose = [c.source for c in cells if c.cell_type == "markdown"]
    section = next(s for s in prose if s.startswith("## 8.1"))
    assert f"lesson {CLOSING_LESSON}'s setup" in " ".join(section.split())  # round 8: its setup cell closes them
    named = [s for s in prose if re.search(r"(before|from) lesson \d\d|lessons? \d\d to 0[0-7]", s) and s is not section]
    assert not named, named
