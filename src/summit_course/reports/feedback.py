"""One HTML feedback page per student, from the gradebook (template ``templates/feedback.html.j2``).

Each page opens with what happened in words a student understands (never a Python error or a
cell number), then every exercise: its objective, the result, the points, the feedback text
and, where the answer did not pass, the exercise's hints. The grader's own notes on how the
work was handed in come last, folded. The gradebook never holds hidden-check code, model
answers or rubrics, and the pages use only the student-facing fields, so none of those can
appear (the instructor-only ``note`` column is never read here). Everything is escaped.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from pathlib import Path

from ..authoring.due import due_text
from ..gradebook import Gradebook, student_rows, with_gradebook
from ..gradebook.exports import effective_points, format_points, score_text
from ..gradebook.files import write_text
from ..gradebook.statuses import (BLANK, ERROR, FAILED, INCORRECT, MANUAL, MISSING, NOT_ATTEMPTED, OK, PASSED,
                                  RELEASE_COPY, REVIEW, UNREADABLE, UNTOUCHED)
from .pages import Markup, markdown, render

__all__ = ["page_name", "safe_filename", "student_page", "write_feedback"]

#: The name of the ``<meta>`` that marks a feedback page and its assignment (so a stale one can be found).
MARKER = "summit-feedback"
FEEDBACK_HEADERS = ["Exercise", "Objective", "Result", "Points", "Feedback"]
COLUMN_CLASSES = ["n", "t", "n", "n", "t"]
LABELS = {
    PASSED: "✅ passed",
    INCORRECT: "❌ incorrect",
    NOT_ATTEMPTED: "⏳ not attempted",
    MISSING: "❓ missing",
    UNREADABLE: "⚠️ could not be read",
    MANUAL: "📝 graded by your instructor",
}
#: The points cell of an exercise worth no points: practice, not a 0.
PRACTICE = "practice (no points)"
#: The message of an exercise in a submission that could not be graded at all (see the summary).
GENERIC = "Your submission could not be graded"
#: A grader's note on a cell its limits stopped: ``02-….ipynb: cell 33 (`while True:`) ran longer than 30 s …``.
STOPPED = re.compile(r"(?:(?P<notebook>[^;:]+\.ipynb): )?cell \d+ \(`(?P<first>[^`]*)`\) "
                     r"(?:ran longer than (?P<seconds>[\d.]+) s|(?P<memory>ran out of memory)|stopped the kernel"
                     r"|used more than|was still running)")
#: Words of the grader's notes on how the work was handed in (files not used, a renamed notebook, …).
HANDED_IN = (" not used", "was graded as lesson", "converted from the old notebook format", "is also named",
             "does not fully match the notebook format", "also handed in")
SAVE = ("If you did answer, you may have handed in another copy than the one you worked in: save your notebook "
        "(File → Save Notebook) and hand it in again, or ask your instructor.")
OPENING = {
    OK: "Your notebook ran and every answer was read.",
    REVIEW: "Your work was graded. Look at these first:",
    BLANK: "No answers were found in what you handed in: every answer cell still holds `...`. " + SAVE,
    UNTOUCHED: "What you handed in is the notebook exactly as it was handed out: no answer was given. " + SAVE,
    FAILED: "Your submission could not be graded:",
    ERROR: "The grader had a problem of its own with your submission (not your fault); your instructor will run "
           "it again.",
}


def safe_filename(name: str) -> str:
    """A file name for a student id: letters (any script), digits, ``-_.()`` and spaces kept."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[^\w\-. ()]", "_", text).strip(" .") or "student"
    return text[:100]


def page_name(student: str) -> str:
    """The page's file name: the student's name, plus a short hash when it had to be changed to be safe.

    Two students never share a page: names that need no change are distinct already, and a
    changed one carries a hash of the name it came from.
    """
    safe = safe_filename(student)
    if safe == student:
        return f"{safe}.html"
    return f"{safe}-{hashlib.sha256(student.encode('utf-8')).hexdigest()[:8]}.html"


def _points(value) -> str:
    return format_points(value) or "–"


def _feedback_cell(exercise: dict, row: dict) -> Markup:
    messages = list(row["messages"])  # check()'s own words, as the notebook showed them
    if row["status"] == MANUAL:
        messages.append("Your instructor's score: " + (_points(row["manual_points"]) if row["manual_points"] is not None
                                                        else "not given yet."))
        if row["manual_comment"]:
            messages.append(f"Comment: {row['manual_comment']}")
    items = Markup("").join(Markup("<li>{}</li>").format(markdown(m)) for m in messages)
    cell = Markup("<ul>{}</ul>").format(items) if messages else Markup("")
    if row["status"] not in (PASSED, MANUAL) and exercise.get("hints"):
        hints = Markup("").join(Markup("<li>{}</li>").format(markdown(h)) for h in exercise["hints"])
        cell += Markup("<details><summary>Hints</summary><ol>{}</ol></details>").format(hints)
    return cell


def _exercise_row(exercise: dict, row: dict | None) -> list:
    head = [exercise["id"], markdown(exercise.get("objective", ""))]
    if row is None:
        return [*head, "not graded", "–", ""]
    result = Markup('<span class="{}">{}</span>').format(row["status"], LABELS.get(row["status"], row["status"]))
    points = (PRACTICE if not row["max_points"] else
              f"{_points(effective_points(row))} / {_points(row['max_points'])}")
    return [*head, result, points, _feedback_cell(exercise, row)]


