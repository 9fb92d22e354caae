"""An old copy of assignment.json never changes the due date in silence (issue 26, round 7 item 3)."""

from __future__ import annotations

import json
import shutil

import pytest

from summit_course.gradebook import Gradebook, UsageError
from summit_course.grading import Limits, grade

QUICK = {"limits": Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=False),
         "progress": False, "jobs": 1}


def _copy(manifest, folder, **changes):
    shutil.copytree(manifest.parent, folder)
    data = json.loads((folder / "assignment.json").read_text("utf-8")) | changes
    (folder / "assignment.json").write_text(json.dumps(data), encoding="utf-8")
    return folder / "assignment.json"


def _due(book):
    with Gradebook(book, write=False) as opened:
        return opened.assignment()["due"]


def test_an_older_manifest_is_refused_saying_which_replaced_which_and_the_option_accepts_it(course, manifest,
                                                                                           tmp_path):
    """Walkthrough: an old copy of assignment.json moved the due date back and flagged half the class late."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "ana.ipynb").write_text("not JSON", encoding="utf-8")  # a row, no kernel
    newer = _copy(manifest, tmp_path / "new", created="2026-12-07T10:00:00+00:00", due="2026-12-10T17:00:00+00:00")
    older = _copy(manifest, tmp_path / "old", created="2026-12-01T09:00:00+00:00", due="2026-12-03T17:00:00+00:00")
    book = tmp_path / "gb.sqlite"
    grade(folder, newer, book, course=course, **QUICK)
    with pytest.raises(UsageError) as refused:
        grade(folder, older, book, course=course, **QUICK)
    assert (f"Nothing was graded: {older} is an older copy of the release. It was released 2026-12-01T09:00:00+00:00 "
            "(due 2026-12-03T17:00:00+00:00), and would replace the manifest gb.sqlite was last graded with, released "
            "2026-12-07T10:00:00+00:00 (due 2026-12-10T17:00:00+00:00)") in str(refused.value)
    assert "--accept-older-manifest" in str(refused.value)
    assert _due(book) == "2026-12-10T17:00:00+00:00"
    grade(folder, older, book, course=course, accept_older_manifest=True, **QUICK)
    assert _due(book) == "2026-12-03T17:00:00+00:00"
    grade(folder, newer, book, course=course, **QUICK)  # a newer one replaces it without a word
    assert _due(book) == "2026-12-10T17:00:00+00:00"


def test_the_command_offers_the_option(capsys):
    from summit_course.cli import main

    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    assert "--accept-older-manifest" in capsys.readouterr().out
