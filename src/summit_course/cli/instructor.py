"""The instructor's sub-commands: release, grade, export, feedback, report and manual scores."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from ..gradebook.locate import course_root, existing_gradebook, in_root, named_output
from ..gradebook.platforms import add_export_options, export_command
from ..grading.sandbox import SandboxUnavailable

__all__ = ["add_instructor_commands"]


def _friendly(command):
    """Report the errors an instructor can fix (bad paths, options) in one line, not a traceback."""

    def run(args) -> int:
        try:
            return command(args)
        except (ValueError, FileNotFoundError, SandboxUnavailable) as exc:
            print(f"summit-course {args.command}: {exc}", file=sys.stderr)
            return 2

    return run


def _list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


@_friendly
def _release(args) -> int:
    from ..publish import release
    from ..publish.release import is_past

    root = course_root(args.root, args.command)
    bundle = release(root, in_root(root, args.out), _list(args.lessons), _list(args.exercises) or None,
                     args.due, args.name, site=args.site)
    print(f"Wrote {bundle}/ and {bundle.with_suffix('.zip')}")
    if args.due and is_past(json.loads((bundle / "assignment.json").read_text("utf-8"))["due"]):
        print(f"Warning: the due date {args.due} is already past; every submission will be flagged late. "
              "Release again with the right --due if that is a mistake.", file=sys.stderr)
    return 0


@_friendly
def _grade(args) -> int:
    from ..grading import grade
    from ..grading.tasks import Limits

    # A process started in the background inherits SIGINT as "ignored"; restore Ctrl+C so an
    # interrupt always stops the run cleanly (everything graded so far is already saved).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    root = course_root(args.root, args.command)
    if args.assignment:
        from ..grading.assignment import check_manifest_path

        manifest = check_manifest_path(args.assignment)
        book = Path(args.gradebook).resolve() if args.gradebook else root / f"gradebook-{manifest['name']}.sqlite"
    else:
        book = Path(args.gradebook).resolve() if args.gradebook else root / "gradebook.sqlite"
    if not book.exists():
        same = root / book.name
        if same.is_file() and same != book:
            raise ValueError(f"There is no gradebook at {book}, but the course folder has {same}. Pass "
                             f"--gradebook {same} to grade into it (or give a new name to start another).")
        print(f"Starting a new gradebook: {book}", file=sys.stderr)
    try:
        summary = grade(args.submissions, args.assignment or root, book, course=root,
                        jobs=args.jobs, dask_scheduler=args.dask_scheduler, only=args.student or None,
                        changed_only=not args.all, progress=not args.no_progress,
                        limits=Limits(args.cell_timeout, args.notebook_timeout, args.memory_mb, args.cpu_seconds,
                                      args.max_processes, args.disk_mb, sandbox=not args.no_sandbox))
    except KeyboardInterrupt:
        print("Interrupted. Every submission graded so far is saved; run the same command again to "
              "grade the rest.", file=sys.stderr)
        return 130
    print(summary)
    print(f"Gradebook: {book}")
    return 0


@_friendly
def _export(args) -> int:
    print("\n".join(export_command(args, existing_gradebook(course_root(args.root, args.command), args.gradebook))))
    return 0


@_friendly
def _feedback(args) -> int:
    from ..publish import write_feedback

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    out = Path(args.out) if args.out else named_output(book, "feedback", "")
    pages = write_feedback(book, out, args.student or None)
    print(f"Wrote {len(pages)} feedback page(s) to {out}/")
    return 0


@_friendly
def _report(args) -> int:
    from ..publish import write_report

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    print(f"Wrote {write_report(book, Path(args.out) if args.out else named_output(book, 'report', '.html'))}")
    return 0


@_friendly
def _manual_export(args) -> int:
    from ..gradebook import export_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    path = export_manual(book, Path(args.out) if args.out else named_output(book, "written-answers", ".csv"))
    print(f"Wrote {path}: fill in the score column, then run `summit-course manual-import {path}`.")
    return 0


@_friendly
def _manual_import(args) -> int:
    from ..gradebook import import_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    result = import_manual(book, args.csv)
    if not result.ok:
        print("Nothing was imported; fix these rows and run again:\n  " + "\n  ".join(result.errors),
              file=sys.stderr)
        return 1
    print(f"Stored {result.updated} manual score(s); {result.skipped} row(s) without a score were skipped.")
    _refresh(args, book)
    return 0


def _refresh(args, book: Path) -> None:
    """Rewrite the default exports, feedback and report that exist, so nothing shows old scores."""
    from ..gradebook import export_csv, export_json
    from ..publish import write_feedback, write_report

    refreshed = []
    for stem, suffix, write in (("grades", ".csv", export_csv), ("grades", ".json", export_json),
                                ("feedback", "", write_feedback), ("report", ".html", write_report)):
        path = named_output(book, stem, suffix)
        if path.exists():
            write(book, path)
            refreshed.append(str(path) + ("/" if not suffix else ""))
    if refreshed:
        print("Refreshed with the new scores:\n  " + "\n  ".join(refreshed))
    root = f" --root {course_root(args.root, args.command)}" if Path(args.root).resolve() != Path.cwd() else ""
    gradebook = f" --gradebook {book}" if args.gradebook else ""
    print("If you wrote any elsewhere with --out, write them again: summit-course export/feedback/report"
          f"{root}{gradebook} --out ..." if refreshed else
          f"Next: summit-course export{root}{gradebook}; summit-course feedback{root}{gradebook}; "
          f"summit-course report{root}{gradebook}")


def _gradebook_option(command) -> None:
    command.add_argument("--gradebook", help="the gradebook file (default: the course folder's gradebook*.sqlite; "
                         "`grade` names it gradebook-<assignment>.sqlite)")


def add_instructor_commands(commands) -> None:
    """The release -> grade -> export -> feedback -> report -> manual scores sub-commands."""
    release = commands.add_parser("release", help="write a student bundle (folder and zip)")
    release.add_argument("--lessons", help="lesson numbers, comma-separated: 01,03")
    release.add_argument("--exercises", help="only these exercises of their lessons: 3.2,3.4")
    release.add_argument("--due", help="due date, ISO 8601: 2025-10-01 or 2025-10-01T17:00")
    release.add_argument("--name", help="the bundle's name (default: assignment-<lessons>)")
    release.add_argument("--out", default="release", help="output folder, in the course folder (default: %(default)s)")
    release.add_argument("--site", action="store_true", help="add site/: the lessons' web pages, to read offline")
    release.set_defaults(run=_release)

    grade = commands.add_parser("grade", help="grade a folder of submissions into the gradebook")
    grade.add_argument("submissions", help="a folder: one NAME.ipynb or one NAME/ folder per student")
    grade.add_argument("--assignment", help="the release's assignment.json (default: every exercise of --root)")
    _gradebook_option(grade)
    grade.add_argument("--jobs", type=int, help="parallel kernels (default: the number of cores)")
    grade.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://host:8786")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--all", action="store_true", help="re-grade unchanged submissions too")
    grade.add_argument("--cell-timeout", type=float, default=30, help="seconds per cell (default: %(default)s)")
    grade.add_argument("--notebook-timeout", type=float, default=120,
                       help="seconds per notebook (default: %(default)s)")
    grade.add_argument("--memory-mb", type=int, default=2048, help="memory cap per kernel (default: %(default)s)")
    grade.add_argument("--cpu-seconds", type=int, default=120, help="CPU time per kernel (default: %(default)s)")
    grade.add_argument("--max-processes", type=int, default=64,
                       help="processes per kernel's sandbox (default: %(default)s)")
    grade.add_argument("--disk-mb", type=int, default=256,
                       help="scratch space a kernel may write, in MB (default: %(default)s)")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="grade without bubblewrap (only for notebooks you trust; recorded in the gradebook)")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(run=_grade)

    export = commands.add_parser("export", help="export the gradebook: one row per student")
    _gradebook_option(export)
    add_export_options(export)
    export.set_defaults(run=_export)

    feedback = commands.add_parser("feedback", help="write one HTML feedback page per student")
    _gradebook_option(feedback)
    feedback.add_argument("--out", help="output folder (default: feedback-<assignment>/, next to the gradebook)")
    feedback.add_argument("--student", action="append", help="only this student (repeatable)")
    feedback.set_defaults(run=_feedback)

    report = commands.add_parser("report", help="write the class summary (charts and tables)")
    _gradebook_option(report)
    report.add_argument("--out", help="output page (default: report-<assignment>.html, next to the gradebook)")
    report.set_defaults(run=_report)

    manual_export = commands.add_parser("manual-export", help="written answers and rubrics to a CSV to score")
    _gradebook_option(manual_export)
    manual_export.add_argument("--out", help="output CSV (default: written-answers-<assignment>.csv)")
    manual_export.set_defaults(run=_manual_export)

    manual_import = commands.add_parser("manual-import", help="merge manual scores from the CSV")
    _gradebook_option(manual_import)
    manual_import.add_argument("csv", help="the CSV written by manual-export, with scores filled in")
    manual_import.set_defaults(run=_manual_import)
