"""A persistent live region inside an ipywidgets ``HTML`` widget, so screen readers hear each change.

ipywidgets' HTML view keeps one element (``.widget-html-content``) and replaces everything
inside it on each update. A ``role="status"`` written into the value would be a new region
every time, and screen readers announce changes to a region that was already there, not a
region that appears. :func:`live` puts a blank one-pixel image before the content; its
``onload`` gives the kept element ``role="status"`` once, when the widget first renders, so
each later update is a change inside one region that stays.
"""

from __future__ import annotations

import html

__all__ = ["LIVE_MARK", "live", "on_render"]

_PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
_ONLOAD = ("var r=this.parentElement;r.setAttribute('role','status');"
           "r.setAttribute('aria-live','polite');r.classList.add('summit-live')")


def on_render(script: str) -> str:
    """A hidden, blank image that runs ``script`` (``this`` is the image) once it is in the page."""
    return f'<img hidden alt="" src="{_PIXEL}" onload="{html.escape(script)}">'


LIVE_MARK = on_render(_ONLOAD)


def live(content: str) -> str:
    """The value for an HTML widget whose kept element is a polite live region."""
    return LIVE_MARK + content
