"""A transparent cost/benefit model of transfers between Russia and North Korea.

Each wish in the ``aims`` table becomes a candidate transfer from the side asked
(``wanted_from``, the giver) to the side that wants it (``party``, the receiver). The
model scores it as::

    score = w_value * value - w_cost * cost - w_sanctions * sanctions

and calls it *plausible* when the score is above a threshold, *implausible* when it is
below, and a *tie* when it sits exactly on the threshold: a tie is a verdict the model
cannot make, not a narrow "no".

``value`` (to the receiver) and ``cost`` (to the giver) run from 1 (low) to 3 (high)
and depend only on the wish's ``kind``; :data:`KIND_SCALE` gives them. They are the
course's own teaching assumption, not any source's judgement: students are meant to
question them. ``sanctions`` is 1 when the transfer would breach UN sanctions, 0.5 when
that is unclear and 0 when it would not (:data:`SANCTIONS_PENALTY`, read from the
dataset's ``breaches_un_sanctions`` column).

**What the model is compared with.** The model predicts the *giving*: would the giver
hand the item over? The articles of September 2023 mostly judged the *wanting*: "Kim
will also likely seek", "Moscow's interest ... likely lies in". ``likelihood_sep_2023``
in ``aims`` records how sure they sounded that a side wanted *or* would get an item, so
it cannot test the model. ``giving_sep_2023`` keeps only what they say about the giving
(rules G1-G4 in ``datasets/coding-rules.md``, with the words in ``giving_words``), and the
model is compared with it alone: where it is ``not_judged``, so is the model. Two of the
articles' firm judgements are no forecast: they report the item as already given at the
summit (rule G1's "already given"), before the course chose the model's values, so the
model is not scored on them (``agree`` is ``given``).
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load
from .base import Explorer

__all__ = ["KIND_SCALE", "SANCTIONS_PENALTY", "DEFAULTS", "score_transfers", "sweep",
           "giving_judgements", "agreement_line", "transfer_model"]

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
    "military_cooperation": (2, 1),  # visits and port calls: useful ties, no stocks drawn on
    "diplomatic": (2, 1),         # words and votes cost little to give
}

#: Penalty for the sanctions risk, from the ``breaches_un_sanctions`` column.
SANCTIONS_PENALTY: dict[str, float] = {"yes": 1.0, "unclear": 0.5, "no": 0.0}

#: The articles' level on the giving read as a verdict: "possible" leans neither way.
GIVING_VERDICT: dict[str, str] = {"likely": "plausible", "unlikely": "implausible", "possible": "open"}
#: The code for an aim whose giving the articles did not judge (rule G4).
NOT_JUDGED = "not_judged"
#: The words of ``giving_words`` that mark a giving the articles report as done at the summit
#: (rule G1): an input the model was built knowing, not a forecast it can be tested on.
ALREADY_GIVEN = "already given"

#: The widget's starting settings.
DEFAULTS: dict[str, float] = {"w_value": 1.0, "w_cost": 1.0, "w_sanctions": 1.0, "threshold": 0.0}

COLUMNS = ["aim_id", "giver", "receiver", "kind", "value", "cost", "sanctions", "score",
           "verdict", "articles_on_giving", "agree"]


def giving_judgements(aims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles' words on the giving, one row per aim they judge (``aims`` rows whose
    ``giving_sep_2023`` is not ``not_judged``)."""
    aims = load("aims") if aims is None else aims
    judged = aims[aims["giving_sep_2023"].astype(str) != NOT_JUDGED]
    return pd.DataFrame({"aim_id": judged["aim_id"].astype(str),
                         "articles_on_giving": judged["giving_sep_2023"].astype(str),
                         "whose_words": judged["giving_words"].astype(str)}).reset_index(drop=True)


def _verdict(score: float, threshold: float) -> str:
    if score > threshold:
        return "plausible"
    return "tie" if score == threshold else "implausible"


