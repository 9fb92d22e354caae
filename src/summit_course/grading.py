"""Grade a folder of submissions in parallel into a gradebook.

``grade(submissions, assignment, gradebook)`` finds one submission per student (a
notebook, or a folder of notebooks), skips those already graded unless they changed,
and sends the rest to :func:`summit_course.execute.execute_submission` on a local
process pool (``jobs``, default: the cores) or a Dask cluster (``dask_scheduler``).
Workers only run notebooks and read answer values out; every verdict is decided here,
in the grader's process, with the public checks students see
(:mod:`summit_course.checks`) and the hidden checks from the instructor's exercise
sources. Each result is written to the gradebook in its own transaction as it arrives,
so an interrupted run resumes where it stopped.

Points: an exercise earns its points when every public and hidden check passes. An
exercise declared with ``partial = true`` earns ``points × checks passed / checks run``
(public and hidden together) otherwise; the others earn 0. Written answers wait for a
manual score.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import math
import multiprocessing
import os
import re
import sys
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from . import checks
from ._version import __version__
from .answer_keys import compile_entry, instructor_exercises, model_answer
from .execute import (
    Limits,
    NotebookRun,
    SubmissionRun,
    SubmissionTask,
    Unreadable,
    decode_value,
    execute_submission,
    remove_stale_scratch,
)
from .gradebook import AnswerRecord, Gradebook, SubmissionRecord
from .registry import Exercise
from .release import MANIFEST, course_data, read_manifest

__all__ = [
    "Assignment",
    "GradeSummary",
    "GradedExercise",
    "Submission",
    "find_submissions",
    "grade",
    "load_assignment",
    "score_exercise",
    "verdicts",
]

OK, REVIEW, FAILED, ERROR = "ok", "review", "failed", "error"
IGNORED = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}
MAX_CRASHES = 3


# -- the assignment ----------------------------------------------------------------------


@dataclass(frozen=True)
class GradedExercise:
    """An exercise as the grader sees it: the instructor's entry, its public form, the model answer."""

    entry: dict
    public: Exercise
    model: object = None

    @property
    def id(self) -> str:
        return self.entry["id"]

    @property
    def variable(self) -> str:
        return self.entry["variable"]

    @property
    def lesson(self) -> str:
        return self.entry["lesson"]

    @property
    def points(self) -> float:
        return float(self.entry.get("points", 1))

    @property
    def partial(self) -> bool:
        return bool(self.entry.get("partial", False))

    @property
    def hidden(self) -> list[str]:
        return list(self.entry.get("hidden", []))

    def info(self) -> dict:
        """What the gradebook keeps: public fields and the rubric, never answers or hidden checks."""
        keep = ("id", "lesson", "variable", "kind", "objective", "hints", "rubric")
        return {**{k: self.entry[k] for k in keep if k in self.entry}, "points": self.points, "partial": self.partial}


