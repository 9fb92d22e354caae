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


#: For the explorer's table: each header's and its column's first cell's left and right edges, the
#: region's edges and scroll widths, and the right edge of the output area the table must stay inside.
MEASURE = """e => {
  const region = e.querySelector('.summit-table'), table = region.querySelector('table');
  const heads = [...table.querySelectorAll('thead th')], cells = [...table.querySelectorAll('tbody tr:first-child td')];
  const text = x => { const r = document.createRange(); r.selectNodeContents(x);
                      const b = r.getBoundingClientRect(); return [Math.round(b.left), Math.round(b.right)]; };
  const box = x => { const r = x.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; };
  const area = e.closest('.jp-OutputArea-output').getBoundingClientRect();
  return {heads: heads.map(box), cells: cells.map(box), region: box(region), area: Math.round(area.right),
          scroll: region.scrollWidth, client: region.clientWidth,
          hidden: [...table.querySelectorAll('th,td')].filter(x => x.scrollWidth > x.clientWidth + 1).length,
          texts: heads.map((h, i) => [text(h), cells[i] ? text(cells[i]) : null])};
}"""


def test_an_explorers_table_lines_headers_up_with_columns_and_scrolls_when_wide(lab_server, browser_context):
    name = _notebook(lab_server, "explorer-table.ipynb", "from summit_course import explore\nexplore.browse('events')")
    page = _open_and_run(name, lab_server, browser_context)
    try:
        explorer = page.locator(f"{PANEL} .summit-explorer")
        explorer.locator(".summit-table table").wait_for(timeout=30_000)
        shape = explorer.evaluate(MEASURE)
        assert len(shape["heads"]) == len(shape["cells"]) > 3, shape
        for head, cell in zip(shape["heads"], shape["cells"]):
            assert abs(head[0] - cell[0]) <= 1 and abs(head[1] - cell[1]) <= 1, f"header {head} over column {cell}"
        assert shape["region"][1] <= shape["area"] + 1, f"the table's region runs past the output: {shape}"
        assert shape["scroll"] > shape["client"], "the events table is wider than the notebook: its region scrolls"
        region = explorer.locator(".summit-table")
        for (head, _), (cell, _) in shape["texts"]:
            assert abs(head - cell) <= 2, f"a header's text starts at {head}, its column's at {cell}: {shape['texts']}"
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=5_000)
        assert shape["hidden"] == 0, "no header or cell is cut inside the table"
    finally:
        page.close()


ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"


def test_arrow_down_in_a_quiz_drop_down_changes_its_value_not_the_active_cell(lab_server, browser_context):
    name = _notebook(lab_server, "dropdown-keys.ipynb", 'quiz("5.5")', "1 + 1")
    page = _open_and_run(name, lab_server, browser_context)
    try:
        select = page.locator(f"{PANEL} .summit-quiz select").first
        select.wait_for(timeout=30_000)
        select.focus()
        page.wait_for_function(f"() => ({ACTIVE_CELL})() === 1")  # the quiz's cell became the active one
        before = select.evaluate("s => s.selectedIndex")
        page.keyboard.press("ArrowDown")
        page.wait_for_function("s => s.selectedIndex !== %d" % before, arg=select.element_handle(), timeout=5_000)
        page.wait_for_timeout(300)
        assert page.evaluate(ACTIVE_CELL) == 1, "ArrowDown moved the notebook to the next cell"
        assert page.evaluate("document.activeElement.tagName") == "SELECT"
        page.keyboard.press("ArrowUp")
        page.wait_for_function("s => s.selectedIndex === %d" % before, arg=select.element_handle(), timeout=5_000)
        assert page.evaluate(ACTIVE_CELL) == 1
    finally:
        page.close()


def test_tab_after_copy_reaches_the_next_control(lab_server, browser_context):
    name = _notebook(lab_server, "copy-tab.ipynb", 'quiz("0.9")', "peskov_level = ...")
    page = _open_and_run(name, lab_server, browser_context)
    try:
        quiz = page.locator(f"{PANEL} .summit-quiz")
        quiz.locator("input[type=radio]").first.check()
        quiz.get_by_role("button", name="Check answer").click()
        copy = quiz.locator("button.summit-copy")
        copy.wait_for(timeout=30_000)
        copy.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        where = page.evaluate("() => { const e = document.activeElement; return [e.tagName, e.className, "
                              "e.getAttribute('aria-label') || e.title || e.textContent.slice(0, 40), "
                              "!!e.closest('.jp-NotebookPanel'), !!e.closest('.jp-CodeCell')]; }")
        assert where[3] and where[4], f"Tab after Copy left the notebook: {where}"
        assert page.evaluate(ACTIVE_CELL) == 2, "the next cell, the answer cell, is the one Tab reached"
        page.keyboard.press("Control+a")
        page.keyboard.press("Control+v")
        pasted = page.locator(f"{PANEL} .jp-CodeCell").nth(2).locator(".cm-content").inner_text()
        assert pasted.strip() == quiz.locator(".summit-paste pre code").inner_text().strip()
    finally:
        page.close()
