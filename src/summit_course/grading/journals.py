"""A student's journal, read by the grader on the host (never run): per-exercise figures, advisory only.

A submission folder may hold ``.summit/journal.jsonl`` (the course folder's own) or a
plain ``journal.jsonl``; a whole course folder handed in inside it (``assignment-03-05/``) holds
its journal beside the ``lessons/`` the notebooks came from. The journal never changes a grade or a status: whatever it is
(missing, over the size cap, corrupt, a symbolic link to another file), the student's row
gets a note and grading goes on.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .. import journal
from ..gradebook import SubmissionRecord
from ..gradebook.records import JournalStats
from .plain import is_real_folder, refusal

__all__ = ["ATTEMPTS", "EARLIEST", "NAMES", "add_journal", "figures", "find_journal", "journal_names"]

#: Where a journal may sit in a student's folder, in the order they are looked for: where the
#: course keeps it (``.summit/journal.jsonl``), or handed in on its own.
NAMES = (f"{journal.FOLDER}/{journal.FILE}", journal.FILE)
NO_JOURNAL = "no journal"
#: The verdicts of a check that looked at an answer; the others (not_attempted, stale, unknown) are no attempt.
ATTEMPTS = ("incorrect", "passed", "recorded")
#: No journal entry of this course can be older (an older time is a broken clock or a hand-edited line).
EARLIEST = dt.datetime(2020, 1, 1)


def _refusal(folder: Path, name: str) -> str | None:
    """Why ``folder/name`` may not be read ("" when it is absent, None when it is a plain file)."""
    path = folder
    parts = Path(name).parts
    for number, part in enumerate(parts, 1):
        path = path / part
        if not os.path.lexists(path) or (number < len(parts) and not (path.is_dir() or path.is_symlink())):
            return ""
        why = refusal(path, "/".join(parts[:number]))
        if why:
            return why
    return f"{name} is not a regular file (a folder)" if is_real_folder(path) else None


def journal_names(folder: Path, notebooks=()) -> list[str]:
    """Where a journal may sit in a student's folder, relative to it, in the order they are looked for: its top,
    then beside each ``lessons/`` a notebook graded came from (a course folder handed in whole)."""
    bases = [""]
    for notebook in notebooks:
        parent = Path(notebook).parent
        if parent.name == "lessons" and parent.parent != folder and folder in parent.parents:
            bases.append(parent.parent.relative_to(folder).as_posix() + "/")
    return [base + name for base in dict.fromkeys(bases) for name in NAMES]


def find_journal(folder: Path | None, notebooks=()) -> tuple[Path | None, list[str]]:
    """The journal to read in a submission folder (or None), and notes on what was refused or left.

    ``notebooks``: the notebooks graded, whose ``lessons/`` folder may have the journal beside it
    (:func:`journal_names`).
    """
    if folder is None or not is_real_folder(folder):  # a link to a folder is not the student's
        return None, []
    chosen, notes = None, []
    for name in journal_names(folder, notebooks):
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


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def figures(entries, hint_counts: dict[str, int], now: dt.datetime | None = None
            ) -> tuple[dict[str, JournalStats], list[str]]:
    """Each exercise's figures from journal entries (in file order), and notes on entries left out or lowered.

    ``hint_counts`` maps each exercise of the assignment to its number of hints. Only real
    attempts count: checks whose verdict is in :data:`ATTEMPTS` (a Run All's
    ``not_attempted``, a ``stale`` check or a quiz pressed with nothing picked is no
    attempt). The time to the first pass runs from the exercise's first real check or hint
    to its first passing check. An entry whose time is unreadable or outside
    :data:`EARLIEST` to a day after ``now`` (default: the time of grading) is left out
    entirely; a hint number above the exercise's hints is lowered to its count.
    """
    latest = (now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) + dt.timedelta(days=1)
    found: dict[str, list[tuple[dt.datetime, dict]]] = {e: [] for e in hint_counts}
    untimely = lowered = 0
    for entry in entries:
        if entry.get("kind") not in ("check", "hint") or entry.get("exercise") not in found:
            continue
        moment = _moment(entry)
        if moment is None or not EARLIEST <= moment <= latest:
            untimely += 1
        elif entry["kind"] == "hint" or entry.get("verdict") in ATTEMPTS:
            found[entry["exercise"]].append((moment, entry))
    result = {}
    for exercise, items in found.items():
        checks = [(t, e) for t, e in items if e["kind"] == "check"]
        hints = [max(e.get("hint", 0), 0) for _, e in items if e["kind"] == "hint"]
        lowered += sum(h > hint_counts[exercise] for h in hints)
        to_pass = next((n for n, (_, e) in enumerate(checks, 1) if e["verdict"] == "passed"), None)
        seconds = None
        if to_pass:
            seconds = max(0.0, (checks[to_pass - 1][0] - min(t for t, _ in items)).total_seconds())
        result[exercise] = JournalStats(len(checks), to_pass, min(max(hints, default=0), hint_counts[exercise]),
                                        len(hints), seconds)
    notes = []
    if untimely:
        notes.append(f"{_plural(untimely, 'journal entry', 'journal entries')} left out: time unreadable or "
                     f"outside {EARLIEST:%Y-%m-%d} to a day after grading")
    if lowered:
        notes.append(f"{_plural(lowered, 'hint number', 'hint numbers')} above the exercise's hints lowered to "
                     "its count")
    return result, notes


def add_journal(record: SubmissionRecord, folder: Path | None, hint_counts: dict[str, int], *, notebooks=(),
                max_bytes: int = journal.MAX_BYTES, now: dt.datetime | None = None) -> SubmissionRecord:
    """Put the journal's figures beside ``record``'s verdicts and say in ``journal_note`` what was read.

    ``hint_counts``: each exercise's number of hints (see :func:`figures`); ``notebooks``: the notebooks graded
    (see :func:`find_journal`). Never raises
    and never touches the points or the status.
    """
    try:
        path, notes = find_journal(folder, notebooks)
        if path is None:
            record.journal_note = "; ".join(notes or [NO_JOURNAL])
            return record
        entries = journal.read(path, max_bytes)
        stats, screened = figures(entries, {a.exercise: hint_counts.get(a.exercise, 0) for a in record.answers}, now)
        for answer in record.answers:
            answer.journal = stats[answer.exercise]
        count = f"journal: {_plural(len(entries), 'entry', 'entries')}"
        record.journal_note = "; ".join([count, *entries.notes, *screened, *notes])
    except Exception as exc:  # advisory: a journal never stops grading
        record.journal_note = f"journal not read ({type(exc).__name__})"
    return record
