"""The mapping CSV from the course's student names (submission folder names) to a platform's ids.

One row per student: ``student`` (the name the gradebook uses) and the platform's columns,
``canvas_id, sis_user_id, sis_login_id, section, name`` for Canvas or ``email`` / ``idnumber`` /
``username`` for Moodle. Read all or nothing: every problem is reported with its row number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

__all__ = ["ID_COLUMNS", "IdsError", "read_ids"]

#: The identifier columns each platform matches students on, in order of preference.
ID_COLUMNS = {"canvas": ("canvas_id", "sis_user_id", "sis_login_id"),
              "moodle": ("email", "idnumber", "username")}
#: Other columns a platform file can use; any further column is ignored.
EXTRA_COLUMNS = {"canvas": ("section", "name"), "moodle": ()}


class IdsError(ValueError):
    """The mapping CSV cannot be used; the message lists every problem."""


def _column(name: str) -> str:
    """A header as the mapping reads it: ``Canvas ID`` and ``canvas_id`` are the same column."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def _rows(path: Path) -> list[list[str]]:
    """The file's rows, comma-, semicolon- or tab-separated; a byte-order mark is fine."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise IdsError(f"There is no mapping file at {path}.") from None
    except UnicodeDecodeError as exc:
        raise IdsError(f"{path} is not UTF-8 text (byte {exc.start} cannot be read). In a spreadsheet, save it "
                       "as \"CSV UTF-8\"; nothing was written.") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=lambda d: (_column("student") in map(_column, first.split(d)), first.count(d)))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_ids(path, platform: str) -> tuple[dict[str, dict[str, str]], str]:
    """Read the mapping for ``platform`` ("canvas" or "moodle").

    Returns
    -------
    ids : dict
        Student name (Unicode NFC, as in the gradebook) to its columns, in the file's order.
    key : str
        The identifier column used: Moodle's first present of email, idnumber, username;
        for Canvas always ``canvas_id`` (``sis_user_id`` and ``sis_login_id`` may stand in).

    Raises
    ------
    IdsError
        A missing or unreadable file, a missing column, a duplicate student or id, or a
        student without an id.
    """
    path = Path(path)
    rows = _rows(path)
    header = [_column(h) for h in (rows[0] if rows else [])]
    wanted = ID_COLUMNS[platform]
    present = [c for c in wanted if c in header]
    if "student" not in header or not present:
        needs = "student and " + (" and/or ".join(wanted) if platform == "canvas" else " or ".join(wanted))
        raise IdsError(f"{path} needs the columns {needs}; it has {', '.join(header) or 'no header'}. Example first "
                       "line: " + ("student,canvas_id,sis_user_id,sis_login_id,section" if platform == "canvas"
                                   else "student,email"))
    key = present[0] if platform == "moodle" else "canvas_id"
    used = [c for c in (*wanted, *EXTRA_COLUMNS[platform]) if c in header]
    twice = [c for c in ["student", *used] if header.count(c) > 1]
    if twice:
        raise IdsError(f"{path} has the column {twice[0]} {header.count(twice[0])} times; keep one.")
    ids: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    first_row: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):  # the row number a spreadsheet shows
        record = {c: _nfc(cells[header.index(c)]) if header.index(c) < len(cells) else "" for c in ["student", *used]}
        if not any(record.values()):
            continue  # a blank line
        student = record.pop("student")
        if not student:
            problems.append(f"row {number}: no student name")
            continue
        if student in first_row:
            problems.append(f"row {number}: student {student!r} again (first on row {first_row[student]})")
            continue
        first_row[student] = number
        ids_given = [c for c in (present if platform == "canvas" else [key]) if record.get(c)]
        if not ids_given:
            problems.append(f"row {number}: no {' or '.join(present if platform == 'canvas' else [key])} "
                            f"for {student!r}")
        for column in ids_given:
            earlier = seen.setdefault((column, record[column]), number)
            if earlier != number:
                problems.append(f"row {number}: {column} {record[column]!r} is also on row {earlier}")
        ids[student] = record
    if problems:
        raise IdsError(f"{path} has {len(problems)} problem(s); nothing was written:\n  " + "\n  ".join(problems[:20]))
    return ids, key
