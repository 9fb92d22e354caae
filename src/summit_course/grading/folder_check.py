"""Is the folder given to ``grade`` a folder of submissions? One student's work given instead is refused.

A folder of submissions holds one ``NAME.ipynb`` or ``NAME/`` per student. One student's folder
holds the lessons' notebooks under their own names, a journal, or a whole course folder (a
copy of the release: ``assignment-03-05/`` with ``lessons/``, ``.summit/`` or ``assignment.json``)
named like the assignment: graded as a class, it would make students of ``90-fixture`` or
``assignment-03-05`` and rewrite the gradebook, so it stops before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import journal
from ..authoring.manifest import MANIFEST

__all__ = ["NotSubmissions", "check_folder", "course_folders", "one_students_work"]

#: The names ``release`` gives a bundle by default (``assignment-03-05``, ``assignment-05-ex-5.2``).
RELEASE_NAME = re.compile(r"assignment-\d\d\b")
#: What a handed-in course folder holds, any one of which marks it.
COURSE_MARKS = (MANIFEST, "lessons/", f"{journal.FOLDER}/")


class NotSubmissions(ValueError):
    """The folder given as the submissions folder is not one: the message says what it is."""


def _marks(folder: Path) -> list[str]:
    return [mark for mark in COURSE_MARKS
            if ((folder / mark).is_dir() if mark.endswith("/") else (folder / mark).is_file())]


def course_folders(folder, assignment: str = "") -> list[str]:
    """The subfolders of ``folder`` that are course folders named like the assignment, not like a student:
    ``assignment-03-05/ (lessons/, .summit/)``.

    ``assignment``: the release's name; a default release name (``assignment-NN…``) counts too.
    A student's own folder may hold ``lessons/`` (the course folder handed in under the student's
    name): only the name tells the two apart.
    """
    found = []
    for sub in sorted(p for p in Path(folder).iterdir() if p.is_dir() and not p.is_symlink()):
        named = sub.name == assignment or RELEASE_NAME.match(sub.name)
        marks = _marks(sub) if named else []
        if marks:
            found.append(f"{sub.name}/ ({', '.join(marks)})")
    return found


def one_students_work(folder, lessons=()) -> list[str]:
    """What makes ``folder`` look like one student's work rather than a folder of submissions (empty: it does not).

    A student's folder holds the lessons' notebooks under their own names (``02-the-delegation.ipynb``,
    also in a ``lessons/`` folder when it is a whole course folder) or a journal
    (``journal.jsonl``, ``.summit/journal.jsonl``); a folder of submissions holds one
    ``NAME.ipynb`` or ``NAME/`` per student, and no student is named like a lesson.
    """
    folder = Path(folder)
    found = [f"{place}{lesson}.ipynb" for place in ("", "lessons/") for lesson in lessons
             if (folder / place / f"{lesson}.ipynb").is_file()]
    return found + [name for name in (journal.FILE, f"{journal.FOLDER}/{journal.FILE}") if (folder / name).is_file()]


def check_folder(folder, lessons=(), assignment: str = "") -> None:
    """Raise :class:`NotSubmissions` when ``folder`` looks like one student's work (:func:`one_students_work`), or
    holds a course folder named like the assignment (:func:`course_folders`)."""
    where = Path(folder).resolve()
    own, courses = one_students_work(folder, lessons), course_folders(folder, assignment)
    if not own and not courses:
        return
    if (where / MANIFEST).is_file() and (where / "lessons").is_dir():
        raise NotSubmissions(
            f"{where} is the release bundle (it holds {MANIFEST} and lessons/), what the students were given, not "
            "what they handed in. Pass the folder that holds one NAME.ipynb or NAME/ folder per student; nothing "
            "was graded.")
    what = (f"it holds {', '.join(own)}" if own else
            f"it holds {', '.join(courses)}: a course folder named like the assignment, not a student")
    above = _accepted_above(where, lessons, assignment)
    raise NotSubmissions(
        f"{where} looks like one student's work, not a folder of submissions: {what}. Pass the folder that holds "
        f"one NAME.ipynb or NAME/ folder per student{f' (here perhaps {above})' if above else ''}; nothing was "
        "graded.")


def _accepted_above(where: Path, lessons, assignment: str) -> Path | None:
    """The nearest folder above ``where`` that this check would accept (a folder of students), if any below the
    course folder (the one with solutions/) or the file system's root."""
    for parent in where.parents:
        if (parent / "solutions").is_dir() or parent == parent.parent:
            return None
        if not one_students_work(parent, lessons) and not course_folders(parent, assignment):
            return parent
    return None
