"""Round 7's seams a student meets in JupyterLab (issue #24): widgets after a reload, tables, keys."""

from __future__ import annotations

import pytest

from .test_lessons_in_browser import PANEL, _open_and_run
from .test_student_in_browser import _notebook

pytestmark = pytest.mark.browser
MODEL_NOT_FOUND = "model not found"


def test_after_a_reload_a_widget_cell_says_to_run_it_again(lab_server, browser_context):
    name = _notebook(lab_server, "reload-fallback.ipynb", 'quiz("0.9")')
    page = _open_and_run(name, lab_server, browser_context)
    try:
        fallback = page.locator(f"{PANEL} .summit-widget-fallback")
        page.locator(f"{PANEL} .summit-quiz").wait_for(timeout=30_000)
        assert fallback.count() == 1 and not fallback.is_visible(), "hidden while the quiz is alive"
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
        page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
        page.wait_for_selector("text=| Idle", timeout=60_000)
        page.reload()
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector("text=| Idle", timeout=60_000)
        fallback = page.locator(f"{PANEL} .summit-widget-fallback")
        fallback.wait_for(state="visible", timeout=30_000)
        assert "run this cell again" in fallback.inner_text()
        page.wait_for_timeout(1000)
        body = page.locator(f"{PANEL} .jp-Notebook").inner_text()
        assert MODEL_NOT_FOUND not in body, "the bare error line is hidden behind the sentence"
    finally:
        page.close()
