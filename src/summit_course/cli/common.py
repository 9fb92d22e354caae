"""What the instructor's sub-commands share: one-line messages for their mistakes, the --gradebook option, and
refreshing the outputs a change of grades made out of date."""

from __future__ import annotations

import sys
from pathlib import Path

from ..authoring.declarations import ExerciseError
from ..authoring.manifest import ManifestError
from ..gradebook import UsageError
from ..grading.sandbox import SandboxUnavailable
from ..grading.submissions import NotSubmissions
from .authoring import stopped

__all__ = ["friendly", "gradebook_option", "refresh_outputs"]


def friendly(command):
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
        except (UsageError, ManifestError, SandboxUnavailable, NotSubmissions) as exc:
            print(f"summit-course {args.command}: {exc}", file=sys.stderr)
            return 2

    return run


def refresh_outputs(args, book: Path) -> None:
    """Rewrite the default outputs written before the grades changed; name those it cannot rewrite."""
    from ..reports.outputs import refresh

    lines = refresh(book).lines()
    if lines:
        gradebook = f" --gradebook {book}" if args.gradebook else ""
        lines.append("Any you wrote elsewhere with --out: write them again (summit-course export/feedback/report"
                     f"{gradebook} --out ...).")
        print("\n".join(lines))


def gradebook_option(command) -> None:
    command.add_argument("--gradebook", help="the gradebook file (default: the course folder's gradebook*.sqlite; "
                         "`grade` names it gradebook-<assignment>.sqlite)")
