"""Issue #24's follow-ups (round 7, s9): each types the beginner's input into a real IPython shell."""

from __future__ import annotations

import dataclasses

import pytest

from summit_course import load
from tests.student.test_messages import checked, kernel, note  # noqa: F401  (the fixture and the readers)

NK = "import pandas as pd\naims = load('aims')\nnk = aims.query(\"party == 'North Korea'\")\n" \
     "ct = pd.crosstab(nk['kind'], nk['breaches_un_sanctions'])\n"


@pytest.mark.parametrize("answer", ["ct.sum(axis=1)", "nk.groupby('kind', observed=True).size()"])
def test_one_column_where_a_table_is_wanted_says_so_in_words(kernel, answer):
    out = checked(kernel, f"{NK}kind_by_sanctions = {answer}", 'check("3.2", kind_by_sanctions)')
    assert "Unexpected columns: value" not in out, out
    assert "one column (a Series)" in out and "a column for each value" in out, out


def test_a_dict_where_a_series_is_wanted_says_wrap_it(kernel):
    out = checked(kernel, "flips_by_weight = {'w_value': 1, 'w_cost': 2, 'w_sanctions': 0}",
                  'check("6.6", flips_by_weight)')
    assert "pd.Series({" in out and "wrap" in out.lower(), out


def test_the_lessons_own_mistake_comes_before_the_empty_filter_note():
    from summit_course import checks, keys
    from summit_course.registry import get
    exercise = get("5.3")
    empty = keys.canonical(exercise.kind, set(), exercise.spec)
    said = "You found no year: a year with no row is still a year the table says something about."
    foreseen = [[keys.mistake_digest(exercise.id, empty), said]]
    fake = dataclasses.replace(exercise, spec={**exercise.spec, "mistakes": foreseen})
    out = repr(checks.check_exercise(fake, set()))
    assert said in out and "matched nothing" not in out, out


SEVEN_ONE = 'claims["topic"].isin(["munitions", "missiles"]) & claims["date"] > "2023-09-19"'


@pytest.mark.parametrize("sign", ["&", "|"])
def test_an_unbracketed_isin_and_comparison_gets_a_suggestion_that_runs(kernel, capsys, sign):
    line = note(kernel, f"trade = claims[{SEVEN_ONE.replace('&', sign)}]", capsys)
    assert "brackets" in line, line
    suggested = line.split("of its own: ")[1]
    assert suggested.startswith("(claims") and f") {sign} (" in suggested, suggested
    assert kernel.run_cell(f"fixed = claims[{suggested}]").success
    assert len(kernel.user_ns["fixed"]) > 0


def test_a_course_column_a_cell_dropped_says_load_the_table_again(kernel, capsys):
    assert kernel.run_cell('claims = claims.drop(columns=["evidence_kind"])').success
    line = note(kernel, 'claims.groupby("evidence_kind", observed=False).size()', capsys)
    assert "claims = load(\"claims\")" in line and "removed" in line, line
    line = note(kernel, 'claims["evidence_kind"]', capsys)
    assert "claims = load(\"claims\")" in line, line


def test_a_misspelt_column_is_still_a_misspelt_column(kernel, capsys):
    line = note(kernel, 'claims["evidence_kin"]', capsys)
    assert "Did you mean 'evidence_kind'" in line and "load(" not in line, line


SEVEN_ONE_FIXED = 'claims[claims["topic"].isin(["munitions", "missiles", "troops"]) & (claims["date"] > "2023-09-19")]'


def test_observed_true_with_rows_too_few_says_what_observed_does(kernel):
    out = checked(kernel, f'trade_claims_per_kind = {SEVEN_ONE_FIXED}.groupby("evidence_kind", observed=True).size()',
                  'check("7.1", trade_claims_per_kind)')
    assert "too few" in out and "observed=True drops" in out and "observed=False keeps them with 0" in out, out


def test_rows_too_many_are_said_in_words(kernel):
    out = checked(kernel, NK + "kind_by_sanctions = nk.groupby(['kind', 'breaches_un_sanctions'], observed=False)"
                  ".size().unstack()", 'check("3.2", kind_by_sanctions)')
    rows = len(kernel.user_ns["kind_by_sanctions"])
    assert f"{rows} rows where 8 were expected" in out and "expected 8, got" not in out, out


def test_the_tracker_reads_a_cells_names_with_the_one_function():
    """cells.py once had its own copy of names.read_names (_loaded_names): one reader, so both say the same."""
    from summit_course import cells, names
    assert cells.read_names is names.read_names and not hasattr(cells, "_loaded_names")


def test_a_table_whose_index_column_is_a_plain_column_is_told_to_make_it_the_index(kernel, capsys):
    """3.2 answered with ``kind`` as a column (after reset_index) got "Unexpected columns: index"."""
    typed = ("aims = load('aims')\nct = pd.crosstab(aims['kind'], aims['breaches_un_sanctions'])"
             "[['yes', 'unclear', 'no']].reset_index()")
    out = checked(kernel, "import pandas as pd\n" + typed, 'check("3.2", ct)')
    assert "Unexpected columns" not in out and ".set_index('kind')" in out, out
