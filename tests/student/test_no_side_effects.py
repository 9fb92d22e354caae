"""check(), hint() and the quizzes never change a student's objects (issue #24).

Every exercise's check runs against every table of the course and each of its columns, as a
student might pass them by mistake, and each object is compared with a deep copy taken
before: values, dtypes, index and column names, attrs. A column is taken the way a student
takes it, ``table[name]``, which shares its index with the table.
"""

from __future__ import annotations

import pandas as pd
import pytest

from summit_course import check, hint, journal, load, quiz, registry
from summit_course.data import datasets
from summit_course.hints import reset_hints

TABLES = list(datasets().index)
EXERCISES = sorted(registry.exercises(), key=registry.id_order)


@pytest.fixture(autouse=True)
def _no_journal(monkeypatch):
    monkeypatch.setenv(journal.ENV_VAR, journal.OFF)


def _same(before, after) -> None:
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before, check_exact=True, check_flags=True)
        assert list(after.columns.names) == list(before.columns.names)
    else:
        pd.testing.assert_series_equal(after, before, check_exact=True, check_flags=True)
    assert list(after.index.names) == list(before.index.names)
    assert after.attrs == before.attrs


@pytest.mark.parametrize("table_name", TABLES)
def test_no_check_changes_a_table_or_its_columns(table_name):
    table = load(table_name)
    kept = table.copy(deep=True)
    for exercise_id in EXERCISES:
        check(exercise_id, table)
        _same(kept, table)
        for column in table.columns:
            series = table[column]  # shares the table's index
            series_kept = series.copy(deep=True)
            check(exercise_id, series)
            _same(series_kept, series)
            _same(kept, table)


def test_a_series_whose_index_has_a_name_keeps_it():
    """The case of #24: a column of a table with a named index, checked as a Series."""
    table = load("unsc_actions").set_index("date")
    series = table[table.columns[0]]
    series_exercises = [e for e in EXERCISES if registry.get(e).kind in ("series", "frame")]
    for exercise_id in series_exercises:
        check(exercise_id, series)
    assert table.index.name == "date" and series.index.name == "date"
    assert "index" not in repr(table).splitlines()[1]


def test_in_a_kernel_checks_hints_and_quizzes_change_nothing_the_student_made():
    """In a real shell (tracker and table display on): the namespace's tables stay as they were."""
    from IPython.core.interactiveshell import InteractiveShell

    from summit_course import cells

    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    cells.install(shell)
    try:
        shell.run_cell("from summit_course import load, check, hint, quiz")
        for name in TABLES:
            shell.run_cell(f"{name} = load({name!r})")
        kept = {name: shell.user_ns[name].copy(deep=True) for name in TABLES}
        reset_hints()
        for exercise_id in EXERCISES:
            variable = registry.get(exercise_id).variable
            for name in TABLES:
                column = shell.user_ns[name].columns[-1]
                shell.run_cell(f"{variable} = {name}[{column!r}]")
                shell.run_cell(f"check({exercise_id!r}, {variable})")
            shell.run_cell(f"hint({exercise_id!r})")
            if registry.get(exercise_id).kind in ("choice", "choices", "order", "match"):
                shell.run_cell(f"_q = quiz({exercise_id!r}); _q.show_feedback(); _q.show_hint()")
        for name in TABLES:
            shell.run_cell(name)  # displayed, as a student would
            _same(kept[name], shell.user_ns[name])
    finally:
        cells.uninstall()
        InteractiveShell.clear_instance()
