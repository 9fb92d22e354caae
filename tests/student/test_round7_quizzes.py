"""Round 7's quiz seams (issue #24): a practice quiz says nothing of grades."""

from __future__ import annotations

import re

from summit_course import quiz
from summit_course.registry import get


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_practice_quiz_with_a_wrong_answer_shows_no_grading_line():
    assert get("0.9").points == 0
    widget = quiz("0.9")
    widget.choice.value = "B"  # a wrong choice: 0.9's statement rests on an official record
    result = widget.show_feedback()
    assert result.status == "incorrect"
    shown = _text(widget.paste.value + widget.feedback.value + widget.question.value).lower()
    assert "grade" not in shown and "graded" not in shown, shown
    assert "peskov_level = 'B'" in _text(widget.paste.value).replace("&#x27;", "'")


def test_a_graded_quiz_still_says_how_the_line_counts_for_the_grade():
    assert get("5.6").points > 0
    widget = quiz("5.6")
    widget.choice.value = "A"
    widget.show_feedback()
    assert "count for your grade" in widget.paste.value


def test_a_shown_quiz_or_explorer_stores_a_line_saying_to_run_its_cell_again():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from summit_course.widget_fallback import FALLBACK_CLASS

    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    try:
        for cell, what in (('from summit_course import quiz\nquiz("0.9")', "quiz"),
                           ("from summit_course import explore\nexplore.browse('people')", "explorer")):
            with capture_output() as shown:
                assert ip.run_cell(cell).success
            stored = [o.data for o in shown.outputs]
            assert stored, f"the {what} stored no output of its own"
            assert "run this cell again" in stored[0]["text/plain"] and f"bring the {what} back" in stored[0]["text/plain"]
            assert f'class="{FALLBACK_CLASS}"' in stored[0]["text/html"] and "<style>" in stored[0]["text/html"]
            assert "Loading widget" not in stored[0]["text/plain"] and "Error" not in stored[0]["text/plain"]
    finally:
        InteractiveShell.clear_instance()


def test_the_website_shows_its_own_stand_in_for_a_widget_not_the_stored_line_too():
    import nbformat

    from summit_course.publish.site.notebooks import page_notebook
    from summit_course.widget_fallback import FALLBACK_CLASS, fallback_bundle
    from tests.publish.site.test_pages import ENTRIES, LINKS, _lesson

    lesson = _lesson()
    stored = nbformat.from_dict({"output_type": "display_data", "metadata": {}, "data": fallback_bundle("explorer")})
    lesson.cells[6].outputs.insert(0, stored)
    for edition in ("learner", "instructor"):
        page = page_notebook(lesson, edition, "09-x", ENTRIES, LINKS)
        shown = [str(o) for c in page.cells for o in c.get("outputs", [])]
        assert not any(FALLBACK_CLASS in o for o in shown), edition
        assert any('class=\\"widget-fallback\\"' in o or 'class="widget-fallback"' in o for o in shown), edition
