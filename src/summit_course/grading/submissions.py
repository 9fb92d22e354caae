"""Find one submission per student in a folder, under distinct NFC-normalised student ids.

Only plain files are read (:mod:`.plain`): an entry that is a symbolic or hard link, a pipe
or a device is refused with the reason in its row, and never opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .. import journal  # a handed-in journal.jsonl is read by grading/journals.py, not a file left unused
from ..names import assigned_names
from .folder_check import NotSubmissions, check_folder, one_students_work
from .journals import journal_names
from .plain import NotPlain, is_real_folder, read_plain, refusal

__all__ = ["NotSubmissions", "Submission", "check_folder", "file_time", "find_submissions", "is_late", "loose_files", "nfc",
           "one_students_work", "only_students", "read_submission", "unique_name"]

IGNORED = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}
#: Why a file in a hidden or tool's folder of a student's folder is left aside (no look needed).
ASIDE = {".ipynb_checkpoints": "Jupyter's autosave copy", "__MACOSX": "a zip tool's metadata",
         "__pycache__": "Python's cache"}
#: Why a hidden file (or a file in a hidden folder) is left aside.
HIDDEN_FILE = "a hidden file"
#: Said to a student whose notebook was refused for being a link, a pipe or a device.
HAND_IN_FILES = "only plain files are graded (hand in a copy of the notebook itself)"


@dataclass(frozen=True)
class Submission:
    """One student's submission: the notebooks to run, or the reason there are none."""

    student: str
    source: str
    notebooks: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str = ""
    path: Path | None = None
    unused: tuple[str, ...] = ()
    #: Files left aside that need no look (Jupyter's autosave copies, a zip tool's metadata), with why.
    set_aside: tuple[str, ...] = ()

    def read(self) -> list[tuple[str, bytes]]:
        """Each notebook's name (relative to the submission) and content (raises :class:`NotPlain` for a link)."""
        base = self.path if self.path is not None and is_real_folder(self.path) else None
        named = [(p.relative_to(base).as_posix() if base else p.name, p) for p in self.notebooks]
        return [(name, read_plain(p, name)) for name, p in named]

    def sha256(self, files: list[tuple[str, bytes]]) -> str:
        """A hash of the submission's content (of the file itself when it is not a notebook; of what a refused entry is)."""
        digest = hashlib.sha256()
        if self.problem and self.path is not None and not is_real_folder(self.path):
            try:
                files = [(self.path.name, read_plain(self.path, self.path.name))]
            except OSError as exc:  # a link or a pipe: never read; its hash changes with what it is
                target = os.readlink(self.path) if self.path.is_symlink() else ""
                files = [(self.path.name, f"{exc}\0{target}".encode())]
        for name, data in files:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


def file_time(submission: Submission) -> dt.datetime | None:
    """When the submission was handed in, as its files say: the newest notebook's modification time."""
    paths = list(submission.notebooks) or ([submission.path] if submission.path is not None else [])
    try:
        return max(dt.datetime.fromtimestamp(os.lstat(p).st_mtime).astimezone() for p in paths) if paths else None
    except OSError:
        return None


def is_late(handed_in: dt.datetime | None, due: str | None) -> bool:
    """Whether a file time is after the due date (a date alone lasts to the end of that day, local time)."""
    if handed_in is None or not due:
        return False
    if len(due) == 10:
        return handed_in.astimezone().date() > dt.date.fromisoformat(due)
    moment = dt.datetime.fromisoformat(due)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the due time is the instructor's local time
    return handed_in > moment


def read_submission(submission: Submission) -> tuple[Submission, list[tuple[str, bytes]], str]:
    """The submission (with a problem if its files cannot be read), its notebooks' contents, and its hash."""
    try:
        files = submission.read()
    except NotPlain as exc:
        submission = replace(submission, problem=f"{exc}: {HAND_IN_FILES}")
        files = []
    except OSError as exc:
        submission = replace(submission, problem=f"the file could not be read ({exc.strerror})")
        files = []
    return submission, files, submission.sha256(files)


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C, the form of every student id."""
    return unicodedata.normalize("NFC", text)


def _skipped(name: str) -> bool:
    """Hidden files and folders, and what zip tools and Jupyter leave behind."""
    return name.startswith(".") or name in IGNORED


def _is_notebook(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"


def _is_loose(path: Path) -> bool:
    """A plain file at the top of the submissions folder that is not a notebook: nobody's submission."""
    return not _is_notebook(path) and refusal(path, path.name) is None and not is_real_folder(path)


