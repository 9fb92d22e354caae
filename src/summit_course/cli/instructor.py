"""The instructor's sub-commands: release, grade, export, feedback, report and manual scores."""

from __future__ import annotations

import json
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..authoring.declarations import ExerciseError
from ..authoring.manifest import MANIFEST, ManifestError
from ..gradebook import UsageError
from ..gradebook.locate import course_root, existing_gradebook, in_root, named_output
from ..gradebook.platforms import add_export_options, export_command
from ..grading.sandbox import SandboxUnavailable
from .authoring import stopped

__all__ = ["add_instructor_commands"]

#: How long ``grade --dask-scheduler`` waits for the scheduler to answer before saying it cannot reach it.
DASK_CONNECT_SECONDS = 5


def _friendly(command):
    """Report what an instructor can fix (a path, an option, a file) in one line; a bug keeps its traceback.

    Only the course's own errors are caught: :class:`UsageError` (and its kinds: a release,
    a gradebook, an ids file), a damaged or missing manifest, a sandbox that cannot start, and
    a broken exercise (in the same lines as ``build``).
    """

    def run(args) -> int:
        try:
            return command(args)
        except ExerciseError as exc:
            return stopped(exc)
        except (UsageError, ManifestError, SandboxUnavailable) as exc:
            print(f"summit-course {args.command}: {exc}", file=sys.stderr)
            return 2

    return run


def _list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


@_friendly
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
        print(f"Warning: the due date {args.due} is already past; every submission will be flagged late. "
              "Release again with the right --due if that is a mistake.", file=sys.stderr)
    return 0


