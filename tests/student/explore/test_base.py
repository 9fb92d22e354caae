"""The Explorer frame and the explore package's lazy widget lookup."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from summit_course import explore
from summit_course.explore.base import Explorer, render
from summit_course.live import LIVE_MARK


def test_widget_function_is_returned_every_time_even_after_module_import():
    first = explore.browse
    import summit_course.explore.browse  # noqa: F401  (binds the module on the package)

    assert explore.browse is first and callable(explore.browse)


def test_browse_filters_rows_when_the_text_changes():
    browser = explore.browse("people")
    everyone = len(browser.result)
    browser.controls["text"].value = "Shoigu"
    assert 0 < len(browser.result) < everyone
    assert browser.result["name"].str.contains("Shoigu").any()
    assert f"Showing {len(browser.result)} row(s)" in browser.status.value
    assert "Shoigu" in browser.view.value
    assert repr(browser) == "Explorer('Browse the datasets')"


def test_browse_switches_table():
    browser = explore.browse("events")
    browser.controls["table"].value = "places"
    assert "lat" in browser.result.columns


def test_unknown_widget_is_an_attribute_error():
    try:
        explore.no_such_widget
    except AttributeError as error:
        assert "no widget 'no_such_widget'" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_failing_compute_shows_a_message_instead_of_raising():
    def compute(n):
        raise ValueError("bad setting")

    explorer = Explorer("t", {"n": widgets.IntSlider(description="n")}, compute)
    assert explorer.result is None and "Could not update: bad setting" in explorer.status.value


def test_render_empty_frame_says_so():
    assert "No rows match" in render(pd.DataFrame())


def test_browse_searches_text_columns_only_and_follows_typing():
    browser = explore.browse("events")
    assert browser.controls["text"].continuous_update
    from summit_course.explore.browse import matching_rows

    rows = matching_rows("events", "2023", limit=100)
    assert all("2023" in " ".join(map(str, r)) for r in rows.select_dtypes(exclude=["datetime"]).values)


def test_the_title_is_an_h3_under_the_lessons_h2_and_the_status_is_one_kept_live_region():
    explorer = Explorer("Votes <by year>", {"n": widgets.IntSlider(description="n")}, lambda n: n,
                        summary=lambda n: f"n is {n}")
    assert explorer.children[0].value.startswith("<h3>Votes &lt;by year&gt;</h3><img hidden alt=")
    explorer.controls["n"].value = 3
    assert explorer.status.value == LIVE_MARK + "<p>n is 3</p>", "no new role=status inside the kept one"


def test_browse_follows_the_lessons_knowledge_date_in_every_table_and_search():
    """A lesson set in September 2023 sees no later row, whatever it picks or types; the status says so."""
    from summit_course import as_of, load

    as_of("2023-09-20")
    try:
        browser = explore.browse("claims")
        assert (browser.result["date"] <= "2023-09-20").all()
        assert "as they stood on 20 September 2023" in browser.status.value
        browser.controls["text"].value = "KCNA"  # the lesson's suggested search
        assert "c_kcna_satellite_orbit" not in set(browser.result["claim_id"])
        for table in browser.controls["table"].options:
            browser.controls["table"].value = table
            dated = [c for c in ("date", "asked_on") if c in browser.result.columns]
            assert all((browser.result[c].dropna() <= "2023-09-20").all() for c in dated), table
        assert "c_kcna_satellite_orbit" in set(load("claims", as_of=None)["claim_id"])
    finally:
        as_of(None)
    assert "as they stood" not in explore.browse("claims").status.value
