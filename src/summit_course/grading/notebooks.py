"""Read a submitted file as a runnable v4 notebook and find the cells that set its answers."""

from __future__ import annotations

import contextlib
import json
import logging
import warnings

from ..names import assigned_names

__all__ = ["NotReadable", "assigned_variables", "read_notebook"]

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (or a Word/Excel file)",
}


class NotReadable(ValueError):
    """The file is not a notebook we can run; the message says why, for the student."""


#: What Python's JSON errors mean, in plain words (the messages end mid-sentence: "Unterminated string starting at").
JSON_PROBLEMS = {
    "Unterminated string": "a text (in quotes) starts there and is never closed",
    "Expecting ',' delimiter": "a comma is missing there",
    "Expecting ':' delimiter": "a colon is missing there",
    "Expecting value": "a value is missing there",
    "Expecting property name": "a name in double quotes is missing there",
    "Extra data": "more text follows the end of the notebook",
    "Invalid control character": "a text holds a control character",
    "Invalid \\escape": "a text holds a backslash that is not valid there",
}


def _json_problem(message: str) -> str:
    """Python's JSON error message in plain words; the file may be cut short or edited by hand."""
    return next((words for start, words in JSON_PROBLEMS.items() if message.startswith(start)),
                message.removesuffix(" at").lower())


def read_notebook(data: bytes):
    """Parse a submitted file as a notebook in format v4, without its stored outputs.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    (nbformat.NotebookNode, list of str)
        The notebook and notes for the instructor (conversion, schema problems).

    Raises
    ------
    NotReadable
        When the file is not a notebook; the message says what it is instead.
    """
    import nbformat

    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotReadable(f"this file is {what}, not a notebook")
    if not data.strip():
        raise NotReadable("the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotReadable("this file is not text (a binary file renamed .ipynb?)") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotReadable(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {_json_problem(exc.msg)}); "
            "it may be damaged or cut short"
        ) from None
    except RecursionError:
        raise NotReadable("the file's JSON is nested too deeply to be a notebook") from None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw):
        raise NotReadable("the file is JSON but not a notebook (it has no cells)")
    notes = []
    version = raw.get("nbformat")
    _drop_outputs(raw)
    problems: dict = {}
    try:
        with _quiet():
            notebook = nbformat.reads(json.dumps(raw), as_version=4, capture_validation_error=problems)
    except Exception as exc:  # any malformed structure nbformat cannot convert
        raise NotReadable(f"the notebook's structure is damaged ({type(exc).__name__})") from None
    if isinstance(version, int) and version < 4:
        notes.append(f"converted from the old notebook format v{version} to v4")
    if problems:
        notes.append("the notebook does not fully match the notebook format; graded anyway")
    return notebook, notes


@contextlib.contextmanager
def _quiet():
    """Silence nbformat's warnings and log lines about a submission's format (we report them)."""
    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _drop_outputs(raw: dict) -> None:
    """Forget stored outputs (a submitted file may carry megabytes of them); v4 and v3 layouts."""
    counter = "execution_count"
    cells = list(raw.get("cells") or [])
    for sheet in raw.get("worksheets") or []:
        counter = "prompt_number"
        if isinstance(sheet, dict):
            cells.extend(sheet.get("cells") or [])
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell[counter] = None


def assigned_variables(notebook, variables) -> dict[str, list[int]]:
    """For each answer variable some code cell assigns, the indices of those cells."""
    wanted = set(variables)
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for name in assigned_names(cell.source):
            if name in wanted:
                found.setdefault(name, []).append(index)
    return found
