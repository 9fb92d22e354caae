"""Every message a beginner met in issue #24 leads to the fix.

Each test types what the student typed, into a real IPython shell with the course's
registry and tables, and reads the Note under the traceback or the check's feedback.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from summit_course import cells, journal, load, quiz
from tests.student.shells import tracked_shell

SETUP = "from summit_course import load, check, hint, quiz\nclaims = load('claims')\nunsc = load('unsc_actions')\n" \
        "estimates = load('estimates')"


@pytest.fixture
def kernel(monkeypatch):
    """A shell with the tracker on, the lesson's setup run, and no journal written."""
    monkeypatch.setenv(journal.ENV_VAR, journal.OFF)
    with tracked_shell(SETUP) as ip:
        yield ip


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
    out = checked(kernel, 'russia_votes = unsc[unsc["votes_for"].notna()]["russia_vote"]', 'check("5.2", russia_votes)')
    assert "The index should hold the action_id of each row, but this Series has an index with no name" in out
    assert "the value is not" not in out


def test_a_whole_table_where_a_count_is_wanted_suggests_counting_rows(kernel):
    out = checked(kernel, 'intel_floor_claims = claims[claims["evidence_kind"] == "intelligence_assessment"]',
                  'check("7.3", intel_floor_claims)')
    assert "a count is one number: len(table) counts a table's rows" in out and ".mean()" not in out


def test_nan_from_an_empty_selection_is_explained(kernel):
    out = checked(kernel, "forecasts = load('forecasts')\n"
                  'articles_brier = forecasts[forecasts["sources_hedge"] == "not adressed"]["sources_probability"].mean()',
                  'check("8.3", articles_brier)')
    assert "it is NaN (not a number)" in out


def test_a_name_the_setup_cell_does_not_import(kernel, capsys):
    line = note(kernel, "progress()", capsys)
    assert line == ("Note: This lesson's setup cell does not import `progress`: run `from summit_course import "
                    "progress` in a cell, then run this cell again.")
    assert "earlier cell" not in line
    line = note(kernel, "pd.Series([1])", capsys)
    assert "`pd` is not imported in this notebook yet: run `import pandas as pd`" in line


def test_before_the_setup_cell_names_come_from_it(capsys):
    with tracked_shell() as ip:
        assert note(ip, "progress()", capsys).startswith("Note: `progress` comes from the setup cell at the top")
        assert note(ip, "pd.Series([1])", capsys).startswith("Note: `pd` comes from the setup cell at the top")


def test_a_quiz_points_at_its_own_hint_button(kernel):
    widget = quiz("5.6")
    widget.choice.value = "A"
    text = repr(widget.show_feedback())
    assert "Stuck? Press **Show a hint**" in text and "hint(" not in text


def test_a_practice_matching_with_wrong_pairs_says_how_many(kernel):
    from summit_course import check, registry

    exercise = registry.get("0.12")
    assert exercise.points == 0
    pairs = len(exercise.spec["left"])
    answer = {left: "events" for left in exercise.spec["left"]}
    out = repr(check("0.12", answer))
    assert f"of {pairs} pairs are not right yet." in out
    wrong = int(out.split(f" of {pairs} pairs")[0].split()[-1])
    assert 1 <= wrong < pairs, "one question is about events, so not all are wrong"


def test_a_graded_matching_never_says_how_many_pairs_are_wrong(kernel):
    """With a count, a few checks walk to the key: a graded matching says only that some are wrong."""
    from summit_course import check, registry

    exercise = registry.get("7.2")
    assert exercise.points > 0
    levels = exercise.spec["right"]
    answer = {left: levels[0] for left in exercise.spec["left"]}  # everything "official record"
    out = repr(check("7.2", answer))
    assert "Not yet: some pairs are not right." in out and "pairs are not right yet" not in out
    assert "pair is not right yet" not in out


def test_a_date_that_matched_no_row_is_not_called_a_missing_text(kernel):
    out = checked(kernel, "events = load('events')\nn_events = len(events[events['date'] == '2023-09-14'])",
                  'check("0.1", n_events)')
    assert "not a value in any of the course's tables" not in out


