"""Decide each exercise's verdict and points, in the grader's process, from the answers a worker read."""

from __future__ import annotations

import re
from pathlib import Path

from .. import checks
from ..authoring.hidden import as_checked, hidden_outcomes, hidden_results
from ..gradebook import AnswerRecord, SubmissionRecord
from ..gradebook.statuses import (ERROR, FAILED, INCORRECT, MANUAL, MISSING, NOT_ATTEMPTED, OK, PASSED, REVIEW,
                                  UNREADABLE)
from .answers import Unreadable, decode_value
from .assignment import Assignment, GradedExercise
from .broken_checks import broken_check_note, broken_checks
from .submissions import Submission
from .tasks import NotebookRun, SubmissionRun

__all__ = ["as_checked", "hidden_results", "notebook_problem", "plain_error", "score_exercise", "verdicts"]


def score_exercise(exercise: GradedExercise, value) -> AnswerRecord:
    """Decide one exercise's verdict and points from the student's decoded answer value.

    Full points when every public and hidden check passes; otherwise an exercise with
    ``partial = true`` earns ``points × checks passed / checks run``, the others 0. A hidden
    check that raises on an answer the public checks pass is broken (:mod:`.broken_checks`):
    it is left out of the count, and the answer's note names it.
    """
    points = exercise.points
    if isinstance(value, Unreadable):
        return AnswerRecord(exercise.id, UNREADABLE, 0.0, points,
                            messages=(f"The grader could not read your answer: {value.reason}.",))
    public = checks.check_exercise(exercise.public, value)
    if public.status == checks.NOT_ATTEMPTED:
        return AnswerRecord(exercise.id, NOT_ATTEMPTED, 0.0, points,
                            messages=(f"Not attempted: `{exercise.variable}` was still `...`.",))
    if exercise.public.is_written:
        if public.status != checks.RECORDED and not (isinstance(value, str) and value.strip()):
            return AnswerRecord(exercise.id, INCORRECT, 0.0, points, public.passed, public.total,
                                messages=public.messages)
        if public.status != checks.RECORDED:  # outside the word range: the instructor's score decides
            return AnswerRecord(exercise.id, MANUAL, None, points, public.passed, public.total,
                                messages=(*public.messages, "Your instructor grades this answer with a rubric."),
                                answer=str(value), note="; ".join(public.messages))
        return AnswerRecord(exercise.id, MANUAL, None, points, public.passed, public.total,
                            messages=("Your instructor grades this answer with a rubric.",), answer=str(value))
    outcomes = hidden_outcomes(exercise.hidden, as_checked(exercise.public.kind, value, exercise.public.spec),
                               exercise.model)
    problems = []
    if public.status == checks.PASSED:  # a check raising on a right answer is broken: it is not counted
        problems = [broken_check_note(exercise.id, n, o) for n, o in enumerate(outcomes, 1) if isinstance(o, Exception)]
        outcomes = [o for o in outcomes if not isinstance(o, Exception)]
    # a wrong answer may well make a check raise (a wrong type): that check fails, and nobody is told
    hidden_passed, total_hidden = sum(o is True for o in outcomes), len(outcomes)
    if public.status == checks.PASSED and hidden_passed == total_hidden:
        extra = f" and {total_hidden} hidden check{'s' if total_hidden != 1 else ''}" if total_hidden else ""
        return AnswerRecord(exercise.id, PASSED, points, points, public.passed, public.total, hidden_passed,
                            total_hidden, (f"All {public.total} public checks{extra} pass.",), note="; ".join(problems))
    messages = [m for m in public.messages if m != checks.HIDDEN_NOTE]
    if public.status == checks.PASSED:
        messages.append(f"All public checks pass, but {total_hidden - hidden_passed} of {total_hidden} hidden "
                        "checks do not: read the question again for what else the answer must satisfy.")
    earned = 0.0
    if exercise.partial:
        earned = round(points * (public.passed + hidden_passed) / max(1, public.total + total_hidden), 2)
        messages.append(f"Partial credit: {earned:g} of {points:g} points for the checks that pass.")
    return AnswerRecord(exercise.id, INCORRECT, earned, points, public.passed, public.total, hidden_passed,
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


def plain_error(variable: str, ename: str, evalue: str) -> str:
    """A cell's error in words a student can act on, naming the cell by the answer it sets.

    ``the cell that sets `arrival` has a syntax error: is your text in quotes?``: a student
    cannot find "cell 48" (Jupyter shows no cell numbers), but finds the line ``arrival = ...``.
    """
    where = f"the cell that sets `{variable}`"
    name = re.search(r"name '([^']+)' is not defined", evalue or "")
    if ename == "SyntaxError":
        return f"{where} has a syntax error: is your text in quotes, and is every bracket and quote closed?"
    if ename in ("IndentationError", "TabError"):
        return f"{where} is indented wrongly: remove the spaces at the start of its lines"
    if ename == "NameError" and name:
        return (f"{where} uses `{name.group(1)}`, which is not defined: is it spelled right, is your text in "
                "quotes, and did you run the cells above it?")
    return f"{where} stopped with an error before `{variable}` got a value (Python said: {ename}: {evalue})"


def _undefined(exercise: GradedExercise, run: NotebookRun) -> AnswerRecord:
    cells = run.assigned[exercise.variable]
    errors = [e for e in run.cell_errors if e["cell"] in cells]
    if errors:
        error = errors[-1]
        why = plain_error(exercise.variable, error["ename"], error["evalue"])
        note = f"cell {error['cell'] + 1}: {error['ename']}: {error['evalue']}"
    else:
        why = f"`{exercise.variable}` had no value after your notebook ran (was its cell skipped?)"
        note = f"cell {cells[-1] + 1}: no value"
    return AnswerRecord(exercise.id, UNREADABLE, 0.0, exercise.points,
                        messages=(f"No answer could be read: {why}" + ("" if why.endswith(("?", ")")) else "."),),
                        note=note)


#: What a notebook that could not be run at all means for its student (the failure's words -> a sentence).
DAMAGED = ("not valid JSON", "structure is damaged", "nested too deeply", "the file is empty", "is not text")


def notebook_problem(name: str, failure: str) -> str:
    """What a student can do about a notebook of theirs that could not be run, in their words.

    ``failure`` is the grader's reason (parser terms, for the instructor); the sentence names
    the file, never a cell number or a Python error.
    """
    base = Path(name).name
    if any(words in failure for words in DAMAGED):
        return (f"Your {base} is damaged: it cannot be opened as a notebook. Download it again from JupyterLab "
                "(File → Download) and hand it in; if JupyterLab cannot open it either, ask your instructor.")
    kind = re.search(r"this file is (an? [^,]+), not a notebook", failure)
    if kind:
        return f"Your {base} is {kind.group(1)}, not a notebook: hand in the .ipynb file you worked in."
    if "none of this assignment's answer cells" in failure:
        return f"Your {base} holds none of this lesson's answer cells: is it another lesson's notebook?"
    return (f"Your {base} could not be run to the end: a cell stopped it (a loop that never ends, or a very large "
            "table?), so no answer could be read.")


def _lesson_problems(assignment: Assignment, run: SubmissionRun | None) -> dict[str, str]:
    """Each lesson whose notebook was handed in but could not be run, and what that means for the student."""
    found = {}
    for failed in (r for r in (run.runs if run is not None else []) if r.failure):
        for lesson in {e.lesson for e in assignment.exercises if Path(failed.name).name[:2] == e.lesson[:2]}:
            found.setdefault(lesson, notebook_problem(failed.name, failed.failure))
    return found


def verdicts(assignment: Assignment, submission: Submission, run: SubmissionRun | None,
             sha256: str = "") -> SubmissionRecord:
    """Turn what the worker read out of a submission into a gradebook record."""
    record = SubmissionRecord(submission.student, submission.source, sha256, assignment.fingerprint, OK)
    notes = list(submission.notes) + list(submission.unused)
    failures = [submission.problem] if submission.problem else []
    runs, unreadable = [], []
    if run is not None and run.grader_error:
        record.status = ERROR
        failures.append(f"the grader itself failed ({run.grader_error}); it will try again on the next run")
    elif run is not None:
        runs = [r for r in run.runs if not r.failure]
        failures += [r.failure for r in run.runs if r.failure]
        notes += [f"{r.name}: {n}" if len(run.runs) > 1 else n for r in run.runs for n in r.notes]
        record.seconds = sum(r.seconds for r in run.runs)
    found = {e.id: _answer_of(e, runs) for e in assignment.exercises}
    lessons = {e.lesson for e in assignment.exercises}
    absent = {lesson for lesson in lessons if len(lessons) > 1 and runs and all(
        found[e.id][0] is None for e in assignment.exercises if e.lesson == lesson)}
    problems = _lesson_problems(assignment, run)
    for lesson in sorted(absent - set(problems)):  # a notebook that could not run has its reason already
        notes.append(f"no notebook for lesson {lesson} (none of its answer cells was found)")
    for exercise in assignment.exercises:
        holder, node = found[exercise.id]
        if holder is None:
            message = (problems[exercise.lesson] if exercise.lesson in problems else
                       f"No notebook for lesson {exercise.lesson} was found in what you handed in."
                       if exercise.lesson in absent else
                       f"No answer cell for `{exercise.variable}` was found." if runs else
                       "Your submission could not be graded; see the summary above.")
            record.answers.append(AnswerRecord(exercise.id, MISSING, 0.0, exercise.points, messages=(message,)))
            if runs and exercise.lesson not in absent:
                notes.append(f"no answer cell for {exercise.id} (`{exercise.variable}`)")
        elif node is None:
            record.answers.append(_undefined(exercise, holder))
            unreadable.append(f"{exercise.id} ({record.answers[-1].note})")
        else:
            value = decode_value(node)
            record.answers.append(score_exercise(exercise, value))
            notes += broken_checks(record.answers[-1:])
            if isinstance(value, Unreadable):
                unreadable.append(f"{exercise.id} ({value.reason})")
    if unreadable:
        notes.append("answers that could not be read: " + ", ".join(unreadable))
    if record.status != ERROR:
        record.status = FAILED if failures and not runs else (REVIEW if failures or notes else OK)
    record.reason = "; ".join(failures + notes)
    return record
