"""The grader names the name a student set instead of the answer variable, as check() does (walkthrough round 1:
dev wrote `russia_vote = …`; the grader said only "no answer cell for 5.2 (`russia_votes`)")."""

from __future__ import annotations

import nbformat

from summit_course.gradebook import AnswerRecord, SubmissionRecord
from summit_course.grading.assignment import Assignment
from summit_course.grading.misnamed import name_set_instead, note_names_set_instead
from tests.fixture_course import submission


def test_the_cell_before_the_check_names_what_it_sets():
    cells = ["from summit_course import check", "russia_vote = 'abstain'\nrussia_vote", 'check("5.2", russia_votes)',
             "china_vote = 'yes'", 'check("5.3", china_vote)']
    answers = {"russia_votes", "china_vote"}
    assert name_set_instead(cells, "5.2", "russia_votes", answers) == "russia_vote"
    assert name_set_instead(cells, "5.3", "china_vote", answers) is None  # set as asked: nothing to say
    assert name_set_instead(["x = 1", "totally_else = 2"], "5.9", "russia_votes", answers) is None


def test_a_close_name_elsewhere_in_the_notebook_is_found_too():
    cells = ["russia_votez = 'abstain'", "print('hello')"]
    assert name_set_instead(cells, "5.2", "russia_votes", {"russia_votes"}) == "russia_votez"


def test_the_message_and_the_reason_name_the_name_set(course, assignment):
    notebook = submission(course, {"airfield": "'Knevichi'"})
    cell = next(c for c in notebook.cells if c.source.startswith("airfield = "))
    cell.source = cell.source.replace("airfield", "air_field")
    spec = Assignment("a", (assignment["90.1"], assignment["90.2"]))
    record = SubmissionRecord("dev", "dev.ipynb", "sha", "fp", "review", "no answer cell for 90.2 (`airfield`)", [
        AnswerRecord("90.1", "not_attempted", 0.0, 2.0, messages=("Not attempted.",)),
        AnswerRecord("90.2", "missing", 0.0, 1.0, messages=("No answer cell for `airfield` was found.",))])
    note_names_set_instead(record, [("90-fixture.ipynb", nbformat.writes(notebook).encode())], spec)
    assert record.answers[1].messages == ("Your answer cell sets `air_field`, not `airfield`: write `airfield = ...` "
                                          "(spelled exactly so), as the check and the grader read that name.",)
    assert record.reason == "no answer cell for 90.2 (`airfield`): a cell sets `air_field` instead"
    assert record.answers[0].messages == ("Not attempted.",)
