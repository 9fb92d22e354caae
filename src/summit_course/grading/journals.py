"""A student's journal, read by the grader on the host (never run): per-exercise figures, advisory only.

A submission folder may hold ``.summit/journal.jsonl`` (the course folder's own) or a
plain ``journal.jsonl``. The journal never changes a grade or a status: whatever it is
(missing, over the size cap, corrupt, a symbolic link to another file), the student's row
gets a note and grading goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from .. import journal
from ..gradebook import SubmissionRecord
from ..gradebook.records import JournalStats

__all__ = ["NAMES", "add_journal", "figures", "find_journal"]

#: Where a journal may sit in a student's folder, in the order they are looked for.
NAMES = (".summit/journal.jsonl", "journal.jsonl")
NO_JOURNAL = "no journal"
_MAX_HINT = 1_000  # no exercise has more hints; a bigger number is a hand-edited line


def _refusal(folder: Path, name: str) -> str | None:
    """Why ``folder/name`` may not be read ("" when it is absent, None when it is a plain file)."""
    path = folder
    parts = Path(name).parts
    for number, part in enumerate(parts, 1):
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            return ""
        if stat.S_ISLNK(info.st_mode):
            return f"{'/'.join(parts[:number])} is a symbolic link (not followed)"
        last = number == len(parts)
        if not last and not stat.S_ISDIR(info.st_mode):
            return ""
        if last and not stat.S_ISREG(info.st_mode):
            return f"{name} is not a regular file"
        if last and info.st_nlink > 1:
            return f"{name} is a hard link to another file"
    return None


def find_journal(folder: Path | None) -> tuple[Path | None, list[str]]:
    """The journal to read in a submission folder (or None), and notes on what was refused or left."""
    if folder is None or not folder.is_dir():
        return None, []
    chosen, notes = None, []
    for name in NAMES:
        why = _refusal(folder, name)
        if why:
            notes.append(f"journal refused: {why}")
        elif why is None and chosen is None:
            chosen = folder / name
        elif why is None:
            notes.append(f"{name} not read: {chosen.relative_to(folder).as_posix()} was read instead")
    return chosen, notes


def _moment(entry: dict) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(entry["t"], "%Y-%m-%dT%H:%M:%SZ")
    except (KeyError, TypeError, ValueError):
        return None


def figures(entries, exercises) -> dict[str, JournalStats]:
    """Each exercise's figures from journal entries (in file order): attempts, hints, time to first pass.

    The time to the first pass runs from the exercise's earliest entry (a check or a hint)
    to its first check with verdict ``passed``; entries whose time cannot be read are left
    out of it.
    """
    found: dict[str, list[dict]] = {e: [] for e in exercises}
    for entry in entries:
        if entry.get("kind") in ("check", "hint") and entry.get("exercise") in found:
            found[entry["exercise"]].append(entry)
    result = {}
    for exercise, items in found.items():
        checks = [e for e in items if e["kind"] == "check"]
        hints = [min(max(e.get("hint", 0), 0), _MAX_HINT) for e in items if e["kind"] == "hint"]
        to_pass = next((n for n, e in enumerate(checks, 1) if e.get("verdict") == "passed"), None)
        seconds = None
        if to_pass:
            start = min(filter(None, map(_moment, items)), default=None)
            passed = _moment(checks[to_pass - 1])
            if start and passed:
                seconds = max(0.0, (passed - start).total_seconds())
        result[exercise] = JournalStats(len(checks), to_pass, max(hints, default=0), len(hints), seconds)
    return result


def add_journal(record: SubmissionRecord, folder: Path | None, max_bytes: int = journal.MAX_BYTES) -> SubmissionRecord:
    """Put the journal's figures beside ``record``'s verdicts and say in ``journal_note`` what was read.

    Never raises and never touches the points or the status.
    """
    try:
        path, notes = find_journal(folder)
        if path is None:
            record.journal_note = "; ".join(notes or [NO_JOURNAL])
            return record
        entries = journal.read(path, max_bytes)
        stats = figures(entries, [a.exercise for a in record.answers])
        for answer in record.answers:
            answer.journal = stats[answer.exercise]
        count = f"journal: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        record.journal_note = "; ".join([count, *entries.notes, *notes])
    except Exception as exc:  # advisory: a journal never stops grading
        record.journal_note = f"journal not read ({type(exc).__name__})"
    return record
