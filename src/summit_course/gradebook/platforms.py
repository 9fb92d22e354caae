"""Gradebook files that Canvas and Moodle import as they are: one score per student for the assignment.

Canvas follows Instructure's "How do I import grades in the Gradebook?" (Canvas Instructor
Guide, https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):
the columns Student, ID, SIS User ID, SIS Login ID, Section, then the assignment titled
"Name (assignment id)" (without an id Canvas creates a new assignment), and the
"Points Possible" row; scores in points. Moodle follows "Grade import" (MoodleDocs,
https://docs.moodle.org/en/Grade_import, CSV import): an identifier column the teacher maps
from (email address to useremail, ID number to useridnumber, username) and one column per
grade item, holding the grade on the item's scale (here: points); a blank cell is no grade.
Late and --no-sandbox flags stay out of both files (``grades.csv`` keeps them).

Free-text cells (Canvas's Student and Section) that a spreadsheet would read as a formula
get a leading ``'`` (:func:`plain_text`); the identifiers the platforms match on are written
exactly as the mapping gives them, or the import would match no one.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .exports import FORMULA_START, export_csv, export_json, format_points, plain_text
from .files import write_rows, write_text
from .idmap import ID_COLUMNS, IdsError, read_ids
from .locate import named_output, read_path
from .statuses import BLANK, ERROR, FAILED, MANUAL, REVIEW, UNTOUCHED
from .rows import student_rows
from .store import Gradebook, with_gradebook

__all__ = ["CANVAS_COLUMNS", "FORMATS", "PlatformExport", "add_export_options", "export_canvas", "export_command",
           "export_moodle", "plain_text", "remembered_command"]

FORMATS = ("csv", "json", "canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
#: The Student cell of the second row in Canvas's own export, which its import reads back.
POINTS_POSSIBLE = "    Points Possible"
#: Words Canvas reserves for its read-only total columns: an assignment titled so is not imported.
CANVAS_RESERVED = ("Current Score", "Current Points", "Current Grade", "Final Score", "Final Points", "Final Grade",
                   "Override Score", "Override Grade", "Override Status")
#: Export options that only some formats take.
SPECIFIC = {"ids": ("canvas", "moodle"), "title": ("canvas", "moodle"), "assignment_id": ("canvas",),
            "leave_out_missing": ("canvas", "moodle"), "skip_incomplete": ("canvas", "moodle")}
#: How Canvas's gradebook export names the test student every course has ("Student View").
CANVAS_TEST_STUDENT = ("Student, Test", "Test Student")
MOODLE_LABELS = {"email": ("Email address", "useremail"), "idnumber": ("ID number", "useridnumber"),
                 "username": ("Username", "username")}


@dataclass
class PlatformExport:
    """What a platform export wrote: the file, its students and what the teacher should know."""

    path: Path
    students: int = 0
    no_submission: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    test_student: list[str] = field(default_factory=list)  # Canvas's test student: a blank cell, not a student


def _names(students) -> str:
    """Every name, joined by "; " (a Canvas name holds a comma: "Demir, Nuri"): never "and 2 more"."""
    return "; ".join(students)


def _formula_ids(ids: dict, columns, report: PlatformExport) -> None:
    """Name the students whose matching ids a spreadsheet would read as a formula (they are written as they are)."""
    risky = [s for s, record in ids.items() if any(record.get(c, "").startswith(FORMULA_START) for c in columns)]
    if risky:
        report.notes.append(f"The ids of {_names(risky)} start like a spreadsheet formula (=, +, -, @); they are "
                            "written as they are, since the platform matches on them: import the file without "
                            "opening it in a spreadsheet.")


def _incomplete(row: dict) -> bool:
    """A grade not final yet: a written answer awaits its manual score, or the grader failed (status error)."""
    return row["status"] == ERROR or any(a["status"] == MANUAL and a["manual_points"] is None
                                           for a in row["exercises"].values())


def _scores(book: Gradebook, ids: dict, ids_path, options: dict, report: PlatformExport) -> list[tuple[str, str]]:
    """(student, points cell) in the mapping's order, after every check that can stop the export."""
    rows = {row["student"]: row for row in student_rows(book)}  # the gradebook's rules are checked first
    missing = [s for s in rows if s not in ids]
    if missing and not options.get("leave_out_missing"):
        others = [s for s in ids if s not in rows and s not in report.test_student]
        hint = f" The mapping's students without a submission: {_names(others)}; spelled differently?" if others else ""
        raise IdsError(f"{len(missing)} graded student(s) have no row in {ids_path}: {_names(missing)}. Add them "
                       "(a submission column holding the submission's file or folder name, exactly; or name the "
                       "submission after the student's id or login), or pass --leave-out-missing to leave them out "
                       f"of the file; nothing was written.{hint}")
    incomplete = [s for s in ids if s in rows and _incomplete(rows[s])]
    if incomplete and not options.get("skip_incomplete"):
        raise UsageError(f"The grades of {_names(incomplete)} are not final (a written answer awaits its manual "
                         "score, or the grader failed: status error). Score them (manual-export, manual-import) "
                         "or grade again, or pass --skip-incomplete to leave their cells blank; nothing was written.")
    report.left_out = missing
    report.no_submission = [s for s in ids if s not in rows and s not in report.test_student]
    absent = "0" if options.get("no_submission") == "zero" else ""
    cells = [(s, "" if s in report.test_student else absent if s not in rows else "" if s in incomplete
              else format_points(rows[s]["total"])) for s in ids]
    report.students = len(cells) - len(report.test_student)
    late = [s for s, _ in cells if s in rows and rows[s]["late"]]
    trusted = [s for s, _ in cells if s in rows and not rows[s]["sandboxed"]]
    failed = [s for s, _ in cells if s in rows and rows[s]["status"] == FAILED]
    blank = [s for s, _ in cells if s in rows and rows[s]["status"] in (BLANK, UNTOUCHED)]
    review = [s for s, cell in cells if s in rows and rows[s]["status"] == REVIEW and cell]
    if late:
        report.notes.append(f"Late: {_names(late)}. The late flag is not in this file (the platform would not read "
                            "it); the points are as graded. grades.csv and the report show it.")
    if trusted:
        report.notes.append(f"Graded without the sandbox (--no-sandbox): {_names(trusted)}; recorded in the "
                            "gradebook and grades.csv, not in this file.")
    if failed:
        report.notes.append(f"Could not be graded (status failed), so 0 points: {_names(failed)}; grades.csv "
                            "gives the reason.")
    if blank:
        report.notes.append(f"No answer given (status blank or untouched: the release copy, unchanged), so 0 points: "
                            f"{_names(blank)}; did they hand in the right file?")
    if review:
        report.notes.append(f"Under review, partial totals sent: {_names(review)} (status review: the grader found "
                            "something worth a look; grades.csv and the report say what).")
    if report.no_submission:
        report.notes.append(f"No submission: {_names(report.no_submission)} "
                            + ("(0 points)." if absent else "(blank: no score)."))
    if incomplete:
        report.notes.append(f"Left blank, grades not final: {_names(incomplete)}.")
    if report.test_student:
        report.notes.append(f"Canvas's test student ({_names(report.test_student)}): left blank, not counted as a "
                            "student.")
    return cells


