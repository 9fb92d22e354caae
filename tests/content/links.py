"""The files a lesson sends a student to, and the part of each a student is sent to read.

A lesson set before the data's end must not point a student to a page that tells what came
later: a round-3 reviewer followed lesson 03's pointers to ``datasets/README.md`` and the code
audit, and the "Contents" link of every lesson to the README's lesson table, and read outcomes
there. This module finds every local file a lesson's text, outputs, hints or options link to
or name, and follows the files' own links in turn:

* a Markdown link ``[text](target)`` and a file named in the text (``datasets/README.md``,
  ``coding-rules.md``, ``audit/code_audit.csv``), resolved from the student copy's folder
  (``lessons/``), from the course folder and from ``datasets/``; a bare name that fits two
  files (``README.md``) is followed to both;
* a folder the lesson names with a closing slash (``datasets/``): every file in it;
* a page named by what it calls itself: the words of its title, or of the part of its title
  after a colon ("the data dictionary beside this page" names ``datasets/README.md``, titled
  "Datasets: data dictionary"), for the reference pages in ``datasets/`` and ``docs/``;
* the Markdown links and file names of each page reached, in turn (not its folders: a README
  that says where the code lives sends no student into it);
* not the lessons themselves (``lessons/``, ``solutions/``): each lesson, with its exercises, is
  checked against its own knowledge date, and the course's order is the path it intends.

A link with an anchor (``../README.md#lessons``) is checked in full in the section it opens
(down to the next heading of its level) and, for the rest of the file, where a student may
scroll, for later rows' ids, words and names, not for dates: a README's dates are the course's
own (an example time stamp, a due date), not events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .visible import Piece

__all__ = ["Linked", "linked_pieces", "section", "targets"]

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_NAMED = re.compile(r"(?<![\w/.:-])((?:\.\./)*(?:[\w.-]+/)*[\w-]+\.(?:md|csv|json|jsonl|txt|ipynb|toml))(#[\w-]+)?(?![\w/])")
_FOLDER = re.compile(r"`((?:\.\./)*(?:[\w-]+/)+)`")
#: Files read as text; an image or a data blob a page links to holds no words to check.
TEXT_SUFFIXES = {".md", ".csv", ".json", ".geojson", ".txt", ".toml", ".py", ".jsonl", ""}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


@dataclass(frozen=True)
class Linked:
    """One file a lesson reaches, and the anchor it was opened at (``""``: the whole file)."""

    path: Path
    anchor: str
    via: str  # where the link stands: a piece of the lesson, or another linked file


def _slug(heading: str) -> str:
    """GitHub's and JupyterLab's anchor for a heading: lower case, spaces to hyphens, no punctuation."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def section(text: str, anchor: str) -> tuple[str, str]:
    """(the section an anchor opens, the rest of the file); the whole file if no heading has it."""
    for match in _HEADING.finditer(text):
        if _slug(match.group(2)) == anchor:
            level = len(match.group(1))
            end = next((m.start() for m in _HEADING.finditer(text, match.end()) if len(m.group(1)) <= level), len(text))
            return text[match.start():end], text[:match.start()] + text[end:]
    return text, ""


@lru_cache(maxsize=4)
def _titles(root: Path) -> dict[str, Path]:
    """The names the reference pages give themselves: each title and the part after its colon,
    lower case, when two words or more ("data dictionary" -> ``datasets/README.md``)."""
    names: dict[str, Path] = {}
    for page in sorted([*root.glob("datasets/**/*.md"), *root.glob("docs/**/*.md")]):
        heading = _HEADING.search(page.read_text(encoding="utf-8", errors="replace"))
        if not heading:
            continue
        title = re.sub(r"[`*_]", "", heading.group(2)).strip().lower()
        for name in {title, *(part.strip() for part in title.split(":")[1:])}:
            if len(name.split()) >= 2:
                names[name] = page.resolve()
    return names


def _named_by_title(text: str, root: Path) -> list[Path]:
    """The reference pages ``text`` names by their titles' words."""
    lowered = re.sub(r"\s+", " ", text.lower())
    return [page for name, page in _titles(root).items()
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", lowered)]


def _resolve(target: str, bases: list[Path], root: Path) -> list[Path]:
    """Every existing file (or folder) inside the course that ``target`` can mean from ``bases``."""
    found = []
    if not re.fullmatch(r"[\w./-]+", target):
        return found  # not a path (a formula, a code fragment)
    for base in bases:
        candidate = (base / target).resolve()
        if candidate.exists() and candidate.is_relative_to(root.resolve()) and candidate not in found:
            found.append(candidate)
    return found


def targets(text: str, bases: list[Path], root: Path, folders: bool = True) -> list[tuple[Path, str]]:
    """The files ``text`` links to or names, each with its anchor; a named folder gives its files
    (``folders``: in a lesson's own text, where "the ``datasets/`` folder" sends a student there)."""
    found: list[tuple[Path, str]] = []
    raw = [(m.group(1), "") for m in _LINK.finditer(text)]
    raw += [(m.group(1), (m.group(2) or "").lstrip("#")) for m in _NAMED.finditer(text)]
    raw += [(m.group(1), "") for m in _FOLDER.finditer(text)] if folders else []
    found += [(page, "") for page in _named_by_title(text, root) if (page, "") not in found]
    for target, anchor in raw:
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address, a mail link, or an anchor in the lesson itself
        path, _, fragment = target.partition("#")
        for resolved in _resolve(path, bases, root):
            files = sorted(p for p in resolved.rglob("*") if p.is_file()) if resolved.is_dir() else [resolved]
            found += [(f, anchor or fragment) for f in files if (f, anchor or fragment) not in found]
    return found


def _is_lesson(path: Path, root: Path) -> bool:
    """A lesson's notebook or exercise file, in either edition: checked against its own date."""
    return path.relative_to(root).parts[0] in ("lessons", "solutions")


def linked_pieces(pieces: list[Piece], root: Path) -> list[tuple[Piece, bool]]:
    """What a student reads in every file the lesson's ``pieces`` reach, link after link.

    Each is a :class:`Piece` and whether its dates count (False for the rest of a file that a
    link opened at an anchor).
    """
    root = root.resolve()
    bases = [root / "lessons", root, root / "datasets"]
    todo = [Linked(path, anchor, piece.where) for piece in pieces
            for path, anchor in targets(piece.text, bases, root)]
    seen, result = set(), []
    while todo:
        link = todo.pop(0)
        if (link.path, link.anchor) in seen or _is_lesson(link.path, root) or link.path.suffix not in TEXT_SUFFIXES:
            continue
        seen.add((link.path, link.anchor))
        text = link.path.read_text(encoding="utf-8", errors="replace")
        shown, rest = section(text, link.anchor) if link.anchor and link.path.suffix == ".md" else (text, "")
        name = link.path.relative_to(root).as_posix()
        where = f"{name}{'#' + link.anchor if link.anchor else ''} (reached from {link.via})"
        result.append((Piece(where, f"file:{name}", shown), True))
        if rest.strip():
            result.append((Piece(f"{name}, the rest of the file (reached from {link.via})", f"file:{name}", rest), False))
        if link.path.suffix == ".md":  # a student can follow a page's links; a data file's cells are not links
            here = [link.path.parent, root, root / "datasets"]
            todo += [Linked(path, anchor, where) for path, anchor in targets(shown, here, root, folders=False)]
    return result
