"""A release ships nothing on disk that its lessons' knowledge date does not allow.

Round 6: the student release of lessons 00-03 shipped ``forecasts.csv`` and ``limits.csv`` with
their outcome columns (and every later event, claim and source) although lesson 01 asks for
forecasts. A release now writes each table as ``load(as_of=...)`` shows it on the latest
knowledge date of its lessons; this test greps the built release, folder, zip and wheel, for
every outcome string.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile

import pandas as pd
import pytest

from summit_course.data import course_data, load, table_names
from summit_course.publish.release import release

from .test_release import ROOT, _bundle_texts

DAY = pd.Timestamp("2023-09-20")


def _outcome_strings() -> list[tuple[str, str]]:
    """What a student must not find before lesson 04: resolutions, outcomes, and every later row."""
    with course_data(ROOT):
        forecasts, limits = load("forecasts", as_of=None), load("limits", as_of=None)
        events, claims = load("events", as_of=None), load("claims", as_of=None)
        sources = load("sources", as_of=None)
    found = [("a forecast's resolution", text) for text in forecasts["evidence"].dropna()]
    found += [("a limit's outcome", text) for text in limits["outcome_basis"].dropna()]
    for frame, key, text in ((events, "event_id", "title"), (claims, "claim_id", "claim")):
        later = frame[frame["date"] > DAY]
        found += [("a later row", value) for value in [*later[key], *later[text]]]
    found += [("a later source", ident) for ident in sources.loc[sources["date"] > DAY, "source_id"]]
    return found


@pytest.fixture(scope="module")
def early_release(tmp_path_factory):
    return release(ROOT, tmp_path_factory.mktemp("early") / "out", lessons=["00", "01", "02", "03"])


def test_a_release_of_lessons_00_to_03_holds_no_outcome_anywhere(early_release):
    outcomes = _outcome_strings()
    assert len(outcomes) > 50  # the course holds them: the search looks for something
    _, texts = _bundle_texts(early_release)
    leaks = sorted({(name, kind, value[:60]) for kind, value in outcomes for name, text in texts if value in text})
    assert not leaks, leaks[:10]


def test_the_cut_tables_load_as_the_lessons_see_them(early_release, monkeypatch):
    with course_data(ROOT):
        expected = {name: load(name, as_of="2023-09-20") for name in table_names()}
    monkeypatch.setenv("SUMMIT_DATA", os.fspath(early_release / "datasets"))
    for name, frame in expected.items():
        shipped = load(name, as_of=None)
        pd.testing.assert_frame_equal(shipped.reset_index(drop=True), frame.reset_index(drop=True), check_dtype=False,
                                      check_categorical=False, obj=name)


def test_a_release_with_lesson_04_brings_the_outcomes(tmp_path):
    bundle = release(ROOT, tmp_path / "out", lessons=["04"])
    shipped = (bundle / "datasets" / "forecasts.csv").read_text(encoding="utf-8")
    with course_data(ROOT):
        evidence = load("forecasts", as_of=None)["evidence"]
    assert all(text.split(",")[0] in shipped for text in evidence)
    assert (bundle / "datasets" / "README.md").read_text(encoding="utf-8") == (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")


def test_the_wheel_keeps_the_exercises_of_the_lessons_released_so_far(early_release):
    wheel = next((early_release / "package").glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        registry = archive.read("summit_course/exercises.json")
        record = archive.read(next(n for n in archive.namelist() if n.endswith("RECORD"))).decode()
    lessons = {entry["lesson"][:2] for entry in json.loads(registry)}
    assert lessons == {"00", "01", "02", "03"}  # lessons 04-08 tell outcomes in their prompts and hints
    digest = base64.urlsafe_b64encode(hashlib.sha256(registry).digest()).rstrip(b"=").decode()
    assert f"summit_course/exercises.json,sha256={digest},{len(registry)}" in record.splitlines()
