"""hint(): graduated hints, one more per call, never the answer."""

from __future__ import annotations

from summit_course import hint


def test_hints_are_graduated_and_stop_at_the_last(fixture_registry):
    first, second, third = hint("99.1"), hint("99.1"), hint("99.1")
    assert repr(first) == "💡 Hint 1 of 2 for Exercise 99.1: Count the rows."
    assert repr(second).startswith("💡 Hint 2 of 2 for Exercise 99.1 (that was the last hint)")
    assert repr(third) == repr(second)


def test_hint_for_unknown_or_hintless_exercise(fixture_registry):
    assert "no exercise" in repr(hint("nope"))
    assert "no hints" in repr(hint("99.4"))


def test_hints_and_feedback_render_their_markdown_in_html():
    from summit_course.checks import Feedback
    from summit_course.hints import Hint, markdown_html

    assert markdown_html("Use `df['a'] * 2`, **not** *this*; 3 * 4 <b>") == (
        "Use <code>df[&#x27;a&#x27;] * 2</code>, <strong>not</strong> <em>this</em>; 3 * 4 &lt;b&gt;")
    shown = Hint("1.2", 1, 2, "`len(events)` counts **rows**")._repr_html_()
    assert "<code>len(events)</code> counts <strong>rows</strong>" in shown and "`" not in shown
    page = Feedback("1.2", "incorrect", 0, 3, ("Replace the ... in `x = ...`",))._repr_html_()
    assert "<code>x = ...</code>" in page and "`" not in page
