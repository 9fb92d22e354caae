"""Hostile submissions, graded by the real sandboxed grader: every attack fails, checked from outside.

Each attacker hands in a correct lesson plus one last cell that tries something: read the
course's answer keys (by absolute path, through ``/proc``, by walking the file system),
rewrite the gradebook, read another student's notebook, connect to a listener on
127.0.0.1, write outside its scratch space, leave processes behind, fill the disk, fork
without end, burn CPU. Whatever the cell found goes into its written answer (``why``),
which the gradebook keeps; the tests then look at the gradebook, the course folder, the
host's ``/tmp``, the listener and the process table from outside the sandbox.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from pathlib import Path

import nbformat
import pytest

from summit_course.gradebook import Gradebook, student_rows
from summit_course.grading import Limits, grade
from tests import sandboxing
from tests.fixture_course import CORRECT, released_course, submission, write_submission
from tests.processes import processes_carrying

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sandboxing.SANDBOXED, reason=f"bubblewrap cannot run here: {sandboxing.PROBLEM}"),
]
LIMITS = {"limits": Limits(cell_timeout=60, notebook_timeout=150, memory_mb=1024, cpu_seconds=10, max_processes=32,
                          disk_mb=64, sandbox=sandboxing.SANDBOXED), "progress": False}
MARK = uuid.uuid4().hex  # in every file or process an attack leaves, so the host can look for it
SECRET = "Knevichi Airfield Xyzzy"  # lesson 90's model answer: only in the course's exercise TOML
# (its text contains the answer, so the attacks check for it in what they read, not in error messages)
FULL = 7.0


def _attack(code: str) -> str:
    """A cell that runs ``code`` (which sets ``found``) and reports what it found in ``why``."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return (f"found = 'nothing'\ntry:\n{body}\nexcept BaseException as exc:\n"
            "    found = f'blocked: {type(exc).__name__}: {exc}'\n"
            "why = 'State media reported it, and nothing confirms it. ' + str(found)[:3000]")


def _attacks(course: Path, book: Path, folder: Path, port: int) -> dict[str, str]:
    toml = course / "solutions" / "exercises" / "90-fixture.toml"
    return {
        "absolute": f"found = open({str(toml)!r}).read()",
        "proc_cwd": (
            "import os\nfound = []\nfor pid in [p for p in os.listdir('/proc') if p.isdigit()] + ['self']:\n"
            "    for up in ('', '..', '../..', '../../..'):\n"
            "        try:\n"
            "            found.append(open(f'/proc/{pid}/cwd/{up}/solutions/exercises/90-fixture.toml').read())\n"
            "        except OSError:\n            pass\n"
            "found = ' '.join(found) or 'no toml seen'"),
        "walk_up": (
            "import os\nfound, here = [], os.getcwd()\nfor _ in range(12):\n"
            "    found += [os.path.join(here, n) for n in os.listdir(here) if n in ('solutions', 'gradebook.sqlite')]\n"
            "    here = os.path.dirname(here)\n"
            "for root, dirs, files in os.walk('/'):\n"
            "    dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'dev', 'usr', 'site-packages')]\n"
            "    found += [os.path.join(root, f) for f in files if f.endswith(('fixture.toml', '.sqlite'))]\n"
            "found = ' '.join(found) or 'no toml seen'"),
        "gradebook": (
            f"import sqlite3\ndb = sqlite3.connect({str(book)!r})\n"
            "db.execute('update answer set points = 999')\ndb.commit()\nfound = 'rewrote the gradebook'"),
        "neighbour": f"found = open({str(folder / 'victim.ipynb')!r}).read()[:500]",
        "network": (
            f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
            f"s.sendall(b'{MARK}')\nfound = 'connected'"),
        "writer": (
            f"open('/tmp/{MARK}-tmp', 'w').write('x')\nfound = 'wrote /tmp; '\n"
            f"open({str(course / ('planted-' + MARK))!r}, 'w').write('x')\nfound += 'wrote into the course'"),
        "daemon": (
            "import os, subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{MARK}'], start_new_session=True)\n"
            "if os.fork() == 0:\n    os.setsid()\n"
            f"    os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(600)', '{MARK}'])\n"
            "found = 'left two processes running'"),
        "filler": (
            "chunk = b'x' * (8 * 1024 * 1024)\nwritten = 0\nwith open('filler.bin', 'wb') as f:\n"
            "    for _ in range(64):\n        f.write(chunk)\n        f.flush()\n        written += len(chunk)\n"
            "found = f'wrote {written >> 20} MB'"),
        "forker": (
            "import os, time\nfor n in range(2000):\n    if os.fork() == 0:\n        time.sleep(60)\n"
            "        os._exit(0)\nfound = 'forked 2000'"),
        "burner": "x = 0\nwhile True:\n    x += 1",
        "pythonpath": (
            "import os, sys\nfound = []\nfor entry in sys.path + os.environ.get('PYTHONPATH', '').split(':'):\n"
            "    for name in ('solutions/exercises/90-fixture.toml', 'exercises/90-fixture.toml'):\n"
            "        try:\n            found.append(open(os.path.join(entry or '.', name)).read())\n"
            "        except OSError:\n            pass\n"
            "found = ' '.join(found) or 'no toml seen'"),
        "environment": "import json, os\nfound = 'environment: ' + json.dumps(dict(os.environ))",
    }


