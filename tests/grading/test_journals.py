"""The journal in grading: read on the host, advisory, and refused when it is not a plain file."""

from __future__ import annotations

import datetime as dt
import json
import os

import nbformat
import pytest

from summit_course import journal
from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord, student_rows
from summit_course.gradebook.records import JournalStats
from summit_course.grading import Limits, grade
from summit_course.grading.journals import add_journal, figures, find_journal
from tests import sandboxing
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


HINTS = {"90.1": 2, "90.2": 1, "90.3": 0}
NOW = dt.datetime(2026, 11, 30, 6, 0)


def test_figures_count_attempts_hints_and_time_to_the_first_pass():
    got, notes = figures(STORY, HINTS, NOW)
    # 90.1: four checks, the third passed; hints 1 and 2; 05:40:00 (hint 1) to 05:44:10 = 250 s
    assert got["90.1"] == JournalStats(attempts=4, checks_to_pass=3, hint_max=2, hints=2, first_pass_seconds=250.0)
    assert got["90.2"] == JournalStats(attempts=1)  # never passed: no time, no checks_to_pass
    assert got["90.3"] == JournalStats()  # in the journal's silence: zero attempts
    assert "99.9" not in got and notes == []  # not an exercise of this assignment


def test_only_real_checks_count_and_start_the_clock():
    # Run All three times (not_attempted each), an empty quiz press, a stale check, then a pass at once.
    unanswered = [_entry("check", f"05:3{n}:00", exercise="90.2", verdict="not_attempted", passed=0, total=2,
                         via="check") for n in range(3)]
    noise = [*unanswered, _entry("check", "05:33:00", exercise="90.2", verdict="not_attempted", passed=0, total=0,
                                 via="quiz"),
             _entry("check", "05:34:00", exercise="90.2", verdict="stale", passed=0, total=2, via="check")]
    first = [*noise, _entry("check", "05:35:00", exercise="90.2", verdict="passed", passed=2, total=2, via="check")]
    assert figures(first, HINTS, NOW)[0]["90.2"] == JournalStats(attempts=1, checks_to_pass=1, first_pass_seconds=0.0)
    # a hint is a real start: hint at 05:34:30, pass at 05:35:00; a written answer's "recorded" is an attempt
    hinted = [*first, _entry("hint", "05:34:30", exercise="90.2", hint=1, of=1, via="hint"),
              _entry("check", "05:36:00", exercise="90.3", verdict="recorded", passed=0, total=0, via="check")]
    got = figures(hinted, HINTS, NOW)[0]
    assert (got["90.2"].checks_to_pass, got["90.2"].first_pass_seconds) == (1, 30.0)
    assert got["90.3"] == JournalStats(attempts=1)
    assert figures(noise, HINTS, NOW)[0]["90.2"] == JournalStats()  # never answered: no attempt at all


def test_hostile_hint_numbers_and_times_cannot_skew_the_figures():
    hostile = [_entry("hint", "05:40:00", exercise="90.1", hint=1_000, of=2, via="x"),
               _entry("hint", "05:40:30", exercise="90.2", hint=10**30, of=1, via="x"),
               {"v": 1, "t": "0001-01-01T00:00:00Z", "kind": "hint", "exercise": "90.3", "hint": 1, "of": 1,
                "via": "x"},
               {"v": 1, "t": "9999-12-31T23:59:59Z", "kind": "check", "exercise": "90.3", "verdict": "passed",
                "via": "x"},
               {"v": 1, "t": "2019-12-31T23:59:59Z", "kind": "check", "exercise": "90.1", "verdict": "incorrect",
                "via": "x"},
               {"v": 1, "t": "yesterday", "kind": "check", "exercise": "90.1", "verdict": "passed", "via": "x"},
               _entry("check", "05:41:00", exercise="90.1", verdict="passed", passed=3, total=3, via="x")]
    got, notes = figures(hostile, HINTS, NOW)
    assert got["90.1"] == JournalStats(attempts=1, checks_to_pass=1, hint_max=2, hints=1, first_pass_seconds=60.0)
    assert got["90.2"].hint_max == 1 and got["90.3"] == JournalStats()  # 0001 and 9999: left out entirely
    assert notes == ["4 journal entries left out: time unreadable or outside 2020-01-01 to a day after grading",
                     "2 hint numbers above the exercise's hints lowered to its count"]
    tomorrow = [_entry("check", "05:41:00", exercise="90.1", verdict="passed", via="x") | {"t": "2026-12-01T05:59:00Z"}]
    assert figures(tomorrow, HINTS, NOW)[0]["90.1"].attempts == 1  # a clock a little ahead is fine


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
    record = add_journal(_record(), _folder(tmp_path, _lines(*STORY), name), HINTS)
    assert record.journal_note == "journal: 9 entries"
    assert record.answers[0].journal.checks_to_pass == 3
    assert (record.status, record.reason, record.score) == ("ok", "", 2.0)


def test_a_missing_journal_is_a_note(tmp_path):
    (tmp_path / "ana").mkdir()
    record = add_journal(_record(), tmp_path / "ana", HINTS)
    assert record.journal_note == "no journal" and record.answers[0].journal is None
    assert add_journal(_record(), None, HINTS).journal_note == "no journal"  # a single notebook handed in


