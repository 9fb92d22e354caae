"""Issue #28, problem 4: data validation names the row and field of every fault, with the fix.

A row one column short used to give six misleading errors; an ``end_date`` before ``date``
was accepted; a phase that does not match its date was caught only by a raw assertion.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from summit_course import DatasetError, load
from summit_course.authoring.data_rules import phase_of
from summit_course.authoring.datasets import dataset_problems
from summit_course.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", copy)
    return copy


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _change(path: Path, row: int, column: str, value: str) -> str:
    """Set one cell (row numbered as a spreadsheet does: the header is row 1); return the row's id."""
    rows = _rows(path)
    rows[row - 1][rows[0].index(column)] = value
    _write(path, rows)
    return rows[row - 1][0]


def test_the_course_datasets_are_valid():
    assert dataset_problems(ROOT / "datasets") == []


def test_a_row_one_value_short_is_one_problem_naming_the_missing_column(data):
    rows = _rows(data / "events.csv")
    key = rows[5][0]
    del rows[5][rows[0].index("title")]
    _write(data / "events.csv", rows)
    problems = dataset_problems(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"events.csv, row 6 (event_id={key}): 9 values, but the header has 10 columns: "
                                  "a comma is missing")
    assert "Probably the `title` value is missing." in problems[0]


def test_a_short_row_whose_gap_is_ambiguous_names_both_candidates(data):
    rows = _rows(data / "events.csv")
    rows.append(["demo_two", "2024-06-20", "Kim sees Putin off", "A row without its empty end_date.", "pyongyang",
                 "diplomacy", "aftermath", "official_record", rows[1][-1]])
    _write(data / "events.csv", rows)
    [problem] = dataset_problems(data)
    assert f"row {len(rows)} (event_id=demo_two): 9 values" in problem
    assert "Probably the `date` or `end_date` value is missing." in problem


def test_a_row_with_an_extra_value_is_one_problem(data):
    rows = _rows(data / "people.csv")
    rows[3].insert(2, "extra")
    _write(data / "people.csv", rows)
    problems = dataset_problems(data)
    assert len(problems) == 1 and problems[0].startswith(f"people.csv, row 4 (person_id={rows[3][0]}): 9 values")
    assert "a comma is extra" in problems[0]


@pytest.mark.parametrize("table", ["events", "people"])
def test_the_loader_names_a_short_row_too(data, monkeypatch, table):
    rows = _rows(data / f"{table}.csv")
    rows[2] = rows[2][:-1]
    _write(data / f"{table}.csv", rows)
    monkeypatch.setenv("SUMMIT_DATA", str(data))
    with pytest.raises(DatasetError, match=rf"{table}.csv, row 3 \(\w+={rows[2][0]}\): \d+ values, but the header"):
        load(table)


def test_an_end_date_before_the_date_is_named(data):
    rows = _rows(data / "events.csv")
    number = next(i for i, r in enumerate(rows, 1) if i > 1 and r[rows[0].index("end_date")])
    start = rows[number - 1][rows[0].index("date")]
    key = _change(data / "events.csv", number, "end_date", "2019-01-01")
    assert dataset_problems(data) == [
        f"events.csv, row {number} (event_id={key}), field 'end_date': 2019-01-01 is before the row's date "
        f"{start}: the last day cannot come before the first (swap them, or leave end_date empty for a one-day event)."]


def test_a_phase_that_does_not_match_its_date_is_named(data):
    rows = _rows(data / "events.csv")
    number = next(i for i, r in enumerate(rows, 1) if i > 1 and r[rows[0].index("phase")] == "trip")
    key = _change(data / "events.csv", number, "phase", "aftermath")
    [problem] = dataset_problems(data)
    assert problem.startswith(f"events.csv, row {number} (event_id={key}), field 'phase': 'aftermath' does not "
                              "match the date")
    assert "it should be 'trip' (lead-up before 2023-09-10, trip 2023-09-10 to 2023-09-19" in problem


def test_phases_follow_the_start_date():
    import datetime as dt

    days = [dt.date(2023, 9, 9), dt.date(2023, 9, 10), dt.date(2023, 9, 19), dt.date(2023, 9, 20)]
    assert [phase_of(d) for d in days] == ["lead-up", "trip", "trip", "aftermath"]


def test_a_high_estimate_below_the_low_one_is_named(data):
    rows = _rows(data / "estimates.csv")
    number = next(i for i, r in enumerate(rows, 1) if i > 1 and r[rows[0].index("value_low")]
                  and r[rows[0].index("value_high")])
    key = _change(data / "estimates.csv", number, "value_high", "0.5")
    [problem] = dataset_problems(data)
    assert problem.startswith(f"estimates.csv, row {number} (estimate_id={key}), field 'value_high': 0.5 is below")


@pytest.mark.parametrize("column, value, says", [
    ("phase", "during", "'during' is not one of ['lead-up', 'trip', 'aftermath']."),
    ("date", "2023-13-45", "'2023-13-45' is not a valid date"),
    ("title", "", "a value is required."),
    ("place_id", "atlantis", "'atlantis' is not a place_id in places.csv: add that row to places.csv first"),
])
def test_schema_errors_name_row_field_and_value(data, column, value, says):
    key = _change(data / "events.csv", 6, column, value)
    problems = dataset_problems(data)
    where = f"events.csv, row 6 (event_id={key}), field '{column}'"
    assert any(p.startswith(where) and says in p for p in problems), problems


