"""``summit-course renumber NN``: number a lesson's exercises 1, 2, 3 ... in the order of its headings.

Ids are labels, so a lesson works with ``3.8`` between ``3.3`` and ``3.4``; renumbering is
only for tidiness, and only before a release (a release's manifest and students' journals
keep the ids they were given). Every mention changes at once, by one mapping: the ``id``
lines of the TOML, the ``### Exercise`` headings, ``check``/``hint``/``quiz`` calls, and
"Exercise 3.4" or "Exercises 3.4 and 3.5" in any solution notebook or exercise file. A
number in another context ("3.4 million") is left alone; :func:`renumber` lists the mentions
it left for the author to read.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .lessons import Course
from .outline import heading_ids, notebook_json

__all__ = ["RenumberError", "renumber"]

ID = r"\d+\.\w+"
#: "Exercise 3.4", "exercises 3.4, 3.5 and 3.6", "Exercises 3.4–3.6".
PROSE = re.compile(rf"\b([Ee]xercises?\s+)({ID}(?:(?:,\s*|\s+and\s+|\s+or\s+|\s*[–-]\s*){ID})*)")
QUOTED = re.compile(rf"""\b(check|hint|quiz)\((\s*)(["'])({ID})\3""")
TOML_ID = re.compile(rf"""^(\s*id\s*=\s*)(["'])({ID})\2""", re.M)


class RenumberError(ValueError):
    """The lesson cannot be renumbered as asked; the message says why."""


def _mapping(course: Course, number: str) -> tuple[Path, dict[str, str]]:
    paths = [p for p in course.notebooks() if p.name[:2] == number]
    if not paths:
        raise RenumberError(f"There is no lesson {number} in {course.solutions}.")
    order = heading_ids(notebook_json(paths[0]))
    n = int(number)
    return paths[0], {old: f"{n}.{i}" for i, old in enumerate(order, 1)}


def _apply(text: str, mapping: dict[str, str]) -> str:
    def prose(match: re.Match) -> str:
        return match.group(1) + re.sub(ID, lambda m: mapping.get(m.group(0), m.group(0)), match.group(2))

    text = PROSE.sub(prose, text)
    text = QUOTED.sub(lambda m: f"{m.group(1)}({m.group(2)}{m.group(3)}{mapping.get(m.group(4), m.group(4))}"
                                f"{m.group(3)}", text)
    return TOML_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}{mapping.get(m.group(3), m.group(3))}{m.group(2)}", text)


def _other_mentions(text: str, moved: set[str], name: str) -> list[str]:
    """Lines where a moved id stands outside the contexts :func:`_apply` rewrites."""
    rest = TOML_ID.sub("", QUOTED.sub("", PROSE.sub("", text)))
    return [f"{name}: {line.strip()[:100]}" for line in rest.splitlines()
            if any(re.search(rf"(?<![\w.]){re.escape(old)}(?![\w.])", line) for old in moved)]


def _check_declared(course: Course, path: Path, order: list[str]) -> None:
    from .declarations import read_declarations

    entries, _ = read_declarations(course.exercise_sources)
    declared = [e.get("id") for e in entries if e.get("lesson") == path.stem]
    missing = [i for i in order if i not in declared] + [i for i in declared if i not in order]
    if missing:
        raise RenumberError(f"{path.name}: exercise {missing[0]} has a heading or a TOML entry but not both; "
                            "fix that first (`summit-course build` says more).")


def renumber(course: Course, number: str) -> tuple[dict[str, str], list[Path], list[str]]:
    """Renumber lesson ``number``'s exercises in heading order.

    Returns the mapping (old id -> new id, changed ones only), the files changed, and the
    lines where an old id stands in another context, for the author to check by hand.

    Raises
    ------
    RenumberError
        For a lesson that does not exist, or whose headings and TOML entries differ.
    """
    path, full = _mapping(course, number)
    _check_declared(course, path, list(full))
    mapping = {old: new for old, new in full.items() if old != new}
    if not mapping:
        return {}, [], []
    changed, others = [], []
    for notebook_path in course.notebooks():
        notebook = nbformat.read(notebook_path, as_version=4)
        sources = [cell.source for cell in notebook.cells]
        for cell in notebook.cells:
            others += _other_mentions(cell.source, set(mapping), notebook_path.name)
            cell.source = _apply(cell.source, mapping)
        if [cell.source for cell in notebook.cells] != sources:
            nbformat.write(notebook, notebook_path)
            changed.append(notebook_path)
    for toml in sorted(course.exercise_sources.glob("*.toml")):
        text = toml.read_text(encoding="utf-8")
        others += _other_mentions(text, set(mapping), toml.name)
        if _apply(text, mapping) != text:
            toml.write_text(_apply(text, mapping), encoding="utf-8")
            changed.append(toml)
    return mapping, changed, others
