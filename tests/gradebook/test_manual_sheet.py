"""The written-answers sheet: nothing typed into it is lost, and no cell in it runs as a formula."""

from __future__ import annotations

import csv

import pytest

from summit_course.gradebook import (
    AnswerRecord,
    Gradebook,
    SubmissionRecord,
    UsageError,
    export_manual,
    import_manual,
)

ASSIGNMENT = {"name": "demo", "exercises": [
    {"id": "2.7", "lesson": "02-a", "points": 3, "rubric": ["Names a source (1 point)."]},
    {"id": "5.4", "lesson": "05-a", "points": 2}]}


def _student(name, essay="State media said so, and no one else confirms it.", other="Both sides gained."):
    return SubmissionRecord(name, f"{name}/", f"sha-{essay}", "fp", "ok", "", [
        AnswerRecord("2.7", "manual", None, 3.0, 1, 1, answer=essay),
        AnswerRecord("5.4", "manual", None, 2.0, 1, 1, answer=other)])


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _type(path, scores: dict[tuple[str, str], tuple[str, str]]):
    """Type scores and comments into the sheet as a spreadsheet would save it."""
    rows = _rows(path)
    for row in rows:
        row["score"], row["comment"] = scores.get((row["student"], row["exercise"]), (row["score"], row["comment"]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "gradebook-demo.sqlite") as opened:
        opened.set_assignment(ASSIGNMENT)
        for name in ("ana", "ben", "kim"):
            opened.record(_student(name))
        yield opened


def test_typed_scores_survive_a_resubmission_the_import_and_a_new_sheet(book, tmp_path):
    """Issue 26, problem 1: four scores typed, kim re-submits and is re-graded, the tool's advice followed."""
    sheet = tmp_path / "written-answers-demo.csv"
    export_manual(book, sheet)
    typed = {("ana", "2.7"): ("3", "Clear."), ("ana", "5.4"): ("1", ""), ("ben", "2.7"): ("2", "Which source?"),
             ("kim", "2.7"): ("2", "Good start.")}
    _type(sheet, typed)
    book.record(_student("kim", essay="A rewritten answer, handed in again after the sheet was made."))

    result = import_manual(book, sheet)
    assert result.updated == 3, "the valid rows are stored"
    assert len(result.errors) == 1 and "kim's answer to 2.7 changed since" in result.errors[0]
    stored = {(a["student"], a["exercise"]): (a["manual_points"], a["manual_comment"]) for a in book.answers()}
    assert stored[("ana", "2.7")] == (3.0, "Clear.") and stored[("ben", "2.7")] == (2.0, "Which source?")
    assert stored[("kim", "2.7")] == (None, "")

    written = export_manual(book, sheet)  # as the message advises
    rows = {(r["student"], r["exercise"]): r for r in _rows(sheet)}
    for key in (("ana", "2.7"), ("ana", "5.4"), ("ben", "2.7")):
        assert (rows[key]["score"], rows[key]["comment"]) == typed[key]
    kim = rows[("kim", "2.7")]
    assert kim["score"] == "" and kim["answer"].startswith("A rewritten answer")
    assert "given the score 2 and the comment 'Good start.'" in kim["note"] and written.earlier == ["kim, 2.7"]

    export_manual(book, sheet)  # and again: the earlier score is still in the note
    assert "given the score 2" in {(r["student"], r["exercise"]): r for r in _rows(sheet)}[("kim", "2.7")]["note"]


def test_scores_typed_but_not_imported_are_kept_when_the_sheet_is_written_again(book, tmp_path):
    sheet = tmp_path / "w.csv"
    export_manual(book, sheet)
    _type(sheet, {("ben", "5.4"): ("1.5", "Half right."), ("kim", "5.4"): ("", "Only a comment so far.")})
    written = export_manual(book, sheet)
    rows = {(r["student"], r["exercise"]): r for r in _rows(sheet)}
    assert (rows[("ben", "5.4")]["score"], rows[("ben", "5.4")]["comment"]) == ("1.5", "Half right.")
    assert rows[("kim", "5.4")]["comment"] == "Only a comment so far." and written.kept == 2
    assert all(a["manual_points"] is None for a in book.answers()), "writing a sheet stores nothing"


def test_a_sheet_with_a_score_that_could_go_nowhere_is_never_overwritten(book, tmp_path):
    sheet = tmp_path / "w.csv"
    export_manual(book, sheet)
    _type(sheet, {("kim", "5.4"): ("2", "")})
    book.record(SubmissionRecord("kim", "kim/", "sha-new", "fp", "ok", "", [
        AnswerRecord("2.7", "not_attempted", 0.0, 3.0), AnswerRecord("5.4", "not_attempted", 0.0, 2.0)]))
    before = sheet.read_bytes()
    with pytest.raises(UsageError, match=r"(?s)nothing was written:.*row \d: kim, 5.4: score 2"):
        export_manual(book, sheet)
    assert sheet.read_bytes() == before
    other = tmp_path / "grades.csv"
    other.write_text("student,total\nana,3\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is not a written-answers sheet"):
        export_manual(book, other)
    assert other.read_text("utf-8") == "student,total\nana,3\n"


def test_the_same_answer_scored_twice_is_listed_and_neither_imported(book, tmp_path):
    sheet = tmp_path / "w.csv"
    export_manual(book, sheet)
    rows = _rows(sheet)
    with sheet.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(rows[0])).writerow({**rows[0], "score": "1"})
    _type(sheet, {("ana", "2.7"): ("3", "")})
    result = import_manual(book, sheet)
    assert any("again (first on row 2); neither was imported" in e for e in result.errors)
    assert all(a["manual_points"] is None for a in book.answers())


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2", "@SUM(A1)", "\tx", "'quoted"]


