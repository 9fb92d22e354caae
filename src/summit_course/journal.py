"""The learner's journal: one JSON line per check, hint or forecast, kept in the course folder.

Each entry says what happened, never the answer itself: the time, the kind of event, the
exercise, and for a check its verdict and how many public checks passed (for a graded quiz, a
salted fingerprint of the answer, so its two checks are counted across restarts); for a hint its
number; for a forecast the student's own probability (their forecasts are what lesson 08
scores); and once, the moment the forecasts closed (:mod:`summit_course.forecast_close`). The file is ``.summit/journal.jsonl`` beside ``datasets/`` (found the way ``load()``
finds it), or the path in ``SUMMIT_JOURNAL``; ``SUMMIT_JOURNAL=off`` turns it off (the grader
does, so grading never writes one).

Writing never raises and never waits long: one ``O_APPEND`` write per entry, so two kernels can
share a journal. Where the platform has file locks, the write waits up to :data:`LOCK_WAIT` for
the lock another writer holds (for one write), then goes ahead without it: ``O_APPEND`` keeps
each line whole either way.
A folder that cannot be written costs one note on stderr, once per kernel, and is remembered
(:func:`write_problem`) so ``progress()`` can say its table misses entries. Reading skips
any line that is not a well-formed entry and reads at most :data:`MAX_BYTES`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

__all__ = ["ENV_VAR", "KINDS", "MAX_BYTES", "Journal", "entries", "journal_path", "note_check", "note_hint",
           "read", "record", "write_problem"]

ENV_VAR = "SUMMIT_JOURNAL"
OFF = "off"
FOLDER, FILE = ".summit", "journal.jsonl"
VERSION = 1
MAX_LINE = 1_000  # a real entry is under 200 bytes
MAX_BYTES = 2_000_000  # about 10,000 entries: more than a whole course's worth of clicks
#: The longest a write waits for the lock (seconds); a writer holds it for one write, well under a millisecond.
LOCK_WAIT = 0.2

#: Each kind of entry and the fields it may carry, with their types.
KINDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "check": {"exercise": str, "verdict": str, "passed": int, "total": int, "via": str, "tried": str},
    "hint": {"exercise": str, "hint": int, "of": int, "via": str},
    "forecast": {"forecast": str, "p": (int, float)},
    # lesson 01's forecasts closed, by the first check or hint of lesson 04 or later (forecast_close)
    "forecasts_closed": {"exercise": str, "lesson": str},
}
_COMMON = {"v": int, "t": str, "kind": str}
_MAX_TEXT = 60

_warned = False
_problems: dict[str, str] = {}  # journal path -> why an entry could not be written there, this kernel
_found: dict[tuple, Path] = {}


def journal_path(start: Path | None = None) -> Path | None:
    """Where this kernel's journal lives, or ``None`` when it is switched off or no course is found."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override.lower() == OFF:
        return None
    if override:
        return Path(override).expanduser()
    key = (start, os.getcwd(), os.environ.get("SUMMIT_DATA"))
    if key not in _found:  # finding datasets/ walks the folders: once per working directory
        from .data import DatasetError, data_dir

        try:
            _found[key] = data_dir(start).parent / FOLDER / FILE
        except DatasetError:
            return None
    return _found[key]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _line(entry: dict) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _ends_mid_line(fd: int) -> bool:
    """True when the open file is non-empty and its last byte is not a newline (False when it cannot tell)."""
    try:
        size = os.fstat(fd).st_size
        if not size:
            return False
        try:
            last = os.pread(fd, 1, size - 1)
        except (AttributeError, OSError):  # no pread on this platform: seek and read (O_APPEND still appends)
            os.lseek(fd, size - 1, os.SEEK_SET)
            last = os.read(fd, 1)
    except OSError:  # an odd file system: append as ever rather than lose the entry
        return False
    return last != b"\n"


def _lock(fd: int) -> bool:
    """Take the file's advisory lock, waiting at most :data:`LOCK_WAIT`; False when it was not taken.

    Without it the write still appends whole (``O_APPEND``); the lock only keeps two writers from
    both repairing a line cut off mid-write. JupyterLite's file system has no locks at all.
    """
    try:
        import fcntl
    except ImportError:
        return False
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:  # another writer holds it: try again shortly, up to the deadline
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.002)
        except OSError:  # a file system without locks
            return False


def _append(path: Path, data: bytes) -> None:
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:  # the first entry: make .summit/ first
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o644)
    try:
        _lock(fd)
        if _ends_mid_line(fd):  # a line cut off (a crash, a hand edit): keep ours on a line of its own
            data = b"\n" + data
        os.write(fd, data)
    finally:
        os.close(fd)


