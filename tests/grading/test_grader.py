"""Grading: reading answers out of kernels, verdicts in the grader, the gradebook, re-grading."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import json
import os
import shutil
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from summit_course.cli import main
from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import grade
from summit_course.grading.answers import Unreadable, decode_value, encode_value, harvest_source
from summit_course.grading.assignment import load_assignment
from summit_course.grading.notebooks import NotReadable, read_notebook
from summit_course.grading.scoring import score_exercise
from summit_course.grading.scratch import remove_stale_scratch, scratch_root
from summit_course.grading.submissions import find_submissions
from summit_course.publish.feedback import write_feedback
from summit_course.publish.release import release
from tests.fixture_course import CORRECT, submission, write_submission

ROOT = Path(__file__).resolve().parents[2]
FAST = {"cell_timeout": 10, "notebook_timeout": 60, "memory_mb": 1024, "progress": False}


# -- answer values across the kernel boundary ----------------------------------------------


def _round_trip(value):
    return decode_value(json.loads(json.dumps(encode_value(value))))


VALUES = [
    None, Ellipsis, True, 42, -7, 2**70, 0.1, float("inf"), "Vostochny ✓", dt.date(2023, 9, 13),
    dt.datetime(2023, 9, 13, 14, 30), pd.Timestamp("2023-09-13"), [1, "a", [2.5]], (1, 2), {"b", "a"},
    frozenset({3}), {"Shoigu": "defence", 1: [2]}, np.int64(5), np.float64(2.5), np.bool_(False),
]


@pytest.mark.parametrize("value", VALUES, ids=[f"{i}-{type(v).__name__}" for i, v in enumerate(VALUES)])
def test_values_survive_the_round_trip(value):
    result = _round_trip(value)
    assert result == value and type(result) is type(value if not isinstance(value, np.generic) else value.item())


def test_nan_survives_the_round_trip():
    assert np.isnan(_round_trip(float("nan")))


def test_frames_and_series_keep_columns_index_and_dates():
    frame = pd.DataFrame({"kind": ["a", "b"], "n": [3, 1], "day": pd.to_datetime(["2023-09-12", "2023-09-13"]),
                          "share": [0.5, np.nan]}, index=pd.Index(["x", "y"], name="id"))
    pd.testing.assert_frame_equal(_round_trip(frame), frame)
    series = pd.Series([3, 1], index=pd.Index(["trip", "lead-up"], name="phase"), name="events")
    pd.testing.assert_series_equal(_round_trip(series), series)
    multi = frame.set_index(["kind", "n"])
    assert _round_trip(multi).index.names == ["kind", "n"]


def test_objects_the_grader_cannot_read_become_unreadable_not_pickles():
    class Sneaky:
        def __reduce__(self):
            raise AssertionError("never pickled")

    decoded = _round_trip(Sneaky())
    assert isinstance(decoded, Unreadable) and "Sneaky" in decoded.reason
    for node in ({"t": "int", "v": "1; import os"}, {"t": "eval", "v": "1"}, {"t": "list"}, [1], "x"):
        assert isinstance(decode_value(node), Unreadable)


def test_huge_answers_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="too large"):
        encode_value(list(range(300_000)))


def test_harvest_cell_works_whatever_the_student_named_their_variables(tmp_path):
    target = tmp_path / "answers.json"
    user_ns = {"__builtins__": builtins, "json": 5, "open": None, "isinstance": None, "encode_value": 1,
               "_harvest": 2, "n_things": 3, "airfield": pd.Series([1])}
    exec(harvest_source(["n_things", "airfield", "not_defined"], target), user_ns)
    answers = json.loads(target.read_text("utf-8"))
    assert set(answers) == {"n_things", "airfield"} and decode_value(answers["n_things"]) == 3


# -- reading submitted files -------------------------------------------------------------


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n....", "PNG image"),
    (b"", "empty"),
    (b"\xff\xfe\x00garbage", "not text"),
    (b'{"cells": [', "not valid JSON (line 1, column 12"),
    (b'{"hello": "world"}', "not a notebook"),
    (b'["a list"]', "not a notebook"),
])
def test_files_that_are_not_notebooks_say_what_they_are(data, reason):
    with pytest.raises(NotReadable, match=reason.replace("(", r"\(")):
        read_notebook(data)


def test_old_notebooks_are_converted_with_a_note_and_lose_stored_outputs():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1", outputs=[nbformat.v4.new_output("stream", text="y" * 1000)])])
    old = nbformat.writes(nbformat.convert(notebook, 3), version=3).encode()
    converted, notes = read_notebook(old)
    assert converted.nbformat == 4 and converted.cells[0].source == "x = 1"
    assert converted.cells[0].outputs == [] and notes == ["converted from the old notebook format v3 to v4"]


# -- verdicts, decided in the grader -----------------------------------------------------


def test_correct_answers_earn_full_points(assignment, course):
    frame = pd.read_csv(course / "datasets" / "things.csv").groupby("kind").size().reset_index(name="n")
    values = {"90.1": 3, "90.2": "knevichi airfield xyzzy", "90.3": "2023-09-10", "90.4": frame}
    for exercise_id, value in values.items():
        record = score_exercise(assignment[exercise_id], value)
        assert (record.status, record.points) == ("passed", assignment[exercise_id].points), exercise_id


def test_hidden_checks_can_fail_an_answer_the_public_checks_pass(assignment):
    record = score_exercise(assignment["90.1"], 3.0)  # a float: public checks pass, hidden isinstance fails
    assert (record.status, record.points) == ("incorrect", 0.0)
    assert (record.public_passed, record.hidden_passed, record.hidden_total) == (3, 0, 1)
    text = " ".join(record.messages)
    assert "1 of 1 hidden checks do not" in text and "isinstance" not in text


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
    assert score_exercise(assignment["90.5"], "Too short").status == "incorrect"


def test_a_hidden_check_that_raises_fails_and_only_the_instructor_hears_why(assignment):
    broken = replace(assignment["90.1"], entry={**assignment["90.1"].entry, "hidden": ["value.no_such_thing > 0"]})
    record = score_exercise(broken, 3)
    assert (record.status, record.points) == ("incorrect", 0.0)
    assert "raised AttributeError" in record.note and "AttributeError" not in " ".join(record.messages)


def test_placeholders_and_unreadable_values(assignment):
    assert score_exercise(assignment["90.2"], Ellipsis).status == "not_attempted"
    record = score_exercise(assignment["90.2"], Unreadable("it is a module"))
    assert record.status == "incorrect" and "it is a module" in record.messages[0]


def test_a_manifest_needs_the_course_that_holds_the_hidden_checks(manifest, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="--root"):
        load_assignment(manifest)


def test_scratch_folders_of_killed_workers_are_removed_and_live_ones_kept():
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = scratch_root() / f"{gone.stdout.strip()}-leftover"
    live = scratch_root() / f"{os.getpid()}-busy"
    for folder in (dead, live):
        (folder / "work").mkdir(parents=True)
    try:
        remove_stale_scratch()
        assert not dead.exists() and live.exists()
    finally:
        shutil.rmtree(live, ignore_errors=True)


# -- finding submissions -----------------------------------------------------------------


def test_submission_ids_are_nfc_keep_non_ascii_and_never_collide(tmp_path):
    folder = tmp_path / "in"
    notebook = nbformat.v4.new_notebook()
    for name in ("Ana.ipynb", "ana.ipynb", unicodedata.normalize("NFD", "Zoë.ipynb"), "notes.txt"):
        (folder / name).parent.mkdir(exist_ok=True)
        nbformat.write(notebook, folder / name)
    (folder / "ana").mkdir()
    nbformat.write(notebook, folder / "ana" / "90-fixture.ipynb")
    (folder / "empty").mkdir()
    (folder / ".ipynb_checkpoints").mkdir()
    found = {s.student: s for s in find_submissions(folder, ["90-fixture"])}
    assert set(found) == {"Ana", "ana (2)", "ana (3)", "empty", "notes", "Zoë"}  # "Zoë" in NFC, from NFD
    assert all("also named 'Ana'" in s.notes[0] or "also named 'ana'" in s.notes[0]
               for k, s in found.items() if k.casefold().startswith("ana"))
    assert found["ana (3)"].notebooks[0].name == "90-fixture.ipynb"
    assert "not a notebook" in found["notes"].problem and "no notebook" in found["empty"].problem


def test_a_folder_with_several_notebooks_uses_the_lesson_one(tmp_path):
    folder = tmp_path / "in" / "bo"
    folder.mkdir(parents=True)
    for name in ("scratch.ipynb", "90-fixture.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), folder / name)
    (only,) = find_submissions(tmp_path / "in", ["90-fixture"])
    assert [p.name for p in only.notebooks] == ["90-fixture.ipynb"]
    (confused,) = find_submissions(tmp_path / "in", ["42-other"])
    assert "holds 2 notebooks" in confused.problem


# -- whole runs (kernels) ----------------------------------------------------------------


def _write_class(course: Path, folder: Path) -> None:
    write_submission(folder, "alice.ipynb", submission(course, CORRECT))
    write_submission(folder, "bob.ipynb", submission(course, {
        "n_things": "4", "airfield": "'Vladivostok'",
        "by_kind": "load('things').groupby('kind').size().reset_index(name='count')"}))
    write_submission(folder / "carol", "90-fixture.ipynb", submission(course, {**CORRECT, "arrival": "'2023-09-11'"}))
    cheat = ["import summit_course, summit_course.checks as c\n"
             "def check(*args): return '✅ all checks pass'\n"
             "summit_course.check = c.check = c._run_checks = check"]
    write_submission(folder, "dave.ipynb", submission(course, {"n_things": "99", "airfield": "'x'"}, cheat))


@pytest.fixture(scope="module")
def graded(course, manifest):
    folder = course.parent / "submissions"
    _write_class(course, folder)
    book = course.parent / "gradebook.sqlite"
    summary = grade(folder, manifest, book, course=course, jobs=2, **FAST)
    return folder, book, summary


def _totals(book_path):
    with Gradebook(book_path) as book:
        return {row["student"]: row["total"] for row in student_rows(book)}


@pytest.mark.slow
def test_a_class_is_graded_with_points_statuses_and_reasons(graded):
    folder, book_path, summary = graded
    assert sorted(summary.graded) == ["alice", "bob", "carol", "dave"]
    with Gradebook(book_path) as book:
        rows = {row["student"]: row for row in student_rows(book)}
    assert {k: r["total"] for k, r in rows.items()} == {"alice": 7.0, "bob": 1.2, "carol": 6.0, "dave": 0.0}
    assert rows["alice"]["status"] == "ok" and "await a manual score" in rows["alice"]["reason"]
    assert rows["carol"]["source"] == "carol" and rows["carol"]["exercises"]["90.3"]["status"] == "incorrect"
    bob = rows["bob"]["exercises"]
    assert bob["90.4"]["points"] == 1.2 and bob["90.3"]["status"] == "not_attempted"


@pytest.mark.slow
def test_redefining_check_in_the_notebook_gains_nothing(graded):
    _, book_path, _ = graded
    with Gradebook(book_path) as book:
        dave = {a["exercise"]: a for a in book.answers("dave")}
    assert dave["90.1"]["status"] == "incorrect" and dave["90.1"]["points"] == 0


@pytest.mark.slow
def test_regrading_skips_unchanged_submissions_and_redoes_changed_or_chosen_ones(graded, course, manifest):
    folder, book_path, _ = graded
    with Gradebook(book_path) as book:
        before = {row["student"]: row["graded_at"] for row in book.submissions()}
    again = grade(folder, manifest, book_path, course=course, jobs=2, **FAST)
    assert again.graded == [] and again.unchanged == 4
    write_submission(folder, "bob.ipynb", submission(course, CORRECT))
    time.sleep(1)  # graded_at has one-second resolution
    changed = grade(folder, manifest, book_path, course=course, jobs=2, **FAST)
    assert changed.graded == ["bob"] and changed.unchanged == 3
    chosen = grade(folder, manifest, book_path, course=course, jobs=2, only=["alice"], **FAST)
    assert chosen.graded == ["alice"]
    with Gradebook(book_path) as book:
        after = {row["student"]: row["graded_at"] for row in book.submissions()}
        assert len(book.answers()) == 4 * 5  # one row per student and exercise, never more
    assert after["carol"] == before["carol"] and after["dave"] == before["dave"]
    assert _totals(book_path)["bob"] == 7.0


@pytest.mark.slow
def test_feedback_pages_show_no_hidden_check_model_answer_or_rubric(graded, course, tmp_path):
    from summit_course.authoring.exercises import instructor_exercises

    _, book_path, _ = graded
    with Gradebook(book_path) as book:
        pages = write_feedback(book, tmp_path / "feedback")
    entries = instructor_exercises(course / "solutions" / "exercises")
    secrets = [h for e in entries for h in e.get("hidden", [])] + [r for e in entries for r in e.get("rubric", [])]
    secrets += ["Knevichi Airfield Xyzzy", "Knevichi Xyzzy", "2023-09-10", "answer_expr", "groupby"]
    for page in pages.values():
        text = page.read_text("utf-8")
        assert "Exercise" in text and "points" in text
        assert not [s for s in secrets if s.casefold() in text.casefold()], page.name


@pytest.mark.slow
def test_a_dask_cluster_grades_the_same_as_the_local_pool(graded, course, manifest, tmp_path):
    from distributed import LocalCluster

    folder, book_path, _ = graded
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = grade(folder, manifest, tmp_path / "dask.sqlite", course=course,
                        dask_scheduler=cluster.scheduler_address, **FAST)
    assert len(summary.graded) == 4
    assert _totals(tmp_path / "dask.sqlite") == _totals(book_path)


@pytest.mark.slow
def test_the_command_line_runs_the_whole_cycle(course, manifest, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in"
    write_submission(folder, "Zoë.ipynb", submission(course, CORRECT))
    write_submission(folder, "yann.ipynb", submission(course, {"n_things": "1"}))
    base = ["--root", str(course)]
    assert main(base + ["grade", str(folder), "--assignment", str(manifest), "--jobs", "2", "--no-progress",
                        "--cell-timeout", "10", "--memory-mb", "1024"]) == 0
    assert "Graded 2 submission(s)" in capsys.readouterr().out
    assert main(base + ["grade", str(folder), "--assignment", str(manifest), "--no-progress"]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    assert main(base + ["export"]) == 0 and main(base + ["export", "--format", "json"]) == 0
    rows = list(csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8")))
    assert [r["student"] for r in rows] == ["yann", "Zoë"] and rows[1]["total"] == "7"
    assert json.loads((tmp_path / "grades.json").read_text("utf-8"))["students"][1]["student"] == "Zoë"
    assert main(base + ["feedback"]) == 0 and (tmp_path / "feedback" / "Zoë.html").is_file()
    assert main(base + ["report"]) == 0 and "<img" in (tmp_path / "report.html").read_text("utf-8")
    assert main(base + ["manual-export"]) == 0
    written = tmp_path / "written-answers.csv"
    written.write_text(written.read_text("utf-8").replace(",,\n", ",2,fine\n", 1), encoding="utf-8")
    assert main(base + ["manual-import", str(written)]) == 0
    assert main(base + ["export"]) == 0
    rows = list(csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8")))
    assert rows[1]["total"] == "9" and rows[1]["90.5"] == "2"
    assert main(base + ["grade", str(folder), "--assignment", str(manifest), "--student", "nobody"]) == 2
    assert "No submission for 'nobody'" in capsys.readouterr().err
    assert main(base + ["report", "--gradebook", "missing.sqlite"]) == 2
    assert "There is no gradebook at missing.sqlite" in capsys.readouterr().err


LESSON_00 = ROOT / "solutions" / "00-start-here.ipynb"


@pytest.mark.slow
@pytest.mark.skipif(not LESSON_00.is_file() or not (ROOT / "solutions" / "exercises").is_dir(),
                    reason="lesson 00 is not written yet")
def test_the_solution_of_lesson_00_earns_every_automatic_point(tmp_path):
    bundle = release(ROOT, tmp_path / "release", lessons=["00"])
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(LESSON_00, folder / "teacher.ipynb")
    grade(folder, bundle, tmp_path / "gb.sqlite", course=ROOT, jobs=1, cell_timeout=60, notebook_timeout=300,
          memory_mb=2048, progress=False)
    with Gradebook(tmp_path / "gb.sqlite") as book:
        answers = book.answers("teacher")
    assert answers
    wrong = {a["exercise"]: (a["status"], a["messages"]) for a in answers if a["status"] not in ("passed", "manual")}
    assert wrong == {}
