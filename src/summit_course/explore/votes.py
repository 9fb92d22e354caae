"""A vote explorer: the Security Council's actions on North Korea, by member and years."""

from __future__ import annotations

import sys
import types

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import Explorer

__all__ = ["votes", "action_years", "votes_in_range", "vote_summary", "MEMBERS"]

MEMBERS = ("Russia", "China", "All council")
VOTE_COLUMN = {"Russia": "russia_vote", "China": "china_vote"}
COUNCIL_SIZE = 15
#: Actions that are statements, which the Council does not vote on.
STATEMENTS = frozenset({"blocked_statement", "unsupported_statement"})
#: The outcomes of those statements: a row with one of them was never put to a vote.
STATEMENT_OUTCOMES = frozenset({"blocked", "not_supported"})


def action_years(actions: pd.DataFrame) -> pd.Series:
    """The year of each action: from its date, or from the year its id ends in.

    One row (the press statement of February 2022) has no day in the sources, so its
    ``date`` is empty; its id, ``..._2022``, still carries the year.
    """
    from_id = pd.to_numeric(actions["action_id"].str.extract(r"_(\d{4})$", expand=False), errors="coerce")
    return actions["date"].dt.year.fillna(from_id).astype("Int64")


def _tally(row) -> str:
    if pd.isna(row["votes_for"]):
        return "no vote (statement)" if row["action"] in STATEMENTS else "count not recorded"
    return f"{row['votes_for']}-{row['votes_against']}-{row['abstentions']}"


def votes_in_range(member: str = "Russia", years: tuple[int, int] = (2006, 2024),
                   actions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The council's actions whose year lies in ``years`` (inclusive), with ``member``'s vote.

    Parameters
    ----------
    member : str
        ``"Russia"``, ``"China"`` or ``"All council"`` (the tally for, against, abstaining).
    years : (int, int)
        First and last year to keep.
    actions : DataFrame, optional
        The ``unsc_actions`` table; loaded when not given.

    Returns
    -------
    DataFrame
        One row per action, in date order: year, date, document, the vote, outcome and
        what the action did.
    """
    if member not in MEMBERS:
        raise ValueError(f"member should be one of {', '.join(MEMBERS)}, not {member!r}")
    frame = load("unsc_actions") if actions is None else actions
    first, last = sorted(int(y) for y in years)
    frame = frame.assign(year=action_years(frame))
    frame = frame[frame["year"].between(first, last)].sort_values("year", kind="stable")
    if member == "All council":
        vote = frame.apply(_tally, axis=1) if len(frame) else pd.Series(dtype=str)
        label = "vote (for-against-abstain)"
    else:
        vote = frame[VOTE_COLUMN[member]].astype(str)
        label = f"{member}'s vote"
    return pd.DataFrame({
        "year": frame["year"].astype(int),
        "date": frame["date"].dt.strftime("%Y-%m-%d").fillna("(no day given)"),
        "document": frame["document"],
        label: vote,
        "outcome": frame["outcome"].astype(str),
        "what it did": frame["summary"],
    }).reset_index(drop=True)


def _voted_yes(rows: pd.DataFrame) -> pd.Series:
    column = rows.columns[3]
    if column.startswith("vote ("):
        return rows[column] == f"{COUNCIL_SIZE}-0-0"
    return rows[column] == "yes"


def _statements(count: int) -> str:
    return f"{count} statement{'s' if count != 1 else ''}, which the council does not vote on"


def vote_summary(rows: pd.DataFrame, member: str, years: tuple[int, int]) -> str:
    """One line such as "Russia voted yes on 1 of 3 actions put to a vote in 2018-2024; ...".

    Only actions put to a vote are counted: statements (``STATEMENT_OUTCOMES``) are left
    out, and the line says how many. Actions whose vote the sources do not record
    (``not_recorded``) are counted among the votes but not as yes votes, and the line says
    how many there are.
    """
    first, last = sorted(int(y) for y in years)
    span = f"{first}" if first == last else f"{first}-{last}"
    who = f"All {COUNCIL_SIZE} members" if member == "All council" else member
    if rows is None or rows.empty:
        return f"The council took no action on North Korea in {span} that the dataset records."
    statement = rows["outcome"].isin(STATEMENT_OUTCOMES)
    voted, left_out = rows[~statement], int(statement.sum())
    if voted.empty:
        return f"The council put none of its actions in {span} to a vote: {_statements(left_out)}."
    yes = int(_voted_yes(voted).sum())
    unknown = int(voted[voted.columns[3]].isin(["not_recorded", "count not recorded"]).sum())
    line = f"{who} voted yes on {yes} of {len(voted)} action{'s' if len(voted) != 1 else ''} put to a vote in {span}"
    line += f"; {_statements(left_out)}, {'are' if left_out != 1 else 'is'} left out." if left_out else "."
    return line + (f" The sources record no vote for {unknown} of them." if unknown else "")


def votes(member: str = "Russia", years: tuple[int, int] = (2006, 2024)) -> Explorer:
    """Explore the council's votes on North Korea: pick a member and a range of years."""
    actions = load("unsc_actions")
    low, high = int(action_years(actions).min()), int(action_years(actions).max())
    controls = {
        "member": widgets.Dropdown(options=list(MEMBERS), value=member, description="Member:"),
        "years": widgets.IntRangeSlider(value=tuple(years), min=low, max=high, step=1,
                                        description="Years:", continuous_update=False),
    }
    return Explorer(
        "Security Council votes on North Korea",
        controls,
        lambda member, years: votes_in_range(member, years, actions),
        summary=lambda rows: vote_summary(rows, controls["member"].value, controls["years"].value),
    )


class _CallableModule(types.ModuleType):
    """Let ``explore.votes(...)`` work even after this module has been imported.

    Importing ``summit_course.explore.votes`` makes the package attribute ``votes`` this
    module, which hides the package's lazy lookup of the function; calling the module
    therefore calls the function, so re-running a lesson cell still works.
    """

    def __call__(self, *args, **kwargs):
        return votes(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
