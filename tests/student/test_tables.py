"""DataFrames show inside a focusable, labelled region that scrolls, so the keyboard reaches wide tables."""

from __future__ import annotations

import pandas as pd

from summit_course import tables


def test_a_frame_sits_in_a_focusable_labelled_region_with_pandas_markup_inside():
    frame = pd.DataFrame({"event": ["Kim's train reaches Vostochny", "talks <b>"], "day": [13, 14]})
    shown = tables.table_html(frame)
    assert shown.startswith('<div class="summit-table" role="region" tabindex="0" '
                            'aria-label="Table, 2 rows by 2 columns"')
    assert "overflow-x:auto" in shown and frame._repr_html_() in shown
    assert "&lt;b&gt;" in shown  # pandas' escaping is kept
    assert 'aria-label="Table, 1 row by 1 column"' in tables.table_html(pd.DataFrame({"a": [1]}))


def test_install_makes_the_kernel_show_frames_through_it(shell):
    tables.install(shell)
    data, _ = shell.display_formatter.format(pd.DataFrame({"a": [1, 2]}))
    assert data["text/html"].startswith('<div class="summit-table" role="region" tabindex="0"')
    assert "text/plain" in data and "a" in data["text/plain"]


def test_a_kernel_that_imports_the_course_shows_tables_this_way():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel()
    try:
        client.execute_interactive("import summit_course\nfrom summit_course import load", timeout=60)
        shown = []
        client.execute_interactive("load('events').head(2)", timeout=60,
                                   output_hook=lambda msg: shown.append(msg["content"].get("data", {})))
        html = "".join(d.get("text/html", "") for d in shown)
        assert html.startswith('<div class="summit-table" role="region" tabindex="0"'), html[:200]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
