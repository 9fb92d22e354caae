"""The learner edition's leak scan: nothing on its pages that the student notebooks do not show.

Reuses the release's scan (:func:`..leaks.leaks`: rubric lines, hidden checks, solution
regions, text and date model answers), keeps only what a student does not see anyway in
``lessons/`` or in what its teaching cells show when run (a table of the trip shows the
summit's date), and adds solution markers in any file
and the words of every rubric line and instructor note.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import nbformat

from ...authoring.lessons import INSTRUCTOR_TAG
from ..leaks import leaks
from .notebooks import uses_answer

__all__ = ["instructor_notes", "site_leaks", "words"]

MARKERS = ("BEGIN SOLUTION", "END SOLUTION")


def words(text: str) -> str:
    """The words of a text (markup, entities and punctuation removed), lower-case, space-joined."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def instructor_notes(solutions: Path) -> list[str]:
    """The first ten words of every instructor note in ``solutions/``, as :func:`words`."""
    notes = []
    for path in sorted(Path(solutions).glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
                body = re.sub(r"^[>\s]*\*\*Instructor note:?\*\*:?", "", cell.source)
                notes.append(" ".join(words(body).split()[:10]))
    return [n for n in notes if n]


def _teaching_outputs(solutions: Path, entries: list[dict], folder: Path) -> Path:
    """Write what the teaching cells of ``solutions/`` show when run into ``folder``, one file a lesson."""
    variables = {e["variable"] for e in entries if e.get("variable")}
    for path in sorted(Path(solutions).glob("[0-9][0-9]-*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        shown = [str(value) for c in cells if c.cell_type == "code" and not uses_answer(c.source, variables)
                 for output in c.get("outputs", []) for value in output.get("data", {}).values()]
        (folder / f"{path.stem}.txt").write_text("\n".join(shown), encoding="utf-8")
    return folder


def site_leaks(site: Path, entries: list[dict], lessons: Path, solutions: Path) -> list[str]:
    """What in ``site`` would reveal an answer or an instructor note; empty when clean."""
    site = Path(site)
    with tempfile.TemporaryDirectory() as scratch:  # a student sees these when running the lesson
        shown = leaks(lessons, entries) + leaks(_teaching_outputs(solutions, entries, Path(scratch)), entries)
    public = {f.split(": ", 1)[1] for f in shown}
    found = [f for f in leaks(site, entries) if f.split(": ", 1)[1] not in public]
    # Markup, smart quotes and entities change a text on a page: compare rubrics and notes by their words.
    secrets = [(f"an instructor note ({note[:40]}...)", note) for note in instructor_notes(solutions)]
    secrets += [(f"a rubric line of {e['id']}", " ".join(words(line).split()[:12]))
                for e in entries for line in e.get("rubric", []) if len(words(line).split()) >= 5]
    for path in sorted(p for p in site.rglob("*") if p.suffix in {".html", ".js", ".ipynb", ".txt", ".md"}):
        text = path.read_text("utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        found += [f"{name}: a solution marker" for marker in MARKERS if marker in text][:1]
        plain = words(text)
        found += [f"{name}: {what}" for what, secret in secrets if secret in plain]
    return found
