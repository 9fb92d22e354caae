"""Text from a dataset or from a student never becomes markup: in every widget and on every page.

A script tag goes into every free-text field of every table (a copy of ``datasets/``) and into a
student's answers and name; each exploring widget, a check's feedback, and the feedback and report
pages built from that student's grades must show it escaped, never as a tag.
"""

from __future__ import annotations

import csv
import json
import pkgutil
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest

from summit_course import checks, explore, registry
from summit_course.explore.browse import browse
from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = '<script>alert("x")</script>'
RAW, ESCAPED = "<script>alert", "&lt;script&gt;alert"
EXPLORERS = sorted(m.name for m in pkgutil.iter_modules(explore.__path__) if m.name != "base")
#: Explorers that show only codes, numbers and their own words (the transfer model: aim ids and scores).
SHOWS_NO_FREE_TEXT = {"transfer_model"}


def _free_text(schema: dict) -> list[str]:
    """A table's text fields that take any words (no list of values, no pattern, no key, no reference)."""
    keys = set(schema.get("primaryKey", [])) | {f for k in schema.get("foreignKeys", []) for f in k["fields"]}
    return [f["name"] for f in schema["fields"]
            if f.get("type", "string") == "string" and not {"enum", "pattern"} & set(f.get("constraints", {}))
            and f["name"] not in keys and not f["name"].endswith("_id")]


@pytest.fixture
def scripted_data(tmp_path, monkeypatch):
    """A copy of the datasets with the script at the start of every free-text value; the tables changed."""
    folder = shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    changed = []
    for resource in json.loads((folder / "datapackage.json").read_text("utf-8"))["resources"]:
        fields = _free_text(resource["schema"])
        path = folder / resource["path"]
        if not fields or path.suffix != ".csv":
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row.update({f: f"{SCRIPT} {row[f]}" for f in fields if row[f]})
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        changed.append(resource["name"])
    monkeypatch.setenv("SUMMIT_DATA", str(folder))
    return changed


def _markup(widget) -> str:
    """Every piece of HTML a widget and its children show."""
    parts = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        parts.append(_markup(child))
    return "\n".join(parts)


def test_the_browser_shows_a_script_in_any_table_as_text(scripted_data):
    assert len(scripted_data) >= 5
    explorer = browse()
    for table in scripted_data:
        explorer.controls["table"].value = table
        shown = _markup(explorer)
        assert RAW not in shown and ESCAPED in shown, table


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_shows_a_script_in_the_data_as_text(scripted_data, name):
    explorer = getattr(explore, name)()
    shown = _markup(explorer)
    assert explorer.result is not None, f"{name} could not update: {shown[-300:]}"
    assert RAW not in shown
    assert (ESCAPED in shown) == (name not in SHOWS_NO_FREE_TEXT)


def _quoting_exercises() -> list[str]:
    """Exercises whose feedback quotes a wrong answer back (a date, a choice)."""
    return [next(e.id for e in registry.exercises().values() if e.kind == kind) for kind in ("date", "choice")]


@pytest.mark.parametrize("exercise_id", _quoting_exercises())
def test_a_checks_feedback_quotes_a_students_script_as_text(exercise_id, monkeypatch):
    monkeypatch.setenv("SUMMIT_JOURNAL", "off")
    shown = checks.check(exercise_id, SCRIPT)._repr_html_()
    assert RAW not in shown and ESCAPED in shown


def test_feedback_and_report_pages_show_a_students_script_as_text(tmp_path, monkeypatch):
    from summit_course.reports.feedback import write_feedback
    from summit_course.reports.report import write_report

    monkeypatch.setenv("SUMMIT_JOURNAL", "off")
    date_id, choice_id = _quoting_exercises()
    said = {i: checks.check(i, SCRIPT).messages for i in (date_id, choice_id)}
    assignment = {"name": "Lesson 0", "exercises": [{"id": date_id, "points": 1}, {"id": choice_id, "points": 1},
                                                    {"id": "0.13", "points": 2}]}
    student = SubmissionRecord(SCRIPT, f"{SCRIPT}.ipynb", "sha", "fp", "review", f"{SCRIPT} in a cell", [
        AnswerRecord(date_id, "incorrect", 0.0, 1.0, 3, 1, messages=tuple(said[date_id])),
        AnswerRecord(choice_id, "incorrect", 0.0, 1.0, 3, 1, messages=tuple(said[choice_id])),
        AnswerRecord("0.13", "manual", None, 2.0, 2, 2, answer=SCRIPT),
    ])
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(assignment)
        book.record(student)
        book.set_manual([(SCRIPT, "0.13", 1.0, SCRIPT)])
        pages = [*write_feedback(book, tmp_path / "feedback").values(), write_report(book, tmp_path / "report.html")]
    for page in pages:
        text = page.read_text("utf-8")
        assert RAW not in text and ESCAPED in text, page.name
        assert text.count(ESCAPED) >= 3, page.name  # the name, the reason and the quoted answers or comment
