"""Single-source authoring: ``solutions/`` is the source, ``lessons/`` is built from it.

The build, like otter assign and nbgrader's release step:

* code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes ``name = ...``,
  where ``name`` is the last variable the region assigns (the exercise's answer variable);
* markdown cells tagged ``instructor`` are dropped;
* outputs, execution counts and widget state are cleared;
* the navigation lines (cells starting ``<!--NAV-->``) are regenerated from the titles.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..names import last_assignment

__all__ = ["Course", "build", "lesson_from_solution", "navigation", "strip_solution", "title_of"]

NAV_MARK = "<!--NAV-->"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
REGION = re.compile(rf"^[ \t]*{BEGIN}[^\n]*\n(.*?)^[ \t]*{END}[^\n]*(\n|$)", re.S | re.M)
INSTRUCTOR_TAG = "instructor"
#: A code cell whose output is one student's own (their journal, their forecasts): the site hides it.
PERSONAL_TAG = "personal"
KEPT_METADATA = ("kernelspec", "language_info", "course")


def _below_root(*parts: str) -> property:
    """A read-only attribute of a :class:`Course`: the path ``parts`` below its root."""
    return property(lambda course: course.root.joinpath(*parts))


@dataclass(frozen=True)
class Course:
    """Where a course's folders are."""

    root: Path
    solutions = _below_root("solutions")
    lessons = _below_root("lessons")
    exercise_sources = _below_root("solutions", "exercises")
    datasets = _below_root("datasets")
    #: The hashed exercise registry the course's package ships.
    registry = _below_root("src", "summit_course", "exercises.json")

    def notebooks(self) -> list[Path]:
        """The solution notebooks, in lesson order."""
        return sorted(self.solutions.glob("[0-9][0-9]-*.ipynb"))


def _assignment(code: str) -> tuple[str | None, bool]:
    """The last name a solution assigns, and whether its value is a text in triple quotes."""
    found = last_assignment(code)
    if found is None:
        return None, False
    name, value = found
    segment = (ast.get_source_segment(code, value) or "") if value is not None else ""
    written = (isinstance(value, ast.Constant) and isinstance(value.value, str)
               and segment.lstrip("rbuRBU").startswith(('"""', "'''")))
    return name, written


def strip_solution(source: str) -> str:
    """Replace each solution region with a placeholder ``name = ...``.

    A written answer (a text in triple quotes) becomes ``name`` = three quotes around ``...``, so a student
    writes between the quotes and Enter cannot break the string; the check reads a text
    that is still ``...`` as not attempted.
    """

    def placeholder(match: re.Match) -> str:
        indent = re.match(r"[ \t]*", match.group(0)).group(0)
        name, written = _assignment(textwrap.dedent(match.group(1)))
        value = '"""..."""' if written else "..."
        line = f"{indent}{name} = {value}" if name else f"{indent}..."
        return line + match.group(2)

    return REGION.sub(placeholder, source)


def title_of(notebook) -> str:
    """The text of the notebook's first ``# `` heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Untitled"


def navigation(paths: list[Path], titles: list[str], index: int) -> str:
    """The navigation line for lesson ``index`` (previous | contents | next)."""
    parts = []
    if index > 0:
        parts.append(f"[← {paths[index - 1].name[:2]} {titles[index - 1]}]({paths[index - 1].name})")
    parts.append("[Contents](../README.md#lessons)")
    if index < len(paths) - 1:
        parts.append(f"[{paths[index + 1].name[:2]} {titles[index + 1]} →]({paths[index + 1].name})")
    return f"{NAV_MARK}\n" + " | ".join(parts)


def with_navigation(notebook, nav: str):
    """Put ``nav`` in the first and last cells, replacing any old navigation cells."""
    cells = [c for c in notebook.cells if not c.source.startswith(NAV_MARK)]
    first = nbformat.v4.new_markdown_cell(nav)
    last = nbformat.v4.new_markdown_cell(nav)
    old = [c for c in notebook.cells if c.source.startswith(NAV_MARK)]
    for new, previous in zip((first, last), (old[:1] or [None]) + (old[-1:] or [None])):
        if previous is not None and "id" in previous:
            new["id"] = previous["id"]
    notebook.cells = [first, *cells, last]
    return notebook


def lesson_from_solution(notebook):
    """Build the student copy of one solution notebook (a new object)."""
    lesson = nbformat.from_dict(nbformat.v4.new_notebook())
    lesson.metadata = {k: v for k, v in notebook.metadata.items() if k in KEPT_METADATA}
    for cell in notebook.cells:
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        copy = nbformat.from_dict(dict(cell))
        copy.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
        if copy.cell_type == "code":
            copy.source = strip_solution(copy.source)
            copy.outputs = []
            copy.execution_count = None
        lesson.cells.append(copy)
    return lesson


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _text(notebook) -> str:
    return nbformat.writes(notebook).rstrip("\n") + "\n"


def planned_files(course: Course) -> dict[Path, str]:
    """Every file the build writes, with its content: solutions (nav) and lessons."""
    paths = course.notebooks()
    notebooks = [_read(p) for p in paths]
    titles = [title_of(nb) for nb in notebooks]
    planned = {}
    for index, (path, notebook) in enumerate(zip(paths, notebooks)):
        with_navigation(notebook, navigation(paths, titles, index))
        planned[path] = _text(notebook)
        planned[course.lessons / path.name] = _text(lesson_from_solution(notebook))
    return planned


def planned_build(course: Course) -> dict[Path, str]:
    """Every file the build writes, with its content: solutions (navigation), lessons, the
    registry (compiled over the course's own datasets) and the generated tables of the READMEs.

    Raises
    ------
    ExerciseError
        When an exercise declaration is broken (nothing is written then).
    """
    from ..data import course_data
    from .exercises import registry_text
    from .generated import planned_documents

    planned = planned_files(course)
    if course.exercise_sources.is_dir():
        with course_data(course.root):
            planned[course.registry] = registry_text(course.exercise_sources)
    planned.update(planned_documents(course))
    return planned


def build(course: Course, check_only: bool = False, planned: dict[Path, str] | None = None) -> list[Path]:
    """Build ``lessons/`` (and refresh navigation, the registry and the READMEs' generated tables).

    Returns the files that were (or, with ``check_only``, would be) changed. ``planned``:
    what :func:`planned_build` returned, when the caller has it already.
    """
    planned = planned_build(course) if planned is None else planned
    stale = [p for p, text in planned.items() if not p.is_file() or p.read_text("utf-8") != text]
    expected_lessons = {p.name for p in planned if p.parent == course.lessons}
    extra = [p for p in course.lessons.glob("*.ipynb") if p.name not in expected_lessons]
    if not check_only:
        course.lessons.mkdir(exist_ok=True)
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(planned[path], encoding="utf-8")
        for path in extra:
            path.unlink()
    return stale + extra