def test_a_matching_typed_by_hand_in_the_lessons_short_words_is_read(kernel):
    """3.1's options start with a short name before the colon (**arms embargo**, **yes**...): a
    dict of those words is read as the partners they name, so its feedback counts pairs like the
    quiz's full texts."""
    from summit_course import registry

    left = registry.get("3.1").spec["left"]
    typed = "my_sanctions_codes = {" + ", ".join(f"{k!r}: 'arms embargo'" for k in left) + "}"
    short = checked(kernel, typed, 'check("3.1", my_sanctions_codes)')
    full = checked(kernel, typed.replace("'arms embargo'", "'arms embargo: 1718 and 1874, supplying or buying'"), 'check("3.1", my_sanctions_codes)')
    assert short == full and f"5 of {len(left)} pairs" not in short


def test_a_matching_with_a_word_that_is_no_partner_lists_the_partners(kernel):
    from summit_course import registry

    left = registry.get("3.1").spec["left"]
    typed = "my_sanctions_codes = {" + ", ".join(f"{k!r}: 'maybe'" for k in left) + "}"
    out = checked(kernel, typed, 'check("3.1", my_sanctions_codes)')
    assert "'maybe' is not one of the answers to choose from: 'yes: the words of a ban cover it'" in out
    assert "the words before the colon are enough" in out and "pairs are not right" not in out


@pytest.mark.parametrize("exercise_id, word", [("5.1", "agreed"), ("3.1", "legal"), ("3.1", "ban"), ("3.1", "B")])
def test_a_word_that_names_no_partner_alone_is_not_read_as_one(exercise_id, word):
    from summit_course import registry
    from summit_course.options import partner_index

    assert partner_index(word, registry.get(exercise_id).spec["right"]) is None


def test_a_date_as_numpy_datetime64_is_a_date(kernel):
    """``events['date'].values[0]`` is a numpy datetime64: check() reads it as the grader does."""
    kernel.run_cell("import numpy as np")
    out = checked(kernel, "second_failure_date = np.datetime64('2023-08-24')", 'check("0.2", second_failure_date)')
    assert "Expected a date" not in out and "✅" in out
    out = checked(kernel, "second_failure_date = np.datetime64('NaT')", 'check("0.2", second_failure_date)')
    assert "The date is missing (NaT)" in out


def test_a_series_with_the_right_counts_but_a_numbered_index_is_told_to_label_them(kernel):
    """6.6: ``pd.Series([23, 19, 10])`` has the counts but rows 0, 1, 2; the index is named, as in 5.2."""
    out = checked(kernel, "import pandas as pd\nflips_by_weight = pd.Series([23, 19, 10])",
                  'check("6.6", flips_by_weight)')
    assert "The index should say what each value is for" in out and "rows numbered 0, 1, 2" in out
    assert "type and shape" not in out


def test_a_series_of_counts_where_a_set_of_ids_is_wanted(kernel):
    """6.5: the per-id counts instead of the ids: say that ids are wanted, not how many."""
    out = checked(kernel, "aims = load('aims')\nsanction_flips = aims.groupby('aim_id', observed=True).size()",
                  'check("6.5", sanction_flips)')
    assert "a set of ids is wanted, not a table of counts" in out and "set(...index)" in out
    assert "items, got" not in out


@pytest.mark.parametrize("typed", ["hosts = {'Vladimir Putin', 'Sergei Lavrov'}",
                                   "hosts = set(load('people')['name'])"])
def test_a_set_with_items_missing_or_extra_never_tells_its_size(kernel, typed):
    out = checked(kernel, typed, 'check("0.5", hosts)')
    assert "some items are missing, or some do not belong" in out
    assert "Expected" not in out and "items, got" not in out and "2 of 3 public checks pass" in out


def test_a_series_that_needs_unstack_is_told_so(kernel):
    typed = "aims = load('aims')\ntwo_sided_wants = aims.groupby(['kind', 'party'], observed=True).size()"
    out = checked(kernel, typed, 'check("4.4", two_sided_wants)')
    assert "two-level index (kind, party)" in out and ".unstack() turns the inner level into columns" in out
    assert "Unexpected columns" not in out


