"""Read what a student handed in only when it is a plain file: not a link of either kind, a pipe or a device.

A symbolic link would have the grader read another file as the student's own (the
course's solutions, a classmate's notebook); a hard link is the same trick with no trace
of the other name; a named pipe or a device would block or never end. So every entry is
judged by :func:`os.lstat` before anything opens it, and judged again once open (the file
could have been swapped in between), without following a link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotPlain", "is_real_folder", "read_plain", "refusal"]

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"))


class NotPlain(OSError):
    """An entry that is not read: the message says what it is."""


def _link_target(path: Path | None) -> str:
    """Where a symbolic link points, as written in it (a long one cut short), for the message."""
    try:
        target = os.readlink(path) if path is not None else ""
    except OSError:
        return ""
    target = str(target)
    return f" to {target if len(target) <= 120 else '...' + target[-117:]}" if target else ""


def _why(info: os.stat_result, shown: str, path: Path | None = None) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return f"{shown} is a symbolic link{_link_target(path)} (not followed)"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
        return f"{shown} is not a regular file ({kind})"
    if info.st_nlink > 1:
        return f"{shown} is a hard link to another file (it has {info.st_nlink} names on disk)"
    return None


def refusal(path: Path, shown: str) -> str | None:
    """Why ``path`` is not read (called ``shown`` in the message); None for a regular file with one name, or a folder."""
    try:
        return _why(os.lstat(path), shown, path)
    except OSError as exc:
        return f"{shown} could not be looked at ({exc.strerror})"


def is_real_folder(path: Path) -> bool:
    """Whether ``path`` is a folder itself, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def read_plain(path: Path, shown: str) -> bytes:
    """The content of ``path``, read only when it is still a plain file once open.

    Raises
    ------
    NotPlain
        When it is a link, a pipe, a device or a folder (nothing is read).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        why = refusal(path, shown) if os.path.islink(path) else None
        raise NotPlain(why) if why else exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        why = _why(info, shown) or (f"{shown} is a folder" if stat.S_ISDIR(info.st_mode) else None)
        if why:
            raise NotPlain(why)
        return handle.read()
