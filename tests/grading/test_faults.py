"""Faults lose nothing: every bad submission gets its own row and reason, the others grade normally.

One grading run covers a class full of faults (files that are not notebooks, broken
JSON, an old format, the wrong lesson, endless loops, dying kernels, memory blow-ups,
huge outputs, deleted files, missing answers, clashing and non-ASCII names). A second
test kills the grader itself, twice, and checks that every submission ends up graded
exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import nbformat
import pytest

from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, grade
from summit_course.publish.release import release
from tests.fixture_course import CORRECT, make_course, released_course, submission, write_submission
from tests import sandboxing
from tests.sandboxing import NO_SANDBOX_ARGS

pytestmark = pytest.mark.slow
LIMITS = {"limits": Limits(cell_timeout=5, notebook_timeout=40, memory_mb=1024, sandbox=sandboxing.SANDBOXED),
          "progress": False}
FULL = 7.0  # every automatic point of lesson 90 (the written answer waits for a manual score)


def _with_cells(course, *code, at_end=False, answers=CORRECT):
    notebook = submission(course, answers, () if at_end else code)
    if at_end:
        notebook.cells += [nbformat.v4.new_code_cell(c) for c in code]
    return notebook


def _without(notebook, exercises: dict[str, str]):
    """Delete the answer and check cells of some exercises ({variable: id})."""
    starts = tuple(f"{v} =" for v in exercises) + tuple(f'check("{i}"' for i in exercises.values())
    notebook.cells = [c for c in notebook.cells if not c.source.startswith(starts)]
    return notebook


@pytest.fixture(scope="module")
def faulty_class(tmp_path_factory):
    """Grade a class in which nearly everyone did something wrong; return the rows by student."""
    base = tmp_path_factory.mktemp("faults")
    course, manifest = released_course(base)
    folder = base / "submissions"
    write_submission(folder, "good.ipynb", submission(course, CORRECT))
    (folder / "photo.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (folder / "essay.ipynb").write_text("My answers: 3, Knevichi, the tenth.", encoding="utf-8")
    (folder / "notes.txt").write_text("not a notebook at all", encoding="utf-8")
    good_text = nbformat.writes(submission(course, CORRECT))
    (folder / "truncated.ipynb").write_text(good_text[: len(good_text) // 2], encoding="utf-8")
    (folder / "vintage.ipynb").write_text(nbformat.writes(nbformat.convert(submission(course, CORRECT), 3),
                                                          version=3), encoding="utf-8")
    write_submission(folder, "lost.ipynb", submission(course, {"years": "[2006, 2009, 2013]"}, lesson="91-other"))
    write_submission(folder, "looper.ipynb", _with_cells(course, "while True:\n    pass"))
    write_submission(folder, "quitter.ipynb", _with_cells(course, "import os\nos._exit(1)"))
    hog = "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))"
    write_submission(folder, "hog.ipynb", _with_cells(course, hog))
    big = _with_cells(course, "print('x' * 50_000_000)")
    big.cells[2].outputs = [nbformat.v4.new_output("stream", text="y" * 50_000_000)]  # a 50 MB file as well
    write_submission(folder, "chatty.ipynb", big)
    write_submission(folder, "vandal.ipynb", _with_cells(course, (
        "import os, shutil\nfrom summit_course.data import data_dir\nshutil.rmtree(data_dir())\n"
        "for name in os.listdir('.'):\n    shutil.rmtree(name, ignore_errors=True)\n"
        "shutil.rmtree(os.path.expanduser('~'), ignore_errors=True)"), at_end=True))
    forgetful = _without(submission(course, CORRECT), {"airfield": "90.2", "arrival": "90.3"})
    write_submission(folder, "forgetful.ipynb", forgetful)
    write_submission(folder, "typo.ipynb", submission(course, {**CORRECT, "n_things": "len(thngs)"}))
    write_submission(folder, "Ana.ipynb", submission(course, CORRECT))
    write_submission(folder, "ana.ipynb", submission(course, {"n_things": "3"}))
    write_submission(folder / "ana", "90-fixture.ipynb", submission(course, {"airfield": "'Knevichi Xyzzy'"}))
    write_submission(folder, unicodedata.normalize("NFD", "Zoë Ωmega.ipynb"), submission(course, CORRECT))
    write_submission(folder / "李雷", "90-fixture.ipynb", submission(course, CORRECT))
    _links_and_pipes(course, folder, base)
    summary = grade(folder, manifest, base / "gradebook.sqlite", course=course, jobs=2, **LIMITS)
    with Gradebook(base / "gradebook.sqlite") as book:
        rows = {row["student"]: row for row in student_rows(book)}
    return {"rows": rows, "summary": summary, "course": course}


def _links_and_pipes(course: Path, folder: Path, base: Path) -> None:
    """Entries that are not the student's own file: links to the solutions or to a copy elsewhere, a pipe."""
    solution = course / "solutions" / "90-fixture.ipynb"  # graded 7/7 when a link to it was followed
    (folder / "linked.ipynb").symlink_to(solution)
    write_submission(base / "elsewhere", "90-fixture.ipynb", submission(course, CORRECT))
    os.link(base / "elsewhere" / "90-fixture.ipynb", folder / "twin.ipynb")
    (folder / "mirror").symlink_to(base / "elsewhere", target_is_directory=True)
    (folder / "mallory").mkdir()
    (folder / "mallory" / "90-fixture.ipynb").symlink_to(solution)
    os.mkfifo(folder / "piped.ipynb")


