"""Which option, or which partner of a matching, a student's text names: the one reading
that ``check()``, the quizzes and the grader's hidden checks share.

A choice may be given by its letter in either case, by the option's text in any case and
spacing, by the text with its quiz letter, or by the dataset's code for it. A partner of a
matching may also be given by the short form the lesson uses for it: the word before a
colon (``"yes"`` for "yes: a ban covers it"), the noun without its article (``"post"`` for
"a post"), or the verb the dataset writes for "... by a veto" (``"vetoed"``); a short form
counts only when it names one partner and no other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = ["letter", "normalise_text", "option_index", "partner_index", "short_forms", "standard_form"]

_LABELLED = re.compile(r"^\(?([A-Za-z])[.)]\s+(.+)$", re.S)
_ARTICLE = re.compile(r"^(?:a|an|the) ")


def normalise_text(value: str) -> str:
    """Fold case, unify Unicode forms and dashes, collapse spaces, trim end punctuation."""
    text = unicodedata.normalize("NFKC", value).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text).replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .,;:!?\"'")


def loose(text: str) -> str:
    """Normalised text in which ``_``, ``-`` and spaces are alike: a dataset's code matches its words."""
    return re.sub(r"[\s_\-]+", " ", normalise_text(text)).strip()


def letter(index: int) -> str:
    """``0`` -> ``"A"``."""
    return chr(ord("A") + index)


def is_letter(value) -> bool:
    """A single letter (``"B"``, ``"(b)"``): a choice's label, never a partner's name."""
    return isinstance(value, str) and len(value.strip().strip("().")) == 1


def option_index(value, options) -> int | None:
    """Which option ``value`` names, or None: the one reading of a choice, for check() and the grader.

    A choice may be given by its letter in either case (``"B"``, ``"b"``, ``"(b)"``), by the
    option's text in any case and spacing, by the text with its quiz letter (``"B. The
    Panel ..."``), or by the dataset's code for it (``"official_record"`` for "official
    record", and the other way round; "food and energy" for ``food_energy``, whose underscore
    the lessons' labels read as "and").
    """
    if not isinstance(value, str) or not options:
        return None
    text = value.strip()
    label = text.strip("().")
    if len(label) == 1 and label.isalpha():
        index = ord(label.upper()) - ord("A")
        return index if 0 <= index < len(options) else None
    forms = [loose(str(option)) for option in options]
    if loose(text) in forms:
        return forms.index(loose(text))
    joined = loose(text).replace(" and ", " ")  # "food and energy", the lessons' label for the code food_energy
    if joined != loose(text) and joined in forms and "_" in str(options[forms.index(joined)]):
        return forms.index(joined)
    labelled = _LABELLED.match(text)
    if labelled:
        index = ord(labelled.group(1).upper()) - ord("A")
        if 0 <= index < len(options) and forms[index] == loose(labelled.group(2)):
            return index
    return None


def short_forms(name: str) -> set[str]:
    """The short forms of a matching's partner: its words before a colon, without an article,
    and the ``-ed`` verb of a last word ("defeated by a veto": "vetoed")."""
    head = loose(name.split(":")[0])
    forms = {head, _ARTICLE.sub("", head)}
    words = head.split()
    if len(words) > 1:
        forms |= {words[-1] + "ed", words[-1] + "d"}
    return forms


def partner_index(value, names) -> int | None:
    """Which partner of a matching ``value`` names, or None: as :func:`option_index` (never by a
    letter), or by a short form that names that partner alone."""
    if not isinstance(value, str) or not names or is_letter(value):
        return None
    index = option_index(value, names)
    if index is not None:
        return index
    found = {i for i, name in enumerate(names) if loose(value) in short_forms(str(name))}
    return found.pop() if len(found) == 1 else None


def standard_form(kind: str, value, spec: Mapping):
    """``value`` with each choice as its letter and each pair as the exercise spells it.

    The grader gives hidden checks this form, so that any form of a choice the public check
    accepts (the letter in either case, the option's text, the dataset's code, a partner's
    short form) passes them alike. Values that name no option are left as they are.
    """
    options = list(spec.get("options", []))
    if kind == "choice":
        index = option_index(value, options)
        return letter(index) if index is not None else value
    if kind in ("choices", "order") and hasattr(value, "__iter__") and not isinstance(value, (str, bytes, Mapping)):
        indices = [option_index(item, options) for item in value]
        return [letter(i) if i is not None else item for i, item in zip(indices, value)]
    if kind == "match" and isinstance(value, Mapping):
        left, right = list(spec.get("left", [])), list(spec.get("right", []))
        return {_spelled(k, left, option_index): _spelled(v, right, partner_index) for k, v in value.items()}
    return value


def _spelled(value, names: list, reading):
    index = reading(value, names) if not is_letter(value) else None
    return names[index] if index is not None else value
