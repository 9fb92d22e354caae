"""Answer values cross from the student's kernel to the grader as tagged JSON, never as pickles."""

from __future__ import annotations

import builtins
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from summit_course.grading.answers import Unreadable, decode_value, encode_value, harvest_source


def _round_trip(value):
    return decode_value(json.loads(json.dumps(encode_value(value))))


VALUES = [
    None, Ellipsis, True, 42, -7, 2**70, 0.1, float("inf"), "Vostochny ✓", dt.date(2023, 9, 13),
    dt.datetime(2023, 9, 13, 14, 30), pd.Timestamp("2023-09-13"), [1, "a", [2.5]], (1, 2), {"b", "a"},
    frozenset({3}), {"Shoigu": "defence", 1: [2]}, np.int64(5), np.float64(2.5), np.bool_(False),
]


@pytest.mark.parametrize("value", VALUES, ids=[f"{i}-{type(v).__name__}" for i, v in enumerate(VALUES)])
def test_values_survive_the_round_trip(value):
    result = _round_trip(value)
    assert result == value and type(result) is type(value if not isinstance(value, np.generic) else value.item())


def test_nan_survives_the_round_trip():
    assert np.isnan(_round_trip(float("nan")))


def test_frames_and_series_keep_columns_index_and_dates():
    frame = pd.DataFrame({"kind": ["a", "b"], "n": [3, 1], "day": pd.to_datetime(["2023-09-12", "2023-09-13"]),
                          "share": [0.5, np.nan]}, index=pd.Index(["x", "y"], name="id"))
    pd.testing.assert_frame_equal(_round_trip(frame), frame)
    series = pd.Series([3, 1], index=pd.Index(["trip", "lead-up"], name="phase"), name="events")
    pd.testing.assert_series_equal(_round_trip(series), series)
    multi = frame.set_index(["kind", "n"])
    assert _round_trip(multi).index.names == ["kind", "n"]


def test_objects_the_grader_cannot_read_become_unreadable_not_pickles():
    class Sneaky:
        def __reduce__(self):
            raise AssertionError("never pickled")

    decoded = _round_trip(Sneaky())
    assert isinstance(decoded, Unreadable) and "Sneaky" in decoded.reason
    for node in ({"t": "int", "v": "1; import os"}, {"t": "eval", "v": "1"}, {"t": "list"}, [1], "x"):
        assert isinstance(decode_value(node), Unreadable)


def test_huge_answers_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="too large"):
        encode_value(list(range(300_000)))


def test_harvest_cell_works_whatever_the_student_named_their_variables(tmp_path):
    target = tmp_path / "answers.json"
    user_ns = {"__builtins__": builtins, "json": 5, "open": None, "isinstance": None, "encode_value": 1,
               "_harvest": 2, "n_things": 3, "airfield": pd.Series([1])}
    exec(harvest_source(["n_things", "airfield", "not_defined"], target), user_ns)
    answers = json.loads(target.read_text("utf-8"))
    assert set(answers) == {"n_things", "airfield"} and decode_value(answers["n_things"]) == 3
