"""Validate ``datasets/``: the schema through frictionless, then the course's own rules across fields.

Every problem is one line naming the file, the row (as a spreadsheet numbers it: the
header is row 1, so row 8 is line 8 of the file), the row's id and the field. A row with too few or too many values is
reported once, with the column most likely missing (or holding an unquoted comma), instead of the misleading errors of
every value that shifted. The rules frictionless cannot express (a date range in order,
a phase that matches its date, a low estimate not above the high one) are in
:mod:`.data_rules`.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

from ..dates import how_to_write
from ..typed_columns import boolean_fix, boolean_values, not_one_of
from .data_rules import rule_problems

__all__ = ["DatasetProblems", "dataset_problems", "row_label"]


class DatasetProblems(ValueError):
    """The datasets break their schema or the course's rules; ``problems`` holds one line for each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem{'s' * (len(self.problems) != 1)} in datasets/ (nothing "
                         "was built):\n  " + "\n  ".join(self.problems))


def row_label(table: str, row: int, key: str | None, key_value: str | None, field: str | None = None) -> str:
    """``events.csv, row 6 (event_id=unsc_prst_2022), field 'phase'``."""
    label = f" ({key}={key_value})" if key and key_value else ""
    return f"{table}.csv, row {row}{label}" + (f", field '{field}'" if field else "")


def _fits(field: dict, value: str) -> bool:
    """Whether one text value could belong to a field (type, enum, pattern, required)."""
    kind, constraints = field.get("type", "string"), field.get("constraints", {})
    if value == "":
        return not constraints.get("required")
    patterns = {"date": r"\d{4}-\d{2}-\d{2}", "integer": r"-?\d+", "number": r"-?\d+(\.\d+)?([eE]-?\d+)?"}
    if kind in patterns and not re.fullmatch(patterns[kind], value):
        return False
    if kind == "boolean" and value not in [v for values in boolean_values(field) for v in values]:
        return False
    if "enum" in constraints and value not in [str(v) for v in constraints["enum"]]:
        return False
    return "pattern" not in constraints or bool(re.fullmatch(constraints["pattern"], value))


def _lookups(resource: dict, folder: Path, resources: list[dict]) -> dict[str, set[str]]:
    """For each single-field foreign key, the values the referenced table holds."""
    paths = {r["name"]: folder / r["path"] for r in resources}
    found = {}
    for key in resource["schema"].get("foreignKeys", []):
        fields, reference = key.get("fields"), key.get("reference", {})
        target = paths.get(reference.get("resource"))
        if isinstance(fields, list) and len(fields) == 1 and target and target.is_file():
            with target.open(encoding="utf-8", newline="") as handle:
                found[fields[0]] = {row.get(reference["fields"][0], "") for row in csv.DictReader(handle)}
    return found


def _gap_guess(fields: list[dict], values: list[str], good: list[list[str]], lookups: dict) -> str:
    """Which column a row of the wrong width most likely went wrong in: for a short row, the gap that
    lets every other value fit its column (type, enum, pattern, a foreign key's table, and the lengths
    the other rows give it); for a long one, the value that, with the commas in it put back, does."""
    lengths = [[len(row[i]) for row in good if row[i]] for i in range(len(fields))]

    def fits(i: int, value: str) -> bool:
        if not _fits(fields[i], value) or (value and fields[i]["name"] in lookups
                                           and value not in lookups[fields[i]["name"]]):
            return False
        return not value or not lengths[i] or min(lengths[i]) / 2 <= len(value) <= 2 * max(lengths[i])

    extra, best = len(values) - len(fields), []
    for at in range(len(fields)):
        if extra < 0:
            row = values[:at] + [""] + values[at:]
            row += [""] * (len(fields) - len(row))
        else:
            row = values[:at] + [",".join(values[at:at + extra + 1])] + values[at + extra + 1:]
        if all((i == at and extra < 0) or fits(i, v) for i, v in enumerate(row)):
            best.append(f"`{fields[at]['name']}`")
    if not 0 < len(best) <= 2:
        return ""
    names = " or ".join(best)
    return (f" Probably the {names} value is missing." if extra < 0 else
            f" Probably the {names} value has a comma in it: put that value in double quotes.")