def _row(faulty_class, student):
    return faulty_class["rows"][student]


def test_every_submission_gets_exactly_one_row(faulty_class):
    expected = {"good", "photo", "essay", "truncated", "vintage", "lost", "looper", "quitter", "hog",
                "chatty", "vandal", "forgetful", "typo", "Ana", "ana (2)", "ana (3)", "Zoë Ωmega", "李雷",
                "linked", "twin", "mirror", "mallory", "piped"}
    assert set(faulty_class["rows"]) == expected
    assert sorted(faulty_class["summary"].graded) == sorted(expected)
    # notes.txt, loose at the top, is nobody's submission: named in the summary, never a student
    assert faulty_class["summary"].loose == ["notes.txt"] and "notes.txt, at the top of" in str(faulty_class["summary"])


def test_the_good_student_is_untouched_by_the_others(faulty_class):
    good = _row(faulty_class, "good")
    assert (good["status"], good["total"]) == ("ok", FULL)


#: Each faulty submission: the status and total it gets, and what its reason must say. A file
#: that cannot be graded fails with every exercise missing; a fault inside a notebook is noted,
#: and the answers still count.
FAULTS = {
    "photo": ("failed", 0.0, "is a PNG image, not a notebook"),
    "essay": ("failed", 0.0, "not valid JSON"),
    "truncated": ("failed", 0.0, "not valid JSON (line"),
    "lost": ("failed", 0.0, "has none of this assignment's answer cells"),
    "vintage": ("review", FULL, "converted from the old notebook format v3"),
    "looper": ("review", FULL, "(`while True:`) ran longer than 5 s and was interrupted"),
    "quitter": ("review", FULL, "(`import os`) stopped the kernel (it exited, crashed or ran out of memory); "
                                "it was skipped"),
    "hog": ("review", FULL, "ran out of memory (the limit is 1024 MB)"),
    "chatty": ("review", FULL, "printed 48 MB of output"),
    "linked": ("failed", 0.0, "solutions/90-fixture.ipynb (not followed): only plain files are graded"),
    "twin": ("failed", 0.0, "twin.ipynb is a hard link to another file (it has 2 names on disk)"),
    "mirror": ("failed", 0.0, "mirror is a symbolic link to "),
    "mallory": ("failed", 0.0, "90-fixture.ipynb is a symbolic link to "),
    "piped": ("failed", 0.0, "piped.ipynb is not a regular file (a named pipe)"),
}


@pytest.mark.parametrize("student", FAULTS)
def test_each_fault_gets_its_status_total_and_reason(faulty_class, student):
    status, total, reason = FAULTS[student]
    row = _row(faulty_class, student)
    assert (row["status"], row["total"]) == (status, total)
    assert reason in row["reason"]
    if status == "failed":
        assert {a["status"] for a in row["exercises"].values()} == {"missing"}


def test_a_cell_that_deletes_files_only_harms_its_scratch_copy(faulty_class):
    course = faulty_class["course"]
    assert (course / "datasets" / "things.csv").is_file() and (course / "solutions" / "90-fixture.ipynb").is_file()
    assert Path.home().is_dir() and any(Path.home().iterdir())
    assert _row(faulty_class, "vandal")["total"] == FULL


def test_missing_answer_cells_and_failing_cells_are_named(faulty_class):
    forgetful = _row(faulty_class, "forgetful")
    assert forgetful["status"] == "review" and "no answer cell for 90.2 (`airfield`)" in forgetful["reason"]
    assert forgetful["exercises"]["90.3"]["status"] == "missing" and forgetful["total"] == 5.0
    typo = _row(faulty_class, "typo")["exercises"]["90.1"]
    assert typo["status"] == "error"
    assert "uses `thngs`, which is not defined: is it spelled right" in typo["messages"][0]  # plain words
    assert "NameError: name 'thngs' is not defined" in typo["note"]  # the exact error, for the instructor
    typo_row = _row(faulty_class, "typo")
    assert typo_row["status"] == "review" and "answers that could not be read: 90.1 (cell" in typo_row["reason"]