def test_a_repeated_id_is_one_problem_naming_the_other_row(data):
    rows = _rows(data / "people.csv")
    rows[6][0] = rows[5][0]
    _write(data / "people.csv", rows)
    assert dataset_problems(data) == [f"people.csv, row 7 (person_id={rows[5][0]}), field 'person_id': "
                                      f"'{rows[5][0]}' is also in row 6: each row needs its own value here."]


def test_validate_command_lists_the_problems(data, capsys):
    _change(data / "events.csv", 6, "phase", "during")
    assert main(["--root", str(data.parent), "validate"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("events.csv, row 6 ") and "1 problem(s) in datasets/." in out.err
    shutil.copytree(ROOT / "datasets", data, dirs_exist_ok=True)
    assert main(["--root", str(data.parent), "validate"]) == 0


def test_a_date_written_another_way_says_how_to_write_it(data):
    """The walkthrough: `02/06/2017` gave frictionless's "is not a valid date/%Y-%m-%d"."""
    key = _change(data / "events.csv", 8, "date", "02/06/2017")
    problems = [p for p in dataset_problems(data) if p.startswith(f"events.csv, row 8 (event_id={key}), field 'date'")]
    assert problems == [f"events.csv, row 8 (event_id={key}), field 'date': '02/06/2017' is not a valid date: write "
                        "it as YYYY-MM-DD, e.g. 2017-06-02 (2 June; 2017-02-06 for 6 February)."]
    assert (data / "events.csv").read_text("utf-8").splitlines()[8 - 1].startswith(f"{key},02/06/2017,")  # line 8


@pytest.mark.parametrize("written, advice", [
    ("13/06/2017", "e.g. 2017-06-13"), ("2.6.2017", "e.g. 2017-06-02 (2 June; 2017-02-06 for 6 February)"),
    ("2017/06/02", "e.g. 2017-06-02"), ("06/06/2017", "e.g. 2017-06-06"), ("next Tuesday", "e.g. 2023-09-13"),
])
def test_how_to_write_a_date(written, advice):
    from summit_course.dates import how_to_write

    assert how_to_write(written) == f"write it as YYYY-MM-DD, {advice}"


def test_a_value_whose_quotes_were_dropped_is_named_by_validate_as_load_promises(data, monkeypatch):
    """The walkthrough: load() said "`summit-course validate` names the column"; validate named the row only."""
    path = data / "people.csv"
    quoted = '"Vice department director, WPK Central Committee (Publicity and Information Department); Kim\'s sister"'
    path.write_text(path.read_text("utf-8").replace(quoted, quoted.strip('"'), 1), encoding="utf-8")
    [problem] = dataset_problems(data)
    assert problem.startswith("people.csv, row 3 (person_id=kim_yo_jong): 9 values, but the header has 8 columns")
    assert "Probably the `role` value has a comma in it: put that value in double quotes." in problem, problem
    monkeypatch.setenv("SUMMIT_DATA", str(data))
    with pytest.raises(DatasetError, match=r"row 3 \(person_id=kim_yo_jong\).*`summit-course validate` names the "
                                           "column when it can tell which"):
        load("people")


@pytest.mark.parametrize("written", ["TRUE", "False", "yes"])
def test_a_boolean_the_schema_does_not_accept_gets_the_same_fix_from_validate_and_load(data, monkeypatch, written):
    """The walkthrough: `TRUE` (as spreadsheets save it) stopped the build with no fix, while load() read it as True."""
    key = _change(data / "people.csv", 4, "military_or_defence", written)
    where = f"people.csv, row 4 (person_id={key}), field 'military_or_defence'"
    says = f"{written!r} is not a valid boolean: write true or false."
    assert dataset_problems(data) == [f"{where}: {says}"]
    monkeypatch.setenv("SUMMIT_DATA", str(data))
    with pytest.raises(DatasetError) as error:
        load("people")
    assert str(error.value) == f"{where}: {says}"


@pytest.mark.parametrize("written, meant", [("hosts", "host"), ("Analyst", "analyst"), ("delegaton", "delegation")])
def test_a_misspelled_code_gets_the_close_one_from_validate_and_load(data, monkeypatch, written, meant):
    """Round 7 walkthrough: group 'hosts' got "not one of [...]" with no "did you mean", unlike a misspelled kind."""
    key = _change(data / "people.csv", 4, "group", written)
    where = f"people.csv, row 4 (person_id={key}), field 'group'"
    says = (f"{written!r} is not one of ['leader', 'delegation', 'host', 'official', 'analyst']. "
            f"Did you mean {meant!r}?")
    assert dataset_problems(data) == [f"{where}: {says}"]
    monkeypatch.setenv("SUMMIT_DATA", str(data))
    with pytest.raises(DatasetError) as error:
        load("people")
    assert str(error.value) == f"{where}: {says}"


def test_a_code_like_none_of_the_allowed_gets_no_guess(data):
    key = _change(data / "people.csv", 4, "group", "zzz")
    assert dataset_problems(data) == [f"people.csv, row 4 (person_id={key}), field 'group': 'zzz' is not one of "
                                      "['leader', 'delegation', 'host', 'official', 'analyst']."]
