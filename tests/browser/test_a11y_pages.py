"""The feedback and report pages the grader writes: axe finds nothing serious, and they reflow on a phone."""

from __future__ import annotations

import pytest

from summit_course.gradebook import Gradebook
from summit_course.reports.feedback import write_feedback
from summit_course.reports.report import write_report
from tests.reports.test_feedback_report import ASSIGNMENT, _student, ben_with_message

from .axe import assert_no_blocking, audit

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """One student's feedback page (a failed answer with code in its message) and the class report."""
    out = tmp_path_factory.mktemp("pages")
    with Gradebook(out / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        book.record(ben_with_message("Use `events.groupby('country').size()` to count by a long column name."))
        book.record(_student("ana", "passed", "passed"))
        book.record(_student("../../etc/passwd", "missing", "missing", status="failed",
                             reason="photo.ipynb: this file is a PNG image, not a notebook"))
        return {"feedback": write_feedback(book, out / "fb")["ben"], "report": write_report(book, out / "report.html")}


@pytest.fixture
def page(chromium_context):
    opened = chromium_context.new_page()
    yield opened
    opened.close()


@pytest.mark.parametrize("name", ["feedback", "report"])
def test_the_page_passes_axe(name, pages, page):
    page.goto(pages[name].as_uri())
    result = audit(page, ours="html")  # the course writes the whole page
    assert_no_blocking(result, f"{name}-page")
    assert not [v for v in result.ours if v.rule in ("landmark-one-main", "region", "heading-order")]


@pytest.mark.parametrize("name", ["feedback", "report"])
def test_the_page_reflows_on_a_390_px_phone(name, pages, page):
    page.set_viewport_size(PHONE)
    page.goto(pages[name].as_uri())
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width[0]} px of content in {width[1]} px"
    cell = page.locator("td[data-label]").first  # a cell still says which column it belongs to
    assert page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle()).startswith('"')
