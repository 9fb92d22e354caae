"""The datasets a student release ships: as they stood on the knowledge date of its lessons.

Each lesson declares in its metadata (``course.knowledge_date``) the day up to which it may
show anything. ``load()`` already cuts the tables to that day, but a student can open the
CSV files themselves. So a release writes every table as ``load(name, as_of=day)`` shows it,
``day`` being the latest knowledge date at which the released lessons load them (a lesson that
calls no ``as_of`` loads them whole, and so does its release): rows dated later are left
out and the columns written with hindsight (a forecast's resolution, a limit's outcome) are
blank. A release of lessons 00-03 therefore carries no outcome on disk; the release that
includes lesson 04 or later carries them. The released ``datapackage.json`` no longer requires
the blanked columns and says in each table's description why they are empty; the audit
tables keep only the shipped rows, and the data dictionary (``README.md``), which describes
the later rows too, gives way to a short list of the tables.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .. import knowledge
from ..data import PACKAGE_FILE, _load_whole

__all__ = ["release_day", "write_cut_tables"]

BLANK_NOTE = (" In this release the columns {columns} are blank, and rows dated after {day} are left out: "
              "they tell what happened later, and a later lesson's release brings them.")


def _loads_as_of(notebook) -> str | None:
    """The knowledge date a lesson loads its tables at: its declared one, if its code calls ``as_of``."""
    day = (notebook.metadata.get("course") or {}).get("knowledge_date")
    calls = any(c.cell_type == "code" and "as_of(" in c.source for c in notebook.cells)
    return str(day) if day and calls else None


def release_day(notebooks) -> str | None:
    """The latest day the released lessons load their tables at, or ``None`` if one loads them whole."""
    days = [_loads_as_of(nb) for nb in notebooks]
    if not days or any(day is None for day in days):
        return None
    return max(days)


def _raw(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _written(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _cut_rows(name: str, rows: list[list[str]], day) -> tuple[list[list[str]], list[str]]:
    """The header and the rows ``load(name, as_of=day)`` shows, hindsight blank; and the blanked columns."""
    header, body = rows[0], rows[1:]
    frame = _load_whole(name)
    frame["__row"] = range(len(frame))
    kept = knowledge.cut(name, frame, day, lambda: _load_whole("sources"))
    hidden = [c for c in knowledge.HINDSIGHT.get(name, (None, ()))[1] if c in header]
    out = []
    for position, record in zip(kept["__row"], kept.itertuples(index=False)):
        row = list(body[position])
        for column in hidden:
            if knowledge_blank(getattr(record, column)):
                row[header.index(column)] = ""
        out.append(row)
    blanked = [c for c in hidden if any(r[header.index(c)] == "" for r in out) and any(
        r[header.index(c)] != "" for r in body)]
    return [header, *out], blanked


def knowledge_blank(value) -> bool:
    """Whether a cut left this cell empty (``NaN``, ``NaT``, ``<NA>``)."""
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cut_audit(folder: Path, kept: dict[str, set[str]]) -> None:
    """Keep in each ``audit/*.csv`` only the rows of rows still shipped, and no hindsight column's code."""
    hindsight = {(table, column) for table, (_, columns) in knowledge.HINDSIGHT.items() for column in columns}
    for path in sorted((folder / "audit").glob("*.csv")):
        rows = _raw(path)
        header, body = rows[0], rows[1:]
        if not {"table", "row_id", "column"} <= set(header):
            continue
        table, row_id, column = (header.index(c) for c in ("table", "row_id", "column"))
        body = [r for r in body if r[row_id] in kept.get(r[table], set()) and (r[table], r[column]) not in hindsight]
        path.write_text(_written([header, *body]), encoding="utf-8")


def _stand_in_readme(package: dict, day: str) -> str:
    """The data dictionary tells how every row was coded, later ones included: a cut release gets this."""
    lines = [f"# The course's datasets, as they stood on {day}", "",
             f"This release holds each table as it stood on {day}: rows dated later are left out, and so "
             "is the full data dictionary, which describes them. A release of a later lesson brings both. "
             "`coding-rules.md` gives the rules every coded column follows.", ""]
    lines += [f"- `{r['name']}` ({r['path']}): {r.get('description', '')}" for r in package["resources"]]
    return "\n".join(lines) + "\n"


def write_cut_tables(folder: Path, day: str) -> None:
    """Rewrite the copied ``folder`` (a bundle's ``datasets/``) as it stood on ``day``.

    ``load`` must read the course's own datasets while this runs (``course_data``), so each
    table is dated from the whole ``sources`` table, not from an already cut copy.
    """
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    kept: dict[str, set[str]] = {}
    for resource in package["resources"]:
        path = folder / resource["path"]
        rows, blanked = _cut_rows(resource["name"], _raw(path), day)
        path.write_text(_written(rows), encoding="utf-8")
        kept[resource["name"]] = {row[0] for row in rows[1:]}
        if blanked:
            for field in resource["schema"]["fields"]:
                if field["name"] in blanked:
                    field.get("constraints", {}).pop("required", None)
            columns = ", ".join(f"`{c}`" for c in blanked)
            resource["description"] = resource.get("description", "") + BLANK_NOTE.format(columns=columns, day=day)
    (folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if (folder / "audit").is_dir():
        _cut_audit(folder, kept)
    if (folder / "README.md").is_file():
        (folder / "README.md").write_text(_stand_in_readme(package, day), encoding="utf-8")
