"""Work with nothing in it, and copies of the course handed in with the work.

A submission whose notebooks ran but gave no answer (every answer cell still ``...``, or none
found) is ``blank``; one whose notebooks are the release's own, unchanged (same code in every
cell) and never run (no execution count, no output), is ``untouched``: the student probably
handed in a fresh copy instead of their work. A copy the student ran and saved without
answering is theirs: ``blank``.
Both need the instructor before anything else, so they get a status of their own.

A student who hands in their whole course folder also hands in its ``datasets/``, README and
the like: those files are summarised in one note, and do not put the submission in review.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..authoring.manifest import MANIFEST
from ..gradebook import SubmissionRecord
from ..gradebook.statuses import BLANK, NO_ANSWER, OK, RELEASE_COPY, REVIEW, UNTOUCHED
from .submissions import ASIDE, HIDDEN_FILE, Submission

__all__ = ["ReleaseCopies", "mark_no_answer", "set_aside_course_files", "was_run"]

NOT_USED = " not used: "


def code_fingerprint(data: bytes) -> str | None:
    """A hash of a notebook's code cells (their source only: outputs and metadata do not count)."""
    try:
        cells = json.loads(data).get("cells", [])
        code = ["".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    except (ValueError, AttributeError, TypeError, KeyError):
        return None
    return hashlib.sha256(json.dumps([c.strip() for c in code]).encode()).hexdigest()


def was_run(data: bytes) -> bool:
    """Whether a notebook was run and saved: a code cell with an execution count or an output."""
    try:
        cells = json.loads(data).get("cells", [])
    except (ValueError, AttributeError, TypeError):
        return False
    return any(isinstance(c, dict) and c.get("cell_type") == "code" and (c.get("execution_count") is not None
                                                                       or c.get("outputs")) for c in cells)


class ReleaseCopies:
    """What the release handed out: its notebooks' code, and the paths of every file of the bundle.

    Parameters
    ----------
    source : str or Path
        The ``assignment.json`` (or bundle folder) being graded, or the course folder.
    """

    def __init__(self, source):
        source = Path(source)
        folder = source.parent if source.is_file() else source
        bundle = (folder / MANIFEST).is_file()  # else the course folder: only its lessons and datasets
        files = [p for p in (folder.rglob("*") if bundle else [*folder.glob("lessons/*"), *folder.glob("datasets/**/*")])
                 if p.is_file()]
        self.paths = {p.relative_to(folder).as_posix() for p in files}
        self.notebooks = {code_fingerprint(p.read_bytes()) for p in files
                          if p.parent == folder / "lessons" and p.suffix == ".ipynb"} - {None}

    def is_copy(self, files: list[tuple[str, bytes]]) -> bool:
        """Whether every notebook handed in is a release notebook as handed out: not one cell changed, never run.

        A copy whose cells ran (execution counts, outputs) is the student's own, with no answer in it: blank.
        """
        return bool(files) and all(code_fingerprint(data) in self.notebooks and not was_run(data)
                                   for _, data in files)

    def is_course_file(self, path: str) -> bool:
        """Whether a file handed in is one of the course's own (a copy of the bundle's, or its datasets).

        Never a notebook: a notebook not used may be the student's work, handed in wrongly.
        """
        if path.endswith(".ipynb"):
            return False
        return path in self.paths or path.startswith("datasets/") or path.split("/", 1)[-1] in self.paths


def _aside_note(set_aside) -> str:
    """One note on the files left aside that need no look, by folder: ``lessons/.ipynb_checkpoints/ (Jupyter's
    autosave copy, 2 files)``, ``.venv/ (a hidden folder, 23,324 files)``."""
    groups: Counter = Counter()
    for entry in set_aside:
        path, why = entry.split(NOT_USED, 1)
        parts = path.split("/")
        hidden = next(i for i, part in enumerate(parts) if part.startswith(".") or part in ASIDE)
        folder = hidden < len(parts) - 1
        groups["/".join(parts[:hidden + 1]) + ("/" if folder else ""),
               "a hidden folder" if folder and why == HIDDEN_FILE else why] += 1
    listed = ", ".join(f"{name} ({why}{f', {n:,} files' if n > 1 else ''})" for (name, why), n in sorted(groups.items()))
    return f"left aside, not used and needing no look: {listed}" if listed else ""


def set_aside_course_files(submission: Submission, copies: ReleaseCopies) -> tuple[Submission, str]:
    """The submission without the course's own files among those not used, and one note summarising them and the
    files left aside (Jupyter's autosave copies and the like): named, but not a reason to review."""
    course = [u for u in submission.unused if copies.is_course_file(u.split(NOT_USED, 1)[0])]
    folders = Counter(u.split(NOT_USED, 1)[0].split("/", 1)[0] + ("/" if "/" in u.split(NOT_USED, 1)[0] else "")
                      for u in course)
    listed = ", ".join(f"{name} ({n})" if n > 1 else name for name, n in sorted(folders.items()))
    note = "; ".join(filter(None, [
        f"also handed in {len(course)} file(s) of the course folder, not needed: {listed}" if course else "",
        _aside_note(submission.set_aside)]))
    return replace(submission, unused=tuple(u for u in submission.unused if u not in course)), note


def mark_no_answer(record: SubmissionRecord, files: list[tuple[str, bytes]], copies: ReleaseCopies) -> None:
    """Give a submission that ran but answered nothing the status ``untouched`` or ``blank``, with why first.

    One that answered something but also holds a release copy, unchanged (``05-….ipynb``
    beside a lesson done), goes to ``review``: that lesson's work may be in another file.
    """
    if record.status not in (OK, REVIEW) or not record.answers:
        return
    if any(a.status not in NO_ANSWER for a in record.answers):
        unchanged = [name for name, data in files if copies.is_copy([(name, data)])]
        if unchanged:
            record.status = REVIEW
            record.reason = "; ".join(filter(None, [*(f"{name} {RELEASE_COPY}" for name in unchanged),
                                                    record.reason]))
        return
    if copies.is_copy(files):
        record.status, lead = UNTOUCHED, "the release copy, unchanged: no answer given (the wrong file handed in?)"
    else:
        record.status, lead = BLANK, "no answer given: every answer cell still holds ... or is missing"
    record.reason = "; ".join(filter(None, [lead, record.reason]))
