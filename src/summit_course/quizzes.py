"""Quiz widgets: thin ipywidgets front ends over :func:`summit_course.checks.check`.

Every quiz is built from the exercise registry, uses native form controls (radio buttons,
check boxes, drop-downs, buttons) so it works with the keyboard alone and with screen
readers, labels each control, and reports in words, not colour, into one live region per
quiz that stays in the page (so each Check is announced, a repeated one too). A quiz is a self-check:
for a grade, the chosen answer must also be written into the exercise's answer cell, and
the quiz shows the exact line to paste. A graded quiz (points > 0) says under its question that
it gives two checks (:mod:`summit_course.attempts`), and says in the live region when they are used.
"""

from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets

from . import attempts, journal
from .checks import NOT_ATTEMPTED, Feedback, judge, stuck_line
from .hints import markdown_html, next_hint
from .keep_keys import KEEP_KEYS
from .live import live, on_render
from .quiz_html import (GRADE_INTRO, GRADED_NOTE, PRACTICE_INTRO, QUIZ_STYLE, STALE_TEXT, WATCH, group_name,
                        paste_box, radio_group)
from .registry import Exercise, get
from .stopped import stopped_line
from .widget_fallback import WithFallback

__all__ = ["MultipleChoice", "ManyChoice", "Ordering", "Matching", "quiz", "radio_group"]

BLANK = "—"
STUCK = "Stuck? Press **Show a hint** for a nudge."
WIDE = widgets.Layout(width="auto")
LABEL_STYLE = {"description_width": "initial"}


def _count(what: str, times: int) -> str:
    """A line such as "Checked 2 times.", so a repeated press still changes what is announced."""
    return f'<p class="summit-count">{what} {times} times.</p>' if times > 1 else ""


def _letter(index: int) -> str:
    return chr(ord("A") + index)


class _Quiz(WithFallback, widgets.VBox):
    """Shared frame: question, controls, Check and Hint buttons, spoken feedback."""

    fallback_what = "quiz"

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        graded = attempts.limited(exercise)
        self.question = widgets.HTML(
            f'{QUIZ_STYLE}<p id="q-{exercise.id}"><strong>Exercise {html.escape(exercise.id)}.</strong> '
            f"{markdown_html(exercise.prompt)}</p>{GRADED_NOTE if graded else ''}"
        )
        self.stale = widgets.HTML(stopped_line(STALE_TEXT, "summit-quiz-stopped") + on_render(WATCH) + KEEP_KEYS)
        self.check_button = widgets.Button(
            description="Check answer", icon="check",
            tooltip=f"Check exercise {exercise.id}" + (f" ({attempts.GRADED_LABEL.lower()})" if graded else ""),
        )
        self.hint_button = widgets.Button(description="Show a hint", tooltip="One more hint each time")
        self.feedback = widgets.HTML(value=live(""), layout=widgets.Layout(min_height="1.5em"))
        self.feedback.add_class("summit-feedback-area")
        self.checks = self.hints = 0
        self.paste = widgets.HTML(value="")
        self.check_button.on_click(lambda _: self.show_feedback())
        self.hint_button.on_click(lambda _: self.show_hint())
        buttons = widgets.HBox([self.check_button, self.hint_button])
        super().__init__([self.question, *self.controls(), buttons, self.stale, self.feedback, self.paste])
        self.add_class("summit-quiz")

    def controls(self) -> list[widgets.Widget]:
        raise NotImplementedError

    @property
    def answer(self):
        """The answer the controls currently show, in the form the answer cell takes."""
        raise NotImplementedError

    def answer_line(self) -> str:
        """The line to paste into the answer cell."""
        return f"{self.exercise.variable} = {self.answer!r}"

    def missing(self) -> int:
        """How many items still have no answer (0 when the quiz can be checked)."""
        return 0 if self.answered else 1

    def unanswered_message(self) -> str:
        return "Pick an option first, then press Check answer."

    @property
    def unanswered_label(self) -> str:
        """The summary's words for an answer that cannot be checked ('' for the status's own)."""
        return ""

    def show_feedback(self):
        """Run the check and show its result as text, and the answer line in its own box."""
        if not self.answered:
            result = Feedback(self.exercise.id, NOT_ATTEMPTED, messages=(self.unanswered_message(),),
                              label=self.unanswered_label)
            self.paste.value = ""
        else:
            result = judge(self.exercise, self.answer, "quiz")  # journaled there
            stuck = stuck_line(self.exercise)  # the quiz has its own hint button: point at it
            result = dataclasses.replace(result, messages=tuple(STUCK if m == stuck else m for m in result.messages))
            self.paste.value = paste_box(self.answer_line(), GRADE_INTRO if self.exercise.points else PRACTICE_INTRO)
        self.checks += 1
        self.feedback.value = live(result.html(live=False) + _count("Checked", self.checks))
        if result.status == NOT_ATTEMPTED:
            journal.note_check(result, "quiz")
        return result

    def show_hint(self):
        """Show the next graduated hint (the answer line's box stays as it is)."""
        shown = next_hint(self.exercise.id)
        journal.note_hint(shown, "quiz")
        self.hints += 1
        again = self.hints > max(shown.total, 1)  # the same last hint again: say so, so it is heard
        self.feedback.value = live(shown._repr_html_() + (_count("Hint asked", self.hints) if again else ""))
        return shown

    @property
    def answered(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.exercise.id!r})"