def test_clashing_and_non_ascii_names_are_each_graded(faulty_class):
    totals = {s: _row(faulty_class, s)["total"] for s in ("Ana", "ana (2)", "ana (3)", "Zoë Ωmega", "李雷")}
    # ana (3) gave the short name 'Knevichi Xyzzy': public ✅, but the hidden check wants the full name
    assert totals == {"Ana": FULL, "ana (2)": 2.0, "ana (3)": 0.0, "Zoë Ωmega": FULL, "李雷": FULL}
    assert "graded separately as 'ana (2)'" in _row(faulty_class, "ana (2)")["reason"]
    assert _row(faulty_class, "ana (3)")["source"] == "ana"


# -- killing a worker ---------------------------------------------------------------------


def test_a_submission_that_kills_its_worker_is_blamed_alone(tmp_path):
    """A pool break re-runs the unfinished submissions one at a time; only the one that breaks it alone is blamed.

    Unsandboxed, a kernel can find its worker (``JPY_PARENT_PID`` names it) and kill it (in the
    sandbox the worker is out of sight). Before, every submission waiting in the pool was counted a
    crash at each break, and after three breaks the whole class was marked "worker crashed".
    """
    course, manifest = released_course(tmp_path)
    folder = tmp_path / "submissions"
    killer = "import os, signal\nos.kill(int(os.environ['JPY_PARENT_PID']), signal.SIGKILL)"
    write_submission(folder, "a-killer.ipynb", _with_cells(course, killer))
    for name in ("b", "c", "d"):
        write_submission(folder, f"{name}.ipynb", submission(course, CORRECT))
    grade(folder, manifest, tmp_path / "gb.sqlite", course=course, jobs=2, progress=False,
          limits=Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024, sandbox=False))
    with Gradebook(tmp_path / "gb.sqlite") as book:
        rows = {row["student"]: row for row in student_rows(book)}
    assert {s: (r["status"], r["total"]) for s, r in rows.items() if s != "a-killer"} == {
        "b": ("ok", FULL), "c": ("ok", FULL), "d": ("ok", FULL)}
    assert rows["a-killer"]["status"] == "error"
    assert "its worker process died while it ran on its own" in rows["a-killer"]["reason"]


# -- killing the grader ------------------------------------------------------------------


def _graded_count(db: Path) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(db, timeout=5)
    try:
        return connection.execute("SELECT COUNT(*) FROM submission").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        connection.close()


def _start(command, cwd):
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _stop_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)  # leftovers of the process we started, if any
    except ProcessLookupError:
        pass


def _interrupt_after_next_commit(command, cwd, db, sig, group=False):
    before = _graded_count(db)
    process = _start(command, cwd)
    deadline = time.monotonic() + 120
    while _graded_count(db) == before and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    if group:
        os.killpg(process.pid, sig)  # Ctrl+C in a terminal reaches the whole process group
    else:
        process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    _stop_group(process)
    return process.returncode, out, err


def test_a_killed_grader_resumes_and_grades_everyone_exactly_once(tmp_path):
    course = make_course(tmp_path / "course")
    manifest = release(course, tmp_path / "release", lessons=["90"]) / "assignment.json"
    folder = tmp_path / "submissions"
    students = [f"student{n:02d}" for n in range(5)]
    for n, name in enumerate(students):
        write_submission(folder, f"{name}.ipynb", submission(course, {**CORRECT, "n_things": str(n)}))
    db = tmp_path / "gradebook.sqlite"
    command = [sys.executable, "-m", "summit_course.cli", "--root", str(course), "grade", str(folder),
               "--assignment", str(manifest), "--gradebook", str(db), "--no-progress", "--cell-timeout", "10",
               "--memory-mb", "1024", *NO_SANDBOX_ARGS, "--jobs"]

    code, _, err = _interrupt_after_next_commit(command + ["1"], tmp_path, db, signal.SIGINT, group=True)
    assert code == 130 and "run the same command again" in err
    after_ctrl_c = _graded_count(db)
    code, _, _ = _interrupt_after_next_commit(command + ["1"], tmp_path, db, signal.SIGKILL)
    assert code == -signal.SIGKILL
    with Gradebook(db) as book:
        first = {row["student"] for row in book.submissions()}
    assert after_ctrl_c >= 1 and after_ctrl_c < len(first) < len(students)
    with sqlite3.connect(db) as connection:  # a mark that only a re-grade of that student replaces
        connection.execute("UPDATE submission SET graded_at = 'before'")

    finish = subprocess.run(command + ["2"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert finish.returncode == 0, finish.stderr
    assert f"Graded {len(students) - len(first)} submission(s)" in finish.stdout
    assert f"{len(first)} unchanged" in finish.stdout
    with Gradebook(db) as book:
        rows = book.submissions()
        answers = book.answers()
    assert sorted(r["student"] for r in rows) == students
    assert len(answers) == len(students) * 5
    assert {r["student"] for r in rows if r["graded_at"] == "before"} == first  # none graded twice
    assert {r["student"]: r["total"] for r in rows} == {
        name: FULL - 2 + (2 if n == 3 else 0) for n, name in enumerate(students)}
