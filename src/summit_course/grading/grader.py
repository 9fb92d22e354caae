"""Grade a folder of new or changed submissions in parallel, writing each result to the gradebook as it arrives."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

from ..authoring.due import due_text
from ..gradebook import Gradebook, SubmissionRecord, UsageError
from .assignment import load_assignment
from .blank import ReleaseCopies, mark_no_answer, set_aside_course_files
from .confine import describe
from .folders import check_same_folder, folders_of
from .lesson_match import check_lessons_held
from .manifest_age import check_not_older
from .journals import add_journal
from .misnamed import note_names_set_instead
from .release_keys import keys_differ
from .runners import dask_client, run_dask, run_local, start_pool_server
from .sandbox import SandboxUnavailable, sandbox_problem
from .scoring import verdicts
from .scratch import remove_stale_scratch
from .submissions import (NotSubmissions, file_time, find_submissions, is_late, loose_files, only_students,
                          read_submission)
from .summary import GradeSummary
from .tasks import Limits, SubmissionTask

__all__ = ["GradeSummary", "grade"]


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="submission", disable=not (enabled and sys.stderr.isatty()))


def grade(submissions_dir, assignment, gradebook_path, *, course=None, jobs=None, dask_scheduler=None,
          only=None, changed_only=True, limits: Limits = Limits(), progress=True,
          replace_other_folder=False, accept_older_manifest=False) -> GradeSummary:
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
    replace_other_folder : bool
        Let this folder's submissions replace rows graded from another folder; without it such
        a run raises :class:`UsageError` before writing anything, naming both folders.
    accept_older_manifest : bool
        Let a manifest released before the one the gradebook holds replace it (its due date
        with it); without it such a run raises :class:`UsageError` before writing anything.

    Returns
    -------
    GradeSummary

    Notes
    -----
    The local pool starts fresh worker processes, so a script that calls ``grade`` needs
    the usual ``if __name__ == "__main__":`` guard. Press Ctrl+C at any time: what was
    graded is kept, and the next run grades the rest.
    """
    if not dask_scheduler:  # its imports go on while the sandbox is probed
        start_pool_server()
    if limits.sandbox and not dask_scheduler:  # a Dask cluster's workers check for themselves
        problem = sandbox_problem(limits)
        if problem:
            raise SandboxUnavailable(problem)
    spec = load_assignment(assignment, course)
    keys_note = keys_differ(assignment, spec.exercises)
    copies = ReleaseCopies(assignment)
    try:
        submissions = find_submissions(submissions_dir, spec.lessons, spec.answers_of, spec.name)
    except NotSubmissions as exc:  # one student's folder, given as the folder of submissions
        raise UsageError(str(exc)) from None
    if only:
        try:
            submissions = only_students(submissions, only)
        except ValueError as exc:  # a --student without a submission
            raise UsageError(str(exc)) from None
    check_lessons_held(submissions, spec, Path(submissions_dir).resolve())  # a wrong --assignment writes nothing
    remove_stale_scratch()  # what workers killed in an earlier run left behind
    summary = GradeSummary(sandboxed=limits.sandbox, folder=str(Path(submissions_dir).resolve()),
                           loose=loose_files(submissions_dir), keys_note=keys_note)
    client = None
    if dask_scheduler:
        client, summary.limits = dask_client(dask_scheduler, limits)
    runner = functools.partial(run_dask, client) if client is not None else functools.partial(run_local, jobs=jobs)
    try:
        _grade_into(gradebook_path, spec, copies, submissions, summary, limits, changed_only and not only, runner,
                    progress, whole_folder=not only, replace_other_folder=replace_other_folder,
                    manifest=assignment, accept_older_manifest=accept_older_manifest)
    finally:
        if client is not None:
            client.close()
    if client is None:
        summary.limits = describe(limits)
    return summary


def _grade_into(gradebook_path, spec, copies: ReleaseCopies, submissions, summary: GradeSummary, limits: Limits,
                changed_only: bool, runner, progress: bool, whole_folder: bool = True,
                replace_other_folder: bool = False, manifest=None, accept_older_manifest: bool = True) -> None:
    """Score the problem submissions, run the others (``runner(tasks)``), and record each as it arrives.

    A run that would replace rows graded from another folder stops first (:func:`check_same_folder`), and so
    does one with a ``manifest`` released before the gradebook's, unless ``accept_older_manifest``
    (:func:`check_not_older`).
    After a run over the whole folder, the rows whose submission is gone are dropped (:func:`_drop_gone`).
    """
    with Gradebook(gradebook_path) as book:
        to_grade = []
        for submission in submissions:
            submission, course_note = set_aside_course_files(submission, copies)
            summary.unused += [f"{submission.student}: {u}" for u in submission.unused]
            summary.unused += [f"{submission.student}: {course_note}"] if course_note else []
            submission, files, sha = read_submission(submission)
            if changed_only and book.is_current(submission.student, sha, spec.fingerprint, limits.sandbox):
                summary.unchanged += 1
                continue
            if changed_only and limits.sandbox and book.is_current(submission.student, sha, spec.fingerprint,
                                                                   sandboxed=False):
                summary.resandboxed.append(submission.student)
            to_grade.append((submission, files, sha, course_note))
        check_same_folder(book, summary.folder, [s.student for s, *_ in to_grade], replace=replace_other_folder)
        check_not_older(book, spec.info(), manifest, accept=accept_older_manifest)
        book.set_assignment(spec.info())
        _follow_due(book, spec.due, summary)
        tasks, waiting = [], {}
        for submission, files, sha, course_note in to_grade:
            if submission.problem:
                _store(book, summary, _finished(spec, submission, verdicts(spec, submission, None, sha), files,
                                                copies, course_note))
            else:
                tasks.append(SubmissionTask(submission.student, tuple(files), spec.variables,
                                            str(spec.datasets) if spec.datasets else None, limits))
                waiting[submission.student] = (submission, sha, files, course_note)
        with _progress(len(tasks), progress) as bar:
            for task, run in runner(tasks) if tasks else ():
                summary.kernels.update(r.kernel for r in run.runs if r.kernel)
                submission, sha, files, course_note = waiting[task.student]
                _store(book, summary, _finished(spec, submission, verdicts(spec, submission, run, sha), files,
                                                copies, course_note))
                bar.update()
        if whole_folder:
            _drop_gone(book, {s.student for s in submissions}, summary)
        summary.unsandboxed = [s["student"] for s in book.submissions() if not s["sandboxed"]]


