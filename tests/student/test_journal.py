"""The journal file: what an entry may hold, appends from two processes, bad folders and bad lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from summit_course import journal


def test_an_entry_is_written_and_read_back(here):
    assert journal.record("check", exercise="1.2", verdict="passed", passed=3, total=3)
    assert journal.record("hint", exercise="1.2", hint=1, of=3)
    assert journal.record("forecast", forecast="fc_x", p=0.35)
    got = journal.entries()
    assert [e["kind"] for e in got] == ["check", "hint", "forecast"]
    assert got[0]["verdict"] == "passed" and got[2]["p"] == 0.35
    assert got.notes == []


@pytest.mark.parametrize("kind, fields", [
    ("check", {"exercise": "1.2", "verdict": "passed", "answer": 42}),  # never the answer
    ("check", {"verdict": "passed"}),  # no exercise
    ("forecast", {"forecast": "fc_x", "p": 1.5}),
    ("forecast", {"forecast": "fc_x", "p": True}),
    ("hint", {"exercise": "x" * 500, "hint": 1}),
    ("party", {"exercise": "1.2"}),
])
def test_an_entry_that_does_not_fit_its_kind_is_dropped(here, kind, fields):
    assert not journal.record(kind, **fields)
    assert not here.exists()


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(journal.ENV_VAR, "off")
    assert journal.journal_path() is None
    assert not journal.record("hint", exercise="1.2", hint=1, of=3)


def test_without_the_variable_the_journal_sits_beside_datasets(tmp_path, monkeypatch):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "datapackage.json").write_text("{}")
    (tmp_path / "lessons").mkdir()
    monkeypatch.delenv(journal.ENV_VAR)
    monkeypatch.delenv("SUMMIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path / "lessons")
    assert journal.journal_path() == tmp_path / ".summit" / "journal.jsonl"


def test_a_path_that_cannot_be_a_folder_costs_one_note(tmp_path, monkeypatch, capsys):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv(journal.ENV_VAR, str(tmp_path / "file" / "journal.jsonl"))
    monkeypatch.setattr(journal, "_warned", False)
    assert not journal.record("hint", exercise="1.2", hint=1, of=3)
    assert not journal.record("hint", exercise="1.2", hint=2, of=3)
    err = capsys.readouterr().err
    assert err.count("could not be saved") == 1 and "checks and hints work" in err


def test_corrupt_lines_are_skipped_and_counted(here):
    journal.record("hint", exercise="1.2", hint=1, of=3)
    with open(here, "a", encoding="utf-8") as handle:
        handle.write('{"kind": "check", "exercise": \n')  # cut off mid-line
        handle.write("[1, 2, 3]\n")
        handle.write('{"v":1,"t":"x","kind":"check","exercise":"1.2","answer":"42"}\n')
        handle.write("\x00\xff garbage\n")
        handle.write('{"v":1,"t":"x","kind":"check","exercise":"' + "9" * 5000 + '"}\n')
    journal.record("hint", exercise="1.2", hint=2, of=3)
    got = journal.entries()
    assert [e["hint"] for e in got] == [1, 2]
    assert got.notes == ["5 unreadable journal lines skipped"]


def test_a_huge_journal_is_read_only_up_to_the_cap(here):
    for i in range(50):
        journal.record("hint", exercise="1.2", hint=i, of=50)
    got = journal.read(here, max_bytes=1000)
    assert 0 < len(got) < 50 and [e["hint"] for e in got] == list(range(len(got)))
    assert "only the start was read" in got.notes[0]


def test_two_processes_appending_at_once_lose_and_tear_no_entry(here):
    writer = ("import sys; from summit_course import journal\n"
              "for i in range(300): journal.record('check', exercise=sys.argv[1], verdict='incorrect', passed=i, total=3)")
    procs = [subprocess.Popen([sys.executable, "-c", writer, ex], env={**os.environ}) for ex in ("1.1", "2.2")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lines = here.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 600 and all(json.loads(line)["kind"] == "check" for line in lines)
    for ex in ("1.1", "2.2"):
        assert [e["passed"] for e in journal.entries() if e["exercise"] == ex] == list(range(300))


def test_without_file_locks_entries_are_still_appended(here, monkeypatch):
    """JupyterLite's Pyodide has no working ``fcntl``: the append must not depend on it."""
    monkeypatch.setitem(sys.modules, "fcntl", None)  # makes ``import fcntl`` raise ImportError
    assert journal.record("hint", exercise="1.2", hint=1, of=3)
    assert journal.record("hint", exercise="1.2", hint=2, of=3)
    assert [e["hint"] for e in journal.entries()] == [1, 2]


