"""The author's sub-commands: build (bring everything up to date), run, new-lesson, renumber, overlap, validate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["add_authoring_commands", "stopped"]


def _course(args):
    from ..authoring import Course

    return Course(Path(args.root).resolve())


def stopped(exc: Exception) -> int:
    """Say why a command stopped on a broken exercise or dataset, in its own short lines; the exit status."""
    print(f"summit-course: stopped. {exc}", file=sys.stderr)
    return 2


def _update(course, **options):
    """Run :func:`update`, printing each solution run as it starts; None (after saying why) when it stopped."""
    from ..authoring import ExerciseError
    from ..authoring.datasets import DatasetProblems
    from ..authoring.update import update

    try:
        return update(course, say=lambda line: print(line, flush=True), **options)
    except (ExerciseError, DatasetProblems) as exc:
        stopped(exc)
        return None


def _names(course, paths) -> str:
    return "\n  ".join(os.path.relpath(p, course.root) for p in paths)


def _stale_lines(course, stale: dict) -> str:
    return "\n  ".join(f"{os.path.relpath(p, course.root)}: {'; '.join(why)}" for p, why in stale.items())


def _tell(course, report, files: str, stale: str = "Solutions to re-run (`summit-course build` runs them):"):
    """Print the files and the stale solutions of an update under their headings, when there are any."""
    if report.files:
        print(f"{files}\n  " + _names(course, report.files))
    if report.stale:
        print(f"{stale}\n  " + _stale_lines(course, report.stale))


def _build(args) -> int:
    course = _course(args)
    report = _update(course, check_only=args.check, run=not args.no_run)
    if report is None:
        return 2
    if args.check:
        if report.up_to_date:
            print("Up to date: lessons/, navigation, the exercise registry, the README tables and every "
                  "solution's stored outputs.")
            return 0
        _tell(course, report, "Out of date files (run `summit-course build`):")
        return 1
    if not report.files:
        print("Wrote 0 file(s).")
    _tell(course, report, f"Wrote {len(report.files)} file(s).",
          "Not re-run (--no-run); their stored outputs may be stale:")
    if report.ran:
        print(f"Re-ran {len(report.ran)} solution(s), outputs stored:\n  " + _names(course, report.ran))
    return 0


def _run(args) -> int:
    course = _course(args)
    known = course.notebooks()
    wanted = [str(n).zfill(2) for n in args.lessons]
    unknown = [n for n in wanted if not any(p.name[:2] == n for p in known)]
    if unknown:
        print(f"summit-course run: no lesson {', '.join(unknown)} in {course.solutions}. Lessons: "
              + ", ".join(p.name[:2] for p in known), file=sys.stderr)
        return 2
    chosen = [p for p in known if not wanted or p.name[:2] in wanted]
    report = _update(course, only=chosen)
    if report is None:
        return 2
    _tell(course, report, f"Brought {len(report.files)} file(s) up to date first:",
          "Still to re-run (`summit-course build` runs them):")
    return 0


def _new_lesson(args) -> int:
    from ..authoring.scaffold import ScaffoldError, new_lesson

    course = _course(args)
    try:
        written = new_lesson(course, args.number, args.title)
    except ScaffoldError as exc:
        print(f"summit-course new-lesson: {exc}", file=sys.stderr)
        return 2
    print("Wrote\n  " + _names(course, written))
    if args.no_build:
        print("Next: edit both files, then run `.venv/bin/summit-course build`.")
        return 0
    status = _build(argparse.Namespace(root=args.root, check=False, no_run=False))
    if status == 0:
        print("The lesson builds, runs and passes the tests as it is (docs/authoring.md, Task 7, runs just its "
              "own). Replace its placeholder texts and exercises, then run `.venv/bin/summit-course build` again.")
    return status


def _renumber(args) -> int:
    from ..authoring.renumber import RenumberError, renumber

    course = _course(args)
    try:
        mapping, changed, others = renumber(course, str(args.number).zfill(2))
    except RenumberError as exc:
        print(f"summit-course renumber: {exc}", file=sys.stderr)
        return 2
    if not mapping:
        print(f"Lesson {args.number}'s exercises are numbered in order already.")
        return 0
    print("Renumbered " + ", ".join(f"{old} -> {new}" for old, new in mapping.items()) + " in\n  "
          + _names(course, changed))
    print("A release made before this keeps the old ids: release again before you grade.")
    if others:
        print("These lines still mention an old id in another way; read them:\n  " + "\n  ".join(others))
    return _build(argparse.Namespace(root=args.root, check=False, no_run=False))


def _overlap(args) -> int:
    from ..authoring.overlap import copied_runs

    found = copied_runs(_course(args), args.sources, args.words, args.allow)
    print("\n".join(found + [f"{len(found)} copied run(s) of {args.words}+ words"]))
    return 1 if found else 0


def _validate(args) -> int:
    from ..authoring.datasets import dataset_problems

    course = _course(args)
    problems = dataset_problems(course.datasets)
    if not problems:
        print("datasets/: every table is valid (schema, keys, and the course's own rules).")
        return 0
    print("\n".join(problems))
    print(f"{len(problems)} problem(s) in datasets/.", file=sys.stderr)
    return 1


def add_authoring_commands(commands) -> None:
    """Add build, run, new-lesson, renumber, overlap and validate to the ``summit-course`` sub-command parser."""
    build = commands.add_parser("build", help="bring everything up to date after an edit: check the exercises, "
                                "rebuild lessons/ and the registry, re-run the solutions that are out of date")
    build.add_argument("--check", action="store_true", help="write nothing; say what is stale and why (exit 1)")
    build.add_argument("--no-run", action="store_true", help="do not re-run solutions; list the stale ones")
    build.set_defaults(run=_build)

    run = commands.add_parser("run", help="execute solution notebooks, storing outputs (after bringing the "
                              "registry and lessons/ up to date)")
    run.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    run.set_defaults(run=_run)

    new = commands.add_parser("new-lesson", help="start a lesson: a solution notebook and exercise file that "
                              "already pass the tests, then build")
    new.add_argument("number", help="two digits, such as 09")
    new.add_argument("title", help="the lesson's title, in quotes")
    new.add_argument("--no-build", action="store_true", help="write the two files only")
    new.set_defaults(run=_new_lesson)

    renumber = commands.add_parser("renumber", help="number a lesson's exercises 1, 2, 3 ... in notebook order "
                                   "(TOML, headings, check/hint/quiz calls, prose), then build")
    renumber.add_argument("number", help="the lesson, such as 03")
    renumber.set_defaults(run=_renumber)

    overlap = commands.add_parser("overlap", help="list runs of 8+ words the course copies from source texts")
    overlap.add_argument("sources", nargs="+", help="source texts (.txt, .md) or folders of them")
    overlap.add_argument("--words", type=int, default=8, help="the shortest run to report (default 8)")
    overlap.add_argument("--allow", action="append", default=[], metavar="TEXT",
                         help="a text whose words are no copy, such as a title the course cites (repeatable)")
    overlap.set_defaults(run=_overlap)

    validate = commands.add_parser("validate", help="validate the datasets: schema (frictionless) and the "
                                   "course's own rules, naming each row and field")
    validate.set_defaults(run=_validate)