def _manifests(root: Path) -> list[str]:
    found = sorted(root.glob(f"release/*/{MANIFEST}"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [str(p.relative_to(root)) for p in found]


def _check_scheduler(address: str) -> None:
    """Stop at once, saying so, when nothing answers at a Dask scheduler's address (instead of hanging)."""
    import dask

    # Connecting, and the handshake after it, give up after a few seconds instead of Dask's 30.
    dask.config.set({"distributed.comm.timeouts.connect": f"{2 * DASK_CONNECT_SECONDS}s"})
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls"):
        return
    try:
        host, port = parts.hostname, parts.port or 8786
    except ValueError:
        host, port = None, None
    if not host:
        raise UsageError(f"--dask-scheduler {address} is not an address like tcp://host:8786.")
    try:
        socket.create_connection((host, port), timeout=DASK_CONNECT_SECONDS).close()
    except OSError as exc:
        why = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or type(exc).__name__)
        raise UsageError(f"Cannot reach the Dask scheduler at {address} ({host}:{port}: {why}, within "
                         f"{DASK_CONNECT_SECONDS} s); nothing was graded. Is `.venv/bin/dask scheduler` running "
                         "there, and is the address right? (docs/instructors.md, section 3, Speed)") from None


@_friendly
def _grade(args) -> int:
    from ..grading import grade
    from ..grading.assignment import check_manifest_path
    from ..grading.tasks import Limits

    # A process started in the background inherits SIGINT as "ignored"; restore Ctrl+C so an
    # interrupt always stops the run cleanly (everything graded so far is already saved).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    root = course_root(args.root, args.command)
    if not args.assignment:
        found = _manifests(root)
        raise UsageError("grade needs --assignment: the release's assignment.json, which says which exercises to "
                         "grade; nothing was graded. " + (f"This course folder has: {', '.join(found[:5])}."
                                                          if found else "Run `summit-course release` first."))
    if not Path(args.submissions).is_dir():
        raise UsageError(f"There is no submissions folder at {Path(args.submissions).resolve()}; nothing was graded.")
    manifest = check_manifest_path(args.assignment)
    book = Path(args.gradebook).resolve() if args.gradebook else root / f"gradebook-{manifest['name']}.sqlite"
    if args.dask_scheduler:
        _check_scheduler(args.dask_scheduler)
    new = not book.exists()  # said after grading: grade may still refuse (a broken exercise), creating nothing
    if new:
        same = root / book.name
        if same.is_file() and same != book:
            raise UsageError(f"There is no gradebook at {book}, but the course folder has {same}. Pass "
                             f"--gradebook {same} to grade into it (or give a new name to start another).")
    try:
        summary = grade(args.submissions, args.assignment, book, course=root,
                        jobs=args.jobs, dask_scheduler=args.dask_scheduler, only=args.student or None,
                        changed_only=not args.all, progress=not args.no_progress,
                        limits=Limits(args.cell_timeout, args.notebook_timeout, args.memory_mb, args.cpu_seconds,
                                      args.max_processes, args.disk_mb, sandbox=not args.no_sandbox))
    except KeyboardInterrupt:
        print("Interrupted. Every submission graded so far is saved; run the same command again to "
              "grade the rest (it also refreshes the exports, feedback and report).", file=sys.stderr)
        return 130
    print(summary)
    print(f"Gradebook: {book}" + (" (new)" if new else ""))
    _refresh(args, book)
    return 0


def _also_stale(book: Path, written) -> None:
    """Name the other default outputs that are older than the grades (nothing goes stale in silence)."""
    from ..publish.outputs import stale_outputs

    others = stale_outputs(book, skip=written)
    if others:
        print("Also out of date (written before the grades last changed):\n  "
              + "\n  ".join(f"{o.label}: {o.command}" for o in others))


@_friendly
def _export(args) -> int:
    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    lines, out = export_command(args, book)
    print("\n".join(lines))
    _also_stale(book, [out])
    return 0


@_friendly
def _feedback(args) -> int:
    from ..publish import write_feedback

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    out = Path(args.out) if args.out else named_output(book, "feedback", "")
    pages = write_feedback(book, out, args.student or None)
    print(f"Wrote {len(pages)} feedback page(s) to {out}/")
    _also_stale(book, [] if args.student else [out])
    return 0


@_friendly
def _report(args) -> int:
    from ..publish.report import report_files, write_report

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    page = write_report(book, Path(args.out) if args.out else named_output(book, "report", ".html"))
    print("Wrote " + ", ".join(str(p) for p in report_files(page)))
    _also_stale(book, [page])
    return 0


@_friendly
def _manual_export(args) -> int:
    from ..gradebook import export_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    written = export_manual(book, Path(args.out) if args.out else named_output(book, "written-answers", ".csv"))
    print(f"Wrote {written.path} ({written.rows} written answer(s)): fill in the score column, then run "
          f"`summit-course manual-import {written.path}`.")
    if written.kept:
        print(f"Kept {written.kept} score(s) or comment(s) typed into the earlier sheet and not imported yet.")
    if written.earlier:
        print("Re-submitted since you scored them (your earlier score is in the row's note; score the new "
              "answer): " + ", ".join(written.earlier))
    return 0


@_friendly
def _manual_import(args) -> int:
    from ..gradebook import import_manual

    book = existing_gradebook(course_root(args.root, args.command), args.gradebook)
    result = import_manual(book, args.csv)
    print(f"Stored {result.updated} manual score(s); {result.skipped} row(s) without a score were skipped.")
    if not result.ok:
        print(f"Not imported ({len(result.errors)} row(s); they stay in the sheet, and manual-export keeps them):\n  "
              + "\n  ".join(result.errors), file=sys.stderr)
    if result.updated:
        _refresh(args, book)
    return 0 if result.ok else 1


def _refresh(args, book: Path) -> None:
    """Rewrite the default outputs written before the grades changed; name those it cannot rewrite."""
    from ..publish.outputs import refresh

    lines = refresh(book).lines()
    if lines:
        gradebook = f" --gradebook {book}" if args.gradebook else ""
        lines.append("Any you wrote elsewhere with --out: write them again (summit-course export/feedback/report"
                     f"{gradebook} --out ...).")
        print("\n".join(lines))


def _gradebook_option(command) -> None:
    command.add_argument("--gradebook", help="the gradebook file (default: the course folder's gradebook*.sqlite; "
                         "`grade` names it gradebook-<assignment>.sqlite)")


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

    grade = commands.add_parser("grade", help="grade a folder of submissions into the gradebook")
    grade.add_argument("submissions", help="a folder: one NAME.ipynb or one NAME/ folder per student")
    grade.add_argument("--assignment", help="the release's assignment.json (release/<name>/assignment.json); required")
    _gradebook_option(grade)
    grade.add_argument("--jobs", type=int, help="parallel kernels (default: the number of cores)")
    grade.add_argument("--dask-scheduler", metavar="ADDRESS",
                       help="run on a Dask cluster, e.g. tcp://host:8786 (stops within 5 s if nothing answers)")
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
