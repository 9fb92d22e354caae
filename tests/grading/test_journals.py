"""The journal in grading: read on the host, advisory, and refused when it is not a plain file."""

from __future__ import annotations

import json
import os

import pytest

from summit_course import journal
from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, student_rows
from summit_course.gradebook.records import JournalStats
from summit_course.grading import grade
from summit_course.grading.journals import add_journal, figures, find_journal
from tests.fixture_course import CORRECT, submission, write_submission


def _entry(kind, t, **fields):
    return {"v": 1, "t": f"2026-11-30T{t}Z", "kind": kind, **fields}


def _lines(*entries) -> str:
    return "".join(json.dumps(e) + "\n" for e in entries)


#: A student who opens hint 1 of 90.1, fails twice, passes at 05:44:10, then re-runs (a fourth check).
STORY = [
    _entry("hint", "05:40:00", exercise="90.1", hint=1, of=2, via="check"),
    _entry("check", "05:41:00", exercise="90.1", verdict="incorrect", passed=1, total=3, via="check"),
    _entry("hint", "05:42:00", exercise="90.1", hint=2, of=2, via="check"),
    _entry("check", "05:43:00", exercise="90.1", verdict="incorrect", passed=2, total=3, via="check"),
    _entry("check", "05:44:10", exercise="90.1", verdict="passed", passed=3, total=3, via="check"),
    _entry("check", "05:50:00", exercise="90.1", verdict="passed", passed=3, total=3, via="check"),
    _entry("check", "05:45:00", exercise="90.2", verdict="incorrect", passed=0, total=2, via="check"),
    _entry("forecast", "05:46:00", forecast="f1", p=0.3),
    _entry("check", "05:47:00", exercise="99.9", verdict="passed", passed=1, total=1, via="check"),
]


def test_figures_count_attempts_hints_and_time_to_the_first_pass():
    got = figures(STORY, ["90.1", "90.2", "90.3"])
    # 90.1: four checks, the third passed; hints 1 and 2; 05:40:00 (hint 1) to 05:44:10 = 250 s
    assert got["90.1"] == JournalStats(attempts=4, checks_to_pass=3, hint_max=2, hints=2, first_pass_seconds=250.0)
    assert got["90.2"] == JournalStats(attempts=1)  # never passed: no time, no checks_to_pass
    assert got["90.3"] == JournalStats()  # in the journal's silence: zero attempts
    assert "99.9" not in got  # not an exercise of this assignment


def test_figures_survive_odd_but_well_formed_entries():
    odd = [_entry("hint", "05:40:00", exercise="90.1", hint=10**30, of=2, via="x"),
           {"v": 1, "t": "yesterday", "kind": "check", "exercise": "90.1", "verdict": "passed", "via": "x"}]
    got = figures(odd, ["90.1"])["90.1"]
    assert got.hint_max == 1_000 and got.checks_to_pass == 1 and got.first_pass_seconds is None


def _record():
    return SubmissionRecord("ana", "ana", "sha", "fp", "ok", "",
                            [AnswerRecord("90.1", "passed", 2.0, 2.0, 3, 3, 1, 1),
                             AnswerRecord("90.2", "incorrect", 0.0, 1.0, 0, 2)])


def _folder(tmp_path, text, name=".summit/journal.jsonl"):
    folder = tmp_path / "ana"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


@pytest.mark.parametrize("name", [".summit/journal.jsonl", "journal.jsonl"])
def test_a_journal_in_either_place_is_read_and_changes_no_grade(tmp_path, name):
    record = add_journal(_record(), _folder(tmp_path, _lines(*STORY), name))
    assert record.journal_note == "journal: 9 entries"
    assert record.answers[0].journal.checks_to_pass == 3
    assert (record.status, record.reason, record.score) == ("ok", "", 2.0)


def test_a_missing_journal_is_a_note(tmp_path):
    (tmp_path / "ana").mkdir()
    record = add_journal(_record(), tmp_path / "ana")
    assert record.journal_note == "no journal" and record.answers[0].journal is None
    assert add_journal(_record(), None).journal_note == "no journal"  # a single notebook handed in


