"""A lesson in JupyterLite, in headless Chromium, as far as this machine allows.

The site serves Pyodide's core (from npm) and every pure-Python wheel itself; Pyodide's compiled
packages (numpy, pandas, matplotlib...) live only on Pyodide's CDN, which this machine cannot
reach. Every request off the site is refused here, as offline: the kernel must still start,
install the course, tell the learner in one sentence that the lesson needs the network, and
keep running cells, never sit at ``[*]``.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import _require_browser, launch_chromium
from tests.publish.lite_tools import ROOT, shared_lite

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "lite"
CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell"
COMPILED = ("numpy", "pandas", "matplotlib", "contourpy", "kiwisolver", "pillow")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory, worker_id):
    _require_browser()
    site = shared_lite(tmp_path_factory, worker_id)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def offline_page(lite_site, tmp_path, playwright_driver):
    context = launch_chromium(playwright_driver, tmp_path / "profile")
    try:
        refused = []
        context.route(lambda url: not url.startswith(lite_site),
                      lambda route: (refused.append(route.request.url), route.abort("internetdisconnected")))
        page = context.new_page()
        page.refused = refused
        yield page
    finally:
        context.close()


def _run(page, index: int) -> str:
    """Run code cell ``index`` as a learner does (click it, Shift+Enter); wait until it ran; its output."""
    cell = page.locator(CELLS).nth(index)
    prompt = "([sel, i]) => document.querySelectorAll(sel)[i].querySelector('.jp-InputPrompt').textContent"
    for _ in range(3):  # a Shift+Enter pressed while the page still settles can be lost: the prompt stays [ ]
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:  # started ([*]) or already done ([n])
            page.wait_for_function(f"a => /\\[(\\*|\\d+)\\]/.test(({prompt})(a))", arg=[CELLS, index], timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_function(  # the prompt shows a count, not [*] (running) nor [ ] (never ran)
        f"a => /\\[\\d+\\]/.test(({prompt})(a))", arg=[CELLS, index], timeout=240_000)
    return "".join(cell.locator(".jp-OutputArea-output").all_text_contents())


def test_a_lesson_starts_offline_and_says_in_one_sentence_what_needs_the_network(offline_page, lite_site):
    page = offline_page
    page.goto(f"{lite_site}/lab/index.html?path=lessons/00-start-here.ipynb")
    from playwright.sync_api import expect

    expect(page.locator(CELLS).first).to_contain_text("await load_course_packages()", timeout=120_000)

    said = _run(page, 0).strip()  # the Lite setup cell: the kernel starts, the course installs from the site
    assert said == ("This lesson needs the network once: pandas and matplotlib could not be downloaded (this "
                    "browser loads them from Pyodide's public CDN the first time), so connect to the internet "
                    "and run this cell again."), said
    assert "Traceback" not in said and "[*]" not in page.locator(CELLS).first.text_content()

    # The kernel keeps working offline: a plain cell of the lesson runs and shows its value.
    index = next(i for i, text in enumerate(page.locator(CELLS).all_text_contents()) if "2023 - 2019" in text)
    assert _run(page, index).strip() == "4"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lite-offline-00.png"))

    # Only Pyodide's compiled packages were asked of another site: everything else came from this one.
    assert page.refused, "the compiled packages were never asked for"
    for url in page.refused:
        assert url.startswith("https://cdn.jsdelivr.net/pyodide/v"), url
        assert url.rsplit("/", 1)[1].split("-")[0] in COMPILED, url
