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
