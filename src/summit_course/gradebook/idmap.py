"""Which platform id is whose: a CSV made by hand, or the platform's own gradebook export as it comes.

A hand-made mapping has one row per student: ``student`` (the submission's file or folder
name) and the platform's columns, ``canvas_id, sis_user_id, sis_login_id, section, name`` for
Canvas, ``email``, ``idnumber`` or ``username`` for Moodle. The platforms' own exports are read
as they are: Canvas's Grades → Export (Student, ID, SIS User ID, SIS Login ID, Section, then
every assignment and total, a "Points Possible" row) and Moodle's Grades → Export → Plain text
file (First name, Last name, ID number, Email address, the grade items).

Which submission is whose: a ``submission`` column (or ``student`` in a hand-made file)
names it. Without one (a platform's export as it comes), each graded submission is matched
to the one row whose id or name it is: for Canvas the ID, SIS User ID, SIS Login ID (or its
part before ``@``) or the Student name ("Lind, Ana" or "Ana Lind"); for Moodle the email
address (or its part before ``@``), ID number, username or the name; letter case and Unicode
form do not matter. A name that fits two rows is a problem to fix, never a guess.

Nothing is dropped in silence: rows that are not students (Canvas's "Points Possible") and
columns that are not used are named in the notes. Every problem is reported with its row
number, all at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

__all__ = ["ID_COLUMNS", "IdMap", "IdsError", "read_ids"]

#: The identifier columns each platform matches students on, in order of preference.
ID_COLUMNS = {"canvas": ("canvas_id", "sis_user_id", "sis_login_id"),
              "moodle": ("email", "idnumber", "username")}
#: Headers as people and the platforms write them -> the mapping's column.
ALIASES = {
    "canvas": {"canvas_id": "canvas_id", "id": "canvas_id", "canvas_user_id": "canvas_id",
               "sis_user_id": "sis_user_id", "sis_login_id": "sis_login_id", "section": "section", "name": "name"},
    "moodle": {"email": "email", "email_address": "email", "idnumber": "idnumber", "id_number": "idnumber",
               "username": "username", "name": "name", "first_name": "first_name", "last_name": "last_name"},
}
#: The column naming the submission (the file or folder name), whatever the file.
SUBMISSION = "submission"


class IdsError(UsageError):
    """The mapping CSV cannot be used; the message lists every problem."""


@dataclass
class IdMap:
    """The mapping as read: each row's columns, under its student, and what the reader should know.

    ``ids`` maps each matched submission name (Unicode NFC, as in the gradebook) to its
    columns, in the file's order; a row that matches no submission is there too, under its
    name or id (``unmatched`` lists those keys). ``key`` is the identifier column used.
    """

    ids: dict[str, dict[str, str]]
    key: str
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    #: The file's header row as written (a platform's export names its assignments there).
    headers: list[str] = field(default_factory=list)


def _column(name: str) -> str:
    """A header as the mapping reads it: ``Canvas ID`` and ``canvas_id`` are the same column."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def _fold(text: str) -> str:
    return " ".join(_nfc(text).casefold().split())


def _rows(path: Path, platform: str) -> list[list[str]]:
    """The file's rows, comma-, semicolon- or tab-separated; a byte-order mark is fine."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise IdsError(f"There is no mapping file at {path}.") from None
    except UnicodeDecodeError as exc:
        raise IdsError(f"{path} is not UTF-8 text (byte {exc.start} cannot be read). In a spreadsheet, save it "
                       "as \"CSV UTF-8\"; nothing was written.") from None
    first = text.split("\n", 1)[0]
    known = {*ALIASES[platform], "student", SUBMISSION}
    delimiter = max(",;\t", key=lambda d: (sum(_column(h) in known for h in first.split(d)), first.count(d)))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _header(raw: list[str], platform: str, path: Path) -> tuple[dict[str, int], str | None, list[str]]:
    """Each used column's index, the submission column (None: match by ids and names), and the unused headers."""
    names = [_column(h) for h in raw]
    # Canvas's own export has an "ID" column and a "Student" column holding the student's name.
    canvas_export = platform == "canvas" and "id" in names
    students = [i for i, n in enumerate(names) if n == "student"]
    if canvas_export and len(students) > 1 and sum(raw[i].strip() == "Student" for i in students) != 1:
        raise IdsError(f"{path} has {len(students)} Student columns: rename the one holding the submission names "
                       f"(file or folder names) to '{SUBMISSION}'.")
    used: dict[str, int] = {}
    unused, twice = [], []
    for index, name in enumerate(names):
        if name == "student" and canvas_export:
            column = "name" if raw[index].strip() == "Student" else SUBMISSION
        elif name in ("student", SUBMISSION):
            column = SUBMISSION
        else:
            column = ALIASES[platform].get(name)
        if column is None:
            if raw[index].strip():
                unused.append(raw[index].strip())
        elif column in used:
            twice.append(column)
        else:
            used[column] = index
    if twice:
        raise IdsError(f"{path} has the column {twice[0]} {1 + twice.count(twice[0])} times (as "
                       f"{', '.join(repr(raw[i]) for i, n in enumerate(names) if ALIASES[platform].get(n, n) == twice[0])}"
                       "); keep one.")
    if not any(c in used for c in ID_COLUMNS[platform]):
        wanted = ID_COLUMNS[platform]
        needs = " and/or ".join(wanted) if platform == "canvas" else " or ".join(wanted)
        raise IdsError(f"{path} needs an id column: {needs}; it has {', '.join(names) or 'no header'}. Example "
                       "first line: " + ("student,canvas_id,sis_user_id,sis_login_id,section" if platform == "canvas"
                                         else "student,email") + " (or use the platform's own gradebook export).")
    return used, (SUBMISSION if SUBMISSION in used else None), unused


