"""Which submissions folder each gradebook row came from: a run over another folder never replaces rows in silence."""

from __future__ import annotations

from ..gradebook import Gradebook, UsageError

__all__ = ["REPLACE_OPTION", "check_same_folder", "folders_of"]

#: The ``grade`` option that lets a run over another folder replace the rows graded from the first one.
REPLACE_OPTION = "--replace-from-other-folder"


def folders_of(book: Gradebook) -> dict[str, str | None]:
    """Each graded student's submissions folder (for a row graded before rows noted theirs: the folder the
    gradebook's first noted run read, or None)."""
    noted, fallback = book.graded_from(), book.submissions_folder()
    return {student: noted.get(student, fallback) for student in book.students()}


def check_same_folder(book: Gradebook, folder: str, students, *, replace: bool = False) -> None:
    """Refuse, before anything is written, a run over ``folder`` that would replace rows graded from another folder.

    Parameters
    ----------
    book : Gradebook
        The gradebook about to be graded into.
    folder : str
        This run's submissions folder, resolved.
    students : iterable of str
        The students this run would grade.
    replace : bool
        The instructor said the new folder replaces the old one (``--replace-from-other-folder``).

    Raises
    ------
    UsageError
        Naming both folders and how many rows would be replaced.
    """
    if replace:
        return
    folders = folders_of(book)
    others: dict[str, list[str]] = {}
    for student in students:
        source = folders.get(student)
        if student in folders and source is not None and source != folder:
            others.setdefault(source, []).append(student)
    if not others:
        return
    count = sum(len(names) for names in others.values())
    where = "; ".join(f"{len(names)} from {source} ({_some(names)})" for source, names in others.items())
    raise UsageError(
        f"Nothing was graded: {folder} holds submissions of {count} student(s) whose rows in {book.path} were graded "
        f"from another folder ({where}); grading it would replace those {count} row(s). If this folder replaces "
        f"that one (the class collected again), add {REPLACE_OPTION}; to keep both, grade it into another gradebook "
        "(--gradebook NEW.sqlite); to grade the old folder again, give it instead.")


def _some(names: list[str]) -> str:
    """Every name, sorted (never "lena and 2 more")."""
    return ", ".join(sorted(names))
