"""Under a knowledge date, ``forecasts`` shows only the questions lesson 01 asks.

The questions lesson 01 leaves out were chosen with hindsight (air defence for Pyongyang, the
Tumen road bridge, ratifying the treaty, Putin in Pyongyang by 2024): listing them in lessons
00-03 would tell a student what turned out worth asking. The list lives in one place,
:data:`summit_course.knowledge.LESSON_01_FORECASTS`, which the sliders also read.
"""

from __future__ import annotations

import pandas as pd
import pytest

from summit_course import as_of, load
from summit_course.explore.browse import browse
from summit_course.explore.forecast_sliders import LESSON_01

from .test_reachable_tables import DAYS

LEFT_OUT = {"fc_air_defence_mid_2025", "fc_tumen_bridge_mid_2025", "fc_treaty_ratified_2024",
            "fc_putin_pyongyang_2024", "fc_written_agreement_trip"}


@pytest.mark.parametrize("day", DAYS, ids=lambda d: f"{d:%Y-%m-%d}")
def test_load_under_a_lessons_date_lists_only_lesson_01s_questions(day):
    as_of(day)
    assert set(load("forecasts")["forecast_id"]) == set(LESSON_01)


def test_the_browser_under_the_date_lists_only_lesson_01s_questions():
    as_of("2023-09-20")
    explorer = browse("forecasts")
    for word in ("", "air defence", "bridge", "ratif", "2024"):
        explorer.controls["text"].value = word
        assert isinstance(explorer.result, pd.DataFrame)
        assert set(explorer.result["forecast_id"]) <= set(LESSON_01), word
        assert not set(explorer.result["forecast_id"]) & LEFT_OUT, word


def test_without_a_date_every_question_is_there():
    assert LEFT_OUT <= set(load("forecasts")["forecast_id"])
    assert set(LESSON_01) < set(load("forecasts")["forecast_id"])
