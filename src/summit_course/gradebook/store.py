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

import csv
import datetime as dt
import functools
import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AnswerRecord",
    "Gradebook",
    "ManualImport",
    "SubmissionRecord",
    "export_csv",
    "export_json",
    "export_manual",
    "import_manual",
    "student_rows",
    "with_gradebook",
]

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submission (
    student TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    graded_at TEXT NOT NULL,
    seconds REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS answer (
    student TEXT NOT NULL REFERENCES submission(student) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    status TEXT NOT NULL,
    points REAL,
    max_points REAL NOT NULL,
    public_passed INTEGER NOT NULL DEFAULT 0,
    public_total INTEGER NOT NULL DEFAULT 0,
    hidden_passed INTEGER NOT NULL DEFAULT 0,
    hidden_total INTEGER NOT NULL DEFAULT 0,
    messages TEXT NOT NULL DEFAULT '[]',
    answer TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    manual_points REAL,
    manual_comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student, exercise)
);
"""
MANUAL = "manual"
MANUAL_COLUMNS = ["student", "exercise", "max_points", "answer", "rubric", "answer_id", "score", "comment"]


@dataclass
class AnswerRecord:
    """One exercise of one submission, as graded.

    ``points`` is None for a written answer waiting for a manual score. ``messages`` are
    for the student; ``note`` is for the instructor only (never shown in feedback).
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


@dataclass
class SubmissionRecord:
    """One graded submission: its identity, overall status and its exercise rows."""

    student: str
    source: str
    sha256: str
    fingerprint: str
    status: str
    reason: str = ""
    answers: list[AnswerRecord] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        """The automatic points (manual scores come later)."""
        return sum(a.points or 0 for a in self.answers)


