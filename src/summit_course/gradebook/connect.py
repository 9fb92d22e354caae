"""Opening a gradebook file: read-only (an older version's upgraded in a copy in memory), and its schema made or
upgraded in place by the writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import UsageError
from .schema import SCHEMA, SCHEMA_VERSION, migrate

__all__ = ["open_read_only", "upgrade"]


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only; an older version's gradebook is upgraded in a copy in memory."""
    if not path.is_file():
        raise UsageError(f"There is no gradebook at {path}; run `summit-course grade` first.")
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        memory.row_factory = sqlite3.Row
        db.backup(memory)
        db.close()
        db = memory
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("BEGIN")
        upgrade(db)
        db.execute("COMMIT")
    return db


def upgrade(db: sqlite3.Connection) -> None:
    """Create the schema, or bring an older one to this version (inside a transaction)."""
    migrate(db)
    for statement in _statements(SCHEMA):
        db.execute(statement)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
