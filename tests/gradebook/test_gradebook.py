"""The SQLite gradebook: one transaction per submission, totals, exports and manual scores."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import pytest

from summit_course.gradebook import (
    AnswerRecord,
    Gradebook,
    SubmissionRecord,
    UsageError,
    export_csv,
    export_json,
    export_manual,
    import_manual,
    student_rows,
)

ASSIGNMENT = {
    "name": "demo",
    "exercises": [
        {"id": "1.1", "lesson": "01-a", "points": 2, "hints": ["Count."]},
        {"id": "1.2", "lesson": "01-a", "points": 3, "rubric": ["Names a source (1 point).", "Weighs it (2 points)."]},
    ],
}


def _record(student, auto=2.0, essay="Because state media said so.", sha="aaa", status="ok"):
    return SubmissionRecord(
        student, f"{student}.ipynb", sha, "fp1", status, "",
        [AnswerRecord("1.1", "passed" if auto else "incorrect", auto, 2.0, 3, 3, messages=("ok",)),
         AnswerRecord("1.2", "manual", None, 3.0, 2, 2, answer=essay)],
    )


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as opened:
        opened.set_assignment(ASSIGNMENT)
        yield opened


def test_database_uses_write_ahead_logging(book):
    assert book._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_record_replaces_a_students_rows_and_totals_are_summed(book):
    book.record(_record("ana", auto=0.0))
    book.record(_record("ana", auto=2.0))
    rows = student_rows(book)
    assert [r["student"] for r in rows] == ["ana"]
    assert rows[0]["total"] == 2.0 and rows[0]["max_total"] == 5.0
    assert len(book.answers("ana")) == 2


def test_a_failed_write_leaves_the_previous_grade_untouched(book):
    book.record(_record("ana"))
    broken = _record("ana", auto=0.0)
    broken.answers.append(AnswerRecord("1.3", "passed", 1.0, 1.0, messages=(object(),)))  # not JSON
    with pytest.raises(TypeError):
        book.record(broken)
    assert student_rows(book)[0]["total"] == 2.0
    assert {a["exercise"] for a in book.answers("ana")} == {"1.1", "1.2"}


def test_a_process_killed_mid_write_leaves_the_previous_grade_untouched(book, tmp_path):
    book.record(_record("ana"))
    script = textwrap.dedent(f"""
        import os
        from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord

        class DiesHalfWay(list):
            def __iter__(self):
                yield self[0]
                os._exit(9)  # like kill -9, after the old rows are deleted and one new row is written

        answers = DiesHalfWay([AnswerRecord("1.1", "incorrect", 0.0, 2.0), AnswerRecord("1.2", "missing", 0.0, 3.0)])
        book = Gradebook({str(tmp_path / "gb.sqlite")!r})
        book.record(SubmissionRecord("ana", "ana.ipynb", "bbb", "fp1", "ok", "", answers))
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    with Gradebook(tmp_path / "gb.sqlite") as reopened:
        rows = student_rows(reopened)
        assert rows[0]["total"] == 2.0 and reopened.is_current("ana", "aaa", "fp1")
        assert {a["exercise"]: a["status"] for a in reopened.answers("ana")} == {"1.1": "passed", "1.2": "manual"}


def test_is_current_only_for_the_same_file_and_assignment_and_not_after_grader_errors(book):
    book.record(_record("ana", sha="aaa"))
    book.record(_record("ben", sha="bbb", status="error"))
    assert book.is_current("ana", "aaa", "fp1")
    assert not book.is_current("ana", "changed", "fp1")
    assert not book.is_current("ana", "aaa", "fp2")
    assert not book.is_current("ben", "bbb", "fp1")
    assert not book.is_current("nobody", "aaa", "fp1")


def test_another_assignment_needs_another_gradebook(book):
    book.record(_record("ana"))
    with pytest.raises(ValueError, match="new gradebook"):
        book.set_assignment({"name": "other", "exercises": [{"id": "9.9", "points": 1}]})


