"""Charts and maps that render offline, carry alt text and use a colour-blind-safe palette.

Figures are drawn with matplotlib (no CDN, no random ids) and shown as an ``<img>`` with
``alt`` text inside a ``<figure>``; their plain-text form is the alt text, so nbval
compares words, not pixels. The palette is Okabe and Ito's, safe for the common kinds of
colour blindness. Maps use the Natural Earth basemap shipped in ``datasets/geo``.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import data_dir

__all__ = ["EVIDENCE_MARKERS", "OKABE_ITO", "Figure", "figure", "basemap", "show", "stacked_bars"]

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: One marker shape per level of the evidence scale, so a chart never tells them apart by colour alone.
EVIDENCE_MARKERS = {"official_record": "o", "news_report": "D", "state_media_claim": "s",
                    "intelligence_assessment": "^", "expert_judgement": "v", "speculation": "X"}
LAND = {"Russia": "#e8e3d9", "China": "#eeeeee", "North Korea": "#f3dcc6", "South Korea": "#eeeeee",
        "Japan": "#eeeeee", "Mongolia": "#eeeeee"}


@dataclass(frozen=True)
class Figure:
    """A rendered chart: PNG bytes, alt text and an optional caption."""

    png: bytes
    alt: str
    caption: str = ""

    def __repr__(self) -> str:
        return f"[Figure: {self.alt}]"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure style="margin:0"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%">{caption}</figure>'
        )


def figure(width: float = 7, height: float = 4):
    """Start a matplotlib figure in the course style; returns ``(fig, ax)``."""
    from cycler import cycler
    from matplotlib.figure import Figure as MatplotlibFigure

    fig = MatplotlibFigure(figsize=(width, height), dpi=96)  # no pyplot: no global state
    ax = fig.subplots()
    ax.set_prop_cycle(cycler(color=OKABE_ITO))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def show(fig, alt: str, caption: str = "") -> Figure:
    """Render ``fig`` to a :class:`Figure` with alt text."""
    if not alt or not alt.strip():
        raise ValueError("Every figure needs alt text that says what it shows.")
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return Figure(buffer.getvalue(), alt.strip(), caption)


def stacked_bars(table, xlabel: str, ylabel: str, title: str, width: float = 7, height: float = 3):
    """Draw a table of counts as stacked horizontal bars, one bar per row and one segment per
    column, each segment labelled with its count and its column's name (so no colour alone
    tells them apart; empty segments stay blank). Returns ``(fig, ax)``.
    """
    counts = table.apply(lambda column: column.astype(float))  # raises on text: counts only
    fig, ax = figure(width, height)
    order = [5, 1, 2, 3, 4, 0, 6, 7]  # sky blue, then orange: the pair lesson 06 first drew
    colours = [OKABE_ITO[order[i % len(order)]] for i in range(len(counts.columns))]
    counts.plot.barh(ax=ax, stacked=True, color=colours, edgecolor="black", legend=False)
    for bars in ax.containers:
        name = str(bars.get_label()).replace("_", " ")
        ax.bar_label(bars, [f"{n:.0f} {name}" if n else "" for n in bars.datavalues], label_type="center")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    return fig, ax


@lru_cache(maxsize=2)
def _countries(folder: str) -> tuple:
    """The region's country outlines, ``(name, ring)`` each, read once (a map redraws often)."""
    geo = json.loads((Path(folder) / "geo" / "region.geojson").read_text("utf-8"))
    found = []
    for feature in geo["features"]:
        name, geometry = feature["properties"]["name"], feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        found += [(name, polygon[0]) for polygon in polygons]
    return tuple(found)


def basemap(ax, extent=(115, 150, 33, 56)):
    """Draw the region's countries on ``ax`` and fix the map's extent (lon/lat)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon

    # one collection, not a patch each: adding ~90 patches one by one took most of a redraw
    shapes = [Polygon(ring, closed=True, facecolor=LAND.get(name, "#eeeeee"), edgecolor="#999999", linewidth=0.6)
              for name, ring in _countries(str(data_dir()))]
    ax.add_collection(PatchCollection(shapes, match_original=True, zorder=0), autolim=False)
    west, east, south, north = extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.3)
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_facecolor("#dbe9f4")
    return ax
