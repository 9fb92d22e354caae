"""The axe helper itself: it finds a real violation and tells the course's own from the host's."""

from __future__ import annotations

import pytest

from .axe import REPORTS, audit

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>
<div class="jp-Toolbar"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="></div>
<div class="summit-quiz"><input type="radio" name="q"></div></main></body></html>"""


def test_audit_splits_the_courses_own_from_the_hosts_and_lists_both(chromium_context):
    page = chromium_context.new_page()
    try:
        page.set_content(PAGE)
        result = audit(page)
    finally:
        page.close()
    assert [(v.rule, v.impact) for v in result.blocking] == [("label", "critical")]
    assert "summit-quiz" in result.blocking[0].target or "input" in result.blocking[0].target
    assert [v.rule for v in result.theirs] == ["image-alt"]
    with pytest.warns(UserWarning, match="image-alt"):
        path = result.write("axe-self-test")
    assert path.parent == REPORTS and "JupyterLab's own (or the host's): 1" in path.read_text()
