"""A class summary for the instructor: how scores spread, and which exercises were hardest.

``write_report(book, "report.html")`` writes one HTML page with two charts (the score
distribution, and the share of students who passed each exercise, hardest first) and
the same numbers as tables, plus ``report-exercises.csv`` next to it; then the item
analytics of :mod:`.items` (``report-items.csv``). Charts use the
course's chart helpers: PNG with alt text, colour-blind-safe colours, values written on
the bars so nothing depends on colour.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

from ..gradebook import Gradebook, student_rows, with_gradebook
from .analytics import passed as _passed
from .feedback import page, table as _table
from .items import item_section

__all__ = ["ExerciseStats", "exercise_stats", "score_bins", "student_table", "write_report"]

UNANSWERED = ("missing", "not_attempted", "error")


@dataclass(frozen=True)
class ExerciseStats:
    """How the class did on one exercise."""

    id: str
    max_points: float
    students: int
    attempted: int
    passed: int
    mean_points: float
    pending: int = 0
    objective: str = ""
    no_notebook: int = 0
    blank: int = 0
    unreadable: int = 0

    @property
    def share_passed(self) -> float:
        return self.passed / self.students if self.students else 0.0

    @property
    def share_attempted(self) -> float:
        return self.attempted / self.students if self.students else 0.0


def exercise_stats(book: Gradebook) -> list[ExerciseStats]:
    """Per-exercise results, hardest first (lowest share passed, then lowest mean points)."""
    summaries = student_rows(book)
    stats = []
    for info in book.assignment().get("exercises", []):
        rows = [s["exercises"][info["id"]] for s in summaries if info["id"] in s["exercises"]]
        points = [r["manual_points"] if r["manual_points"] is not None else (r["points"] or 0) for r in rows]
        stats.append(ExerciseStats(
            info["id"], float(info.get("points", 1)), len(rows),
            sum(r["status"] not in UNANSWERED for r in rows), sum(_passed(r) for r in rows),
            sum(points) / len(points) if points else 0.0,
            sum(r["status"] == "manual" and r["manual_points"] is None for r in rows),
            info.get("objective", ""), sum(r["status"] == "missing" for r in rows),
            sum(r["status"] == "not_attempted" for r in rows), sum(r["status"] == "error" for r in rows),
        ))
    return sorted(stats, key=lambda s: (s.share_passed, s.mean_points / (s.max_points or 1), s.id))


def score_bins(book: Gradebook, width: int = 10) -> list[tuple[str, int]]:
    """How many students scored in each band of ``width`` percent (0–9 %, …, 90–100 %)."""
    bands = list(range(0, 100, width))
    counts = dict.fromkeys(bands, 0)
    for row in student_rows(book):
        share = 100 * row["total"] / row["max_total"] if row["max_total"] else 0
        counts[min(int(share // width) * width, bands[-1])] += 1
    return [(f"{b}–{b + width - 1 if b != bands[-1] else 100} %", counts[b]) for b in bands]


def _distribution_chart(bins: list[tuple[str, int]]):
    from matplotlib.ticker import MaxNLocator

    from .. import charts

    fig, ax = charts.figure(7, 3.5)
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

    fig, ax = charts.figure(7, max(2.0, 0.45 * len(stats) + 1))
    shares = [100 * s.share_passed for s in stats]
    bars = ax.barh(range(len(stats)), shares, color=charts.OKABE_ITO[1])
    ax.bar_label(bars, labels=[f"{v:.0f} %" for v in shares], padding=3)
    ax.set_yticks(range(len(stats)), [f"Exercise {s.id}" + (" (scoring pending)" if s.pending else "")
                                      for s in stats])
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel("students who passed (%)")
    hardest = ", ".join(f"{s.id} ({100 * s.share_passed:.0f} %{', scoring pending' if s.pending else ''})"
                        for s in stats[:3])
    return charts.show(fig, alt=f"Horizontal bars: the share of students who passed each exercise, hardest "
                                f"first. Hardest: {hardest}.")


def _exercise_rows(stats: list[ExerciseStats]) -> list[list]:
    return [[s.id, s.objective, f"{s.max_points:g}", s.students, f"{100 * s.share_attempted:.0f} %",
             s.no_notebook, s.blank, s.unreadable, f"{100 * s.share_passed:.0f} %", f"{s.mean_points:.2f}",
             s.pending] for s in stats]


EXERCISE_HEADERS = ["exercise", "objective", "points", "students", "attempted", "no notebook for this lesson",
                    "left blank", "could not be read", "passed", "mean points", "awaiting manual score"]
STUDENT_HEADERS = ["student", "total", "status", "late", "reason", "lowest exercises", "missing lessons"]
NEEDS_HELP = {"failed": 0, "error": 1, "review": 2}


def _earned(row: dict) -> float | None:
    if row["status"] == "manual" and row["manual_points"] is None:
        return None
    return row["manual_points"] if row["manual_points"] is not None else (row["points"] or 0.0)


def student_table(book: Gradebook, summaries: list[dict]) -> list[list]:
    """One row per student, those who need help first: failed, error, review, then lowest totals."""
    lesson_of = {e["id"]: e.get("lesson", "") for e in book.assignment().get("exercises", [])}
    rows = []
    for s in sorted(summaries, key=lambda s: (NEEDS_HELP.get(s["status"], 3), s["total"], s["student"])):
        shares = []
        for exercise, row in s["exercises"].items():
            earned = _earned(row)
            if earned is not None and row["max_points"] and earned < row["max_points"]:
                shares.append((earned / row["max_points"], exercise))
        lowest = ", ".join(f"{e} ({100 * share:.0f} %)" for share, e in sorted(shares)[:3])
        by_lesson: dict[str, list[str]] = {}
        for exercise, row in s["exercises"].items():
            by_lesson.setdefault(lesson_of.get(exercise, ""), []).append(row["status"])
        missing = ", ".join(sorted(l for l, st in by_lesson.items() if l and all(x == "missing" for x in st)))
        rows.append([s["student"], f"{s['total']:g} / {s['max_total']:g}", s["status"],
                     "late" if s.get("late") else "", s["reason"], lowest, missing])
    return rows


def _attention(table: list[list], anchors: list[str]) -> str:
    """Who to look at first, each linked to their row, with the reason or their lowest exercises."""
    items = []
    for row, anchor in zip(table, anchors):
        student, _, status, late, reason, lowest, _ = row
        if status not in NEEDS_HELP and not late:
            continue
        why = reason or (f"lowest exercises {lowest}" if lowest else "")
        what = ", ".join(w for w in (status if status in NEEDS_HELP else "", late) if w)
        items.append(f'<li><a href="#{anchor}">{html.escape(student)}</a>: {html.escape(what)}'
                     f"{': ' + html.escape(why) if why else ''}</li>")
    if not items:
        return ""
    return "<h2 id=\"attention\">Look at these first</h2><ul>" + "".join(items) + "</ul>"


@with_gradebook
def write_report(book: Gradebook | str | Path, path) -> Path:
    """Write the class summary page (and ``<name>-exercises.csv`` and ``<name>-items.csv`` next to it).

    Returns
    -------
    Path
        The HTML page.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summaries = student_rows(book)
    if not summaries:
        raise ValueError(f"{book.path} has no graded submissions yet; run `summit-course grade` first.")
    stats, bins = exercise_stats(book), score_bins(book)
    with path.with_name(f"{path.stem}-exercises.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXERCISE_HEADERS)
        writer.writerows(_exercise_rows(stats))
    statuses = {}
    for row in summaries:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    name = book.assignment().get("name", "Assignment")
    mean = sum(r["total"] for r in summaries) / len(summaries)
    table = student_table(book, summaries)
    anchors = [f"student-{i}" for i in range(1, len(table) + 1)]
    attention = _attention(table, anchors)
    pointer = ' (who and why: <a href="#attention">look at these first</a>)' if attention else ""
    body = f"""<h1>Class report: {html.escape(name)}</h1>
<p>{len(summaries)} submission(s); mean score {mean:.2f} of {summaries[0]['max_total']:g} points.
Status: {html.escape(', '.join(f'{n} {s}' for s, n in sorted(statuses.items())))}{pointer}.</p>
{attention}
<h2>Students, who needs help first</h2>
{_table(STUDENT_HEADERS, table, anchors)}
<h2>Exercises, hardest first</h2>
<p>"Attempted" counts answers given; "no notebook for this lesson" counts students whose submission had
no notebook with the exercise's answer cell, "left blank" those who left the <code>...</code> in place.</p>
{_exercise_chart(stats)._repr_html_()}
{_table(EXERCISE_HEADERS, _exercise_rows(stats))}
<h2>Score distribution</h2>
{_distribution_chart(bins)._repr_html_()}
{_table(["score", "students"], [list(b) for b in bins])}
{item_section(summaries, book.assignment().get("exercises", []), path.with_name(f"{path.stem}-items.csv"))}"""
    path.write_text(page(f"Class report: {name}", body), encoding="utf-8")
    return path
