"""Submitted files are read as runnable notebooks, or refused with a reason a student understands."""

from __future__ import annotations

import nbformat
import pytest

from summit_course.grading.notebooks import NotReadable, read_notebook


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n....", "PNG image"),
    (b"", "empty"),
    (b"\xff\xfe\x00garbage", "not text"),
    (b'{"cells": [', "not valid JSON (line 1, column 12"),
    (b'{"hello": "world"}', "not a notebook"),
    (b'["a list"]', "not a notebook"),
])
def test_files_that_are_not_notebooks_say_what_they_are(data, reason):
    with pytest.raises(NotReadable, match=reason.replace("(", r"\(")):
        read_notebook(data)


def test_old_notebooks_are_converted_with_a_note_and_lose_stored_outputs():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1", outputs=[nbformat.v4.new_output("stream", text="y" * 1000)])])
    old = nbformat.writes(nbformat.convert(notebook, 3), version=3).encode()
    converted, notes = read_notebook(old)
    assert converted.nbformat == 4 and converted.cells[0].source == "x = 1"
    assert converted.cells[0].outputs == [] and notes == ["converted from the old notebook format v3 to v4"]


@pytest.mark.parametrize("data, words", [
    (b'{"cells": [{"source": "x = 1', "a text (in quotes) starts there and is never closed"),
    (b'{"cells": [] "x": 1}', "a comma is missing there"),
    (b'{"cells": []} more', "more text follows the end of the notebook"),
])
def test_broken_json_is_said_in_plain_words_not_pythons(data, words):
    """Issue 26 i9: "(line 1257, column 6: Unterminated string starting at)" read as half a sentence."""
    with pytest.raises(NotReadable) as raised:
        read_notebook(data)
    assert words in str(raised.value) and "starting at)" not in str(raised.value)