def answer_id(text: str) -> str:
    """A short fingerprint of a written answer, so a manual score matches its answer."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


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
                "INSERT INTO submission VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (result.student, result.source, result.sha256, result.fingerprint, result.status,
                 result.reason, _now(), round(result.seconds, 3)),
            )
            for a in result.answers:
                old = kept.get(a.exercise)
                same = old is not None and a.status == MANUAL and old["answer"] == a.answer
                self._db.execute(
                    "INSERT INTO answer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (result.student, a.exercise, a.status, a.points, a.max_points, a.public_passed,
                     a.public_total, a.hidden_passed, a.hidden_total,
                     json.dumps(list(a.messages), ensure_ascii=False), a.answer, a.note,
                     old["manual_points"] if same else None, old["manual_comment"] if same else ""),
                )

    def set_manual(self, scores: list[tuple[str, str, float, str]]) -> None:
        """Store manual scores ``(student, exercise, points, comment)`` in one transaction."""
        with self._transaction():
            for student, exercise, points, comment in scores:
                self._db.execute(
                    "UPDATE answer SET manual_points = ?, manual_comment = ? WHERE student = ? AND exercise = ?",
                    (points, comment, student, exercise),
                )

    # -- reading -----------------------------------------------------------------------

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


def _points(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _effective(row: dict):
    return row["manual_points"] if row["manual_points"] is not None else row["points"]


def student_rows(book: Gradebook) -> list[dict]:
    """One summary per student: total, maximum, status, reason and points per exercise."""
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
            "graded_at": sub["graded_at"], "exercises": answers.get(sub["student"], {}),
        })
    return summaries


@with_gradebook
def export_csv(book: Gradebook | str | Path, path) -> Path:
    """Write one row per student: student, a column per exercise, total, max_total, status, reason.

    UTF-8, comma-separated; an exercise cell is blank while a written answer awaits its
    manual score.
    """
    path = Path(path)
    ids = book.exercise_ids()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *ids, "total", "max_total", "status", "reason"])
        for row in student_rows(book):
            cells = [_points(_effective(row["exercises"][i])) if i in row["exercises"] else "" for i in ids]
            writer.writerow([row["student"], *cells, _points(row["total"]), _points(row["max_total"]),
                             row["status"], row["reason"]])
    return path


@with_gradebook
def export_json(book: Gradebook | str | Path, path) -> Path:
    """Write the gradebook as JSON: the assignment and, per student, every exercise's result."""
    path = Path(path)
    students = []
    for row in student_rows(book):
        exercises = {
            exercise: {"status": a["status"], "points": _effective(a), "max_points": a["max_points"],
                       "public_checks": [a["public_passed"], a["public_total"]],
                       "hidden_checks": [a["hidden_passed"], a["hidden_total"]],
                       "messages": a["messages"], "manual_comment": a["manual_comment"]}
            for exercise, a in row["exercises"].items()
        }
        students.append({k: row[k] for k in ("student", "status", "reason", "total", "max_total", "source",
                                             "graded_at")} | {"exercises": exercises})
    assignment = book.assignment()
    info = {k: v for k, v in assignment.items() if k != "exercises"}
    info["exercises"] = [{k: e.get(k) for k in ("id", "lesson", "points")} for e in assignment.get("exercises", [])]
    path.write_text(json.dumps({"assignment": info, "students": students}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


# -- manual scores ---------------------------------------------------------------------


@with_gradebook
def export_manual(book: Gradebook | str | Path, path) -> Path:
    """Write every written answer with its rubric and an empty ``score`` column to a CSV.

    Existing manual scores are filled in, so the file can be edited and imported again.
    """
    path = Path(path)
    rubrics = {e["id"]: e.get("rubric", []) for e in book.assignment().get("exercises", [])}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MANUAL_COLUMNS)
        for row in book.answers():
            if row["status"] != MANUAL:
                continue
            writer.writerow([row["student"], row["exercise"], _points(row["max_points"]), row["answer"],
                             "\n".join(rubrics.get(row["exercise"], [])), answer_id(row["answer"]),
                             _points(row["manual_points"]), row["manual_comment"]])
    return path


@dataclass
class ManualImport:
    """What :func:`import_manual` did: scores stored, blank rows skipped, problems found."""

    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file had no problems (and so was applied)."""
        return not self.errors


@with_gradebook
def import_manual(book: Gradebook | str | Path, path) -> ManualImport:
    """Merge manual scores from a CSV made by :func:`export_manual`.

    All or nothing: when any row is wrong (unknown student or exercise, a score that is
    not a number or is outside 0 to the exercise's points, an answer that changed since
    the export), nothing is stored and every problem is reported with its row number (as
    a spreadsheet counts them: the header is row 1).
    Rows with an empty score are skipped.
    """
    report = ManualImport()
    written = {(r["student"], r["exercise"]): r for r in book.answers() if r["status"] == MANUAL}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("student", "exercise", "score") if c not in (reader.fieldnames or [])]
        if missing:
            report.errors.append(f"{path}: missing column(s) {', '.join(missing)}; "
                                 f"expected the columns {', '.join(MANUAL_COLUMNS)}")
            return report
        scores = []
        for number, row in enumerate(reader, start=2):  # the row number a spreadsheet shows
            score = _manual_row(row, written, number, report)
            if score is not None:
                scores.append(score)
    if not report.errors:
        book.set_manual(scores)
        report.updated = len(scores)
    return report


def _manual_row(row: dict, written: dict, number: int, report: ManualImport):
    student, exercise = (row.get("student") or "").strip(), (row.get("exercise") or "").strip()
    text = (row.get("score") or "").strip()
    if not text:
        report.skipped += 1
        return None
    target = written.get((student, exercise))
    if target is None:
        report.errors.append(f"row {number}: no written answer of student {student!r} for exercise {exercise!r} "
                             "in the gradebook")
        return None
    try:
        score = float(text.replace(",", "."))
    except ValueError:
        report.errors.append(f"row {number}: the score {text!r} is not a number")
        return None
    if not 0 <= score <= target["max_points"]:
        report.errors.append(f"row {number}: the score {text} is outside 0 to {_points(target['max_points'])} "
                             f"for exercise {exercise}")
        return None
    given_id = (row.get("answer_id") or "").strip()
    if given_id and given_id != answer_id(target["answer"]):
        report.errors.append(f"row {number}: {student}'s answer to {exercise} changed since this file was "
                             "exported (re-graded?); export again and re-score it")
        return None
    return student, exercise, score, (row.get("comment") or "").strip()