def _points_possible(book: Gradebook) -> float:
    exercises = book.assignment().get("exercises", [])
    return float(sum(e.get("points") or 0 for e in exercises))


def _title(book: Gradebook, title: str | None) -> str:
    return (title or book.assignment().get("name") or book.path.stem).strip()


def _canvas_title(headers: list[str], assignment_id: str) -> str | None:
    """The column of assignment ``assignment_id`` as Canvas's own gradebook export titles it ("Name (4567)")."""
    return next((h for h in headers if re.fullmatch(rf".+ \({re.escape(assignment_id)}\)", h)), None)


@with_gradebook
def export_canvas(book: Gradebook | str | Path, path, ids, *, title: str | None = None,
                  assignment_id: str | None = None, **options) -> PlatformExport:
    """Write a CSV that Canvas's Gradebook import reads: the assignment's total points per student.

    Parameters
    ----------
    book : Gradebook or path
    path : str or Path
        The file to write (replaced atomically).
    ids : str or Path
        The mapping CSV: ``student`` and ``canvas_id`` (Canvas's user ID, what the import
        matches on), ``sis_user_id``, ``sis_login_id``; optional ``section`` and ``name``.
    title, assignment_id : str, optional
        The assignment column is titled "title (assignment_id)" as Canvas names it, so the
        import updates that assignment; without an id Canvas creates a new one.
    **options
        ``leave_out_missing``, ``skip_incomplete`` (bool), ``no_submission`` ("blank" or "zero").
    """
    given, title = title, _title(book, title)
    reserved = [word for word in CANVAS_RESERVED if word.casefold() in title.casefold()]
    if reserved:
        raise UsageError(f"Canvas does not import an assignment titled {title!r} ({reserved[0]!r} is the name of "
                         "its read-only columns); choose another with --title.")
    if assignment_id is not None and not str(assignment_id).strip().isdigit():
        raise UsageError(f"A Canvas assignment id is a number (the end of the assignment's address, "
                         f".../assignments/12345), not {assignment_id!r}.")
    mapping = read_ids(ids, "canvas", book.students())
    ids_map = mapping.ids
    report = PlatformExport(Path(path), notes=list(mapping.notes), test_student=[
        s for s, record in ids_map.items() if record.get("name", "").strip() in CANVAS_TEST_STUDENT
        and s not in book.students()])
    cells = _scores(book, ids_map, ids, options, report)
    possible = _points_possible(book)
    column = f"{title} ({str(assignment_id).strip()})" if assignment_id else title
    if assignment_id and not given:  # titled as Canvas's own export titles that assignment, when it is the mapping
        column = _canvas_title(mapping.headers, str(assignment_id).strip()) or column
    rows = [[*CANVAS_COLUMNS, column], [POINTS_POSSIBLE, "", "", "", "", format_points(possible)]]
    for student, points in cells:
        record = ids_map[student]
        rows.append([plain_text(record.get("name") or student), record.get("canvas_id", ""),
                     record.get("sis_user_id", ""), record.get("sis_login_id", ""),
                     plain_text(record.get("section", "")), points])
    write_rows(path, rows)
    _formula_ids(ids_map, ID_COLUMNS["canvas"], report)
    report.notes.append(f"In Canvas: Grades → Import, choose {Path(path).name}; the column {column!r} holds points "
                        + ("and updates that assignment." if assignment_id else
                           f"and Canvas creates it as a new assignment (Points Possible {format_points(possible)})."))
    return report


