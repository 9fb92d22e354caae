"""A plain line stored beside each quiz or explorer, shown only where the widget itself cannot be.

A notebook keeps a widget's output as a reference to a model that lives in the kernel. After a
page reload with a new kernel (or on opening a saved lesson) JupyterLab finds no model and shows
"Error displaying widget: model not found", which says nothing of what to do. So each quiz and
explorer, when shown, first stores an output of its own: a sentence saying to run the cell again
(``text/plain`` and HTML). Its CSS (``:has()``, so JupyterLab, Notebook 7 and JupyterLite alike)
hides the sentence while the widget after it is alive, and hides the bare error line when the
widget is not; where no CSS applies (an untrusted notebook, a plain viewer) the sentence shows.
"""

from __future__ import annotations

import html

__all__ = ["FALLBACK_CLASS", "WithFallback", "fallback_bundle", "fallback_text"]

FALLBACK_CLASS = "summit-widget-fallback"
_CHILD = ".jp-OutputArea-child"
_ALIVE = f"{_CHILD} .jupyter-widgets > *"  # a live widget's view: elements inside (a dead one holds text only)
STYLE = (
    "<style>"
    f"{_CHILD}:has(.{FALLBACK_CLASS}):has(+ {_ALIVE}){{display:none}}"
    f"{_CHILD}:has(.{FALLBACK_CLASS}) + {_CHILD} .jp-OutputArea-output.jupyter-widgets:not(:has(*)){{display:none}}"
    f".{FALLBACK_CLASS}{{font-weight:bold;border-left:4px solid #b35900;padding-left:0.5em}}"
    "</style>"
)


def fallback_text(what: str) -> str:
    """The sentence for ``what`` ("quiz", "explorer") whose widget is not in the page."""
    return (f"This {what} shows when its cell runs: run the setup cell at the top of the notebook, then run this "
            f"cell again (click in it and press Shift+Enter) to bring the {what} back.")


def fallback_bundle(what: str) -> dict[str, str]:
    """The output stored before the widget: the sentence as plain text and as HTML with its CSS."""
    text = fallback_text(what)
    return {"text/plain": text, "text/html": f'{STYLE}<p class="{FALLBACK_CLASS}">{html.escape(text)}</p>'}


class WithFallback:
    """Mixed into a widget class: showing the widget first stores :func:`fallback_bundle` as an output."""

    fallback_what = "widget"

    def _repr_mimebundle_(self, **kwargs):
        try:
            from IPython.display import display

            display(fallback_bundle(self.fallback_what), raw=True)
        except Exception:  # no IPython display (a plain script): the widget alone, as before
            pass
        return super()._repr_mimebundle_(**kwargs)
