"""Forecast sliders: give yes/no questions of ``forecasts`` a probability, as of the day asked.

Lesson 01 asks for forecasts before any lesson tells what happened next (:data:`LESSON_01`
lists its questions); lesson 08 scores them. One slider per question (0 to 1 in steps of
0.05), labelled with a short name, with the full question and what was known by the day it
is asked (``known_then``, as of ``asked_on``: 20 September 2023 for lesson 01) beside it.
The widget shows the student's answers as a table (``widget.result``: forecast_id,
question, probability). Each slider the student moves
goes into their journal (:mod:`summit_course.journal`), where lesson 08's ``my_forecasts()``
finds it; the status line also shows a one-line ``forecasts_backup = {...}`` to copy into
the notebook, a backup that lives in a cell (for a folder that cannot be written, or
another computer). It never shows how a question resolved, when, or how the
articles' hedges were scored: lesson 08 reveals that.
"""

from __future__ import annotations

import ast
import html

import ipywidgets as widgets
import pandas as pd

from .. import journal
from ..data import load
from ..forecast_close import CLOSES_AT, closed_at
from ..hints import markdown_html
from ..knowledge import LESSON_01_FORECASTS
from ..live import live
from ..quiz_html import paste_box
from .base import Explorer

__all__ = ["CLOSING_LESSON", "LABELS", "LESSON_01", "VARIABLE", "forecast_sliders", "forecast_table", "paste_line", "read_line", "describe",
           "ForecastSliders"]

#: The backup cell's variable; the status line writes ``forecasts_backup = {...}``. (It was
#: ``my_forecasts`` until ``my_forecasts()`` came to read the journal; old lines still read.)
VARIABLE = "forecasts_backup"
OLD_VARIABLE = "my_forecasts"

#: Where a slider starts when the student has not moved it: a coin toss.
START = 0.5

#: Short slider labels for the questions; a question without one is labelled by its id.
LABELS: dict[str, str] = {
    "fc_written_agreement_trip": "Deal signed on the trip",
    "fc_shells_reported_2023": "Shells in Russia, 2023",
    "fc_satellite_october_2023": "Third satellite try by Oct",
    "fc_satellite_orbit_2023": "Satellite in orbit, 2023",
    "fc_missiles_used_mid_2024": "Missiles fired at Ukraine",
    "fc_unsc_veto_mid_2024": "Russian veto at the UN",
    "fc_putin_pyongyang_2023": "Putin in Pyongyang, 2023",
    "fc_putin_pyongyang_2024": "Putin in Pyongyang, 2024",
    "fc_defence_treaty_2024": "Defence treaty signed",
    "fc_treaty_ratified_2024": "Treaty ratified by both",
    "fc_troops_deployed_2024": "Troops sent to the war",
    "fc_munitions_confirmed_2024": "Munitions admitted, 2024",
    "fc_air_defence_mid_2025": "Air defence for Pyongyang",
    "fc_tumen_bridge_mid_2025": "Road bridge work begins",
    "fc_naval_propulsion_2025": "Naval nuclear propulsion",
    "fc_nuclear_weapons_tech_2025": "Nuclear-weapons help",
}

#: The questions lesson 01 asks (why these: :data:`summit_course.knowledge.LESSON_01_FORECASTS`).
LESSON_01 = list(LESSON_01_FORECASTS)

#: The forecasts close when a student runs this lesson's setup cell (or, failing that, at the
#: first check or hint there or later), the first lesson that tells how questions turned out; that act writes a ``forecasts_closed``
#: journal entry (:mod:`summit_course.forecast_close`, where the lesson is set). Lesson 08
#: reads them back with ``my_forecasts(before_lesson=CLOSING_LESSON)`` and names the lesson once,
#: in section 8.1. Change it there and in those two places together;
#: ``tests/student/explore/test_forecast_sliders.py`` and the browser journal test fail until they agree.
CLOSING_LESSON = CLOSES_AT

COLUMNS = ["forecast_id", "question", "probability"]


def _questions(ids=None) -> pd.DataFrame:
    """The questions only: ids, wording, what was known then and when, never the resolutions."""
    table = load("forecasts", as_of=None)[["forecast_id", "question", "known_then", "asked_on"]]
    if ids is not None:
        ids = list(ids)
        unknown = sorted(set(ids) - set(table["forecast_id"]))
        if unknown:
            raise ValueError(f"No forecast question with id {unknown[0]!r}.")
        table = table[table["forecast_id"].isin(ids)]
    return table.reset_index(drop=True)