@with_gradebook
def export_moodle(book: Gradebook | str | Path, path, ids, *, title: str | None = None, **options) -> PlatformExport:
    """Write a CSV that Moodle's grade import (CSV file) reads: an identifier and one grade item.

    The identifier column is the mapping's ``email``, else ``idnumber``, else ``username``;
    the grade item column, titled after the assignment, holds its total points (the grade
    on the item's scale: give the item a maximum grade of the assignment's points).
    Other parameters as :func:`export_canvas`.
    """
    title = _title(book, title)
    mapping = read_ids(ids, "moodle", book.students())
    ids_map, key = mapping.ids, mapping.key
    report = PlatformExport(Path(path), notes=list(mapping.notes), test_student=[
        s for s, record in ids_map.items() if record.get("name", "").strip() in CANVAS_TEST_STUDENT
        and s not in book.students()])
    cells = _scores(book, ids_map, ids, options, report)
    label, map_to = MOODLE_LABELS[key]
    write_rows(path, [[label, title], *([ids_map[s][key], points] for s, points in cells)])
    _formula_ids(ids_map, (key,), report)
    possible = format_points(_points_possible(book))
    report.notes.append(f"In Moodle: Grades → Import → CSV file, choose {Path(path).name}; map from {label!r} to "
                        f"{map_to!r}, and {title!r} to the grade item (maximum grade {possible}) or a new grade item.")
    if _points_possible(book) > 100:
        report.notes.append("Moodle refuses grades over 100 unless the site allows them (unlimitedgrades and "
                            "gradepointmax in Site administration → Grades → General settings).")
    return report


