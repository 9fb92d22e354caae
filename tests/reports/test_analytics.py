"""Item analytics on a fixture class with known answers, and the report's section and CSV."""

from __future__ import annotations

import csv
import re

import pytest

from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, student_rows
from summit_course.gradebook.records import JournalStats
from summit_course.reports.analytics import discrimination, item_stats, ratio
from summit_course.reports.report import write_report

ASSIGNMENT = {"name": "items", "exercises": [
    {"id": "e1", "points": 4, "partial": True, "hints": ["h"]},
    {"id": "e2", "points": 4, "partial": True},
    {"id": "e3", "points": 2, "hints": ["h1", "h2"]},
]}

# The class: per student, each exercise as (points, status, public passed/total, hidden passed/total),
# and e3's journal figures (checks to the pass, highest hint seen) or None for no journal.
#
#   student  e1  e2  e3  total   e3 verdict                          e3 journal
#   ana       4   4   2   10     passed                              pass at check 1, no hint
#   ben       4   2   2    8     passed                              pass at check 3, hint 2 of 2
#   cleo      4   4   0    8     public checks pass, hidden fails    pass at check 2, hint 2 of 2
#   dan       1   4   0    5     public checks pass, hidden fails    no journal
#   eve       1   0   2    3     passed                              pass at check 2, hint 1 of 2
#   fay       1   0   0    1     not attempted                       no journal
PASS, WRONG = ("passed", (2, 2), (1, 1)), ("incorrect", (0, 2), (0, 1))
HIDDEN_FAIL, BLANK = ("incorrect", (2, 2), (0, 1)), ("not_attempted", (0, 0), (0, 0))
CLASS = {
    "ana": ((4, PASS), (4, PASS), (2, PASS), (1, 0)),
    "ben": ((4, PASS), (2, WRONG), (2, PASS), (3, 2)),
    "cleo": ((4, PASS), (4, PASS), (0, HIDDEN_FAIL), (2, 2)),
    "dan": ((1, WRONG), (4, PASS), (0, HIDDEN_FAIL), None),
    "eve": ((1, WRONG), (0, WRONG), (2, PASS), (2, 1)),
    "fay": ((1, WRONG), (0, WRONG), (0, BLANK), None),
}


def _record(student, e1, e2, e3, journal):
    answers = []
    for exercise, (points, (status, public, hidden)), most in zip(("e1", "e2", "e3"), (e1, e2, e3), (4, 4, 2)):
        figures = None
        if journal is not None:  # e3's figures as above; e1 and e2 with a check or two
            to_pass, hint = journal if exercise == "e3" else (1 if status == "passed" else None, 0)
            figures = JournalStats(attempts=max(to_pass or 1, 2), checks_to_pass=to_pass, hint_max=hint, hints=hint)
        answers.append(AnswerRecord(exercise, status, float(points), float(most), *public, *hidden, journal=figures))
    return SubmissionRecord(student, student, "sha", "fp", "ok", "", answers,
                            journal_note="no journal" if journal is None else "journal: 9 entries")


def _book(path, students=CLASS, extra=()):
    with Gradebook(path) as book:
        book.set_assignment(ASSIGNMENT)
        for student in students:
            book.record(_record(student, *CLASS[student]))
        for record in extra:
            book.record(record)
    return path


@pytest.fixture
def stats(tmp_path):
    # a failed submission (nothing could be graded) counts in no figure
    failed = SubmissionRecord("zed", "zed.pdf", "sha", "fp", "failed", "not a notebook",
                              [AnswerRecord(e, "missing", 0.0, float(p), journal=None) for e, p in
                               (("e1", 4), ("e2", 4), ("e3", 2))])
    with Gradebook(_book(tmp_path / "gb.sqlite", extra=[failed])) as book:
        return {s.id: s for s in item_stats(student_rows(book), ASSIGNMENT["exercises"])}


def test_the_discrimination_index_by_hand(stats):
    # Six students, so each third holds 6 / 3 = 2 students.
    # Top third by total: ana (10) takes one place; ben and cleo tie on 8 for the one place left, so
    # each counts for half a student. Bottom third: fay (1) and eve (3), whole.
    # e3: top = (ana 1 + ben 1/2 x 1 + cleo 1/2 x 0) / 2 = 0.75; bottom = (fay 0 + eve 1) / 2 = 0.5;
    #     index = 0.75 - 0.5 = +0.25.
    # e1: top = (1 + 1/2 + 1/2) / 2 = 1.0; bottom = (0 + 0) / 2 = 0; index = +1.0.
    # e2: top = (1 + 1/2 x 0 + 1/2 x 1) / 2 = 0.75; bottom = 0; index = +0.75.
    e3 = stats["e3"].discrimination
    assert (e3.index, e3.upper, e3.lower, e3.size) == (0.25, 0.75, 0.5, 2)
    assert stats["e1"].discrimination.index == 1.0 and stats["e2"].discrimination.index == 0.75


