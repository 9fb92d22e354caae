"""Manual scores of written answers: export them with their rubric, import the scores all or nothing.

Each exported row carries a short fingerprint of the answer it scores (``answer_id``), so a
score given to an answer that has since been re-submitted and re-graded is refused.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .exports import format_points
from .store import MANUAL, Gradebook, with_gradebook

__all__ = ["MANUAL_COLUMNS", "ManualImport", "answer_id", "export_manual", "import_manual"]

MANUAL_COLUMNS = ["student", "exercise", "max_points", "answer", "rubric", "answer_id", "note", "score", "comment"]


def answer_id(text: str) -> str:
    """A short fingerprint of a written answer, so a manual score matches its answer."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


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
            writer.writerow([row["student"], row["exercise"], format_points(row["max_points"]), row["answer"],
                             "\n".join(rubrics.get(row["exercise"], [])), answer_id(row["answer"]), row["note"] or "",
                             format_points(row["manual_points"]), row["manual_comment"]])
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
        report.errors.append(f"row {number}: the score {text} is outside 0 to {format_points(target['max_points'])} "
                             f"for exercise {exercise}")
        return None
    given_id = (row.get("answer_id") or "").strip()
    if given_id and given_id != answer_id(target["answer"]):
        report.errors.append(f"row {number}: {student}'s answer to {exercise} changed since this file was "
                             "exported (re-graded?); export again and re-score it")
        return None
    return student, exercise, score, (row.get("comment") or "").strip()