def test_no_cell_of_the_sheet_runs_as_a_formula_and_the_import_reads_them_back(tmp_path):
    """Issue 25, item 9: students name their submissions and write the answers."""
    with Gradebook(tmp_path / "gb.sqlite") as book:
        book.set_assignment(ASSIGNMENT)
        for number, text in enumerate(FORMULAS):
            book.record(_student(text, essay=text, other=f"answer {number}"))
        sheet = export_manual(book, tmp_path / "w.csv").path
        rows = _rows(sheet)
        cells = [row[c] for row in rows for c in ("student", "answer", "rubric", "note", "score", "comment")]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert {r["student"] for r in rows} == {f"'{t}" for t in FORMULAS}
        _type(sheet, {(f"'{t}", "2.7"): ("1", "=good") for t in FORMULAS})
        result = import_manual(book, sheet)
        assert result.ok and result.updated == len(FORMULAS)
        assert {a["student"]: a["manual_comment"] for a in book.answers() if a["exercise"] == "2.7"} == {
            t: "=good" for t in FORMULAS}
        export_manual(book, sheet)
        assert {r["comment"] for r in _rows(sheet) if r["exercise"] == "2.7"} == {"'=good"}


def _as_excel_saves_it(path):
    """What Excel does with a CSV it reads as Windows-1252 and saves as "CSV UTF-8" (walkthrough, finding 4)."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")  # a sheet without the mark, as before the fix
    seen = "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw)
    path.write_text(seen, encoding="utf-8-sig", newline="")


@pytest.fixture
def accented(tmp_path):
    with Gradebook(tmp_path / "gb.sqlite") as opened:
        opened.set_assignment(ASSIGNMENT)
        for name in ("gus", "Zoë Ωmega"):
            opened.record(_student(name))
        yield opened


def test_the_sheet_starts_with_a_byte_order_mark(accented, tmp_path):
    """Finding 4: without it, Excel reads the sheet as Windows-1252."""
    sheet = export_manual(accented, tmp_path / "w.csv").path
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfstudent,exercise,")
    assert "Zoë Ωmega" in sheet.read_text("utf-8-sig")


def test_a_sheet_a_spreadsheet_garbled_is_refused_with_the_fix_and_repaired_on_request(accented, tmp_path):
    """Finding 4: "Très bien – précis." was stored as "TrÃ¨s bien â€“ prÃ©cis."; Zoë's rows had "no written answer"."""
    sheet = export_manual(accented, tmp_path / "w.csv").path
    _type(sheet, {("gus", "2.7"): ("3", "Très bien – précis."), ("Zoë Ωmega", "2.7"): ("2", "")})
    _as_excel_saves_it(sheet)
    assert "TrÃ¨s bien â€“ prÃ©cis." in sheet.read_text("utf-8-sig")
    with pytest.raises(UsageError) as refused:
        import_manual(accented, sheet)
    message = str(refused.value)
    assert "looks garbled: a spreadsheet read its UTF-8 text as Windows-1252" in message
    assert "'ZoÃ« Î©mega' was 'Zoë Ωmega'" in message and "Nothing was done with it" in message
    assert f"summit-course manual-import --repair-encoding {sheet}" in message
    assert all(a["manual_points"] is None for a in accented.answers())
    with pytest.raises(UsageError, match="looks garbled"):  # writing the sheet again would lose the scores
        export_manual(accented, sheet)
    result = import_manual(accented, sheet, repair=True)
    assert result.ok and result.updated == 2
    stored = {(a["student"], a["exercise"]): (a["manual_points"], a["manual_comment"]) for a in accented.answers()}
    assert stored[("gus", "2.7")] == (3.0, "Très bien – précis.") and stored[("Zoë Ωmega", "2.7")] == (2.0, "")


