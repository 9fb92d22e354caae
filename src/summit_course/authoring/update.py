"""Bring the whole course up to date after any edit: the one step behind ``summit-course build``.

In order: read and check every exercise declaration, run each model answer through its
own public and hidden checks (a broken exercise stops everything here, before a file is
written), write the registry, the student copies, the navigation and the READMEs'
generated tables, then re-run exactly the solution notebooks whose stored outputs are out of
date (their code, their exercises' keys or a dataset they read changed), recording what
each run depended on. With ``check_only`` nothing is written and the report says what is
stale and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .datasets import DatasetProblems, dataset_problems
from .lessons import Course, build, planned_build
from .runs import run_solution, stale_runs, write_record
from .verify import checked_exercises

__all__ = ["Update", "update"]


@dataclass
class Update:
    """What an update changed (or, when checking, would change)."""

    files: list[Path] = field(default_factory=list)
    stale: dict[Path, list[str]] = field(default_factory=dict)
    ran: list[Path] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not self.files and not self.stale


def _registry(course: Course, planned: dict[Path, str]) -> list[dict]:
    text = planned.get(course.registry)
    return json.loads(text) if text else []


def verified(course: Course) -> list[dict]:
    """The course's exercises, each checked against its own model answer, over valid datasets.

    Raises
    ------
    DatasetProblems
        When a dataset breaks its schema or a rule of the course.
    ExerciseError
        When an exercise is broken (listing every problem of every exercise file).
    """
    if (course.datasets / "datapackage.json").is_file():
        problems = dataset_problems(course.datasets)
        if problems:
            raise DatasetProblems(problems)
    if not course.exercise_sources.is_dir():
        return []
    return checked_exercises(course.exercise_sources, course.root)


def update(course: Course, check_only: bool = False, run: bool = True, only: list[Path] | None = None,
           say: Callable[[str], None] = lambda text: None) -> Update:
    """Check the exercises, write every generated file and re-run the out-of-date solutions.

    Parameters
    ----------
    course : Course
        The course folder.
    check_only : bool
        Write nothing; report the stale files and runs.
    run : bool
        Re-run the stale solutions (otherwise only report them).
    only : list of Path, optional
        Run exactly these solutions (``summit-course run NN``), stale or not.
    say : callable
        Called with a line of progress before each run.

    Raises
    ------
    DatasetProblems, ExerciseError
        When a dataset or an exercise is broken; nothing has been written then.
    """
    verified(course)
    planned = planned_build(course)
    report = Update(files=build(course, check_only=check_only, planned=planned))
    registry = _registry(course, planned)
    report.stale = stale_runs(course, registry)
    if check_only or not (run or only):
        return report
    for path in only if only is not None else list(report.stale):
        say(f"Running {path.name}: {'; '.join(report.stale.get(path, ['asked for']))} ...")
        datasets = run_solution(course, path)
        write_record(course, path, registry, datasets)
        report.stale.pop(path, None)
        report.ran.append(path)
    if report.ran:  # a run adds the kernel's metadata, which the student copies keep
        report.files += [p for p in build(course) if p not in report.files]
    return report
