"""A transparent cost/benefit model of transfers between Russia and North Korea.

Each wish in the ``aims`` table becomes a candidate transfer from the side asked
(``wanted_from``, the giver) to the side that wants it (``party``, the receiver). The
model scores it as::

    score = w_value * value - w_cost * cost - w_sanctions * sanctions

and calls it *plausible* when the score is above a threshold, *implausible* otherwise.
Beside each verdict it puts the sources' own judgement of September 2023
(``likelihood_sep_2023``) and says whether the two agree.

``value`` (to the receiver) and ``cost`` (to the giver) run from 1 (low) to 3 (high)
and depend only on the wish's ``kind``; :data:`KIND_SCALE` gives them. They are the
course's own teaching assumption, not any source's judgement: students are meant to
question them. ``sanctions`` is 1 when the transfer would breach UN sanctions, 0.5 when
that is unclear and 0 when it would not (:data:`SANCTIONS_PENALTY`, read from the
dataset's ``breaches_un_sanctions`` column).
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import Explorer

__all__ = ["KIND_SCALE", "SANCTIONS_PENALTY", "DEFAULTS", "score_transfers", "agreement_line",
           "transfer_model"]

#: (value to the receiver, cost to the giver) for each kind of wish, on a 1-3 scale.
#: The course's own teaching assumption, not a source's: a rough sense of how much a kind
#: of help adds for the side that gets it, and how much the side that hands it over
#: loses or risks (know-how that cannot be taken back costs most; goods that are
#: cheap to supply cost least).
KIND_SCALE: dict[str, tuple[int, int]] = {
    "space": (3, 2),              # a capability the receiver cannot build alone; military uses
    "military_hardware": (3, 3),  # front-line equipment the giver itself needs
    "munitions": (3, 2),          # drawn from stocks, which can be rebuilt over time
    "materials": (2, 1),          # inputs that are cheap to supply
    "technology": (3, 3),         # know-how that cannot be taken back once shared
    "food_energy": (2, 1),        # eases real needs; plentiful for the giver
    "money": (2, 2),              # useful to the receiver, a direct loss to the giver
    "labour": (2, 1),             # workers earn income; cheap to arrange
    "military_cooperation": (2, 1),  # visits and ties between armed forces; priced as diplomatic
    "diplomatic": (2, 1),         # words and votes cost little to give
}

#: Penalty for the sanctions risk, from the ``breaches_un_sanctions`` column.
SANCTIONS_PENALTY: dict[str, float] = {"yes": 1.0, "unclear": 0.5, "no": 0.0}

#: The sources' judgement read as a verdict: "possible" leans neither way.
SOURCES_VERDICT: dict[str, str] = {"likely": "plausible", "unlikely": "implausible", "possible": "open"}

#: The widget's starting settings.
DEFAULTS: dict[str, float] = {"w_value": 1.0, "w_cost": 1.0, "w_sanctions": 1.0, "threshold": 0.0}

COLUMNS = ["aim_id", "giver", "receiver", "kind", "value", "cost", "sanctions", "score",
           "verdict", "sources_say", "agree"]


def score_transfers(w_value: float = 1.0, w_cost: float = 1.0, w_sanctions: float = 1.0,
                    threshold: float = 0.0, aims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every wish in ``aims`` as a transfer and give the model's verdict.

    Parameters
    ----------
    w_value, w_cost, w_sanctions : float
        Weights on the value to the receiver, the cost to the giver and the sanctions risk.
    threshold : float
        A transfer is "plausible" when its score is strictly above this.
    aims : DataFrame, optional
        The ``aims`` table; loaded from the course datasets when omitted.

    Returns
    -------
    DataFrame
        One row per transfer, highest score first (ties by ``aim_id``), with the columns
        ``aim_id, giver, receiver, kind, value, cost, sanctions, score, verdict,
        sources_say, agree``. ``agree`` is "yes" or "no" where the sources said likely or
        unlikely, and "open" where they said possible.
    """
    aims = load("aims") if aims is None else aims
    kinds = aims["kind"].astype(str)
    frame = pd.DataFrame({
        "aim_id": aims["aim_id"].astype(str),
        "giver": aims["wanted_from"].astype(str),
        "receiver": aims["party"].astype(str),
        "kind": kinds,
        "value": kinds.map(lambda k: KIND_SCALE[k][0]).astype(int),
        "cost": kinds.map(lambda k: KIND_SCALE[k][1]).astype(int),
        "sanctions": aims["breaches_un_sanctions"].astype(str).map(SANCTIONS_PENALTY).astype(float),
    })
    score = w_value * frame["value"] - w_cost * frame["cost"] - w_sanctions * frame["sanctions"]
    frame["score"] = score.round(3) + 0.0  # + 0.0 turns -0.0 into 0.0
    frame["verdict"] = (frame["score"] > threshold).map({True: "plausible", False: "implausible"})
    frame["sources_say"] = aims["likelihood_sep_2023"].astype(str)
    sources = frame["sources_say"].map(SOURCES_VERDICT)
    frame["agree"] = [
        "open" if said == "open" else ("yes" if said == verdict else "no")
        for said, verdict in zip(sources, frame["verdict"])
    ]
    frame = frame.sort_values(["score", "aim_id"], ascending=[False, True], kind="mergesort")
    return frame[COLUMNS].reset_index(drop=True)


def agreement_line(result: pd.DataFrame) -> str:
    """The status line: how often the model and the sources agree."""
    decided = result[result["agree"] != "open"]
    agreed = int((decided["agree"] == "yes").sum())
    plausible = int((result["verdict"] == "plausible").sum())
    return (f"Model and sources agree on {agreed} of the {len(decided)} transfers the sources "
            f"called likely or unlikely ({len(result) - len(decided)} more they called possible). "
            f"The model calls {plausible} of {len(result)} transfers plausible.")


def _slider(value: float, low: float, high: float, description: str) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.25, description=description,
                               continuous_update=False, readout_format=".2f")


def transfer_model(w_value: float = 1.0, w_cost: float = 1.0, w_sanctions: float = 1.0,
                   threshold: float = 0.0) -> Explorer:
    """Explore the cost/benefit model: set the weights and the threshold, read the verdicts."""
    controls = {
        "w_value": _slider(w_value, 0, 3, "Weight on value to the receiver:"),
        "w_cost": _slider(w_cost, 0, 3, "Weight on cost to the giver:"),
        "w_sanctions": _slider(w_sanctions, 0, 3, "Weight on sanctions risk:"),
        "threshold": _slider(threshold, -3, 3, "Plausible when the score is above:"),
    }
    return Explorer("Which transfers does the model call plausible?", controls, score_transfers,
                    summary=agreement_line)