def test_unstack_that_leaves_empty_cells_is_told_to_fill_them(kernel):
    typed = "aims = load('aims')\ntwo_sided_wants = aims.groupby(['kind', 'party'], observed=True).size().unstack()"
    out = checked(kernel, typed, 'check("4.4", two_sided_wants)')
    assert "Some cells are empty (NaN)" in out and ".unstack(fill_value=0)" in out


def test_value_counts_with_empty_categories_is_not_told_to_add_observed(kernel):
    """2.1: value_counts() has no observed option: say how to drop its zero rows instead."""
    typed = ("people = load('people')\n"
             "host_portfolios = people[people['group'] == 'host']['portfolio'].value_counts()")
    out = checked(kernel, typed, 'check("2.1", host_portfolios)')
    assert "value_counts() on a category column lists every category" in out and "counts[counts > 0]" in out
    assert "observed=True" not in out


@pytest.mark.parametrize("typed, said", [
    ("aims = load('aims')\nkind_by_sanctions = pd.crosstab(aims['kind'], aims['breaches_un_sanctions'])",
     "Check that you kept only the rows the question asks about"),
    ("aims = load('aims')\nnk_aims = aims[aims['party'] == 'North Korea']\n"
     "kind_by_sanctions = pd.crosstab(nk_aims['kind'], nk_aims['breaches_un_sanctions'], margins=True)",
     "The row and column 'All' are the totals that margins=True adds: leave margins out."),
])
def test_a_crosstab_with_extra_rows_is_not_told_to_add_observed(kernel, typed, said):
    """3.2: crosstab has no observed option; extra rows are the whole table's, or the margins."""
    kernel.run_cell("import pandas as pd")
    out = checked(kernel, typed, 'check("3.2", kind_by_sanctions)')
    assert said in out and "observed" not in out and "Unexpected columns" not in out


def test_a_count_with_a_day_of_no_events_is_not_blamed_on_a_category(kernel):
    """Round 4, #16: 1.5 with 14 September counted 0 (a count over every day) was told that a
    group-by on a category column lists empty categories; the date column is no category."""
    typed = ("trip = load('events').query(\"phase == 'trip'\")\n"
             "events_per_day = trip.groupby('date').size().asfreq('D', fill_value=0)")
    out = checked(kernel, typed, 'check("1.5", events_per_day)')
    assert "Some rows count 0" in out and "counts[counts > 0]" in out
    assert "category" not in out and "observed" not in out


def test_a_group_by_with_empty_categories_is_told_to_add_observed(kernel):
    typed = ("people = load('people')\n"
             "host_portfolios = people[people['group'] == 'host'].groupby('portfolio', observed=False).size()")
    out = checked(kernel, typed, 'check("2.1", host_portfolios)')
    assert "Add observed=True" in out


@pytest.mark.parametrize("typed, said", [
    ("lead_up_order = [3, 4, 1, 2]", "An order lists the options' letters (such as 'B') from first to last"),
    ("lead_up_order = ['A', 'C', 'C', 'B']", "'C' is in the order more than once and 'D' not at all"),
])
def test_an_order_given_by_positions_or_with_a_repeat_says_how_to_write_it(kernel, typed, said):
    out = checked(kernel, typed, 'check("0.11", lead_up_order)')
    assert said in out and "is not one of the options" not in out


@pytest.mark.parametrize("exercise_id, said", [
    ("5.6", "Not yet: another option fits better."),
    ("1.8", "Not yet: some options you chose do not apply, or some that apply are not chosen."),
    ("0.11", "Not yet: some items are not in their place."),
])
def test_a_wrong_quiz_answer_is_told_in_a_quiz_takers_words(kernel, exercise_id, said):
    widget = quiz(exercise_id)
    if exercise_id == "5.6":
        widget.choice.value = next(letter for letter in "ABCD" if not check_passes(exercise_id, letter))
    elif exercise_id == "1.8":
        widget.boxes[0].value = widget.boxes[1].value = widget.boxes[2].value = widget.boxes[3].value = True
    else:
        for position, dropdown in enumerate(widget.dropdowns, 1):
            dropdown.value = str(position)
    text = repr(widget.show_feedback())
    assert said in text and "type and shape" not in text


