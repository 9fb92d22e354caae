"""Readers open the gradebook read-only and wait for no one; every file they write appears whole or not at all."""

from __future__ import annotations

import sqlite3
import time

import pytest

from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, export_csv, export_json, export_manual
from summit_course.gradebook.schema import SCHEMA_VERSION
from summit_course.reports import write_feedback, write_report

ASSIGNMENT = {"name": "demo", "exercises": [{"id": "1.1", "lesson": "01-a", "points": 2},
                                            {"id": "1.2", "lesson": "01-a", "points": 3}]}


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "gradebook-demo.sqlite"
    with Gradebook(path) as book:
        book.set_assignment(ASSIGNMENT)
        for name in ("ana", "ben"):
            book.record(SubmissionRecord(name, f"{name}.ipynb", "sha", "fp", "ok", "", [
                AnswerRecord("1.1", "passed", 2.0, 2.0, 1, 1), AnswerRecord("1.2", "manual", None, 3.0, answer="Why.")]))
    return path


def _state(path):
    """The database file (time and bytes) and what its write-ahead log holds (a reader's WAL index, -shm, is
    shared memory, not data)."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_mtime_ns, path.read_bytes(), wal.read_bytes() if wal.exists() else b""


READERS = [
    ("grades.csv", export_csv), ("grades.json", export_json), ("written.csv", export_manual),
    ("feedback", write_feedback), ("report.html", write_report),
]


@pytest.mark.parametrize("name, reader", READERS, ids=[n for n, _ in READERS])
def test_a_reader_never_writes_to_the_gradebook(path, name, reader):
    """Issue 25, item 8: no BEGIN IMMEDIATE, no migration, no PRAGMA user_version on open."""
    before = _state(path)
    reader(path, path.parent / name)
    assert _state(path) == before


def test_a_read_only_gradebook_refuses_writes(path):
    with Gradebook(path, write=False) as book:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            book._db.execute("UPDATE submission SET reason = 'x'")
        with pytest.raises(TypeError, match="writes to the gradebook"):
            from summit_course.gradebook import import_manual

            import_manual(book, path.parent / "w.csv")


def test_a_reader_does_not_wait_for_the_grader(path):
    """The grader holds a write transaction (a submission being stored); an export goes ahead at once."""
    grader = sqlite3.connect(path, isolation_level=None)
    grader.execute("BEGIN IMMEDIATE")
    grader.execute("UPDATE submission SET reason = 'half-way' WHERE student = 'ana'")
    try:
        start = time.monotonic()
        text = export_csv(path, path.parent / "grades.csv").read_text("utf-8")
        assert time.monotonic() - start < 5
        assert "half-way" not in text, "a reader sees the last committed grades"
    finally:
        grader.execute("ROLLBACK")
        grader.close()


def test_an_older_gradebook_is_read_as_it_is_and_left_unchanged(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 4")
    db.close()
    before = _state(path)
    assert "ana,2,,2,5,ok" in export_csv(path, path.parent / "grades.csv").read_text("utf-8")
    assert _state(path) == before
    with Gradebook(path) as writer:  # a writer (grading) upgrades it
        assert writer._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("name, reader", READERS, ids=[n for n, _ in READERS])
def test_every_export_is_written_whole_or_not_at_all(path, name, reader, monkeypatch):
    """Issue 25, item 8: a write that fails half-way (a full disk) leaves the previous file as it was."""
    target = path.parent / name
    reader(path, target)
    files = sorted(target.rglob("*")) if target.is_dir() else [target]
    before = {f: f.read_bytes() for f in files}

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("summit_course.gradebook.files.os.fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        reader(path, target)
    assert {f: f.read_bytes() for f in files} == before
    assert not [p for p in path.parent.rglob("*.tmp")], "no temporary file left behind"
