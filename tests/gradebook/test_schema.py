"""The gradebook refuses impossible data: by SQLite's own checks, and again before any export."""

from __future__ import annotations

import sqlite3

import pytest

from summit_course.gradebook import AnswerRecord, Gradebook, GradebookError, SubmissionRecord, export_csv
from summit_course.gradebook.records import JournalStats
from summit_course.gradebook.schema import SCHEMA_VERSION

ASSIGNMENT = {"name": "demo", "exercises": [{"id": "1.1", "lesson": "01-a", "points": 10}]}


def _record(student="ana", points=4.0, status="ok"):
    return SubmissionRecord(student, f"{student}.ipynb", "sha", "fp", status, "",
                            [AnswerRecord("1.1", "passed", points, 10.0, 3, 3)])


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "gb.sqlite"
    with Gradebook(path) as book:
        book.set_assignment(ASSIGNMENT)
        book.record(_record())
    return path


@pytest.mark.parametrize("statement", [
    "UPDATE answer SET points = 7992",
    "UPDATE answer SET points = -1",
    "UPDATE answer SET manual_points = 11",
    "UPDATE answer SET status = 'brilliant'",
    "UPDATE submission SET status = 'perfect'",
    "UPDATE answer SET hidden_passed = 5, hidden_total = 2",
    "UPDATE answer SET hints = -2",
    "UPDATE answer SET hint_max = -1",
    "UPDATE answer SET first_pass_seconds = -5",
    "UPDATE answer SET attempts = 1, checks_to_pass = 0",
])
def test_sqlite_itself_refuses_impossible_rows(path, statement):
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        db.execute(statement)


def test_a_record_with_impossible_points_is_refused_and_the_old_grade_kept(path):
    with Gradebook(path) as book:
        with pytest.raises(sqlite3.IntegrityError):
            book.record(_record(points=999.0))
        assert book.answers("ana")[0]["points"] == 4.0


def test_exports_refuse_a_gradebook_whose_checks_were_bypassed(path, tmp_path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE answer SET points = 7992")
    db.commit()
    db.close()
    out = tmp_path / "grades.csv"
    with Gradebook(path) as book, pytest.raises(GradebookError, match="ana, 1.1: 7992 of 10 points"):
        export_csv(book, out)
    assert not out.exists(), "nothing half-written"


def _version_1(path):
    """A gradebook as version 1 of the schema wrote it (no checks, no sandboxed column)."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE submission (student TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL,
            fingerprint TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
            graded_at TEXT NOT NULL, seconds REAL NOT NULL DEFAULT 0);
        CREATE TABLE answer (student TEXT NOT NULL REFERENCES submission(student) ON DELETE CASCADE,
            exercise TEXT NOT NULL, status TEXT NOT NULL, points REAL, max_points REAL NOT NULL,
            public_passed INTEGER NOT NULL DEFAULT 0, public_total INTEGER NOT NULL DEFAULT 0,
            hidden_passed INTEGER NOT NULL DEFAULT 0, hidden_total INTEGER NOT NULL DEFAULT 0,
            messages TEXT NOT NULL DEFAULT '[]', answer TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
            manual_points REAL, manual_comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (student, exercise));
        INSERT INTO submission VALUES ('ana', 'ana.ipynb', 'sha', 'fp', 'ok', '', '2025-01-01', 1.5);
        INSERT INTO answer (student, exercise, status, points, max_points) VALUES ('ana', '1.1', 'passed', 4, 10);
        PRAGMA user_version = 1;
    """)
    return db