def forecast_table(ids=None, /, **probabilities: float) -> pd.DataFrame:
    """The student's forecasts as a table, one row per question.

    Parameters
    ----------
    ids : list of str, optional
        The questions to include, for example :data:`LESSON_01`; by default every question
        of ``forecasts``.
    **probabilities : float
        ``forecast_id=probability`` for any of the questions; a question left out gets
        0.5. Each probability must lie between 0 and 1.

    Returns
    -------
    DataFrame
        Columns ``forecast_id, question, probability`` (rounded to 2 decimals), in the
        order of the ``forecasts`` table.
    """
    table = _questions(ids)
    unknown = sorted(set(probabilities) - set(table["forecast_id"]))
    if unknown:
        raise ValueError(f"No forecast question with id {unknown[0]!r}.")
    for forecast_id, value in probabilities.items():
        if not 0 <= float(value) <= 1:
            raise ValueError(f"The probability for {forecast_id} must lie between 0 and 1, "
                             f"not {value}.")
    given = table["forecast_id"].map({k: float(v) for k, v in probabilities.items()})
    table["probability"] = given.fillna(START).round(2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return table[COLUMNS]


def _day(asked) -> str:
    """'20 September 2023': the latest day the shown questions are asked on."""
    day = max(asked)
    return f"{day.day} {day:%B %Y}"


def paste_line(table: pd.DataFrame) -> str:
    """The one line to paste into the notebook: ``forecasts_backup = {"fc_...": 0.5, ...}``."""
    pairs = ", ".join(f'"{fid}": {round(float(p), 2)!r}'
                      for fid, p in zip(table["forecast_id"], table["probability"]))
    return f"{VARIABLE} = {{{pairs}}}"


def read_line(line: str) -> dict[str, float]:
    """The dict a pasted line holds (the inverse of :func:`paste_line`)."""
    name, _, literal = line.partition("=")
    if name.strip() not in (VARIABLE, OLD_VARIABLE):
        raise ValueError(f"The line should start with {VARIABLE} =")
    return ast.literal_eval(literal.strip())


def describe(table: pd.DataFrame) -> str:
    """The status line: how many sliders moved, and the line to copy."""
    moved = int((table["probability"] != START).sum())
    return (f"You moved {moved} of {len(table)} sliders from 0.5. "
            f"Copy this into the next cell: {paste_line(table)}")


def _closed_note() -> list:
    """A line above the sliders once the forecasts have closed; nothing while they are open."""
    when = closed_at()
    if when is None:
        return []
    return [widgets.HTML(f"<p><b>Your forecasts closed at {html.escape(when)} (UTC)</b>, when you started "
                         f"lesson {CLOSES_AT} (its setup cell). A slider you move now is saved, but lesson 08 scores "
                         "each question as you had set it before then.</p>")]


class ForecastSliders(Explorer):
    """An :class:`Explorer` that lays its sliders out one per row, each beside its question,
    and shows the line to copy in a block that is easy to select, with a Copy button as a quiz's."""

    def __init__(self, title, controls, compute, summary, questions: dict[str, str],
                 known: dict[str, str] | None = None, day: str = ""):
        super().__init__(title, controls, compute, summary)
        rows = []
        for forecast_id, slider in controls.items():
            slider.style.description_width = "15em"
            slider.layout = widgets.Layout(width="36em", min_width="36em")
            known_then = (known or {}).get(forecast_id, "")
            note = (f'<br><small><b>Known by {day}:</b> {markdown_html(known_then)}</small>'
                    if known_then else "")
            text = widgets.HTML(f"<span>{markdown_html(questions[forecast_id])}</span>{note}",
                                layout=widgets.Layout(flex="1 1 auto"))
            rows.append(widgets.HBox([slider, text], layout=widgets.Layout(align_items="center")))
        heading, _, *below = self.children  # the stopped line, the status and the view stay
        self.children = (heading, *_closed_note(), widgets.VBox(rows), *below)

    def refresh(self, change=None):
        result = super().refresh(change)
        touched = change.get("owner") if change else None
        for forecast_id, slider in self.controls.items():  # only a slider the student moved
            if slider is touched:
                journal.record("forecast", forecast=forecast_id, p=round(float(slider.value), 2))
        if result is not None:
            moved, _, line = describe(result).partition(" Copy this into the next cell: ")
            # the sentence is announced at each slider step; the long line (aria-live off) is not
            self.status.value = live(paste_box(line, f"{html.escape(moved)} Copy this into the next cell:"))
        return result


def forecast_sliders(start: dict[str, float] | None = None, ids=None) -> ForecastSliders:
    """Give a probability to each question, as of the day it is asked.

    Parameters
    ----------
    start : dict, optional
        ``{forecast_id: probability}`` to start from, for example a ``forecasts_backup``
        pasted earlier. Questions left out start where the student last moved them (the
        journal's latest value, so a restarted kernel shows them again), else at 0.5.
    ids : list of str, optional
        The questions to show, for example :data:`LESSON_01`; by default all of them.
    """
    start = dict(start or {})
    if ids is not None:
        ids = list(ids)
        ids = ids + [fid for fid in start if fid not in ids]  # a pasted forecast keeps its slider
    shown = set(_questions(ids)["forecast_id"])
    start = {**{fid: p for fid, p in journal.latest_forecasts().items() if fid in shown}, **start}
    first = forecast_table(ids, **start)
    questions = dict(zip(first["forecast_id"], first["question"]))
    asked = _questions(ids)
    known = dict(asked[["forecast_id", "known_then"]].itertuples(index=False))
    controls = {
        fid: widgets.FloatSlider(value=p, min=0, max=1, step=0.05, readout_format=".2f",
                                 continuous_update=False, description=LABELS.get(fid, fid),
                                 tooltip=questions[fid])
        for fid, p in zip(first["forecast_id"], first["probability"])
    }
    day = _day(asked["asked_on"])
    return ForecastSliders(f"Your forecasts, as of {day}", controls,
                           lambda **values: forecast_table(ids, **values), describe, questions, known, day)
