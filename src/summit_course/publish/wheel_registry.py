"""Trim the exercise registry inside a release's wheel to the lessons released so far.

The package's ``exercises.json`` holds every lesson's exercises: their prompts, options and
hints, and the later lessons' tell how the forecast questions turned out. A release of
lessons 00-03 has no use for lessons 04-08's entries, so its wheel keeps only the entries of
lessons up to the last one released (earlier lessons stay, so that a later release's wheel
still checks the work of earlier ones). The wheel's ``RECORD`` is rewritten to match.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

__all__ = ["REGISTRY", "trim_registry"]

REGISTRY = "summit_course/exercises.json"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def trim_registry(wheel: Path, last_lesson: str) -> int:
    """Keep in ``wheel``'s registry the exercises of lessons up to ``last_lesson`` ("03"); return how many went."""
    with zipfile.ZipFile(wheel) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    files = {info.filename: data for info, data in members}
    record = next((name for name in files if name.endswith(".dist-info/RECORD")), None)
    if REGISTRY not in files or record is None:  # a wheel without a registry has nothing to trim
        return 0
    entries = json.loads(files[REGISTRY])
    kept = [e for e in entries if e["lesson"][:2] <= last_lesson[:2]]
    if len(kept) == len(entries):
        return 0
    trimmed = (json.dumps(kept, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    rewritten = {REGISTRY: trimmed}
    lines = []
    for line in files[record].decode("utf-8").splitlines():
        name = line.split(",", 1)[0]
        lines.append(_record_line(name, trimmed) if name == REGISTRY else line)
    rewritten[record] = ("\n".join(lines) + "\n").encode("utf-8")
    scratch = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, rewritten.get(info.filename, data))
    os.replace(scratch, wheel)
    return len(entries) - len(kept)
