"""One summary per student, as every export, page and report reads the gradebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import GradebookError
from .statuses import MANUAL

if TYPE_CHECKING:
    from .store import Gradebook

__all__ = ["student_rows"]


def student_rows(book: Gradebook) -> list[dict]:
    """One summary per student: total, maximum, status, reason and points per exercise.

    ``reason`` is the grader's reason plus how many written answers await a manual score;
    ``grading_reason`` the grader's alone, ``pending`` that count, ``pending_points`` the points they may add.

    Raises :class:`GradebookError` when a row breaks the gradebook's rules (a file edited
    by hand), so no export, feedback page or report shows impossible points.
    """
    problems = book.impossible_rows()
    if problems:
        raise GradebookError(f"{book.path} holds impossible data; fix or re-grade these rows first:\n  "
                             + "\n  ".join(problems[:20]))
    answers: dict[str, dict[str, dict]] = {}
    for row in book.answers():
        answers.setdefault(row["student"], {})[row["exercise"]] = row
    summaries = []
    for sub in sorted(book.submissions(), key=lambda s: (s["student"].casefold(), s["student"])):
        reason = sub["reason"]
        if sub["pending"]:
            pending = f"{sub['pending']} written answer(s) await a manual score"
            reason = f"{reason}; {pending}" if reason else pending
        summaries.append({
            "student": sub["student"], "status": sub["status"], "reason": reason, "grading_reason": sub["reason"],
            "pending": sub["pending"] or 0,
            "pending_points": sum(a["max_points"] for a in answers.get(sub["student"], {}).values()
                                  if a["status"] == MANUAL and a["manual_points"] is None),
            "total": sub["total"], "max_total": sub["max_total"], "source": sub["source"],
            "graded_at": sub["graded_at"], "sandboxed": bool(sub["sandboxed"]),
            "submitted_at": sub["submitted_at"], "late": bool(sub["late"]), "journal_note": sub["journal_note"],
            "exercises": answers.get(sub["student"], {}),
        })
    return summaries
