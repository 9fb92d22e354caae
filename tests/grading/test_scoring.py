"""Verdicts are decided in the grader's own process, from public and hidden checks."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from summit_course.grading.answers import Unreadable
from summit_course.grading.scoring import score_exercise


def test_correct_answers_earn_full_points(assignment, course):
    frame = pd.read_csv(course / "datasets" / "things.csv").groupby("kind").size().reset_index(name="n")
    values = {"90.1": 3, "90.2": "knevichi airfield xyzzy", "90.3": "2023-09-10", "90.4": frame}
    for exercise_id, value in values.items():
        record = score_exercise(assignment[exercise_id], value)
        assert (record.status, record.points) == ("passed", assignment[exercise_id].points), exercise_id


def test_hidden_checks_can_fail_an_answer_the_public_checks_pass(assignment):
    record = score_exercise(assignment["90.2"], "Knevichi Xyzzy")  # public accepts the short name; hidden wants it whole
    assert (record.status, record.points) == ("incorrect", 0.0)
    assert (record.public_passed, record.hidden_passed, record.hidden_total) == (3, 0, 1)
    text = " ".join(record.messages)
    assert "1 of 1 hidden checks do not" in text and "airfield' in" not in text


def test_an_equivalent_form_never_fails_a_hidden_check_the_public_check_passed(assignment):
    record = score_exercise(assignment["90.1"], 3.0)  # hidden check asks for an int; 3.0 is the same number
    assert (record.status, record.points, record.hidden_passed) == ("passed", 2, 1)


def test_partial_credit_counts_the_checks_that_pass(assignment):
    wrong_name = pd.DataFrame({"kind": ["car", "train"], "count": [1, 2]})
    record = score_exercise(assignment["90.4"], wrong_name)
    # public: type passes, columns do not (1 of 3); hidden: the length passes (1 of 2) -> 3 x 2/5
    assert (record.status, record.points) == ("incorrect", 1.2)
    assert score_exercise(assignment["90.1"], 4).points == 0.0  # no partial credit declared


def test_written_answers_wait_for_a_manual_score_and_keep_their_text(assignment):
    essay = "State media said so; nobody else confirms."
    record = score_exercise(assignment["90.5"], essay)
    assert (record.status, record.points, record.answer) == ("manual", None, essay)
    short = score_exercise(assignment["90.5"], "Too short")  # under the word range: still the instructor's
    assert (short.status, short.points, short.answer) == ("manual", None, "Too short")
    assert "Aim for 3 to 80 words; this has 2." in short.note
    assert score_exercise(assignment["90.5"], "   ").status == "not_attempted"  # left blank


def _with_hidden(exercise, *hidden):
    return replace(exercise, entry={**exercise.entry, "hidden": list(hidden)})


def test_a_hidden_check_that_raises_on_a_right_answer_is_left_out_and_named_for_the_instructor(assignment):
    """The walkthrough: a typo on the branch only another right answer reaches scored a NameError as a fail, 0."""
    broken = _with_hidden(assignment["90.2"], "value == answer or vaule.lower() == 'knevichi xyzzy'", "len(value) > 3")
    record = score_exercise(broken, "Knevichi Xyzzy")  # public accepts the short name (also_accept)
    assert (record.status, record.points, record.hidden_passed, record.hidden_total) == ("passed", 1.0, 1, 1)
    assert record.note == ("hidden check 1 of 90.2 raised NameError: the exercise file needs fixing; "
                           "not counted against the student")
    assert "NameError" not in " ".join(record.messages)
    still_failing = score_exercise(_with_hidden(broken, *broken.hidden, "'airfield' in value.lower()"), "Knevichi Xyzzy")
    assert (still_failing.status, still_failing.points, still_failing.hidden_total) == ("incorrect", 0.0, 2)


def test_a_hidden_check_that_raises_on_a_wrong_answer_just_fails(assignment):
    record = score_exercise(_with_hidden(assignment["90.1"], "value.no_such_thing > 0"), 4)
    assert (record.status, record.points, record.hidden_total, record.note) == ("incorrect", 0.0, 1, "")


def test_a_broken_hidden_check_puts_the_submission_in_review_and_in_the_summary(assignment):
    from summit_course.grading.grader import GradeSummary

    broken = {**assignment, "90.2": _with_hidden(assignment["90.2"], "value == answer or value.index('Air') > 0")}
    record = _verdict(broken, {"n_things": 3, "airfield": "Knevichi Xyzzy", "arrival": "2023-09-10"},
                      {"n_things": [4], "airfield": [7], "arrival": [47]})
    assert record.status == "review" and sum(a.points for a in record.answers) == 4.0
    assert record.reason == ("hidden check 1 of 90.2 raised ValueError: the exercise file needs fixing; "
                             "not counted against the student")
    summary = GradeSummary()
    summary.add(record)
    assert ("\nBROKEN: hidden check 1 of 90.2 raised ValueError on a right answer (zoe): left out of their scores; "
            "fix the exercise file, build, and grade again with --all.") in str(summary)


def test_placeholders_and_unreadable_values(assignment):
    assert score_exercise(assignment["90.2"], Ellipsis).status == "not_attempted"
    record = score_exercise(assignment["90.2"], Unreadable("it is a module"))
    assert record.status == "error" and "it is a module" in record.messages[0]


def _verdict(assignment, answers=None, assigned=None, cell_errors=()):
    from summit_course.grading.assignment import Assignment
    from summit_course.grading.answers import encode_value
    from summit_course.grading.scoring import verdicts
    from summit_course.grading.submissions import Submission
    from summit_course.grading.tasks import NotebookRun, SubmissionRun

    spec = Assignment("a", tuple(assignment[i] for i in ("90.1", "90.2", "90.3")))
    run = NotebookRun("90-fixture.ipynb", {k: encode_value(v) for k, v in (answers or {}).items()},
                      assigned or {}, list(cell_errors))
    return verdicts(spec, Submission("zoe", "zoe.ipynb"), SubmissionRun("zoe", [run]))


def test_an_unreadable_answer_makes_the_submission_review_with_its_cells_named(assignment):
    record = _verdict(assignment, {"n_things": 3}, {"n_things": [4], "airfield": [7], "arrival": [47]}, [
        {"cell": 7, "ename": "NameError", "evalue": "name 'Knevichi' is not defined"},
        {"cell": 47, "ename": "SyntaxError", "evalue": "invalid syntax (1234.py, line 1)"}])
    assert record.status == "review"
    assert "answers that could not be read: 90.2 (cell 8: NameError" in record.reason
    assert "90.3 (cell 48: SyntaxError" in record.reason
    by_id = {a.exercise: a for a in record.answers}
    assert "the cell that sets `arrival` has a syntax error: is your text in quotes" in by_id["90.3"].messages[0]
    assert "the cell that sets `airfield` uses `Knevichi`, which is not defined" in by_id["90.2"].messages[0]


def test_every_answer_read_is_ok(assignment):
    record = _verdict(assignment, {"n_things": 3, "airfield": "x", "arrival": "2023-09-10"},
                      {"n_things": [4], "airfield": [7], "arrival": [47]})
    assert (record.status, record.reason) == ("ok", "")


def test_files_not_used_are_in_the_reason_and_the_run_summary(assignment):
    from summit_course.grading.assignment import Assignment
    from summit_course.grading.grader import GradeSummary
    from summit_course.grading.scoring import verdicts
    from summit_course.grading.submissions import Submission

    spec = Assignment("a", (assignment["90.1"],))
    submission = Submission("kim", "kim", problem="the folder kim/ holds no notebook (.ipynb)",
                            unused=("answers.docx not used: not a notebook (.ipynb)",))
    record = verdicts(spec, submission, None)
    assert record.status == "failed" and "answers.docx not used: not a notebook" in record.reason
    summary = GradeSummary()
    summary.unused.append("kim: answers.docx not used: not a notebook (.ipynb)")
    summary.add(record)
    assert "failed: kim" in str(summary) and "Files handed in but not used:\n  kim: answers.docx" in str(summary)
    # walkthrough: the first run said "(see the reason column of the export)", though no export existed yet
    assert "failed: kim (why: the reason column of `summit-course export`, or the report)" in str(summary)


def test_a_lesson_without_its_notebook_is_named_once(assignment):
    from summit_course.grading.assignment import Assignment
    from summit_course.grading.answers import encode_value
    from summit_course.grading.scoring import verdicts
    from summit_course.grading.submissions import Submission
    from summit_course.grading.tasks import NotebookRun, SubmissionRun
    from dataclasses import replace

    other = replace(assignment["90.2"], entry={**assignment["90.2"].entry, "lesson": "91-other"})
    spec = Assignment("a", (assignment["90.1"], other))
    run = NotebookRun("90-fixture.ipynb", {"n_things": encode_value(3)}, {"n_things": [4]})
    record = verdicts(spec, Submission("ben", "ben.ipynb"), SubmissionRun("ben", [run]))
    assert record.reason == "no notebook for lesson 91-other (none of its answer cells was found)"
    assert record.answers[1].messages == ("No notebook for lesson 91-other was found in what you handed in.",)


def test_a_damaged_notebook_is_named_as_damaged_not_as_missing(assignment):
    """Walkthrough round 1: ivan's page opened "No notebook for lesson 02-… was found"; only the folded notes said,
    in parser terms, that the file he handed in was damaged."""
    from dataclasses import replace

    from summit_course.grading.answers import encode_value
    from summit_course.grading.assignment import Assignment
    from summit_course.grading.scoring import verdicts
    from summit_course.grading.submissions import Submission
    from summit_course.grading.tasks import NotebookRun, SubmissionRun

    other = replace(assignment["90.2"], entry={**assignment["90.2"].entry, "lesson": "91-other"})
    spec = Assignment("a", (assignment["90.1"], other))
    fine = NotebookRun("90-fixture.ipynb", {"n_things": encode_value(3)}, {"n_things": [4]})
    damaged = NotebookRun("91-other.ipynb", failure="91-other.ipynb: the file is not valid JSON (line 1101, column 8: "
                                                    "Unterminated string starting at); it may be damaged or cut short")
    record = verdicts(spec, Submission("ivan", "ivan"), SubmissionRun("ivan", [fine, damaged]))
    assert record.answers[1].messages == (
        "Your 91-other.ipynb is damaged: it cannot be opened as a notebook. Download it again from JupyterLab "
        "(File → Download) and hand it in; if JupyterLab cannot open it either, ask your instructor.",)
    assert "Unterminated string" in record.reason and "no notebook for lesson" not in record.reason
