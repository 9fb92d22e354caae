"""Offer matcher: pick what one side could give, see what it might ask for in return.

An offer is one side's aim as the other side would meet it: North Korea "offers"
artillery shells because Russia wants them. What the offer could buy are the offering
side's own aims, filtered by a simple rule and ranked likeliest first. The rules are the
course's own teaching models, not claims made by any source.

The sanctions status comes from ``aims.breaches_un_sanctions`` as the data codes it (see
the data dictionary and lesson 03); nothing here re-judges it, so the matches follow any
recoding of that column.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import Explorer

__all__ = ["offer_matcher", "matches", "RULES"]

RULES = {
    "same sanctions exposure": "the offering side's wants with the same sanctions status as the offer",
    "same kind": "the offering side's wants of the same kind as the offer",
    "any want": "all of the offering side's wants",
}
UNCLEAR = ", that is, lawful only under conditions or not settled by the sources"
COLUMNS = ["aim_id", "aim", "kind", "breaches_un_sanctions", "likelihood_sep_2023", "judged_by",
           "source_id"]


def _short(text: str, width: int = 60) -> str:
    """The aim's text cut at a word boundary to about ``width`` characters, for a label."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def offer_options(aims: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """Drop-down entries ``(label, aim_id)``: every aim, worded as the other side's offer."""
    aims = load("aims") if aims is None else aims
    ordered = aims.sort_values(["wanted_from", "aim_id"])
    return [(f"{row.wanted_from} offers: {_short(row.aim)}", row.aim_id)
            for row in ordered.itertuples(index=False)]


def matches(offer: str, rule: str = "same sanctions exposure") -> pd.DataFrame:
    """What the side making ``offer`` could ask for in return, under ``rule``.

    Parameters
    ----------
    offer : str
        An ``aim_id`` from ``aims``. The offering side is that aim's ``wanted_from``.
    rule : str
        One of :data:`RULES`: ``"same sanctions exposure"`` keeps the offering side's
        wants whose ``breaches_un_sanctions`` equals the offer's; ``"same kind"`` keeps
        those of the same ``kind``; ``"any want"`` keeps them all.

    Returns
    -------
    DataFrame
        The matching aims, likeliest first (then by ``aim_id``), with the offer's
        details in ``attrs`` for the status line.
    """
    if rule not in RULES:
        raise ValueError(f"Unknown rule {rule!r}; choose one of {', '.join(RULES)}.")
    aims = load("aims")
    found = aims[aims["aim_id"] == offer]
    if found.empty:
        raise ValueError(f"No aim with id {offer!r}.")
    item = found.iloc[0]
    giver = str(item["wanted_from"])
    wants = aims[aims["party"] == giver]
    if rule == "same sanctions exposure":
        wants = wants[wants["breaches_un_sanctions"] == item["breaches_un_sanctions"]]
    elif rule == "same kind":
        wants = wants[wants["kind"] == item["kind"]]
    result = wants.sort_values(["likelihood_sep_2023", "aim_id"])[COLUMNS].reset_index(drop=True)
    result.attrs = {
        "giver": giver, "taker": str(item["party"]), "offer": _short(item["aim"]),
        "kind": str(item["kind"]), "sanctions": str(item["breaches_un_sanctions"]),
        "rule": rule, "of": len(aims[aims["party"] == giver]),
    }
    return result


def describe(result: pd.DataFrame) -> str:
    """One status line: the offer, the rule in words, and how many wants it keeps."""
    a = result.attrs
    if not a:
        return ""
    rule = RULES[a["rule"]]
    if a["rule"] == "same sanctions exposure":
        rule += f" (breaches UN sanctions: {a['sanctions']}{UNCLEAR if a['sanctions'] == 'unclear' else ''})"
    elif a["rule"] == "same kind":
        rule += f" ({a['kind']})"
    head = f"{a['giver']} gives {a['taker']} '{a['offer']}'. Rule: {rule}. "
    if result.empty:
        return head + f"None of {a['giver']}'s {a['of']} wants qualify."
    return head + f"{len(result)} of {a['giver']}'s {a['of']} wants qualify, listed likeliest first."


def offer_matcher(offer: str = "ru_artillery_shells", rule: str = "same sanctions exposure") -> Explorer:
    """Pair an offer from one side with what that side could ask for in return."""
    controls = {
        "offer": widgets.Dropdown(options=offer_options(), value=offer, description="Offer:"),
        "rule": widgets.Dropdown(options=list(RULES), value=rule, description="Matching rule:"),
    }
    return Explorer("Match an offer to what it could buy", controls, matches, summary=describe)
