"""A class summary for the instructor: who needs help and why, then how each exercise went.

``write_report(book, "report.html")`` writes one HTML page (template ``templates/report.html.j2``)
that opens with a short table of the students who need help first (untouched and blank work,
submissions that could not be graded, grader errors, work to review, late work, fewer than
half the points), each with why; then the exercises hardest first (a chart of the ten hardest
and a table of all), every student, the score distribution and the item analytics of
:mod:`.items`. Beside it, ``report-exercises.csv`` and ``report-items.csv`` hold the numbers;
:func:`report_files` names all three. Charts use the course's chart helpers: PNG with alt
text, colour-blind-safe colours, values written on the bars so nothing depends on colour.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from ..authoring.due import due_text
from ..gradebook import Gradebook, UsageError, student_rows, with_gradebook
from ..gradebook.exports import format_points, score_text
from ..gradebook.files import write_rows, write_text
from ..gradebook.statuses import (BLANK, ERROR, FAILED, GRADED, MISSING, NEEDS_HELP, NO_ANSWER, NOT_ATTEMPTED, UNREADABLE,
                                  UNTOUCHED)
from .analytics import awaiting, passed
from .items import item_section
from .pages import Markup, render
from .reasons import plain_reason

__all__ = ["ExerciseStats", "exercise_stats", "help_rows", "report_files", "score_bins", "student_table",
           "write_report"]

#: How many of the hardest exercises the chart shows (the table has them all).
CHART_EXERCISES = 10
#: Below this share of the points a student is listed among those who need help.
LOW_SHARE = 0.5


@dataclass(frozen=True)
class ExerciseStats:
    """How the students did on one exercise.

    ``students``: the students whose submission could be graded (ok, review), the one
    denominator of every figure. Each of them either ``answered`` (an answer was read), had
    ``no_answer_cell`` (no notebook for the lesson, or the cell deleted), left it ``blank``
    (the ``...`` in place) or gave one that ``could not be read`` (the cell raised): the four
    add up to ``students``. ``pending``: answered written answers still awaiting a manual score;
    while there are any, the share passed and the mean points wait (None).
    """

    id: str
    max_points: float
    students: int
    answered: int
    passed: int
    mean_points: float | None
    pending: int = 0
    objective: str = ""
    no_answer_cell: int = 0
    blank: int = 0
    unreadable: int = 0

    @property
    def share_passed(self) -> float | None:
        """The share of the students who passed; None while an answer awaits its manual score."""
        return self.passed / self.students if self.students and not self.pending else None

    @property
    def share_answered(self) -> float:
        return self.answered / self.students if self.students else 0.0


def exercise_stats(book: Gradebook) -> list[ExerciseStats]:
    """Per-exercise results of the graded submissions (ok, review), hardest first.

    Hardest: lowest share passed, then lowest mean share of the points. Exercises with
    written answers still awaiting their manual score come last: they are not hard, just not
    scored yet.
    """
    graded = [s for s in student_rows(book) if s["status"] in GRADED]
    stats = []
    for info in book.assignment().get("exercises", []):
        rows = [s["exercises"][info["id"]] for s in graded if info["id"] in s["exercises"]]
        pending = sum(map(awaiting, rows))
        points = [r["manual_points"] if r["manual_points"] is not None else (r["points"] or 0) for r in rows]
        stats.append(ExerciseStats(
            info["id"], float(info.get("points", 1)), len(rows),
            sum(r["status"] not in (*NO_ANSWER, UNREADABLE) for r in rows), sum(passed(r) for r in rows),
            statistics.fmean(points) if points and not pending else None, pending, info.get("objective", ""),
            sum(r["status"] == MISSING for r in rows), sum(r["status"] == NOT_ATTEMPTED for r in rows),
            sum(r["status"] == UNREADABLE for r in rows)))
    return sorted(stats, key=lambda s: (s.share_passed is None, s.share_passed or 0,
                                        (s.mean_points or 0) / (s.max_points or 1), s.id))


def score_bins(book: Gradebook, width: int = 10) -> list[tuple[str, int]]:
    """How many students scored in each band of ``width`` percent (0–9 %, …, 90–100 %)."""
    bands = list(range(0, 100, width))
    counts = dict.fromkeys(bands, 0)
    for row in student_rows(book):
        share = 100 * row["total"] / row["max_total"] if row["max_total"] else 0
        counts[min(int(share // width) * width, bands[-1])] += 1
    return [(f"{b}–{b + width - 1 if b != bands[-1] else 100} %", counts[b]) for b in bands]


def _share_text(s: ExerciseStats) -> str:
    return "awaiting manual scores" if s.share_passed is None else f"{100 * s.share_passed:.0f} %"


def _passed_text(s: ExerciseStats) -> str:
    return _share_text(s) if s.share_passed is None else f"{s.passed} ({100 * s.share_passed:.0f} %)"


def _distribution_chart(bins: list[tuple[str, int]]):
    from matplotlib.ticker import MaxNLocator

    from .. import charts

    fig, ax = charts.figure(7, 3.2)
    labels, counts = zip(*bins)
    bars = ax.bar(range(len(bins)), counts, color=charts.OKABE_ITO[0])
    ax.bar_label(bars, labels=[str(c) if c else "" for c in counts])
    ax.set_xticks(range(len(bins)), labels, rotation=45, ha="right")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("students")
    ax.set_xlabel("share of the points")
    busiest = max(bins, key=lambda b: b[1])
    alt = (f"Bar chart of how many students scored in each 10 % band; the most common band is "
           f"{busiest[0]} with {busiest[1]} student(s).")
    return charts.show(fig, alt=alt)


def _exercise_chart(stats: list[ExerciseStats]):
    from .. import charts

    shown = [s for s in stats if s.share_passed is not None and not s.pending][:CHART_EXERCISES]
    waiting = [s.id for s in stats if s.pending]
    fig, ax = charts.figure(7, max(2.0, 0.4 * len(shown) + 1))
    shares = [100 * s.share_passed for s in shown]
    bars = ax.barh(range(len(shown)), shares, color=charts.OKABE_ITO[1])
    ax.bar_label(bars, labels=[f"{v:.0f} %" for v in shares], padding=3)
    ax.set_yticks(range(len(shown)), [f"Exercise {s.id}" for s in shown])
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel("students who passed, of those scored (%)")
    hardest = ", ".join(f"{s.id} ({_share_text(s)})" for s in shown[:3])
    more = f" (the {len(shown)} hardest; the table lists all {len(stats)})" if len(shown) < len(stats) else ""
    left = (f" Left out until every answer is scored (manual scores pending): {', '.join(waiting)}."
            if waiting else "")
    return charts.show(fig, alt=f"Horizontal bars: the share of students who passed each exercise, hardest "
                                f"first{more}. Hardest: {hardest or 'none scored yet'}.{left}")


def _exercise_rows(stats: list[ExerciseStats]) -> list[list]:
    return [[s.id, s.objective, f"{s.max_points:g}" if s.max_points else "practice", s.students, f"{s.answered} ({100 * s.share_answered:.0f} %)",
             s.no_answer_cell, s.blank, s.unreadable, _passed_text(s),
             "" if s.mean_points is None else f"{s.mean_points:.2f}", s.pending] for s in stats]


def _exercise_csv_rows(stats: list[ExerciseStats]) -> list[list]:
    """The exercises CSV: counts, and shares as numbers (two decimals) a spreadsheet can sum and sort."""
    return [[s.id, s.objective, format_points(s.max_points), s.students, s.answered, f"{s.share_answered:.2f}",
             s.no_answer_cell, s.blank, s.unreadable, s.passed,
             "" if s.share_passed is None else f"{s.share_passed:.2f}",
             "" if s.mean_points is None else f"{s.mean_points:.2f}", s.pending] for s in stats]


#: One definition of "students" (see :class:`ExerciseStats`): answered, no answer cell, left blank and could not be
#: read add up to it; passed and the mean are of it.
EXERCISE_CSV_HEADERS = ["exercise", "objective", "points", "students", "answered", "share_answered", "no_answer_cell",
                        "left_blank", "could_not_be_read", "passed", "share_passed", "mean_points",
                        "awaiting_manual_score"]
EXERCISE_HEADERS = ["exercise", "objective", "points", "students (graded)", "answered", "no answer cell", "left blank",
                    "could not be read", "passed (of students)", "mean points (of students)", "awaiting manual score"]
EXERCISE_CLASSES = ["n", "t", "n", "n", "n", "n", "n", "n", "s", "n", "n"]
STUDENT_HEADERS = ["student", "total", "status", "late", "reason", "lowest exercises", "missing lessons", "sandboxed"]
STUDENT_CLASSES = ["n", "n", "n", "n", "t", "t", "s", "n"]
#: The sandboxed column of a grade made with ``--no-sandbox``.
UNSANDBOXED = "no (--no-sandbox)"
HELP_HEADERS = ["student", "score", "status", "why"]
HELP_CLASSES = ["n", "n", "n", "t"]
WHY = {UNTOUCHED: "handed in the release copy, unchanged: no answer given",
       BLANK: "no answer given: every answer cell still holds ...",
       ERROR: "the grader's own problem: grade again"}


def _lowest(summary: dict) -> str:
    shares = []
    for exercise, row in summary["exercises"].items():
        if not awaiting(row) and row["max_points"]:
            earned = row["manual_points"] if row["manual_points"] is not None else (row["points"] or 0.0)
            if earned < row["max_points"]:
                shares.append((earned / row["max_points"], exercise))
    return ", ".join(f"{e} ({100 * share:.0f} %)" for share, e in sorted(shares)[:3])


def _low(summary: dict) -> bool:
    return bool(summary["max_total"]) and summary["total"] < LOW_SHARE * summary["max_total"]


def _order(summary: dict) -> tuple:
    """Who needs help first: untouched, blank, failed, error, then everyone else by total."""
    rank = NEEDS_HELP.index(summary["status"]) if summary["status"] in NEEDS_HELP[:4] else len(NEEDS_HELP)
    return rank, summary["total"], summary["student"]


def _needs_help(summary: dict) -> bool:
    return summary["status"] in NEEDS_HELP or summary.get("late") or _low(summary)


def _items(text: str) -> list[str]:
    """The reason's items: split at "; " and ", " outside brackets (never inside "(…)")."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and text.startswith(("; ", ", "), i):
            items.append(text[start:i + 1])
            start = i + 2
    return [*items, text[start:]]


