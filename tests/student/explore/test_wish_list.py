"""The wish-list explorer filters the real aims table by side, kind and sanctions status."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from summit_course.live import LIVE_MARK
from summit_course import load
from summit_course.explore.wish_list import (COLUMNS, KIND_LABELS, STATUS_LABELS, describe_selection,
                                             select_aims, wish_list)


def _expected(party, kind=None, status=None):
    aims = load("aims")
    rows = aims[aims["party"] == party]
    if kind:
        rows = rows[rows["kind"] == kind]
    if status:
        rows = rows[rows["breaches_un_sanctions"] == status]
    return rows


def test_all_aims_of_a_side_in_table_order():
    rows = select_aims("North Korea")
    expected = _expected("North Korea")
    assert list(rows.columns) == COLUMNS
    assert list(rows["aim"]) == list(expected["aim"])
    assert rows.attrs == {"party": "North Korea", "total": len(expected)}


@pytest.mark.parametrize("party", ["North Korea", "Russia"])
@pytest.mark.parametrize("status", ["yes", "unclear", "no"])
def test_status_filter_matches_the_table(party, status):
    rows = select_aims(party, status=status)
    assert len(rows) == len(_expected(party, status=status))
    assert set(rows["breaches_un_sanctions"].astype(str)) <= {status}


def test_kind_and_status_combine():
    rows = select_aims("North Korea", kind="food_energy", status="unclear")
    assert len(rows) == len(_expected("North Korea", "food_energy", "unclear")) > 0
    assert set(rows["kind"].astype(str)) == {"food_energy"}


def test_recoded_sanctions_column_one_rule():
    """Space-launch help, SLBM know-how and naval propulsion fall under a ban; oil is the conditional case."""
    status = load("aims").set_index("aim_id")["breaches_un_sanctions"].astype(str)
    for aim in ("nk_space_launch_help", "nk_submarine_slbm_knowhow", "nk_naval_nuclear_propulsion",
                "nk_aircraft_spare_parts", "ru_artillery_shells", "ru_advanced_missiles"):
        assert status[aim] == "yes", aim
    assert status["nk_energy_oil"] == "unclear"
    assert select_aims("North Korea", kind="technology", status="unclear").empty
    oil = select_aims("North Korea", status="unclear")
    assert oil["aim"].str.contains("Oil").any()


def test_statuses_partition_a_side():
    total = len(select_aims("North Korea"))
    assert sum(len(select_aims("North Korea", status=s)) for s in ("yes", "unclear", "no")) == total


def test_food_aid_would_not_breach_and_missile_materials_would():
    rows = select_aims("North Korea", status="no")
    assert rows["aim"].str.contains("Food aid").any()
    assert select_aims("North Korea", kind="materials")["breaches_un_sanctions"].astype(str).tolist() == ["yes"]


def test_a_kind_the_side_does_not_want_is_empty():
    rows = select_aims("North Korea", kind="munitions")
    assert rows.empty and list(rows.columns) == COLUMNS


def test_summary_counts_the_selection():
    rows = select_aims("North Korea", kind="technology")
    yes = int((rows["breaches_un_sanctions"] == "yes").sum())
    line = describe_selection(rows)
    assert line.startswith(f"Showing {len(rows)} of {len(_expected('North Korea'))} aims of North Korea")
    assert f"{yes} would breach UN sanctions" in line


def test_bad_settings_raise_clear_errors():
    with pytest.raises(ValueError, match="No aims"):
        select_aims("Atlantis")
    with pytest.raises(ValueError, match="Sanctions status"):
        select_aims("North Korea", status="maybe")


def test_widget_is_labelled_stable_and_responds():
    widget = wish_list()
    assert repr(widget) == "Explorer('Wish lists, September 2023')"
    for control in widget.controls.values():
        assert isinstance(control, widgets.Dropdown) and control.description.strip()
    labels = [label for label, _ in widget.controls["status"].options]
    assert labels[1:] == [STATUS_LABELS[s] for s in ("yes", "unclear", "no")]
    assert all("_" not in label for label, _ in widget.controls["kind"].options)
    assert set(KIND_LABELS) >= {str(k) for k in load("aims")["kind"].cat.categories}
    assert len(widget.result) == len(_expected("North Korea"))
    widget.controls["status"].value = "yes"
    assert len(widget.result) == len(_expected("North Korea", status="yes"))
    assert "would breach UN sanctions" in widget.status.value and widget.status.value.startswith(LIVE_MARK)
    widget.controls["status"].value = "unclear"
    assert "legal only under conditions" in widget.status.value
    widget.controls["party"].value = "Russia"
    assert widget.result.attrs["party"] == "Russia"
