"""Which lessons are the course's own: they meet the course's minimums; a lesson a teacher adds meets lighter ones.

docs/authoring.md, "The lesson rules": the course's lessons 01-08 have at least six exercises,
a quiz, a written answer, an exploring widget, a figure with alt text and 30-50 minutes (lesson 00
tours every exercise kind instead); a lesson you add needs the skeleton, one exercise and 5-90
minutes, and a quiz, a widget, a table or a figure are welcome, not required. The structure and
browser tests both read this list.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["COURSE_LESSONS", "is_course_lesson"]

#: The course as it ships. A lesson you add is not listed (and need not be).
COURSE_LESSONS = frozenset({
    "00-start-here", "01-the-summit", "02-the-delegation", "03-what-pyongyang-wants", "04-what-moscow-wants",
    "05-the-security-council", "06-limits-of-cooperation", "07-evidence-and-claims", "08-what-happened-next",
})


def is_course_lesson(name: str | Path) -> bool:
    """Whether ``09-mine.ipynb`` (a name, stem or path) is one of the course's own lessons."""
    return Path(name).stem in COURSE_LESSONS