def _widening(course: Path) -> dict[str, str]:
    return {"PYTHONPATH": f"{course}:{course / 'solutions'}", "PYTHONSTARTUP": str(course / "startup.py"),
            "LD_LIBRARY_PATH": str(course), "PYTHONUSERBASE": str(course), "SUMMIT_TEST_TOKEN": SECRET}


def _listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    heard, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            heard.append(conn.recv(100))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, heard, stop, thread


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    base = tmp_path_factory.mktemp("attacks")
    course, manifest = released_course(base)
    folder, book = base / "submissions", course / "gradebook.sqlite"
    server, heard, stop, thread = _listener()
    write_submission(folder, "victim.ipynb", submission(course, CORRECT))
    for name, code in _attacks(course, book, folder, server.getsockname()[1]).items():
        notebook = submission(course, CORRECT)
        notebook.cells.append(nbformat.v4.new_code_cell(_attack(code) if name != "burner" else code))
        write_submission(folder, f"{name}.ipynb", notebook)
    with pytest.MonkeyPatch.context() as patch:  # an instructor's shell that would widen the sandbox, were it passed on
        for name, value in _widening(course).items():
            patch.setenv(name, value)
        summary = grade(folder, manifest, book, course=course, jobs=2, **LIMITS)
    stop.set()
    thread.join()
    server.close()
    with Gradebook(book) as gradebook:
        rows = {row["student"]: row for row in student_rows(gradebook)}
    return {"rows": rows, "course": course, "heard": heard, "base": base, "summary": str(summary)}


def _found(attacked, student: str) -> str:
    return attacked["rows"][student]["exercises"]["90.5"]["answer"]


@pytest.mark.parametrize("student", ["absolute", "proc_cwd", "walk_up", "pythonpath"])
def test_the_course_exercise_files_cannot_be_read_by_any_path(attacked, student):
    found = _found(attacked, student)
    assert SECRET not in found and 'variable = "airfield"' not in found, found
    assert "blocked: FileNotFoundError" in found or "no toml seen" in found, found
    assert attacked["rows"][student]["total"] == FULL


def test_nothing_of_the_graders_environment_reaches_the_kernel(attacked):
    """The kernel's environment is the sandbox's allow-list (plus what ipykernel sets inside), whatever the shell held."""
    from summit_course.grading.sandbox import kernel_env

    inside = json.loads(_found(attacked, "environment").split("environment: ", 1)[1])
    assert "PATH" in inside and not set(inside) & set(_widening(attacked["course"])), inside
    passed_on = {name for name, value in inside.items() if os.environ.get(name) == value}
    assert passed_on <= set(kernel_env("datasets", "SUMMIT_DATA")), passed_on


def test_the_gradebook_cannot_be_opened_from_a_notebook(attacked):
    assert "blocked" in _found(attacked, "gradebook")
    assert {row["total"] for row in attacked["rows"].values() if row["student"] != "burner"} <= {FULL}
    assert all(a["points"] in (None, 0, 1, 2, 3) for row in attacked["rows"].values()
               for a in row["exercises"].values())


def test_another_students_notebook_cannot_be_read(attacked):
    assert _found(attacked, "neighbour").endswith("No such file or directory: '" +
                                                  str(attacked["base"] / "submissions" / "victim.ipynb") + "'")


def test_no_connection_reaches_a_listener_on_the_host(attacked):
    assert attacked["heard"] == []
    assert "blocked" in _found(attacked, "network")


def test_nothing_is_written_outside_the_scratch_space(attacked):
    assert not Path(f"/tmp/{MARK}-tmp").exists()
    assert not list(attacked["course"].glob(f"planted-{MARK}"))
    assert "wrote into the course" not in _found(attacked, "writer")


def test_no_process_outlives_the_run(attacked):
    assert "left two processes running" in _found(attacked, "daemon")  # they started, inside
    assert processes_carrying(MARK) == []


def test_filling_the_disk_stops_at_the_scratch_limit(attacked):
    found = _found(attacked, "filler")
    assert "blocked: OSError" in found and "No space left on device" in found, found
    assert attacked["rows"]["filler"]["total"] == FULL


def test_a_fork_bomb_hits_the_process_limit_and_the_run_goes_on(attacked):
    row = attacked["rows"]["forker"]
    assert row["total"] == FULL
    if "no process cap" in attacked["summary"]:
        pytest.skip("no process cap binds here (root, without a cgroup): the run's summary says so")
    summary = attacked["summary"]  # the cap binds in the kernel's cgroup, or per sandbox where no cgroup does
    assert "32 processes per kernel" in summary or "32 processes in each sandbox" in summary, summary
    assert "blocked: BlockingIOError" in _found(attacked, "forker"), row["reason"]


def test_a_cpu_burner_hits_the_time_limits_with_a_reason(attacked):
    row = attacked["rows"]["burner"]
    assert row["status"] == "review", row["reason"]
    assert "(`x = 0`) used more than the 10 s of CPU time a kernel may use" in row["reason"], row["reason"]
    assert row["total"] == FULL


def test_the_good_submission_keeps_full_marks_inside_the_sandbox(attacked):
    victim = attacked["rows"]["victim"]
    assert (victim["status"], victim["total"], victim["sandboxed"]) == ("ok", FULL, True)