@dataclass(frozen=True)
class Assignment:
    """The exercises to grade, where the datasets are, and a fingerprint of it all."""

    name: str
    exercises: tuple[GradedExercise, ...]
    datasets: Path | None = None

    @property
    def lessons(self) -> list[str]:
        return sorted({e.lesson for e in self.exercises})

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever an exercise (answer, checks, points) or the grader changes."""
        text = json.dumps([e.entry for e in self.exercises], sort_keys=True, default=repr) + __version__
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def info(self) -> dict:
        return {"name": self.name, "lessons": self.lessons, "exercises": [e.info() for e in self.exercises],
                "total_points": sum(e.points for e in self.exercises)}


def load_assignment(source, course=None) -> Assignment:
    """Read what to grade: an ``assignment.json`` (or its bundle folder), or a course folder.

    Parameters
    ----------
    source : str or Path
        A manifest written by :func:`summit_course.release.release` (its exercises are
        graded), or the course folder itself (all its exercises are graded).
    course : str or Path, optional
        The instructor's course folder, whose ``solutions/exercises`` hold the answers
        and hidden checks. Default: ``source`` when it is a course, else the first
        folder upwards from the working directory that has ``solutions/exercises``.

    Raises
    ------
    ValueError
        When the manifest or the course cannot be found or do not match.
    """
    source = Path(source)
    manifest = read_manifest(source) if source.is_file() or (source / MANIFEST).is_file() else None
    root = Path(course) if course else (_find_course(Path.cwd()) if manifest else source)
    sources = root / "solutions" / "exercises"
    if not sources.is_dir():
        raise ValueError(f"{root} has no solutions/exercises/: grading needs the instructor's course folder "
                         "(it holds the answers and hidden checks). Pass it with --root.")
    entries = instructor_exercises(sources)
    if manifest is not None:
        by_id = {e["id"]: e for e in entries}
        wanted = [e["id"] for e in manifest["exercises"]]
        unknown = [i for i in wanted if i not in by_id]
        if unknown:
            raise ValueError(f"The manifest names exercise(s) {', '.join(unknown)}, which {sources} does not define.")
        entries = [by_id[i] for i in wanted]
    with course_data(root):
        exercises = tuple(
            GradedExercise(e, Exercise.from_dict(compile_entry(e)), None if e["kind"] == "written" else model_answer(e))
            for e in entries
        )
    datasets = root / "datasets"
    name = manifest["name"] if manifest else root.resolve().name
    return Assignment(name, exercises, datasets.resolve() if datasets.is_dir() else None)


def _find_course(start: Path) -> Path:
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "solutions" / "exercises").is_dir():
            return folder
    raise ValueError("Could not find the course folder (with solutions/exercises/) above "
                     f"{start}; pass it with --root.")


# -- submissions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """One student's submission: the notebooks to run, or the reason there are none."""

    student: str
    source: str
    notebooks: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str = ""
    path: Path | None = None

    def read(self) -> list[tuple[str, bytes]]:
        """Each notebook's name (relative to the submission) and content."""
        base = self.path if self.path is not None and self.path.is_dir() else None
        return [((p.relative_to(base).as_posix() if base else p.name), p.read_bytes()) for p in self.notebooks]

    def sha256(self, files: list[tuple[str, bytes]]) -> str:
        """A hash of the submission's content (of the file itself when it is not a notebook)."""
        digest = hashlib.sha256()
        if self.problem and self.path is not None and self.path.is_file():
            try:
                files = [(self.path.name, self.path.read_bytes())]
            except OSError:
                files = [(self.path.name, b"")]
        for name, data in files:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _is_notebook(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"


def find_submissions(folder, lessons=()) -> list[Submission]:
    """Find one submission per student in ``folder``.

    A ``name.ipynb`` file is student ``name``; a folder is the student of its name, with
    the notebooks inside. Ids are Unicode-normalised (NFC) and keep non-ASCII letters.
    Names that clash (differing only in case, or a file and a folder of the same name)
    all get graded, under distinct ids (``name (2)``), with a note. Any other file gets a
    row that says why it was not graded, so nothing handed in is silently ignored.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no submissions folder at {folder}.")
    entries = [p for p in folder.iterdir() if not p.name.startswith(".") and p.name not in IGNORED]
    keyed = sorted(((_nfc(p.name if p.is_dir() else p.stem), p) for p in entries),
                   key=lambda item: (item[0].casefold(), item[1].is_dir(), item[0]))
    groups = Counter(name.casefold() for name, _ in keyed)
    taken: set[str] = set()
    submissions = []
    for name, path in keyed:
        student = _unique(name, taken)
        notes = []
        if groups[name.casefold()] > 1:
            notes.append(f"another submission is also named {name!r} (names that differ only in case, or a file "
                         f"and a folder); graded separately as {student!r}")
        notebooks, problem = _notebooks_of(path, lessons)
        submissions.append(Submission(student, path.relative_to(folder).as_posix(), tuple(notebooks),
                                      tuple(notes), problem, path))
    return submissions


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate.casefold())
    return candidate


def _notebooks_of(path: Path, lessons) -> tuple[list[Path], str]:
    if path.is_file():
        if _is_notebook(path):
            return [path], ""
        return [], f"{path.name} is not a notebook (.ipynb)"
    found = sorted(p for p in path.rglob("*") if p.is_file() and _is_notebook(p)
                   and not any(part.startswith(".") or part in IGNORED for part in p.relative_to(path).parts))
    if not found:
        return [], f"the folder {path.name}/ holds no notebook (.ipynb)"
    if len(found) == 1:
        return found, ""
    matching = [p for p in found if any(p.name[:2] == lesson[:2] for lesson in lessons)]
    per_lesson = Counter(p.name[:2] for p in matching)
    if matching and max(per_lesson.values()) == 1:
        return matching, ""
    names = ", ".join(p.relative_to(path).as_posix() for p in found[:5])
    return [], (f"the folder {path.name}/ holds {len(found)} notebooks ({names}); keep one per lesson, "
                "named like the lesson (01-the-summit.ipynb)")


# -- verdicts ----------------------------------------------------------------------------


def hidden_results(expressions, value, model) -> tuple[int, list[str]]:
    """Run hidden checks (Python expressions over ``value`` and ``answer``) in this process.

    Returns the number that pass and, for the instructor, why any could not run.
    """
    import numpy as np
    import pandas as pd

    names = {"__builtins__": builtins.__dict__, "value": value, "answer": model, "pd": pd, "np": np,
             "math": math, "re": re}
    passed, problems = 0, []
    for number, expression in enumerate(expressions, 1):
        try:
            passed += bool(eval(expression, dict(names)))  # the instructor's own expression
        except Exception as exc:
            problems.append(f"hidden check {number} raised {type(exc).__name__}: {str(exc)[:120]}")
    return passed, problems


def score_exercise(exercise: GradedExercise, value) -> AnswerRecord:
    """Decide one exercise's verdict and points from the student's decoded answer value."""
    points = exercise.points
    if isinstance(value, Unreadable):
        return AnswerRecord(exercise.id, "incorrect", 0.0, points, 0, 3,
                            messages=(f"The grader could not read your answer: {value.reason}.",))
    public = checks.check_exercise(exercise.public, value)
    if public.status == checks.NOT_ATTEMPTED:
        return AnswerRecord(exercise.id, "not_attempted", 0.0, points,
                            messages=(f"Not attempted: `{exercise.variable}` was still `...`.",))
    if exercise.public.is_written:
        if public.status != checks.RECORDED:
            return AnswerRecord(exercise.id, "incorrect", 0.0, points, public.passed, public.total,
                                messages=public.messages)
        return AnswerRecord(exercise.id, "manual", None, points, public.passed, public.total,
                            messages=("Your instructor grades this answer with a rubric.",), answer=str(value))
    hidden_passed, problems = hidden_results(exercise.hidden, value, exercise.model)
    total_hidden = len(exercise.hidden)
    if public.status != checks.PASSED:
        problems = []  # a hidden check may well raise on a wrong type; only a right answer's matter
    if public.status == checks.PASSED and hidden_passed == total_hidden:
        extra = f" and {total_hidden} hidden check{'s' if total_hidden != 1 else ''}" if total_hidden else ""
        return AnswerRecord(exercise.id, "passed", points, points, public.passed, public.total, hidden_passed,
                            total_hidden, (f"All {public.total} public checks{extra} pass.",), note="; ".join(problems))
    messages = [m for m in public.messages if m != checks.HIDDEN_NOTE]
    if public.status == checks.PASSED:
        messages.append(f"All public checks pass, but {total_hidden - hidden_passed} of {total_hidden} hidden "
                        "checks do not: read the question again for what else the answer must satisfy.")
    earned = 0.0
    if exercise.partial:
        earned = round(points * (public.passed + hidden_passed) / max(1, public.total + total_hidden), 2)
        messages.append(f"Partial credit: {earned:g} of {points:g} points for the checks that pass.")
    return AnswerRecord(exercise.id, "incorrect", earned, points, public.passed, public.total, hidden_passed,
                        total_hidden, tuple(messages), note="; ".join(problems))


def _answer_of(exercise: GradedExercise, runs: list[NotebookRun]) -> tuple[NotebookRun | None, dict | None]:
    """Find the run that holds the exercise's value (the lesson's own notebook first)."""
    ordered = sorted(runs, key=lambda r: Path(r.name).name[:2] != exercise.lesson[:2])
    for run in ordered:
        if exercise.variable in run.answers:
            return run, run.answers[exercise.variable]
    for run in ordered:
        if exercise.variable in run.assigned:
            return run, None
    return None, None


def _undefined(exercise: GradedExercise, run: NotebookRun) -> AnswerRecord:
    cells = run.assigned[exercise.variable]
    errors = [e for e in run.cell_errors if e["cell"] in cells]
    if errors:
        error = errors[-1]
        why = (f"the cell that sets `{exercise.variable}` (cell {error['cell'] + 1}) stopped with "
               f"{error['ename']}: {error['evalue']}")
    else:
        why = f"`{exercise.variable}` had no value after your notebook ran (was its cell skipped?)"
    return AnswerRecord(exercise.id, "error", 0.0, exercise.points, messages=(f"No answer could be read: {why}.",))


def verdicts(assignment: Assignment, submission: Submission, run: SubmissionRun | None,
             sha256: str = "") -> SubmissionRecord:
    """Turn what the worker read out of a submission into a gradebook record."""
    record = SubmissionRecord(submission.student, submission.source, sha256, assignment.fingerprint, OK)
    notes = list(submission.notes)
    failures = [submission.problem] if submission.problem else []
    runs = []
    if run is not None and run.grader_error:
        record.status = ERROR
        failures.append(f"the grader itself failed ({run.grader_error}); it will try again on the next run")
    elif run is not None:
        runs = [r for r in run.runs if not r.failure]
        failures += [r.failure for r in run.runs if r.failure]
        notes += [f"{r.name}: {n}" if len(run.runs) > 1 else n for r in run.runs for n in r.notes]
        record.seconds = sum(r.seconds for r in run.runs)
    for exercise in assignment.exercises:
        holder, node = _answer_of(exercise, runs)
        if holder is None:
            message = (f"No answer cell for `{exercise.variable}` was found." if runs else
                       "Your submission could not be graded; see the summary above.")
            record.answers.append(AnswerRecord(exercise.id, "missing", 0.0, exercise.points, messages=(message,)))
            if runs:
                notes.append(f"no answer cell for {exercise.id} (`{exercise.variable}`)")
        elif node is None:
            record.answers.append(_undefined(exercise, holder))
        else:
            record.answers.append(score_exercise(exercise, decode_value(node)))
    if record.status != ERROR:
        record.status = FAILED if failures and not runs else (REVIEW if failures or notes else OK)
    record.reason = "; ".join(failures + notes)
    return record


# -- running the tasks -------------------------------------------------------------------


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _exit_with_parent(parent: int) -> None:
    """Pool-worker initializer: leave the terminal's Ctrl+C to the grader, exit when it dies.

    The worker gets its own session, so Ctrl+C reaches only the grader, which stops the
    workers itself; a thread ends the worker when the grader is gone (even by ``kill -9``),
    and the worker's kernel follows (ipykernel watches its parent).
    """
    if hasattr(os, "setsid"):
        os.setsid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's worker processes now (they are ours; their kernels follow them)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def run_local(tasks: list[SubmissionTask], jobs: int | None = None) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run tasks on a local process pool; yield each result as it completes.

    A worker that crashes (the pool breaks) has its tasks re-run on a fresh pool; a task
    that keeps crashing workers is reported as a grader error after a few tries.
    """
    jobs = max(1, jobs or default_jobs())
    pending, crashes = list(tasks), Counter()
    context = multiprocessing.get_context("spawn")
    while pending:
        pool = ProcessPoolExecutor(min(jobs, len(pending)), mp_context=context,
                                   initializer=_exit_with_parent, initargs=(os.getpid(),))
        try:
            futures = {pool.submit(execute_submission, task): task for task in pending}
            pending = []
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # BrokenProcessPool: a worker died under this task or a neighbour
                    crashes[task.student] += 1
                    if crashes[task.student] < MAX_CRASHES:
                        pending.append(task)
                        continue
                    result = SubmissionRun(task.student, grader_error=f"the worker process crashed ({exc})")
                yield task, result
        except BaseException:
            _terminate(pool)
            raise
        pool.shutdown(wait=True)


