"""The ``summit-course`` command: a thin layer over the package's functions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["main"]


def _build(args) -> int:
    from .authoring import Course, build

    root = Path(args.root).resolve()
    changed = build(Course(root), check_only=args.check)
    names = [os.path.relpath(p, root) for p in changed]
    if args.check:
        if changed:
            print("Out of date (run `summit-course build`):\n  " + "\n  ".join(names))
            return 1
        print("lessons/, navigation and the exercise registry are up to date.")
        return 0
    print(f"Wrote {len(changed)} file(s)." + ("\n  " + "\n  ".join(names) if names else ""))
    return 0


def _run(args) -> int:
    from .authoring import Course, run_solution

    course = Course(Path(args.root).resolve())
    chosen = [p for p in course.notebooks() if not args.lessons or p.name[:2] in args.lessons]
    for path in chosen:
        print(f"Running {path.name} ...", flush=True)
        run_solution(path)
    return 0


def _validate(args) -> int:
    from .data import validate

    report = validate()
    if report.valid:
        print("datasets/datapackage.json: every table is valid.")
        return 0
    for task in report.tasks:
        for error in task.errors[:20]:
            print(f"{task.name}: {error.message}")
    return 1


def parser() -> argparse.ArgumentParser:
    """The command-line parser (one sub-command per instructor task)."""
    top = argparse.ArgumentParser(prog="summit-course", description=__doc__)
    top.add_argument("--root", default=".", help="the course folder (default: here)")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build lessons/ from solutions/")
    build.add_argument("--check", action="store_true", help="fail if lessons/ is stale")
    build.set_defaults(run=_build)

    run = commands.add_parser("run", help="execute solution notebooks, storing outputs")
    run.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    run.set_defaults(run=_run)

    validate = commands.add_parser("validate", help="validate the datasets with frictionless")
    validate.set_defaults(run=_validate)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