def check_passes(exercise_id, answer) -> bool:
    from summit_course.checks import check_exercise
    from summit_course.registry import get

    return check_exercise(get(exercise_id), answer).correct


def test_a_percent_change_where_points_are_wanted_is_told_the_difference(kernel):
    """3.5: (41.6 - 33.8) / 33.8 * 100 is a percent change, not a change in percentage points."""
    typed = ("s = estimates.set_index('estimate_id')['value_low']\n"
             "hunger_rise_pp = (s['est_undernourished_2019_2021'] - s['est_undernourished_2004_2006']) "
             "/ s['est_undernourished_2004_2006'] * 100")
    out = checked(kernel, typed, 'check("3.5", hunger_rise_pp)')
    assert "the later percentage minus the earlier one, with no division" in out


#: What the exercises' authors foresee (to go into 01's and 04's TOML as ``mistakes = [...]``).
FORESEEN = {
    "1.3": [{"answer": 9, "say": "A difference of two dates leaves one end out: a trip from Monday to Tuesday "
                                 "touches two calendar days, not one."}],
    "4.6": [{"answer": 20, "say": "That is the twentyfold ratio the lesson warns about: the two figures come "
                                  "from two estimators, two kinds of bound and two periods."}],
}


@pytest.fixture
def foreseen(monkeypatch):
    """The real 1.3 and 4.6, compiled with their foreseen mistakes, in the registry check() reads."""
    from pathlib import Path

    from summit_course import registry
    from summit_course.authoring.exercises import compile_entry, instructor_exercises

    root = Path(__file__).resolve().parents[2]
    for entry in instructor_exercises(root / "solutions" / "exercises"):
        if entry["id"] in FORESEEN:
            compiled = compile_entry({**entry, "mistakes": FORESEEN[entry["id"]]})
            monkeypatch.setitem(registry.exercises(), entry["id"], registry.Exercise.from_dict(compiled))


@pytest.mark.parametrize("typed, exercise_id", [
    ("trip = load('events').query(\"phase == 'trip'\")\ntrip_days = (trip['date'].max() - trip['date'].min()).days",
     "1.3"),
    ("same_basis_growth = 20000 / 1000", "4.6"),
])
def test_a_foreseen_mistake_gets_its_authors_words(kernel, foreseen, typed, exercise_id):
    variable = typed.split("\n")[-1].split(" = ")[0]
    out = checked(kernel, typed, f'check("{exercise_id}", {variable})')
    assert FORESEEN[exercise_id][0]["say"] in out and "❌" in out


def test_a_foreseen_mistake_that_is_the_answer_is_refused_by_the_build():
    from summit_course.authoring.exercises import ExerciseError, compile_entry

    entry = {"id": "9.1", "lesson": "09-x", "variable": "n", "kind": "integer", "answer": 10,
             "mistakes": [{"answer": 10.0, "say": "no"}]}
    with pytest.raises(ExerciseError, match="is a right answer"):
        compile_entry(entry)


def test_no_indexed_answer_has_a_numbered_index():
    """The index note tells a 0, 1, 2 index to label its rows: true only if no key is numbered so."""
    from pathlib import Path

    import pandas as pd

    from summit_course.authoring.exercises import instructor_exercises, model_answer

    root = Path(__file__).resolve().parents[2]
    indexed = [e for e in instructor_exercises(root / "solutions" / "exercises")
               if e["kind"] in ("series", "frame") and e.get("index")]
    assert indexed
    for entry in indexed:
        assert not isinstance(model_answer(entry).index, pd.RangeIndex), entry["id"]


