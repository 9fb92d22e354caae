"""Exports for Canvas and Moodle match the platforms' documented import formats (tests/files/exports/)."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest

from summit_course.gradebook import (
    AnswerRecord,
    Gradebook,
    GradebookError,
    IdsError,
    SubmissionRecord,
    UsageError,
    export_canvas,
    export_moodle,
    read_ids,
)
from summit_course.gradebook.files import write_rows as write_atomically
from summit_course.gradebook.platforms import CANVAS_COLUMNS, plain_text

FILES = Path(__file__).parents[1] / "files" / "exports"
ASSIGNMENT = {"name": "assignment-90", "exercises": [{"id": "90.1", "lesson": "90-a", "points": 2},
                                                     {"id": "90.2", "lesson": "90-a", "points": 3}]}


def _record(student, auto, status="ok", late=False, sandboxed=True):
    return SubmissionRecord(student, f"{student}.ipynb", "sha", "fp", status, "", [
        AnswerRecord("90.1", "passed" if auto == 2 else "incorrect", auto, 2.0, 2, 2),
        AnswerRecord("90.2", "manual", None, 3.0, answer="State media said so.")],
        late=late, sandboxed=sandboxed)


@pytest.fixture
def book(tmp_path):
    """ana 1.5 + 3 manual, ben failed (0), Zoë 2 + 1 manual, late and unsandboxed; cleo handed nothing in."""
    with Gradebook(tmp_path / "gradebook-assignment-90.sqlite") as opened:
        opened.set_assignment(ASSIGNMENT)
        opened.record(_record("ana", 1.5))
        opened.record(SubmissionRecord("ben", "ben.docx", "sha", "fp", "failed", "not a notebook"))
        opened.record(_record("Zoë Ωmega", 2.0, late=True, sandboxed=False))
        opened.set_manual([("ana", "90.2", 3.0, ""), ("Zoë Ωmega", "90.2", 1.0, "")])
        yield opened


def _rows(path) -> list[list[str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_canvas_file_is_the_documented_format(book, tmp_path):
    out = tmp_path / "canvas.csv"
    report = export_canvas(book, out, FILES / "ids-canvas.csv", assignment_id="4567")
    assert _rows(out) == _rows(FILES / "canvas-grades.csv")
    header, possible = _rows(out)[:2]
    assert header[:5] == CANVAS_COLUMNS == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert re.fullmatch(r".+ \(\d+\)", header[5]) and possible[0].strip() == "Points Possible"
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte-order mark"
    assert report.students == 4 and report.no_submission == ["cleo"] and report.left_out == []
    notes = "\n".join(report.notes)
    assert "Late: Zoë Ωmega" in notes and "without the sandbox (--no-sandbox): Zoë Ωmega" in notes
    assert "status failed), so 0 points: ben" in notes
    assert "late" not in out.read_text("utf-8").lower()


def test_the_moodle_file_is_the_documented_format(book, tmp_path):
    out = tmp_path / "moodle.csv"
    report = export_moodle(book, out, FILES / "ids-moodle.csv")
    assert _rows(out) == _rows(FILES / "moodle-grades.csv")
    assert "map from 'Email address' to 'useremail'" in "\n".join(report.notes)


def test_without_an_assignment_id_canvas_gets_a_new_assignment_column(book, tmp_path):
    export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv", title="Lesson 90 quiz")
    assert _rows(tmp_path / "c.csv")[0][5] == "Lesson 90 quiz"


def test_no_submission_can_be_zero(book, tmp_path):
    export_moodle(book, tmp_path / "m.csv", FILES / "ids-moodle.csv", no_submission="zero")
    assert _rows(tmp_path / "m.csv")[3] == ["cleo@school.example", "0"]


def test_a_student_missing_from_the_mapping_stops_the_export_and_keeps_the_old_file(book, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("student,email\nana,ana@school.example\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    out.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(IdsError, match="2 graded student.* ben; Zoë Ωmega.*--leave-out-missing"):
        export_moodle(book, out, ids)
    assert out.read_text("utf-8") == "the previous export\n"
    report = export_moodle(book, out, ids, leave_out_missing=True)
    assert _rows(out) == [["Email address", "assignment-90"], ["ana@school.example", "4.5"]]
    assert report.left_out == ["ben", "Zoë Ωmega"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_grades_that_are_not_final_stop_the_export_or_stay_blank(book, tmp_path):
    book.set_manual([("ana", "90.2", None, "")])
    with pytest.raises(ValueError, match="grades of ana are not final.*--skip-incomplete"):
        export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv")
    assert not (tmp_path / "c.csv").exists()
    report = export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv", skip_incomplete=True)
    assert _rows(tmp_path / "c.csv")[2][5] == "" and "not final: ana" in "\n".join(report.notes)


def test_the_gradebooks_rules_are_checked_before_anything_is_written(book, tmp_path):
    db = sqlite3.connect(book.path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE answer SET points = 7992 WHERE student = 'ana'")
    db.commit()
    db.close()
    with pytest.raises(GradebookError, match="7992 of 2 points"):
        export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv")
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("text, message", [
    ("name,mail\nana,a@x\n", r"needs an id column: email or idnumber or username; it has name, mail"),
    ("student,email\nana,a@x\nana,b@x\n", r"row 3: student 'ana' again \(first on row 2\)"),
    ("student,email\nana,a@x\nben,a@x\n", r"row 3: email 'a@x' is also on row 2"),
    ("student,email\nana,\n", r"row 2: no email for 'ana'"),
    ("", r"needs an id column: .* it has no header"),
])
def test_a_wrong_mapping_says_what_is_wrong(tmp_path, text, message):
    ids = tmp_path / "ids.csv"
    ids.write_text(text, encoding="utf-8")
    with pytest.raises(IdsError, match=message):
        read_ids(ids, "moodle")


def test_a_mapping_saved_by_a_spreadsheet_is_read(tmp_path):
    ids = tmp_path / "ids.csv"  # Excel: a byte-order mark, semicolons, headers in its own words, NFD letters
    ids.write_text("Student;Canvas ID;SIS User ID\nZoe\u0308 \u03a9mega;1004;\n\n", encoding="utf-8-sig")
    found = read_ids(ids, "canvas")
    assert (found.ids, found.key) == ({"Zoë Ωmega": {"canvas_id": "1004", "sis_user_id": ""}}, "canvas_id")


def test_a_mapping_in_another_encoding_is_refused_with_a_hint(tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_bytes("student,email\nZoë,z@x\n".encode("cp1252"))
    with pytest.raises(IdsError, match=r'not UTF-8 .* save it as "CSV UTF-8"'):
        read_ids(ids, "moodle")
    with pytest.raises(IdsError, match="no mapping file"):
        read_ids(tmp_path / "nothing.csv", "moodle")


def test_canvas_titles_and_ids_it_would_not_import_are_refused(book, tmp_path):
    with pytest.raises(ValueError, match="read-only columns"):
        export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv", title="Final Grade")
    with pytest.raises(ValueError, match="is a number"):
        export_canvas(book, tmp_path / "c.csv", FILES / "ids-canvas.csv", assignment_id="HW 1")
    assert not (tmp_path / "c.csv").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    class Unprintable:
        def __str__(self):
            raise RuntimeError("disk full")

    out = tmp_path / "grades.csv"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        write_atomically(out, [["a"], [Unprintable()]])
    assert out.read_text("utf-8") == "old\n" and [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_a_name_spelled_differently_in_the_mapping_is_pointed_out(book, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("student,email\nAna,a@x\nben,b@x\nZoë Ωmega,z@x\n", encoding="utf-8")
    with pytest.raises(IdsError, match=r"no row in .*: ana\. .*without a submission: Ana; spelled differently\?"):
        export_moodle(book, tmp_path / "m.csv", ids)
    ids.write_text("student,email,email\nana,a@x,b@x\n", encoding="utf-8")
    with pytest.raises(IdsError, match="the column email 2 times"):
        read_ids(ids, "moodle")
    with pytest.raises(UsageError, match="no folder"):
        export_moodle(book, tmp_path / "nowhere" / "m.csv", FILES / "ids-moodle.csv")


def test_names_and_sections_that_would_run_as_formulas_are_plain_text_and_ids_stay_exact(book, tmp_path):
    book.record(_record("+cmd|' /C calc'!A0", 2.0))  # a submission named to be a formula, no name in the mapping
    ids = tmp_path / "ids.csv"
    ids.write_text('student,name,canvas_id,sis_user_id,sis_login_id,section\n'
                   'ana,"=HYPERLINK(""http://evil.example"",""Ana"")",1001,S-1,@ana,=1+1\n'
                   'ben,-2+3,1002,S-2,ben@school.example,Section A\n'
                   'Zoë Ωmega,"Ωmega, Zoë",1004,S-4,zoe@school.example,Section B\n'
                   "\"+cmd|' /C calc'!A0\",,1005,S-5,dan@school.example,@SUM(A1)\n", encoding="utf-8")
    report = export_canvas(book, tmp_path / "c.csv", ids, leave_out_missing=True, skip_incomplete=True)
    rows = {row[1]: row for row in _rows(tmp_path / "c.csv")[2:]}
    assert rows["1001"][:5] == ["'=HYPERLINK(\"http://evil.example\",\"Ana\")", "1001", "S-1", "@ana", "'=1+1"]
    assert rows["1002"][0] == "'-2+3" and rows["1004"][0] == "Ωmega, Zoë" and rows["1004"][4] == "Section B"
    assert rows["1005"][0] == "'+cmd|' /C calc'!A0" and rows["1005"][4] == "'@SUM(A1)"
    assert "The ids of ana start like a spreadsheet formula" in "\n".join(report.notes)  # @ana: kept, named
    assert plain_text("\tx") == "'\tx" and plain_text("\rx") == "'\rx" and plain_text("Ana") == "Ana"
    ids.write_text("student,email\nana,+ana@school.example\nben,ben@school.example\n", encoding="utf-8")
    moodle = export_moodle(book, tmp_path / "m.csv", ids, leave_out_missing=True, skip_incomplete=True)
    assert _rows(tmp_path / "m.csv")[1][0] == "+ana@school.example"  # what Moodle matches on: exact
    assert "The ids of ana start like" in "\n".join(moodle.notes) and "ben start" not in "\n".join(moodle.notes)


def test_canvas_s_own_gradebook_export_is_the_mapping_as_it_comes(book, tmp_path):
    """Issue 26, problem 5: the two-row header, Points Possible, duplicate-looking columns, SIS columns."""
    out = tmp_path / "c.csv"
    report = export_canvas(book, out, FILES / "canvas-export.csv", assignment_id="4567")
    rows = _rows(out)
    expected = _rows(FILES / "canvas-grades.csv") + [["Student, Test", "1099", "", "", "Section A", ""]]
    assert rows == expected, "submissions matched by login and name; the ID column kept beside the SIS columns"
    notes = "\n".join(report.notes)
    assert "row 2 (Points Possible) skipped: no id, so not a student" in notes
    assert "9 column(s) not used" in notes and "Quiz 1 (4321)" in notes and "Current Score" in notes
    assert report.no_submission == ["Park, Cleo"] and report.test_student == ["Student, Test"]
    assert report.students == 4  # ana, ben, Park, Cleo and Zoë: Canvas's test student is not one
    assert "No submission: Park, Cleo (blank: no score)." in notes
    assert "Canvas's test student (Student, Test): left blank, not counted as a student." in notes
    zero = export_canvas(book, out, FILES / "canvas-export.csv", assignment_id="4567", no_submission="zero")
    assert _rows(out)[-1] == ["Student, Test", "1099", "", "", "Section A", ""] and zero.no_submission == ["Park, Cleo"]


def test_a_canvas_export_with_a_student_column_added_as_the_guide_said(book, tmp_path):
    export = (FILES / "canvas-export.csv").read_text("utf-8").splitlines()
    added = [export[0] + ",student", export[1] + ","]
    added += [line + f",{name}" for line, name in zip(export[2:], ["ana", "ben", "", "Zoë Ωmega", ""])]
    ids = tmp_path / "ids.csv"
    ids.write_text("\n".join(added) + "\n", encoding="utf-8")
    export_canvas(book, tmp_path / "c.csv", ids, assignment_id="4567")
    assert _rows(tmp_path / "c.csv")[:6] == _rows(FILES / "canvas-grades.csv")


def test_moodle_s_own_gradebook_export_is_the_mapping_as_it_comes(book, tmp_path):
    out = tmp_path / "m.csv"
    report = export_moodle(book, out, FILES / "moodle-export.csv")
    assert _rows(out) == [["Email address", "assignment-90"], ["ana@school.example", "4.5"],
                          ["ben@school.example", "0"], ["cleo@school.example", ""], ["zoe@school.example", "3"]]
    assert "5 column(s) not used" in "\n".join(report.notes)


def test_a_submission_that_fits_two_rows_is_a_problem_not_a_guess(book, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("Student,ID,SIS Login ID\n\"Lind, Ana\",1001,ana@school.example\n\"Ana, X\",1005,ana\n"
                   "\"Okafor, Ben\",1002,ben\n\"Ωmega, Zoë\",1004,zoe\n", encoding="utf-8")
    with pytest.raises(IdsError, match=r"'ana' fits rows 2, 3: add a 'submission' column"):
        export_canvas(book, tmp_path / "c.csv", ids)
    assert not (tmp_path / "c.csv").exists()


def test_the_canvas_column_is_titled_as_canvas_s_own_export_titles_the_assignment(book, tmp_path):
    """Walkthrough round 1: the column was `assignment-02-05 (4567)`; Canvas's export says "Assignment 02-05 (4567)"."""
    export = (FILES / "canvas-export.csv").read_text("utf-8").replace("assignment-90 (4567)", "Assignment 90 (4567)")
    ids = tmp_path / "2026-12-08T0930_Grades-HIST101.csv"
    ids.write_text(export, encoding="utf-8")
    report = export_canvas(book, tmp_path / "c.csv", ids, assignment_id="4567")
    assert _rows(tmp_path / "c.csv")[0][-1] == "Assignment 90 (4567)"
    assert "the column 'Assignment 90 (4567)' holds points and updates that assignment" in report.notes[-1]
    export_canvas(book, tmp_path / "t.csv", ids, assignment_id="4567", title="Essay")  # --title still decides
    assert _rows(tmp_path / "t.csv")[0][-1] == "Essay (4567)"
    export_canvas(book, tmp_path / "o.csv", FILES / "ids-canvas.csv", assignment_id="4567")  # a mapping written by hand
    assert _rows(tmp_path / "o.csv")[0][-1] == "assignment-90 (4567)"


