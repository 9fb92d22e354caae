"""Round 6's blind review of lessons 02 and 03, and the student walkthrough: each finding a test can
catch, checked on the shipped notebooks, the exercise keys and the data.

A source's note says what the source is, not what the course's tools make of it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def test_a_source_note_says_what_the_source_is_not_what_our_tools_do():
    """The ``etvbharat`` row's note explained the URL's encoding to the overlap checker."""
    sources = pd.read_csv(ROOT / "datasets" / "sources.csv", dtype=str).fillna("")
    tooling = re.compile(r"overlap|checker|pytest|linter|validator|percent-encoded", re.I)
    talking = sources.loc[sources["note"].str.contains(tooling), ["source_id", "note"]]
    assert talking.empty, talking.to_string()
