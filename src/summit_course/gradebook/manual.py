"""Manual scores of written answers: a sheet to score (each answer with its rubric), and its import.

Nothing typed into a sheet is lost. Each row carries a short fingerprint of the answer it
scores (``answer_id``) and of the score and comment stored when the sheet was written
(``stored_id``). The import (:mod:`.manual_import`) stores every valid score and lists every row it could not
store, with why; a score for an answer that changed since the sheet was written (the student
re-submitted and was re-graded) is one of those. Writing the sheet again keeps what was typed
into the old one and is not in the gradebook yet: a score for the same answer stays in its
row, a score for an earlier answer moves into the row's note; a sheet holding a score that
could go nowhere (its answer is no longer in the gradebook) is never overwritten.

Students write the answers and name the submissions, so a cell that a spreadsheet would run
as a formula gets a leading ``'`` (:func:`plain_text`, as in ``grades.csv``); the import
reads such a cell back without it.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .exports import format_points, plain_text, unguarded
from .files import write_rows
from .garbled import ungarbled
from .statuses import MANUAL
from .store import Gradebook, with_gradebook

__all__ = ["MANUAL_COLUMNS", "ManualExport", "SheetRow", "answer_id", "as_stored", "export_manual", "read_sheet",
           "same_answer", "stored", "stored_id", "typed_number", "written_answers"]

#: ``stored_id``: a fingerprint of the score and comment the gradebook held when the sheet was written, so an
#: import can tell a score stored since (from another sheet) from one typed into this sheet.
MANUAL_COLUMNS = ["student", "exercise", "max_points", "answer", "rubric", "answer_id", "stored_id", "note", "score",
                  "comment"]
NEEDED = ("student", "exercise", "score")
#: How a note that carries a score given to an earlier answer begins (kept by every later sheet).
EARLIER = "An earlier answer of this student"


def answer_id(text: str) -> str:
    """A short fingerprint of a written answer, so a manual score matches its answer."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def stored_id(target: dict) -> str:
    """A short fingerprint of the manual score and comment the gradebook holds for an answer ("" for none)."""
    score, comment = format_points(target["manual_points"]), target["manual_comment"]
    return answer_id(f"{score}\0{comment}") if score or comment else ""


@dataclass(frozen=True)
class SheetRow:
    """One row of a scored sheet, as typed (the formula guard removed), with its row number."""

    number: int
    student: str
    exercise: str
    score: str
    comment: str
    answer_id: str
    note: str = ""
    #: The :func:`stored_id` the sheet was written with; None for a sheet written before that column existed.
    stored_id: str | None = None

    @property
    def typed(self) -> bool:
        return bool(self.score or self.comment)


def read_sheet(path: Path, repair: bool = False) -> list[SheetRow]:
    """The rows of a sheet (row numbers as a spreadsheet shows them: the header is row 1).

    Raises
    ------
    UsageError
        When the file is not a sheet, is not UTF-8, or its text was garbled by a spreadsheet
        (UTF-8 read as Windows-1252) and ``repair`` is not set; with ``repair`` the garbled
        cells are turned back into the text as typed.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
            if missing:
                raise UsageError(f"{path} is not a written-answers sheet: it lacks the column(s) "
                                 f"{', '.join(missing)} (a sheet has {', '.join(MANUAL_COLUMNS)}; `manual-export` "
                                 "writes it, as written-answers-<assignment>.csv). Nothing was imported.")
            rows = [(number, {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)})
                    for number, row in enumerate(reader, start=2)]
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (byte {exc.start} cannot be read): in the spreadsheet, save it "
                         "as \"CSV UTF-8\". Nothing was done with it.") from None
    garbled = [(number, cell, typed) for number, row in rows for cell in row.values()
               if (typed := ungarbled(cell)) is not None]
    if garbled and not repair:
        shown = "; ".join(f"row {n}: {cell!r} was {typed!r}" for n, cell, typed in garbled[:3])
        raise UsageError(
            f"{path} looks garbled: a spreadsheet read its UTF-8 text as Windows-1252 and saved it so ({shown}"
            f"{'; …' if len(garbled) > 3 else ''}). Nothing was done with it. To import it as it was typed, run "
            f"`summit-course manual-import --repair-encoding {path}`: it turns such text back first. (Sheets "
            "written now start with a UTF-8 byte-order mark, so Excel reads them right.)")
    if garbled:
        rows = [(number, {k: ungarbled(v) or v for k, v in row.items()}) for number, row in rows]
    return [SheetRow(number, *(unguarded(row.get(c, "")) for c in
                               ("student", "exercise", "score", "comment", "answer_id", "note")),
                     row.get("stored_id"))
            for number, row in rows]


def written_answers(book: Gradebook) -> dict[tuple[str, str], dict]:
    """Each written answer's row, by student and exercise."""
    return {(r["student"], r["exercise"]): r for r in book.answers() if r["status"] == MANUAL}


