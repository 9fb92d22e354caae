"""Grade a folder of new or changed submissions in parallel, writing each result to the gradebook as it arrives."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from dataclasses import dataclass, field

from ..gradebook import Gradebook, SubmissionRecord
from .assignment import load_assignment
from .confine import describe
from .journals import add_journal
from .runners import dask_client, run_dask, run_local
from .sandbox import SandboxUnavailable, sandbox_problem
from .scoring import verdicts
from .scratch import remove_stale_scratch
from .submissions import file_time, find_submissions, is_late, only_students, read_submission
from .tasks import Limits, SubmissionTask

__all__ = ["GradeSummary", "grade"]


@dataclass
class GradeSummary:
    """What a grading run did."""

    graded: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unchanged: int = 0
    sandboxed: bool = True
    unused: list[str] = field(default_factory=list)
    attention: dict = field(default_factory=dict)
    late: list[str] = field(default_factory=list)
    limits: str = ""  # how the kernels' limits bound on this machine

    def add(self, record: SubmissionRecord) -> None:
        self.graded.append(record.student)
        self.statuses[record.status] += 1
        if record.late:
            self.late.append(record.student)
        if record.status in ("review", "failed", "error"):
            self.attention.setdefault(record.status, []).append(record.student)

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        text = f"Graded {len(self.graded)} submission(s)" + (f" ({counts})" if counts else "") + "."
        if self.unchanged:
            text += f" {self.unchanged} unchanged, not graded again (use --all to re-grade them)."
        for status, students in sorted(self.attention.items()):
            text += f"\n{status}: {', '.join(students)} (see the reason column of the export)"
        if self.late:
            text += f"\nlate (file time after the due date; flagged only): {', '.join(self.late)}"
        if self.unused:
            text += "\nFiles handed in but not used:\n  " + "\n  ".join(self.unused)
        if self.limits and self.graded:
            text += "\n" + self.limits
        if not self.sandboxed and self.graded:
            text += ("\nWARNING: graded WITHOUT the sandbox (--no-sandbox): the notebooks ran with your own "
                     "rights and could read or change your files. The gradebook records this.")
        return text


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="submission", disable=not (enabled and sys.stderr.isatty()))


def grade(submissions_dir, assignment, gradebook_path, *, course=None, jobs=None, dask_scheduler=None,
          only=None, changed_only=True, limits: Limits = Limits(), progress=True) -> GradeSummary:
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
        The instructor's course folder (see :func:`summit_course.grading.assignment.load_assignment`).
    jobs : int, optional
        Parallel workers; default: the cores.
    dask_scheduler : str, optional
        The address of a Dask scheduler; the tasks go there instead of a local pool.
    only : sequence of str, optional
        Grade just these students (always, changed or not).
    changed_only : bool
        Skip submissions whose file and assignment are unchanged since they were graded.
    limits : Limits
        How long a cell and a notebook may run; the memory, CPU time, processes and disk
        (scratch space) one kernel may use; whether it runs inside bubblewrap (the default:
        no network, no view of the course, the gradebook or other submissions). When
        bubblewrap cannot run, ``grade`` raises :class:`SandboxUnavailable` saying what to
        install, before grading anything (Dask workers check before they take work);
        ``Limits(sandbox=False)`` grades without it and records that in the gradebook.
        Memory and processes are capped per kernel where the machine offers a cgroup, else
        per process: the summary says which.
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
    if limits.sandbox and not dask_scheduler:  # a Dask cluster's workers check for themselves
        problem = sandbox_problem(limits)
        if problem:
            raise SandboxUnavailable(problem)
    spec = load_assignment(assignment, course)
    submissions = find_submissions(submissions_dir, spec.lessons, spec.answers_of)
    if only:
        submissions = only_students(submissions, only)
    remove_stale_scratch()  # what workers killed in an earlier run left behind
    summary = GradeSummary(sandboxed=limits.sandbox)
    client = None
    if dask_scheduler:
        client, summary.limits = dask_client(dask_scheduler, limits)
    runner = functools.partial(run_dask, client) if client is not None else functools.partial(run_local, jobs=jobs)
    try:
        _grade_into(gradebook_path, spec, submissions, summary, limits, changed_only and not only, runner, progress)
    finally:
        if client is not None:
            client.close()
    if client is None:
        summary.limits = describe(limits)
    return summary


def _grade_into(gradebook_path, spec, submissions, summary: GradeSummary, limits: Limits, changed_only: bool, runner,
                progress: bool) -> None:
    """Score the problem submissions, run the others (``runner(tasks)``), and record each as it arrives."""
    with Gradebook(gradebook_path) as book:
        book.set_assignment(spec.info())
        tasks, waiting = [], {}
        for submission in submissions:
            summary.unused += [f"{submission.student}: {u}" for u in submission.unused]
            submission, files, sha = read_submission(submission)
            if changed_only and book.is_current(submission.student, sha, spec.fingerprint):
                summary.unchanged += 1
            elif submission.problem:
                _store(book, summary, _dated(spec, submission, verdicts(spec, submission, None, sha)))
            else:
                tasks.append(SubmissionTask(submission.student, tuple(files), spec.variables,
                                            str(spec.datasets) if spec.datasets else None, limits))
                waiting[submission.student] = (submission, sha)
        with _progress(len(tasks), progress) as bar:
            for task, run in runner(tasks) if tasks else ():
                submission, sha = waiting[task.student]
                _store(book, summary, _dated(spec, submission, verdicts(spec, submission, run, sha)))
                bar.update()


def _dated(spec, submission, record: SubmissionRecord) -> SubmissionRecord:
    """Record the submission's file time, flag it late against the due date (flag only), and read its journal."""
    handed_in = file_time(submission)
    record.submitted_at = handed_in.isoformat(timespec="seconds") if handed_in else ""
    record.late = is_late(handed_in, spec.due)
    return add_journal(record, submission.path, spec.hint_counts)


def _store(book: Gradebook, summary: GradeSummary, record: SubmissionRecord) -> None:
    record.sandboxed = summary.sandboxed
    book.record(record)
    summary.add(record)
