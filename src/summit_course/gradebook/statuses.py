"""Every status a submission or an exercise can have, named once.

The gradebook's CHECK constraints, grading, the exports and the pages all use these names,
so a new status is added here and nowhere else. They are plain strings (what SQLite stores
and the exports write), grouped by what a reader does with them.
"""

from __future__ import annotations

__all__ = ["ANSWER_MEANINGS", "ANSWER_STATUSES", "BLANK", "ERROR", "FAILED", "GRADED", "INCORRECT", "MANUAL", "MISSING", "NEEDS_HELP",
           "NOT_ATTEMPTED", "NO_ANSWER", "OK", "PASSED", "RELEASE_COPY", "REVIEW", "SUBMISSION_MEANINGS", "SUBMISSION_STATUSES", "UNREADABLE", "UNTOUCHED"]

# -- a submission ---------------------------------------------------------------------------
#: Each submission status, in order, and what it means.
SUBMISSION_MEANINGS = {
    "ok": "Ran, and every answer was read.",
    "review": "Graded, but something is worth a look (the reason says what).",
    "blank": "Ran, but no answer was given: every answer cell still holds ``...`` (or none was found).",
    "untouched": "The notebooks handed in are the release copies, unchanged: nothing was done.",
    "failed": "Could not be graded: not a notebook, broken JSON, no notebook in the folder.",
    "error": "The grader's own problem (a kernel that could not start, a crashed worker); retried next run.",
}
SUBMISSION_STATUSES = OK, REVIEW, BLANK, UNTOUCHED, FAILED, ERROR = tuple(SUBMISSION_MEANINGS)
#: The statuses of students who need a look, most urgent first (the report's and summary's order).
NEEDS_HELP = (UNTOUCHED, BLANK, FAILED, ERROR, REVIEW)
#: Submissions whose answers tell how an exercise worked (what item analytics and "hardest" count).
GRADED = (OK, REVIEW)

# -- one exercise of a submission -----------------------------------------------------------
#: Each exercise status, in order, and what it means.
ANSWER_MEANINGS = {
    "passed": "The answer passed every check.",
    "incorrect": "The answer failed a check.",
    "not_attempted": "The answer cell still holds ``...``.",
    "manual": "A written answer: an instructor scores it by hand.",
    "missing": "No answer cell for the exercise was found (no notebook for its lesson, or the cell was deleted).",
    "error": "The answer cell ran into an error, so no value could be read.",
}
ANSWER_STATUSES = PASSED, INCORRECT, NOT_ATTEMPTED, MANUAL, MISSING, UNREADABLE = tuple(ANSWER_MEANINGS)
#: What the reason says after a notebook's name when that notebook is the release copy, unchanged, beside others
#: that hold work (the submission is in review: the student may have handed in the wrong file).
RELEASE_COPY = "is the release copy, unchanged (the wrong file?)"

#: An exercise the student gave no answer to.
NO_ANSWER = (NOT_ATTEMPTED, MISSING)