def stored(target: dict) -> tuple[str, str]:
    """The score (as the sheet writes it) and comment the gradebook holds for an answer."""
    return format_points(target["manual_points"]), target["manual_comment"]


def same_answer(row: SheetRow, target: dict) -> bool:
    """Whether the row scores the answer the gradebook holds (a sheet without answer ids: assumed)."""
    return not row.answer_id or row.answer_id == answer_id(target["answer"])


def typed_number(score: str) -> float | None:
    """A typed score as a number (a decimal comma too: ``2,5``); None when it is not one."""
    try:
        return float(score.replace(",", "."))
    except ValueError:
        return None


def as_stored(row: SheetRow, target: dict) -> bool:
    """Whether the row's score and comment are what the gradebook holds (``2,5`` is the stored 2.5)."""
    typed = typed_number(row.score) if row.score else None
    same_score = row.score == stored(target)[0] or (typed is not None and typed == target["manual_points"])
    return same_score and row.comment == target["manual_comment"]


@dataclass
class ManualExport:
    """What :func:`export_manual` wrote, and what it kept of the sheet it replaced."""

    path: Path
    rows: int = 0
    kept: int = 0
    earlier: list[str] = field(default_factory=list)


def _carry(path: Path, written: dict) -> tuple[dict, dict, list[str]]:
    """What the sheet at ``path`` holds that the gradebook does not: kept in the new sheet, or refused."""
    kept, earlier, lost = {}, {}, []
    for row in read_sheet(path):
        target = written.get((row.student, row.exercise))
        if (EARLIER in row.note and target is not None and same_answer(row, target)
                and target["manual_points"] is None):  # once the new answer is scored, the note has done its job
            earlier[(row.student, row.exercise)] = row.note[row.note.index(EARLIER):]
        if not row.typed or (target is not None and same_answer(row, target) and as_stored(row, target)):
            continue
        if target is None:
            lost.append(f"row {row.number}: {row.student}, {row.exercise}: score {row.score or '(none)'}"
                        + (f", comment {row.comment!r}" if row.comment else ""))
        elif same_answer(row, target):
            score, comment = stored(target)
            kept[(row.student, row.exercise)] = (row.score or score, row.comment or comment)
        else:
            comment = f" and the comment {row.comment!r}" if row.comment else ""
            earlier[(row.student, row.exercise)] = (
                f"{EARLIER}, since re-submitted, was given the score "
                f"{row.score or '(none)'}{comment} in the previous sheet: score this answer.")
    return kept, earlier, lost


@with_gradebook
def export_manual(book: Gradebook | str | Path, path) -> ManualExport:
    """Write every written answer with its rubric, a note and the ``score`` and ``comment`` columns to a CSV.

    Scores already stored are filled in, so the sheet can be scored in several sittings.
    When ``path`` holds an earlier sheet, what was typed into it and not imported is kept
    (see the module's docstring).

    Raises
    ------
    UsageError
        When ``path`` is not a sheet, or holds a score whose answer is no longer in the
        gradebook (nothing is written).
    """
    path = Path(path)
    written = written_answers(book)
    kept, earlier, lost = _carry(path, written) if path.is_file() else ({}, {}, [])
    if lost:
        raise UsageError(f"{path} holds scores that are not in the gradebook and whose answers no longer are either "
                         "(re-submitted without them?); writing the sheet again would lose them, so nothing was "
                         "written:\n  " + "\n  ".join(lost) + "\nCopy them elsewhere and delete those rows, or "
                         "write a new sheet with --out.")
    rubrics = {e["id"]: e.get("rubric", []) for e in book.assignment().get("exercises", [])}
    rows = [MANUAL_COLUMNS]
    for key, row in written.items():
        score, comment = kept.get(key, stored(row))
        note = "; ".join(n for n in (row["note"], earlier.get(key, "")) if n)
        rows.append([plain_text(row["student"]), row["exercise"], format_points(row["max_points"]),
                     plain_text(row["answer"]), plain_text("\n".join(rubrics.get(row["exercise"], []))),
                     answer_id(row["answer"]), stored_id(row), plain_text(note), plain_text(score), plain_text(comment)])
    write_rows(path, rows, bom=True)  # without it Excel reads the sheet as Windows-1252
    return ManualExport(path, len(rows) - 1, len(kept), [f"{s}, {e}" for s, e in earlier])
