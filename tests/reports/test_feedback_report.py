"""Feedback pages and the class report, from a gradebook written directly (no kernels)."""

from __future__ import annotations

import csv
import html
import re

import pytest

from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord
from summit_course.reports.feedback import page_name, safe_filename, write_feedback
from summit_course.gradebook import student_rows
from summit_course.reports.report import exercise_stats, score_bins, student_table, write_report

HIDDEN_NOTE = "hidden check 1 raised KeyError: 'secret_column'"
ASSIGNMENT = {
    "name": "Lesson <90>",
    "exercises": [
        {"id": "90.1", "objective": "Count <things>", "points": 2, "hints": ["Count the rows & columns."]},
        {"id": "90.2", "objective": "Name it", "points": 1, "hints": ["Read the table."]},
        {"id": "90.5", "objective": "Weigh evidence", "points": 2, "rubric": ["RUBRIC: names a source (1 point)."]},
    ],
}


def _student(name, first, second, essay="State media said so, nobody confirms it.", status="ok", reason=""):
    return SubmissionRecord(name, f"{name}.ipynb", "sha", "fp", status, reason, [
        AnswerRecord("90.1", first, 2.0 if first == "passed" else 0.0, 2.0, 3, 3, 1, 1,
                     ("All 3 public checks and 1 hidden check pass.",) if first == "passed"
                     else ("<script>alert('x')</script> was wrong",), note=HIDDEN_NOTE),
        AnswerRecord("90.2", second, 1.0 if second == "passed" else 0.0, 1.0, 3, 3),
        AnswerRecord("90.5", "manual", None, 2.0, 2, 2,
                     messages=("Your instructor grades this answer with a rubric.",), answer=essay),
    ])


def ben_with_message(message: str) -> SubmissionRecord:
    """Ben: exercise 90.1 wrong with ``message`` as its feedback (Markdown allowed), 90.2 right."""
    ben = _student("ben", "incorrect", "passed")
    ben.answers[0] = AnswerRecord("90.1", "incorrect", 0.0, 2.0, 3, 1, 1, 1, (message,))
    return ben


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as opened:
        opened.set_assignment(ASSIGNMENT)
        opened.record(_student("ana", "passed", "passed"))
        opened.record(_student("ben", "incorrect", "passed"))
        opened.record(_student("<b>cleo</b>", "incorrect", "incorrect"))
        opened.record(_student("../../etc/passwd", "missing", "missing", status="failed",
                               reason="photo.ipynb: this file is a PNG image, not a notebook"))
        opened.record(_student("Zoë", "passed", "incorrect"))
        opened.set_manual([("ana", "90.5", 2.0, "Clear <and> sourced.")])
        yield opened


def test_one_page_per_student_with_safe_file_names(book, tmp_path):
    pages = write_feedback(book, tmp_path / "fb")
    assert set(pages) == {"ana", "ben", "<b>cleo</b>", "../../etc/passwd", "Zoë"}
    assert all(p.parent == tmp_path / "fb" for p in pages.values())
    assert pages["Zoë"].name == "Zoë.html"
    assert safe_filename("../../etc/passwd") == "_.._etc_passwd"
    assert pages["../../etc/passwd"].name == page_name("../../etc/passwd") != page_name("_.._etc_passwd")
    assert page_name("_.._etc_passwd") == "_.._etc_passwd.html" and len(set(pages.values())) == 5


def test_pages_escape_everything_the_students_wrote(book, tmp_path):
    pages = write_feedback(book, tmp_path / "fb")
    cleo = pages["<b>cleo</b>"].read_text("utf-8")
    assert "<script>" not in cleo and "&lt;script&gt;" in cleo
    assert "<b>cleo</b>" not in cleo and "&lt;b&gt;cleo&lt;/b&gt;" in cleo
    assert "Count &lt;things&gt;" in cleo and "rows &amp; columns" in cleo


