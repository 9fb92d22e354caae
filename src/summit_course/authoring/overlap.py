"""``summit-course overlap SOURCE...``: find runs of words the course copies from its source texts.

The course writes every sentence itself and quotes at most a few words. This reads the
text an author writes (the solution notebooks' cells, the exercise files, the datasets and
the READMEs) and reports each run of ``words`` or more words (8 by default) that also
stands in one of the given source texts (plain text or Markdown files, or folders of them).
"""

from __future__ import annotations

import re
from pathlib import Path

from .lessons import Course
from .outline import notebook_json

__all__ = ["copied_runs"]

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
SOURCE_SUFFIXES = {".txt", ".md"}


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def _course_texts(course: Course):
    for path in course.notebooks():
        cells = notebook_json(path).get("cells", [])
        yield path, "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
    for pattern in ("solutions/exercises/*.toml", "datasets/*.csv", "datasets/README.md", "README.md", "docs/*.md"):
        for path in sorted(course.root.glob(pattern)):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def _sources(paths) -> list[Path]:
    found = []
    for path in map(Path, paths):
        found += sorted(p for p in path.rglob("*") if p.suffix in SOURCE_SUFFIXES) if path.is_dir() else [path]
    return found


def _grams(tokens: list[str], words: int):
    return (tuple(tokens[i:i + words]) for i in range(len(tokens) - words + 1))


def copied_runs(course: Course, sources, words: int = 8, allow=()) -> list[str]:
    """One line for each run of ``words``+ words that a course text shares with a source.

    ``allow``: texts whose runs are not copies (the title of an article the course cites).
    """
    grams: dict[tuple, str] = {}
    for source in _sources(sources):
        for gram in _grams(_words(source.read_text(encoding="utf-8", errors="replace")), words):
            grams.setdefault(gram, source.name)
    for text in allow:
        for gram in _grams(_words(text), words):
            grams.pop(gram, None)
    found = []
    for path, text in _course_texts(course):
        tokens, i = _words(text), 0
        while i <= len(tokens) - words:
            first = tuple(tokens[i:i + words])
            if first not in grams:
                i += 1
                continue
            j = i + words
            while j < len(tokens) and tuple(tokens[j - words + 1:j + 1]) in grams:
                j += 1
            found.append(f"{path.relative_to(course.root)}: copies {j - i} words from {grams[first]}: "
                         f"\"{' '.join(tokens[i:j])}\"")
            i = j
    return found
