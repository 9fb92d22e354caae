"""One HTML feedback page per student, from the gradebook.

Each page shows the overall score and status, then every exercise: its objective, the
result, the points, the feedback text and, where the answer did not pass, the
exercise's hints. Everything is escaped. The gradebook never holds hidden-check code,
model answers or rubrics, and the pages use only the student-facing fields, so none of
those can appear (the instructor-only ``note`` column is never read here).
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from ..gradebook import Gradebook, student_rows, with_gradebook
from ..gradebook.exports import effective_points, format_points
from ..grading.submissions import unique_name
from ..hints import markdown_html

__all__ = ["cells", "page", "plain_message", "safe_filename", "table", "write_feedback"]

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4rem;text-align:left;vertical-align:top}
th{background:#eef}.passed{color:#05610d}.incorrect,.error,.missing{color:#8a1c00}.manual{color:#164e8a}
figure{margin:1rem 0}ul{margin:.2rem 0;padding-left:1.2rem}img{max-width:100%;height:auto}
body{overflow-wrap:anywhere}a{color:#0b4f9e}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}
thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
tr{border:1px solid #bbb;margin:0 0 .8rem}td{border:0;border-top:1px solid #ddd}
td[data-label]::before{content:attr(data-label) ": ";font-weight:bold}}
"""
# On a narrow screen (a 390-px phone) each table row becomes a card of labelled lines
# (data-label carries the column's name), so nothing scrolls sideways.
FEEDBACK_HEADERS = ["Exercise", "Objective", "Result", "Points", "Feedback"]
LABELS = {
    "passed": "✅ passed",
    "incorrect": "❌ incorrect",
    "not_attempted": "⏳ not attempted",
    "missing": "❓ missing",
    "error": "⚠️ could not be read",
    "manual": "📝 graded by your instructor",
}
TYPE_WORDS = {
    "str": "text in quotes (remove the quotes around a number, or check what the cell computes)",
    "int": "a whole number", "float": "a number with a decimal point", "bool": "True or False",
    "NoneType": "nothing (None): does the cell print the answer instead of storing it?",
    "list": "a list [...]", "tuple": "a tuple (...)", "set": "a set {...}", "dict": "a dict {key: value}",
    "DataFrame": "a table (DataFrame)", "Series": "a column (Series)", "ellipsis": "the placeholder ...",
}
STATUS_TEXT = {
    "ok": "Your notebook ran and every answer was read.",
    "review": "Your notebook was graded. The grader noted:",
    "failed": "Your submission could not be graded:",
    "error": "The grader had a problem of its own with your submission (not your fault); your "
             "instructor will run it again:",
}


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page (no scripts, no external files), its content in ``<main>``."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{STYLE}</style></head><body><main>\n{body}\n</main></body></html>\n")


def safe_filename(name: str) -> str:
    """A file name for a student id: letters (any script), digits, ``-_.()`` and spaces kept."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[^\w\-. ()]", "_", text).strip(" .") or "student"
    return text[:100]


def _points(value) -> str:
    return format_points(value) or "–"


def plain_message(message: str) -> str:
    """A check's message with Python type names explained: ``got str`` says it is text in quotes."""
    found = re.search(r"\bgot (\w+)\.?$", message)
    if found and found.group(1) in TYPE_WORDS:
        return f"{message} (Your answer is {TYPE_WORDS[found.group(1)]}.)"
    return message


def cells(values: list[str], headers: list[str], row_id: str = "") -> str:
    """A table row of cells already in HTML, each labelled with its column for narrow screens."""
    tds = "".join(f'<td data-label="{html.escape(h)}">{v}</td>' for h, v in zip(headers, values))
    return f'<tr id="{html.escape(row_id)}">{tds}</tr>' if row_id else f"<tr>{tds}</tr>"


def table(headers: list[str], rows: list[list], ids: list[str] | None = None) -> str:
    """A table of plain values (escaped here), its rows labelled for narrow screens and optionally given ids."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(cells([html.escape(str(c)) for c in row], headers, row_id)
                   for row, row_id in zip(rows, ids or [""] * len(rows)))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _exercise_row(exercise: dict, row: dict | None) -> str:
    esc = html.escape
    head = [esc(exercise["id"]), markdown_html(exercise.get("objective", ""))]
    if row is None:
        return cells([*head, "not graded", "–", ""], FEEDBACK_HEADERS)
    points = effective_points(row)
    messages = [plain_message(m) for m in row["messages"]]
    if row["status"] == "manual":
        messages.append("Your instructor's score: " + (_points(row["manual_points"]) if row["manual_points"] is not None
                                                        else "not given yet."))
        if row["manual_comment"]:
            messages.append(f"Comment: {row['manual_comment']}")
    items = "".join(f"<li>{markdown_html(m)}</li>" for m in messages)
    hints = ""
    if row["status"] not in ("passed", "manual") and exercise.get("hints"):
        hint_items = "".join(f"<li>{markdown_html(h)}</li>" for h in exercise["hints"])
        hints = f"<details><summary>Hints</summary><ol>{hint_items}</ol></details>"
    result = f'<span class="{esc(row["status"])}">{esc(LABELS.get(row["status"], row["status"]))}</span>'
    return cells([*head, result, f"{_points(points)} / {_points(row['max_points'])}", f"<ul>{items}</ul>{hints}"],
                 FEEDBACK_HEADERS)


def student_page(assignment: dict, summary: dict) -> str:
    """The feedback page of one student (``summary`` is a row of :func:`student_rows`)."""
    esc = html.escape
    name = assignment.get("name", "Assignment")
    status = summary["status"]
    unread = [r for r in summary["exercises"].values() if r["status"] in ("error", "missing")]
    if status == "ok" and unread:  # never "every answer was read" above rows that could not be
        status = "review"
    reason = f"<p>{esc(STATUS_TEXT.get(status, ''))}</p>"
    if summary["reason"]:
        reason += f"<p>{esc(summary['reason'][:1].upper() + summary['reason'][1:])}.</p>"
    if summary.get("late"):
        reason += (f"<p>Handed in after the due date ({esc(str(assignment.get('due')))}); file time "
                   f"{esc(summary['submitted_at'])}. Your instructor decides what this means.</p>")
    rows = "\n".join(_exercise_row(e, summary["exercises"].get(e["id"])) for e in assignment.get("exercises", []))
    score = f"{_points(summary['total'])} of {_points(summary['max_total'])} points"
    headers = "".join(f"<th>{h}</th>" for h in FEEDBACK_HEADERS)
    body = f"""<h1>Feedback: {esc(name)}</h1>
<p><strong>{esc(summary['student'])}</strong>: {score}.</p>
{reason}
<p>Points come from the public checks you saw in your notebook and from hidden checks the grader
runs on the same answers. Written answers are scored by your instructor.</p>
<table><thead><tr>{headers}</tr></thead>
<tbody>
{rows}
</tbody></table>"""
    return page(f"Feedback: {name}: {summary['student']}", body)


@with_gradebook
def write_feedback(book: Gradebook | str | Path, out_dir, students=None) -> dict[str, Path]:
    """Write ``<out_dir>/<student>.html`` for every graded student (or just ``students``).

    Returns
    -------
    dict
        Each student's id and the page written for them.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    assignment = book.assignment()
    wanted = set(students) if students else None
    written, used = {}, set()
    for summary in student_rows(book):
        if wanted is not None and summary["student"] not in wanted:
            continue
        path = out / f"{unique_name(safe_filename(summary['student']), used)}.html"
        path.write_text(student_page(assignment, summary), encoding="utf-8")
        written[summary["student"]] = path
    return written
