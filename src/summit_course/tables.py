"""Tables a keyboard can scroll: a DataFrame's HTML sits in a focusable, labelled region.

A wide table (long text columns, many columns) scrolls sideways inside its output. Without
a focusable scroll container, keyboard users cannot reach the hidden part (axe-core:
``scrollable-region-focusable``, serious). Each DataFrame's HTML is wrapped in
``<div role="region" tabindex="0" aria-label=...>`` that scrolls itself, so Tab reaches it
and the arrow keys scroll it; pandas' own markup is kept as it is inside.
"""

from __future__ import annotations

import html

__all__ = ["install", "table_html"]

STYLE = "overflow-x:auto;max-width:100%"


def table_html(frame) -> str | None:
    """``frame``'s usual HTML inside a focusable, labelled region (``None`` when pandas gives none)."""
    inner = frame._repr_html_()
    if inner is None:
        return None
    rows, columns = frame.shape
    label = f"Table, {rows} row{'s' * (rows != 1)} by {columns} column{'s' * (columns != 1)}"
    return (f'<div class="summit-table" role="region" tabindex="0" aria-label="{html.escape(label)}" '
            f'style="{STYLE}">{inner}</div>')


def install(shell) -> None:
    """Show every DataFrame in ``shell`` (an IPython shell) through :func:`table_html`.

    Registered by the type's name, so pandas need not be imported yet.
    """
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type_by_name("pandas.core.frame", "DataFrame", table_html)