def add_export_options(command) -> None:
    """The ``export`` sub-command's options (the command line keeps only the dispatch)."""
    command.add_argument("--format", choices=FORMATS, default="csv",
                         help="csv and json: everything; canvas and moodle: a file the platform imports")
    command.add_argument("--out", help="output file (default: grades-<assignment>.csv, .json, -canvas.csv or "
                         "-moodle.csv, next to the gradebook)")
    command.add_argument("--ids", metavar="CSV", help="canvas/moodle: the mapping from student (submission name) "
                         "to platform ids: student,canvas_id,sis_user_id,sis_login_id,section or student,email")
    command.add_argument("--title", help="canvas/moodle: the assignment's (grade item's) title "
                         "(default: the assignment's name)")
    command.add_argument("--assignment-id",
                         help="canvas: the Canvas assignment's id, to update it (default: a new assignment)")
    command.add_argument("--leave-out-missing", action="store_true",
                         help="canvas/moodle: leave out graded students the --ids file lacks (default: stop)")
    command.add_argument("--skip-incomplete", action="store_true",
                         help="canvas/moodle: blank cells for grades not final (default: stop)")
    command.add_argument("--no-submission", choices=("blank", "zero"), default="blank",
                         help="canvas/moodle: students in --ids without a submission (default: %(default)s)")


def _command_file(out: Path) -> Path:
    """Where the command that wrote a platform file is remembered: a hidden file beside it."""
    return out.with_name(f".{out.name}.command")


def remembered_command(out: Path, default: str) -> str:
    """The command that last wrote the platform file ``out`` (with its --ids file), else ``default``."""
    try:
        return _command_file(Path(out)).read_text("utf-8").strip() or default
    except OSError:
        return default


def _remember(args, book: Path, out: Path) -> None:
    """Note the command that wrote ``out``, so an out-of-date notice can give it as it was (the --ids file and
    --skip-incomplete too), runnable from any folder (``--root``)."""
    argv = ["summit-course", "export", "--format", args.format, "--ids", str(Path(args.ids).resolve())]
    argv += ["--root", str(Path(args.root).resolve())] if getattr(args, "root", None) else []
    argv += ["--gradebook", str(book)] if getattr(args, "gradebook", None) else []
    for option in ("assignment_id", "title"):
        if getattr(args, option, None):
            argv += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    argv += ["--leave-out-missing"] if args.leave_out_missing else []
    argv += ["--skip-incomplete"] if args.skip_incomplete else []
    argv += ["--no-submission", "zero"] if args.no_submission == "zero" else []
    write_text(_command_file(out), shlex.join(argv) + "\n")


def export_command(args, book: Path) -> tuple[list[str], Path]:
    """Run ``summit-course export`` on ``book``; returns the lines to print and the file written."""
    platform = args.format in ("canvas", "moodle")
    if platform and not args.ids:
        raise UsageError(f"--format {args.format} needs --ids: a CSV mapping each student (the submission's file or "
                         "folder name) to " + ("Canvas ids (student,canvas_id,sis_user_id,sis_login_id,section)."
                                               if args.format == "canvas" else "a Moodle identifier (student,email)."))
    wrong = [option for option, formats in SPECIFIC.items() if getattr(args, option) and args.format not in formats]
    if wrong:
        raise UsageError(f"--{wrong[0].replace('_', '-')} is for --format {' or '.join(SPECIFIC[wrong[0]])}, "
                         f"not {args.format}.")
    if platform:  # read from the current folder, else from the gradebook's (the course folder)
        args.ids = read_path(book.parent, args.ids, f"--ids takes the mapping CSV or the platform's own gradebook "
                             "export")
    suffix = f"-{args.format}.csv" if platform else f".{args.format}"
    out = Path(args.out) if args.out else named_output(book, "grades", suffix)
    if not platform:
        return [f"Wrote {(export_json if args.format == 'json' else export_csv)(book, out)}"], out
    options = {"title": args.title, "leave_out_missing": args.leave_out_missing,
               "skip_incomplete": args.skip_incomplete, "no_submission": args.no_submission}
    if args.format == "canvas":
        report = export_canvas(book, out, args.ids, assignment_id=args.assignment_id, **options)
    else:
        report = export_moodle(book, out, args.ids, **options)
    if not args.out:  # a default output: an out-of-date notice names the command that writes it again
        _remember(args, book, out)
    left = f"; left out (not in {args.ids}): {_names(report.left_out)}" if report.left_out else ""
    return [f"Wrote {out} ({report.students} student(s){left})", *report.notes], out
