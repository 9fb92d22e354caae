"""Round 7's beginner messages (issue #24, walkthrough of lessons 00-07): each types what the student typed."""

from __future__ import annotations

import pytest

from summit_course import journal
from tests.student.shells import tracked_shell
from tests.student.test_messages import checked, kernel, note  # noqa: F401  (the fixture and the readers)

ONE_ROW_DATES = ("events = load('events')\n"
                 "later = events[events['event_id'] == 'trip_summit_vostochny']['date']\n"
                 "earlier = events[events['event_id'] == 'summit_2019_vladivostok']['date']")


def test_dates_of_two_one_row_selections_subtracted_say_take_the_single_value(kernel):
    assert kernel.run_cell(ONE_ROW_DATES).success
    out = checked(kernel, "days_between_summits = later - earlier", 'check("1.2", days_between_summits)')
    assert "NaT" in out and ".iloc[0]" in out and "index label" in out
    assert "len(" not in out and ".sum()" not in out


def test_days_of_a_column_says_dt_days_or_the_single_value(kernel, capsys):
    assert kernel.run_cell(ONE_ROW_DATES).success
    line = note(kernel, "days_between_summits = (later - earlier).days", capsys)
    assert ".dt.days" in line and ".iloc[0]" in line, line


def test_a_table_where_a_date_is_wanted_is_called_a_table_and_no_function_is_guessed(kernel):
    typed = "events = load('events')\nsecond_failure_date = events[events['category'] == events['category'].iloc[0]]"
    out = checked(kernel, typed, 'check("0.2", second_failure_date)')
    rows, columns = kernel.user_ns["second_failure_date"].shape
    assert f"a table of {rows} rows and {columns} columns" in out, out
    assert "whole column" not in out
    assert ".min()" not in out or ".max()" in out  # never one of the two alone


def test_a_column_where_a_date_is_wanted_offers_both_the_earliest_and_the_latest(kernel):
    typed = "events = load('events')\nsecond_failure_date = events['date'].head(3)"
    out = checked(kernel, typed, 'check("0.2", second_failure_date)')
    assert "a column of 3 values" in out and ".max()" in out and ".min()" in out, out


def test_an_unquoted_text_inside_a_query_says_quotes_go_inside_the_query(kernel, capsys):
    assert kernel.run_cell("people = load('people')").success
    line = note(kernel, 'people.query("country == Russia")', capsys)
    assert "earlier cell" not in line
    assert """"country == 'Russia'\"""" in line, line


@pytest.fixture
def restarted(monkeypatch):
    """A kernel just restarted: the course extension loaded, no cell run yet (the setup cell neither)."""
    monkeypatch.setenv(journal.ENV_VAR, journal.OFF)
    with tracked_shell() as ip:
        yield ip


@pytest.mark.parametrize("cell", ["claims.head()", "len(unsc)"])
def test_a_missing_table_after_a_restart_says_to_run_the_setup_cell_first(restarted, capsys, cell):
    line = note(restarted, cell, capsys)
    assert "setup cell" in line and "# Run this cell first" in line, line
    assert line.index("setup cell") < line.index("load(") if "load(" in line else True


def test_a_misspelled_column_inside_a_query_is_not_called_a_text_to_quote(kernel, capsys):
    assert kernel.run_cell("people = load('people')").success
    line = note(kernel, """people.query("countri == 'Russia'")""", capsys)
    assert "needs quotes" not in line, line
    line = note(kernel, 'people.query("country in [Russia, Belarus]")', capsys)
    assert """"country in ['Russia', 'Belarus']\"""" in line, line
