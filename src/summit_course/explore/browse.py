"""A dataset browser: pick a table, type a word, see the matching rows.

It loads through ``load()``, so a lesson that set a knowledge date with ``as_of()`` shows no
row dated later, whatever table is picked and whatever is typed; the status line says so.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import knowledge
from ..data import datasets, load
from .base import Explorer

__all__ = ["browse"]


def matching_rows(table: str, text: str, limit: int = 15) -> pd.DataFrame:
    """Rows of ``table`` where any text column contains ``text`` (case-insensitive).

    Only the text columns are searched (not dates or numbers, so "2023" finds words, not every
    date of that year).
    """
    frame = load(table)
    if text.strip():
        words = frame.select_dtypes(include=["object", "string", "category"]).astype(str)
        hits = words.apply(lambda col: col.str.contains(text.strip(), case=False, regex=False))
        frame = frame[hits.any(axis=1)]
    return frame.head(limit)


def browse(table: str = "events") -> Explorer:
    """Explore any course dataset: choose the table, filter by a word."""
    tables = list(datasets().index)
    controls = {
        "table": widgets.Dropdown(options=tables, value=table, description="Table:"),
        "text": widgets.Text(value="", description="Rows containing:", placeholder="e.g. Shoigu",
                             continuous_update=True),  # the rows follow as you type
    }
    return Explorer("Browse the datasets", controls, matching_rows, summary=_summary)


def _summary(rows: pd.DataFrame) -> str:
    day = knowledge.current()
    since = f", from the tables as they stood on {day.day} {day:%B %Y}" if day is not None else ""
    return f"Showing {len(rows)} row(s) (at most 15){since}."
