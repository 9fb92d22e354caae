"""The gradebook's tables and the rules every row must keep, enforced twice.

First by SQLite itself (CHECK constraints: points between 0 and the exercise's maximum,
statuses from the known sets), then again by :func:`impossible_rows` before anything is
exported or reported, so that even a gradebook edited by hand, or written by a tool that
switched the checks off, can never produce "7992 of 10 points".
"""

from __future__ import annotations

import sqlite3

from .errors import UsageError
from .statuses import ANSWER_STATUSES, SUBMISSION_STATUSES

__all__ = ["ANSWER_COLUMNS", "ANSWER_STATUSES", "SCHEMA", "SCHEMA_VERSION", "SUBMISSION_STATUSES", "GradebookError",
           "impossible_rows", "migrate"]

#: 5: the statuses blank and untouched.
SCHEMA_VERSION = 5


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


#: The answer table's columns as version 1 had them; version 4 adds the journal's figures (NULL: no journal).
_V1_ANSWER_COLUMNS = ("student", "exercise", "status", "points", "max_points", "public_passed", "public_total",
                      "hidden_passed", "hidden_total", "messages", "answer", "note", "manual_points", "manual_comment")
_V4_ANSWER_COLUMNS = {
    "attempts": "INTEGER CHECK (attempts IS NULL OR attempts >= 0)",
    "checks_to_pass": "INTEGER CHECK (checks_to_pass IS NULL OR checks_to_pass BETWEEN 1 AND attempts)",
    "hint_max": "INTEGER CHECK (hint_max IS NULL OR hint_max >= 0)",
    "hints": "INTEGER CHECK (hints IS NULL OR hints >= 0)",
    "first_pass_seconds": "REAL CHECK (first_pass_seconds IS NULL OR first_pass_seconds >= 0)",
}
ANSWER_COLUMNS = (*_V1_ANSWER_COLUMNS, *_V4_ANSWER_COLUMNS)
_JOURNAL_COLUMNS = "\n    ".join(f"{name} {definition}," for name, definition in _V4_ANSWER_COLUMNS.items())


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submission (
    student TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK ({_one_of("status", SUBMISSION_STATUSES)}),
    reason TEXT NOT NULL DEFAULT '',
    graded_at TEXT NOT NULL,
    seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    sandboxed INTEGER NOT NULL DEFAULT 1 CHECK (sandboxed IN (0, 1)),
    submitted_at TEXT NOT NULL DEFAULT '',
    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    journal_note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS answer (
    student TEXT NOT NULL REFERENCES submission(student) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    status TEXT NOT NULL CHECK ({_one_of("status", ANSWER_STATUSES)}),
    points REAL CHECK (points IS NULL OR (points >= 0 AND points <= max_points)),
    max_points REAL NOT NULL CHECK (max_points >= 0),
    public_passed INTEGER NOT NULL DEFAULT 0 CHECK (public_passed >= 0),
    public_total INTEGER NOT NULL DEFAULT 0 CHECK (public_total >= 0),
    hidden_passed INTEGER NOT NULL DEFAULT 0 CHECK (hidden_passed BETWEEN 0 AND hidden_total),
    hidden_total INTEGER NOT NULL DEFAULT 0,
    messages TEXT NOT NULL DEFAULT '[]',
    answer TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    manual_points REAL CHECK (manual_points IS NULL OR (manual_points >= 0 AND manual_points <= max_points)),
    manual_comment TEXT NOT NULL DEFAULT '',
    {_JOURNAL_COLUMNS}
    PRIMARY KEY (student, exercise)
);
"""

#: Rows that break the rules, each with what is wrong (for a gradebook whose checks were bypassed).
_IMPOSSIBLE = [
    ("SELECT student, exercise, points, max_points FROM answer WHERE points < 0 OR points > max_points",
     "{student}, {exercise}: {points:g} of {max_points:g} points"),
    ("SELECT student, exercise, manual_points, max_points FROM answer "
     "WHERE manual_points < 0 OR manual_points > max_points",
     "{student}, {exercise}: a manual score of {manual_points:g} of {max_points:g} points"),
    (f"SELECT student, exercise, status FROM answer WHERE NOT {_one_of('status', ANSWER_STATUSES)}",
     "{student}, {exercise}: unknown status {status!r}"),
    (f"SELECT student, status FROM submission WHERE NOT {_one_of('status', SUBMISSION_STATUSES)}",
     "{student}: unknown status {status!r}"),
]


class GradebookError(UsageError):
    """The gradebook holds data that cannot be right; the message lists the rows."""


def impossible_rows(db: sqlite3.Connection) -> list[str]:
    """Describe every row that breaks the gradebook's rules (empty when all is well)."""
    problems = []
    for query, template in _IMPOSSIBLE:
        problems += [template.format(**dict(row)) for row in db.execute(query)]
    return problems


def migrate(db: sqlite3.Connection) -> None:
    """Bring an older gradebook to this schema, inside the caller's transaction.

    Both tables are rebuilt with this version's rules (the statuses and range checks that
    SQLite can only set when a table is created) and every row is copied; columns an older
    version lacked get their defaults: ``sandboxed`` 1 (version 1), ``submitted_at`` empty and
    ``late`` 0 (version 2, until the next grading run), the journal's columns NULL (version 3:
    no journal read). A row that breaks a rule stops the migration with a
    :class:`GradebookError` naming it, and the old file is left as it was.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "submission" not in tables:
        return
    problems = impossible_rows(db)
    if problems:
        raise GradebookError("This gradebook holds impossible data, so it was not upgraded:\n  "
                             + "\n  ".join(problems[:20]))
    old_columns = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
                   for table in ("submission", "answer")}
    db.execute("ALTER TABLE answer RENAME TO answer_old")
    db.execute("ALTER TABLE submission RENAME TO submission_old")
    for statement in (s.strip() for s in SCHEMA.split(";") if s.strip()):
        db.execute(statement)
    for table in ("submission", "answer"):  # parents first
        new = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        columns = ", ".join(c for c in old_columns[table] if c in new)
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_old")
    db.execute("DROP TABLE answer_old")
    db.execute("DROP TABLE submission_old")