def _shorten(text: str, limit: int = 220) -> str:
    """``text`` whole, or its first items up to ``limit`` characters, cut between items (the first one always
    whole), saying where the rest is."""
    if len(text) <= limit:
        return text
    items = _items(text)
    kept = items[0]
    for item in items[1:]:
        if len(kept) + 1 + len(item) > limit:
            break
        kept += " " + item
    return kept.rstrip(";,") + " … (the whole reason: the student's row in every student, below)"


def _why(summary: dict) -> str:
    parts = [WHY[summary["status"]]] if summary["status"] == ERROR or (
        summary["status"] in WHY and not summary["grading_reason"]) else []
    if summary["grading_reason"]:
        parts.append(_shorten(plain_reason(summary["grading_reason"], summary["exercises"])))
    if summary.get("late"):
        parts.append(f"late: handed in {due_text(summary['submitted_at'])}")
    if _low(summary) and summary["status"] not in (UNTOUCHED, BLANK, FAILED):
        lowest = _lowest(summary)
        parts.append(f"{100 * summary['total'] / summary['max_total']:.0f} % of the points"
                     + (f"; lowest {lowest}" if lowest else ""))
    return "; ".join(parts)


def _score(summary: dict) -> str:
    return score_text(summary, "/")


def help_rows(summaries: list[dict], anchors: dict[str, str]) -> list[list]:
    """The opening table: each student who needs help, linked to their row below, with why."""
    return [[Markup('<a href="#{}">{}</a>').format(anchors[s["student"]], s["student"]), _score(s), s["status"],
             _why(s)] for s in sorted(summaries, key=_order) if _needs_help(s)]


