"""The frame every exploring widget shares: labelled controls, a live view, a status line.

An explorer recomputes its result from the data whenever a control changes and shows it
in an HTML view (a table or a figure), so the effect is visible in the page and testable
in Python (``explorer.result``). Its ``repr`` is stable, so nbval can compare it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd
import traitlets

from ..keep_keys import KEEP_KEYS
from ..live import live, on_render
from ..stopped import stopped_line, stopped_rules, stopped_text
from ..tables import region
from ..widget_fallback import WithFallback

__all__ = ["CheckboxGroup", "Explorer", "STALE_TEXT", "render"]

STALE_TEXT = stopped_text("explorer") + "."

# ipywidgets' sliders (noUiSlider, in 8.1) put role="slider" on a handle that their <label>
# does not name, so a screen reader says only "slider". Once the explorer is in the page,
# this names each handle after its control's label ("Years (from)" and "Years (to)" on a
# range), and again whenever a control is redrawn.
_NAME_SLIDERS = (
    "var img=this,go=function(){var e=img.closest('.summit-explorer');if(!e)return setTimeout(go,100);"
    "if(e.dataset.summitNamed)return;e.dataset.summitNamed='1';"
    "var f=function(){e.querySelectorAll('.widget-slider').forEach(function(s){"
    "var l=s.querySelector('.widget-label'),h=s.querySelectorAll('[role=slider]');"
    "h.forEach(function(x,i){x.setAttribute('aria-label',(l?l.textContent:'')"
    "+(h.length>1?(i?' (to)':' (from)'):''))})})};"
    "f();new MutationObserver(f).observe(e,{childList:true,subtree:true})};go()"
)

# Explorers fit a phone's width (390 px): controls wrap under their labels, labels wrap
# instead of being cut, a list box is wide enough for its options, a slider's readout
# ("2006 – 2017") is never cut, a wide table scrolls inside its own region instead of running
# off the notebook's edge. Every rule is scoped to .summit-explorer. After a kernel restart
# (summit_course.stopped) the explorer says it stopped, hides its old status and shows no
# broken-link icons: its controls would still move, with nothing behind them.
STYLE = (
    "<style>"
    + stopped_rules(".summit-explorer", ".summit-explorer-status") +
    ".summit-explorer .widget-inline-hbox{flex-wrap:wrap;height:auto;max-width:100%}"
    ".summit-explorer .widget-html-content{line-height:1.4}"
    ".summit-explorer .widget-inline-hbox>.widget-label{white-space:normal;overflow:visible;height:auto;"
    "line-height:1.3;text-align:left;max-width:100%}"
    ".summit-explorer .widget-select-multiple select{min-width:14em;max-width:100%}"
    ".summit-explorer .widget-checkbox .widget-label-basic{white-space:normal;overflow:visible;height:auto;"
    "line-height:1.3}"
    ".summit-explorer .widget-readout{min-width:max-content;overflow:visible}"
    ".summit-explorer .widget-html{max-width:100%;min-width:0}"
    ".summit-explorer .widget-html-content{max-width:100%;min-width:0}"
    "</style>"
)


class CheckboxGroup(widgets.VBox):
    """A labelled group of tick boxes whose ``value`` is the tuple of ticked options.

    A click ticks or unticks one option and leaves the others as they are: a multi-select
    list box instead selects only the option clicked unless Ctrl (Cmd) is held, which a
    beginner told to "untick one" does not know.

    Parameters
    ----------
    options : list of (label, value)
        The options in the order shown.
    value : iterable
        The options ticked at first.
    description : str
        The group's label.
    """

    value = traitlets.Tuple()

    def __init__(self, options, value=(), description: str = ""):
        self.description = description
        self.options = [(str(label), option) for label, option in options]
        self.boxes = [widgets.Checkbox(value=option in set(value), description=label, indent=False,
                                       layout=widgets.Layout(width="auto"))
                      for label, option in self.options]
        super().__init__([widgets.Label(description), *self.boxes])
        self.add_class("summit-checkbox-group")
        self.value = self._ticked()
        for box in self.boxes:
            box.observe(lambda _: self.set_trait("value", self._ticked()), names="value")

    def _ticked(self) -> tuple:
        return tuple(option for box, (_, option) in zip(self.boxes, self.options) if box.value)

    @traitlets.observe("value")
    def _tick(self, change) -> None:
        wanted = set(change["new"])
        for box, (_, option) in zip(self.boxes, self.options):
            if box.value != (option in wanted):
                box.value = option in wanted


def render(result) -> str:
    """HTML for a result: a table for frames, the figure for figures, text otherwise."""
    if isinstance(result, pd.Series):
        result = result.to_frame()
    if isinstance(result, pd.DataFrame):
        if result.empty:
            return "<p><em>No rows match these settings.</em></p>"
        return region(result.to_html(index=False, border=0, na_rep=""), *result.shape)
    if hasattr(result, "_repr_html_"):
        return result._repr_html_()
    return f"<p>{html.escape(str(result))}</p>"


class Explorer(WithFallback, widgets.VBox):
    """Controls that drive ``compute(**values)``; the result is shown below them.

    Parameters
    ----------
    title : str
        Shown as a heading and used in the stable ``repr``.
    controls : dict
        Keyword name -> ipywidgets control (each with a ``description`` label).
    compute : callable
        Called with the controls' values; returns a DataFrame, a Figure or text.
    summary : callable, optional
        Turns the result into a one-line status (for example "12 of 40 events").
    busy : callable, optional
        Called with the controls' values when one changes; its text is the status while the
        result is computed, so a slow redraw (a map) never leaves the old text beside the new
        control.
    """

    fallback_what = "explorer"

    def __init__(self, title: str, controls: dict, compute: Callable, summary: Callable | None = None,
                 busy: Callable | None = None):
        self.title = title
        self.controls = controls
        self.compute = compute
        self.summary = summary or (lambda result: "")
        self.busy = busy
        self.status = widgets.HTML(live(""))
        self.status.add_class("summit-explorer-status")
        self.stale = widgets.HTML(stopped_line(STALE_TEXT))
        self.view = widgets.HTML()
        self.result = None
        for control in controls.values():
            if isinstance(control, widgets.widgets.widget_description.DescriptionWidget):
                control.style.description_width = "initial"
            control.observe(self.refresh, names="value")
        # h3: an explorer sits under a lesson's "## 1.1" section heading (h2), never deeper.
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>{on_render(_NAME_SLIDERS)}{KEEP_KEYS}{STYLE}")
        box = widgets.Box(list(controls.values()),
                          layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__([heading, box, self.stale, self.status, self.view])
        self.add_class("summit-explorer")
        self.refresh()

    def values(self) -> dict:
        """The controls' current values, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, change=None):
        """Recompute from the data and redraw; a failure shows as text, never raises."""
        try:
            if self.busy is not None and change is not None:
                self.status.value = live(f"<p>{html.escape(self.busy(**self.values()))}</p>")
            self.result = self.compute(**self.values())
            self.status.value = live(f"<p>{html.escape(self.summary(self.result))}</p>")
            self.view.value = render(self.result)
        except Exception as exc:  # show the problem in the page rather than lose the widget
            self.result = None
            self.status.value = live(f'<p role="alert">Could not update: {html.escape(str(exc))}</p>')
        return self.result

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.title!r})"
