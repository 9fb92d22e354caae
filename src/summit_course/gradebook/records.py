"""What grading hands the gradebook: one record per submission, one per exercise, and the journal's figures."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AnswerRecord", "JournalStats", "SubmissionRecord"]


@dataclass(frozen=True)
class JournalStats:
    """What a student's journal says about one exercise: advisory, never part of the grade.

    ``attempts`` counts real checks (verdict incorrect, passed or recorded: not a Run All's
    not_attempted, a stale check or an empty quiz press); ``checks_to_pass`` the real checks
    up to and including the first that passed (None if none did); ``hint_max`` the highest
    hint number seen (at most the exercise's hints), ``hints`` the hint entries;
    ``first_pass_seconds`` the time from the exercise's first real check or hint to its
    first passing check.
    """

    attempts: int = 0
    checks_to_pass: int | None = None
    hint_max: int = 0
    hints: int = 0
    first_pass_seconds: float | None = None


@dataclass
class AnswerRecord:
    """One exercise of one submission, as graded.

    ``points`` is None for a written answer waiting for a manual score. ``messages`` are
    for the student; ``note`` is for the instructor only (never shown in feedback).
    ``journal`` is None when the student handed in no readable journal.
    """

    exercise: str
    status: str
    points: float | None
    max_points: float
    public_passed: int = 0
    public_total: int = 0
    hidden_passed: int = 0
    hidden_total: int = 0
    messages: tuple[str, ...] = ()
    answer: str = ""
    note: str = ""
    journal: JournalStats | None = None


@dataclass
class SubmissionRecord:
    """One graded submission: its identity, overall status and its exercise rows.

    ``journal_note`` says what became of the student's journal ("no journal", "journal: 40
    entries", "journal refused: …"); it never changes the status.
    """

    student: str
    source: str
    sha256: str
    fingerprint: str
    status: str
    reason: str = ""
    answers: list[AnswerRecord] = field(default_factory=list)
    seconds: float = 0.0
    sandboxed: bool = True
    submitted_at: str = ""
    late: bool = False
    journal_note: str = ""

    @property
    def score(self) -> float:
        """The automatic points (manual scores come later)."""
        return sum(a.points or 0 for a in self.answers)