def test_a_submission_column_filled_for_one_row_leaves_the_others_matched_by_id_or_name(book, tmp_path):
    """Round 7 item 6: one `student` cell filled in Canvas's export made every other row a student without a
    submission (and stopped the export: "ben, Zoë have no row")."""
    export = (FILES / "canvas-export.csv").read_text("utf-8").splitlines()
    added = [export[0] + ",student", export[1] + ","]
    added += [line + f",{name}" for line, name in zip(export[2:], ["ana", "", "", "", ""])]
    ids = tmp_path / "ids.csv"
    ids.write_text("\n".join(added) + "\n", encoding="utf-8")
    report = export_canvas(book, tmp_path / "c.csv", ids, assignment_id="4567")
    assert _rows(tmp_path / "c.csv")[:6] == _rows(FILES / "canvas-grades.csv")
    assert report.no_submission == ["Park, Cleo"]


def test_canvas_s_test_student_is_not_named_among_the_rows_without_a_submission(book, tmp_path):
    book.record(_record("dee", 2.0))  # not in Canvas's export: the export stops and lists the unmatched rows
    with pytest.raises(IdsError) as refused:
        export_canvas(book, tmp_path / "c.csv", FILES / "canvas-export.csv", assignment_id="4567")
    assert "without a submission: Park, Cleo; spelled differently?" in str(refused.value)
    assert "Student, Test" not in str(refused.value)