def test_garbage_and_lines_with_answers_are_skipped_with_a_note(tmp_path):
    answer_line = json.dumps({**STORY[4], "answer": "Knevichi Airfield Xyzzy"})
    text = (_lines(*STORY[:4]).encode() + b"\x00\xff\xfe garbage \x89PNG\r\n" + answer_line.encode() + b"\n"
            + b"[1, 2]\n" + b"{" * 5000 + b"\n")
    record = add_journal(_record(), _folder(tmp_path, text), HINTS)
    assert record.journal_note == "journal: 4 entries; 4 unreadable journal lines skipped"
    assert record.answers[0].journal.checks_to_pass is None  # the passing line carried an answer: skipped
    assert "Xyzzy" not in repr(record)


def test_a_journal_over_the_cap_is_read_only_to_the_cap(tmp_path):
    filler = _lines(*STORY[:2]) * (journal.MAX_BYTES // len(_lines(*STORY[:2]).encode()) + 10)
    record = add_journal(_record(), _folder(tmp_path, filler + _lines(STORY[4])), HINTS)
    assert "only the start was read" in record.journal_note
    assert record.answers[0].journal.checks_to_pass is None  # the pass past the cap was never read
    assert record.answers[0].journal.attempts > 1000


def test_symlinks_and_special_files_are_refused(tmp_path):
    secret = tmp_path / "secret.jsonl"  # a valid journal: following the link would show in the figures
    secret.write_text(_lines(*STORY))
    folder = tmp_path / "ana"
    folder.mkdir()
    (folder / "journal.jsonl").symlink_to(secret)
    record = add_journal(_record(), folder, HINTS)
    assert record.journal_note == f"journal refused: journal.jsonl is a symbolic link to {secret} (not followed)"
    assert record.answers[0].journal is None
    (folder / "journal.jsonl").unlink()
    (folder / ".summit").symlink_to(tmp_path)  # a folder link: .summit/journal.jsonl would be the secret
    (tmp_path / "journal.jsonl").write_text(_lines(*STORY))
    assert find_journal(folder) == (None, [f"journal refused: .summit is a symbolic link to {tmp_path} (not followed)"])
    (folder / ".summit").unlink()
    os.mkfifo(folder / "journal.jsonl")  # opening a FIFO would hang the grader
    assert find_journal(folder) == (None, ["journal refused: journal.jsonl is not a regular file (a named pipe)"])
    (folder / "journal.jsonl").unlink()
    os.link(secret, folder / "journal.jsonl")
    assert find_journal(folder)[1] == ["journal refused: journal.jsonl is a hard link to another file "
                                       "(it has 2 names on disk)"]


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
    grade(folder, manifest, book_path, course=course, jobs=2, progress=False,
          limits=Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=sandboxing.SANDBOXED))
    with Gradebook(book_path) as book:
        rows = {row["student"]: row for row in student_rows(book)}
    assert {s: (r["total"], r["status"]) for s, r in rows.items()} == {s: (7.0, "ok") for s in rows}
    assert "journal" not in rows["ana"]["reason"] + rows["ben"]["reason"]  # not a file left unused
    # the fixture's 90.1 has one hint: STORY's "hint 2 of 2" is lowered to 1, with a note
    assert rows["ana"]["journal_note"] == ("journal: 9 entries; 1 hint number above the exercise's hints lowered "
                                           "to its count")
    assert rows["ana"]["exercises"]["90.1"]["hint_max"] == 1
    assert rows["ben"]["journal_note"] == f"journal refused: journal.jsonl is a symbolic link to {book_path} (not followed)"
    assert rows["cleo"]["journal_note"] == "no journal"
    ana = rows["ana"]["exercises"]
    assert (ana["90.1"]["attempts"], ana["90.1"]["checks_to_pass"], ana["90.1"]["first_pass_seconds"]) == (4, 3, 250)
    assert ana["90.3"]["attempts"] == 0 and rows["cleo"]["exercises"]["90.1"]["attempts"] is None


def test_a_journal_beside_the_lessons_of_a_course_folder_handed_in_is_read_and_never_left_aside(tmp_path, manifest):
    """Walkthrough: hana/assignment-03-05/.summit/journal.jsonl got "no journal" and was listed as a hidden file."""
    from summit_course.grading.blank import ReleaseCopies, set_aside_course_files
    from summit_course.grading.submissions import find_submissions

    course = tmp_path / "in" / "hana" / "assignment-90"
    write_submission(course / "lessons", "90-fixture.ipynb", nbformat.v4.new_notebook())
    (course / ".summit").mkdir()
    (course / ".summit" / "journal.jsonl").write_text(_lines(*STORY), encoding="utf-8")
    (hana,) = find_submissions(tmp_path / "in", ["90-fixture"])
    assert hana.set_aside == ()  # the journal is read, not left aside
    record = add_journal(_record(), hana.path, HINTS, notebooks=hana.notebooks)
    assert record.journal_note == "journal: 9 entries" and record.answers[0].journal.checks_to_pass == 3
    assert set_aside_course_files(hana, ReleaseCopies(manifest))[1] == ""
    assert add_journal(_record(), hana.path, HINTS).journal_note == "no journal"  # only beside lessons/ graded
