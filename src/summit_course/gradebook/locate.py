"""Where an instructor's files are: the course folder, its gradebooks, and the files named after them.

Pure path logic (the standard library only): the command line checks ``--root``, finds the
one gradebook of a course, and names exports, feedback and reports after its assignment.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

__all__ = ["course_root", "existing_gradebook", "given_path", "gradebooks", "in_root", "named_output", "read_path"]


def course_root(root_option, command: str) -> Path:
    """The course folder (``--root``), checked: it must hold solutions/."""
    root = Path(root_option).resolve()
    if not (root / "solutions").is_dir():
        raise UsageError(f"{root} is not the course folder: run this from the course folder (the one with "
                         f"solutions/), or pass it with --root, e.g. `summit-course {command} --root "
                         f"/path/to/course ...`.")
    return root


def in_root(root: Path, path) -> Path:
    """A path the instructor gave: as given when absolute, else inside the course folder."""
    return Path(path) if Path(path).is_absolute() else root / path


def given_path(root: Path, path) -> Path:
    """A path the instructor gave, to read: from the current folder when it is there (or absolute), else from
    the course folder (``--root``) when it is there; as given otherwise."""
    path = Path(path)
    if path.is_absolute() or path.exists() or not (root / path).exists():
        return path
    return root / path


def read_path(root: Path, path, what: str) -> Path:
    """:func:`given_path`, which must exist; else a UsageError that names every folder it was looked for in."""
    found = given_path(root, path)
    if found.exists():
        return found
    places = str(found.resolve())
    if not found.is_absolute() and (root / found).resolve() != found.resolve():
        places += f" (from the current folder) nor {(root / found).resolve()} (from the course folder)"
    raise UsageError(f"There is no {places}: {what}. Check the spelling; nothing was done.")


def gradebooks(root: Path) -> list[Path]:
    """The gradebooks in the course folder (one per assignment)."""
    return sorted(root.glob("gradebook*.sqlite"))


def existing_gradebook(root: Path, gradebook_option) -> Path:
    """The gradebook to read: ``--gradebook``, or the course folder's only one; it must exist."""
    if gradebook_option:
        book = given_path(root, gradebook_option).resolve()
        if not book.is_file():
            found = gradebooks(root)
            hint = (f" The course folder has {', '.join(str(b) for b in found)}." if found else
                    " Run `summit-course grade` first.")
            raise UsageError(f"There is no gradebook at {gradebook_option} ({book}).{hint}")
        return book
    found = gradebooks(root)
    if not found:
        raise UsageError(f"There is no gradebook (gradebook*.sqlite) in the course folder {root}: run "
                                "`summit-course grade` first, and run this from the course folder (the one with "
                                "solutions/) or pass --root.")
    if len(found) > 1:
        raise UsageError(f"The course folder {root} has {len(found)} gradebooks; choose one with --gradebook: "
                         + ", ".join(b.name for b in found) + ". (To discard one started by mistake, delete its "
                         "file with the -wal and -shm files beside it: docs/instructors.md, One assignment.)")
    return found[0]


def named_output(book: Path, stem: str, suffix: str) -> Path:
    """The default output next to the gradebook, named after its assignment: grades-<name>.csv."""
    tail = book.stem[len("gradebook"):] if book.stem.startswith("gradebook") else "-" + book.stem
    return book.parent / f"{stem}{tail}{suffix}"