def test_csv_export_has_one_row_per_student_and_a_blank_for_pending_manual_scores(book, tmp_path):
    book.record(_record("Zoë Ωmega"))
    book.record(_record("ana", auto=0.0))
    path = export_csv(book, tmp_path / "grades.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfstudent,")  # a byte-order mark: Excel reads Zoë, not ZoÃ«
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["student", "1.1", "1.2", "total", "max_total", "status", "reason", "sandboxed", "late",
                       "submitted_at", "journal_note"]
    assert rows[1][:5] == ["ana", "0", "", "0", "5"]
    assert rows[2][:5] == ["Zoë Ωmega", "2", "", "2", "5"]
    assert "await a manual score" in rows[2][6]


def test_a_student_named_like_a_formula_is_plain_text_in_the_csv(book, tmp_path):
    """A student chooses their submission's name: a spreadsheet must not run it (CSV injection)."""
    book.record(_record('=HYPERLINK("http://x.example","grade")'))
    rows = list(csv.reader(export_csv(book, tmp_path / "grades.csv").open(encoding="utf-8-sig")))
    assert rows[1][0] == "'=HYPERLINK(\"http://x.example\",\"grade\")"
    data = json.loads(export_json(book, tmp_path / "grades.json").read_text("utf-8"))
    assert data["students"][0]["student"].startswith("=HYPERLINK")  # JSON is not a spreadsheet: as it is


def test_json_export_holds_every_exercise_result(book, tmp_path):
    book.record(_record("ana"))
    data = json.loads(export_json(book, tmp_path / "grades.json").read_text("utf-8"))
    assert data["assignment"]["name"] == "demo"
    ana = data["students"][0]
    assert ana["student"] == "ana" and ana["total"] == 2.0
    assert ana["exercises"]["1.1"]["public_checks"] == [3, 3]
    assert "rubric" not in json.dumps(data)