def test_an_old_gradebook_is_upgraded_with_its_grades(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_1(path).close()
    with Gradebook(path) as book:
        assert book._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert book.answers("ana")[0]["points"] == 4.0
        assert book.submissions()[0]["sandboxed"] == 1
        with pytest.raises(sqlite3.IntegrityError):
            book._db.execute("UPDATE answer SET points = 7992")


def test_an_old_gradebook_with_impossible_data_is_not_upgraded(tmp_path):
    path = tmp_path / "old.sqlite"
    db = _version_1(path)
    db.execute("UPDATE answer SET points = 999")
    db.commit()
    db.close()
    with pytest.raises(GradebookError, match="999 of 10 points"):
        Gradebook(path)
    assert sqlite3.connect(path).execute("SELECT points FROM answer").fetchone()[0] == 999


def test_a_version_2_gradebook_gains_the_late_columns(tmp_path):
    path = tmp_path / "v2.sqlite"
    db = _version_1(path)
    db.executescript("ALTER TABLE submission ADD COLUMN sandboxed INTEGER NOT NULL DEFAULT 1; "
                     "PRAGMA user_version = 2;")
    db.close()
    with Gradebook(path) as book:
        assert book._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        row = book.submissions()[0]
        assert (row["late"], row["submitted_at"], row["sandboxed"]) == (0, "", 1)
        with pytest.raises(sqlite3.IntegrityError):
            book._db.execute("UPDATE submission SET late = 7")


def test_a_version_1_gradebook_is_upgraded_to_the_current_version(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_1(path).close()
    with Gradebook(path) as book:
        assert book.submissions()[0]["late"] == 0
        assert book.answers("ana")[0]["attempts"] is None


def _version_3(path):
    """A gradebook as version 3 wrote it: late columns, no journal columns."""
    db = _version_1(path)
    db.executescript("ALTER TABLE submission ADD COLUMN sandboxed INTEGER NOT NULL DEFAULT 1; "
                     "ALTER TABLE submission ADD COLUMN submitted_at TEXT NOT NULL DEFAULT ''; "
                     "ALTER TABLE submission ADD COLUMN late INTEGER NOT NULL DEFAULT 0; "
                     "UPDATE submission SET late = 1, submitted_at = '2025-01-02T10:00:00+00:00'; "
                     "PRAGMA user_version = 3;")
    return db


def test_a_version_3_gradebook_gains_the_journal_columns_and_keeps_its_grades(tmp_path):
    path = tmp_path / "v3.sqlite"
    _version_3(path).close()
    with Gradebook(path) as book:
        assert book._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        sub, answer = book.submissions()[0], book.answers("ana")[0]
        assert (sub["late"], sub["submitted_at"], sub["journal_note"]) == (1, "2025-01-02T10:00:00+00:00", "")
        assert answer["points"] == 4.0
        assert [answer[c] for c in ("attempts", "checks_to_pass", "hint_max", "hints", "first_pass_seconds")] == [None] * 5
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            book._db.execute("UPDATE answer SET attempts = -1")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            book._db.execute("UPDATE answer SET attempts = 2, checks_to_pass = 3")
        # the migrated book takes a re-grade with the journal's figures
        record = _record()
        record.answers[0].journal = JournalStats(attempts=3, checks_to_pass=2, hint_max=1, hints=2,
                                                 first_pass_seconds=95.0)
        record.journal_note = "journal: 5 entries"
        book.record(record)
        answer = book.answers("ana")[0]
        assert (answer["attempts"], answer["checks_to_pass"], answer["first_pass_seconds"]) == (3, 2, 95.0)
        assert book.submissions()[0]["journal_note"] == "journal: 5 entries"


def test_a_version_4_gradebook_takes_the_blank_and_untouched_statuses(tmp_path):
    path = tmp_path / "v4.sqlite"
    _version_3(path).close()
    with Gradebook(path) as book:  # upgrade to the current version first, then pretend it was version 4
        pass
    db = sqlite3.connect(path)
    db.executescript("PRAGMA writable_schema = ON; "
                     "UPDATE sqlite_master SET sql = replace(sql, \"'blank', 'untouched', \", '') "
                     "WHERE name = 'submission'; PRAGMA writable_schema = OFF; PRAGMA user_version = 4;")
    db.close()
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE submission SET status = 'blank'")
    db.close()
    with Gradebook(path) as book:
        assert book._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        book.record(_record(status="blank"))
        book.record(_record("ben", status="untouched"))
        assert {s["student"]: s["status"] for s in book.submissions()} == {"ana": "blank", "ben": "untouched"}
        with pytest.raises(sqlite3.IntegrityError):
            book._db.execute("UPDATE submission SET status = 'perfect'")