def read_ids(path, platform: str, students=None) -> IdMap:
    """Read the mapping for ``platform`` ("canvas" or "moodle").

    Parameters
    ----------
    path : str or Path
        A hand-made mapping or the platform's own gradebook export.
    platform : str
        "canvas" or "moodle".
    students : iterable of str, optional
        The gradebook's students: matched to the rows when the file names no submissions.

    Returns
    -------
    IdMap
        ``key`` is Moodle's first present of email, idnumber, username; for Canvas always
        ``canvas_id`` (``sis_user_id`` and ``sis_login_id`` may stand in).

    Raises
    ------
    IdsError
        A missing or unreadable file, no id column, a column twice, a submission or an id on
        two rows, a submission without an id, or a submission that fits two rows.
    """
    path = Path(path)
    rows = _rows(path, platform)
    used, submission_column, unused = _header(rows[0] if rows else [], platform, path)
    present = [c for c in ID_COLUMNS[platform] if c in used]
    key = present[0] if platform == "moodle" else "canvas_id"
    ids_of = present if platform == "canvas" else [key]
    found = IdMap({}, key, headers=[h.strip() for h in (rows[0] if rows else [])])
    if unused:
        found.notes.append(f"{path.name}: {len(unused)} column(s) not used (only ids and names are read): "
                           + ", ".join(unused[:8]) + (", …" if len(unused) > 8 else "") + ".")
    problems: list[str] = []
    records: list[tuple[int, dict[str, str]]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(rows[1:], start=2):  # the row number a spreadsheet shows
        record = {c: _nfc(cells[i]) if i < len(cells) else "" for c, i in used.items()}
        if not any(record.values()):
            continue  # a blank line
        given = [c for c in ids_of if record.get(c)]
        if not given and not record.get(SUBMISSION):
            label = next((cell.strip() for cell in cells if cell.strip()), "")
            found.notes.append(f"{path.name} row {number} ({label[:40]}) skipped: no id, so not a student.")
            continue
        if not given:
            problems.append(f"row {number}: no {' or '.join(ids_of)} for {record[SUBMISSION]!r}")
            continue
        for column in given:
            earlier = seen.setdefault((column, record[column]), number)
            if earlier != number:
                problems.append(f"row {number}: {column} {record[column]!r} is also on row {earlier}")
        records.append((number, record))
    # rows whose submission cell is filled are that submission's; every other row is matched by id or name
    owners = _named(records, problems) if submission_column else {}
    named = set(owners.values())
    owners |= _matched([(n, r) for n, r in records if n not in owners],
                       [s for s in students or () if _nfc(s) not in named], platform, problems)
    if problems:
        raise IdsError(f"{path} has {len(problems)} problem(s); nothing was written:\n  " + "\n  ".join(problems[:20]))
    for number, record in records:
        owner = owners.get(number)
        if owner is None:
            owner = _label(record, key, number, {*owners.values(), *found.ids})
            found.unmatched.append(owner)
        record.pop(SUBMISSION, None)
        found.ids[owner] = record
    return found


def _named(records, problems: list[str]) -> dict[int, str]:
    """Each row's submission, from its submission column; a row without one has no submission."""
    owners: dict[int, str] = {}
    first: dict[str, int] = {}
    for number, record in records:
        student = record.get(SUBMISSION)
        if not student:
            continue
        if student in first:
            problems.append(f"row {number}: student {student!r} again (first on row {first[student]})")
            continue
        first[student] = number
        owners[number] = student
    return owners


def _names_of(record: dict[str, str], platform: str) -> set[str]:
    """Everything a submission might be named after in this row: ids, a login's user part, the name both ways."""
    values = {record.get(c, "") for c in ID_COLUMNS[platform]}
    values |= {v.split("@", 1)[0] for v in values if "@" in v}
    name = record.get("name", "")
    if platform == "moodle" and (record.get("first_name") or record.get("last_name")):
        name = f"{record.get('last_name', '')}, {record.get('first_name', '')}"
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        values |= {f"{first} {last}", f"{last} {first}", f"{first}{last}", f"{last}{first}"}
    values.add(name)
    return {_fold(v) for v in values if v.strip(" ,")}


def _matched(records, students, platform: str, problems: list[str]) -> dict[int, str]:
    """Each row's submission, matched by id or name; a submission that fits two rows is a problem."""
    rows_of: dict[str, list[int]] = {}
    for number, record in records:
        for name in _names_of(record, platform):
            rows_of.setdefault(name, []).append(number)
    owners: dict[int, str] = {}
    for student in students:
        fits = sorted(set(rows_of.get(_fold(student), [])))
        if len(fits) > 1:
            problems.append(f"{student!r} fits rows {', '.join(map(str, fits))}: add a '{SUBMISSION}' column "
                            "holding each row's submission name")
        elif fits and fits[0] in owners:
            problems.append(f"row {fits[0]} fits both {owners[fits[0]]!r} and {student!r}: add a '{SUBMISSION}' "
                            "column holding each row's submission name")
        elif fits:
            owners[fits[0]] = _nfc(student)
    return owners


def _label(record: dict[str, str], key: str, number: int, taken: set[str]) -> str:
    """What a row without a submission is called in messages: its name, else its id."""
    label = record.get("name") or " ".join(filter(None, (record.get("first_name"), record.get("last_name"))))
    label = label or record.get(key) or next((v for v in record.values() if v), f"row {number}")
    return label if label not in taken else f"{label} (row {number})"
