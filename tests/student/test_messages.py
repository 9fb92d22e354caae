"""Every message a beginner met in issue #24 leads to the fix.

Each test types what the student typed, into a real IPython shell with the course's
registry and tables, and reads the Note under the traceback or the check's feedback.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from summit_course import cells, journal, load, quiz

SETUP = "from summit_course import load, check, hint, quiz\nclaims = load('claims')\nunsc = load('unsc_actions')\n" \
        "estimates = load('estimates')"


@pytest.fixture
def kernel(monkeypatch):
    """A shell with the tracker on, the lesson's setup run, and no journal written."""
    monkeypatch.setenv(journal.ENV_VAR, journal.OFF)
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    cells.install(ip)
    assert ip.run_cell(SETUP).success
    yield ip
    cells.uninstall()
    InteractiveShell.clear_instance()


def note(ip, source, capsys) -> str:
    """The Note line printed under the cell's traceback ('' when there is none)."""
    capsys.readouterr()
    ip.run_cell(source)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Note: ")]
    return lines[-1] if lines else ""


def checked(ip, answer_cell, check_cell) -> str:
    assert ip.run_cell(answer_cell).success, answer_cell
    return repr(ip.run_cell(check_cell).result)


def test_a_table_where_one_column_is_wanted_says_which_column(kernel):
    typed = "people = load('people')\nhost_portfolios = people.groupby('portfolio', observed=True).count()"
    out = checked(kernel, typed, 'check("2.1", host_portfolios)')
    assert "Could not read" not in out
    column = out.split("take the one column you need with ['")[1].split("']")[0]
    assert "a table with" in out and "one column (a Series)" in out and column in load("people").columns


def test_a_list_compared_with_double_equals_suggests_isin(kernel, capsys):
    line = note(kernel, 'claims[claims["topic"] == ["munitions", "satellites"]]', capsys)
    assert line == ("Note: `==` compares each row with one value, not with a list. To keep the rows whose value "
                    "is any of several, use .isin: claims['topic'].isin(['munitions', 'satellites'])")


def test_a_letter_without_quotes_is_a_choice_to_quote(kernel, capsys):
    line = note(kernel, "panel_veto_choice = B", capsys)
    assert line.startswith("Note: A choice is text: put the letter in quotes, `panel_veto_choice = 'B'`")
    assert "earlier cell" not in line


def test_a_word_without_quotes_is_a_text_to_quote(kernel, capsys):
    assert note(kernel, "topic = munitions", capsys).startswith(
        "Note: If munitions is a word or a value from the table, put it in quotes: 'munitions'.")


def test_a_sentence_without_quotes_gets_the_quotes_it_needs(kernel, capsys):
    line = note(kernel, "why = Russia vetoed the renewal because the Panel reported on its arms deals", capsys)
    assert line == ('Note: A text needs quotes around it: why = """Russia vetoed the renewal because the Panel '
                    'reported on its arms deals""" (three quotes on each side).')


def test_a_fourth_quote_is_named_as_one_too_many(kernel, capsys):
    line = note(kernel, 'why = """Russia vetoed the renewal.""""', capsys)
    assert "One quote too many" in line and "Remove the extra one" in line
    assert "use three quotes" not in line
    line = note(kernel, 'why = """Russia vetoed\nthe renewal.""""', capsys)
    assert "One quote too many" in line


def test_a_filter_that_matched_nothing_names_the_misspelt_value(kernel):
    out = checked(kernel, 'intel_floor_claims = len(claims[claims["evidence_kind"] == "intelligence assesment"])',
                  'check("7.3", intel_floor_claims)')
    assert "'intelligence assesment' is not a value in any of the course's tables" in out
    assert "did you mean 'intelligence_assessment'?" in out


def test_a_filter_in_an_earlier_cell_is_followed(kernel):
    kernel.run_cell('floor = claims[claims["evidence_kind"] == "Intelligence_assessment"]')
    out = checked(kernel, "intel_floor_claims = len(floor)", 'check("7.3", intel_floor_claims)')
    assert "'Intelligence_assessment'" in out and "did you mean 'intelligence_assessment'?" in out


def test_an_empty_filter_on_a_value_that_exists_asks_about_the_column(kernel):
    out = checked(kernel, 'intel_floor_claims = len(claims[claims["topic"] == "intelligence_assessment"])',
                  'check("7.3", intel_floor_claims)')
    assert "does 'intelligence_assessment' match a value in the column?" in out


def test_a_series_with_the_wrong_index_says_so(kernel):
    out = checked(kernel, 'russia_votes = unsc["russia_vote"]', 'check("5.2", russia_votes)')
    assert "The index should hold the action_id of each row, but this Series has rows numbered 0, 1, 2" in out
    assert "the value is not" not in out


