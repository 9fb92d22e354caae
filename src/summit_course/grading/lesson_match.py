"""Whether a folder of submissions belongs to the assignment at all: a wrong ``--assignment`` writes nothing."""

from __future__ import annotations

import json

from ..gradebook import UsageError
from .plain import is_real_folder
from .submissions import Submission, sets_answers

__all__ = ["WrongAssignment", "check_lessons_held"]


class WrongAssignment(UsageError):
    """No submission holds a notebook of the assignment's lessons: ``--assignment`` names another release."""


def _readable(path) -> bool:
    try:
        return isinstance(json.loads(path.read_bytes().decode("utf-8")).get("cells"), list)
    except (OSError, ValueError, AttributeError):
        return False


def _holds_a_lesson(submission: Submission, lessons, variables) -> bool | None:
    """True when one of the submission's notebooks is named like a lesson or sets one of its answers; None when it
    has no readable notebook (nothing to judge by)."""
    readable = [p for p in submission.notebooks if _readable(p)]
    if not readable:
        return None
    in_folder = submission.path is not None and is_real_folder(submission.path)
    return any((in_folder and any(p.name[:2] == lesson[:2] for lesson in lessons)) or sets_answers(p, variables)
               for p in readable)


def check_lessons_held(submissions: list[Submission], spec, folder) -> None:
    """Raise :class:`WrongAssignment` when submissions hold readable notebooks but none of them belongs to the
    assignment's lessons (named like one, or setting one of its answer variables).

    A folder with no readable notebook at all (empty, only broken files) is left to grading, which gives each
    submission its row and reason.
    """
    verdicts = [_holds_a_lesson(s, spec.lessons, spec.variables) for s in submissions]
    if any(verdicts) or not any(v is False for v in verdicts):
        return
    names = sorted({p.name for s in submissions for p in s.notebooks})
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    raise WrongAssignment(
        f"None of the {len(submissions)} submission(s) in {folder} holds a notebook of {spec.name}'s lessons "
        f"({', '.join(spec.lessons)}): their notebooks ({shown}) are named for other lessons and set none of its "
        "answers. Is --assignment the right release? Nothing was graded and no gradebook was written.")
