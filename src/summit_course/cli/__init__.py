"""The ``summit-course`` command: a thin layer over the package's functions."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .instructor import add_instructor_commands
from .options import SuggestingParser, parse

__all__ = ["main"]


def _build(args) -> int:
    from ..authoring import Course, build

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
    from ..authoring import Course, run_solution

    course = Course(Path(args.root).resolve())
    chosen = [p for p in course.notebooks() if not args.lessons or p.name[:2] in args.lessons]
    for path in chosen:
        print(f"Running {path.name} ...", flush=True)
        run_solution(path)
    return 0


def _lite(args) -> int:
    from ..publish import build_lite

    site = build_lite(Path(args.root).resolve(), Path(args.output).resolve())
    remote = (site / "remote-packages.txt").read_text("utf-8").split("\n", 1)[1].split()
    print(f"JupyterLite site written to {site} (serve it with: python -m http.server -d {site}). It serves "
          f"Pyodide and the course itself; {', '.join(remote)} load from Pyodide's CDN the first time a lesson runs.")
    return 0


def _site(args) -> int:
    from ..publish.site import build_site
    from ..publish.site.build import BINDER_VAR, binder_repo
    from ..publish.site.public import public_site

    root = Path(args.root).resolve()
    if binder_repo() is None:
        print(f"Note: no Binder links; set {BINDER_VAR}=owner/name (a public repository holding a student "
              "release bundle, never this instructor repository) to add them.")
    if args.public:
        lite = Path(args.lite).resolve() if args.lite else None
        site = public_site(root, Path(args.output or "_output/public").resolve(), lite=lite)
        print(f"Public site written to {site}: the learner edition" + (" and JupyterLite" if lite else "")
              + f", nothing of the instructor edition. Publish that folder (try it: python -m http.server -d {site})")
        return 0
    site = build_site(root, Path(args.output or "_output/site").resolve())
    print(f"Course website written to {site}, both editions, for your own computer (serve it with: "
          f"python -m http.server -d {site.parent}). Do not publish it: `summit-course site --public` "
          "writes the folder to publish.")
    return 0


def _validate(args) -> int:
    from ..data import validate

    report = validate()
    if report.valid:
        print("datasets/datapackage.json: every table is valid.")
        return 0
    for task in report.tasks:
        for error in task.errors[:20]:
            print(f"{task.name}: {error.message}")
    return 1


def parser() -> SuggestingParser:
    """The command-line parser (one sub-command per instructor task)."""
    top = SuggestingParser(prog="summit-course", description=__doc__)
    top.add_argument("--root", default=".", help="the course folder (default: here)")
    commands = top.add_commands(dest="command", required=True)

    build = commands.add_parser("build", help="build lessons/ from solutions/")
    build.add_argument("--check", action="store_true", help="fail if lessons/ is stale")
    build.set_defaults(run=_build)

    run = commands.add_parser("run", help="execute solution notebooks, storing outputs")
    run.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    run.set_defaults(run=_run)

    lite = commands.add_parser("lite", help="build a JupyterLite site of the lessons")
    lite.add_argument("--output", default="_output/lite", help="where to write the site")
    lite.set_defaults(run=_lite)

    site = commands.add_parser("site", help="build the course website (learner and instructor editions)")
    site.add_argument("--output", default=None, help="where to write it (default _output/site, or _output/public)")
    site.add_argument("--public", action="store_true",
                      help="write only what students may see: the learner edition (and --lite), to publish")
    site.add_argument("--lite", default=None, help="with --public: a JupyterLite build to publish beside it")
    site.set_defaults(run=_site)

    validate = commands.add_parser("validate", help="validate the datasets with frictionless")
    validate.set_defaults(run=_validate)

    add_instructor_commands(commands)
    for command in commands.choices.values():  # --root also after the sub-command
        command.add_argument("--root", default=argparse.SUPPRESS, help="the course folder (default: here)")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parse(parser(), argv)
    return args.run(args)
