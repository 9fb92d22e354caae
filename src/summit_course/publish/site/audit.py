"""The learner edition's leak scan: nothing on its pages that the student notebooks do not show.

Reuses the release's scan (:func:`..leaks.leaks`: rubric lines, hidden checks, solution
regions, text and date model answers), keeps only what a student does not see anyway in
``lessons/`` or in what its teaching cells show when run (a table of the trip shows the
summit's date; not a ``personal`` cell, whose output is one person's run), and adds
solution markers in any file, the words of every rubric line and instructor note, and
numeric model answers of three or more digits (``0.374``) outside ``lessons/``.
:func:`public_problems` also refuses any page of the instructor edition.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import nbformat

from ...authoring.exercises import model_answer
from ...authoring.lessons import INSTRUCTOR_TAG, PERSONAL_TAG
from ..leaks import leaks
from .notebooks import answer_names, shows_answer
from .pages import INSTRUCTOR_BANNER

__all__ = ["instructor_notes", "numeric_answers", "public_problems", "site_leaks", "words"]

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


def _teaching_outputs(solutions: Path, folder: Path) -> Path:
    """Write what the teaching cells of ``solutions/`` show when run into ``folder``, one file a lesson."""
    for path in sorted(Path(solutions).glob("[0-9][0-9]-*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        answers = answer_names(cells)
        shown = [str(value) for c in cells if c.cell_type == "code" and not shows_answer(c.source, answers)
                 and PERSONAL_TAG not in c.get("metadata", {}).get("tags", [])
                 for output in c.get("outputs", []) for value in output.get("data", {}).values()]
        (folder / f"{path.stem}.txt").write_text("\n".join(shown), encoding="utf-8")
    return folder


def numeric_answers(entries: list[dict]) -> list[tuple[str, re.Pattern]]:
    """The numeric model answers with three or more digits, as patterns that find them in a text."""
    found = []
    for entry in entries:
        if entry["kind"] not in ("number", "integer"):
            continue
        try:
            value = float(model_answer(entry))
        except Exception:  # noqa: BLE001 - an answer that cannot be computed here is not searched for
            continue
        decimals = entry.get("decimals", 3) if entry["kind"] == "number" else 0
        text = f"{value:.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text  # pandas shows 0.140 as 0.14
        if len(text.replace(".", "").replace("-", "").lstrip("0")) >= 3:
            more = r"\d*" if "." in text else r"(?!\.?\d)"  # 0.3740625 shows 0.374 too; 16020 is not 1602
            found.append((f"the numeric answer to {entry['id']} ({text})",
                          re.compile(rf"(?<![\d.]){re.escape(text)}{more}")))
    return found


def _numbers(folder: Path, answers) -> list[str]:
    """``name: what`` for each numeric answer in the text (not the markup) of ``folder``'s pages."""
    found = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.suffix in {".html", ".ipynb", ".txt", ".md"}):
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)))
        name = path.relative_to(folder).as_posix()
        found += [f"{name}: {what}" for what, pattern in answers if pattern.search(text)]
    return found


def site_leaks(site: Path, entries: list[dict], lessons: Path, solutions: Path) -> list[str]:
    """What in ``site`` would reveal an answer or an instructor note; empty when clean."""
    site = Path(site)
    with tempfile.TemporaryDirectory() as scratch:  # a student sees these when running the lesson
        shown = leaks(lessons, entries) + leaks(_teaching_outputs(solutions, Path(scratch)), entries)
    public = {f.split(": ", 1)[1] for f in shown}
    found = [f for f in leaks(site, entries) if f.split(": ", 1)[1] not in public]
    numbers = numeric_answers(entries)  # a student sees lessons/ anyway; a page's outputs are one run's
    public |= {f.split(": ", 1)[1] for f in _numbers(lessons, numbers)}
    found += [f for f in _numbers(site, numbers) if f.split(": ", 1)[1] not in public]
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


def public_problems(folder: Path, entries: list[dict], lessons: Path, solutions: Path) -> list[str]:
    """What in a folder to publish is not for students: instructor pages, and :func:`site_leaks`."""
    folder = Path(folder)
    found = []
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        text = path.read_text("utf-8", errors="replace")
        if "instructor" in name.split("/") or INSTRUCTOR_BANNER in text or 'content="noindex"' in text:
            found.append(f"{name}: a page of the instructor edition")
    found += [f"site/{f}" for f in site_leaks(folder / "site", entries, lessons, solutions)]
    if (folder / "lite" / "files").is_dir():  # the lessons and data JupyterLite serves
        found += [f"lite/files/{f}" for f in leaks(folder / "lite" / "files", entries, scan_answers_in=())]
    return found