@pytest.mark.parametrize("typed, exercise_id, said", [
    ("people = load('people')\nhost_portfolios = people['portfolio'].value_counts", "2.1",
     "got method: the method itself (a tool), not what it gives. Add () to call it: .value_counts()"),
    ("trip = load('events').query(\"phase == 'trip'\")\ntrip_days = trip['date'].max() - trip['date'].min()",
     "1.3", "got Timedelta: a length of time, not a number. Add .days to get the number of days"),
    ("russia_votes = unsc.set_index('action_id')['russia_vote'].values", "5.2",
     "an array, what .values or .unique() give, without the table's index"),
    ("hosts = load('people').query(\"group == 'host'\")", "0.5",
     "a whole table. Take the one column you need with ['name'], then make it a set or a list"),
])
def test_a_type_named_in_python_jargon_is_explained(kernel, typed, exercise_id, said):
    variable = typed.split("\n")[-1].split(" = ")[0]
    assert said in checked(kernel, typed, f'check("{exercise_id}", {variable})')


def test_years_in_quotes_are_told_to_lose_them(fixture_registry):
    """A list of years is whole numbers: ['2006', ...] is text (and `2006 in` it is False). (Lesson 05's
    set of years became a count in round 3, so the fixture's list of years stands in.)"""
    from summit_course import check

    assert "These are numbers written as text ('2006'): remove the quotes" in repr(check("99.6", ["2006", "2009", "2013"]))


def test_no_set_or_list_answer_is_numbers_written_as_text():
    """What makes the note above true: every key whose items look like numbers holds numbers."""
    from pathlib import Path

    from summit_course.authoring.exercises import instructor_exercises, model_answer

    root = Path(__file__).resolve().parents[2]
    for entry in instructor_exercises(root / "solutions" / "exercises"):
        if entry["kind"] in ("set", "list"):
            assert not any(isinstance(v, str) and v.strip().isdigit() for v in model_answer(entry)), entry["id"]


def test_an_ordering_quiz_with_a_position_given_twice_says_so(kernel):
    """An ordering quiz (0.11; 1.1 was one once) with two events set to position 3 was accepted
    silently, then 'the value is not'."""
    widget = quiz("0.11")
    for position, dropdown in zip([1, 2, 3, 3], widget.dropdowns):
        dropdown.value = str(position)
    result = widget.show_feedback()
    assert result.status == "not_attempted" and widget.paste.value == ""
    assert ("Position 3 is given to more than one item, and 4 to none: give each position to one item"
            in repr(result))


@pytest.mark.parametrize("answer_cell, check_cell", [
    ("summit_date = 2023-09-13", 'check("0.2", summit_date)'),
    ("hosts = {Alexander Kozlov, Vladimir Putin}", 'check("0.5", hosts)'),
    ("people = load('people')\nindustry_share = people['portfolio'].isin('defence_industry', 'munitions').mean()",
     'check("2.4", industry_share)'),
    ("sanction_flips = [w for w in range(0, 2, 0.25)]", 'check("6.5", sanction_flips)'),
])
def test_a_check_after_its_answer_cell_failed_says_to_fix_that_cell(kernel, capsys, answer_cell, check_cell):
    """The answer cell stopped before its variable got a value: the check's NameError blames that
    cell, not the cells above (the student just ran it)."""
    error = note(kernel, answer_cell, capsys)
    assert error, f"the answer cell's own error gets a Note: {answer_cell}"
    variable = check_cell.split(", ")[1].rstrip(")")
    line = note(kernel, check_cell, capsys)
    assert line.startswith(f"Note: The cell that sets `{variable}` stopped with ") and "fix that cell first" in line
    assert "earlier cell" not in line


def test_a_failed_cell_that_later_ran_is_not_blamed(kernel, capsys):
    note(kernel, "summit_date = 2023-09-13", capsys)
    kernel.run_cell("summit_date = '2023-09-13'")
    kernel.run_cell("del summit_date")
    assert "stopped with" not in note(kernel, 'check("0.2", summit_date)', capsys)


