"""No text a student can read of an exercise gives an answer away: checked by ``build``, a release and grading.

The registry the package ships keeps each exercise's public texts: its variable name,
objective, prompt, unit, hints, options, items and self-check list. A model answer written
out in one of them (another exercise's, or its own) is readable by any student who opens
the package, and the release's leak scan and ``tests/authoring/test_no_answers_leak.py``
would find it there. :func:`giveaway_problems` names the exercise, the text and the answer
it reveals, so the author can reword it before anything is built.

Only answers specific enough to search for count (:func:`plain_answers`): a text or date
answer, or the items of a set or list answer written out together, five characters or more.
"""

from __future__ import annotations

from ..keys import normalise_text
from .exercises import model_answer

__all__ = ["PUBLIC_TEXTS", "giveaway_problems", "plain_answers"]

#: The fields of an exercise that the shipped registry keeps and a student can read, as the message names them.
PUBLIC_TEXTS = {"variable": "the variable name", "objective": "the objective", "prompt": "the prompt",
                "unit": "the unit", "hints": "hint", "options": "option", "items": "item",
                "left": "left-hand item", "right": "right-hand option", "self_check": "self-check line"}
SHORTEST = 5


def plain_answers(entry: dict, answer=None) -> list[str]:
    """The renderings of an exercise's answer worth searching for, normalised (``[]`` for other kinds).

    A text answer and its ``also_accept`` spellings, a date as ``YYYY-MM-DD``, and a set or list
    answer as its items joined the way JSON and Python print them (one item alone may be public,
    a name offered in a quiz, say, without giving the answer away).
    """
    kind = entry.get("kind")
    if kind not in ("text", "date", "set", "list"):
        return []
    answer = model_answer(entry) if answer is None else answer
    if kind == "text":
        values = [answer, *entry.get("also_accept", [])]
    elif kind == "date":
        values = [str(answer)[:10]]
    else:
        items = [str(v) for v in (sorted(answer, key=str) if kind == "set" else answer)]
        values = [", ".join(f'"{v}"' for v in items), ", ".join(f"'{v}'" for v in items)]
    return [normalise_text(str(v)) for v in values if len(str(v)) >= SHORTEST]


def _texts(entry: dict):
    """``(label, text)`` for each public text of an exercise: ``("hint 1", "...")``."""
    for field, label in PUBLIC_TEXTS.items():
        value = entry.get(field)
        if isinstance(value, str):
            yield label, value
        elif isinstance(value, list):
            yield from ((f"{label} {number}", str(item)) for number, item in enumerate(value, 1))


def giveaway_problems(entries: list[dict]) -> list[tuple[dict, str]]:
    """Each public text that contains a model answer: ``(exercise, problem without its file and id)``.

    An exercise whose model answer cannot be computed is left out here (its own check says why).
    """
    answers = []
    for entry in entries:
        try:
            answers += [(entry, form) for form in plain_answers(entry)]
        except Exception:  # reported by the exercise's own check
            continue
    problems = []
    for entry in entries:
        for label, text in _texts(entry):
            folded = normalise_text(text)
            for owner, form in answers:
                if form in folded:
                    whose = "its own answer" if owner is entry else f"the answer of exercise {owner['id']}"
                    problems.append((entry, f"{label} contains {whose} ({form!r}), which every student could read "
                                            "in the package: reword it"))
    return problems
