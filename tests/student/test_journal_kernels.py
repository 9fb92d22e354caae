"""The journal across real kernels: two checking at once, forecasts carried to a new kernel, a read-only folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summit_course import journal

ROOT = Path(__file__).resolve().parents[2]


class Kernel:
    """A real IPython kernel (jupyter_client) whose journal is ``path``."""

    def __init__(self, path: Path, sockets: Path):
        from jupyter_client.manager import KernelManager

        self.manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets))
        self.manager.start_kernel(cwd=str(ROOT), env={**os.environ, journal.ENV_VAR: str(path)})
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def send(self, code: str) -> str:
        return self.client.execute(code)

    def reply(self, msg_id: str) -> dict:
        while True:
            reply = self.client.get_shell_msg(timeout=120)
            if reply["parent_header"].get("msg_id") == msg_id:
                assert reply["content"]["status"] == "ok", reply["content"]
                return reply["content"]

    def value(self, code: str):
        """The JSON value of an expression, evaluated in the kernel."""
        content = self.reply(self.client.execute("", user_expressions={"v": f"__import__('json').dumps({code})"}))
        result = content["user_expressions"]["v"]
        assert result["status"] == "ok", result
        return json.loads(eval(result["data"]["text/plain"]))  # a repr of a JSON string

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernels(tmp_path):
    started = []

    def start(path):
        started.append(Kernel(path, tmp_path / f"kernel-{len(started)}"))
        return started[-1]

    yield start
    for kernel in started:
        kernel.close()


LOOP = ("from summit_course import check\n"
        "for i in range({n}): check({exercise!r}, [i])\n")  # a list is wrong for both


def test_two_kernels_checking_at_once_lose_and_tear_no_entry(tmp_path, kernels):
    path = tmp_path / "course" / ".summit" / "journal.jsonl"
    first, second = kernels(path), kernels(path)
    sent = [(first, first.send(LOOP.format(n=150, exercise="0.1"))),
            (second, second.send(LOOP.format(n=150, exercise="0.4")))]
    for kernel, msg_id in sent:
        kernel.reply(msg_id)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300 and all(journal.clean(json.loads(line)) for line in lines)
    got = journal.read(path)
    assert got.notes == [] and {e["exercise"] for e in got} == {"0.1", "0.4"}
    assert all(e["verdict"] == "incorrect" and e["via"] == "check" for e in got)
    assert sum(e["exercise"] == "0.1" for e in got) == 150
    row = first.value("repr(__import__('summit_course').progress()).splitlines()[2]")
    assert row.split()[:8] == ["00", "start", "here", "0", "of", "13", "0", "2"]  # 0.1 and 0.4 tried


MINE = "__import__('summit_course').my_forecasts({})[['forecast_id', 'probability']].values.tolist()"


def test_forecasts_moved_in_one_kernel_are_found_by_the_next_until_it_begins_lesson_08(tmp_path, kernels):
    path = tmp_path / "course" / ".summit" / "journal.jsonl"
    lesson_01 = kernels(path)
    lesson_01.reply(lesson_01.send(
        "from summit_course import explore\n"
        "from summit_course.explore.forecast_sliders import LESSON_01\n"
        "sliders = explore.forecast_sliders(ids=LESSON_01)\n"
        "sliders.controls['fc_defence_treaty_2024'].value = 0.7\n"
        "sliders.controls['fc_troops_deployed_2024'].value = 0.2\n"
        "sliders.controls['fc_defence_treaty_2024'].value = 0.65\n"))
    lesson_08 = kernels(path)
    before = [["fc_defence_treaty_2024", 0.65], ["fc_troops_deployed_2024", 0.2]]
    assert lesson_08.value(MINE.format("")) == before
    lesson_08.reply(lesson_08.send("from summit_course import check\ncheck('8.1', 'Z')"))  # lesson 08 begun
    lesson_01.reply(lesson_01.send("sliders.controls['fc_troops_deployed_2024'].value = 0.95"))  # hindsight
    assert lesson_08.value(MINE.format("before_lesson='02'")) == before
    assert lesson_08.value("__import__('summit_course').my_forecasts(before_lesson='02').attrs['left_out']") == 1
    assert lesson_08.value(MINE.format(""))[1] == ["fc_troops_deployed_2024", 0.95]


def _bwrap_problem() -> str | None:
    if not shutil.which("bwrap"):
        return "bubblewrap (bwrap) is not installed"
    probe = subprocess.run(["bwrap", "--bind", "/", "/", "--dev", "/dev", "true"], capture_output=True)
    return None if probe.returncode == 0 else f"bwrap cannot run here: {probe.stderr.decode()[:200]}"


WRITER = """
from summit_course import check, hint, progress
print(repr(check("0.1", 3)).splitlines()[0])
print(repr(hint("0.1")).split(":")[0])
print(repr(check("0.1", 4)).splitlines()[0])
for line in repr(progress()).splitlines()[1:4:2]: print(line)
"""


@pytest.mark.skipif(_bwrap_problem() is not None, reason=str(_bwrap_problem()))
def test_a_read_only_course_folder_costs_one_note_and_loses_no_feedback(tmp_path):
    """Root writes through file modes, so the folder is made read-only for real: a read-only bind mount."""
    course = tmp_path / "course"
    (course / ".summit").mkdir(parents=True)
    old = course / ".summit" / "journal.jsonl"
    old.write_text('{"v":1,"t":"2026-01-01T00:00:00Z","kind":"check","exercise":"0.1","verdict":"passed",'
                   '"passed":3,"total":3}\nnot json\n', encoding="utf-8")
    before = old.read_bytes()
    env = {**os.environ, journal.ENV_VAR: str(old), "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        ["bwrap", "--bind", "/", "/", "--ro-bind", str(course), str(course), "--dev", "/dev", "--proc", "/proc",
         sys.executable, "-c", WRITER],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert out[0].startswith("❌ Exercise 0.1: not yet") and out[2] == out[0]
    assert out[1].startswith("💡 Hint 1 of")
    assert out[3].startswith("This table is incomplete: your journal could not be saved in this session (")
    assert out[4].startswith("00 start here") and "1 of 13" in out[4]  # read back, bad line skipped
    assert run.stderr.count("could not be saved") == 1 and "Traceback" not in run.stderr
    assert old.read_bytes() == before


def test_the_journal_benchmark_runs_and_reports_ratios():
    """A smoke run of benchmarks/bench_journal.py (tiny, and no timing is asserted)."""
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_journal.py"), "--checks", "4",
                          "--rounds", "2", "--cells", "2"], capture_output=True, text=True, timeout=180,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0, run.stderr
    rows = [line.split()[0] for line in run.stdout.splitlines() if line[:1].isalpha()]
    assert {"off", "found", "env", "on"} <= set(rows) and "ratio to off" in run.stdout
    assert "(8 entries written to the found journal)" in run.stdout  # 2 rounds of 4 checks
