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


def test_a_release_copy_beside_a_lesson_done_puts_the_submission_in_review_in_gradebook_feedback_and_report(
        manifest, tmp_path):
    """Walkthrough: lesson 05 handed in as the untouched release copy, beside lesson 03 done, counted as ok with
    "Your notebook ran and every answer was read"."""
    from summit_course.gradebook import Gradebook, student_rows
    from summit_course.reports.feedback import write_feedback
    from summit_course.reports.report import write_report

    copies = ReleaseCopies(manifest)
    release = (manifest.parent / "lessons" / "90-fixture.ipynb").read_bytes()
    done = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("n_things = 3")])).encode()
    record = SubmissionRecord("hana", "hana/", "sha", "fp", "ok", "", [
        AnswerRecord("90.1", "passed", 2.0, 2.0), AnswerRecord("90.2", "not_attempted", 0.0, 1.0)])
    mark_no_answer(record, [("lessons/89-done.ipynb", done), ("lessons/90-fixture.ipynb", release)], copies)
    assert record.status == "review"
    assert record.reason == "lessons/90-fixture.ipynb is the release copy, unchanged (the wrong file?)"
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment({"name": "a", "exercises": [{"id": "90.1", "points": 2}, {"id": "90.2", "points": 1}]})
        book.record(record)
        assert student_rows(book)[0]["status"] == "review"
        page = write_feedback(book, tmp_path / "fb")["hana"].read_text("utf-8")
        report = write_report(book, tmp_path / "r.html").read_text("utf-8")
    assert "every answer was read" not in page
    assert "lessons/90-fixture.ipynb is the notebook exactly as it was handed out: no answer in it was graded" in page
    attention = report[report.index('<h2 id="attention">'):report.index('<h2 id="exercises">')]
    assert "hana" in attention and "lessons/90-fixture.ipynb is the release copy, unchanged (the wrong file?)" in attention


def test_every_notebook_a_release_copy_stays_untouched_and_a_single_notebook_with_answers_stays_ok(manifest):
    copies = ReleaseCopies(manifest)
    release = (manifest.parent / "lessons" / "90-fixture.ipynb").read_bytes()
    done = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("n_things = 3")])).encode()
    record = SubmissionRecord("kim", "kim/", "sha", "fp", "ok", "", [AnswerRecord("90.1", "passed", 2.0, 2.0)])
    mark_no_answer(record, [("90-fixture.ipynb", done)], copies)
    assert (record.status, record.reason) == ("ok", "")
