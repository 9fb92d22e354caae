"""What the instructor's sub-commands share: one-line messages for their mistakes, the --gradebook option, and
refreshing the outputs a change of grades made out of date."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from ..authoring.declarations import ExerciseError
from ..authoring.manifest import ManifestError
from ..gradebook import UsageError
from ..grading.sandbox import SandboxUnavailable
from ..grading.submissions import NotSubmissions
from .authoring import stopped

__all__ = ["friendly", "gradebook_option", "refresh_outputs", "root_option", "with_root"]


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


def root_option(args) -> str:
    """``--root /the/course`` when the command was given ``--root``: every command it suggests repeats it."""
    root = getattr(args, "root", ".")
    return "" if root in (None, ".") else f"--root {shlex.quote(str(Path(root).resolve()))}"


def with_root(command: str, args) -> str:
    """A suggested ``summit-course …`` command with the ``--root`` this one was given (unless it has one)."""
    option = root_option(args)
    if not option or " --root " in command or not command.startswith("summit-course "):
        return command
    return command.replace("summit-course ", f"summit-course {option} ", 1)


def refresh_outputs(args, book: Path) -> None:
    """Rewrite the default outputs written before the grades changed; name those it cannot rewrite, and the
    files written elsewhere with ``--out`` (only when there are any)."""
    from ..reports.outputs import refresh, written_elsewhere

    lines = refresh(book).lines(lambda command: with_root(command, args))
    elsewhere = written_elsewhere(book)
    if lines and elsewhere:
        lines.append("Written elsewhere with --out, out of date too: write them again:\n  "
                     + "\n  ".join(f"{path}: {with_root(command, args)}" for path, command in elsewhere))
    if lines:
        print("\n".join(lines))


def gradebook_option(command) -> None:
    command.add_argument("--gradebook", help="the gradebook file (default: the course folder's gradebook*.sqlite; "
                         "`grade` names it gradebook-<assignment>.sqlite)")
