"""A delegation explorer: who travelled with Kim, who hosted him, filtered by portfolio."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import CheckboxGroup, Explorer

__all__ = ["delegation", "delegation_members", "delegation_status", "portfolio_label"]

SIDES = {"delegation": "North Korean delegation", "host": "Russian hosts"}
SIDE_CHOICES = {"delegation": ("delegation",), "host": ("host",), "both": ("delegation", "host")}
COLUMNS = ["name", "side", "portfolio", "role", "military_or_defence", "source_id"]


#: Codes whose plain spelling would mislead: ``government`` marks a deputy prime minister
#: whose brief the sources do not give.
LABELS = {"government": "Government (brief not given)"}


def portfolio_label(portfolio) -> str:
    """A portfolio code as words: ``"defence_industry"`` -> ``"Defence industry"``."""
    code = str(portfolio)
    return LABELS.get(code, code.replace("_", " ").capitalize())


def _travellers(people: pd.DataFrame) -> pd.DataFrame:
    return people[people["group"].isin(list(SIDES))]


def portfolios_present(people: pd.DataFrame | None = None) -> list[str]:
    """The portfolios held by anyone in the delegation or among the hosts, in schema order."""
    people = load("people") if people is None else people
    present = set(_travellers(people)["portfolio"].astype(str))
    return [str(p) for p in people["portfolio"].cat.categories if str(p) in present]


def delegation_members(portfolios=None, side: str = "delegation") -> pd.DataFrame:
    """The people on ``side`` whose portfolio is one of ``portfolios``.

    Parameters
    ----------
    portfolios : iterable of str, optional
        Portfolio codes such as ``"munitions"``; ``None`` means every portfolio.
    side : {"delegation", "host", "both"}
        The North Korean delegation, the Russian hosts, or both.

    Returns
    -------
    pandas.DataFrame
        One row per person (name, side, portfolio, role, military_or_defence,
        source_id), ordered by side, then portfolio (schema order), then name.
    """
    if side not in SIDE_CHOICES:
        raise ValueError(f"side should be one of {', '.join(SIDE_CHOICES)}, not {side!r}")
    people = load("people")
    chosen = people[people["group"].isin(list(SIDE_CHOICES[side]))]
    if portfolios is not None:
        chosen = chosen[chosen["portfolio"].astype(str).isin([str(p) for p in portfolios])]
    chosen = chosen.assign(
        side=chosen["group"].astype(str).map(SIDES),
        side_order=chosen["group"].astype(str).map(list(SIDES).index),
        portfolio_order=chosen["portfolio"].cat.codes,
    ).sort_values(["side_order", "portfolio_order", "name"], kind="stable")
    return chosen.assign(
        portfolio=chosen["portfolio"].map(portfolio_label).astype(object),
        military_or_defence=chosen["military_or_defence"].astype(bool),
    )[COLUMNS].reset_index(drop=True)


def delegation_status(members: pd.DataFrame) -> str:
    """One line: how many people are shown and the military or defence share among them.

    When both sides are shown, the line gives each side's count and share, so the two
    can be compared (the shares are of the rows selected, leaders included if chosen).
    """
    if members.empty:
        return "No one matches: choose at least one portfolio, or another side."
    total = len(members)
    people = "person" if total == 1 else "people"
    sides = [side for side in SIDES.values() if side in set(members["side"])]
    if len(sides) == 1:
        military = int(members["military_or_defence"].sum())
        return (f"{total} {people} shown; {military} of {total} ({military / total:.0%}) "
                "hold a military or defence-industry post.")
    parts = []
    for side in sides:
        chosen = members[members["side"] == side]
        military = int(chosen["military_or_defence"].sum())
        parts.append(f"{side}: {military} of {len(chosen)} ({military / len(chosen):.0%})")
    return (f"{total} {people} shown. In a military or defence-industry post: "
            + "; ".join(parts) + ".")


def delegation(side: str = "delegation", portfolios=None) -> Explorer:
    """Explore who travelled with Kim Jong Un and who hosted him, by portfolio and side.

    Parameters
    ----------
    side : {"delegation", "host", "both"}
        The side shown first.
    portfolios : iterable of str, optional
        The portfolios selected first; ``None`` selects every one.
    """
    present = portfolios_present()
    chosen = present if portfolios is None else [p for p in present if p in set(portfolios)]
    controls = {
        "side": widgets.ToggleButtons(
            options=[("North Korean delegation", "delegation"), ("Russian hosts", "host"),
                     ("Both sides", "both")],
            value=side,
            description="Side:",
            tooltips=["People who travelled with Kim", "Russians who met Kim during the trip",
                      "Both lists together"],
            style={"button_width": "auto"},  # each button as wide as its whole label
        ),
        "portfolios": CheckboxGroup([(portfolio_label(p), p) for p in present], value=chosen,
                                    description="Portfolios (tick those to show):"),
    }
    return Explorer(
        "Who travelled, who hosted",
        controls,
        delegation_members,
        summary=delegation_status,
    )
