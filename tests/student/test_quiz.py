"""Quiz widgets: labelled native controls, checks through check(), stable reprs."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from summit_course.live import LIVE_MARK
from summit_course.quizzes import ManyChoice, Matching, MultipleChoice, Ordering, quiz, radio_group


def _controls(widget):
    """Every control in a widget tree."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_controls(child))
    return found


@pytest.mark.parametrize("exercise_id,cls", [("99.7", MultipleChoice), ("99.8", ManyChoice),
                                             ("99.9", Ordering), ("99.10", Matching)])
def test_quiz_kind_repr_and_labels(fixture_registry, exercise_id, cls):
    widget = quiz(exercise_id)
    assert isinstance(widget, cls)
    assert repr(widget) == f"{cls.__name__}({exercise_id!r})"
    for control in _controls(widget):
        if isinstance(control, (widgets.RadioButtons, widgets.Checkbox, widgets.Dropdown)):
            assert control.description.strip(), "every control has a visible label"
        if isinstance(control, widgets.Button):
            assert control.description and control.tooltip


def test_multiple_choice_checks_and_shows_answer_line(fixture_registry):
    widget = quiz("99.7")
    assert widget.show_feedback().status == "not_attempted"
    widget.choice.value = "B"
    result = widget.show_feedback()
    assert result.correct
    assert "<code>venue = &#x27;B&#x27;</code>" in widget.paste.value
    assert "looks right" in widget.feedback.value
    # one live region that stays (LIVE_MARK makes the widget's kept element the region): none inside
    assert widget.feedback.value.startswith(LIVE_MARK) and 'role="status"' not in widget.feedback.value


def test_a_repeated_check_changes_what_is_announced(fixture_registry):
    widget = quiz("99.7")
    widget.choice.value = "A"
    widget.show_feedback()
    first = widget.feedback.value
    widget.show_feedback()
    assert widget.feedback.value != first and "Checked 2 times." in widget.feedback.value


def test_the_last_hint_asked_again_still_changes_what_is_announced(fixture_registry):
    widget = quiz("99.7")
    shown = [widget.show_hint() for _ in range(4)]
    values = set()
    for _ in range(2):
        widget.show_hint()
        values.add(widget.feedback.value)
    assert len(values) == 2 and f"Hint asked {len(shown) + 2} times." in widget.feedback.value


def test_a_multiple_choice_is_one_named_radio_group_in_a_fieldset(fixture_registry):
    widget = quiz("99.7")
    group = widget.group.value
    assert group.startswith('<fieldset class="summit-choices"') and "<legend>Your answer:</legend>" in group
    names = set(re.findall(r'type="radio" name="([^"]+)"', group))
    assert len(names) == 1 and group.count('type="radio"') == len(widget.choice.options)
    assert "event.stopPropagation()" in group, "the arrow keys stay in the group"
    assert widget.choice.layout.display == "none", "ipywidgets' own unnamed radios stay hidden"
    assert re.findall(r'name="([^"]+)"', quiz("99.7").group.value)[0] not in names, "two quizzes, two groups"


def test_quiz_prompts_and_options_render_inline_code(fixture_registry):
    assert "<code>x</code>" in radio_group("g", ["A. `x`"])
    assert "`" not in re.sub(r"<[^>]+>", "", radio_group("g", ["A. `x`"]))


def test_wrong_choice_feedback_is_words(fixture_registry):
    widget = quiz("99.7")
    widget.choice.value = "A"
    assert widget.show_feedback().status == "incorrect"
    assert "not yet" in widget.feedback.value


def test_many_choice(fixture_registry):
    widget = quiz("99.8")
    widget.boxes[0].value = widget.boxes[2].value = True
    assert widget.answer == ["A", "C"] and widget.show_feedback().correct


def test_ordering(fixture_registry):
    widget = quiz("99.9")
    assert not widget.answered
    for dropdown, position in zip(widget.dropdowns, ["3", "1", "2"]):
        dropdown.value = position
    assert widget.answer == ["B", "C", "A"] and widget.show_feedback().correct


def test_matching(fixture_registry):
    widget = quiz("99.10")
    for dropdown in widget.dropdowns:
        dropdown.value = {"Shoigu": "defence minister", "Choe Son Hui": "foreign minister"}[dropdown.description]
    assert widget.show_feedback().correct


def test_hint_button_gives_graduated_hints(fixture_registry):
    widget = quiz("99.7")
    widget.show_hint()
    assert "no hints" in widget.feedback.value


def test_non_quiz_exercise_is_refused_with_a_reason(fixture_registry):
    with pytest.raises(ValueError, match="not a quiz exercise"):
        quiz("99.1")


def test_a_partly_answered_matching_says_how_many_are_missing(fixture_registry):
    widget = quiz("99.10")
    widget.dropdowns[0].value = widget.dropdowns[0].options[1]
    result = widget.show_feedback()
    n = len(widget.dropdowns) - 1
    assert result.status == "not_attempted"
    text = repr(result)
    assert f"{n} of {len(widget.dropdowns)} items still show —" in text
    assert "Replace the" not in text and "not attempted" in text
    assert widget.paste.value == ""


def test_a_many_choice_with_nothing_ticked_says_so(fixture_registry):
    widget = quiz("99.8")
    text = repr(widget.show_feedback())
    assert "No box is ticked yet" in text and "Replace the" not in text


def test_the_answer_line_has_its_own_copy_box_that_survives_a_hint(fixture_registry):
    widget = quiz("99.7")
    widget.choice.value = "A"
    widget.show_feedback()
    box = widget.paste.value
    # the line alone in a <pre>: a triple-click selects only the code
    assert "<pre" in box and "<code>venue = &#x27;A&#x27;</code></pre>" in box
    # a native button: Tab reaches it, Enter and Space press it; it has an accessible name
    assert '<button type="button"' in box and 'aria-label="Copy the answer line"' in box
    assert "navigator.clipboard.writeText" in box and ">Copy</button>" in box
    widget.show_hint()
    assert widget.paste.value == box, "the answer line stays visible after Show a hint"
    assert "summit-hint" in widget.feedback.value and widget.feedback.value.startswith(LIVE_MARK)


def test_the_quiz_style_hides_nothing_outside_quizzes(fixture_registry):
    """Every rule of the quiz's stylesheet is scoped to .summit-quiz: a stale check's own
    feedback (class summit-stale) elsewhere in the lesson stays visible."""
    from summit_course.quiz_html import QUIZ_STYLE

    rules = re.findall(r"([^{}]+)\{[^{}]*\}", QUIZ_STYLE.removeprefix("<style>").removesuffix("</style>"))
    for rule in rules:
        for selector in rule.split(","):
            assert selector.strip().startswith(".summit-quiz"), selector