def record(kind: str, **fields) -> bool:
    """Append one entry; ``True`` when it was written. Never raises.

    ``fields`` must fit :data:`KINDS` (an entry that does not is dropped, so no caller
    can put an answer in the journal by mistake).
    """
    global _warned
    entry = clean({"v": VERSION, "t": _now(), "kind": kind, **fields})
    if entry is None:
        return False
    path = None
    try:
        path = journal_path()
        if path is None:
            return False
        _append(path, _line(entry))
        return True
    except Exception as exc:  # read-only folder, full disk, odd file system: never the student's problem
        _problems[str(path)] = getattr(exc, "strerror", None) or type(exc).__name__
        if not _warned:
            _warned = True
            print(f"Note: your progress journal could not be saved ({type(exc).__name__}); "
                  "checks and hints work as before.", file=sys.stderr)
        return False


def write_problem() -> str | None:
    """Why an entry could not be saved to this kernel's journal (``None`` when none failed)."""
    try:
        path = journal_path()
    except Exception:
        path = None
    reason = _problems.get(str(path))
    return f"{reason} ({path})" if reason and path else reason


def note_check(feedback, via: str, tried: str | None = None) -> bool:
    """Record a check's outcome (a :class:`~summit_course.checks.Feedback`): verdict and counts only.

    ``tried`` is a graded quiz's fingerprint of the answer checked (:mod:`summit_course.attempts`).
    """
    from . import forecast_close

    forecast_close.close_if_due(feedback.exercise_id)  # written before the check's own entry
    fields = {"tried": tried} if tried else {}
    return record("check", exercise=feedback.exercise_id, verdict=feedback.status,
                  passed=feedback.passed, total=feedback.total, via=via, **fields)


def note_hint(shown, via: str) -> bool:
    """Record that hint number ``shown.number`` of an exercise was shown (not its text)."""
    if not shown.number:  # no such exercise, or one without hints: nothing was shown
        return False
    from . import forecast_close

    forecast_close.close_if_due(shown.exercise_id)
    return record("hint", exercise=shown.exercise_id, hint=shown.number, of=shown.total, via=via)


def clean(entry) -> dict | None:
    """``entry`` if it is a well-formed journal entry, else ``None``."""
    if not isinstance(entry, dict) or entry.get("kind") not in KINDS:
        return None
    allowed = {**_COMMON, **KINDS[entry["kind"]]}
    for name, value in entry.items():
        kind = allowed.get(name)
        if kind is None or isinstance(value, bool) or not isinstance(value, kind):
            return None
        if isinstance(value, str) and len(value) > _MAX_TEXT:
            return None
    if entry["kind"] == "forecast" and not 0 <= entry.get("p", -1) <= 1:
        return None
    required = {"v", "t", "kind", "forecast" if entry["kind"] == "forecast" else "exercise"}
    return entry if required <= entry.keys() else None


class Journal(list):
    """The entries read from a journal, with notes on anything skipped or cut."""

    def __init__(self, items=(), notes=()):
        super().__init__(items)
        self.notes = list(notes)


def read(path: Path | None, max_bytes: int = MAX_BYTES) -> Journal:
    """Read a journal: well-formed entries in file order; never raises.

    A missing file is an empty journal. Lines that are not JSON, not an entry, or longer
    than any real entry are skipped and counted in ``notes``; past ``max_bytes`` the rest
    is not read, and ``notes`` says so.
    """
    if path is None:
        return Journal()
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return Journal()
    except OSError as exc:
        return Journal(notes=[f"journal unreadable ({type(exc).__name__})"])
    notes = []
    if len(data) > max_bytes:
        data = data[: data.rfind(b"\n", 0, max_bytes) + 1]
        notes.append(f"journal longer than {max_bytes:,} bytes: only the start was read")
    good, skipped = [], 0
    for raw in data.splitlines():
        if not raw.strip():
            continue
        entry = None
        if len(raw) <= MAX_LINE:
            try:
                entry = clean(json.loads(raw))
            except (ValueError, UnicodeDecodeError, RecursionError):
                entry = None
        if entry is None:
            skipped += 1
        else:
            good.append(entry)
    if skipped:
        notes.append(f"{skipped} unreadable journal line{'s' * (skipped != 1)} skipped")
    return Journal(good, notes)


def entries(start: Path | None = None) -> Journal:
    """This kernel's journal (empty when there is none)."""
    return read(journal_path(start))


def latest_forecasts(start: Path | None = None) -> dict[str, float]:
    """``{forecast_id: probability}``: the latest value the journal holds for each forecast slider moved."""
    return {e["forecast"]: float(e["p"]) for e in entries(start) if e["kind"] == "forecast"}
