"""The generated parts of the course's documents: the README's lesson table and the datasets' row counts.

Nothing here is kept by hand. The README's table (between its ``LESSONS`` markers) lists
the lessons present in ``solutions/``: number, notebook, title from the notebook's heading,
and "after it, a learner can": for a new lesson its **Objectives**, copied again whenever they
change until someone edits the cell in the README; an edited cell is kept as written. A comment
line before the end marker records which cells are copies (and a digest of each, to notice an
edit). ``datasets/README.md``'s first table gets each table's row count from its CSV, and its
opening sentence the number of tables. :func:`planned_documents` returns the new texts; the
build writes them and ``build --check`` reports them when they differ.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from .outline import notebook_json

__all__ = ["LESSONS_BEGIN", "LESSONS_END", "dataset_readme", "lesson_table", "planned_documents"]

LESSONS_BEGIN = "<!-- LESSONS: `summit-course build` writes this table from solutions/; edit the last column only -->"
LESSONS_END = "<!-- END LESSONS -->"
TABLE_HEAD = "| # | notebook | title | after it, a learner can |\n|---|---|---|---|"
ROW = re.compile(r"^\| *(\d+) *\| *`([^`]+)` *\| *(.*?) *\| *(.*?) *\|$", re.M)
#: The line that records which "after it, a learner can" cells are still copies of the Objectives.
COPIES = re.compile(r"^<!-- copied from the lessons' Objectives until edited here: (.*?) -->$", re.M)
COPIES_LINE = "<!-- copied from the lessons' Objectives until edited here: {} -->"
NO_OBJECTIVES = "(write what a learner can do after it)"
COUNTS_HEAD = re.compile(r"^\| table \| rows \| one line \|\n\|[-:| ]+\|\n((?:\|.*\|\n?)*)", re.M)
COUNT_ROW = re.compile(r"^\| *`([^`]+)` *\| *\d* *\| *(.*?) *\|$", re.M)
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                "twenty")


def _markdown(notebook: dict) -> str:
    return "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in notebook.get("cells", []) if c.get("cell_type") == "markdown")


def _title(notebook: dict) -> str:
    found = re.search(r"^# (.+)$", _markdown(notebook), re.M)
    return found.group(1).strip() if found else "Untitled"


def objectives(notebook: dict) -> str:
    """A lesson's **Objectives** bullets as one line: ``put events in order; compute a duration``."""
    section = re.search(r"\*\*Objectives\*\*[^\n]*\n((?:- .*\n?(?:  .*\n?)*)+)", _markdown(notebook))
    if not section:
        return ""
    bullets = [" ".join(b.split()).rstrip(";.") for b in re.split(r"^- ", section.group(1), flags=re.M) if b.strip()]
    return "; ".join(bullets)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _copies(old: str) -> dict[str, str]:
    """``{notebook stem: digest}`` of the cells the last build copied from the Objectives."""
    found = COPIES.search(old)
    return dict(item.split("=", 1) for item in found.group(1).split() if "=" in item) if found else {}


def lesson_table(solutions: list[Path], old: str) -> str:
    """The README's lesson table (with its markers) for the lessons in ``solutions``.

    A lesson's "after it, a learner can" is kept as written in ``old`` when someone wrote it;
    a new lesson gets its Objectives, and they are copied again while the cell is unedited.
    """
    kept = {m.group(2): m.group(4) for m in ROW.finditer(old)}
    copied, copies, rows = _copies(old), {}, []
    for path in solutions:
        notebook = notebook_json(path)
        after = kept.get(path.stem)
        if after is None or copied.get(path.stem) == _digest(after):
            after = objectives(notebook) or NO_OBJECTIVES
            copies[path.stem] = _digest(after)
        rows.append(f"| {path.stem[:2]} | `{path.stem}` | {_title(notebook)} | {after} |")
    note = [COPIES_LINE.format(" ".join(f"{stem}={digest}" for stem, digest in copies.items()))] if copies else []
    return "\n".join([LESSONS_BEGIN, TABLE_HEAD, *rows, *note, LESSONS_END])


def _readme_with_table(readme: str, solutions: list[Path]) -> str:
    start, end = readme.find(LESSONS_BEGIN), readme.find(LESSONS_END)
    if start < 0 or end < start:
        return readme  # a README without the markers is left alone
    end += len(LESSONS_END)
    return readme[:start] + lesson_table(solutions, readme[start:end]) + readme[end:]


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return max(0, sum(1 for _ in csv.reader(handle)) - 1)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0].rstrip(".")


def dataset_readme(text: str, datasets: Path) -> str:
    """``datasets/README.md`` with the first table's row counts, and the number of tables, from the CSVs."""
    package = json.loads((datasets / "datapackage.json").read_text(encoding="utf-8"))
    resources = [r for r in package.get("resources", []) if (datasets / r["path"]).is_file()]
    table = COUNTS_HEAD.search(text)
    if not table:
        return text
    kept = {m.group(1): m.group(2) for m in COUNT_ROW.finditer(table.group(1))}
    rows = "".join(f"| `{r['name']}` | {_rows(datasets / r['path'])} | "
                   f"{kept.get(r['name']) or _first_sentence(r.get('description', ''))} |\n" for r in resources)
    count = len(resources)
    words = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    text = text[:table.start(1)] + rows + text[table.end(1):]
    return re.sub(r"^These \w+ tables", f"These {words} tables", text, count=1, flags=re.M)


def planned_documents(course) -> dict[Path, str]:
    """The course's documents with their generated parts brought up to date (only those that exist)."""
    planned = {}
    readme = course.root / "README.md"
    if readme.is_file():
        planned[readme] = _readme_with_table(readme.read_text(encoding="utf-8"), course.notebooks())
    data_readme = course.datasets / "README.md"
    if data_readme.is_file() and (course.datasets / "datapackage.json").is_file():
        planned[data_readme] = dataset_readme(data_readme.read_text(encoding="utf-8"), course.datasets)
    return planned
