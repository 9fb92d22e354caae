"""What a quiz or an explorer shows once its kernel restarted: a line saying so, no broken-link icons.

ipywidgets marks every view of a model whose kernel restarted with the class
``jupyter-widgets-disconnected`` and puts a broken-link icon before it. The controls still move,
but nothing answers them. :func:`stopped_rules` is the CSS, scoped to one widget's class, that
then shows the widget's stopped line (hidden until then), hides what it showed last (old
feedback, an old status) and takes the icons away; :func:`stopped_line` is that line.
"""

from __future__ import annotations

import html

__all__ = ["STOPPED_CLASS", "stopped_line", "stopped_rules", "stopped_text"]

STOPPED_CLASS = "summit-stopped"


def stopped_text(what: str) -> str:
    """The sentence for ``what`` ("quiz", "explorer") whose kernel restarted."""
    return (f"This {what} stopped working when the kernel restarted: run the setup cell at the top of the "
            "notebook, then this cell again")


def stopped_line(text: str, *classes: str) -> str:
    """The line (hidden until the kernel restarts) holding ``text``, with any extra ``classes``."""
    return f'<p class="{" ".join((STOPPED_CLASS, *classes))}">{html.escape(text)}</p>'


def stopped_rules(scope: str, hidden: str) -> str:
    """CSS rules (no ``<style>``) for the widget of class ``scope``, such as ``.summit-quiz``.

    Once disconnected (or marked ``summit-no-answer``) the stopped line shows and the elements
    matching ``hidden`` inside the widget are hidden; the broken-link icons never show.
    """
    line = f".{STOPPED_CLASS}"
    return (
        f"{scope} {line}{{display:none;font-weight:bold;border-left:4px solid #b35900;padding-left:0.5em}}"
        f"{scope}.jupyter-widgets-disconnected {line},{scope}.summit-no-answer {line}{{display:block}}"
        f"{scope}.jupyter-widgets-disconnected {hidden}{{display:none}}"
        f"{scope}.jupyter-widgets-disconnected::before,{scope} .jupyter-widgets-disconnected::before"
        "{content:none;display:none}"
    )
