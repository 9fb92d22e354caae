"""The ``grade`` sub-command: check what it is given (paths, the folder, a Dask address) before grading starts."""

from __future__ import annotations

import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..authoring.manifest import MANIFEST
from ..gradebook import UsageError
from ..gradebook.locate import course_root, given_path, read_path
from ..grading.folders import REPLACE_OPTION
from ..grading.manifest_age import ACCEPT_OLDER_OPTION
from .common import friendly, gradebook_option, refresh_outputs

__all__ = ["add_grade_command"]

#: How long ``grade --dask-scheduler`` waits for the scheduler to answer before saying it cannot reach it.
DASK_CONNECT_SECONDS = 5


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


@friendly
def _grade(args) -> int:
    from ..authoring.lessons import Course
    from ..authoring.registry_check import stale_registry
    from ..grading import grade
    from ..grading.assignment import check_manifest_path
    from ..grading.lesson_match import WrongAssignment
    from ..grading.submissions import check_folder
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
    args.submissions = read_path(root, args.submissions, "the submissions folder (one NAME.ipynb or NAME/ per student)")
    if not args.submissions.is_dir():
        raise UsageError(f"{args.submissions.resolve()} is a file, not the submissions folder; nothing was graded.")
    args.assignment = read_path(root, args.assignment, f"--assignment takes the release's manifest, "
                                f"release/<name>/{MANIFEST}")
    manifest = check_manifest_path(args.assignment)
    stale = stale_registry(Course(root), "grade")
    if stale:
        raise UsageError(stale)
    lessons = [entry.get("lesson", "") for entry in manifest.get("lessons", []) if isinstance(entry, dict)]
    # one student's folder, or a course folder in it? Stop before a gradebook is started
    check_folder(args.submissions, lessons, manifest.get("name", ""))
    book = (given_path(root, args.gradebook).resolve() if args.gradebook
            else root / f"gradebook-{manifest['name']}.sqlite")
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
                        replace_other_folder=args.replace_from_other_folder,
                        accept_older_manifest=args.accept_older_manifest,
                        limits=Limits(args.cell_timeout, args.notebook_timeout, args.memory_mb, args.cpu_seconds,
                                      args.max_processes, args.disk_mb, sandbox=not args.no_sandbox))
    except WrongAssignment as exc:
        found = [m for m in _manifests(root) if (root / m).resolve() != args.assignment.resolve()]
        raise UsageError(f"{exc}" + (f" Other releases of this course: {', '.join(found[:5])}." if found else "")
                         ) from None
    except KeyboardInterrupt:
        print("Interrupted. Every submission graded so far is saved; run the same command again to "
              "grade the rest (it also refreshes the exports, feedback and report).", file=sys.stderr)
        return 130
    print(summary)
    print(f"Gradebook: {book}" + (" (new)" if new else ""))
    refresh_outputs(args, book)
    return 0


def add_grade_command(commands) -> None:
    """The ``grade`` sub-command and its options."""
    grade = commands.add_parser("grade", help="grade a folder of submissions into the gradebook")
    grade.add_argument("submissions", help="a folder: one NAME.ipynb or one NAME/ folder per student")
    grade.add_argument("--assignment", help="the release's assignment.json (release/<name>/assignment.json); required")
    gradebook_option(grade)
    grade.add_argument("--jobs", type=int, help="parallel kernels (default: the number of cores)")
    grade.add_argument("--dask-scheduler", metavar="ADDRESS",
                       help="run on a Dask cluster, e.g. tcp://host:8786 (stops within 5 s if nothing answers)")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--all", action="store_true", help="re-grade unchanged submissions too")
    grade.add_argument(REPLACE_OPTION, action="store_true",
                       help="let this folder's submissions replace rows graded from another folder (without it, "
                            "grade stops and names both folders)")
    grade.add_argument(ACCEPT_OLDER_OPTION, action="store_true",
                       help="let an assignment.json released before the gradebook's replace it (and its due date)")
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
