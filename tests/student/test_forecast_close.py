"""Lesson 01's forecasts close at a recorded act: the first check or hint of lesson 04 or later.

Round 6's reviewer: "the forecast cut-off is only a convention". It is now a journal entry of
its own, with its time, written before the check that closes the forecasts; lesson 08's
``my_forecasts(before_lesson="04")`` scores what was set before it.
"""

from __future__ import annotations

import json

from summit_course import check, explore, hint, journal, my_forecasts
from summit_course.forecast_close import KIND, NOTICE


def _kinds(path) -> list[str]:
    return [json.loads(line)["kind"] for line in path.read_text().splitlines()]


def test_the_first_check_of_lesson_04_records_the_close_with_its_time_before_itself(here, capsys):
    journal.record("forecast", forecast="fc_troops_deployed_2024", p=0.2)
    check("3.1", 3)  # lesson 03 closes nothing
    assert KIND not in _kinds(here)
    check("4.1", {"ru_ammunition"})
    assert capsys.readouterr().out.count(NOTICE) == 1
    lines = [json.loads(line) for line in here.read_text().splitlines()]
    closing = [e for e in lines if e["kind"] == KIND]
    assert len(closing) == 1 and closing[0]["exercise"] == "4.1" and closing[0]["t"]
    assert _kinds(here)[-2:] == [KIND, "check"]
    check("4.2", ["A"])
    hint("4.3")
    assert _kinds(here).count(KIND) == 1  # written once
    assert NOTICE not in capsys.readouterr().out


def test_a_slider_moved_after_the_close_is_not_scored(here, capsys):
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.3)
    hint("4.1")  # a hint closes them too: lesson 04 has begun
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.95)
    mine = my_forecasts(before_lesson="04")
    assert list(mine["probability"]) == [0.3] and mine.attrs["left_out"] == 1
    closed_at = next(json.loads(line)["t"] for line in here.read_text().splitlines() if KIND in line)
    assert f"({closed_at})" in capsys.readouterr().out


def test_without_forecasts_there_is_nothing_to_close(here, capsys):
    check("4.1", set())
    assert _kinds(here) == ["check"] and NOTICE not in capsys.readouterr().out


def test_a_journal_switched_off_records_no_close_and_the_check_still_works(monkeypatch, capsys):
    monkeypatch.setenv(journal.ENV_VAR, "off")
    assert check("4.1", {"ru_ammunition"}).exercise_id == "4.1"
    assert NOTICE not in capsys.readouterr().out


def _texts(widget) -> str:
    found = [getattr(widget, "value", "")] if isinstance(getattr(widget, "value", None), str) else []
    return " ".join(found + [_texts(child) for child in getattr(widget, "children", ())])


def test_the_sliders_say_when_the_forecasts_closed_and_nothing_before(here, capsys):
    journal.record("forecast", forecast="fc_troops_deployed_2024", p=0.2)
    assert "forecasts closed" not in _texts(explore.forecast_sliders(ids=["fc_troops_deployed_2024"]))
    check("4.1", set())
    closed = next(json.loads(line)["t"] for line in here.read_text().splitlines() if KIND in line)
    text = _texts(explore.forecast_sliders(ids=["fc_troops_deployed_2024"]))
    assert f"Your forecasts closed at {closed} (UTC)" in text and "lesson 04" in text


def test_lesson_04s_setup_cell_closes_the_forecasts_and_later_sliders_are_not_scored(here, capsys):
    """Round 8: just running lesson 04's cells shows outcomes, so its setup cell closes the forecasts."""
    from summit_course import close_forecasts
    from summit_course.forecast_close import SETUP_NOTICE

    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.3)
    close_forecasts()
    assert capsys.readouterr().out.strip() == SETUP_NOTICE
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.95)  # moved after seeing 4.5
    close_forecasts()  # a re-run writes nothing new
    check("4.1", {"ru_ammunition"})
    assert _kinds(here).count(KIND) == 1 and _kinds(here).index(KIND) == 1
    mine = my_forecasts(before_lesson="04")
    assert list(mine["probability"]) == [0.3] and mine.attrs["left_out"] == 1


def test_the_setup_cell_closes_even_before_any_forecast_and_prints_the_same_line_journal_off(here, monkeypatch,
                                                                                               capsys):
    from summit_course import close_forecasts
    from summit_course.forecast_close import SETUP_NOTICE

    close_forecasts()
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.9)  # made after lesson 04 began: late
    assert my_forecasts(before_lesson="04").empty
    monkeypatch.setenv(journal.ENV_VAR, "off")
    close_forecasts()
    assert capsys.readouterr().out.splitlines()[-1] == SETUP_NOTICE
