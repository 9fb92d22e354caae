"""A hidden check that raises on a right answer is the exercise file's fault, never the student's.

The build runs every hidden check on the model answer and reads the names each uses, but a
check may still raise on another right answer (one the public checks accept within their
tolerance, say). Such a check is left out of that student's score, the answer's note names
it, the submission goes to review with the same words in its reason (the export's reason
column and the report), and the grading summary lists each broken check once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..gradebook import AnswerRecord

__all__ = ["NOT_COUNTED", "broken_check_note", "broken_checks"]

#: How every broken check's note ends: what it means, and what is not done to the student.
NOT_COUNTED = "the exercise file needs fixing; not counted against the student"
_NOTE = re.compile(r"hidden check \d+ of \S+ raised \w+: " + re.escape(NOT_COUNTED))


def broken_check_note(exercise_id: str, number: int, error: Exception) -> str:
    """``hidden check 2 of 2.8 raised NameError: the exercise file needs fixing; not counted against the student``."""
    return f"hidden check {number} of {exercise_id} raised {type(error).__name__}: {NOT_COUNTED}"


def broken_checks(answers: Iterable[AnswerRecord]) -> list[str]:
    """The broken-check notes of graded answers (a submission's), in their order."""
    return [found for answer in answers for found in _NOTE.findall(answer.note)]
