"""The datasets: frictionless validation, references, counts, and the typed loader."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from summit_course import DatasetError, datasets, load
from summit_course.data import data_dir, validate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "datasets"
PACKAGE = json.loads((DATA / "datapackage.json").read_text())
TABLES = [r["name"] for r in PACKAGE["resources"]]
MINIMUM_ROWS = {"events": 30, "people": 12, "aims": 16, "limits": 8, "unsc_actions": 14,
                "claims": 25, "forecasts": 10}
EVIDENCE_KINDS = {"official_record", "news_report", "state_media_claim", "intelligence_assessment",
                  "expert_judgement", "speculation"}


def test_data_package_is_valid_with_frictionless():
    report = validate(DATA)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_table_is_described_and_present():
    assert set(TABLES) >= {"sources", "places", "events", "people", "aims", "limits",
                           "unsc_actions", "claims", "forecasts", "estimates"}
    for resource in PACKAGE["resources"]:
        assert (DATA / resource["path"]).is_file()
        assert resource.get("description")
        assert resource["schema"].get("primaryKey")
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{resource['name']}.{field['name']}"


@pytest.mark.parametrize("table", TABLES)
def test_every_source_id_resolves(table):
    frame = load(table)
    if "source_id" in frame and table != "sources":
        known = set(load("sources").source_id)
        assert frame.source_id.notna().all(), f"{table} has a row without source_id"
        assert set(frame.source_id) <= known, set(frame.source_id) - known


@pytest.mark.parametrize("table", [t for t in TABLES if t != "places"])
def test_every_place_id_resolves(table):
    frame = load(table)
    if "place_id" in frame:
        assert set(frame.place_id.dropna()) <= set(load("places").place_id)


@pytest.mark.parametrize("table,minimum", sorted(MINIMUM_ROWS.items()))
def test_row_counts(table, minimum):
    assert len(load(table)) >= minimum


def test_events_span_2019_to_2025_with_every_phase():
    events = load("events")
    assert events.date.min() <= pd.Timestamp("2019-04-25")
    assert events.date.max() >= pd.Timestamp("2025-04-28")
    assert set(events.phase) == {"lead-up", "trip", "aftermath"}
    trip = events[events.phase == "trip"]
    assert trip.date.min() == pd.Timestamp("2023-09-10") and trip.date.max() == pd.Timestamp("2023-09-19")


def test_ten_sanctions_resolutions_all_unanimous():
    unsc = load("unsc_actions")
    resolutions = unsc[unsc.action == "sanctions_resolution"]
    assert len(resolutions) == 10
    assert (resolutions.votes_for == 15).all()
    assert set(resolutions.russia_vote) == {"yes"} and set(resolutions.china_vote) == {"yes"}
    vetoes = unsc[unsc.action == "veto"]
    assert set(vetoes.date.dt.year) == {2022, 2024}


def test_each_unsc_action_code_matches_its_outcome():
    # one rule per code: a statement is blocked_statement only when it was blocked, and
    # unsupported_statement when the sources say members would not support it
    unsc = load("unsc_actions")
    expected = {"blocked_statement": {"blocked"}, "unsupported_statement": {"not_supported"},
                "veto": {"vetoed"}, "sanctions_resolution": {"adopted"}, "panel_renewal": {"adopted"}}
    for action, rows in unsc.groupby("action", observed=True):
        assert set(rows.outcome.astype(str)) <= expected[action], action
    statements = unsc[unsc.action.astype(str).str.endswith("_statement")]
    assert statements.votes_for.isna().all()


def test_claims_cover_every_evidence_kind():
    assert set(load("claims").evidence_kind) == EVIDENCE_KINDS


def test_aims_cover_both_parties():
    aims = load("aims")
    assert set(aims.party) == {"North Korea", "Russia"}
    assert set(aims.breaches_un_sanctions) >= {"yes", "no"}


def test_estimates_have_several_series_and_estimators():
    estimates = load("estimates")
    assert {"munitions_containers", "troops_deployed", "undernourishment_pct"} <= set(estimates.series)
    assert estimates.groupby("series", observed=True).estimator.nunique().max() >= 3


def test_load_types_dates_enums_and_booleans():
    events = load("events")
    assert pd.api.types.is_datetime64_any_dtype(events.date)
    assert isinstance(events.phase.dtype, pd.CategoricalDtype)
    assert list(events.phase.cat.categories) == ["lead-up", "trip", "aftermath"]
    assert load("people").military_or_defence.dtype == "boolean"
    assert str(load("unsc_actions").votes_for.dtype) == "Int64"


def test_datasets_lists_tables_with_descriptions():
    listing = datasets()
    assert set(TABLES) == set(listing.index)
    assert listing.description.str.len().gt(10).all()


def test_unknown_name_lists_known_tables():
    with pytest.raises(DatasetError, match="no dataset called 'event'.*events"):
        load("event")


@pytest.mark.parametrize("typo, meant", [("event", "events"), ("Events", "events"), ("sorces", "sources")])
def test_a_near_miss_gets_a_did_you_mean(typo, meant):
    with pytest.raises(DatasetError, match=rf"no dataset called '{typo}'\. Did you mean '{meant}'\?"):
        load(typo)


def test_a_name_like_no_table_gets_no_guess():
    with pytest.raises(DatasetError) as error:
        load("zebra_crossings")
    assert "Did you mean" not in str(error.value) and "Known datasets:" in str(error.value)


@pytest.mark.parametrize("bad", [None, 3, ["events"]])
def test_bad_name_types_get_a_clear_error(bad):
    with pytest.raises(DatasetError, match="no dataset called"):
        load(bad)


def _damage(path: Path, row: int, column: str, value: str) -> str:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    key = frame.iloc[row, 0]
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    return key


@pytest.mark.parametrize("column,value,problem", [
    ("date", "2023-13-45", "not a valid date"),
    ("phase", "during", "not one of"),
    ("title", "", "a value is required"),
])
def test_broken_row_is_named_by_the_loader(broken_copy, column, value, problem):
    key = _damage(broken_copy / "events.csv", 4, column, value)
    with pytest.raises(DatasetError) as error:
        load("events")
    message = str(error.value)
    assert f"events.csv, row 6 (event_id={key}), field '{column}'" in message
    assert problem in message


def test_out_of_range_number_is_named(broken_copy):
    _damage(broken_copy / "places.csv", 0, "lat", "123.4")
    with pytest.raises(DatasetError, match=r"places.csv, row 2 .*field 'lat'.*maximum 90"):
        load("places")


def test_broken_row_is_rejected_by_frictionless_too(broken_copy):
    _damage(broken_copy / "events.csv", 4, "place_id", "atlantis")
    report = validate(broken_copy)
    assert not report.valid
    rows = report.flatten(["rowNumber", "type"])
    assert [6, "foreign-key"] in rows


def test_missing_file_is_named(broken_copy):
    (broken_copy / "claims.csv").unlink()
    with pytest.raises(DatasetError, match="claims table .* missing"):
        load("claims")


def test_data_dir_found_from_a_subfolder(monkeypatch):
    monkeypatch.delenv("SUMMIT_DATA", raising=False)
    monkeypatch.chdir(ROOT / "lessons")
    assert data_dir() == DATA


def test_bad_override_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMIT_DATA", str(tmp_path))
    with pytest.raises(DatasetError, match="has no datapackage.json"):
        data_dir()


def test_a_lesson_sees_whole_text_cells_and_plain_numbers():
    """After the first load(), text columns are not cut at 50 characters and 0.6 prints as 0.6."""
    import subprocess
    import sys

    code = ("from summit_course import load; import numpy, pandas; e = load('events'); "
            "print(repr(numpy.float64(0.6)), pandas.get_option('display.max_colwidth'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["0.6", "200"]