def _width_problems(resource: dict, path: Path, lookups: dict) -> tuple[list[str], set[int]]:
    fields = resource["schema"]["fields"]
    key = (resource["schema"].get("primaryKey") or [None])[0]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, problems, numbers = (rows[0] if rows else []), [], set()
    good = [r for r in rows[1:] if len(r) == len(header)]
    for number, values in enumerate(rows[1:], 2):
        if len(values) == len(header) or not values:
            continue
        numbers.add(number)
        key_value = values[header.index(key)] if key in header and header.index(key) < len(values) else None
        fewer = len(values) < len(header)
        guess = _gap_guess(fields, values, good, lookups) if len(fields) == len(header) else ""
        problems.append(f"{row_label(resource['name'], number, key, key_value)}: {len(values)} values, but the "
                        f"header has {len(header)} columns: a comma is {'missing' if fewer else 'extra'}, or a "
                        f"value with a comma lacks its double quotes.{guess} (Its other errors are not listed: "
                        "the values after the gap are in the wrong columns.)")
    return problems, numbers


def _key_values(resource: dict, path: Path) -> tuple[str | None, dict[int, str]]:
    key = (resource["schema"].get("primaryKey") or [None])[0]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return key, {number: row.get(key) or "" for number, row in enumerate(rows, 2)}


def _schema_problems(folder: Path, resources: list[dict], skip: dict[str, set[int]]) -> list[str]:
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    by_name = {r["name"]: r for r in resources}
    problems = []
    for task in report.tasks:
        resource = by_name.get(task.name)
        key, keys = _key_values(resource, folder / resource["path"]) if resource else (None, {})
        unique_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "unique-error"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if row in skip.get(task.name, set()) or (error.type == "primary-key" and row in unique_rows):
                continue  # a malformed row is reported once; a repeated one-field key too
            field = getattr(error, "field_name", None) or _foreign_field(error)
            where = row_label(task.name, row, key, keys.get(row), field) if row else f"{task.name}.csv"
            schema = {f["name"]: f for f in resource["schema"]["fields"]} if resource else {}
            problems.append(f"{where}: {_in_words(error, schema.get(field))}")
    return problems


FOREIGN = re.compile(r'for "(.+?)": values "(.*?)" not found in the lookup table "(.+?)" as "(.+?)"')


def _foreign_field(error) -> str | None:
    found = FOREIGN.search(getattr(error, "note", "") or "")
    return found.group(1) if found and "," not in found.group(1) else None


def _listed(limit: str) -> list:
    """The allowed values of a frictionless ``enum`` note (``"['a', 'b']"``) as a list."""
    try:
        values = ast.literal_eval(limit)
    except (ValueError, SyntaxError):
        return [limit]
    return list(values) if isinstance(values, (list, tuple)) else [values]


def _in_words(error, field: dict | None = None) -> str:
    """A frictionless error as a sentence about the value (the note alone says what it broke); ``field``:
    the schema's field it is in, when there is one."""
    note, cell = getattr(error, "note", "") or error.message, getattr(error, "cell", None)
    constraint = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    repeated = re.match(r"the same as in the row at position (\d+)", note)
    if repeated:
        what = repr(cell) if cell is not None else "This row's key"
        return f"{what} is also in row {repeated.group(1)}: each row needs its own value here."
    foreign = FOREIGN.search(note)
    if error.type == "foreign-key" and foreign:
        field, value, table, column = foreign.groups()
        return (f"{value!r} is not a {column} in {table}.csv: add that row to {table}.csv first, or use a "
                f"{column} it has.")
    if error.type == "type-error":  # the note says 'type is "date/%Y-%m-%d"'
        kind = note.removeprefix("type is ").strip(chr(34)).split("/")[0]
        fix = {"date": lambda: how_to_write(cell), "boolean": lambda: boolean_fix(field or {})}.get(kind)
        return f"{cell!r} is not a valid {kind}" + (f": {fix()}." if fix else ".")
    if constraint:
        name, limit = constraint.groups()
        words = {"required": "a value is required.", "enum": not_one_of(cell, _listed(limit)),
                 "minimum": f"{cell!r} is below the minimum {limit}.", "maximum": f"{cell!r} is above the maximum {limit}.",
                 "pattern": f"{cell!r} does not match the pattern {limit} (lower_snake_case ids).",
                 "unique": f"{cell!r} is used by another row too: values here must be unique."}
        return words.get(name, f"{cell!r} breaks the constraint {name} = {limit}.")
    return note[0].upper() + note[1:] + ("" if note.endswith(".") else ".")


def dataset_problems(folder: Path) -> list[str]:
    """Every problem in the data package at ``folder``, one line each (empty when all is valid)."""
    folder = Path(folder)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = package.get("resources", [])
    missing = [f"{r['path']}: the file is missing (datapackage.json lists it)." for r in resources
               if not (folder / r["path"]).is_file()]
    if missing:
        return missing
    problems, skip = [], {}
    for resource in resources:
        found, skip[resource["name"]] = _width_problems(resource, folder / resource["path"],
                                                        _lookups(resource, folder, resources))
        problems += found
    problems += _schema_problems(folder, resources, skip)
    return problems + rule_problems(folder, resources, skip)
