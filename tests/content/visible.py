"""Everything a student sees of a lesson, as labelled pieces of plain text.

* the student copy's Markdown and code (built from the solution as ``summit-course build``
  builds it: instructor notes dropped, answers replaced by ``...``);
* the stored outputs of every solution cell the student copy keeps unchanged (a student who
  runs it sees the same), with tables, figures' alt text and feedback as text;
* for each exercise of the lesson, what ``quiz()``, ``hint()`` and ``check()`` can show:
  prompt, options, items, hints, self-check list (from the shipped registry);
* the first view of every widget the lesson displays, found by running the solution in this
  process, and for an explorer, the view after each choice of a drop-down and after each
  search the lesson suggests (the words in backticks just above it, and the box's "e.g.").
"""

from __future__ import annotations

import ast
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from summit_course.authoring.lessons import INSTRUCTOR_TAG, strip_solution

__all__ = ["Piece", "html_text", "lesson_pieces", "registry_pieces", "widget_pieces"]

REGISTRY = Path(__file__).resolve().parents[2] / "src" / "summit_course" / "exercises.json"


@dataclass(frozen=True)
class Piece:
    """One thing a student reads: where it is (``cell`` is its source) and its text."""

    where: str
    cell: str
    text: str


def html_text(markup: str) -> str:
    """Readable text of HTML: tags dropped, entities decoded, alt and label texts kept."""
    labels = re.findall(r'\b(?:alt|aria-label|title)="([^"]*)"', markup)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = re.sub(r"</(td|th|tr|p|li|pre|caption|h\d)>|<br\s*/?>", "\n\n", text, flags=re.I)  # each cell apart
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape("\n\n".join([text, *labels]))


def _output_text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    if "text/html" in data:  # the same content as text/plain, in full and cell by cell
        parts = [html_text("".join(data["text/html"]))]
    else:  # one paragraph a line: a table's rows are separate texts
        parts = ["\n\n".join("".join(data.get("text/plain", "")).splitlines())]
    if "text/markdown" in data:
        parts.append("".join(data["text/markdown"]))
    return "\n\n".join(parts)


def _student_cells(notebook):
    """(solution cell, the student's source, whether the student copy keeps its outputs)."""
    for cell in notebook.cells:
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = strip_solution(cell.source) if cell.cell_type == "code" else cell.source
        yield cell, source, cell.cell_type == "code" and source == cell.source


def lesson_pieces(path: Path) -> list[Piece]:
    """The student copy's text and code, and the solution's outputs that the copy keeps."""
    notebook = nbformat.read(path, as_version=4)
    pieces = []
    for index, (cell, source, kept) in enumerate(_student_cells(notebook)):
        where = f"{path.stem} cell {index} ({cell.cell_type})"
        pieces.append(Piece(where, cell.source, source))
        if kept:
            text = "\n".join(_output_text(o) for o in cell.get("outputs", []))
            pieces.append(Piece(f"{where}, stored output", cell.source, text))
    return pieces


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def registry_pieces(lesson: str) -> list[Piece]:
    """What the shipped registry lets a student see of each exercise of ``lesson``."""
    entries = json.loads(REGISTRY.read_text("utf-8"))
    return [
        Piece(f"{lesson} exercise {e['id']} (prompt, options, hints)", f"exercise {e['id']}",
              "\n".join(_strings({k: v for k, v in e.items() if k not in ("accept", "id", "variable")})))
        for e in entries if e["lesson"] == lesson
    ]


# --- widgets -------------------------------------------------------------------------------

def _widget_text(widget) -> str:
    parts, todo = [], [widget]
    while todo:
        item = todo.pop(0)
        for attr in ("description", "placeholder", "tooltip", "value", "titles"):
            value = getattr(item, attr, None)
            parts.extend(html_text(s) for s in _strings(value))
        options = getattr(item, "options", None) or ()
        parts.extend(str(o[0] if isinstance(o, tuple) else o) for o in options)
        todo.extend(getattr(item, "children", ()) or ())
    return "\n\n".join(parts)  # each label or text its own paragraph


def _suggestions(markdown: str, explorer) -> list[str]:
    """Words the lesson suggests typing: in backticks above the widget, and the box's "e.g."."""
    import ipywidgets as widgets

    words = re.findall(r"`([^`\s()=]+)`", markdown)
    for control in explorer.controls.values():
        if isinstance(control, widgets.Text):
            words += re.findall(r"e\.g\.\s*(\S+)", control.placeholder or "")
    return list(dict.fromkeys(words))


def _explorer_views(explorer, markdown: str) -> list[tuple[str, str]]:
    """The explorer's text after each drop-down choice, and each suggested search in each."""
    import ipywidgets as widgets

    views = [("first view", _widget_text(explorer))]
    menus = {n: c for n, c in explorer.controls.items() if isinstance(c, widgets.Dropdown)}
    boxes = {n: c for n, c in explorer.controls.items() if isinstance(c, widgets.Text)}
    start = {n: c.value for n, c in explorer.controls.items()}
    for name, menu in menus.items():
        for option in menu.options:
            value = option[1] if isinstance(option, tuple) else option
            for word in ["", *(_suggestions(markdown, explorer) if boxes else [])]:
                for box in boxes.values():
                    box.value = word
                menu.value = value
                views.append((f"{name}={value!r}, search {word!r}", _widget_text(explorer)))
        menu.value = start[name]
    for name, box in boxes.items():
        box.value = start[name]
    return views


def _run(source: str, namespace: dict):
    """Run one code cell; return the value of its last line if that line is an expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    return None


def widget_pieces(path: Path) -> list[Piece]:
    """Run the solution here, cell by cell, and render every widget it displays."""
    import ipywidgets as widgets

    from summit_course.explore.base import Explorer

    notebook = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": "__lesson__"}
    pieces, markdown = [], ""
    for index, (cell, _, _) in enumerate(_student_cells(notebook)):
        if cell.cell_type == "markdown":
            markdown += "\n" + cell.source
            continue
        try:
            value = _run(cell.source, namespace)
        except Exception as exc:  # a lesson that cannot run cannot be checked
            raise AssertionError(f"{path.stem} cell {index} failed to run here: {exc!r}") from exc
        if isinstance(value, widgets.Widget):
            views = (_explorer_views(value, markdown) if isinstance(value, Explorer)
                     else [("first view", _widget_text(value))])
            pieces += [Piece(f"{path.stem} cell {index}, widget {value!r}, {label}", cell.source, text)
                       for label, text in views]
        markdown = ""
    return pieces
