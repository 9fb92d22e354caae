"""An explorer whose kernel restarted says so, as a quiz does, from the same rules (summit_course.stopped)."""

from __future__ import annotations

import re

import ipywidgets as widgets

from summit_course import explore
from summit_course.explore import base
from summit_course.explore.base import Explorer
from summit_course.quiz_html import QUIZ_STYLE
from summit_course.stopped import STOPPED_CLASS, stopped_rules


def _rules(style: str) -> dict[str, str]:
    """Selector -> declarations, for each rule of a ``<style>`` block."""
    found = re.findall(r"([^{}]+)\{([^{}]*)\}", style.removeprefix("<style>").removesuffix("</style>"))
    return {selector.strip(): body for selectors, body in found for selector in selectors.split(",")}


def test_an_explorer_holds_a_hidden_stopped_line_that_names_the_setup_cell():
    explorer = Explorer("Votes", {"n": widgets.IntSlider(description="n")}, lambda n: n)
    assert explorer.stale in explorer.children
    assert explorer.children.index(explorer.stale) < explorer.children.index(explorer.status)
    assert f'class="{STOPPED_CLASS}"' in explorer.stale.value
    assert ("This explorer stopped working when the kernel restarted: run the setup cell at the top of the "
            "notebook, then this cell again.") in explorer.stale.value
    assert "summit-explorer-status" in explorer.status._dom_classes


def test_the_explorer_style_shows_the_line_hides_the_old_status_and_the_broken_link_icons():
    rules = _rules(base.STYLE)
    assert rules[f".summit-explorer .{STOPPED_CLASS}"].startswith("display:none")
    assert rules[f".summit-explorer.jupyter-widgets-disconnected .{STOPPED_CLASS}"] == "display:block"
    assert rules[".summit-explorer.jupyter-widgets-disconnected .summit-explorer-status"] == "display:none"
    assert "content:none" in rules[".summit-explorer .jupyter-widgets-disconnected::before"]
    assert all(s.startswith(".summit-explorer") for s in rules), "nothing outside explorers is touched"


def test_quizzes_and_explorers_share_one_set_of_stopped_rules():
    assert stopped_rules(".summit-quiz", ".summit-feedback-area") in QUIZ_STYLE
    assert stopped_rules(".summit-explorer", ".summit-explorer-status") in base.STYLE


def test_a_course_explorer_built_on_the_frame_keeps_its_stopped_line():
    widget = explore.forecast_sliders()  # it rebuilds its children: the line must survive
    assert widget.stale in widget.children and widget.status in widget.children