def test_a_sheet_in_another_encoding_is_refused_with_the_fix(accented, tmp_path):
    sheet = export_manual(accented, tmp_path / "w.csv").path
    sheet.write_bytes(sheet.read_text("utf-8-sig").encode("cp1252", errors="replace"))
    with pytest.raises(UsageError, match='is not UTF-8 text .* save it as "CSV UTF-8"'):
        import_manual(accented, sheet)


def test_the_carried_note_goes_once_the_new_answer_is_scored_and_a_stored_score_is_not_kept_again(book, tmp_path):
    """Finding 6: after lee's new answer was scored and imported, every later manual-export still said
    "Re-submitted since you scored them…: lee, 2.7" and "Kept 1 score(s)… not imported yet" (a "2,5" typed)."""
    sheet = tmp_path / "w.csv"
    export_manual(book, sheet)
    _type(sheet, {("kim", "2.7"): ("2", "Good start."), ("ben", "5.4"): ("1,5", "")})
    book.record(_student("kim", essay="A rewritten answer, handed in again after the sheet was made."))
    import_manual(book, sheet)  # kim's row is refused (changed); ben's 1,5 is stored
    carried = export_manual(book, sheet)
    assert carried.earlier == ["kim, 2.7"] and carried.kept == 0
    _type(sheet, {("kim", "2.7"): ("3", "Better.")})
    assert import_manual(book, sheet).ok
    again = export_manual(book, sheet)
    assert again.earlier == [] and again.kept == 0
    rows = {(r["student"], r["exercise"]): r for r in _rows(sheet)}
    assert EARLIER_WORDS not in rows[("kim", "2.7")]["note"]
    assert (rows[("kim", "2.7")]["score"], rows[("ben", "5.4")]["score"]) == ("3", "1.5")


EARLIER_WORDS = "An earlier answer of this student"


def test_an_older_copy_of_the_sheet_never_replaces_a_newer_score_unasked_and_every_change_is_named(book, tmp_path):
    """Walkthrough: manual-import of an older copy of the sheet overwrote a newer stored score and lost its comment
    ("Stored 16 manual score(s)")."""
    older, newer = tmp_path / "older.csv", tmp_path / "newer.csv"
    export_manual(book, older)
    _type(older, {("ana", "2.7"): ("1", "")})
    assert import_manual(book, older).changes == ["ana, 2.7: score (none) → 1"]
    export_manual(book, older)  # the copy the instructor keeps: ana's 1 in it
    export_manual(book, newer)
    _type(newer, {("ana", "2.7"): ("3", "Names the source."), ("ben", "2.7"): ("2", "")})
    assert import_manual(book, newer).changes == ["ana, 2.7: score 1 → 3; comment '' → 'Names the source.'",
                                                 "ben, 2.7: score (none) → 2"]
    _type(older, {("kim", "5.4"): ("1,5", "")})  # the older copy, a new score typed into it
    result = import_manual(book, older)
    assert result.errors == [
        "row 2: ana, 2.7: the gradebook's score 3 and comment 'Names the source.' were stored after this sheet was "
        "written; its 1 would replace them: not imported. Use the newest sheet, or write this one again with what "
        f"is stored (`summit-course manual-export --gradebook {book.path} --out {older}`), or add --overwrite-newer "
        "to replace them"]
    assert result.changes == ["kim, 5.4: score (none) → 1.5"]
    stored = {(a["student"], a["exercise"]): (a["manual_points"], a["manual_comment"]) for a in book.answers()}
    assert stored[("ana", "2.7")] == (3.0, "Names the source.") and stored[("kim", "5.4")] == (1.5, "")
    forced = import_manual(book, older, overwrite_newer=True)
    assert forced.errors == [] and "ana, 2.7: score 3 → 1; comment 'Names the source.' → ''" in forced.changes
    assert {(a["student"], a["exercise"]): a["manual_points"] for a in book.answers()}[("ana", "2.7")] == 1.0


def test_the_advice_on_a_stale_row_names_this_sheet_and_speaks_of_one_score_in_the_singular(book, tmp_path):
    """Round 7 item 6: "the gradebook's score 2 were stored", and advice to run manual-export, which writes
    written-answers-….csv, not the sheet imported (here scores.csv)."""
    older, newer = tmp_path / "scores.csv", tmp_path / "newer.csv"
    export_manual(book, older)
    export_manual(book, newer)
    _type(newer, {("ben", "2.7"): ("2", "")})
    import_manual(book, newer)
    _type(older, {("ben", "2.7"): ("1", "")})
    [error] = import_manual(book, older).errors
    assert "the gradebook's score 2 was stored after this sheet was written; its 1 would replace it" in error
    assert f"--out {older}`" in error