def loose_files(folder) -> list[str]:
    """The names of the files at the top of ``folder`` that are not notebooks (a note, a PDF): never a student."""
    return sorted(p.name for p in Path(folder).iterdir() if not _skipped(p.name) and _is_loose(p))


def find_submissions(folder, lessons=(), answers_of=None, assignment="") -> list[Submission]:
    """Find one submission per student in ``folder``.

    A ``name.ipynb`` file is student ``name``; a folder is the student of its name, with
    the notebooks inside. Ids are Unicode-normalised (NFC) and keep non-ASCII letters.
    Names that clash (differing only in case, or a file and a folder of the same name)
    all get graded, under distinct ids (``name (2)``), with a note. Any other file gets a
    row that says why it was not graded, so nothing handed in is silently ignored.

    In a student's folder, each lesson's notebook is the one named like the lesson
    (``01-…``); a notebook renamed by the student (``Lesson 3 FINAL (1).ipynb``) is matched
    to a lesson by the answer variables it sets (``answers_of``: lesson -> variables), with a
    note. Every file that is not used is named in ``unused``, with why. ``assignment``: the release's
    name (a folder of that name is a handed-in course folder, never a student: see :func:`check_folder`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no submissions folder at {folder}.")
    check_folder(folder, lessons, assignment)
    entries = [p for p in folder.iterdir() if not _skipped(p.name) and not _is_loose(p)]
    keyed = sorted(((nfc(p.name if is_real_folder(p) else p.stem), p) for p in entries),
                   key=lambda item: (item[0].casefold(), is_real_folder(item[1]), item[0]))
    groups = Counter(name.casefold() for name, _ in keyed)
    taken: set[str] = set()
    submissions = []
    for name, path in keyed:
        student = unique_name(name, taken)
        notes = []
        if groups[name.casefold()] > 1:
            notes.append(f"another submission is also named {name!r} (names that differ only in case, or a file "
                         f"and a folder); graded separately as {student!r}")
        notebooks, problem, more, unused = _notebooks_of(path, lessons, answers_of or {})
        submissions.append(Submission(student, path.relative_to(folder).as_posix(), tuple(notebooks),
                                      tuple(notes + more), problem, path, tuple(unused), _left_aside(path, notebooks)))
    return submissions


def _left_aside(path: Path, notebooks=()) -> tuple[str, ...]:
    """The files of a student's folder in hidden or tools' folders (never read), each with why; not the journal
    (where :func:`.journals.journal_names` looks for it)."""
    if not is_real_folder(path):
        return ()
    journals, found = set(journal_names(path, notebooks)), []
    for entry in sorted(path.rglob("*")):
        parts = entry.relative_to(path).parts
        skipped = [part for part in parts if _skipped(part)]
        if not skipped or is_real_folder(entry) or "/".join(parts) in journals:
            continue
        found.append(f"{'/'.join(parts)} not used: {ASIDE.get(skipped[0], HIDDEN_FILE)}")
    return tuple(found)


def only_students(submissions: list[Submission], only) -> list[Submission]:
    """The submissions of the students named in ``only``; ValueError names any without one."""
    wanted = {nfc(s) for s in only}
    unknown = sorted(wanted - {s.student for s in submissions})
    if unknown:
        known = ", ".join(s.student for s in submissions[:20])
        raise ValueError(f"No submission for {', '.join(map(repr, unknown))}. Students: {known}")
    return [s for s in submissions if s.student in wanted]


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… if taken (ignoring case); marks it taken."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate.casefold())
    return candidate


def sets_answers(path: Path, variables) -> set[str]:
    """The answer variables a notebook's code cells assign (read as text: nothing runs)."""
    import json

    try:
        cells = json.loads(read_plain(path, path.name).decode("utf-8")).get("cells", [])
        sources = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
                   for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    except (OSError, ValueError, AttributeError):
        return set()
    return {name for source in sources if isinstance(source, str) for name in assigned_names(source)} & set(variables)