def test_pages_show_points_feedback_and_hints_but_no_instructor_material(book, tmp_path):
    pages = write_feedback(book, tmp_path / "fb")
    ben = pages["ben"].read_text("utf-8")
    assert "1 + up to 2 pending of 5 points" in ben  # 90.5's 2 points await a score: not "1 of 5"
    assert "Count the rows &amp; columns." in ben  # a hint for the exercise that did not pass
    assert "Read the table." not in ben  # no hints where the answer passed
    ana = pages["ana"].read_text("utf-8")
    assert "5 of 5 points" in ana and "Clear &lt;and&gt; sourced." in ana
    for text in (p.read_text("utf-8") for p in pages.values()):
        assert "secret_column" not in text and "RUBRIC" not in text and "hidden check 1" not in text


def test_a_failed_submission_page_says_why(book, tmp_path):
    page = write_feedback(book, tmp_path / "fb", ["../../etc/passwd"])["../../etc/passwd"].read_text("utf-8")
    assert "could not be graded" in page and "PNG image" in page


def test_exercise_stats_put_the_hardest_first_and_unscored_answers_do_not_count_as_failed(book):
    """Issue 26, problem 7: unscored written answers ranked first among the hardest at 0 %."""
    stats = exercise_stats(book)
    # Only the four graded submissions count (the failed one says nothing about an exercise).
    # 90.1 and 90.2: two passes of four each, the tie broken by mean points, then id; 90.5: one
    # answer scored (full points), three awaiting their score: no share or mean yet, not "1 of 4".
    assert [s.id for s in stats] == ["90.1", "90.2", "90.5"]
    by_id = {s.id: s for s in stats}
    assert (by_id["90.1"].students, by_id["90.1"].answered, by_id["90.1"].passed) == (4, 4, 2)
    assert (by_id["90.5"].students, by_id["90.5"].pending, by_id["90.5"].share_passed) == (4, 3, None)
    assert by_id["90.1"].mean_points == pytest.approx(1.0) and by_id["90.5"].mean_points is None


def test_score_bins_count_every_student_once(book):
    bins = dict(score_bins(book))
    assert sum(bins.values()) == 5
    assert bins["0–9 %"] == 2 and bins["90–100 %"] == 1 and bins["20–29 %"] == 1


def test_report_page_has_charts_with_alt_text_and_tables(book, tmp_path):
    path = write_report(book, tmp_path / "out" / "report.html")
    text = path.read_text("utf-8")
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', text)
    # + 2 item charts (no journals)
    assert len(alts) == 4 and "Hardest: 90.1 (50 %), 90.2 (50 %)." in alts[0]
    assert "Left out until every answer is scored (manual scores pending): 90.5." in alts[0]
    assert "most common band is 0–9 % with 2 student(s)" in alts[1]
    assert "Lesson &lt;90&gt;" in text
    rows = list(csv.reader((tmp_path / "out" / "report-exercises.csv").open(encoding="utf-8")))
    assert rows[0] == ["exercise", "objective", "points", "students", "answered", "share_answered", "no_answer_cell",
                       "left_blank", "could_not_be_read", "passed", "share_passed", "mean_points",
                       "awaiting_manual_score"]
    assert rows[1][:2] == ["90.1", "Count <things>"] and rows[1][6:9] == ["0", "0", "0"]
    # shares are numbers a spreadsheet can sort and sum, never "50 %" (walkthrough round 1)
    assert rows[1][4:6] == ["4", "1.00"] and rows[1][9:12] == ["2", "0.50", "1.00"]
    assert rows[3][-1] == "3"  # 90.5: three written answers of graded students not scored yet
    assert [r[0] for r in rows[1:]] == ["90.1", "90.2", "90.5"]


def test_report_of_an_empty_gradebook_says_what_to_do(tmp_path):
    with Gradebook(tmp_path / "empty.sqlite") as empty:
        empty.set_assignment(ASSIGNMENT)
        with pytest.raises(ValueError, match="summit-course grade"):
            write_report(empty, tmp_path / "report.html")


