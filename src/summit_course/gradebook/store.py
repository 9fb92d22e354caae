"""The gradebook: one SQLite file per assignment, safe to kill at any moment.

Only the grading process writes to it, one transaction per graded submission: the
submission's old rows are deleted and its new submission row and per-exercise rows are
inserted together, so a run killed mid-way (Ctrl+C, ``kill -9``, a power cut) leaves
every student either graded once or not at all, and the next run picks up the rest. The
file is in WAL mode with full sync; readers (exports, feedback) never block the grader.

Totals are never stored: they are summed from the exercise rows (automatic points, or
the manual score where an instructor gave one), so they cannot go stale. Manual scores
survive a re-grade as long as the written answer they scored is unchanged.
"""


from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .records import AnswerRecord, JournalStats, SubmissionRecord
from .schema import ANSWER_COLUMNS, SCHEMA, SCHEMA_VERSION, GradebookError, impossible_rows, migrate

__all__ = ["MANUAL", "AnswerRecord", "Gradebook", "GradebookError", "JournalStats", "SubmissionRecord", "student_rows",
           "with_gradebook"]

MANUAL = "manual"


class Gradebook:
    """An open gradebook file; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    path : str or Path
        The SQLite file; created with its schema if missing.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._transaction():
            migrate(self._db)
            for statement in _statements(SCHEMA):
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    @contextmanager
    def _transaction(self):
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- the assignment this gradebook belongs to --------------------------------------

    def set_assignment(self, info: dict) -> None:
        """Store the assignment's description (exercise ids, points, hints, rubrics).

        Raises
        ------
        ValueError
            When the gradebook already holds grades for a different set of exercises.
        """
        old = self.assignment()
        new_ids = [e["id"] for e in info["exercises"]]
        if old and [e["id"] for e in old["exercises"]] != new_ids and self.count() > 0:
            raise ValueError(
                f"{self.path} holds grades for exercises {', '.join(e['id'] for e in old['exercises'])}, "
                f"not {', '.join(new_ids)}. Use a new gradebook file for another assignment."
            )
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('assignment', ?)",
                             (json.dumps(info, ensure_ascii=False),))

    def assignment(self) -> dict:
        """The stored assignment description (empty before the first grading run)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'assignment'").fetchone()
        return json.loads(row["value"]) if row else {}

    def exercise_ids(self) -> list[str]:
        """The assignment's exercise ids, in order."""
        return [e["id"] for e in self.assignment().get("exercises", [])]

    # -- writing -----------------------------------------------------------------------

    def is_current(self, student: str, sha256: str, fingerprint: str) -> bool:
        """True when ``student``'s stored grade is for this very file and assignment.

        Submissions that failed for the grader's own reasons (status ``error``) are
        never current: the next run tries them again.
        """
        row = self._db.execute(
            "SELECT sha256, fingerprint, status FROM submission WHERE student = ?", (student,)
        ).fetchone()
        return bool(row) and row["sha256"] == sha256 and row["fingerprint"] == fingerprint and row["status"] != "error"

    def record(self, result: SubmissionRecord) -> None:
        """Replace ``result.student``'s grade in one transaction.

        Manual scores of written answers whose text did not change are kept.
        """
        with self._transaction():
            kept = {
                row["exercise"]: row
                for row in self._db.execute(
                    "SELECT exercise, answer, manual_points, manual_comment FROM answer "
                    "WHERE student = ? AND manual_points IS NOT NULL", (result.student,))
            }
            self._db.execute("DELETE FROM submission WHERE student = ?", (result.student,))
            self._db.execute(
                "INSERT INTO submission (student, source, sha256, fingerprint, status, reason, graded_at, seconds, "
                "sandboxed, submitted_at, late, journal_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.student, result.source, result.sha256, result.fingerprint, result.status,
                 result.reason, _now(), round(result.seconds, 3), int(result.sandboxed), result.submitted_at,
                 int(result.late), result.journal_note),
            )
            insert = (f"INSERT INTO answer ({', '.join(ANSWER_COLUMNS)}) "
                      f"VALUES ({', '.join('?' * len(ANSWER_COLUMNS))})")
            for a in result.answers:
                old = kept.get(a.exercise)
                same = old is not None and a.status == MANUAL and old["answer"] == a.answer
                j = a.journal
                self._db.execute(insert, (
                    result.student, a.exercise, a.status, a.points, a.max_points, a.public_passed,
                    a.public_total, a.hidden_passed, a.hidden_total,
                    json.dumps(list(a.messages), ensure_ascii=False), a.answer, a.note,
                    old["manual_points"] if same else None, old["manual_comment"] if same else "",
                    *((j.attempts, j.checks_to_pass, j.hint_max, j.hints, j.first_pass_seconds) if j else (None,) * 5),
                ))

    def set_manual(self, scores: list[tuple[str, str, float, str]]) -> None:
        """Store manual scores ``(student, exercise, points, comment)`` in one transaction."""
        with self._transaction():
            for student, exercise, points, comment in scores:
                self._db.execute(
                    "UPDATE answer SET manual_points = ?, manual_comment = ? WHERE student = ? AND exercise = ?",
                    (points, comment, student, exercise),
                )

    # -- reading -----------------------------------------------------------------------

    def impossible_rows(self) -> list[str]:
        """Rows that break the rules (points out of range, unknown statuses); empty when all is well."""
        return impossible_rows(self._db)

    def count(self) -> int:
        """How many submissions are graded."""
        return self._db.execute("SELECT COUNT(*) FROM submission").fetchone()[0]

    def submissions(self) -> list[dict]:
        """Every submission row, with its total and maximum, sorted by student."""
        rows = self._db.execute(
            "SELECT s.*, COALESCE(SUM(COALESCE(a.manual_points, a.points, 0)), 0) AS total, "
            "COALESCE(SUM(a.max_points), 0) AS max_total, "
            "SUM(a.status = 'manual' AND a.manual_points IS NULL) AS pending "
            "FROM submission s LEFT JOIN answer a ON a.student = s.student "
            "GROUP BY s.student ORDER BY s.student"
        ).fetchall()
        return [dict(r) for r in rows]

    def answers(self, student: str | None = None) -> list[dict]:
        """Exercise rows (all, or one student's), with ``messages`` decoded."""
        query = "SELECT * FROM answer" + (" WHERE student = ?" if student is not None else "")
        rows = self._db.execute(query + " ORDER BY student", (student,) if student is not None else ())
        return [{**dict(r), "messages": json.loads(r["messages"])} for r in rows]


def with_gradebook(function):
    """Let ``function(book, ...)`` take a gradebook file's path as well as an open :class:`Gradebook`."""

    @functools.wraps(function)
    def wrapper(book, *args, **kwargs):
        if isinstance(book, Gradebook):
            return function(book, *args, **kwargs)
        if not Path(book).is_file():
            raise FileNotFoundError(f"There is no gradebook at {book}; run `summit-course grade` first.")
        with Gradebook(book) as opened:
            return function(opened, *args, **kwargs)

    return wrapper


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def student_rows(book: Gradebook) -> list[dict]:
    """One summary per student: total, maximum, status, reason and points per exercise.

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
            "student": sub["student"], "status": sub["status"], "reason": reason,
            "total": sub["total"], "max_total": sub["max_total"], "source": sub["source"],
            "graded_at": sub["graded_at"], "sandboxed": bool(sub["sandboxed"]),
            "submitted_at": sub["submitted_at"], "late": bool(sub["late"]), "journal_note": sub["journal_note"],
            "exercises": answers.get(sub["student"], {}),
        })
    return summaries
