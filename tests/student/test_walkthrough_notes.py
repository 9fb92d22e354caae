"""Notes and check messages for the slips a blind student walkthrough met (a real IPython shell)."""

from __future__ import annotations

import pandas as pd

from tests.student.test_messages import kernel, note  # noqa: F401  (the fixture and the Note reader)

PEOPLE = "delegation = load('people')\n"


def test_or_with_a_bare_value_suggests_code_that_runs(kernel, capsys):
    line = note(kernel, PEOPLE + 'industry_share = delegation["portfolio"] == "defence_industry" or "munitions"',
                capsys)
    assert "| ('munitions')" not in line
    suggested = line.rsplit(": ", 1)[-1].split(", or ")
    assert suggested[0] == ("(delegation['portfolio'] == 'defence_industry') | "
                            "(delegation['portfolio'] == 'munitions')")
    assert suggested[1] == "delegation['portfolio'].isin(['defence_industry', 'munitions'])"
    for code in suggested:  # the Note's code runs, and both give the same rows
        assert isinstance(kernel.ev(code), pd.Series)
    assert kernel.ev(suggested[0]).equals(kernel.ev(suggested[1]))


def test_two_values_of_one_column_joined_by_and_say_one_row_cannot_hold_both(kernel, capsys):
    typed = ("russia = load('aims').query(\"party == 'Russia'\")\n"
             'both = russia["source_id"] == "article1" & russia["source_id"] == "article2"')
    line = note(kernel, typed, capsys)
    assert line.startswith("Note: One row cannot hold both 'article1' and 'article2' in russia['source_id']")
    assert "russia['source_id'].isin(['article1', 'article2'])" in line


def test_a_check_of_an_empty_result_from_both_values_says_why(kernel):
    answer = ("russia = load('aims').query(\"party == 'Russia'\")\n"
              "wants_both_articles = set(russia.loc[(russia['source_id'] == 'article1') & "
              "(russia['source_id'] == 'article2'), 'aim_id'])")
    assert kernel.run_cell(answer).success
    out = repr(kernel.run_cell('check("4.1", wants_both_articles)').result)
    assert "One row cannot hold both 'article1' and 'article2'" in out
    assert "spelled exactly" not in out and "spelling" not in out


def test_an_unclosed_triple_quoted_text_gets_a_note(kernel, capsys):
    line = note(kernel, 'x = """North Korea could sell shells\nand Russia could pay', capsys)
    assert line == 'Note: A text that starts with """ must end with """ too.'


def test_an_unclosed_bracket_is_not_called_an_unclosed_text(kernel, capsys):
    assert "three quotes" not in note(kernel, "x = (1, 2", capsys)


def test_a_misspelled_keyword_names_the_close_one_and_all(kernel, capsys):
    kernel.run_cell("from summit_course import explore\nmodel = explore.transfer_model()")
    line = note(kernel, "model.compute(w_sanction=2)", capsys)
    assert line.startswith("Note: `score_transfers` has no keyword `w_sanction`. Did you mean `w_sanctions`?")
    for name in ("w_value", "w_cost", "w_sanctions", "threshold"):
        assert f"`{name}`" in line


def test_a_failed_cell_without_a_note_is_not_said_to_have_one(kernel, capsys):
    assert note(kernel, "n_items = 1 / 0", capsys) == ""
    line = note(kernel, 'check("0.2", n_items)', capsys)
    assert "fix that cell first" in line and "the Note under its error" not in line


def test_a_failed_cell_with_a_note_is_said_to_have_one(kernel, capsys):
    assert note(kernel, "summit_date = 2023-09-13", capsys)
    assert "the Note under its error says how" in note(kernel, 'check("0.2", summit_date)', capsys)


def test_an_apostrophe_inside_single_quotes_is_named(kernel, capsys):
    line = note(kernel, "why = 'The list of Kim's people was long'", capsys)
    assert line.startswith('Note: The apostrophe in "Kim\'s" ends the text early')
    assert "end with the quote it starts with" not in line
    fixed = line.split("double quotes, ")[1].split(", or")[0]
    assert fixed == '"…Kim\'s…"'