def test_a_whole_table_where_a_count_is_wanted_suggests_counting_rows(kernel):
    out = checked(kernel, 'intel_floor_claims = claims[claims["evidence_kind"] == "intelligence_assessment"]',
                  'check("7.3", intel_floor_claims)')
    assert "a count is one number: len(table) counts a table's rows" in out and ".mean()" not in out


def test_nan_from_an_empty_selection_is_explained(kernel):
    out = checked(kernel, 'container_ratio = estimates[estimates["series"] == "containerz"]["value_low"].mean()',
                  'check("7.6", container_ratio)')
    assert "it is NaN (not a number)" in out


def test_a_name_the_setup_cell_does_not_import(kernel, capsys):
    line = note(kernel, "progress()", capsys)
    assert line == ("Note: This lesson's setup cell does not import `progress`: run `from summit_course import "
                    "progress` in a cell, then run this cell again.")
    assert "earlier cell" not in line
    line = note(kernel, "pd.Series([1])", capsys)
    assert "`pd` is not imported in this notebook yet: run `import pandas as pd`" in line


def test_before_the_setup_cell_names_come_from_it(capsys):
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    cells.install(ip)
    try:
        assert note(ip, "progress()", capsys).startswith("Note: `progress` comes from the setup cell at the top")
        assert note(ip, "pd.Series([1])", capsys).startswith("Note: `pd` comes from the setup cell at the top")
    finally:
        cells.uninstall()
        InteractiveShell.clear_instance()


def test_a_quiz_points_at_its_own_hint_button(kernel):
    widget = quiz("5.6")
    widget.choice.value = "A"
    text = repr(widget.show_feedback())
    assert "Stuck? Press **Show a hint**" in text and "hint(" not in text


def test_a_matching_with_wrong_pairs_says_how_many(kernel):
    from summit_course import check, registry

    exercise = registry.get("7.2")
    pairs = len(exercise.spec["left"])
    levels = exercise.spec["right"]
    answer = {left: levels[0] for left in exercise.spec["left"]}  # everything "official record"
    out = repr(check("7.2", answer))
    assert f"of {pairs} pairs are not right yet." in out
    wrong = int(out.split(f" of {pairs} pairs")[0].split()[-1])
    assert 1 <= wrong < pairs, "one pair is an official record, so not all are wrong"


def test_a_date_that_matched_no_row_is_not_called_a_missing_text(kernel):
    out = checked(kernel, "events = load('events')\nn_events = len(events[events['date'] == '2023-09-14'])",
                  'check("0.1", n_events)')
    assert "not a value in any of the course's tables" not in out


def test_a_matching_typed_by_hand_in_the_lessons_short_words_is_read(kernel):
    """3.1 says choose **yes**, **unclear** or **no**: a dict of those words is read as the
    partners they name, so its feedback counts pairs like the quiz's full texts."""
    from summit_course import registry

    left = registry.get("3.1").spec["left"]
    typed = "my_sanctions_codes = {" + ", ".join(f"{k!r}: 'yes'" for k in left) + "}"
    short = checked(kernel, typed, 'check("3.1", my_sanctions_codes)')
    full = checked(kernel, typed.replace("'yes'", "'yes: a ban covers it'"), 'check("3.1", my_sanctions_codes)')
    assert short == full and f"5 of {len(left)} pairs" not in short


def test_a_matching_with_a_word_that_is_no_partner_lists_the_partners(kernel):
    from summit_course import registry

    left = registry.get("3.1").spec["left"]
    typed = "my_sanctions_codes = {" + ", ".join(f"{k!r}: 'maybe'" for k in left) + "}"
    out = checked(kernel, typed, 'check("3.1", my_sanctions_codes)')
    assert "'maybe' is not one of the answers to choose from: 'yes: a ban covers it'" in out
    assert "the words before the colon are enough" in out and "pairs are not right" not in out


@pytest.mark.parametrize("exercise_id, word", [("5.1", "agreed"), ("3.1", "legal"), ("3.1", "ban"), ("3.1", "B")])
def test_a_word_that_names_no_partner_alone_is_not_read_as_one(exercise_id, word):
    from summit_course import registry
    from summit_course.options import partner_index

    assert partner_index(word, registry.get(exercise_id).spec["right"]) is None


def test_a_date_as_numpy_datetime64_is_a_date(kernel):
    """``events['date'].values[0]`` is a numpy datetime64: check() reads it as the grader does."""
    kernel.run_cell("import numpy as np")
    out = checked(kernel, "summit_date = np.datetime64('2023-09-13')", 'check("0.2", summit_date)')
    assert "Expected a date" not in out and "✅" in out
    out = checked(kernel, "summit_date = np.datetime64('NaT')", 'check("0.2", summit_date)')
    assert "The date is missing (NaT)" in out