def _hint_line(number: int) -> bytes:
    return json.dumps({"v": 1, "t": "2026-11-30T09:00:00Z", "kind": "hint", "exercise": "1.2", "hint": number,
                       "of": 3}, separators=(",", ":")).encode()


def test_an_entry_after_a_line_cut_off_mid_write_is_kept(here):
    """A crash mid-write leaves a line without its newline: the next entry must not join it."""
    journal.record("hint", exercise="1.2", hint=1, of=3)
    with open(here, "ab") as handle:
        handle.write(_hint_line(2)[:25])
    journal.record("hint", exercise="1.2", hint=3, of=3)
    got = journal.entries()
    assert [e["hint"] for e in got] == [1, 3]
    assert got.notes == ["1 unreadable journal line skipped"]


@pytest.mark.parametrize("pread", [True, False], ids=["pread", "no-pread"])
def test_a_last_line_without_its_newline_gets_one_in_the_same_write(here, monkeypatch, pread):
    here.parent.mkdir(parents=True)
    here.write_bytes(_hint_line(1))  # edited by hand, saved without a final newline
    if not pread:
        monkeypatch.delattr(os, "pread")
    writes = []
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: writes.append(data) or real_write(fd, data))
    assert journal.record("hint", exercise="1.2", hint=2, of=3)
    assert journal.record("hint", exercise="1.2", hint=3, of=3)
    monkeypatch.setattr(os, "write", real_write)
    assert len(writes) == 2 and writes[0].startswith(b"\n{") and writes[1].startswith(b"{")
    got = journal.read(here)
    assert [e["hint"] for e in got] == [1, 2, 3] and got.notes == []


def test_a_failed_write_is_remembered_for_that_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(journal, "_problems", {})
    monkeypatch.setattr(journal, "_warned", True)  # the stderr note is tested above
    (tmp_path / "file").write_text("not a folder")
    broken = tmp_path / "file" / "journal.jsonl"
    monkeypatch.setenv(journal.ENV_VAR, str(broken))
    assert journal.write_problem() is None
    assert not journal.record("hint", exercise="1.2", hint=1, of=3)
    assert journal.write_problem() == f"Not a directory ({broken})"
    monkeypatch.setenv(journal.ENV_VAR, str(tmp_path / "good.jsonl"))
    assert journal.record("hint", exercise="1.2", hint=1, of=3) and journal.write_problem() is None


def test_a_file_system_that_cannot_say_its_last_byte_still_gets_the_entry(here, monkeypatch):
    journal.record("hint", exercise="1.2", hint=1, of=3)

    def no_stat(fd):
        raise OSError("not on this file system")

    monkeypatch.setattr(os, "fstat", no_stat)
    assert journal.record("hint", exercise="1.2", hint=2, of=3)
    monkeypatch.undo()
    assert [e["hint"] for e in journal.read(here)] == [1, 2]


def test_a_writer_holding_the_lock_never_holds_up_a_check(here):
    """The docstring's "never waits long": a lock held for good (a stuck process) once blocked every check."""
    import fcntl
    import threading

    here.parent.mkdir(parents=True)
    with open(here, "ab") as stuck:
        fcntl.flock(stuck, fcntl.LOCK_EX)  # another open file: its lock conflicts even in this process
        writer = threading.Thread(target=journal.record, args=("hint",), kwargs={"exercise": "1.2", "hint": 1, "of": 3})
        writer.start()
        writer.join(timeout=30)  # LOCK_WAIT is a fraction of a second; 30 s only bounds a failure
        done = not writer.is_alive()
        fcntl.flock(stuck, fcntl.LOCK_UN)
        writer.join()
    assert done, "the write waited for the lock for good"
    assert [e["hint"] for e in journal.entries()] == [1]
