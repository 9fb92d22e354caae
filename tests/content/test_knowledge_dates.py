"""Every lesson shows nothing that was not public by its knowledge date.

Each solution notebook declares ``{"course": {"knowledge_date": "YYYY-MM-DD"}}``. The test
renders what a student sees of the lesson (:mod:`tests.content.visible`: text, code, kept
outputs, quiz options and hints, widgets' first views and suggested searches) and every file
the lesson links to or names, link after link (:mod:`tests.content.links`: the README's lesson
table behind "Contents", the datasets' documents), and fails on a date after the knowledge
date, on the id, the words or a name of a row dated after it, and on code that picks a column
written with hindsight (:mod:`tests.content.later`).

A date that may stand (a deadline in a forecast question, a plan announced in advance) is
allowed only by an entry of :data:`ALLOWED`, which names the lesson, the cell, the words
and the reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import nbformat
import pytest

from summit_course import knowledge

from .later import findings
from .links import linked_pieces
from .visible import lesson_pieces, registry_pieces, widget_pieces

#: The course checked: this one, or SUMMIT_COURSE_ROOT (a copy with a lesson added; tests/authoring/test_new_lesson.py).
ROOT = Path(os.environ.get("SUMMIT_COURSE_ROOT") or Path(__file__).resolve().parents[2])
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))


@dataclass(frozen=True)
class Allowed:
    """Words that may stand in one cell of one lesson, and why."""

    lesson: str
    cell: str  # a snippet of the cell's source (or "exercise N.N")
    words: tuple[str, ...]
    reason: str


ALLOWED = [
    Allowed("01-the-summit", "explore.forecast_sliders(", ("2024", "2025", "29 May 2025", "30 April 2024"),
            "the forecast questions name their own deadlines (a future the student is asked about), and "
            "known_then once gave the Panel's mandate end (resolution 2680, March 2023); it no longer does"),
    Allowed("01-the-summit", "North Korea's satellite rocket had failed twice", ("October",),
            "Pyongyang had promised in August a third launch attempt in October: a plan known then"),
]


def knowledge_date(notebook, name: str = "this lesson") -> date:
    declared = notebook.metadata.get("course", {}).get("knowledge_date")
    assert declared, f'{name}: declare {{"course": {{"knowledge_date": "YYYY-MM-DD"}}}} in the notebook metadata'
    return date.fromisoformat(declared)


def _allowed(lesson: str, cell: str, words: str) -> Allowed | None:
    return next((a for a in ALLOWED if a.lesson == lesson and a.cell in cell and words in a.words), None)


def leaks(path: Path) -> tuple[list[str], set]:
    """Every later thing the lesson shows, as readable lines, and the allowances it used."""
    day = knowledge_date(nbformat.read(path, as_version=4), path.stem)
    pieces = lesson_pieces(path) + registry_pieces(path.stem) + widget_pieces(path)
    problems, used = [], set()
    for piece, dated in [(p, True) for p in pieces] + linked_pieces(pieces, ROOT):
        code = "(code)" in piece.where
        for found in findings(piece.text, day, code=code):
            if found.kind == "date" and not dated:
                continue  # the rest of a page opened at an anchor: its dates are the course's own
            allowance = _allowed(path.stem, piece.cell, found.words)
            if allowance:
                used.add(allowance)
                continue
            at = piece.text.lower().find(found.words.lower())
            context = re.sub(r"\s+", " ", piece.text[max(at - 60, 0):at + len(found.words) + 60])
            problems.append(f"{piece.where}: {found.words!r} is {found.why}\n    …{context}…")
    return problems, used


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    return tmp_path_factory.mktemp("journal") / "journal.jsonl"


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_lesson_shows_nothing_after_its_knowledge_date(path, journal, monkeypatch):
    from summit_course.journal import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(journal))
    knowledge.as_of(None)
    try:
        problems, _ = leaks(path)
    finally:
        knowledge.as_of(None)
    assert not problems, (f"{len(problems)} thing(s) after the knowledge date:\n" + "\n".join(problems))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_lesson_declares_a_knowledge_date(path):
    knowledge_date(nbformat.read(path, as_version=4), path.stem)


def test_a_lesson_that_cuts_the_tables_cuts_them_at_its_knowledge_date():
    """``as_of(...)`` in a setup cell must name the same day as the metadata."""
    for path in SOLUTIONS:
        notebook = nbformat.read(path, as_version=4)
        setup = next(c.source for c in notebook.cells if c.cell_type == "code")
        called = re.findall(r"""as_of\(\s*["'](\d{4}-\d\d-\d\d)["']\s*\)""", setup)
        assert all(date.fromisoformat(d) == knowledge_date(notebook, path.stem) for d in called), path.stem


def test_every_allowance_names_a_lesson_and_a_cell_that_exist():
    """A stale allowance would hide a future leak in a cell that was rewritten."""
    for allowance in ALLOWED:
        path = ROOT / "solutions" / f"{allowance.lesson}.ipynb"
        cells = [c.source for c in nbformat.read(path, as_version=4).cells]
        assert any(allowance.cell in c for c in cells), allowance
        assert allowance.reason.strip(), allowance
