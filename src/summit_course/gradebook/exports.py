"""Export the gradebook for spreadsheets and learning platforms: one row (or record) per student."""

from __future__ import annotations

import json
from pathlib import Path

from .files import write_rows, write_text
from .rows import student_rows
from .store import Gradebook, with_gradebook

__all__ = ["effective_points", "export_csv", "export_json", "format_points", "plain_text", "score_text", "unguarded"]

#: How a cell that a spreadsheet would run as a formula begins (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: a leading ``'`` when it would start a formula.

    Students choose their submissions' names and write their answers. A value that starts
    with ``'`` itself gets one more, so :func:`unguarded` reads every value back exactly.
    """
    return f"'{value}" if value.startswith((*FORMULA_START, "'")) else value


def unguarded(value: str) -> str:
    """A cell read back from a CSV written with :func:`plain_text`: without its leading ``'``."""
    return value[1:] if value.startswith("'") else value


def format_points(value, digits: int = 2) -> str:
    """A number as people read it: ``2``, ``1.5``, ``0.33`` (at most ``digits`` decimals); blank for None."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def score_text(summary: dict, joiner: str = "of") -> str:
    """A student's total as people read it: "11 of 17"; with written answers awaiting a score, "11 + up to 6
    pending of 17" (never "11 of 17" as if the 6 were lost)."""
    total, most = format_points(summary["total"]), format_points(summary["max_total"])
    if summary.get("pending_points"):
        return f"{total} + up to {format_points(summary['pending_points'])} pending {joiner} {most}"
    return f"{total} {joiner} {most}"


def effective_points(row: dict):
    """An exercise row's points: the manual score where an instructor gave one."""
    return row["manual_points"] if row["manual_points"] is not None else row["points"]



@with_gradebook
def export_csv(book: Gradebook | str | Path, path) -> Path:
    """Write one row per student: student, a column per exercise, total, max_total, status, reason, sandboxed,
    late, submitted_at and journal_note (what became of the student's journal).

    UTF-8 with a byte-order mark (without it Excel reads "Zoë" as "ZoÃ«"; Python reads it with
    ``utf-8-sig``), comma-separated, written atomically; an exercise cell is blank while a written
    answer awaits its manual score, and for a practice exercise (no points: never a 0). A name or reason that a spreadsheet would run as a
    formula starts with ``'``.
    """
    ids = book.exercise_ids()
    rows = [["student", *ids, "total", "max_total", "status", "reason", "sandboxed", "late", "submitted_at",
             "journal_note"]]
    for row in student_rows(book):  # the gradebook's rules are checked before the file is touched
        cells = [format_points(effective_points(row["exercises"][i]))
                 if i in row["exercises"] and row["exercises"][i]["max_points"] else "" for i in ids]
        rows.append([plain_text(row["student"]), *cells, format_points(row["total"]), format_points(row["max_total"]),
                     row["status"], plain_text(row["reason"]), "yes" if row["sandboxed"] else "no",
                     "late" if row["late"] else "", row["submitted_at"], plain_text(row["journal_note"])])
    return write_rows(path, rows, bom=True)


@with_gradebook
def export_json(book: Gradebook | str | Path, path) -> Path:
    """Write the gradebook as JSON: the assignment and, per student, every exercise's result."""
    students = []
    for row in student_rows(book):
        exercises = {
            exercise: {"status": a["status"], "points": effective_points(a), "max_points": a["max_points"],
                       "public_checks": [a["public_passed"], a["public_total"]],
                       "hidden_checks": [a["hidden_passed"], a["hidden_total"]],
                       "messages": a["messages"], "manual_comment": a["manual_comment"]}
            for exercise, a in row["exercises"].items()
        }
        keys = ("student", "status", "reason", "total", "max_total", "source", "sandboxed", "graded_at", "late",
                "submitted_at", "journal_note")
        students.append({k: row[k] for k in keys} | {"exercises": exercises})
    assignment = book.assignment()
    info = {k: v for k, v in assignment.items() if k != "exercises"}
    info["exercises"] = [{k: e.get(k) for k in ("id", "lesson", "points")} for e in assignment.get("exercises", [])]
    return write_text(path, json.dumps({"assignment": info, "students": students}, indent=1, ensure_ascii=False) + "\n")
