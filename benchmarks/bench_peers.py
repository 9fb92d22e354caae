"""Benchmark: ``summit-course grade`` against nbgrader (and a ``jupyter execute`` loop), on two lessons, in one run.

The lessons (``peers_classes.py``): the test suite's fixture (lesson 90, ``--submissions``
students) and the course's own lesson 01 (``--submissions-01`` students), each class with
varied answers (right, wrong, blank, broken) and nbgrader's cell metadata on the very same
files. Then, per lesson, alternating the order in each of ``--rounds`` rounds, it times:

* ours, sandboxed (the default) with 2 jobs and with 1 job, and ``--no-sandbox`` with 2 jobs;
* ``nbgrader autograde`` (nbgrader in its own environment, ``--nbgrader-python``; its kernel
  is this environment's Python, so both tools' kernels import the same compiled files);
* for the fixture, a sequential loop of ``jupyter execute`` plus the same scoring here.

It prints, per run, the median time, submissions per second, CPU seconds per submission
(the whole process tree), peak memory (RSS and PSS, ``peers_meters.py``) and the load
average while it ran; then throughput against nbgrader (target: 5x), the sandbox's cost
(target: at most 10 %), memory per grading job against nbgrader's kernel plus its tool,
and whether every auto-graded score agrees (exit status 1 if not); last, a per-submission
breakdown of our time beside the floor (``peers_breakdown.py``).

    .venv/bin/python benchmarks/bench_peers.py --nbgrader-python .bench/nbgrader/bin/python
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_grade import execute_loop_scores  # noqa: E402
from peers_breakdown import breakdown, floor  # noqa: E402
from peers_classes import fixture_lesson, lesson01, subset  # noqa: E402
from peers_meters import CpuClock, TreeMeter  # noqa: E402
from peers_nbgrader import KERNEL_ENV, nbgrader_course, run_nbgrader, tag_submissions  # noqa: E402
from summit_course.gradebook import Gradebook  # noqa: E402
from summit_course.grading import forking  # noqa: E402
from summit_course.grading.assignment import load_assignment  # noqa: E402

THROUGHPUT_TARGET, SANDBOX_TARGET = 5.0, 0.10
OURS_SB2, OURS_SB1, OURS_NOSB2 = "ours, sandboxed, 2 jobs", "ours, sandboxed, 1 job", "ours, --no-sandbox, 2 jobs"
NBGRADER = "nbgrader 0.9 autograde"
LOOP = "jupyter execute loop + scoring"


def run_ours(lesson, work: Path, jobs: int, sandbox: bool) -> dict:
    """``summit-course grade`` as instructors run it (its own process, so its workers are as light)."""
    book = work / f"gb-{time.monotonic_ns()}.sqlite"
    command = [str(Path(sys.executable).with_name("summit-course")), "--root", str(lesson.course), "grade",
               str(lesson.submissions), "--assignment", str(lesson.manifest), "--gradebook", str(book),
               "--jobs", str(jobs), "--no-progress"]
    subprocess.run(command + ([] if sandbox else ["--no-sandbox"]), check=True, capture_output=True)
    with Gradebook(book) as opened:
        return {(a["student"], a["exercise"]): a["points"] for a in opened.answers()}


def lesson_runs(lesson, args, base: Path, with_loop: bool) -> dict:
    """The runs to time for one lesson: name -> function returning the points per (student, exercise)."""
    runs = {}
    if not args.no_sandbox_runs:
        runs[OURS_SB2] = lambda: run_ours(lesson, base, 2, True)
        runs[OURS_SB1] = lambda: run_ours(lesson, base, 1, True)
    runs[OURS_NOSB2] = lambda: run_ours(lesson, base, 2, False)
    assignment = load_assignment(lesson.manifest, lesson.course)
    tag_submissions(lesson.submissions, {e.id: e for e in assignment.exercises})
    if args.nbgrader_python:
        try:
            root = nbgrader_course(base / "nbgrader", lesson, assignment, sys.executable, args.nbgrader_python)
            runs[NBGRADER] = lambda: run_nbgrader(lesson.submissions, root, lesson.course, args.nbgrader_python)
        except subprocess.CalledProcessError as exc:
            print(f"nbgrader could not generate the assignment: {exc.stderr[-2000:]}")
    else:
        print("nbgrader: no --nbgrader-python given")
    if with_loop:
        def loop():
            scratch = base / f"execute-{time.monotonic_ns()}"
            scratch.mkdir()
            return execute_loop_scores(lesson.submissions, assignment, lesson.course, scratch, KERNEL_ENV)
        runs[LOOP] = loop
    return runs


def timed_rounds(runs: dict, rounds: int, clock: CpuClock):
    """Run each in ``rounds`` alternating rounds; times, meters (the median run's), loads and scores by name."""
    times, meters, loads, scores = defaultdict(list), defaultdict(list), defaultdict(list), {}
    names = list(runs)
    for number in range(rounds):
        order = names[number % len(names):] + names[:number % len(names)]
        for name in reversed(order) if number % 2 else order:
            with TreeMeter(clock) as meter:
                start = time.perf_counter()
                try:
                    scores[name] = runs[name]()
                except Exception as exc:
                    print(f"  {name}: FAILED: {exc}", flush=True)
                    continue
                times[name].append(time.perf_counter() - start)
            meters[name].append(meter)
            loads[name].append(os.getloadavg()[0])
            print(f"  round {number + 1}: {name}: {times[name][-1]:.1f} s, load {loads[name][-1]:.1f}", flush=True)
    return times, meters, loads, scores


def mib(value: float) -> str:
    return f"{value / 2**20:.0f}"


def report(label: str, count: int, times, meters, loads, scores) -> bool:
    """Print the lesson's table and targets; whether every score agrees."""
    print(f"\n{label}: {count} submissions")
    print(f"{'run':32} {'median s':>8} {'sub/s':>6} {'CPU s/sub':>9} {'RSS MiB':>8} {'PSS MiB':>8} {'load':>5}  "
          "per process, peak RSS/PSS (MiB)")
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, seconds in medians.items():
        meter = sorted(meters[name], key=lambda m: m.cpu)[len(meters[name]) // 2]
        per = ", ".join(f"{r} {mib(v[0])}/{mib(v[1])}" for r, v in sorted(meter.roles.items()) if r != "other")
        print(f"{name:32} {seconds:8.1f} {count / seconds:6.2f} {meter.cpu / count:9.2f} {mib(meter.peak_rss):>8} "
              f"{mib(meter.peak_pss):>8} {statistics.mean(loads[name]):5.1f}  {per}")
    if NBGRADER in medians:
        for name in (n for n in medians if n != NBGRADER):
            ratio = medians[NBGRADER] / medians[name]
            mark = "" if not name.endswith("2 jobs") else " ok" if ratio >= THROUGHPUT_TARGET else " BELOW 5x"
            print(f"throughput {name} / nbgrader: {ratio:.2f}x{mark}")
    if OURS_SB2 in medians and OURS_NOSB2 in medians:
        cost = medians[OURS_SB2] / medians[OURS_NOSB2] - 1
        cpu = statistics.median(m.cpu for m in meters[OURS_SB2]) / statistics.median(m.cpu for m in meters[OURS_NOSB2])
        print(f"sandbox cost (2 jobs, same submissions): {100 * cost:+.0f}% time "
              f"({'ok' if cost <= SANDBOX_TARGET else 'OVER'} 10 %); {100 * (cpu - 1):+.0f}% CPU (what the "
              "neighbours of a busy machine leave alone)")
    if OURS_SB1 in medians and OURS_SB2 in medians:
        efficiency = medians[OURS_SB1] / medians[OURS_SB2] / 2
        print(f"scaling: 1 job {count / medians[OURS_SB1]:.2f}/s, 2 jobs {count / medians[OURS_SB2]:.2f}/s "
              f"({efficiency:.0%} of linear); 16 cores at that efficiency: "
              f"~{16 * efficiency * count / medians[OURS_SB1]:.1f} submissions/s")
    if NBGRADER in meters and OURS_SB2 in meters:
        ours = max(meters[OURS_SB2], key=lambda m: m.peak_pss)
        theirs = max(meters[NBGRADER], key=lambda m: m.peak_pss)
        tool = ours.role_pss.get("tool", 0)
        per_job = tool + (ours.peak_pss - tool) / 2
        print(f"memory per grading job (PSS: our grader + half of its 2 jobs' workers, templates and kernels): "
              f"{mib(per_job)} MiB; nbgrader's tool + kernel: {mib(theirs.peak_pss)} MiB "
              f"({'ok' if per_job <= theirs.peak_pss else 'OVER'})")
    return agreement(scores)


def agreement(scores: dict) -> bool:
    agree = True
    reference = scores.get(NBGRADER) or scores.get(LOOP)
    if reference is None:
        return True
    for name, ours in scores.items():
        if name.startswith("ours"):
            differ = sorted(k for k, v in reference.items() if ours.get(k) is None or abs(ours[k] - v) > 1e-9)
            agree &= not differ
            print(f"{name}: {len(reference) - len(differ)} of {len(reference)} auto-graded scores agree with "
                  f"{NBGRADER if NBGRADER in scores else LOOP}" + (f"; differ: {differ[:5]}" if differ else ""))
    if NBGRADER in scores and LOOP in scores:
        same = all(scores[LOOP][k] == v for k, v in scores[NBGRADER].items() if k in scores[LOOP])
        agree &= same
        print(f"the jupyter execute loop: {'same' if same else 'DIFFERENT'} scores as nbgrader")
    return agree


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12, help="students of lesson 90 (default: %(default)s)")
    parser.add_argument("--submissions-01", type=int, default=30, help="students of lesson 01 (default: %(default)s)")
    parser.add_argument("--lessons", default="90,01", help="which lessons, comma-separated (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default: %(default)s)")
    parser.add_argument("--nbgrader-python", help="the Python of an environment with nbgrader (skipped if absent)")
    parser.add_argument("--no-sandbox-runs", action="store_true", help="skip the sandboxed runs (no bubblewrap)")
    parser.add_argument("--breakdown", type=int, default=4, help="submissions in the per-submission breakdown")
    args = parser.parse_args(argv)
    if args.nbgrader_python:  # absolute (nbgrader runs in its course folder), symlinks kept (a venv)
        args.nbgrader_python = os.path.abspath(args.nbgrader_python)
    chosen = args.lessons.split(",")
    clock = CpuClock()
    agree = True
    print(f"{os.cpu_count()} cores, {args.rounds} rounds, load average at start {os.getloadavg()[0]:.1f}; CPU from "
          f"{'a cpuacct cgroup' if clock.folder else 'sampled process times'}", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
            base = Path(tmp)
            lessons = ([fixture_lesson(base / "l90", args.submissions)] if "90" in chosen else []) + (
                [lesson01(base / "l01", args.submissions_01)] if "01" in chosen else [])
            for lesson in lessons:
                print(f"\n{lesson.label}: {lesson.count} submissions", flush=True)
                runs = lesson_runs(lesson, args, lesson.submissions.parent, with_loop=lesson.label.startswith("lesson 90"))
                agree &= report(lesson.label, lesson.count, *timed_rounds(runs, args.rounds, clock))
                print_breakdown(lesson, base, args)
    finally:
        clock.close()
    return 0 if agree else 1


def print_breakdown(lesson, base: Path, args) -> None:
    print(f"per submission, one at a time in this process (s), {args.breakdown} submissions of {lesson.label}, "
          f"load {os.getloadavg()[0]:.1f}:")
    few = subset(lesson, base / f"subset-{time.monotonic_ns()}", args.breakdown)
    for sandbox in ([False] if args.no_sandbox_runs else [True, False]):
        parts = breakdown(few, base, sandbox)
        print(f"  ours {'sandboxed' if sandbox else '--no-sandbox'}: {parts.pop('total'):.2f} = " +
              ", ".join(f"{k} {v:.2f}" for k, v in parts.items()))
    print(f"  floor (bare kernel, same cells): {floor(few):.2f}", flush=True)
    forking.close_templates()  # this process's own, which would count as children in the next lesson's runs


if __name__ == "__main__":
    sys.exit(main())