class MultipleChoice(_Quiz):
    """Pick one option (one radio group: Tab reaches it once, the arrow keys choose)."""

    def controls(self):
        labels = [f"{_letter(i)}. {text}" for i, text in enumerate(self.exercise.spec.get("options", []))]
        self.choice = widgets.RadioButtons(  # hidden: it carries the choice, the group shows it
            options=[(label, _letter(i)) for i, label in enumerate(labels)], value=None,
            description="Your answer:", layout=widgets.Layout(display="none"))
        self.choice.add_class("summit-choice-sync")
        self.group = widgets.HTML(radio_group(group_name(self.exercise.id), labels))
        return [self.group, self.choice]

    @property
    def answered(self) -> bool:
        return self.choice.value is not None

    @property
    def answer(self):
        return self.choice.value


class ManyChoice(_Quiz):
    """Tick every option that applies (check boxes: Tab and Space)."""

    def controls(self):
        options = self.exercise.spec.get("options", [])
        self.boxes = [
            widgets.Checkbox(value=False, description=f"{_letter(i)}. {text}", indent=False,
                             layout=WIDE)
            for i, text in enumerate(options)
        ]
        return self.boxes

    @property
    def answered(self) -> bool:
        return any(box.value for box in self.boxes)

    def unanswered_message(self) -> str:
        return (f"No box is ticked yet: tick every option that applies (of {len(self.boxes)}), "
                "then press Check answer.")

    @property
    def answer(self):
        return [_letter(i) for i, box in enumerate(self.boxes) if box.value]


class _DropdownQuiz(_Quiz):
    """A quiz made of one labelled drop-down per item, answered when none is blank."""

    dropdowns: list

    @staticmethod
    def dropdown(options, label: str) -> widgets.Dropdown:
        return widgets.Dropdown(options=[BLANK, *options], value=BLANK, description=label,
                                style=LABEL_STYLE, layout=WIDE)

    @property
    def answered(self) -> bool:
        return all(d.value != BLANK for d in self.dropdowns)

    def missing(self) -> int:
        return sum(d.value == BLANK for d in self.dropdowns)

    def unanswered_message(self) -> str:
        n, total = self.missing(), len(self.dropdowns)
        return (f"{n} of {total} item{'s' if total != 1 else ''} still show {BLANK}: "
                f"choose one for {'each' if n > 1 else 'it'}, then press Check answer.")


class Ordering(_DropdownQuiz):
    """Give each item its position (a drop-down per item)."""

    def controls(self):
        items = self.exercise.spec.get("options", [])
        positions = [str(n) for n in range(1, len(items) + 1)]
        self.dropdowns = [self.dropdown(positions, f"{_letter(i)}. {text}")
                          for i, text in enumerate(items)]
        return self.dropdowns

    def repeated(self) -> list[str]:
        """Positions chosen for more than one item."""
        chosen = [d.value for d in self.dropdowns if d.value != BLANK]
        return sorted({p for p in chosen if chosen.count(p) > 1}, key=int)

    @property
    def answered(self) -> bool:
        return super().answered and not self.repeated()

    @property
    def unanswered_label(self) -> str:
        """Every item has a position but one is repeated: read, yet not checked."""
        return "not checked yet" if self.repeated() and not self.missing() else ""

    def unanswered_message(self) -> str:
        twice = self.repeated()
        if not twice or self.missing():
            return super().unanswered_message()
        chosen = {d.value for d in self.dropdowns}
        unused = [str(n) for n in range(1, len(self.dropdowns) + 1) if str(n) not in chosen]
        return (f"Position {' and '.join(twice)} is given to more than one item, and {' and '.join(unused)} "
                f"to none: give each position to one item, then press Check answer.")

    @property
    def answer(self):
        def position(i):
            value = self.dropdowns[i].value
            return int(value) if value != BLANK else len(self.dropdowns) + 1

        return [_letter(i) for i in sorted(range(len(self.dropdowns)), key=position)]


class Matching(_DropdownQuiz):
    """Pair each item on the left with one on the right (a drop-down per item)."""

    def controls(self):
        right = self.exercise.spec.get("right", [])
        self.dropdowns = [self.dropdown(right, name) for name in self.exercise.spec.get("left", [])]
        return self.dropdowns

    @property
    def answer(self):
        return {d.description: d.value for d in self.dropdowns if d.value != BLANK}


_WIDGET_FOR_KIND = {
    "choice": MultipleChoice,
    "choices": ManyChoice,
    "order": Ordering,
    "match": Matching,
}


def quiz(exercise_id: str) -> _Quiz:
    """Build the quiz widget for a registered quiz exercise."""
    exercise = get(exercise_id)
    if exercise is None or exercise.kind not in _WIDGET_FOR_KIND:
        kinds = ", ".join(_WIDGET_FOR_KIND)
        raise ValueError(f"{exercise_id!r} is not a quiz exercise (quiz kinds: {kinds}).")
    return _WIDGET_FOR_KIND[exercise.kind](exercise)