def _notebooks_of(path: Path, lessons, answers_of=None) -> tuple[list[Path], str, list[str], list[str]]:
    """The notebooks to grade, the problem if none, notes, and every file not used (with why)."""
    answers_of = answers_of or {}
    refused = refusal(path, path.name)
    if refused:
        return [], f"{refused}: {HAND_IN_FILES}", [], []
    if not is_real_folder(path):
        if _is_notebook(path):
            return [path], "", [], []
        return [], f"{path.name} is not a notebook (.ipynb)", [], []
    entries = sorted(p for p in path.rglob("*") if not is_real_folder(p) and p.relative_to(path).as_posix() != journal.FILE
                     and not any(_skipped(part) for part in p.relative_to(path).parts))
    rel = {p: p.relative_to(path).as_posix() for p in entries}
    why_not = {p: refusal(p, rel[p]) for p in entries}
    files = [p for p in entries if not why_not[p]]
    found = [p for p in files if _is_notebook(p)]
    not_plain = [p for p in entries if why_not[p]]
    unused = [f"{rel[p]} not used: it {why_not[p].removeprefix(rel[p] + ' ')}" for p in not_plain]
    unused += [f"{rel[p]} not used: not a notebook (.ipynb)" for p in files if not _is_notebook(p)]
    if not found:
        refused_notebooks = [p for p in not_plain if _is_notebook(p)]
        if refused_notebooks:  # each named once, in the problem, not again among the files not used
            unused = [u for p, u in zip(not_plain, unused) if not _is_notebook(p)] + unused[len(not_plain):]
            return [], f"{'; '.join(why_not[p] for p in refused_notebooks)}: {HAND_IN_FILES}", [], unused
        return [], f"the folder {path.name}/ holds no notebook (.ipynb)", [], unused
    if len(found) == 1:
        return found, "", [], unused
    chosen: dict[str, Path] = {}
    notes: list[str] = []
    named = {p: [lesson for lesson in lessons if p.name[:2] == lesson[:2]] for p in found}
    for lesson in lessons:
        candidates = [p for p in found if lesson in named[p]]
        if len(candidates) > 1:
            names = ", ".join(rel[p] for p in candidates[:5])
            return [], (f"the folder {path.name}/ holds {len(candidates)} notebooks for lesson {lesson} ({names}); "
                        "keep one per lesson, named like the lesson (01-the-summit.ipynb)"), [], unused
        if candidates:
            chosen[lesson] = candidates[0]
    others = [p for p in found if not named[p]]
    for lesson in lessons:
        if lesson in chosen or not answers_of.get(lesson):
            continue
        scored = [(len(sets_answers(p, answers_of[lesson])), p) for p in others if p not in chosen.values()]
        best = max((n for n, _ in scored), default=0)
        matches = [p for n, p in scored if n == best and n > 0]
        if len(matches) == 1:
            chosen[lesson] = matches[0]
            notes.append(f"{rel[matches[0]]} was graded as lesson {lesson}: its name does not say so, but it sets "
                         f"{best} of that lesson's answer variables (keep the lesson's file name)")
    used = set(chosen.values())
    for p in found:
        if p in used:
            continue
        if named[p]:
            why = f"another notebook was used for lesson {named[p][0]}"
        else:
            why = "its name matches no lesson of this assignment and it sets none of the answers still missing"
        unused.append(f"{rel[p]} not used: {why}")
    if not used:
        names = ", ".join(rel[p] for p in found[:5])
        return [], (f"the folder {path.name}/ holds {len(found)} notebooks ({names}) and none is named like a "
                    "lesson or sets its answers; keep one per lesson, named like the lesson (01-the-summit.ipynb)"
                    ), notes, unused
    return [p for p in found if p in used], "", notes, unused