@pytest.mark.parametrize("typed, said", [
    ('claims[claims["topic"] == ["munitions", "satellites"]]',
     "Note: `==` compares each row with one value, not with a list. To keep the rows whose value is any of several, "
     "use .isin: claims['topic'].isin(['munitions', 'satellites'])"),
    ("panel_veto_choice = B", "Note: A choice is text: put the letter in quotes, `panel_veto_choice = 'B'`"),
    ("topic = munitions", "Note: If munitions is a word or a value from the table, put it in quotes: 'munitions'."),
    ("why = Russia vetoed the renewal because the Panel reported on its arms deals",
     'Note: A text needs quotes around it: why = """Russia vetoed the renewal because the Panel reported on its '
     'arms deals""" (three quotes on each side).'),
    ("hosts = {Alexander Kozlov, Vladimir Putin}",
     "Note: Each text needs quotes of its own: hosts = {'Alexander Kozlov', 'Vladimir Putin'}."),
    ("events = load('events')\nn_events = len(event)",
     "Note: There is no `event` in this notebook. Did you mean `events`?"),
    ("crossed_on_record = set(events['event_id'])",
     "Note: `events` is one of the course's tables, not loaded in this notebook yet: load it with "
     "`events = load('events')`"),
    ("trip = load('events')\ntrip['date', 'place_id']",
     "Note: To take several columns, put their names in a list inside the brackets (double brackets): "
     "trip[['date', 'place_id']]"),
    ("claims[(claims['topic'] == 'munitions') and (claims['hedge'] == 'none')]",
     "Note: `and` cannot combine conditions on a column: use & instead, with brackets round each condition: "
     "(claims['topic'] == 'munitions') & (claims['hedge'] == 'none')"),
    ("claims[claims['claimant'] == 'TASS' & claims['topic'] == 'munitions']",
     "Note: Python works out & and | before ==, so each condition needs brackets of its own: "
     "(claims['claimant'] == 'TASS') & (claims['topic'] == 'munitions')"),
    ("claims[claims['topic'] == 'munitions' | claims['hedge'] == 'none']",
     "(claims['topic'] == 'munitions') | (claims['hedge'] == 'none')"),
    ("days_between_summits = '2023-09-13' - '2019-04-25'",
     "Note: Text cannot be subtracted. Turn each date into a date first: "
     "(pd.Timestamp('2023-09-13') - pd.Timestamp('2019-04-25')).days"),
    ("grid = list(range(0, 2, 0.25))", "Note: range() counts in whole steps only"),
    ("claims[claims['topic'].isin('munitions', 'satellites')]",
     "Note: .isin takes one list of values: put them in square brackets, claims['topic'].isin(['munitions', "
     "'satellites'])"),
])
def test_a_classic_slip_gets_a_note_that_leads_to_the_fix(kernel, capsys, typed, said):
    """Each slip gets a Note of its own, never the one that blames an earlier cell."""
    kernel.run_cell("del events") if "events" in kernel.user_ns else None
    line = note(kernel, typed, capsys)
    assert said in line and "earlier cell" not in line


def test_a_group_by_without_observed_prints_no_pink_warning():
    """02 Ex 2.1, 03 Ex 3.2: pandas' FutureWarning about observed= is noise in a lesson."""
    import warnings

    import summit_course

    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summit_course.load_ipython_extension(ip)
            assert ip.run_cell("from summit_course import load\npeople = load('people')\n"
                               "people.groupby('portfolio').size()\n"
                               "people.pivot_table(index='portfolio', values='name', aggfunc='count')").success
        assert not [w for w in caught if "observed" in str(w.message)]
    finally:
        cells.uninstall()
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("typed, note_shown", [
    ("hosts = list(load('people').query(\"group == 'host'\")['name'])", True),
    ("hosts = set(load('people').query(\"group == 'host'\")['name'])", False),
])
def test_a_right_set_given_as_a_list_passes_and_says_what_a_set_is(kernel, typed, note_shown):
    """0.5 asks for a set: a list passes (the grader reads it the same), and the student learns the form."""
    out = checked(kernel, typed, 'check("0.5", hosts)')
    assert "✅" in out
    assert ("the question asks for a set, {...} or set(...)" in out) == note_shown
