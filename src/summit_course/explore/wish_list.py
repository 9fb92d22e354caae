"""A wish-list explorer: one side's aims, filtered by kind and by UN-sanctions status."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import Explorer

__all__ = ["wish_list", "select_aims", "describe_selection", "STATUS_LABELS", "KIND_LABELS"]

ALL = "all"
STATUSES = ("yes", "unclear", "no")
#: What each value of ``breaches_un_sanctions`` means (datasets/README.md has the rule).
STATUS_LABELS = {
    "yes": "yes: a ban covers it",
    "unclear": "unclear: legal only under conditions",
    "no": "no: no ban covers it",
}
#: Human names for the ``kind`` column.
KIND_LABELS = {
    "space": "Space",
    "military_hardware": "Military hardware",
    "munitions": "Munitions",
    "materials": "Materials",
    "technology": "Technology and know-how",
    "food_energy": "Food and energy",
    "money": "Money",
    "labour": "Labour",
    "military_cooperation": "Military cooperation",
    "diplomatic": "Diplomatic",
}
COLUMNS = ["aim", "kind", "breaches_un_sanctions", "likelihood_sep_2023", "judged_by", "source_id"]


def select_aims(party: str = "North Korea", kind: str = ALL, status: str = ALL) -> pd.DataFrame:
    """The aims of ``party``, kept to one ``kind`` and one sanctions ``status`` (or ``"all"``).

    Returns the columns in ``COLUMNS``, in the table's order. ``attrs`` carries the
    party and its total number of aims, so a status line can say "n of N".
    """
    aims = load("aims")
    if party not in set(aims["party"].astype(str)):
        raise ValueError(f"No aims for {party!r}; choose one of {sorted(aims['party'].astype(str).unique())}.")
    if status != ALL and status not in STATUSES:
        raise ValueError(f"Sanctions status must be one of {[ALL, *STATUSES]}, not {status!r}.")
    own = aims[aims["party"] == party]
    rows = own
    if kind != ALL:
        rows = rows[rows["kind"].astype(str) == kind]
    if status != ALL:
        rows = rows[rows["breaches_un_sanctions"].astype(str) == status]
    rows = rows[COLUMNS].reset_index(drop=True)
    rows.attrs.update(party=party, total=len(own))
    return rows


def describe_selection(rows: pd.DataFrame) -> str:
    """One status line: how many aims are shown, and how many fall under a ban, under conditions or none."""
    status = rows["breaches_un_sanctions"].astype(str)
    party, total = rows.attrs.get("party", "this side"), rows.attrs.get("total", len(rows))
    return (f"Showing {len(rows)} of {total} aims of {party}: "
            f"{(status == 'yes').sum()} would breach UN sanctions, "
            f"{(status == 'unclear').sum()} would be legal only under conditions (unclear), "
            f"{(status == 'no').sum()} would not.")


def wish_list(party: str = "North Korea") -> Explorer:
    """Explore one side's wish list of September 2023 by kind and by sanctions status."""
    aims = load("aims")
    parties = [str(p) for p in aims["party"].cat.categories]
    kinds = [(KIND_LABELS.get(str(k), str(k)), str(k)) for k in aims["kind"].cat.categories]
    statuses = [(STATUS_LABELS[s], s) for s in STATUSES]
    controls = {
        "party": widgets.Dropdown(options=parties, value=party, description="Side that wants it:"),
        "kind": widgets.Dropdown(options=[("all kinds", ALL), *kinds], value=ALL, description="Kind of aim:"),
        "status": widgets.Dropdown(options=[("all", ALL), *statuses], value=ALL,
                                   description="Would breach UN sanctions?"),
    }
    return Explorer("Wish lists, September 2023", controls, select_aims, summary=describe_selection)
