"""Lesson 08's readings of the two articles' hedges, each scored beside the others (section 8.5).

The course coded the articles' hedges as probabilities (``forecasts.sources_probability``) and
changed four codings after the outcomes were known (``datasets/README.md`` gives each earlier
one). A reading is one way to code them: the present coding, an earlier one, or the present
coding with a question left out. :func:`score_readings` scores them all on the same table.
"""

from __future__ import annotations

import numbers

import pandas as pd

__all__ = ["NUCLEAR", "READINGS", "score_readings"]

#: The questions whose coding changed with the outcomes known, by the short name the table shows.
CHANGED = {"fc_shells_reported_2023": "shells", "fc_missiles_used_mid_2024": "missiles",
           "fc_satellite_orbit_2023": "satellite", "fc_unsc_veto_mid_2024": "veto"}
#: Russian help with naval nuclear propulsion and with nuclear weapons: both resolved no because
#: nothing was reported, while the articles' words were about the giving (section 8.5).
NUCLEAR = ["fc_naval_propulsion_2025", "fc_nuclear_weapons_tech_2025"]
_SHELLS, _MISSILES, _SATELLITE, _VETO = CHANGED
_EARLIER = {_SHELLS: 0.7, _MISSILES: 0.5, _SATELLITE: 0.5, _VETO: 0.7}
#: Each reading: what it codes otherwise than the present coding (None: the question is left out).
READINGS: dict[str, dict[str, float | None]] = {
    "as coded now": {},
    "shells likely (earlier)": {_SHELLS: 0.7},
    "missiles possible (earlier)": {_MISSILES: 0.5},
    "missiles left out": {_MISSILES: None},
    "satellite possible (earlier)": {_SATELLITE: 0.5},
    "veto likely (earlier)": {_VETO: 0.7},
    "veto likely, missiles left out": {_VETO: 0.7, _MISSILES: None},
    "every earlier coding": _EARLIER,
}


def score_readings(forecasts: pd.DataFrame, yours=None) -> pd.DataFrame:
    """Score every reading of the articles' hedges, with and without the two nuclear questions.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        The ``forecasts`` table, as ``load("forecasts")`` gives it.
    yours : float, optional
        Your answer to Exercise 8.3. The reading whose score it matches to 3 decimals is
        marked "← yours" in a last column; without a number there is no such column.

    Returns
    -------
    pandas.DataFrame
        One row per reading: the probability it gives each of the four recoded questions
        (NaN: not scored), how many questions it scores, its Brier score, its Brier score
        without the two nuclear questions, and the mark for your 8.3 answer if ``yours`` is given.
    """
    by_id = forecasts.set_index("forecast_id")
    now = by_id["sources_probability"].where(by_id["sources_hedge"] != "not addressed")  # NaN: not scored
    outcome = (by_id["resolution"] == "yes").astype(int)
    readings = pd.DataFrame([now] * len(READINGS), index=list(READINGS))
    for name, changes in READINGS.items():
        for question, probability in changes.items():
            readings.loc[name, question] = probability
    miss = readings.sub(outcome, axis=1).pow(2)  # NaN stays NaN, and the means skip it
    table = readings[list(CHANGED)].rename(columns=CHANGED).rename_axis(columns=None).assign(
        questions=readings.count(axis=1), Brier=miss.mean(axis=1).round(3),
        **{"Brier, nuclear two out": miss.drop(columns=NUCLEAR).mean(axis=1).round(3)})
    mine = round(float(yours), 3) if isinstance(yours, numbers.Real) and not isinstance(yours, bool) else None
    if mine is None:
        return table
    return table.assign(your_8_3=table["Brier"].eq(mine).map({True: "← yours", False: ""}))
