"""The gradebook: one SQLite file per assignment, safe to kill at any moment.

Only the commands that change grades write to it (grading, one transaction per graded
submission; a manual-score import, one transaction): the submission's old rows are deleted
and its new submission row and per-exercise rows are inserted together, so a run killed
mid-way (Ctrl+C, ``kill -9``, a power cut) leaves every student either graded once or not
at all, and the next run picks up the rest. Everything else (exports, feedback, the report)
opens the file read-only: it never writes to it, and in WAL mode with full sync a reader
neither waits for the grader nor holds it up. A reader of a gradebook written by an older
version upgrades a copy in memory and leaves the file as it is.

Totals are never stored: they are summed from the exercise rows (automatic points, or
the manual score where an instructor gave one), so they cannot go stale. Manual scores
survive a re-grade as long as the written answer they scored is unchanged.
"""


from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError
from .guess import guess_student as _guess
from .records import AnswerRecord, JournalStats, SubmissionRecord
from .connect import open_read_only, upgrade
from .schema import ANSWER_COLUMNS, SCHEMA_VERSION, GradebookError, impossible_rows
from .statuses import ERROR, MANUAL

__all__ = ["AnswerRecord", "Gradebook", "GradebookError", "JournalStats", "SubmissionRecord", "with_gradebook"]