def test_unreadable_answers_are_explained_in_plain_words(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        record = _student("ida", "error", "incorrect", status="ok")
        record.answers[0].messages = ("No answer could be read: cell 48 has a syntax error: is your text in "
                                      "quotes, and is every bracket and quote closed?.",)
        record.answers[1].messages = ("Expected a short text, got int.",)
        book.record(record)
        text = write_feedback(book, tmp_path / "fb")["ida"].read_text("utf-8")
    assert "every answer was read" not in text and "Look at these first" in text
    assert "1 answer(s) could not be read: 90.1" in text
    assert "cell 48 has a syntax error: is your text in quotes" in text
    assert "❌ incorrect" in text and "not yet" not in text
    assert "got int." in text and "Your answer is" not in text  # check()'s words: the type explained there


def test_the_report_says_who_needs_help(book, tmp_path):
    text = write_report(book, tmp_path / "report.html").read_text("utf-8")
    # each one named, linked to their row, with why
    attention = text[text.index('<h2 id="attention">'):text.index('<h2 id="exercises">')]
    assert ('<td data-label="student" class="n"><a href="#student-1">../../etc/passwd</a></td>'
            in attention) and "photo.ipynb: this file is a PNG image, not a notebook" in attention
    assert '<tr id="student-1"><td data-label="student" class="n">../../etc/passwd</td>' in text
    assert "&lt;b&gt;cleo&lt;/b&gt;" in attention and "0 % of the points; lowest 90.1 (0 %), 90.2 (0 %)" in attention
    assert ">ana<" not in attention, "a student with every point checked and status ok needs no help"
    table = text[text.index('<h2 id="students">'):text.index('<h2 id="distribution">')]
    assert table.index("../../etc/passwd") < table.index("&lt;b&gt;cleo&lt;/b&gt;") < table.index("ana")
    assert "photo.ipynb: this file is a PNG image" in table and "90.1 (0 %), 90.2 (0 %)" in table
    rows = {r[0]: r for r in student_table(book, student_rows(book))}
    assert rows["ben"][5] == "90.1 (0 %)" and rows["ana"][5] == ""


def test_late_work_is_flagged_in_exports_feedback_and_report(tmp_path):
    from summit_course.gradebook import export_csv

    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment({**ASSIGNMENT, "due": "2025-10-01"})
        record = _student("lea", "passed", "passed")
        record.submitted_at, record.late = "2025-10-02T09:30:00+00:00", True
        book.record(record)
        book.record(_student("max", "passed", "passed"))
        rows = {r["student"]: r for r in csv.DictReader(export_csv(book, tmp_path / "g.csv").open(encoding="utf-8-sig"))}
        assert (rows["lea"]["late"], rows["max"]["late"]) == ("late", "")
        page = write_feedback(book, tmp_path / "fb")["lea"].read_text("utf-8")
        assert ("Handed in after the due date (1 October 2025, 23:59 (the instructor's local time)); your "
                "file's time: 2 October 2025, 09:30 (UTC)") in html.unescape(page)
        report = write_report(book, tmp_path / "r.html").read_text("utf-8")
        assert '">lea</a></td><td data-label="score" class="n">3 + up to 2 pending / 5</td>' in report
        assert "late: handed in 2 October 2025, 09:30 (UTC)" in report


def test_pages_have_a_main_landmark_labelled_cells_and_code_not_backticks(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        book.record(ben_with_message("Use `len(df)` on the **whole** table."))
        page = write_feedback(book, tmp_path / "fb")["ben"].read_text("utf-8")
        report = write_report(book, tmp_path / "r.html").read_text("utf-8")
    for text in (page, report):
        assert text.count("<main>") == 1 and text.index("<main>") < text.index("<h1>") < text.index("</main>")
        assert 'name="viewport"' in text and "@media (max-width:40rem)" in text
    assert "<li>Use <code>len(df)</code> on the <strong>whole</strong> table.</li>" in page
    assert '<td data-label="Result" class="n"><span class="incorrect">' in page


def test_a_feedback_page_opens_in_words_a_student_understands(tmp_path):
    """Issue 26, problem 7: pages started with raw Python error text and "cell 32"."""
    reason = ("answers that could not be read: 90.1 (cell 32: SyntaxError: leading zeros in decimal integer literals "
              "are not permitted; use an 0o prefix for octal integers)")
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        record = _student("kim", "error", "passed", status="review", reason=reason)
        record.answers[0].messages = ("No answer could be read: the cell that sets `n_things` has a syntax error: "
                                      "is your text in quotes, and is every bracket and quote closed?",)
        book.record(record)
        text = write_feedback(book, tmp_path / "fb")["kim"].read_text("utf-8")
    opening = text[text.index("<h1>"):text.index("<table>")]
    assert not re.search(r"SyntaxError|leading zeros|cell \d+", opening)
    assert "1 answer(s) could not be read: 90.1" in opening
    assert "how your work was handed in" not in opening  # nothing here is about the hand-in (walkthrough round 1)
    notes = text[text.index("<details><summary>Notes from the grader"):]
    assert "cell 32: SyntaxError" in notes, "the exact error stays, folded at the end"


WRITTEN = {"name": "a", "exercises": [
    {"id": "2.1", "lesson": "02-a", "points": 2}, {"id": "2.7", "lesson": "02-a", "points": 3, "kind": "written"},
    {"id": "5.1", "lesson": "05-a", "points": 2}]}


def test_written_answers_awaiting_scores_never_rank_hardest_and_a_missing_notebook_is_no_score(tmp_path):
    """Walkthrough round 1, finding 5: before scoring, "2.7 (some scores pending) 0 %" topped the chart, counted
    from the one student (ivan) who handed in no usable lesson-02 notebook."""
    from summit_course.reports.analytics import item_stats

    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(WRITTEN)
        for number in range(6):
            book.record(SubmissionRecord(f"s{number}", "x", "sha", "fp", "ok", "", [
                AnswerRecord("2.1", "passed" if number else "incorrect", 2.0 if number else 0.0, 2.0),
                AnswerRecord("2.7", "manual", None, 3.0, 1, 1, answer=f"Essay {number}."),
                AnswerRecord("5.1", "passed" if number % 2 else "incorrect", 2.0 if number % 2 else 0.0, 2.0)]))
        book.record(SubmissionRecord("ivan", "ivan", "sha", "fp", "review", "no notebook for lesson 02-a", [
            AnswerRecord("2.1", "missing", 0.0, 2.0), AnswerRecord("2.7", "missing", 0.0, 3.0),
            AnswerRecord("5.1", "passed", 2.0, 2.0)]))
        stats = {s.id: s for s in exercise_stats(book)}
        assert [s.id for s in exercise_stats(book)] == ["5.1", "2.1", "2.7"]
        assert (stats["2.7"].students, stats["2.7"].pending, stats["2.7"].no_answer_cell) == (7, 6, 1)
        assert stats["2.7"].share_passed is None  # "awaiting manual scores", not 0 %
        items = {s.id: s for s in item_stats(student_rows(book), WRITTEN["exercises"])}
        assert (items["2.7"].students, items["2.7"].pending, items["2.7"].awaiting) == (7, 6, True)
        book.set_manual([("s1", "2.7", 3.0, "")])  # one scored: 2.7 still waits for five, so it stays last
        assert [s.id for s in exercise_stats(book)][-1] == "2.7"
        text = write_report(book, tmp_path / "report.html").read_text("utf-8")
    alt = re.search(r'alt="([^"]+)"', text).group(1)
    assert "Hardest: 5.1 (57 %), 2.1 (71 %)." in alt and "manual scores pending): 2.7." in alt


def _opening(record, assignment=ASSIGNMENT):
    from summit_course.reports.feedback import student_page

    return student_page(assignment, {**_summary_of(record)})


def _summary_of(record):
    rows = {a.exercise: {"status": a.status, "points": a.points, "max_points": a.max_points, "messages": a.messages,
                         "manual_points": None, "manual_comment": ""} for a in record.answers}
    return {"student": record.student, "status": record.status, "reason": record.reason,
            "grading_reason": record.reason, "total": sum(a.points or 0 for a in record.answers), "max_total": 5,
            "late": False, "submitted_at": "", "exercises": rows}


def test_a_loop_that_ran_too_long_is_said_so_not_called_a_hand_in_problem():
    """Walkthrough round 1: jo's page opened "The grader noted how your work was handed in"; a cell of his had run
    too long."""
    jo = _student("jo", "passed", "passed", status="review",
                  reason="90-fixture.ipynb: cell 33 (`# try every share until it matches`) ran longer than 30 s and "
                         "was interrupted")
    page = _opening(jo)
    opening = page[page.index("<h1>"):page.index("<table>")]
    assert ("A cell ran longer than 30 s and was stopped: the one that starts <code># try every share until it "
            "matches</code> in 90-fixture.ipynb. Look for a loop that never ends") in opening
    assert "handed in" not in opening and not re.search(r"cell \d+", opening)
    fay = _student("fay", "passed", "passed", status="review", reason="my answers.docx not used: not a notebook (.ipynb)")
    assert "The grader noted how your work was handed in" in _opening(fay)


def test_a_damaged_notebook_opens_the_page_as_damaged():
    """Walkthrough round 1: ivan's page opened "No notebook for lesson 02-… was found in what you handed in"."""
    damaged = ("Your 90-fixture.ipynb is damaged: it cannot be opened as a notebook. Download it again from "
               "JupyterLab (File → Download) and hand it in; if JupyterLab cannot open it either, ask your instructor.")
    ivan = SubmissionRecord("ivan", "ivan", "sha", "fp", "failed",
                            "90-fixture.ipynb: the file is not valid JSON (line 1101, column 8: Unterminated string "
                            "starting at); it may be damaged or cut short",
                            [AnswerRecord(e, "missing", 0.0, 1.0, messages=(damaged,)) for e in ("90.1", "90.2", "90.5")])
    lessons = {**ASSIGNMENT, "exercises": [{**e, "lesson": "90-fixture"} for e in ASSIGNMENT["exercises"]]}
    page = _opening(ivan, lessons)
    opening = page[page.index("<h1>"):page.index("<table>")]
    assert "Your 90-fixture.ipynb is damaged: it cannot be opened as a notebook." in opening
    assert "No notebook for lesson" not in opening and "Unterminated" not in opening
    assert "Unterminated string" in page[page.index("Notes from the grader"):]  # for the instructor, folded


def test_the_exercise_tables_counts_add_up_to_one_definition_of_students(tmp_path):
    """Round 7 item 4: "students", "attempted" and the shares counted different people; "no notebook for this
    lesson" also counted deleted cells."""
    from summit_course.reports.analytics import item_stats
    from summit_course.reports.report import EXERCISE_HEADERS

    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(WRITTEN)
        statuses = ["passed", "incorrect", "not_attempted", "error", "missing", "passed"]
        for number, status in enumerate(statuses):
            book.record(SubmissionRecord(f"s{number}", "x", "sha", "fp", "ok", "", [
                AnswerRecord("2.1", status, 2.0 if status == "passed" else 0.0, 2.0),
                AnswerRecord("2.7", "manual", None, 3.0, answer="Essay.") if number < 4 else
                AnswerRecord("2.7", "missing", 0.0, 3.0),
                AnswerRecord("5.1", "passed", 2.0, 2.0)]))
        book.record(SubmissionRecord("zed", "zed", "sha", "fp", "failed", "not a notebook", []))
        book.set_manual([(f"s{n}", "2.7", 3.0 if n < 2 else 1.0, "") for n in range(4)])
        write_report(book, tmp_path / "report.html")
        stats = {s.id: s for s in exercise_stats(book)}
        items = {s.id: s for s in item_stats(student_rows(book), WRITTEN["exercises"])}
    for s in stats.values():
        assert s.answered + s.no_answer_cell + s.blank + s.unreadable == s.students == 6
        assert s.share_passed == pytest.approx(s.passed / s.students) and items[s.id].students == s.students
        assert items[s.id].passed == s.passed
    assert (stats["2.1"].answered, stats["2.1"].blank, stats["2.1"].unreadable, stats["2.1"].no_answer_cell,
            stats["2.1"].passed) == (3, 1, 1, 1, 2)
    assert (stats["2.7"].answered, stats["2.7"].no_answer_cell, stats["2.7"].passed) == (4, 2, 2)
    rows = list(csv.DictReader((tmp_path / "report-exercises.csv").open(encoding="utf-8")))
    for row in rows:
        parts = ("answered", "no_answer_cell", "left_blank", "could_not_be_read")
        assert sum(int(row[k]) for k in parts) == int(row["students"]) == 6
        assert float(row["share_passed"]) == pytest.approx(round(int(row["passed"]) / 6, 2))
    assert {"students (graded)", "no answer cell", "passed (of students)"} <= set(EXERCISE_HEADERS)


def test_a_practice_item_worth_no_points_says_practice_not_zero(tmp_path):
    """Round 7 item 6: a 0-point practice quiz showed "0 / 0" on the page and "0" in the report."""
    practice = {"name": "a", "exercises": [{"id": "2.0", "points": 0, "kind": "choice"},
                                           {"id": "2.1", "points": 2}]}
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(practice)
        book.record(SubmissionRecord("ana", "x", "sha", "fp", "ok", "", [
            AnswerRecord("2.0", "passed", 0.0, 0.0), AnswerRecord("2.1", "passed", 2.0, 2.0)]))
        page = write_feedback(book, tmp_path / "fb")["ana"].read_text("utf-8")
        report = write_report(book, tmp_path / "r.html").read_text("utf-8")
    assert "practice (no points)" in page and "0 / 0" not in page
    assert re.search(r'<td data-label="points" class="n">practice</td>', report)


def test_the_report_names_the_exercise_not_a_cell_number_and_shows_no_backticks(tmp_path):
    """Round 7 item 6: "cell 52 (`while True:`)" in the report: no cell numbers in Jupyter, backticks not rendered."""
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(WRITTEN)
        book.record(SubmissionRecord("ana", "ana", "sha", "fp", "review",
                                     "02-a.ipynb: cell 52 (`while True:`) ran longer than 30 s; "
                                     "05-a.ipynb: cell 7 (`x = [1]`) ran out of memory", [
            AnswerRecord("2.1", "error", 0.0, 2.0, note="cell 52: no value"),
            AnswerRecord("2.7", "manual", None, 3.0, answer="Essay."), AnswerRecord("5.1", "passed", 2.0, 2.0)]))
        text = write_report(book, tmp_path / "r.html").read_text("utf-8")
    assert "`" not in text[text.index("<h1>"):text.index('<h2 id="distribution">')]
    assert not re.search(r"cell \d+", text[text.index("<h1>"):text.index('<h2 id="distribution">')])
    assert 'the answer cell of exercise 2.1 (&#34;while True:&#34;) ran longer than 30 s' in text
    assert 'the cell that starts &#34;x = [1]&#34; ran out of memory' in text


def test_a_grade_made_without_the_sandbox_shows_in_the_report_and_the_feedback_page(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        trusted = _student("lea", "passed", "passed")
        trusted.sandboxed = False
        book.record(trusted)
        book.record(_student("max", "passed", "passed"))
        report = html.unescape(write_report(book, tmp_path / "r.html").read_text("utf-8"))
        assert "Graded without the sandbox (--no-sandbox): lea." in report
        rows = {r[0]: r for r in student_table(book, student_rows(book))}
        assert (rows["lea"][-1], rows["max"][-1]) == ("no (--no-sandbox)", "yes")
        pages = write_feedback(book, tmp_path / "fb")
        assert "without the sandbox (--no-sandbox)" in html.unescape(pages["lea"].read_text("utf-8"))
        assert "sandbox" not in pages["max"].read_text("utf-8")


def test_the_why_cell_is_cut_between_items_never_inside_brackets():
    """Issue 26 i9: the report's "why" cut a long reason at 220 characters, inside a bracket."""
    from summit_course.reports.report import _shorten

    items = [f"datasets/file_{n}.csv not used (beside the notebook, not part of the lesson {n})" for n in range(6)]
    text = "; ".join(items)
    short = _shorten(text)
    kept = short.split(" … ")[0]
    assert kept.count("(") == kept.count(")") and kept.endswith(")")
    assert all(part in items for part in kept.split("; "))
    assert "every student" in short and len(kept) <= 220
    assert _shorten("short; reason") == "short; reason"


def test_the_report_header_says_its_mean_leaves_out_pending_written_answers(book, tmp_path):
    """Issue 26 i9: the header's mean counted unscored written answers as 0 without saying so."""
    page = html.unescape(write_report(book, tmp_path / "r.html").read_text("utf-8"))
    header = page.split("<h2")[0]
    assert re.search(r"mean score [\d.]+ of 5 points, not counting 4 written answer\(s\) still awaiting a manual "
                     r"score \(up to 8 points\)", header)
