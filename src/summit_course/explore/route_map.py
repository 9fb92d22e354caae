"""A timeline scrubber over Kim's 2023 trip that redraws his route on a map, day by day."""

from __future__ import annotations

import hashlib
import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..data import load
from ..hints import markdown_html
from .base import Explorer

__all__ = ["route_map", "trip_route", "day_events", "draw_route", "trip_days_range"]

# Trip events that are not stops on Kim's own journey: the forum runs in the background,
# the Kremlin speaks from Moscow, and the missile launches happen in North Korea (no site).
OFF_ROUTE = ("eef_2023", "trip_kremlin_confirms", "trip_missile_launches")
EXTENT = (122, 142, 37, 54)  # lon west, lon east, lat south, lat north
INSET = (130.2, 132.6, 42.2, 43.6)  # Primorye: the border, Vladivostok and Artyom
LABEL_GAP = 9  # points between a stop and its label
#: The line between stops is straight: it is not the track the train took (across China, for one).
ROUTE_LEGEND = "stops so far, joined in order by straight lines\n(not the rail route)"
ROUTE_COLOUR, DAY_COLOUR = charts.OKABE_ITO[0], charts.OKABE_ITO[3]


@dataclass(frozen=True, repr=False)
class RouteFigure(charts.Figure):
    """A route map that also lists the day's events (as text, below the image)."""

    events: tuple = ()
    status: str = ""

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{markdown_html(e)}</li>" for e in self.events)
        listing = f"<ul>{items}</ul>" if items else "<p><em>No event is recorded on this day.</em></p>"
        return super()._repr_html_() + listing


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events and places tables as the session sees them now (``load`` parses a file once
    per content, so a redraw costs no parsing; a changed table or knowledge date shows at once)."""
    return load("events"), load("places")


def _tables_key() -> str:
    """One digest of the tables' current content: a drawn day is reused only while it holds."""
    digest = hashlib.sha1()
    for table in _tables():
        digest.update(pd.util.hash_pandas_object(table.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def trip_route() -> pd.DataFrame:
    """The stops of Kim's journey, in order, with each place's name and coordinates."""
    events, places = _tables()
    trip = events[(events["phase"] == "trip") & ~events["event_id"].isin(OFF_ROUTE)]
    places = places[["place_id", "name", "country", "lon", "lat"]]
    route = trip.merge(places, on="place_id", how="left", validate="many_to_one")
    return route.sort_values("date", kind="stable").reset_index(drop=True)


def trip_days_range() -> list[pd.Timestamp]:
    """Every calendar day of the trip, from the first trip event to the last."""
    events = _tables()[0]
    trip = events[events["phase"] == "trip"]
    return list(pd.date_range(trip["date"].min(), trip["date"].max(), freq="D"))


def day_events(day) -> pd.DataFrame:
    """All trip events on ``day``, with whether each one is a stop on Kim's route."""
    events = _tables()[0]
    day = pd.Timestamp(day)
    rows = events[(events["phase"] == "trip") & (events["date"] == day)]
    rows = rows.assign(on_route=~rows["event_id"].isin(OFF_ROUTE))
    return rows[["date", "title", "place_id", "certainty", "source_id", "on_route"]].reset_index(drop=True)


def _short(day: pd.Timestamp) -> str:
    return f"{day.day} {day.month_name()[:3]}"


def _label(day: pd.Timestamp) -> str:
    return f"{day.day_name()[:3]} {_short(day)} {day.year}"


def _describe(row) -> str:
    note = "" if row.on_route else "; not a stop on Kim's route"
    evidence = str(row.certainty).replace("_", " ")
    return f"{row.title} ({evidence}; source: {row.source_id}{note})"


def _short_name(name: str) -> str:
    """A place's name without its qualifier, wrapped for a map label."""
    return textwrap.fill(name.split(",")[0].split(" (")[0], 22)


def _label_offsets(stops: pd.DataFrame) -> dict:
    """Push each label away from the stops around it (nearer ones push harder), so labels don't collide."""
    points = dict(zip(stops["place_id"], zip(stops["lon"], stops["lat"] * 1.3)))  # 1.3: the map's aspect
    offsets = {}
    for place, (x, y) in points.items():
        push_x = push_y = 0.0
        for other, (ox, oy) in points.items():
            if other != place:
                dx, dy = x - ox, y - oy
                weight = 1 / max((dx * dx + dy * dy) ** 1.5, 1e-6)  # unit vector over distance squared
                push_x, push_y = push_x + dx * weight, push_y + dy * weight
        length = math.hypot(push_x, push_y)
        unit = (push_x / length, push_y / length) if length else (1.0, 0.0)
        offsets[place] = (LABEL_GAP * unit[0], LABEL_GAP * unit[1])
    return offsets


def _draw_stops(ax, so_far: pd.DataFrame, today: pd.DataFrame, labelled: pd.DataFrame, offsets: dict,
                legend: bool):
    """The stops so far (dots joined by straight lines, which are not the rail route), the day's stops
    (stars) and name labels."""
    ax.plot(so_far["lon"], so_far["lat"], "-o", color=ROUTE_COLOUR, markersize=5, linewidth=1.5,
            label=ROUTE_LEGEND if legend else None)
    ax.plot(today["lon"], today["lat"], "*", color=DAY_COLOUR, markersize=18, markeredgecolor="black",
            label="stops on the chosen day" if legend else None)
    current = set(today["place_id"])
    for row in labelled.drop_duplicates("place_id").itertuples():
        bold = row.place_id in current
        dx, dy = offsets[row.place_id]
        ha = "left" if dx > 2 else "right" if dx < -2 else "center"
        va = "bottom" if dy > 3 else "top" if dy < -3 else "center"
        ax.annotate(_short_name(row.name), (row.lon, row.lat), textcoords="offset points", xytext=(dx, dy),
                    ha=ha, va=va, fontsize=8.5 if bold else 7.5, fontweight="bold" if bold else "normal",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.85 if bold else 0.6,
                          "ec": "black" if bold else "none"})


def _inside(frame: pd.DataFrame, extent) -> pd.Series:
    west, east, south, north = extent
    return frame["lon"].between(west, east) & frame["lat"].between(south, north)


def draw_route(day) -> RouteFigure:
    """Map the route up to ``day`` and mark that day's stops; list the day's events."""
    day = pd.Timestamp(day)
    route = trip_route()
    so_far, today = route[route["date"] <= day], route[route["date"] == day]
    fig, ax = charts.figure(7, 7)
    charts.basemap(ax, extent=EXTENT)
    offsets = _label_offsets(so_far)
    _draw_stops(ax, so_far, today, so_far[~_inside(so_far, INSET)], offsets, legend=True)
    inset = ax.inset_axes([0.5, 0.02, 0.48, 0.4])
    charts.basemap(inset, extent=INSET)
    inset.set(xlabel="", ylabel="", xticks=[], yticks=[], title="Primorye, enlarged")
    inset.title.set_fontsize(8)
    _draw_stops(inset, so_far, today, so_far[_inside(so_far, INSET)], offsets, legend=False)
    ax.indicate_inset_zoom(inset, edgecolor="black")
    ax.set_title(f"Kim's stops up to {_label(day)}, joined by straight lines")
    ax.legend(loc="upper right", fontsize=8)
    stops = list(dict.fromkeys(today["name"]))
    visited = list(dict.fromkeys(so_far["name"]))
    alt = (f"Map of Kim Jong Un's route from Pyongyang up to {_label(day)}, its stops joined in order by "
           f"straight lines, which are not the path of the railway: "
           f"{'; '.join(visited) or 'none yet'}. "
           + (f"The stops of that day are marked with a star and labelled in bold: {'; '.join(stops)}."
              if stops else "No stop is recorded on that day.")
           + " An enlarged inset shows the stops around Vladivostok and the border.")
    listing = day_events(day)
    events = tuple(_describe(row) for row in listing.itertuples())
    where = "; ".join(stops) if stops else "no stop recorded"
    status = (f"{_label(day)}: {where}. {len(listing)} event(s) that day, "
              f"{len(visited)} place(s) on the route so far.")
    shown = charts.show(fig, alt=alt)
    return RouteFigure(shown.png, shown.alt, shown.caption, events=events, status=status)


def _drawn(day: str) -> RouteFigure:
    """A day's map, drawn once for the tables as they are: scrubbing back to a day shows it at once."""
    return _drawn_for(day, _tables_key())


@lru_cache(maxsize=16)
def _drawn_for(day: str, tables_key: str) -> RouteFigure:
    return draw_route(day)


def route_map(day: str | None = None) -> Explorer:
    """Scrub through the trip's days; the map redraws the route up to the chosen day.

    Parameters
    ----------
    day : str, optional
        The day to show first, as ``YYYY-MM-DD``; by default the trip's first day.
    """
    days = trip_days_range()
    options = [(f"{_short(d)} ({d.day_name()[:3]})", d.date().isoformat()) for d in days]
    values = [value for _, value in options]
    try:
        start = pd.Timestamp(day).date().isoformat()
    except (TypeError, ValueError, AttributeError):
        start = values[0]
    if start not in values:  # a day outside the trip starts the scrubber on its first day
        start = values[0]
    controls = {
        "day": widgets.SelectionSlider(options=options, value=start, description="Day of the trip:",
                                       continuous_update=False, readout=True,
                                       layout=widgets.Layout(width="32em")),
    }
    first, last = days[0], days[-1]
    title = f"Kim's route, day by day ({first.day}-{last.day} {last.month_name()} {last.year})"
    return Explorer(title, controls, _drawn, summary=lambda figure: figure.status,
                    busy=lambda day: f"Drawing the map up to {_label(pd.Timestamp(day))}…")