@pytest.mark.parametrize("export", [export_canvas, export_moodle])
def test_review_rows_sent_with_partial_totals_are_named(book, tmp_path, export):
    book.record(_record("ana", 1.5, status="review"))
    book.set_manual([("ana", "90.2", 3.0, "")])
    ids = FILES / ("ids-canvas.csv" if export is export_canvas else "ids-moodle.csv")
    report = export(book, tmp_path / "out.csv", ids)
    assert "Under review, partial totals sent: ana" in "\n".join(report.notes)
    book.set_manual([("ana", "90.2", None, "")])
    report = export(book, tmp_path / "out.csv", ids, skip_incomplete=True)
    assert "Under review" not in "\n".join(report.notes), "a blank cell sends no partial total"


def test_every_name_is_listed_never_and_n_more(tmp_path):
    """Issue 26 i9: "lena and 2 more" left the instructor to guess who; every list names everyone."""
    names = [f"student{n:02}" for n in range(14)]
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        for name in names:
            book.record(_record(name, 2.0, late=True))
        ids = tmp_path / "ids.csv"
        ids.write_text("student,email\n" + "".join(f"{n},{n}@school.example\n" for n in names), encoding="utf-8")
        report = export_moodle(book, tmp_path / "m.csv", ids, skip_incomplete=True)
        assert f"Late: {'; '.join(names)}." in "\n".join(report.notes)
        with pytest.raises(UsageError) as raised:
            book.known(["nobody"])
        assert "more" not in str(raised.value) and all(n in str(raised.value) for n in names)
