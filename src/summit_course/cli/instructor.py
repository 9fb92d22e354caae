"""The instructor's sub-commands: release, grade (:mod:`.grading`), export, feedback, report, manual scores and
remove-student."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from ..authoring.manifest import MANIFEST
from ..gradebook import UsageError
from ..gradebook.locate import course_root, existing_gradebook, in_root, named_output, read_path
from ..gradebook.platforms import add_export_options, export_command
from .common import friendly, gradebook_option, refresh_outputs, with_root
from .grading import add_grade_command

__all__ = ["add_instructor_commands"]

def _list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


@friendly
def _release(args) -> int:
    from ..publish import release
    from ..publish.release import is_past
    from ..publish.site.frame import SiteError

    root = course_root(args.root, args.command)
    try:
        bundle = release(root, in_root(root, args.out), _list(args.lessons), _list(args.exercises) or None,
                         args.due, args.name, site=args.site)
    except SiteError as exc:  # --site: the lessons' web pages could not be built
        raise UsageError(str(exc)) from None
    due = json.loads((bundle / MANIFEST).read_text("utf-8"))["due"]
    print(f"Wrote {bundle}/ and {bundle.with_suffix('.zip')}" + (f" (due {due})" if due else ""))
    if args.due and is_past(due):
        print(f"Warning: the due date {args.due} is already past: every submission whose file time is after it "
              "will be flagged late (work saved before it will not). Release again with the right --due if that is "
              "a mistake.", file=sys.stderr)
    return 0


def _also_stale(args, book: Path, written) -> None:
    """Name the other default outputs that are older than the grades (nothing goes stale in silence); note an
    output written with --out, so a later change of grades names it too."""
    from ..reports.outputs import note_elsewhere, stale_outputs

    if args.out:
        argv = ["summit-course", args.command, *(["--format", args.format] if args.command == "export" else []),
                *(["--ids", str(Path(args.ids).resolve())] if getattr(args, "ids", None) else []),
                *(["--gradebook", str(book)] if args.gradebook else []), "--out", str(Path(args.out).resolve())]
        note_elsewhere(book, Path(args.out), shlex.join(argv))
    others = stale_outputs(book, skip=written)
    if others:
        print("Also out of date (written before the grades last changed):\n  "
              + "\n  ".join(f"{o.label}: {with_root(o.command, args)}" for o in others))


@friendly
def _export(args) -> int:
    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    lines, out = export_command(args, book)
    print("\n".join(lines))
    _also_stale(args, book, [out])
    return 0


@friendly
def _feedback(args) -> int:
    from ..reports import write_feedback

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    out = Path(args.out) if args.out else named_output(book, "feedback", "")
    pages = write_feedback(book, out, args.student or None)
    print(f"Wrote {len(pages)} feedback page(s) to {out}/")
    _also_stale(args, book, [] if args.student else [out])
    return 0


@friendly
def _report(args) -> int:
    from ..reports.report import report_files, write_report

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    page = write_report(book, Path(args.out) if args.out else named_output(book, "report", ".html"))
    print("Wrote " + ", ".join(str(p) for p in report_files(page)))
    _also_stale(args, book, [page])
    return 0


@friendly
def _manual_export(args) -> int:
    from ..gradebook import export_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    written = export_manual(book, Path(args.out) if args.out else named_output(book, "written-answers", ".csv"))
    print(f"Wrote {written.path} ({written.rows} written answer(s)): fill in the score column, then run "
          f"`{with_root(f'summit-course manual-import {shlex.quote(str(written.path))}', args)}`.")
    if written.kept:
        print(f"Kept {written.kept} score(s) or comment(s) typed into the earlier sheet and not imported yet.")
    if written.earlier:
        print("Re-submitted since you scored them (your earlier score is in the row's note; score the new "
              "answer): " + ", ".join(written.earlier))
    return 0


@friendly
def _manual_import(args) -> int:
    from ..gradebook import import_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    sheet = read_path(book.parent, args.csv, "manual-import takes the sheet manual-export wrote")
    result = import_manual(book, sheet, repair=args.repair_encoding, overwrite_newer=args.overwrite_newer,
                           again=lambda command: with_root(command, args))
    print(f"Stored {result.updated} manual score(s) ({len(result.changes)} changed, the others as stored); "
          f"{result.skipped} row(s) without a score were skipped.")
    if result.changes:
        print("Changed (stored → this sheet):\n  " + "\n  ".join(result.changes))
    if not result.ok:
        print(f"Not imported ({len(result.errors)} row(s); they stay in the sheet, and manual-export keeps them):\n  "
              + "\n  ".join(result.errors), file=sys.stderr)
    if result.updated:
        refresh_outputs(args, book)
    return 0 if result.ok else 1


@friendly
def _remove_student(args) -> int:
    from ..gradebook import Gradebook
    from ..reports.feedback import page_name

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    with Gradebook(book) as opened:
        names = opened.known(args.names)
        scores = sum(a["manual_points"] is not None for name in names for a in opened.answers(name))
        opened.remove(names)
    print(f"Removed {', '.join(names)} from {book}" + (f", with {scores} manual score(s)" if scores else "") + ". "
          "A grading run over a folder that still holds their submission grades them again.")
    pages = [named_output(book, "feedback", "") / page_name(name) for name in names]
    pages = [page for page in pages if page.is_file()]
    refresh_outputs(args, book)
    gone = [page for page in pages if not page.exists()]
    if gone:
        print("Deleted their feedback page(s): " + ", ".join(str(page) for page in gone))
    return 0


def add_instructor_commands(commands) -> None:
    """The release -> grade -> export -> feedback -> report -> manual scores sub-commands."""
    release = commands.add_parser("release", help="write a student bundle (folder and zip)")
    release.add_argument("--lessons", help="lesson numbers, comma-separated: 01,03")
    release.add_argument("--exercises", help="only these exercises of their lessons: 3.2,3.4")
    release.add_argument("--due", help="due date, ISO 8601: 2025-10-01 (to its end) or 2025-10-01T17:00, in this "
                         "machine's time zone unless one is given (2025-10-01T17:00+02:00)")
    release.add_argument("--name", help="the bundle's name (default: assignment-<lessons>)")
    release.add_argument("--out", default="release", help="output folder, in the course folder (default: %(default)s)")
    release.add_argument("--site", action="store_true", help="add site/: the lessons' web pages, to read offline")
    release.set_defaults(run=_release)

    add_grade_command(commands)

    export = commands.add_parser("export", help="export the gradebook: one row per student")
    gradebook_option(export)
    add_export_options(export)
    export.set_defaults(run=_export)

    feedback = commands.add_parser("feedback", help="write one HTML feedback page per student")
    gradebook_option(feedback)
    feedback.add_argument("--out", help="output folder (default: feedback-<assignment>/, next to the gradebook)")
    feedback.add_argument("--student", action="append", help="only this student (repeatable)")
    feedback.set_defaults(run=_feedback)

    report = commands.add_parser("report", help="write the class summary (charts and tables)")
    gradebook_option(report)
    report.add_argument("--out", help="output page (default: report-<assignment>.html, next to the gradebook)")
    report.set_defaults(run=_report)

    manual_export = commands.add_parser("manual-export", help="written answers and rubrics to a CSV to score")
    gradebook_option(manual_export)
    manual_export.add_argument("--out", help="output CSV (default: written-answers-<assignment>.csv)")
    manual_export.set_defaults(run=_manual_export)

    remove = commands.add_parser("remove-student", help="remove students' rows from the gradebook (a wrong entry)")
    gradebook_option(remove)
    remove.add_argument("names", nargs="+", metavar="NAME", help="the student's name, as in the gradebook")
    remove.set_defaults(run=_remove_student)

    manual_import = commands.add_parser("manual-import", help="merge manual scores from the CSV")
    gradebook_option(manual_import)
    manual_import.add_argument("csv", help="the CSV written by manual-export, with scores filled in")
    manual_import.add_argument("--repair-encoding", action="store_true",
                               help="turn text a spreadsheet garbled (UTF-8 read as Windows-1252) back first")
    manual_import.add_argument("--overwrite-newer", action="store_true",
                               help="replace scores and comments stored after the sheet was written (by default "
                               "such rows are refused and listed)")
    manual_import.set_defaults(run=_manual_import)
