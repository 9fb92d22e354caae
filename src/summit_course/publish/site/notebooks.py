"""Turn one solution notebook into a site page (a notebook MyST-NB renders), per edition.

* **learner**: the same rules as ``lessons/`` (answers become ``...``, instructor notes
  dropped) but the stored outputs of teaching cells stay. An answer cell (one that holds a
  solution region), a check cell, and a cell that reads a name this lesson's answer cells
  assign (read by :mod:`ast`, not found in text) lose their outputs; a ``personal`` cell
  (its output is one student's journal or forecasts) shows a note instead.
* **instructor**: the solution as it is, with instructor notes and each exercise's points
  and rubric set apart in boxes.

Both: the overview and key points become boxes, a "run this lesson" box follows the title
(download, JupyterLite, Binder, a local install), widgets (whose state is not stored) become
their alt text and a link to run them live. The lesson's own previous/next lines are left
out: the theme's navigation serves.
"""

from __future__ import annotations

import re

import nbformat

from ...authoring.lessons import BEGIN, INSTRUCTOR_TAG, NAV_MARK, PERSONAL_TAG, strip_solution
from ...names import assigned_names, read_names
from ...widget_fallback import FALLBACK_CLASS
from .frame import SiteError, key_points_box, live_box, note_box, overview_boxes, rubric_box
from .render import render

__all__ = ["EDITIONS", "answer_names", "page_notebook", "shows_answer", "widget_alt"]

EDITIONS = ("learner", "instructor")
WIDGET = "application/vnd.jupyter.widget-view+json"
REPR = re.compile(r"^(?P<kind>\w+)\((?P<q>['\"])(?P<text>.*)(?P=q)\)$", re.S)
EXERCISE = re.compile(r"^#{3}\s*Exercise\s+(\d+\.\w+)", re.M)
PERSONAL_NOTE = "Your own result appears here when you run the lesson."


def widget_alt(text_plain: str, entries_by_id: dict) -> str:
    """A widget's alt text: an explorer's title, or a quiz's id and prompt."""
    match = REPR.match(text_plain.strip())
    if not match:
        return "an interactive widget"
    kind, text = match["kind"], match["text"]
    entry = entries_by_id.get(text)
    if entry is not None:
        prompt = entry.get("prompt", entry.get("objective", ""))
        return f"Quiz {text}: {prompt}".strip(": ")
    return f"{kind}: {text}" if kind != "Explorer" else f"Explorer: {text}"


def _fallback(output, entries_by_id, lite_href):
    """A static stand-in for a widget output: its alt text and where to run it."""
    alt = widget_alt(output.get("data", {}).get("text/plain", ""), entries_by_id).rstrip(".")
    markup = render("widget.html", alt=alt, lite=lite_href).strip()
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": f"[Widget: {alt}]"})


def _personal_note():
    """What a learner page shows instead of a ``personal`` cell's output (one person's run)."""
    markup = render("personal.html", note=PERSONAL_NOTE).strip()
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": PERSONAL_NOTE})


def _outputs(cell, keep: bool, entries_by_id, lite_href) -> list:
    """The outputs a page shows: widgets become fallbacks; others kept only if ``keep``."""
    shown = []
    for output in cell.get("outputs", []):
        if FALLBACK_CLASS in str(output.get("data", {}).get("text/html", "")):
            continue  # the notebook's own "run this cell again" line: the page has its stand-in below
        if WIDGET in output.get("data", {}):
            shown.append(_fallback(output, entries_by_id, lite_href))
        elif keep and output.get("output_type") != "error" and output.get("name") != "stderr":
            shown.append(output)
    return shown


def _image_alt(cell, code, stem: str) -> None:
    """Give a bare image output (not a course ``charts.show`` figure) the cell's ``alt`` metadata."""
    bare = [o for o in code.outputs if any(k.startswith("image/") for k in o.get("data", {}))
            and "text/html" not in o.get("data", {})]
    if not bare:
        return
    alt = cell.metadata.get("alt") or cell.metadata.get("caption")
    if not alt:
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        raise SiteError(f"{stem}: the figure of the cell starting {first!r} has no alt text. Draw it with "
                        "charts.show(fig, alt=...), or give the cell an 'alt' metadata entry.")
    code.metadata["mystnb"] = {"image": {"alt": alt}}


def answer_names(cells) -> set[str]:
    """The names a lesson's answer cells (code cells holding a solution region) assign."""
    return set().union(*(assigned_names(c.source) for c in cells if c.cell_type == "code" and BEGIN in c.source))


def shows_answer(source: str, answers: set[str]) -> bool:
    """Whether a code cell is an answer or a check, or reads a name in ``answers`` (:func:`answer_names`)."""
    return BEGIN in source or re.search(r"\bcheck\(", source) is not None or bool(read_names(source) & answers)


def _markdown(cell, edition: str, stem: str, entries_by_id: dict, seen: dict) -> list[str]:
    """The markdown sources a page shows for one markdown cell (none, one, or two)."""
    source = cell.source
    if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
        return [note_box(source)] if edition == "instructor" else []
    if source.startswith(NAV_MARK):  # the theme has previous/next links and a contents sidebar
        return []
    if "**Objectives**" in source:
        seen["**Objectives** block"] = True
        return [overview_boxes(source, stem)]
    if source.startswith("## Key points"):
        seen["'## Key points' cell"] = True
        return [key_points_box(source, stem)]
    exercise = EXERCISE.search(source)
    if edition == "instructor" and exercise and exercise.group(1) in entries_by_id:
        return [source, rubric_box(entries_by_id[exercise.group(1)])]
    return [source]


def page_notebook(solution, edition: str, stem: str, entries: list[dict], links: dict):
    """The page for one lesson in ``edition``; ``links`` as :meth:`.build.SiteSettings.links` gives them."""
    if edition not in EDITIONS:
        raise SiteError(f"Unknown edition {edition!r}; choose one of {', '.join(EDITIONS)}.")
    by_id = {e["id"]: e for e in entries}
    answers = answer_names(solution.cells)
    page = nbformat.v4.new_notebook()
    page.metadata = {k: v for k, v in solution.metadata.items() if k in ("kernelspec", "language_info")}
    seen, titled = {}, False
    for cell in solution.cells:
        if cell.cell_type == "markdown":
            for text in _markdown(cell, edition, stem, by_id, seen):
                page.cells.append(nbformat.v4.new_markdown_cell(text))
            if not titled and re.search(r"^# ", cell.source, re.M):
                titled = True
                title = re.search(r"^# (.*)$", cell.source, re.M).group(1).strip()
                page.cells.append(nbformat.v4.new_markdown_cell(live_box(title, links, edition == "learner")))
            continue
        if cell.cell_type != "code":
            continue
        learner = edition == "learner"
        keep = not (learner and shows_answer(cell.source, answers))
        code = nbformat.v4.new_code_cell(strip_solution(cell.source) if learner else cell.source)
        code.outputs = _outputs(cell, keep, by_id, links["lite"])
        if learner and PERSONAL_TAG in cell.get("metadata", {}).get("tags", []):
            code.outputs = [_personal_note()]
        _image_alt(cell, code, stem)
        page.cells.append(code)
    missing = [part for part in ("**Objectives** block", "'## Key points' cell") if part not in seen]
    if not titled or missing:
        raise SiteError(f"{stem}: the lesson has no " + ("'# Title'" if not titled else missing[0])
                        + " (docs/authoring.md lists the lesson frame).")
    for number, cell in enumerate(page.cells):  # stable ids: the same source gives the same page
        cell["id"] = f"{stem[:2]}-{number:03d}"
    return page
