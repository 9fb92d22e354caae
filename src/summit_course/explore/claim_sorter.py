"""Sort the claims by topic and by the kind of evidence behind them; spot hedges and bounds."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from ..evidence import EVIDENCE_LEVELS
from .base import Explorer

__all__ = ["claim_sorter", "sorted_claims", "count_line", "EVIDENCE_KINDS"]

EVIDENCE_KINDS = list(EVIDENCE_LEVELS)
COLUMNS = ["date", "claimant", "evidence_kind", "hedge", "bound", "claim", "source_id"]
ALL_TOPICS = "all topics"


def _label(kind: str) -> str:
    """A level as words: ``news_report`` -> ``news report``."""
    return kind.replace("_", " ")


def sorted_claims(topic: str = ALL_TOPICS, kinds=tuple(EVIDENCE_KINDS),
                  hedged_only: bool = False, bounded_only: bool = False) -> pd.DataFrame:
    """Claims on ``topic`` whose evidence kind is in ``kinds``, in the course's scale order.

    Parameters
    ----------
    topic : str
        A value of the ``topic`` column, or ``"all topics"``.
    kinds : iterable of str
        Evidence kinds to keep (levels of the evidence scale).
    hedged_only : bool
        Keep only claims with a word that doubts them (the ``hedge`` column).
    bounded_only : bool
        Keep only claims with a word that bounds a number (the ``bound`` column).

    Returns
    -------
    DataFrame
        Columns date (ISO text, empty when unknown), claimant, evidence_kind, hedge, bound,
        claim and source_id; sorted by evidence kind (scale order), then date, then id.
    """
    claims = load("claims")
    keep = claims["evidence_kind"].isin(list(kinds))
    if topic != ALL_TOPICS:
        keep &= claims["topic"] == topic
    if hedged_only:
        keep &= claims["hedge"].notna()
    if bounded_only:
        keep &= claims["bound"].notna()
    rows = claims[keep].sort_values(["evidence_kind", "date", "claim_id"], na_position="last")
    rows = rows.assign(date=rows["date"].dt.strftime("%Y-%m-%d").fillna(""),
                       evidence_kind=rows["evidence_kind"].astype(str),
                       hedge=rows["hedge"].fillna(""), bound=rows["bound"].fillna(""))
    return rows[COLUMNS].reset_index(drop=True)


def count_line(rows: pd.DataFrame) -> str:
    """A status line: claims shown, how many doubt or bound, and how many of each kind."""
    if rows.empty:
        return "No claims match these settings."
    counts = rows["evidence_kind"].value_counts()
    parts = [f"{counts[kind]} {_label(kind)}" for kind in EVIDENCE_KINDS if kind in counts]
    hedged = int((rows["hedge"] != "").sum())
    bounded = int((rows["bound"] != "").sum())
    noun = "claim" if len(rows) == 1 else "claims"
    return (f"{len(rows)} {noun} ({hedged} with a hedge, {bounded} with a bound): "
            + ", ".join(parts) + ".")


def claim_sorter(topic: str = ALL_TOPICS) -> Explorer:
    """Explore the claims: choose a topic and kinds of evidence; show hedged or bounded claims."""
    topics = [ALL_TOPICS, *sorted(str(t) for t in load("claims")["topic"].cat.categories)]
    controls = {
        "topic": widgets.Dropdown(options=topics, value=topic, description="Topic:"),
        "kinds": widgets.SelectMultiple(
            options=[(_label(kind), kind) for kind in EVIDENCE_KINDS],
            value=tuple(EVIDENCE_KINDS), rows=len(EVIDENCE_KINDS),
            description="Evidence kinds (Ctrl/Shift+click):"),
        "hedged_only": widgets.Checkbox(value=False, indent=False,
                                        description="Only claims with a hedge (a word of doubt)"),
        "bounded_only": widgets.Checkbox(value=False, indent=False,
                                         description="Only claims with a bound on a number"),
    }
    return Explorer("Sort the claims by the evidence behind them", controls, sorted_claims,
                    summary=count_line)
