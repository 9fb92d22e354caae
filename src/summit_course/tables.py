"""Tables a keyboard can scroll and a reader can read, in every lesson.

A DataFrame's HTML sits in ``<div role="region" tabindex="0" aria-label=...>`` that scrolls
itself, so Tab reaches a wide table and the arrow keys scroll it (axe-core:
``scrollable-region-focusable``). Texts are shown whole (pandas cuts a cell at 50
characters unless told otherwise, which hid the evidence scale's meanings): a long text
wraps in a column at least 18em wide, and a short value (a date, a code, a number) never
wraps, so ``2006-10-14`` stays on one line. pandas' own markup is kept; only its ``<td>``
cells of long text get a class, and a small stylesheet scoped to ``.summit-table`` travels
with each table, so a page shows it the same without the course's package (the website).
Every header and cell is aligned left, so a header sits over its column's values (pandas
right-aligns headers, and a widget's table left-aligns cells), and the keys that scroll the
region sideways stop there instead of reaching the notebook's shortcuts.
"""

from __future__ import annotations

import html
import re

from .keep_keys import stop_keys

__all__ = ["STYLE", "install", "readable", "region", "table_html"]

REGION = "overflow-x:auto;max-width:100%"
LONG = 40  # characters: a cell longer than this wraps, in a column wide enough to read
STYLE = ("<style>.summit-table td,.summit-table th{white-space:nowrap}"
         ".summit-table table th,.summit-table table td{text-align:left;vertical-align:top}"
         ".summit-table td.summit-text{white-space:normal;min-width:18em;max-width:40em;text-align:left}"
         "</style>")
# The keys that scroll a wide table sideways stop at its region: JupyterLab's notebook shortcuts
# would otherwise take them first (and prevent the scroll), as ipywidgets stops them at a text box.
_KEEP_KEYS = stop_keys("ArrowLeft", "ArrowRight", "Home", "End")
_LONG_CELL = re.compile(r"<td>(?=[^<]{%d,}</td>)" % (LONG + 1))


def readable(markup: str) -> str:
    """pandas' table HTML with its long text cells marked to wrap, and the style that says how."""
    return STYLE + _LONG_CELL.sub('<td class="summit-text">', markup)


def region(markup: str, rows: int, columns: int) -> str:
    """A table's HTML, made readable, inside a focusable, labelled region that scrolls sideways."""
    label = f"Table, {rows} row{'s' * (rows != 1)} by {columns} column{'s' * (columns != 1)}"
    return (f'<div class="summit-table" role="region" tabindex="0" aria-label="{html.escape(label)}" '
            f'data-lm-suppress-shortcuts="true" onkeydown="{html.escape(_KEEP_KEYS)}" '
            f'style="{REGION}">{readable(markup)}</div>')


def table_html(frame) -> str | None:
    """``frame``'s usual HTML, whole texts, inside a focusable, labelled region (``None`` when pandas gives none)."""
    import pandas as pd

    with pd.option_context("display.max_colwidth", None):
        inner = frame._repr_html_()
    return None if inner is None else region(inner, *frame.shape)


def install(shell) -> None:
    """Show every DataFrame in ``shell`` (an IPython shell) through :func:`table_html`.

    Registered by the type's name, so pandas need not be imported yet.
    """
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type_by_name("pandas.core.frame", "DataFrame", table_html)