def run_dask(tasks: list[SubmissionTask], address: str) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run the same tasks on a Dask distributed cluster; yield each result as it completes.

    The workers need the course's Python environment, and the course's ``datasets/``
    at the same path (a shared file system).
    """
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(address, set_as_default=False)
    futures = []
    try:
        futures = client.map(execute_submission, tasks, pure=False, retries=1)
        owner = {future.key: task for future, task in zip(futures, tasks)}
        for future in dask_completed(futures, loop=client.loop):
            task = owner[future.key]
            try:
                result = future.result()
            except Exception as exc:  # a lost worker, a cancelled task
                result = SubmissionRun(task.student, grader_error=f"the Dask task failed ({type(exc).__name__}: {exc})")
            yield task, result
    finally:
        client.cancel(futures)
        client.close()


# -- the whole run -----------------------------------------------------------------------


@dataclass
class GradeSummary:
    """What a grading run did."""

    graded: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unchanged: int = 0

    def add(self, record: SubmissionRecord) -> None:
        self.graded.append(record.student)
        self.statuses[record.status] += 1

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        text = f"Graded {len(self.graded)} submission(s)" + (f" ({counts})" if counts else "") + "."
        if self.unchanged:
            text += f" {self.unchanged} unchanged, not graded again (use --all to re-grade them)."
        return text


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="submission", disable=not (enabled and sys.stderr.isatty()))


def grade(submissions_dir, assignment, gradebook_path, *, course=None, jobs=None, dask_scheduler=None,
          only=None, changed_only=True, cell_timeout=30, notebook_timeout=120, memory_mb=2048,
          progress=True) -> GradeSummary:
    """Grade every (new or changed) submission in a folder into a SQLite gradebook.

    Parameters
    ----------
    submissions_dir : str or Path
        One ``student.ipynb`` per student, or one folder per student.
    assignment : str or Path
        An ``assignment.json`` (or its bundle folder), or the course folder.
    gradebook_path : str or Path
        The SQLite gradebook; created if missing, resumed if present.
    course : str or Path, optional
        The instructor's course folder (see :func:`load_assignment`).
    jobs : int, optional
        Parallel workers; default: the cores.
    dask_scheduler : str, optional
        The address of a Dask scheduler; the tasks go there instead of a local pool.
    only : sequence of str, optional
        Grade just these students (always, changed or not).
    changed_only : bool
        Skip submissions whose file and assignment are unchanged since they were graded.
    cell_timeout, notebook_timeout : float
        Seconds one cell and one notebook may run.
    memory_mb : int
        The kernel's memory cap.
    progress : bool
        Show a progress bar (only on a terminal).

    Returns
    -------
    GradeSummary

    Notes
    -----
    The local pool starts fresh worker processes, so a script that calls ``grade`` needs
    the usual ``if __name__ == "__main__":`` guard. Press Ctrl+C at any time: what was
    graded is kept, and the next run grades the rest.
    """
    spec = load_assignment(assignment, course)
    submissions = find_submissions(submissions_dir, spec.lessons)
    if only:
        wanted = {_nfc(s) for s in only}
        unknown = sorted(wanted - {s.student for s in submissions})
        if unknown:
            known = ", ".join(s.student for s in submissions[:20])
            raise ValueError(f"No submission for {', '.join(map(repr, unknown))}. Students: {known}")
        submissions = [s for s in submissions if s.student in wanted]
    limits = Limits(cell_timeout, notebook_timeout, memory_mb)
    remove_stale_scratch()  # what workers killed in an earlier run left behind
    summary = GradeSummary()
    variables = tuple(dict.fromkeys(e.variable for e in spec.exercises))
    with Gradebook(gradebook_path) as book:
        book.set_assignment(spec.info())
        tasks, waiting = [], {}
        for submission in submissions:
            try:
                files = submission.read()
            except OSError as exc:
                submission = replace(submission, problem=f"the file could not be read ({exc.strerror})")
                files = []
            sha = submission.sha256(files)
            if changed_only and not only and book.is_current(submission.student, sha, spec.fingerprint):
                summary.unchanged += 1
            elif submission.problem:
                _store(book, summary, verdicts(spec, submission, None, sha))
            else:
                tasks.append(SubmissionTask(submission.student, tuple(files), variables,
                                            str(spec.datasets) if spec.datasets else None, limits))
                waiting[submission.student] = (submission, sha)
        runner = iter(())
        if tasks:
            runner = run_dask(tasks, dask_scheduler) if dask_scheduler else run_local(tasks, jobs)
        with _progress(len(tasks), progress) as bar:
            for task, run in runner:
                submission, sha = waiting[task.student]
                _store(book, summary, verdicts(spec, submission, run, sha))
                bar.update()
    return summary


def _store(book: Gradebook, summary: GradeSummary, record: SubmissionRecord) -> None:
    book.record(record)
    summary.add(record)
