"""DataFrames show inside a focusable, labelled region that scrolls, so the keyboard reaches wide tables."""

from __future__ import annotations

import pandas as pd

from summit_course import tables


def test_a_frame_sits_in_a_focusable_labelled_region_with_pandas_markup_inside():
    frame = pd.DataFrame({"event": ["Kim's train reaches Vostochny", "talks <b>"], "day": [13, 14]})
    shown = tables.table_html(frame)
    assert shown.startswith('<div class="summit-table" role="region" tabindex="0" '
                            'aria-label="Table, 2 rows by 2 columns"')
    assert "overflow-x:auto" in shown
    assert "Kim's train reaches Vostochny" in shown and "<td>13</td>" in shown
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


def test_long_texts_are_shown_whole_and_wrap_while_short_values_stay_on_one_line():
    from summit_course.evidence import evidence_scale

    scale = evidence_scale()
    before = pd.get_option("display.max_colwidth")
    with pd.option_context("display.max_colwidth", 50):  # pandas' default: what cut the scale in lesson 07
        shown = tables.table_html(scale)
    for meaning in scale["meaning"]:
        assert meaning.replace("'", "&#x27;") in shown or meaning in shown, "every meaning whole, not cut at 50"
    assert "..." not in shown
    assert shown.count('<td class="summit-text">') == len(scale), "each long meaning wraps"
    assert "<td>official_record</td>" in shown, "a short code keeps pandas' plain cell"
    assert ".summit-table td,.summit-table th{white-space:nowrap}" in shown
    assert pd.get_option("display.max_colwidth") == before, "the student's own pandas options are untouched"
    dates = tables.table_html(pd.DataFrame({"date": pd.to_datetime(["2006-10-14"])}))
    assert "<td>2006-10-14</td>" in dates
