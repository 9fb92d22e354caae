"""Due dates with their time zone: read from ``--due``, written into the manifest, shown to people.

The manifest's ``due`` field (:mod:`.manifest`): a release parses it and its README shows it;
the feedback pages and the class report show it too, so it lives here, below both.

A due date without a zone is the instructor's local time, so the release stores it with the
offset of the instructor's machine on that date (``2026-12-10T17:00:00+01:00``): lateness then
no longer depends on the zone of whoever grades. A date alone lasts to the end of that day.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["DueDateError", "due_text", "parse_due"]

END_OF_DAY = dt.time(23, 59, 59)


class DueDateError(ValueError):
    """A ``--due`` that is not an ISO 8601 date or date and time."""


def parse_due(text) -> str | None:
    """``--due`` as the manifest stores it: ISO 8601 with a zone offset (None when not given).

    ``2026-12-10`` becomes the end of that day and ``2026-12-10T17:00`` that time, both in the
    zone of this machine; a time with an offset or ``Z`` keeps its own.
    """
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    try:
        if len(text) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(text), END_OF_DAY)
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise DueDateError(f"The due date {text!r} is not ISO 8601 (like 2025-10-01, 2025-10-01T17:00 or "
                           "2025-10-01T17:00+02:00).") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the instructor's local time, with that date's offset
    return moment.isoformat(timespec="seconds")


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return "the instructor's local time"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return "UTC" if not minutes else f"UTC{sign}{hours:02d}:{rest:02d}"


def due_text(due: str | None) -> str:
    """A due date as people read it, zone included: ``10 December 2026, 17:00 (UTC+01:00)``."""
    if not due:
        return ""
    try:
        moment = dt.datetime.fromisoformat(due) if len(due) > 10 else dt.datetime.combine(
            dt.date.fromisoformat(due), END_OF_DAY)
    except ValueError:
        return due
    when = f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"
    if moment.utcoffset() is None:
        return f"{when} ({_offset(moment)})"
    in_utc = moment.astimezone(dt.timezone.utc)
    same = in_utc.utcoffset() == moment.utcoffset()
    return f"{when} ({_offset(moment)}" + ("" if same else f"; {in_utc.day} {in_utc:%B}, {in_utc:%H:%M} UTC") + ")"