def _fill(path, scores):
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    for row in rows:
        row["score"] = scores.get(row["student"], "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_manual_scores_round_trip_and_update_totals(book, tmp_path):
    book.record(_record("ana"))
    book.record(_record("ben"))
    path = export_manual(book, tmp_path / "written.csv").path
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert [r["student"] for r in rows] == ["ana", "ben"]
    assert rows[0]["answer"] == "Because state media said so."
    assert rows[0]["rubric"].splitlines() == ASSIGNMENT["exercises"][1]["rubric"]
    assert rows[0]["score"] == ""
    _fill(path, {"ana": "2.5"})
    result = import_manual(book, path)
    assert result.ok and (result.updated, result.skipped) == (1, 1)
    totals = {r["student"]: r["total"] for r in student_rows(book)}
    assert totals == {"ana": 4.5, "ben": 2.0}


def test_bad_manual_rows_are_all_listed_and_the_good_ones_stored(book, tmp_path):
    for student in ("ana", "ben", "cleo"):
        book.record(_record(student))
    path = export_manual(book, tmp_path / "written.csv").path
    _fill(path, {"ana": "7", "ben": "lots", "cleo": "2,5"})
    with path.open("a", encoding="utf-8") as handle:
        handle.write("nobody,1.2,3,,,,,,1,\n")  # the stored_id and note columns come before the score
    result = import_manual(book, path)
    assert not result.ok and result.updated == 1
    assert any("row 2" in e and "outside 0 to 3" in e for e in result.errors)
    assert any("row 3" in e and "not a number" in e for e in result.errors)
    assert any("'nobody'" in e for e in result.errors)
    assert {a["student"]: a["manual_points"] for a in book.answers() if a["exercise"] == "1.2"} == {
        "ana": None, "ben": None, "cleo": 2.5}


def test_manual_import_lists_a_score_for_an_answer_that_changed(book, tmp_path):
    book.record(_record("ana"))
    path = export_manual(book, tmp_path / "written.csv").path
    book.record(_record("ana", essay="A new, different answer after re-submission."))
    _fill(path, {"ana": "3"})
    result = import_manual(book, path)
    assert not result.ok and "row 2: ana's answer to 1.2 changed since" in result.errors[0]
    assert f"Write this sheet again (`summit-course manual-export --gradebook {book.path} --out {path}`): it keeps " \
        "this score" in result.errors[0]


def test_manual_scores_survive_a_regrade_only_if_the_answer_is_unchanged(book, tmp_path):
    book.record(_record("ana"))
    book.record(_record("ben"))
    book.set_manual([("ana", "1.2", 3.0, "good"), ("ben", "1.2", 1.0, "")])
    book.record(_record("ana"))
    book.record(_record("ben", essay="Rewritten."))
    manual = {a["student"]: a["manual_points"] for a in book.answers() if a["exercise"] == "1.2"}
    assert manual == {"ana": 3.0, "ben": None}


def test_exports_take_a_gradebook_path_and_say_when_there_is_none(book, tmp_path):
    book.record(_record("ana"))
    assert export_csv(str(book.path), tmp_path / "grades.csv").read_text("utf-8-sig").startswith("student,")
    with pytest.raises(UsageError, match="run `summit-course grade` first"):
        export_csv(tmp_path / "nothing.sqlite", tmp_path / "grades.csv")
    assert not (tmp_path / "nothing.sqlite").exists()


def test_manual_import_names_missing_columns(book, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("name,points\nana,1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="lacks the column\\(s\\) student, exercise, score") as refused:
        import_manual(book, path)
    assert "Nothing was imported" in str(refused.value)


def test_a_short_written_answer_reaches_the_manual_csv_with_its_word_count_note(tmp_path):
    from summit_course.gradebook import AnswerRecord, SubmissionRecord, export_manual

    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment({"name": "a", "exercises": [{"id": "90.5", "points": 2}]})
        book.record(SubmissionRecord("kim", "kim.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.5", "manual", None, 2.0, 1, 2, messages=("Aim for 3 to 80 words; this has 2.",),
                         answer="Too short", note="Aim for 3 to 80 words; this has 2.")]))
        rows = list(csv.DictReader(export_manual(book, tmp_path / "w.csv").path.open(encoding="utf-8-sig")))
    assert [(r["student"], r["answer"], r["note"], r["score"]) for r in rows] == [
        ("kim", "Too short", "Aim for 3 to 80 words; this has 2.", "")]


def test_the_journal_note_reaches_both_exports(book, tmp_path):
    """Round 7 item 6: the journal's note was in the gradebook but in neither export."""
    record = _record("ana")
    record.journal_note = "journal refused: journal.jsonl is a symbolic link (not followed)"
    book.record(record)
    row = next(csv.DictReader(export_csv(book, tmp_path / "grades.csv").open(encoding="utf-8-sig")))
    assert row["journal_note"] == record.journal_note
    data = json.loads(export_json(book, tmp_path / "grades.json").read_text("utf-8"))
    assert data["students"][0]["journal_note"] == record.journal_note


def test_a_practice_exercise_is_blank_in_grades_csv_not_a_zero(tmp_path):
    """Issue 26 i9 item 5: a practice exercise (0 points) a student passed exported as 0."""
    from summit_course.gradebook import AnswerRecord, SubmissionRecord

    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment({"name": "a", "exercises": [{"id": "90.1", "points": 2}, {"id": "90.0", "points": 0}]})
        book.record(SubmissionRecord("ana", "ana.ipynb", "sha", "fp", "ok", "", [
            AnswerRecord("90.1", "passed", 2.0, 2.0, 1, 1), AnswerRecord("90.0", "passed", 0.0, 0.0, 1, 1)]))
        row = next(csv.DictReader(export_csv(book, tmp_path / "grades.csv").open(encoding="utf-8-sig")))
    assert (row["90.1"], row["90.0"], row["total"]) == ("2", "", "2")


def test_a_student_named_without_accents_or_surname_is_suggested(tmp_path):
    """Issue 26 i9: `feedback --student zoe` said only "No student 'zoe'": it should suggest "Zoë Ωmega"."""
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment({"name": "a", "exercises": [{"id": "90.1", "points": 2}]})
        for name in ("Zoë Ωmega", "ana", "benjamin"):
            book.record(SubmissionRecord(name, f"{name}.ipynb", "sha", "fp", "ok", "", [
                AnswerRecord("90.1", "passed", 2.0, 2.0, 1, 1)]))
        with pytest.raises(UsageError, match="Did you mean 'Zoë Ωmega'"):
            book.known(["zoe"])
        with pytest.raises(UsageError, match="Did you mean 'benjamin'"):
            book.known(["benjamn"])