def _look_at(assignment: dict, summary: dict) -> list[str]:
    """What a student should look at first, in plain words (each exercise row says more)."""
    rows = summary["exercises"]
    points = []
    unread = [e for e, r in rows.items() if r["status"] == UNREADABLE]
    if unread:
        points.append(f"{len(unread)} answer(s) could not be read: {', '.join(unread)}. The rows below say why "
                      "and what to check.")
    by_lesson: dict[str, list[str]] = {}
    for info in assignment.get("exercises", []):
        by_lesson.setdefault(info.get("lesson", ""), []).append(info["id"])
    for lesson, ids in by_lesson.items():
        gone = [i for i in ids if i in rows and rows[i]["status"] == MISSING]
        said = [rows[i]["messages"][0] for i in gone if rows[i]["messages"]]
        if lesson and gone and len(gone) == len(ids):  # the lesson's notebook: none, or why it did not run
            points.append(said[0] if said and said[0].startswith("Your ") and not said[0].startswith(GENERIC)
                          else f"No notebook for lesson {lesson} was found in what you handed in.")
            continue
        renamed = [f"{i}: {rows[i]['messages'][0]}" for i in gone
                   if rows[i]["messages"] and rows[i]["messages"][0].startswith("Your answer cell sets")]
        points += renamed  # the grader found the name set instead (as check() says it)
        others = [i for i in gone if not any(r.startswith(f"{i}: ") for r in renamed)]
        if others:
            points.append(f"No answer cell was found for {', '.join(others)}: did you delete it, or change the line "
                          "that sets the answer?")
    return points


def _grader_points(reason: str) -> list[str]:
    """What the grader's notes (the reason) mean for the student: a cell stopped for running too long or
    using too much, and whether anything about how the work was handed in is worth reading."""
    points: dict[tuple[str, str], str] = {}
    for part in reason.split("; "):
        if part.endswith(RELEASE_COPY):
            points[part, ""] = (f"{part.removesuffix(RELEASE_COPY).strip()} is the notebook exactly as it was handed "
                                f"out: no answer in it was graded. {SAVE}")
            continue
        found = STOPPED.search(part)
        if found:
            where = f" in {found['notebook']}" if found["notebook"] else ""
            first = f"the one that starts `{found['first']}`{where}"
            if found["seconds"]:
                text = (f"A cell ran longer than {found['seconds']} s and was stopped: {first}. Look for a loop that "
                        "never ends (or does far more work than needed); the cells after it still ran.")
            elif found["memory"]:
                text = (f"A cell ran out of memory and was stopped: {first}. Look for a table or list that grows "
                        "without end.")
            else:
                text = (f"A cell stopped your notebook before it finished: {first}. The grader ran your notebook "
                        "again without it, so an answer that cell sets could not be read.")
            points.setdefault((found["notebook"] or "", found["first"]), text)
    said = list(points.values())
    if any(words in reason for words in HANDED_IN):
        said.append("The grader noted how your work was handed in: see \"Notes from the grader\" at the end.")
    return said


def student_page(assignment: dict, summary: dict) -> str:
    """The feedback page of one student (``summary`` is a row of :func:`student_rows`)."""
    name = assignment.get("name", "Assignment")
    status = summary["status"]
    points = _look_at(assignment, summary)
    if status == OK and points:  # never "every answer was read" above rows that could not be
        status = REVIEW
    details = summary.get("grading_reason", summary["reason"])
    if status == FAILED:  # why each notebook could not run, in the student's words, else the grader's reason
        own = [p for p in points if p.startswith("Your ")]
        points, details = (own, details) if own else ([details[:1].upper() + details[1:] + "."], "")
    elif status in (OK, REVIEW) and details:
        points += _grader_points(details) or ([] if points else [
            "The grader left notes on your work: see \"Notes from the grader\" at the end."])
    return render(
        "feedback.html.j2", title=f"Feedback: {name}: {summary['student']}", head=Markup(_marker(assignment)),
        name=name, student=summary["student"],
        score=score_text(summary), opening=markdown(OPENING[status]),
        points=points, late=summary.get("late"), sandboxed=summary.get("sandboxed", True), due=due_text(assignment.get("due")),
        submitted_at=due_text(summary.get("submitted_at")), headers=FEEDBACK_HEADERS, classes=COLUMN_CLASSES,
        rows=[_exercise_row(e, summary["exercises"].get(e["id"])) for e in assignment.get("exercises", [])],
        details=details)


def _marker(assignment: dict) -> str:
    """The line in each page's head that says which assignment's feedback page it is."""
    return f'<meta name="{MARKER}" content="{html.escape(assignment.get("name", ""), quote=True)}">'


def _prune(out: Path, assignment: dict, kept: set[str]) -> list[Path]:
    """Delete this assignment's pages in ``out`` that belong to no student of the gradebook (removed, dropped)."""
    marker, removed = _marker(assignment), []
    for page in sorted(out.glob("*.html")):
        if page.name not in kept and page.is_file() and marker in page.read_text("utf-8", errors="replace")[:2000]:
            page.unlink()
            removed.append(page)
    return removed


@with_gradebook
def write_feedback(book: Gradebook | str | Path, out_dir, students=None) -> dict[str, Path]:
    """Write ``<out_dir>/<student>.html`` for every graded student (or just ``students``), each atomically.

    Writing every page also deletes the pages this assignment's feedback left in ``out_dir``
    for students no longer in the gradebook (removed, or whose submission is gone), so no
    student is sent a page that no longer counts; a page of anything else is never touched.

    Raises
    ------
    UsageError
        When a student named in ``students`` is not in the gradebook (nothing is written).

    Returns
    -------
    dict
        Each student's id and the page written for them.
    """
    wanted = set(book.known(students)) if students else None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    assignment = book.assignment()
    written = {}
    for summary in student_rows(book):
        if wanted is None or summary["student"] in wanted:
            written[summary["student"]] = write_text(out / page_name(summary["student"]),
                                                     student_page(assignment, summary))
    if wanted is None:
        _prune(out, assignment, {page.name for page in written.values()})
    return written
