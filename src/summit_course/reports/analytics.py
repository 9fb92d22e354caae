"""Item analytics: how each exercise worked, from the gradebook's verdicts and the students' journals.

Pure functions over :func:`summit_course.gradebook.student_rows`'s summaries; the report
draws and tabulates them (:mod:`summit_course.reports.items`). One definition of
**students** holds here and in the report's exercise table: the students whose submission
could be graded (status ``ok`` or ``review``; a submission that failed or hit a grader error
says nothing about an exercise). A student with no answer cell for the exercise (no notebook
for its lesson) is one of them, and has not passed. While a written answer still awaits its
manual score (``pending``), the figures that depend on scores (passed, discrimination) wait
until every answer is scored: it has neither passed nor failed.

Per exercise:

- **passed**: students who passed (all checks, or full manual points), of the students;
- **checks to a pass** (journals): the median number of real checks (``check()`` runs and quiz
  **Check answer** presses that looked at an answer) up to and including the first that
  passed, among students whose journal shows a pass (1 = passed first time);
- **used every hint** (journals): students whose journal shows the exercise's last hint opened,
  of students who handed in a readable journal;
- **discrimination** (upper-lower index): the share passing among the top third of students by
  total score minus the share passing among the bottom third, from -1 to 1. Each third holds
  ``n / 3`` students, a fraction when ``n`` is not a multiple of 3; students tied on total at a
  boundary share the remaining places equally (three tied students competing for one place
  count a third each), so no arbitrary order decides. The total includes the exercise itself.
  Near 0 (or below): the exercise does not separate stronger from weaker students; above about
  0.3, it does. Not computed for fewer than :data:`SMALL_CLASS` scored students (thirds of one
  student say nothing);
- **public pass, hidden fail**: students whose public checks all passed but a hidden check
  failed, of those whose public checks all passed (on an exercise with hidden checks). Flagged
  as possibly unclear when at least :data:`UNCLEAR_MIN` students and :data:`UNCLEAR_SHARE` of
  them are in that case: the wording let them believe a wrong answer was right.

With fewer than :data:`SMALL_CLASS` students every figure is given as counts ("2 of 3"), with
a caution: a percentage of three students is not a measurement.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..gradebook.statuses import GRADED, MANUAL, PASSED

__all__ = ["GRADED", "SMALL_CLASS", "UNCLEAR_MIN", "UNCLEAR_SHARE", "Discrimination", "ItemStats", "awaiting",
           "counts_as_scored", "discrimination", "item_stats", "journal_notes", "passed", "ratio"]

SMALL_CLASS = 5
UNCLEAR_MIN = 2
UNCLEAR_SHARE = 0.25


def awaiting(row: dict) -> bool:
    """Whether an exercise row is a written answer still waiting for its manual score."""
    return row["status"] == MANUAL and row["manual_points"] is None


def counts_as_scored(row: dict) -> bool:
    """Whether an exercise row has a score that says how the exercise went: every row but a written answer still
    awaiting its manual score (no answer cell at all is a score: nothing passed)."""
    return not awaiting(row)


def passed(row: dict) -> bool:
    """Whether an exercise row counts as passed: every check passed, or full manual points."""
    if row["status"] == MANUAL:
        return row["manual_points"] is not None and row["manual_points"] >= row["max_points"]
    return row["status"] == PASSED


@dataclass(frozen=True)
class Discrimination:
    """The upper-lower index and its parts: shares passing in the top and bottom thirds of ``size`` students."""

    index: float
    upper: float
    lower: float
    size: float


def _third_share(results: list[tuple[float, bool]], size: float, best_first: bool) -> float:
    """The share passing among the first ``size`` students by total, tied blocks sharing places equally."""
    totals = sorted({total for total, _ in results}, reverse=best_first)
    taken = credit = 0.0
    for total in totals:
        block = [ok for t, ok in results if t == total]
        seats = min(size - taken, len(block))
        if seats <= 0:
            break
        credit += seats * sum(block) / len(block)
        taken += seats
    return credit / size


def discrimination(results: list[tuple[float, bool]]) -> Discrimination | None:
    """The upper-lower discrimination index of ``(total score, passed)`` pairs; None under 3 students."""
    if len(results) < 3:
        return None
    size = len(results) / 3
    upper, lower = _third_share(results, size, True), _third_share(results, size, False)
    return Discrimination(upper - lower, upper, lower, size)


@dataclass(frozen=True)
class ItemStats:
    """How one exercise worked (see the module's docstring for each figure)."""

    id: str
    students: int
    passed: int
    journals: int = 0
    checks_to_pass: tuple[int, ...] = ()
    hints_available: int = 0
    every_hint: int = 0
    discrimination: Discrimination | None = None
    public_passed: int = 0
    hidden_failed: int = 0
    pending: int = 0

    @property
    def awaiting(self) -> bool:
        """An answer still awaits its manual score: the exercise's figures wait until every answer is scored
        (two of six scored, both short of full points, is not "0 % passed")."""
        return bool(self.pending)

    @property
    def median_checks(self) -> float | None:
        return statistics.median(self.checks_to_pass) if self.checks_to_pass else None

    @property
    def unclear(self) -> bool:
        """Public checks pass but hidden checks fail often: a sign the wording is unclear."""
        return self.hidden_failed >= UNCLEAR_MIN and self.hidden_failed >= UNCLEAR_SHARE * self.public_passed


def ratio(part: int, whole: int, small: bool) -> str:
    """``part`` of ``whole`` as people read it: "2 of 3" for a small class, "40 % (2 of 5)" otherwise."""
    if not whole:
        return "–"
    return f"{part} of {whole}" if small else f"{100 * part / whole:.0f} % ({part} of {whole})"


def item_stats(summaries: list[dict], exercises: list[dict]) -> list[ItemStats]:
    """Each exercise's figures, in the assignment's order, from the graded students' rows."""
    graded = [s for s in summaries if s["status"] in GRADED]
    stats = []
    for info in exercises:
        found = [(s["total"], s["exercises"][info["id"]]) for s in graded if info["id"] in s["exercises"]]
        rows = [(total, r) for total, r in found if counts_as_scored(r)]
        read = [r for _, r in found if r.get("attempts") is not None]  # journals do not wait for scores
        hints = len(info.get("hints", []))
        public = [r for _, r in rows if r["hidden_total"] and r["public_total"]
                  and r["public_passed"] == r["public_total"]]
        complete = len(rows) == len(found)
        stats.append(ItemStats(
            info["id"], len(found), sum(passed(r) for _, r in rows), len(read),
            tuple(sorted(r["checks_to_pass"] for r in read if r.get("checks_to_pass") is not None)),
            hints, sum(bool(hints) and (r.get("hint_max") or 0) >= hints for r in read),
            discrimination([(total, passed(r)) for total, r in rows]) if complete and len(rows) >= SMALL_CLASS
            else None,
            len(public), sum(r["hidden_passed"] < r["hidden_total"] for r in public),
            sum(awaiting(r) for _, r in found),
        ))
    return stats


def journal_notes(summaries: list[dict]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Graded students whose journal was read, those without one, and each note beyond a plain count."""
    graded = [s for s in summaries if s["status"] in GRADED]
    read = [s["student"] for s in graded if s.get("journal_note", "").startswith("journal: ")]
    plain = re.compile(r"(journal: \d+ entr(y|ies)|no journal|)")
    notes = [(s["student"], s["journal_note"]) for s in graded if not plain.fullmatch(s.get("journal_note", ""))]
    return read, [s["student"] for s in graded if s["student"] not in read], notes
