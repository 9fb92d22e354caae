"""An older copy of a release's ``assignment.json`` never replaces the newer one a gradebook was graded with."""

from __future__ import annotations

import datetime as dt

from ..gradebook import Gradebook, UsageError

__all__ = ["ACCEPT_OLDER_OPTION", "check_not_older"]

#: The ``grade`` option that lets an older manifest replace the one the gradebook was graded with.
ACCEPT_OLDER_OPTION = "--accept-older-manifest"


def _time(text) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def check_not_older(book: Gradebook, info: dict, manifest, *, accept: bool = False) -> None:
    """Raise :class:`UsageError` when ``info`` (the assignment about to be stored) was released before the one
    ``book`` holds, unless ``accept``; the message says which would replace which, with their release times
    and due dates. A gradebook or manifest that does not say when it was released is not judged."""
    old = book.assignment()
    before, now = _time(old.get("released")), _time(info.get("released"))
    if accept or before is None or now is None or now >= before:
        return
    raise UsageError(
        f"Nothing was graded: {manifest} is an older copy of the release. It was released {info['released']} "
        f"(due {info.get('due') or 'not set'}), and would replace the manifest {book.path.name} was last graded with, "
        f"released {old['released']} (due {old.get('due') or 'not set'}), changing the due date and late flags. "
        f"Give the newer release/<name>/assignment.json, or add {ACCEPT_OLDER_OPTION} to go back to this one.")
