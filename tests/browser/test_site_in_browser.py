"""The course website in headless Chromium: every page renders with no console error and
asks nothing of the internet, has one visible h1, and the offline search finds a lesson.

Screenshots of the landing page and one lesson of each edition go to test-artifacts/site/.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.browser.conftest import ROOT, _require_browser, launch_chromium
from tests.publish.site.built import shared_build

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def chromium():
    """Skip (or fail under SUMMIT_REQUIRE_BROWSER=1) before building anything when there is no Chromium."""
    _require_browser()


@pytest.fixture(scope="module")
def served(chromium, tmp_path_factory, worker_id):
    """The built site (shared with tests/publish/site/) on a loopback HTTP server, as a static host serves it."""
    site = shared_build(tmp_path_factory, worker_id)["path"]
    # The host's root holds the site and, for the JupyterLite test, lite/ beside it (as README says).
    handler = functools.partial(_Quiet, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{server.server_address[1]}/{site.name}", "path": site}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(tmp_path_factory, served, playwright_driver):
    """A tab in a Chromium of its own (JupyterLite's service worker stays out of other tests' profile)."""
    context = launch_chromium(playwright_driver, tmp_path_factory.mktemp("site-profile"), timeout_ms=20_000)
    try:
        tab = context.new_page()
        tab.problems = []
        tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
        tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
        tab.on("response", lambda r: r.status >= 400 and tab.problems.append(f"{r.status}: {r.url}"))
        tab.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url}"))
        tab.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
               or tab.problems.append(f"off-site request: {r.url}"))
        yield tab
    finally:
        context.close()


def test_every_page_renders_without_errors_has_one_h1_and_passes_the_accessibility_audit(page, served):
    """Each page of both editions, loaded once: no console error, failed or off-site request, one
    visible h1, and axe-core finds no critical or serious violation (the site is the course's own
    whole, theme included); each page's findings are listed in test-artifacts/a11y/. The problems
    are read after the audit, so scripts that run after load (theme, search) have had their turn."""
    from tests.browser.axe import audit

    pages = sorted(p.relative_to(served["path"]).as_posix() for p in served["path"].rglob("*.html")
                   if "_static" not in p.parts)
    assert len(pages) >= 20
    report = {}
    for name in pages:
        page.problems.clear()
        page.goto(f"{served['base']}/{name}", wait_until="load")
        result = audit(page, ours="html")
        result.write("site-" + name.replace("/", "-").removesuffix(".html"))
        h1 = page.locator("h1:visible").count()
        found = ([f"{h1} visible h1"] if h1 != 1 else []) + page.problems + [v.line() for v in result.blocking]
        if found:
            report[name] = found
    assert report == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in report.items())


@pytest.mark.parametrize("edition", ["learner", "instructor"])
def test_screenshots_of_the_landing_page_and_a_lesson(page, served, edition):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{served['base']}/{edition}/index.html", wait_until="networkidle")
    assert page.locator("h1:visible").inner_text().startswith("Summit at Vostochny")
    page.screenshot(path=str(SHOTS / f"{edition}-landing.png"))
    page.goto(f"{served['base']}/{edition}/01-the-summit.html", wait_until="networkidle")
    assert page.get_by_role("img", name="Timeline of the 14 lead-up events").first.is_visible()
    page.screenshot(path=str(SHOTS / f"{edition}-lesson.png"))
    assert (SHOTS / f"{edition}-landing.png").stat().st_size > 10_000


def test_a_lesson_page_has_one_search_box_and_one_set_of_previous_next_links(page, served):
    page.goto(f"{served['base']}/learner/01-the-summit.html", wait_until="load")
    assert page.locator(".search-button-field:visible, .bd-search:visible").count() == 1
    assert page.locator("a.left-prev:visible").count() == 1 and page.locator("a.right-next:visible").count() == 1
    assert page.locator("article").get_by_role("link", name="Contents", exact=True).count() == 0
    assert page.get_by_role("link", name="Download this lesson’s notebook").is_visible()
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the header's search icon serves
    try:
        assert page.locator(".search-button:visible, .search-button-field:visible").count() >= 1
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_offline_search_finds_a_lesson(page, served):
    page.goto(f"{served['base']}/learner/search.html?q=spaceport", wait_until="networkidle")
    results = page.locator("#search-results li a")
    results.first.wait_for()
    assert "01-the-summit.html" in " ".join(results.nth(i).get_attribute("href") or "" for i in range(results.count()))


def test_the_jupyterlite_link_opens_the_lesson_when_published_side_by_side(page, served, tmp_path_factory, worker_id):
    from tests.publish.lite_tools import shared_lite

    beside = served["path"].parent / "lite"  # the session's one build, published beside the site
    if not beside.exists():
        beside.symlink_to(shared_lite(tmp_path_factory, worker_id), target_is_directory=True)
    page.goto(f"{served['base']}/learner/01-the-summit.html", wait_until="load")
    page.get_by_role("link", name="Open “Kim goes to Vostochny” in JupyterLite").click()
    page.wait_for_url("**/lite/lab/index.html*")
    heading = page.locator(".jp-Notebook h1", has_text="Kim goes to Vostochny")
    heading.first.wait_for(timeout=60_000)  # the lesson itself, open in JupyterLite


def test_the_public_folder_opens_on_the_learner_edition(page, served, tmp_path):
    """``site --public`` as a static host serves it: its root sends visitors to the learner edition."""
    from summit_course.publish.site.public import public_site

    public = public_site(ROOT, tmp_path / "public", learner=served["path"] / "learner")
    handler = functools.partial(_Quiet, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto("about:blank")  # an earlier JupyterLite tab's workers stop fetching
        page.problems.clear()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
        page.wait_for_url("**/site/learner/index.html")
        assert page.locator("h1:visible").inner_text().startswith("Summit at Vostochny")
        assert page.get_by_text("Instructor edition").count() == 0 and page.problems == []
    finally:
        server.shutdown()
        server.server_close()