def student_table(book: Gradebook, summaries: list[dict]) -> list[list]:
    """One row per student, those who need help first (the opening table's order)."""
    lesson_of = {e["id"]: e.get("lesson", "") for e in book.assignment().get("exercises", [])}
    rows = []
    for s in sorted(summaries, key=_order):
        by_lesson: dict[str, list[str]] = {}
        for exercise, row in s["exercises"].items():
            by_lesson.setdefault(lesson_of.get(exercise, ""), []).append(row["status"])
        missing = ", ".join(sorted(lesson for lesson, st in by_lesson.items()
                                   if lesson and all(x == MISSING for x in st)))
        rows.append([s["student"], _score(s), s["status"], "late" if s.get("late") else "",
                     plain_reason(s["reason"], s["exercises"]), _lowest(s),
                     missing, "yes" if s["sandboxed"] else UNSANDBOXED])
    return rows


def report_files(path) -> list[Path]:
    """Every file :func:`write_report` writes for ``path``: the page and its two CSVs."""
    path = Path(path)
    return [path, path.with_name(f"{path.stem}-exercises.csv"), path.with_name(f"{path.stem}-items.csv")]


@with_gradebook
def write_report(book: Gradebook | str | Path, path) -> Path:
    """Write the class summary page and its two CSVs (:func:`report_files`), each atomically.

    Returns
    -------
    Path
        The HTML page.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summaries = student_rows(book)
    if not summaries:
        raise UsageError(f"{book.path} has no graded submissions yet; run `summit-course grade` first.")
    page, exercises_csv, items_csv = report_files(path)
    stats, bins = exercise_stats(book), score_bins(book)
    write_rows(exercises_csv, [EXERCISE_CSV_HEADERS, *_exercise_csv_rows(stats)])
    statuses: dict[str, int] = {}
    for row in summaries:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    assignment = book.assignment()
    ordered = sorted(summaries, key=_order)
    anchors = {s["student"]: f"student-{i}" for i, s in enumerate(ordered, 1)}
    text = render(
        "report.html.j2", title=f"Class report: {assignment.get('name', 'Assignment')}",
        name=assignment.get("name", "Assignment"), submissions=len(summaries),
        mean=f"{statistics.fmean(r['total'] for r in summaries):.2f}", max_total=f"{summaries[0]['max_total']:g}",
        pending=sum(s["pending"] for s in summaries), pending_points=format_points(sum(s["pending_points"]
                                                                                     for s in summaries)),
        due=due_text(assignment.get("due")), statuses=", ".join(f"{n} {s}" for s, n in sorted(statuses.items())),
        graded=sum(s["status"] in GRADED for s in summaries),
        unsandboxed=", ".join(s["student"] for s in summaries if not s["sandboxed"]),
        help_headers=HELP_HEADERS, help_classes=HELP_CLASSES, help_rows=help_rows(summaries, anchors),
        files=[f.name for f in report_files(path)], folder=str(path.parent),
        exercise_chart=Markup(_exercise_chart(stats)._repr_html_()), exercise_headers=EXERCISE_HEADERS,
        exercise_rows=_exercise_rows(stats), exercise_classes=EXERCISE_CLASSES,
        student_headers=STUDENT_HEADERS, student_rows=student_table(book, summaries), student_classes=STUDENT_CLASSES,
        anchors=[anchors[s["student"]] for s in ordered],
        distribution_chart=Markup(_distribution_chart(bins)._repr_html_()), bins=[list(b) for b in bins],
        items=item_section(summaries, assignment.get("exercises", []), items_csv))
    return write_text(page, text)
