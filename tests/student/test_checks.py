"""check(): verdicts, wording, and never raising."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from summit_course import check
from summit_course.checks import Feedback

RIGHT = {
    "99.1": 42,
    "99.2": 0.4545,
    "99.3": "  vostochny   COSMODROME. ",
    "99.4": dt.date(2023, 9, 13),
    "99.5": {"Shoigu", "putin"},
    "99.6": [2006, 2009, 2013],
    "99.7": "B",
    "99.8": ["C", "A"],
    "99.9": ["B", "C", "A"],
    "99.10": {"Choe Son Hui": "Foreign minister", "Shoigu": "defence minister"},
    "99.11": pd.DataFrame({"n": [1, 2, 3], "kind": ["b", "c", "a"]}),
    "99.12": pd.Series({"lead-up": 1, "trip": 3}),
}
WRONG = {
    "99.1": 41,
    "99.2": 0.47,
    "99.3": "Baikonur",
    "99.4": "2023-09-12",
    "99.5": {"Putin"},
    "99.6": [2009, 2006, 2013],
    "99.7": "A",
    "99.8": ["A"],
    "99.9": ["A", "B", "C"],
    "99.10": {"Choe Son Hui": "defence minister", "Shoigu": "foreign minister"},
    "99.11": pd.DataFrame({"n": [1, 2, 4], "kind": ["b", "c", "a"]}),
    "99.12": pd.Series({"lead-up": 2, "trip": 3}),
}


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answers_pass_public_checks_and_mention_hidden_ones(fixture_registry, exercise_id):
    result = check(exercise_id, RIGHT[exercise_id])
    assert result.correct, repr(result)
    quiz = fixture_registry[exercise_id].kind in ("choice", "choices", "order", "match")
    assert ("3 of 3 public checks pass" in repr(result)) is not quiz  # a quiz says right or not, no count
    assert "Hidden checks run when your instructor grades" in repr(result)
    assert "full marks" not in repr(result).lower()


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_wrong_answers_fail_without_revealing_direction(fixture_registry, exercise_id):
    result = check(exercise_id, WRONG[exercise_id])
    assert result.status == "incorrect"
    text = repr(result).lower()
    assert "too high" not in text and "too low" not in text


def test_alternative_text_answer_is_accepted(fixture_registry):
    assert check("99.3", "Vostochny").correct


def test_number_tolerance_is_one_unit_in_the_last_decimal(fixture_registry):
    assert check("99.2", 0.46).correct
    assert check("99.2", 0.44).correct
    assert not check("99.2", 0.43).correct


def test_placeholder_reads_as_not_attempted(fixture_registry):
    result = check("99.1", ...)
    assert result.status == "not_attempted"
    assert "n_items = ..." in repr(result)


def test_wrong_type_names_expected_and_given_type(fixture_registry):
    result = check("99.1", "42")
    assert "0 of 3 public checks pass" in repr(result)
    assert "Expected a whole number, got str" in repr(result)


def test_out_of_range_number_gets_the_plausible_range(fixture_registry):
    result = check("99.2", 45.45)
    assert "outside the plausible range" in repr(result)
    assert "1 of 3" in repr(result)


def test_frame_hints_name_missing_and_extra_columns(fixture_registry):
    result = check("99.11", pd.DataFrame({"kind": ["a"], "count": [3]}))
    text = repr(result)
    assert "Missing columns: n." in text
    assert "Unexpected columns: count." in text
    assert "1 row where 3 were expected (2 too few)." in text


def test_frame_row_order_is_ignored_unless_ordered(fixture_registry):
    frame = pd.DataFrame({"kind": ["c", "a", "b"], "n": [2, 3, 1]}, index=[7, 8, 9])
    assert check("99.11", frame).correct


def test_series_answer_ignores_its_name(fixture_registry):
    series = pd.Series([3, 1], index=["trip", "lead-up"], name="count")
    assert check("99.12", series).correct


def test_list_length_hint(fixture_registry):
    assert "Expected 3 items, got 2." in repr(check("99.6", [2006, 2009]))


def test_match_names_unpaired_items(fixture_registry):
    assert "missing: Shoigu" in repr(check("99.10", {"Choe Son Hui": "foreign minister"}))


def test_written_answer_is_recorded_with_self_check(fixture_registry):
    result = check("99.13", "State media claims differ from intelligence estimates.")
    assert result.status == "recorded"
    assert "Did you name a source?" in repr(result)
    assert not result.correct


def test_written_answer_too_short(fixture_registry):
    assert "Aim for 5 to 50 words; this has 2." in repr(check("99.13", "Too short"))


def test_unknown_exercise_lists_known_ids(fixture_registry):
    result = check("9.9", 1)
    assert result.status == "unknown"
    assert "99.1" in repr(result)


BAD_INPUTS = [
    None, float("nan"), math.inf, -math.inf, 10**400, -(10**400), True, b"bytes", object(),
    pd.DataFrame(), pd.Series(dtype=float), np.array([]), np.float64("nan"), [None] * 3,
    {"a": object()}, "", "   ", lambda: 1, iter(range(3)), pd.NaT, type, Exception("x"),
    complex(1, 2), [[1, 2], [3]], {1, 2}, (x for x in range(10**9)),
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("exercise_id", [f"99.{n}" for n in range(1, 14)])
def test_bad_inputs_never_raise_and_never_pass(fixture_registry, exercise_id, bad):
    result = check(exercise_id, bad)
    assert isinstance(result, Feedback)
    assert not result.correct
    assert repr(result) == repr(check(exercise_id, bad))


@pytest.mark.parametrize("bad_id", [None, 1.2, "", "x" * 10_000, ["1.2"], object()])
def test_bad_exercise_ids_never_raise(fixture_registry, bad_id):
    assert check(bad_id, 1).status == "unknown"


class Hostile:
    """An object whose every comparison and conversion raises."""

    def __eq__(self, other):
        raise RuntimeError("no")

    __hash__ = None

    def __float__(self):
        raise RuntimeError("no")

    def __len__(self):
        raise RuntimeError("no")


def test_hostile_object_gets_feedback(fixture_registry):
    for exercise_id in fixture_registry:
        assert not check(exercise_id, Hostile()).correct


def test_feedback_html_is_text_not_colour_only(fixture_registry):
    html = check("99.1", 41)._repr_html_()
    assert 'role="status"' in html and "not yet" in html
    assert 'role="status"' not in check("99.1", 41).html(live=False), "for a page with its own region"


@pytest.mark.parametrize("huge", [pd.DataFrame({"a": range(200_000)}), list(range(200_000)), "x" * 50_000])
def test_huge_values_are_refused_quickly(fixture_registry, huge):
    for exercise_id in ("99.5", "99.11", "99.13"):
        result = check(exercise_id, huge)
        assert not result.correct and "far larger" in repr(result)


# --- feedback that names the fix ---------------------------------------------------------


def test_a_number_in_quotes_is_told_to_lose_them(fixture_registry):
    text = repr(check("99.1", "42"))
    assert "Expected a whole number, got str: remove the quotes (42, not '42')." in text


def test_a_date_without_quotes_is_told_to_add_them(fixture_registry):
    assert "put the date in quotes" in repr(check("99.4", 2023 - 9 - 13))


def test_a_column_for_a_number_is_told_to_reduce_it(fixture_registry):
    assert "reduce it to one number" in repr(check("99.2", pd.Series([True, False])))


def test_an_empty_result_says_the_filter_matched_nothing(fixture_registry):
    text = repr(check("99.11", pd.DataFrame({"kind": [], "n": []})))
    assert "0 rows: if you filtered, the filter matched nothing" in text


def test_an_empty_result_names_the_value_compared_with(shell):
    ip = shell
    ip.run_cell("import pandas as pd\nt = pd.DataFrame({'kind': ['a'], 'n': [1]})")
    ip.run_cell("by_kind = t[t['kind'] == 'hosts']")
    text = repr(ip.run_cell('check("99.11", by_kind)').result)
    assert "0 rows: 'hosts' is not a value in any of the course's tables (did you mean 'host'?)" in text
    ip.run_cell("by_kind = t[t['kind'] == 'a'].iloc[0:0]")  # a value the tables hold: ask about the column
    ip.run_cell("by_kind = t[t['kind'] == 'host']")
    assert "0 rows: does 'host' match a value in the column?" in repr(ip.run_cell('check("99.11", by_kind)').result)


def test_a_misspelled_item_is_named_from_the_tables_not_the_key(fixture_registry):
    text = repr(check("99.5", {"Vladimir Putin", "Shoygu"}))
    assert "'Shoygu' is not a value in any of the course's tables" in text
    assert "Putin" not in text.split("tables")[0]


def test_too_many_rows_with_zero_counts_hints_at_observed(fixture_registry):
    """A group-by on a category column keeps empty categories: the rows of zeros come with a categorical index."""
    answer = pd.Series([1, 3, 0], index=pd.CategoricalIndex(["lead-up", "trip", "after"]))
    text = repr(check("99.12", answer))
    assert "(1 too many)" in text and "observed=True" in text
    plain = repr(check("99.12", pd.Series({"lead-up": 1, "trip": 3, "after": 0})))  # no categories: no observed=
    assert "(1 too many)" in plain and "observed=True" not in plain and "counts > 0" in plain


def test_numbers_in_messages_are_plain(fixture_registry):
    text = repr(check("99.7", np.str_("Z")))
    assert "np.str_" not in text


def test_a_written_answer_still_reading_dots_is_not_attempted(fixture_registry):
    result = check("99.13", "...")
    assert result.status == "not_attempted" and 'why = """..."""' in repr(result)
    assert check("99.7", "...").status != "not_attempted"  # only written answers read "..." so


@pytest.mark.parametrize("form", ["B", "b", " (b) ", "Vostochny Cosmodrome", "vostochny  cosmodrome.",
                                  "B. Vostochny Cosmodrome", "vostochny_cosmodrome", "Vostochny-Cosmodrome"])
def test_a_choice_is_read_by_letter_text_or_code(fixture_registry, form):
    assert check("99.7", form).correct, form


@pytest.mark.parametrize("form", ["D", "Vladivostok Cosmodrome", "A. Vostochny Cosmodrome", 2])
def test_a_choice_that_names_no_option_or_the_wrong_one_is_not_passed(fixture_registry, form):
    assert not check("99.7", form).correct


def test_a_matching_accepts_a_partner_spelt_as_a_code(fixture_registry):
    assert check("99.10", {"shoigu": "defence_minister", "Choe Son Hui": "Foreign-Minister"}).correct


def test_the_grader_sees_one_form_of_each_choice():
    from summit_course.keys import standard_form

    spec = {"options": ["Vladivostok", "Vostochny Cosmodrome"], "left": ["Shoigu"], "right": ["news report"]}
    assert standard_form("choice", " vostochny cosmodrome ", spec) == "B"
    assert standard_form("choice", "b", spec) == "B"
    assert standard_form("choices", ("vladivostok", "b"), spec) == ["A", "B"]
    assert standard_form("match", {"shoigu": "news_report"}, spec) == {"Shoigu": "news report"}
    assert standard_form("choice", "Baikonur", spec) == "Baikonur", "a value that names no option stays"