def _drop_gone(book: Gradebook, present: set[str], summary: GradeSummary) -> None:
    """Remove the rows whose submission is no longer in the folder; keep, and name, those it would be wrong to.

    A row is kept when a manual score was typed for it (nothing typed is lost in silence), when
    the folder holds no submission at all, or when it was graded from another folder (a folder
    of late work, say, holds only some of the class).
    """
    folders = folders_of(book)
    scored = {a["student"] for a in book.answers() if a["manual_points"] is not None}
    for student in (s for s in book.students() if s not in present):
        if student in scored:
            summary.kept_gone[student] = "they hold manual scores you typed"
        elif not present:
            summary.kept_gone[student] = "the folder holds no submission at all (emptied, or the wrong one?)"
        elif folders[student] is None:
            summary.kept_gone[student] = ("the gradebook did not yet note which folder it was graded from (the next "
                                          "run over this folder drops them)")
        elif folders[student] != summary.folder:
            summary.kept_gone[student] = f"they were graded from another folder, {folders[student]}"
        else:
            summary.dropped.append(student)
    if summary.dropped:
        book.remove(summary.dropped)
    if book.submissions_folder() is None:  # the folder of rows graded before each row noted its own
        book.set_submissions_folder(summary.folder)


def _finished(spec, submission, record: SubmissionRecord, files, copies: ReleaseCopies,
              course_note: str) -> SubmissionRecord:
    """The record as stored: a misspelled answer name named, blank or untouched when it answered nothing, the course
    files noted, dated."""
    note_names_set_instead(record, files, spec)
    mark_no_answer(record, files, copies)
    if course_note:  # a note, not a reason to review
        record.reason = "; ".join(filter(None, [record.reason, course_note]))
    return _dated(spec, submission, record)


def _follow_due(book: Gradebook, due: str | None, summary: GradeSummary) -> None:
    """Set every stored submission's late flag by the current due date (a re-release may have moved it)."""
    moved = {}
    for row in book.submissions():
        try:
            handed_in = dt.datetime.fromisoformat(row["submitted_at"]) if row["submitted_at"] else None
        except ValueError:
            continue
        late = is_late(handed_in, due)
        if late != bool(row["late"]):
            moved[row["student"]] = late
    if moved:
        book.set_late(moved)
        summary.due_moved = moved


#: How far a file time may run ahead of the grading run before it is noted (file systems round, clocks drift).
CLOCK_SLACK = dt.timedelta(minutes=5)


def _ahead_note(submission, handed_in: dt.datetime | None) -> str:
    """A note when the file time is later than this grading run: the saving computer's clock was wrong."""
    now = dt.datetime.now().astimezone()
    if handed_in is None or handed_in <= now + CLOCK_SLACK:
        return ""
    return (f"{Path(submission.source).name}'s file time ({due_text(handed_in.isoformat(timespec='seconds'))}) is "
            f"later than this grading run ({due_text(now.isoformat(timespec='seconds'))}): the clock of the computer "
            "that saved it was probably wrong, so its late flag may be too; check it by hand")


def _dated(spec, submission, record: SubmissionRecord) -> SubmissionRecord:
    """Record the submission's file time, flag it late against the due date (flag only), note a file time later
    than the grading run (a wrong clock), and read its journal."""
    handed_in = file_time(submission)
    record.submitted_at = handed_in.isoformat(timespec="seconds") if handed_in else ""
    record.late = is_late(handed_in, spec.due)
    record.reason = "; ".join(filter(None, [record.reason, _ahead_note(submission, handed_in)]))
    return add_journal(record, submission.path, spec.hint_counts, notebooks=submission.notebooks)


def _store(book: Gradebook, summary: GradeSummary, record: SubmissionRecord) -> None:
    record.sandboxed = summary.sandboxed
    book.record(record, folder=summary.folder)
    summary.add(record)