class Gradebook:
    """An open gradebook file; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    path : str or Path
        The SQLite file; created with its schema if missing (when opened for writing).
    write : bool
        Open for writing (grading, manual scores). ``False`` opens the file read-only: the
        file must exist and is never changed, not even to upgrade it.
    """

    def __init__(self, path, *, write: bool = True):
        self.path = Path(path)
        self.writable = write
        if not write:
            self._db = open_read_only(self.path)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        if self._db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            with self._transaction():
                upgrade(self._db)

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
        UsageError
            When the gradebook already holds grades for a different set of exercises.
        """
        old = self.assignment()
        new_ids = [e["id"] for e in info["exercises"]]
        if old and [e["id"] for e in old["exercises"]] != new_ids and self.count() > 0:
            raise UsageError(
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

    def is_current(self, student: str, sha256: str, fingerprint: str, sandboxed: bool = False) -> bool:
        """True when ``student``'s stored grade is for this very file and assignment.

        Submissions that failed for the grader's own reasons (status ``error``) are
        never current: the next run tries them again. With ``sandboxed``, a grade made
        without the sandbox (``--no-sandbox``) is not current either: a sandboxed run
        grades it again.
        """
        row = self._db.execute(
            "SELECT sha256, fingerprint, status, sandboxed FROM submission WHERE student = ?", (student,)
        ).fetchone()
        return (bool(row) and row["sha256"] == sha256 and row["fingerprint"] == fingerprint and row["status"] != ERROR
                and (row["sandboxed"] or not sandboxed))

    def record(self, result: SubmissionRecord, folder=None) -> None:
        """Replace ``result.student``'s grade in one transaction.

        Manual scores of written answers whose text did not change are kept. ``folder``: the
        submissions folder it was read from (see :meth:`graded_from`).
        """
        with self._transaction():
            self._changed(answers=True, scores=True)
            if folder is not None:
                self._set_graded_from({**self.graded_from(), result.student: str(folder)})
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
        """Store manual scores ``(student, exercise, points, comment)`` in one transaction (the grades are noted
        as changed only when one of them differs from what is stored)."""
        with self._transaction():
            held = {(r["student"], r["exercise"]): (r["manual_points"], r["manual_comment"]) for r in self._db.execute(
                "SELECT student, exercise, manual_points, manual_comment FROM answer")}
            if any(held.get((student, exercise)) != (points, comment) for student, exercise, points, comment in scores):
                self._changed(scores=True)
            for student, exercise, points, comment in scores:
                self._db.execute(
                    "UPDATE answer SET manual_points = ?, manual_comment = ? WHERE student = ? AND exercise = ?",
                    (points, comment, student, exercise),
                )

    def remove(self, students) -> None:
        """Delete these students' rows (their answers and manual scores go with them), in one transaction."""
        with self._transaction():
            self._changed(answers=True, scores=True)
            folders = self.graded_from()
            self._set_graded_from({s: f for s, f in folders.items() if s not in set(students)})
            self._db.executemany("DELETE FROM submission WHERE student = ?", [(s,) for s in students])

    def set_submissions_folder(self, folder) -> None:
        """Note the folder a full grading run read (only a run over the same folder drops rows it no longer holds)."""
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('submissions_folder', ?)", (str(folder),))

    def graded_from(self) -> dict[str, str]:
        """The submissions folder each student's row was graded from (a student graded before this was noted: absent)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'graded_from'").fetchone()
        return json.loads(row["value"]) if row else {}

    def _set_graded_from(self, folders: dict[str, str]) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('graded_from', ?)",
                         (json.dumps(folders, ensure_ascii=False, sort_keys=True),))

    def submissions_folder(self) -> str | None:
        """The folder the last full grading run read; None if no run said."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'submissions_folder'").fetchone()
        return row["value"] if row else None

    def set_late(self, flags: dict[str, bool]) -> None:
        """Set the late flag of these students (after the due date changed), in one transaction."""
        with self._transaction():
            self._changed()
            self._db.executemany("UPDATE submission SET late = ? WHERE student = ?",
                                 [(int(late), student) for student, late in flags.items()])

    def _changed(self, answers: bool = False, scores: bool = False) -> None:
        """Note when the grades (a late flag too; with ``scores``, the points; with ``answers``, the graded
        answers) last changed, inside a write transaction, so outputs written before can be named as out of date."""
        keys = ("changed_at", *(("scores_changed_at",) if scores else ()), *(("answers_changed_at",) if answers else ()))
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, repr(time.time())) for k in keys])

    # -- reading -----------------------------------------------------------------------

    def changed_at(self, answers: bool = False, scores: bool = False) -> float | None:
        """When the grades (with ``scores``, the points: not a late flag; with ``answers``, the graded answers: a
        grading run) last changed, in seconds since the epoch; None if this gradebook never said (the points of
        one written before they were noted apart: when the grades changed)."""
        key = "answers_changed_at" if answers else "scores_changed_at" if scores else "changed_at"
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None and scores:
            return self.changed_at()
        return float(row["value"]) if row else None

    def impossible_rows(self) -> list[str]:
        """Rows that break the rules (points out of range, unknown statuses); empty when all is well."""
        return impossible_rows(self._db)

    def count(self) -> int:
        """How many submissions are graded."""
        return self._db.execute("SELECT COUNT(*) FROM submission").fetchone()[0]

    def students(self) -> list[str]:
        """Every graded student's name."""
        return [row[0] for row in self._db.execute("SELECT student FROM submission ORDER BY student")]

    def known(self, names) -> list[str]:
        """``names`` as the gradebook holds them (Unicode NFC).

        Raises
        ------
        UsageError
            Naming those it does not hold, and the students it does.
        """
        wanted = [unicodedata.normalize("NFC", name) for name in names]
        students = self.students()
        unknown = [name for name in wanted if name not in students]
        if unknown:
            listed = ", ".join(students)
            raise UsageError(f"No student {', '.join(map(repr, unknown))} in {self.path}; nothing was done."
                             f"{_guess(unknown[0], students)} Students: {listed or '(none yet)'}.")
        return wanted

    def submissions(self) -> list[dict]:
        """Every submission row, with its total and maximum, sorted by student."""
        rows = self._db.execute(
            "SELECT s.*, COALESCE(SUM(COALESCE(a.manual_points, a.points, 0)), 0) AS total, "
            "COALESCE(SUM(a.max_points), 0) AS max_total, "
            f"SUM(a.status = '{MANUAL}' AND a.manual_points IS NULL) AS pending "
            "FROM submission s LEFT JOIN answer a ON a.student = s.student "
            "GROUP BY s.student ORDER BY s.student"
        ).fetchall()
        return [dict(r) for r in rows]

    def answers(self, student: str | None = None) -> list[dict]:
        """Exercise rows (all, or one student's), with ``messages`` decoded."""
        query = "SELECT * FROM answer" + (" WHERE student = ?" if student is not None else "")
        rows = self._db.execute(query + " ORDER BY student", (student,) if student is not None else ())
        return [{**dict(r), "messages": json.loads(r["messages"])} for r in rows]


def with_gradebook(function=None, *, write: bool = False):
    """Let ``function(book, ...)`` take a gradebook file's path as well as an open :class:`Gradebook`.

    A path is opened read-only unless ``write`` (``@with_gradebook(write=True)``); an open
    read-only gradebook handed to a function that writes is refused.
    """
    if function is None:
        return functools.partial(with_gradebook, write=write)

    @functools.wraps(function)
    def wrapper(book, *args, **kwargs):
        if isinstance(book, Gradebook):
            if write and not book.writable:
                raise TypeError(f"{function.__name__} writes to the gradebook: open it with Gradebook(path)")
            return function(book, *args, **kwargs)
        if not Path(book).is_file():
            raise UsageError(f"There is no gradebook at {book}; run `summit-course grade` first.")
        with Gradebook(book, write=write) as opened:
            return function(opened, *args, **kwargs)

    return wrapper


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