def test_garbage_and_lines_with_answers_are_skipped_with_a_note(tmp_path):
    answer_line = json.dumps({**STORY[4], "answer": "Knevichi Airfield Xyzzy"})
    text = (_lines(*STORY[:4]).encode() + b"\x00\xff\xfe garbage \x89PNG\r\n" + answer_line.encode() + b"\n"
            + b"[1, 2]\n" + b"{" * 5000 + b"\n")
    record = add_journal(_record(), _folder(tmp_path, text))
    assert record.journal_note == "journal: 4 entries; 4 unreadable journal lines skipped"
    assert record.answers[0].journal.checks_to_pass is None  # the passing line carried an answer: skipped
    assert "Xyzzy" not in repr(record)


def test_a_journal_over_the_cap_is_read_only_to_the_cap(tmp_path):
    filler = _lines(*STORY[:2]) * (journal.MAX_BYTES // len(_lines(*STORY[:2]).encode()) + 10)
    record = add_journal(_record(), _folder(tmp_path, filler + _lines(STORY[4])))
    assert "only the start was read" in record.journal_note
    assert record.answers[0].journal.checks_to_pass is None  # the pass past the cap was never read
    assert record.answers[0].journal.attempts > 1000


def test_symlinks_and_special_files_are_refused(tmp_path):
    secret = tmp_path / "secret.jsonl"  # a valid journal: following the link would show in the figures
    secret.write_text(_lines(*STORY))
    folder = tmp_path / "ana"
    folder.mkdir()
    (folder / "journal.jsonl").symlink_to(secret)
    record = add_journal(_record(), folder)
    assert record.journal_note == "journal refused: journal.jsonl is a symbolic link (not followed)"
    assert record.answers[0].journal is None
    (folder / "journal.jsonl").unlink()
    (folder / ".summit").symlink_to(tmp_path)  # a folder link: .summit/journal.jsonl would be the secret
    (tmp_path / "journal.jsonl").write_text(_lines(*STORY))
    assert find_journal(folder) == (None, ["journal refused: .summit is a symbolic link (not followed)"])
    (folder / ".summit").unlink()
    os.mkfifo(folder / "journal.jsonl")  # opening a FIFO would hang the grader
    assert find_journal(folder) == (None, ["journal refused: journal.jsonl is not a regular file"])
    (folder / "journal.jsonl").unlink()
    os.link(secret, folder / "journal.jsonl")
    assert find_journal(folder)[1] == ["journal refused: journal.jsonl is a hard link to another file"]


def test_two_journals_read_the_course_folders_own(tmp_path):
    folder = _folder(tmp_path, _lines(*STORY))
    (folder / "journal.jsonl").write_text(_lines(STORY[0]))
    path, notes = find_journal(folder)
    assert path == folder / ".summit" / "journal.jsonl"
    assert notes == ["journal.jsonl not read: .summit/journal.jsonl was read instead"]


@pytest.mark.slow
def test_grading_reads_journals_beside_the_verdicts_and_never_changes_a_grade(course, manifest, tmp_path):
    folder = tmp_path / "submissions"
    notebook = submission(course, CORRECT)
    for student in ("ana", "ben", "cleo"):
        write_submission(folder / student, "90-fixture.ipynb", notebook)
    _folder(folder, _lines(*STORY))  # ana: .summit/journal.jsonl with a story
    book_path = tmp_path / "gradebook.sqlite"
    (folder / "ben" / "journal.jsonl").symlink_to(book_path)  # ben: a link to the gradebook itself
    grade(folder, manifest, book_path, course=course, jobs=2, cell_timeout=10, notebook_timeout=60,
          memory_mb=1024, progress=False)
    with Gradebook(book_path) as book:
        rows = {row["student"]: row for row in student_rows(book)}
    assert {s: (r["total"], r["status"]) for s, r in rows.items()} == {s: (7.0, "ok") for s in rows}
    assert "journal" not in rows["ana"]["reason"] + rows["ben"]["reason"]  # not a file left unused
    assert rows["ana"]["journal_note"] == "journal: 9 entries"
    assert rows["ben"]["journal_note"] == "journal refused: journal.jsonl is a symbolic link (not followed)"
    assert rows["cleo"]["journal_note"] == "no journal"
    ana = rows["ana"]["exercises"]
    assert (ana["90.1"]["attempts"], ana["90.1"]["checks_to_pass"], ana["90.1"]["first_pass_seconds"]) == (4, 3, 250)
    assert ana["90.3"]["attempts"] == 0 and rows["cleo"]["exercises"]["90.1"]["attempts"] is None
