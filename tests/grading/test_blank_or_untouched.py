"""Blank or untouched: a release copy the student ran and saved is their own, blank; only one never run is untouched
(walkthrough round 1: ben ran every cell, answered nothing, and was told he handed in the copy "exactly as it was
handed out")."""

from __future__ import annotations

import nbformat

from summit_course.gradebook import AnswerRecord, SubmissionRecord
from summit_course.grading.blank import ReleaseCopies, mark_no_answer


def _unanswered():
    return SubmissionRecord("ben", "ben/", "sha", "fp", "ok", "", [
        AnswerRecord("90.1", "not_attempted", 0.0, 2.0), AnswerRecord("90.2", "not_attempted", 0.0, 1.0)])


def test_a_release_copy_never_run_is_untouched_and_one_run_and_saved_is_blank(manifest):
    copies = ReleaseCopies(manifest)
    release = (manifest.parent / "lessons" / "90-fixture.ipynb").read_bytes()
    fresh = _unanswered()
    mark_no_answer(fresh, [("90-fixture.ipynb", release)], copies)
    assert fresh.status == "untouched" and fresh.reason.startswith("the release copy, unchanged")
    notebook = nbformat.reads(release.decode("utf-8"), as_version=4)
    for number, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
        cell.execution_count = number + 1
        cell.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
    ran = _unanswered()
    mark_no_answer(ran, [("90-fixture.ipynb", nbformat.writes(notebook).encode())], copies)
    assert ran.status == "blank" and ran.reason.startswith("no answer given")