def _agreement(verdict: str, judged: str, words: str) -> str:
    if ALREADY_GIVEN in words:
        return "given"
    said = GIVING_VERDICT.get(judged, NOT_JUDGED)
    if said in (NOT_JUDGED, "open"):
        return said
    if verdict == "tie":
        return "tie"
    return "yes" if said == verdict else "no"


def score_transfers(w_value: float = 1.0, w_cost: float = 1.0, w_sanctions: float = 1.0,
                    threshold: float = 0.0, aims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every wish in ``aims`` as a transfer and give the model's verdict.

    Parameters
    ----------
    w_value, w_cost, w_sanctions : float
        Weights on the value to the receiver, the cost to the giver and the sanctions risk.
    threshold : float
        A transfer is "plausible" when its score is above this, "implausible" when it is
        below, and a "tie" when it is exactly equal.
    aims : DataFrame, optional
        The ``aims`` table; loaded from the course datasets when omitted.

    Returns
    -------
    DataFrame
        One row per transfer, highest score first (ties by ``aim_id``), with the columns
        ``aim_id, giver, receiver, kind, value, cost, sanctions, score, verdict,
        articles_on_giving, agree``. ``agree`` is "yes" or "no" where the articles judged
        the giving likely or unlikely, "tie" where they did but the model cannot decide,
        "open" where they said possible, and "not_judged" where they said nothing about it
        (``giving_sep_2023`` in ``aims``).
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
    line = round(float(threshold), 3) + 0.0
    frame["verdict"] = [_verdict(s, line) for s in frame["score"]]
    frame["articles_on_giving"] = aims["giving_sep_2023"].astype(str).to_numpy()
    words = aims["giving_words"].fillna("").astype(str).to_numpy()
    frame["agree"] = [_agreement(v, j, w) for v, j, w in zip(frame["verdict"], frame["articles_on_giving"], words)]
    frame = frame.sort_values(["score", "aim_id"], ascending=[False, True], kind="mergesort")
    return frame[COLUMNS].reset_index(drop=True)


def agreement_line(result: pd.DataFrame) -> str:
    """The status line: the verdicts, ties included, and the comparison with the articles'
    forecasts alone (not with what they report as already given)."""
    counts = result["verdict"].value_counts()
    firm = result[result["agree"].isin(["yes", "no", "tie"])]
    agreed, ties = int((firm["agree"] == "yes").sum()), int((firm["agree"] == "tie").sum())
    given = int((result["agree"] == "given").sum())
    return (f"Of {len(result)} transfers: plausible {counts.get('plausible', 0)}, implausible "
            f"{counts.get('implausible', 0)}, tied at the threshold {counts.get('tie', 0)}. "
            f"The articles forecast the giving as likely or unlikely for {len(firm)} of them (not counting "
            f"{given} they report as already given): the model agrees on {agreed}, disagrees on "
            f"{len(firm) - agreed - ties}, ties on {ties}.")


def sweep(setting: str, values, **fixed: float) -> pd.DataFrame:
    """Run the model once for each value of one setting and stack the runs.

    Parameters
    ----------
    setting : str
        ``"w_value"``, ``"w_cost"``, ``"w_sanctions"`` or ``"threshold"``.
    values : iterable of float
        The values to try, one run each.
    **fixed : float
        Other settings for every run; the rest keep their defaults.

    Returns
    -------
    DataFrame
        The runs one under another, one row per transfer and run, with the setting's value
        in a column named after it.
    """
    if setting not in DEFAULTS:
        raise ValueError(f"{setting!r} is not a setting of the model; choose one of {', '.join(DEFAULTS)}.")
    values = list(values)
    if not values:
        raise ValueError("Give at least one value to try, for example [0.5, 1, 1.5].")
    runs = [score_transfers(**{**fixed, setting: value}).assign(**{setting: value}) for value in values]
    return pd.concat(runs, ignore_index=True)


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
    explorer = Explorer("Which transfers does the model call plausible?", controls, score_transfers,
                        summary=agreement_line)
    explorer.giving = giving_judgements()  # the articles' words the model is compared with
    explorer.sweep = sweep  # one run per value of a setting, stacked
    return explorer
