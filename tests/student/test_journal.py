"""The journal file: what an entry may hold, appends from two processes, bad folders and bad lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from summit_course import journal


@pytest.fixture
def here(tmp_path, monkeypatch):
    path = tmp_path / "course" / ".summit" / "journal.jsonl"
    monkeypatch.setenv(journal.ENV_VAR, str(path))
    return path


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