def test_ties_share_places_whatever_the_order():
    # Four students tied on 5, two of whom passed; 4 / 3 places per third, all filled from the tie:
    # top = bottom = 2/4 passing, so the index is 0 in any order.
    assert discrimination([(5, True), (5, False), (5, True), (5, False)]).index == 0
    assert discrimination([(5, False), (5, True), (5, False), (5, True)]).index == 0
    # 3 students: one place per third, the best passed and the worst did not: +1.
    assert discrimination([(9, True), (1, False), (5, False)]).index == 1
    assert discrimination([(9, True), (1, False)]) is None  # under 3 students: no thirds


def test_shares_medians_hints_and_hidden_failures(stats):
    e3 = stats["e3"]
    assert (e3.students, e3.passed) == (6, 3)  # zed's failed submission does not count
    assert e3.journals == 4 and e3.checks_to_pass == (1, 2, 2, 3) and e3.median_checks == 2
    assert (e3.hints_available, e3.every_hint) == (2, 2)  # ben and cleo opened hint 2 of 2
    assert (e3.public_passed, e3.hidden_failed, e3.unclear) == (5, 2, True)  # cleo and dan: 2 of 5
    assert stats["e2"].hints_available == 0 and not stats["e2"].unclear
    assert (stats["e1"].public_passed, stats["e1"].hidden_failed) == (3, 0)


def test_small_classes_get_counts_not_percentages():
    assert ratio(2, 3, small=True) == "2 of 3"
    assert ratio(2, 5, small=False) == "40 % (2 of 5)"
    assert ratio(0, 0, small=False) == "–"


def test_the_report_has_the_item_section_charts_and_csv(tmp_path):
    path = write_report(_book(tmp_path / "gb.sqlite"), tmp_path / "out" / "report-items.html")
    text = path.read_text("utf-8")
    section = text[text.index('<h2 id="items">Item analytics</h2>'):]
    assert "Caution" not in section
    alts = re.findall(r'alt="([^"]+)"', section)
    assert len(alts) == 4 and all(alt.startswith("Horizontal bars") for alt in alts)
    assert "e3 (2)" in alts[0]  # the highest median of checks to a pass
    assert "50 % (2 of 4)" in section and "40 % (2 of 5)" in section and "+0.25" in section
    rows = list(csv.DictReader((tmp_path / "out" / "report-items-items.csv").open(encoding="utf-8")))
    e3 = next(r for r in rows if r["exercise"] == "e3")
    assert e3 == {"exercise": "e3", "students": "6", "awaiting_manual_scores": "0", "passed": "3",
                  "share_passed": "0.50", "journals": "4",
                  "median_checks_to_pass": "2", "hints": "2", "used_every_hint": "2", "share_used_every_hint": "0.50",
                  "discrimination": "0.25", "upper_third_passed": "0.75", "lower_third_passed": "0.5",
                  "third_size": "2", "public_passed": "5", "hidden_failed": "2", "share_hidden_failed": "0.40",
                  "possibly_unclear": "yes", "small_class": ""}


def test_a_small_class_sees_counts_and_a_caution(tmp_path):
    path = write_report(_book(tmp_path / "gb.sqlite", students=("ana", "cleo", "fay")), tmp_path / "r.html")
    section = path.read_text("utf-8").split('<h2 id="items">Item analytics</h2>')[1]
    assert "Caution: only 3 graded student(s)." in section
    assert "1 of 2" in section and "%" not in re.sub(r'alt="[^"]*"|<img[^>]*>', "", section.split("<table>")[1])
    # Issue 26, problem 7: "+0.00" from 3 students beside "–" elsewhere; under 5 it is "–" everywhere
    assert re.findall(r'data-label="discrimination" class="n">([^<]*)<', section) == ["–", "–", "–"]


