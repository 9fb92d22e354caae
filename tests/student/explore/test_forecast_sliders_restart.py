"""After Restart & Run All, lesson 01's sliders show what the student set (issue #24, round 7 item 4)."""

from __future__ import annotations

import pytest

from summit_course import explore, journal, my_forecasts
from summit_course.explore.forecast_sliders import LESSON_01


def test_sliders_built_again_start_from_the_journals_latest_values():
    first = explore.forecast_sliders(ids=LESSON_01)
    moved, other = LESSON_01[0], LESSON_01[1]
    first.controls[moved].value = 0.3
    first.controls[moved].value = 0.85  # the latest value is the one that counts
    first.controls[other].value = 0.1
    again = explore.forecast_sliders(ids=LESSON_01)  # the cell run again, as after a restart
    assert again.controls[moved].value == pytest.approx(0.85)
    assert again.controls[other].value == pytest.approx(0.1)
    assert all(again.controls[fid].value == 0.5 for fid in LESSON_01[2:])
    assert "You moved 2 of" in again.status.value
    assert dict(zip(my_forecasts()["forecast_id"], my_forecasts()["probability"])) == {moved: 0.85, other: 0.1}


def test_a_pasted_backup_wins_over_the_journal_and_other_questions_stay_out():
    journal.record("forecast", forecast=LESSON_01[0], p=0.2)
    outside = next(fid for fid in explore.forecast_sliders().controls if fid not in LESSON_01)
    journal.record("forecast", forecast=outside, p=0.9)
    widget = explore.forecast_sliders({LESSON_01[0]: 0.65}, ids=LESSON_01)
    assert widget.controls[LESSON_01[0]].value == pytest.approx(0.65)
    assert outside not in widget.controls
