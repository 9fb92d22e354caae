"""Round 7's blind review of lessons 07 and 08 and the claims codes (content round 9): each finding
a test can catch, checked on the shipped notebooks, the exercise keys and the data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def _cells(stem: str) -> list:
    return nbformat.read(next((ROOT / "solutions").glob(f"{stem}-*.ipynb")), as_version=4).cells


def _text(cell) -> str:
    return " ".join(cell.source.split())


def test_8_1_takes_the_expected_share_from_the_forecasts_set_before_the_outcomes():
    """Item 1: by lesson 08 the student has seen most outcomes, so a guess typed there is recall; the
    lesson claimed "No outcome is on screen yet". The expectation now comes from the lesson-01 forecasts."""
    cells = _cells("08")
    guess = next(c for c in cells if c.cell_type == "code" and re.search(r"^guess_ten, guess_six =", c.source, re.M))
    assert "map(scored)" in guess.source and not re.search(r"guess_six = [\d.]+, [\d.]+", guess.source)
    prose = " ".join(_text(c) for c in cells if c.cell_type == "markdown")
    assert "No outcome is on screen" not in prose
    intro = next(_text(c) for c in cells if c.source.startswith("**What you expected.**"))
    assert "sample forecaster" in intro and "memory" in intro
    from summit_course import load

    forecasts = load("forecasts")
    spoke = forecasts["sources_hedge"] != "not addressed"
    sample = next(c for c in cells if c.source.startswith("sample_forecasts = "))
    namespace: dict = {}
    exec(sample.source, namespace)  # noqa: S102 - the lesson's own dict literal
    expected = forecasts["forecast_id"].map(namespace["sample_forecasts"])
    shown = next(o for o in guess.outputs if o.get("output_type") == "execute_result")["data"]["text/plain"]
    assert shown == str((round(expected[~spoke].mean(), 2), round(expected[spoke].mean(), 2)))
    assert "personal" in guess.metadata.get("tags", [])  # computed from the student's own forecasts


def test_8_3_asks_for_one_reading_and_names_the_others_a_student_may_score():
    """Item 2: 8.3 accepted only 0.204, the present reading, without saying so, while the next section
    argues for others; 0.293, 0.160 and 0.210 got a bare 'not yet'."""
    from summit_course import check

    exercise = next(_text(c) for c in _cells("08") if c.source.startswith("### Exercise 8.3"))
    assert "Score one reading" in exercise and "the probability the course codes now" in exercise
    assert "table after the check" in exercise
    assert check("8.3", 0.20375).correct
    for value, named in [(0.293, "without the two nuclear questions"), (0.16, "missiles question left out"),
                         (0.21, "satellite coded as in earlier versions"), (0.233, "all 16 rows")]:
        feedback = check("8.3", value)
        assert not feedback.correct and named in str(feedback), (value, str(feedback))
