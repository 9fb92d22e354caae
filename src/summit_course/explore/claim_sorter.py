"""Sort the claims by topic and by the kind of evidence behind them, and spot the hedges."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from ..evidence import EVIDENCE_LEVELS
from .base import Explorer

__all__ = ["claim_sorter", "sorted_claims", "count_line", "EVIDENCE_KINDS"]

EVIDENCE_KINDS = list(EVIDENCE_LEVELS)
COLUMNS = ["date", "claimant", "evidence_kind", "hedge", "claim", "source_id"]
ALL_TOPICS = "all topics"


def sorted_claims(topic: str = ALL_TOPICS, kinds=tuple(EVIDENCE_KINDS),
                  hedged_only: bool = False) -> pd.DataFrame:
    """Claims on ``topic`` whose evidence kind is in ``kinds``, strongest evidence first.

    Parameters
    ----------
    topic : str
        A value of the ``topic`` column, or ``"all topics"``.
    kinds : iterable of str
        Evidence kinds to keep (levels of the certainty scale).
    hedged_only : bool
        Keep only claims with a hedging word in the ``hedge`` column.

    Returns
    -------
    DataFrame
        Columns date (ISO text, empty when unknown), claimant, evidence_kind, hedge,
        claim and source_id; sorted by evidence kind (scale order), then date, then id.
    """
    claims = load("claims")
    keep = claims["evidence_kind"].isin(list(kinds))
    if topic != ALL_TOPICS:
        keep &= claims["topic"] == topic
    if hedged_only:
        keep &= claims["hedge"].notna()
    rows = claims[keep].sort_values(["evidence_kind", "date", "claim_id"], na_position="last")
    rows = rows.assign(date=rows["date"].dt.strftime("%Y-%m-%d").fillna(""),
                       evidence_kind=rows["evidence_kind"].astype(str),
                       hedge=rows["hedge"].fillna(""))
    return rows[COLUMNS].reset_index(drop=True)


def count_line(rows: pd.DataFrame) -> str:
    """A status line: how many claims are shown, and how many of each evidence kind."""
    if rows.empty:
        return "No claims match these settings."
    counts = rows["evidence_kind"].value_counts()
    parts = [f"{counts[kind]} {kind.replace('_', ' ')}" for kind in EVIDENCE_KINDS if kind in counts]
    hedged = int((rows["hedge"] != "").sum())
    noun = "claim" if len(rows) == 1 else "claims"
    return f"{len(rows)} {noun} ({hedged} hedged): " + ", ".join(parts) + "."


def claim_sorter(topic: str = ALL_TOPICS) -> Explorer:
    """Explore the claims: choose a topic and the kinds of evidence, and show hedged claims only."""
    topics = [ALL_TOPICS, *sorted(str(t) for t in load("claims")["topic"].cat.categories)]
    controls = {
        "topic": widgets.Dropdown(options=topics, value=topic, description="Topic:"),
        "kinds": widgets.SelectMultiple(
            options=[(kind.replace("_", " "), kind) for kind in EVIDENCE_KINDS],
            value=tuple(EVIDENCE_KINDS), rows=5,
            description="Evidence kinds (Ctrl/Shift+click):"),
        "hedged_only": widgets.Checkbox(value=False, description="Only claims with a hedge",
                                        indent=False),
    }
    return Explorer("Sort the claims by the evidence behind them", controls, sorted_claims,
                    summary=count_line)
