"""An explorer whose kernel restarted says so in JupyterLab, as a quiz does: the stopped line shows,
its old status hides and no broken-link icon sits beside its controls."""

from __future__ import annotations

import pytest

from .test_lessons_in_browser import PANEL, _open_and_run
from .test_student_in_browser import _notebook

pytestmark = pytest.mark.browser
ICONS = ("e => [e, ...e.querySelectorAll('.jupyter-widgets-disconnected')]"
         ".map(x => getComputedStyle(x, '::before').content)"
         ".filter(c => c && c !== 'none' && c !== 'normal')")


def test_an_explorer_whose_kernel_restarted_says_to_run_its_cell_again(lab_server, browser_context):
    name = _notebook(lab_server, "explorer-restart.ipynb", "from summit_course import explore\nexplore.browse('people')")
    page = _open_and_run(name, lab_server, browser_context)
    try:
        explorer = page.locator(f"{PANEL} .summit-explorer")
        stale = explorer.locator(".summit-stopped")
        status = explorer.locator(".summit-explorer-status")
        status.get_by_text("row(s)").wait_for(timeout=30_000)
        assert not stale.is_visible()
        page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
        stale.wait_for(state="visible", timeout=30_000)
        assert stale.inner_text() == ("This explorer stopped working when the kernel restarted: run the setup cell "
                                      "at the top of the notebook, then this cell again.")
        assert not status.is_visible(), "the old status is hidden"
        explorer.locator(".jupyter-widgets-disconnected").first.wait_for(state="attached", timeout=10_000)
        icons = explorer.evaluate(ICONS)
        assert not icons, f"broken-link icons beside the explorer's controls: {icons}"
        page.wait_for_selector("text=| Idle")
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        fresh = page.locator(f"{PANEL} .summit-explorer")
        fresh.locator(".summit-explorer-status").get_by_text("row(s)").wait_for(timeout=60_000)
        assert not fresh.locator(".summit-stopped").is_visible(), "run again, the explorer works"
    finally:
        page.close()
