"""The route-map explorer of lesson 01, on the real data."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from summit_course import charts

# The module, not the lazily exported function of the same name on ``summit_course.explore``.
module = importlib.import_module("summit_course.explore.route_map")


def test_route_keeps_kims_stops_in_order():
    route = module.trip_route()
    assert list(route["place_id"].iloc[[0, -1]]) == ["pyongyang", "pyongyang"]
    assert route["date"].is_monotonic_increasing
    assert not route["event_id"].isin(module.OFF_ROUTE).any()
    assert route[["lon", "lat"]].notna().all().all()
    order = list(dict.fromkeys(route["place_id"]))
    assert order.index("khasan") < order.index("vostochny") < order.index("knaaz") < order.index("knevichi")


def test_every_calendar_day_of_the_trip_is_on_the_slider():
    days = module.trip_days_range()
    assert days[0] == pd.Timestamp("2023-09-10") and days[-1] == pd.Timestamp("2023-09-19")
    assert all((b - a).days == 1 for a, b in zip(days, days[1:]))


def test_day_events_flags_what_is_not_on_the_route():
    summit_day = module.day_events("2023-09-13")
    assert len(summit_day) == 3
    off = summit_day.loc[~summit_day["on_route"], "title"].tolist()
    assert off == ["Two ballistic missiles fired"]
    assert module.day_events("2023-09-14").empty


def test_draw_route_returns_a_figure_with_status_and_events():
    result = module.draw_route("2023-09-16")
    assert isinstance(result, charts.Figure)
    assert result.png.startswith(b"\x89PNG")
    assert "Knevichi airfield" in result.status and "Vladivostok" in result.status
    assert result.status.startswith("Sat 16 Sep 2023")
    assert len(result.events) == 2 and "source:" in result.events[0]
    assert "star" in result.alt and "Komsomolsk-on-Amur" in result.alt
    assert "<li>" in result._repr_html_() and repr(result) == f"[Figure: {result.alt}]"


def test_a_day_with_no_event_says_so():
    result = module.draw_route("2023-09-14")
    assert "no stop recorded" in result.status and "0 event(s)" in result.status
    assert "No event is recorded" in result._repr_html_()
    assert "Vostochny" in result.alt  # the route so far is still drawn


def test_the_route_grows_day_by_day():
    counts = [int(module.draw_route(day).status.split(", ")[-1].split()[0])
              for day in module.trip_days_range()]
    assert counts == sorted(counts) and counts[0] == 1


def test_labels_of_neighbouring_stops_point_apart():
    offsets = module._label_offsets(module.trip_route())
    assert set(offsets) == set(module.trip_route()["place_id"])
    (kx, ky), (tx, ty) = offsets["khasan"], offsets["tumangang"]
    assert kx * tx + ky * ty < 0  # the two border stations, 4 km apart, are labelled on opposite sides


def test_output_is_deterministic():
    first, second = module.draw_route("2023-09-13"), module.draw_route("2023-09-13")
    assert (first.alt, first.status, first.events) == (second.alt, second.status, second.events)


def test_widget_is_labelled_stable_and_responds():
    widget = module.route_map()
    assert repr(widget) == "Explorer(\"Kim's route, day by day (10-19 September 2023)\")"
    slider = widget.controls["day"]
    assert slider.description and len(slider.options) == 10
    assert slider.value == "2023-09-10" and "Pyongyang" in widget.status.value
    assert module.route_map("2023-09-16").controls["day"].value == "2023-09-16"
    slider.value = "2023-09-15"
    assert "Komsomolsk-on-Amur" in widget.status.value
    assert isinstance(widget.result, charts.Figure)


@pytest.mark.parametrize("day", ["2023-01-01", "not a date", None])
def test_an_unknown_start_day_falls_back_to_the_first(day):
    assert module.route_map(day).controls["day"].value == "2023-09-10"


def test_the_lines_are_labelled_as_straight_lines_not_the_rail_route():
    result = module.draw_route("2023-09-13")
    assert "straight lines" in result.alt and "not the path of the railway" in result.alt
    assert "not the rail route" in module.ROUTE_LEGEND and "straight lines" in module.ROUTE_LEGEND


def test_a_changed_table_is_drawn_anew_not_shown_from_memory(tmp_path, monkeypatch):
    """A map drawn from one copy of the tables is not reused for another (a test that changed the
    data saw the first copy's events, since the tables were read once per session)."""
    import shutil

    from summit_course.data import data_dir

    day = module.trip_days_range()[0].date().isoformat()
    module.draw_route(day)
    copy = shutil.copytree(data_dir(), tmp_path / "datasets")
    events = (copy / "events.csv").read_text(encoding="utf-8")
    (copy / "events.csv").write_text(events.replace("Kim leaves Pyongyang", "Kim departs Pyongyang"), encoding="utf-8")
    monkeypatch.setenv("SUMMIT_DATA", str(copy))
    assert any("Kim departs Pyongyang" in e for e in module.draw_route(day).events)
