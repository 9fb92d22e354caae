"""Benchmark: ``summit-course grade`` against a plain sequential baseline.

Generates a small course (the test suite's fixture lesson) in a temporary folder and
``--submissions`` students' notebooks of it with varied answers, then times:

* ``grade(...)``: the grader as instructors run it (process pool, default jobs = cores);
* the baseline: for each notebook in turn, ``jupyter execute`` in a subprocess (with the
  same answer-reading cell appended), then the same checks in this process.

It prints both times, the throughput ratio and whether both gave the same totals. One
run, no repetitions: the numbers are indicative. Run it with ``make bench-grade`` or::

    .venv/bin/python benchmarks/bench_grade.py --submissions 40
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the fixture course

from summit_course.gradebook import Gradebook, student_rows  # noqa: E402
from summit_course.grading import grade  # noqa: E402
from summit_course.grading.answers import decode_value, harvest_source  # noqa: E402
from summit_course.grading.assignment import load_assignment  # noqa: E402
from summit_course.grading.runners import default_jobs  # noqa: E402
from summit_course.grading.scoring import score_exercise  # noqa: E402
from summit_course.publish.release import release  # noqa: E402
from tests.fixture_course import CORRECT, make_course, submission  # noqa: E402

WRONG = {
    "n_things": ["4", "len(load('things')) + 1", "'three'"],
    "airfield": ["'Vladivostok'", "'Knevichi Xyzzy'", "42"],
    "arrival": ["'2023-09-11'", "'10 September'", "..."],
    "by_kind": ["load('things').groupby('kind').size().reset_index(name='count')", "load('things')", "..."],
    "why": ["'Too short'", "'Because two independent reports agree on it.'", "..."],
}


def make_class(course: Path, folder: Path, count: int, seed: int = 7) -> None:
    """Write ``count`` submissions, each exercise right or wrong at random (reproducibly)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(count):
        answers = {v: (CORRECT[v] if rng.random() < 0.6 else rng.choice(WRONG[v])) for v in CORRECT}
        nbformat.write(submission(course, answers), folder / f"student{n:03d}.ipynb")


def time_grader(folder: Path, manifest: Path, course: Path, book: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    grade(folder, manifest, book, course=course, progress=False)
    seconds = time.perf_counter() - start
    with Gradebook(book) as opened:
        return seconds, {row["student"]: row["total"] for row in student_rows(opened)}


def execute_loop_scores(folder: Path, assignment, course: Path, scratch: Path, env_extra=None) -> dict:
    """Sequential ``jupyter execute`` per notebook, then the grader's scoring in this process.

    Returns the points per ``(student, exercise id)``.
    """
    variables = [e.variable for e in assignment.exercises]
    jupyter = Path(sys.executable).with_name("jupyter")
    env = {**os.environ, "SUMMIT_DATA": str(course / "datasets"), **(env_extra or {})}
    scores = {}
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        answers = scratch / f"{path.stem}.json"
        notebook.cells.append(nbformat.v4.new_code_cell(harvest_source(variables, answers)))
        copy = scratch / path.name
        nbformat.write(notebook, copy)
        subprocess.run([str(jupyter), "execute", "--allow-errors", "--timeout=30", str(copy)], env=env,
                       cwd=scratch, check=True, capture_output=True)
        values = json.loads(answers.read_text("utf-8"))
        for e in assignment.exercises:
            if e.variable in values:
                scores[(path.stem, e.id)] = score_exercise(e, decode_value(values[e.variable])).points
    return scores


def time_baseline(folder: Path, manifest: Path, course: Path, scratch: Path) -> tuple[float, dict]:
    """Sequential ``jupyter execute`` per notebook, then the same checks here."""
    start = time.perf_counter()
    scores = execute_loop_scores(folder, load_assignment(manifest, course), course, scratch)
    totals = {}
    for (student, _), points in scores.items():
        totals[student] = totals.get(student, 0) + (points or 0)
    return time.perf_counter() - start, totals


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40, help="how many students (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        base = Path(tmp)
        course = make_course(base / "course")
        manifest = release(course, base / "release", lessons=["90"]) / "assignment.json"
        make_class(course, base / "submissions", args.submissions)
        (base / "baseline").mkdir()
        print(f"{args.submissions} submissions of a {len(CORRECT)}-exercise lesson, {default_jobs()} core(s)")
        grader_s, grader_totals = time_grader(base / "submissions", manifest, course, base / "gb.sqlite")
        print(f"summit-course grade (process pool, {default_jobs()} jobs): {grader_s:6.1f} s  "
              f"({args.submissions / grader_s:.2f} submissions/s)")
        baseline_s, baseline_totals = time_baseline(base / "submissions", manifest, course, base / "baseline")
        print(f"baseline (sequential jupyter execute + checks):  {baseline_s:6.1f} s  "
              f"({args.submissions / baseline_s:.2f} submissions/s)")
        print(f"throughput ratio: {baseline_s / grader_s:.2f}x")
        same = grader_totals == baseline_totals
        print("totals agree" if same else "TOTALS DIFFER between the grader and the baseline")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
