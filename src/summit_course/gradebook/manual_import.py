"""Importing a scored written-answers sheet: every valid score stored, every other row listed with why, every
change named, and no score stored since the sheet was written replaced unless asked.

An older copy of the sheet holds the scores the gradebook had when it was written. Its rows
carry a fingerprint of them (``stored_id``); a row whose answer was scored differently since
(from another sheet) is refused, named with both scores, unless ``overwrite_newer`` is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .exports import format_points
from .manual import SheetRow, as_stored, read_sheet, same_answer, stored, stored_id, typed_number, written_answers
from .store import Gradebook, with_gradebook

__all__ = ["ManualImport", "import_manual"]


@dataclass
class ManualImport:
    """What :func:`import_manual` did: scores stored, rows without a score, rows not imported and why."""

    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    #: Each stored score or comment this import changed: ``ana, 2.7: score 2 → 1.5; comment '' → 'Clear.'``.
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every scored row was stored."""
        return not self.errors


@with_gradebook(write=True)
def import_manual(book: Gradebook | str | Path, path, *, repair: bool = False,
                  overwrite_newer: bool = False, again: Callable[[str], str] = str) -> ManualImport:
    """Store the manual scores of a sheet made by :func:`export_manual`.

    Every valid score is stored; every other scored row is listed in ``errors`` with its
    row number (as a spreadsheet counts them: the header is row 1) and why: an unknown
    student or exercise, a score that is not a number or is outside 0 to the exercise's
    points, an answer that changed since the sheet was written, the same answer twice, a
    score or comment stored since the sheet was written that the row would replace (unless
    ``overwrite_newer``). Those rows stay in the sheet, and writing the sheet again keeps
    them. Rows with an empty score are skipped. Each stored score or comment that changes is
    named in ``changes``.

    Raises
    ------
    UsageError
        When ``path`` is not a sheet, or its text was garbled by a spreadsheet (UTF-8 read
        as Windows-1252): nothing is stored. ``repair`` turns garbled text back first.

    ``again`` completes the suggested manual-export command (the command line adds its ``--root``).
    """
    report = ManualImport()
    rows = read_sheet(Path(path), repair)
    again = f"`{again(_export_again(book, Path(path)))}`"
    written = written_answers(book)
    first: dict[tuple[str, str], int] = {}
    scores = {}
    for row in rows:
        if not row.score:
            report.skipped += 1
            continue
        key = (row.student, row.exercise)
        if key in first:
            report.errors.append(f"row {row.number}: {row.student}'s answer to {row.exercise} again (first on row "
                                 f"{first[key]}); neither was imported: keep one")
            scores.pop(key, None)
            continue
        first[key] = row.number
        score = _score(row, written.get(key), report, again)
        if score is not None and not overwrite_newer and _newer(row, written[key], report, again):
            score = None
        if score is not None:
            scores[key] = (*key, score, row.comment)
    changed = [(row, written[key]) for row in rows if (key := (row.student, row.exercise)) in scores
               and first[key] == row.number and not as_stored(row, written[key])]
    report.changes = [_change(row, target) for row, target in changed]
    book.set_manual(list(scores.values()))
    report.updated = len(scores)
    return report


def _change(row: SheetRow, target: dict) -> str:
    """``ana, 2.7: score 2 → 1.5; comment 'Clear.' → ''``: what the row changes of what is stored."""
    score, comment = stored(target)
    parts = [] if typed_number(row.score) == target["manual_points"] else [
        f"score {score or '(none)'} → {format_points(typed_number(row.score))}"]
    parts += [f"comment {comment!r} → {row.comment!r}"] if row.comment != comment else []
    return f"{row.student}, {row.exercise}: {'; '.join(parts)}"


def _export_again(book: Gradebook, sheet: Path) -> str:
    """The command that writes this very sheet again, keeping what was typed into it."""
    return f"summit-course manual-export --gradebook {book.path} --out {sheet}"


def _newer(row: SheetRow, target: dict, report: ManualImport, again: str) -> bool:
    """Whether the row would replace a score or comment stored after its sheet was written (said in ``report``)."""
    if row.stored_id is None or row.stored_id == stored_id(target) or as_stored(row, target):
        return False
    score, comment = stored(target)
    stored_text = f"score {score or '(none)'}" + (f" and comment {comment!r} were" if comment else " was")
    report.errors.append(
        f"row {row.number}: {row.student}, {row.exercise}: the gradebook's {stored_text} stored after this sheet "
        f"was written; its {row.score} would replace {'them' if comment else 'it'}: not imported. Use the newest "
        f"sheet, or write this one again with what is stored ({again}), or add --overwrite-newer to replace "
        f"{'them' if comment else 'it'}")
    return True


def _score(row: SheetRow, target: dict | None, report: ManualImport, again: str) -> float | None:
    """The row's score, or None with the reason in ``report``."""
    if target is None:
        report.errors.append(f"row {row.number}: no written answer of student {row.student!r} for exercise "
                             f"{row.exercise!r} in the gradebook")
        return None
    score = typed_number(row.score)
    if score is None:
        report.errors.append(f"row {row.number}: the score {row.score!r} is not a number")
        return None
    if not 0 <= score <= target["max_points"]:
        report.errors.append(f"row {row.number}: the score {row.score} is outside 0 to "
                             f"{format_points(target['max_points'])} for exercise {row.exercise}")
        return None
    if not same_answer(row, target):
        report.errors.append(f"row {row.number}: {row.student}'s answer to {row.exercise} changed since this sheet "
                             f"was written (re-submitted and re-graded): not imported. Write this sheet again "
                             f"({again}): it keeps this score in the note of the new answer's row")
        return None
    return score
