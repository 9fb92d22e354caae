"""When a grading run's one-off steps start and end, in the grader's own process: where a small class's time goes.

``grade()`` runs here (2 jobs by default) with timing wrappers around its steps (no change to
the grader): the pool's fork server, the shared kernel template (where this version has one),
the sandbox probe, reading the assignment and the submissions, when the shared template first
answers (its imports done), the first result and the last. The pool's fork server, started
once per process, is paid by the first run alone here; the command's own start is not counted.
It prints each step's start and end in seconds from the call, and the CPU seconds of this
process and everything it started (a ``cpuacct`` cgroup where one can be made), with the load:

    .venv/bin/python benchmarks/peers_timeline.py --submissions 12 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from peers_classes import fixture_lesson  # noqa: E402
from peers_meters import CpuClock  # noqa: E402
from summit_course.grading import Limits, grade, grader  # noqa: E402

STEPS = ("start_pool_server", "start_shared", "sandbox_problem", "load_assignment", "find_submissions")


def _timed(name: str, function, marks: dict, origin: list[float]):
    def wrapper(*args, **kwargs):
        marks[f"{name} start"] = time.perf_counter() - origin[0]
        try:
            return function(*args, **kwargs)
        finally:
            marks[f"{name} end"] = time.perf_counter() - origin[0]
    return wrapper


def _serving(function, marks: dict, origin: list[float]):
    """``start_shared``, and a thread that notes when the template answers (a request it cannot read)."""
    def wrapper(*args, **kwargs):
        template = function(*args, **kwargs)

        def ask():
            with socket.socket(socket.AF_UNIX) as connection:
                connection.connect(template.address[1])
                connection.sendall(b"?\n")
                connection.recv(4096)
                marks["shared template serving"] = time.perf_counter() - origin[0]
        if template is not None:
            threading.Thread(target=ask, daemon=True).start()
        return template
    return wrapper


def _runner(function, marks: dict, origin: list[float]):
    def wrapper(*args, **kwargs):
        marks["first task submitted"] = time.perf_counter() - origin[0]
        for number, item in enumerate(function(*args, **kwargs)):
            marks["last result" if number else "first result"] = time.perf_counter() - origin[0]
            yield item
    return wrapper


def one_run(lesson, base: Path, sandbox: bool, jobs: int) -> dict:
    """The marks (seconds from the call) of one ``grade()`` of ``lesson``."""
    marks, origin = {}, [0.0]
    originals = {name: getattr(grader, name) for name in (*STEPS, "run_local") if hasattr(grader, name)}
    for name, function in originals.items():
        wrapped = _timed(name, function, marks, origin)
        setattr(grader, name, _runner(function, marks, origin) if name == "run_local" else
                _serving(wrapped, marks, origin) if name == "start_shared" else wrapped)
    try:
        origin[0] = time.perf_counter()
        grade(lesson.submissions, lesson.manifest, base / f"gb-{time.monotonic_ns()}.sqlite", course=lesson.course,
              jobs=jobs, limits=Limits(sandbox=sandbox), progress=False)
        marks["grade returned"] = time.perf_counter() - origin[0]
    finally:
        for name, function in originals.items():
            setattr(grader, name, function)
    return marks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12, help="students of lesson 90 (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default: %(default)s)")
    parser.add_argument("--no-sandbox-runs", action="store_true", help="only --no-sandbox runs")
    args = parser.parse_args(argv)
    clock = CpuClock()
    kinds = [False] if args.no_sandbox_runs else [True, False]
    marks, cpu, loads = defaultdict(lambda: defaultdict(list)), defaultdict(list), []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
            lesson = fixture_lesson(Path(tmp) / "l90", args.submissions)
            for number in range(args.rounds):
                for sandbox in kinds if number % 2 == 0 else kinds[::-1]:
                    loads.append(os.getloadavg()[0])
                    before = clock.seconds()
                    for mark, at in one_run(lesson, Path(tmp), sandbox, args.jobs).items():
                        marks[sandbox][mark].append(at)
                    if before is not None:
                        cpu[sandbox].append(clock.seconds() - before)
    finally:
        clock.close()
    print(f"{args.submissions} submissions, {args.jobs} jobs, {args.rounds} rounds, load {min(loads):.1f}-"
          f"{max(loads):.1f}; medians in seconds from the call to grade()")
    for sandbox in kinds:
        print(f"{'sandboxed' if sandbox else '--no-sandbox'}: CPU of the run's processes "
              f"{statistics.median(cpu[sandbox]) if cpu[sandbox] else float('nan'):.2f} s")
        for mark, times in sorted(marks[sandbox].items(), key=lambda item: statistics.median(item[1])):
            print(f"  {statistics.median(times):6.2f}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