def test_a_class_without_journals_says_so(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        for student in ("dan", "fay", "ana"):
            book.record(_record(student, *CLASS[student][:3], None))
        path = write_report(book, tmp_path / "r.html")
    section = path.read_text("utf-8").split('<h2 id="items">Item analytics</h2>')[1]
    assert "No student handed in a readable journal" in section
    assert len(re.findall(r"<img ", section)) == 2  # discrimination and hidden failures only


def test_the_section_names_who_handed_in_no_journal_and_odd_journals(tmp_path):
    odd = _record("gus", *CLASS["ana"][:3], (1, 0))
    odd.journal_note = "journal: 3 entries; 2 unreadable journal lines skipped"
    refused = _record("hal", *CLASS["fay"][:3], None)
    refused.journal_note = "journal refused: journal.jsonl is a symbolic link (not followed)"
    path = write_report(_book(tmp_path / "gb.sqlite", extra=[odd, refused]), tmp_path / "r.html")
    section = path.read_text("utf-8").split('<h2 id="items">Item analytics</h2>')[1]
    assert "Journals read: 5 of 8 graded students (none from dan, fay, hal)." in section
    assert "<li>gus: journal: 3 entries; 2 unreadable journal lines skipped</li>" in section
    assert "<li>hal: journal refused: journal.jsonl is a symbolic link (not followed)</li>" in section
    assert "<li>ana" not in section


def _with_written(path):
    """CLASS plus two written exercises: w1 awaits every score; w2 is scored for ana (full) and fay (0) only."""
    written = {**ASSIGNMENT, "exercises": [*ASSIGNMENT["exercises"], {"id": "w1", "points": 2, "kind": "written"},
                                           {"id": "w2", "points": 2, "kind": "written", "hints": ["h"]}]}
    with Gradebook(path) as book:
        book.set_assignment(written)
        for student in CLASS:
            record = _record(student, *CLASS[student])
            hinted = JournalStats(attempts=1, hint_max=1, hints=1)  # everyone opened w2's only hint
            record.answers += [AnswerRecord("w1", "manual", None, 2.0, answer="An essay."),
                               AnswerRecord("w2", "manual", None, 2.0, answer="An essay.", journal=hinted)]
            book.record(record)
        book.set_manual([("ana", "w2", 2.0, ""), ("fay", "w2", 0.0, "")])
    return path


def test_written_answers_awaiting_scores_are_left_out_not_failed(tmp_path):
    with Gradebook(_with_written(tmp_path / "gb.sqlite")) as book:
        stats = {s.id: s for s in item_stats(student_rows(book), book.assignment()["exercises"])}
    w1, w2 = stats["w1"], stats["w2"]
    assert (w1.students, w1.passed, w1.pending, w1.discrimination, w1.awaiting) == (6, 0, 6, None, True)
    # the journals' figures do not wait for scores: all six opened w2's hint
    assert (w2.students, w2.passed, w2.pending, w2.journals, w2.every_hint) == (6, 1, 4, 6, 6)
    assert w2.discrimination is None and w2.awaiting  # two scored, four to score: no figure yet


def test_the_report_says_awaiting_manual_scores_instead_of_failed(tmp_path):
    path = write_report(_with_written(tmp_path / "gb.sqlite"), tmp_path / "out" / "r.html")
    section = path.read_text("utf-8").split('<h2 id="items">Item analytics</h2>')[1]
    row = re.search(r"<tr><t[hd][^>]*>w1</t[hd]>(.*?)</tr>", section, re.S).group(1)
    assert "awaiting manual scores" in row and "0 %" not in row and "+0.00" not in row
    # w2: ana (full points) and fay (0) scored, four await: not "50 % (1 of 2)" until all are scored
    partly = re.search(r"<tr><t[hd][^>]*>w2</t[hd]>(.*?)</tr>", section, re.S).group(1)
    assert "awaiting manual scores" in partly and "1 of 2" not in partly
    lowest = re.findall(r'alt="([^"]+)"', section)[2].split("Lowest: ")[1]
    assert "w1" not in lowest and "w2" not in lowest  # no index: not ranked among the lowest
    rows = {r["exercise"]: r for r in csv.DictReader((tmp_path / "out" / "r-items.csv").open(encoding="utf-8"))}
    assert (rows["w1"]["students"], rows["w1"]["awaiting_manual_scores"], rows["w1"]["share_passed"]) == ("6", "6", "")
    # a share waits, like the page's, until every answer is scored (one definition: of the students)
    assert (rows["w2"]["passed"], rows["w2"]["share_passed"], rows["w2"]["discrimination"]) == ("1", "", "")


def test_every_column_of_the_items_csv_is_documented():
    """Round 7 item 6: the items CSV had an undocumented `hints` column (and others)."""
    from pathlib import Path

    from summit_course.reports.items import CSV_HEADERS

    guide = (Path(__file__).resolve().parents[2] / "docs" / "instructors.md").read_text(encoding="utf-8")
    section = guide[guide.index("*The items CSV's columns.*"):guide.index("*The discrimination index, exactly.*")]
    assert [h for h in CSV_HEADERS if f"`{h}`" not in section] == []
