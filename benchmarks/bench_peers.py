"""Benchmark: ``summit-course grade`` against nbgrader and a ``jupyter execute`` loop, in one run.

Writes the fixture course (``tests/fixture_course.py``, lesson 90: four auto-graded
exercises and one written one) and ``--submissions`` students' notebooks of it with varied
answers. Each notebook carries nbgrader's cell metadata too, so that both tools grade the
very same files. Then, alternating the order in each of ``--rounds`` rounds, it times:

* ours, sandboxed (the default) with 2 jobs and with 1 job, and ``--no-sandbox`` with 2 jobs;
* ``nbgrader autograde`` (nbgrader in its own environment, ``--nbgrader-python``; its kernel is
  this environment's Python, so both tools' kernels import the same, equally compiled files);
* a sequential loop of ``jupyter execute`` plus the same scoring in this process.

It prints the median time of each, throughput ratios, the peak memory of each run's process
tree (RSS summed over the processes, sampled every 50 ms: shared pages count once per
process, so it overstates a little, the same way for every tool), per-process peaks (a
worker beside its kernel), whether every auto-graded score agrees with nbgrader's, then a
per-submission breakdown of our time beside the floor (a bare kernel running the same cells).

    .venv/bin/python benchmarks/bench_peers.py --nbgrader-python .bench/nbgrader/bin/python
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import defaultdict
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the fixture course
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_grade import execute_loop_scores, make_class  # noqa: E402
from summit_course.gradebook import Gradebook  # noqa: E402
from summit_course.grading import Limits, grade  # noqa: E402
from summit_course.grading.answers import decode_value, harvest_source  # noqa: E402
from summit_course.grading.assignment import load_assignment  # noqa: E402
from summit_course.grading.scoring import score_exercise  # noqa: E402
from summit_course.publish.release import release  # noqa: E402
from tests.fixture_course import make_course  # noqa: E402

ANSWER = re.compile(r"(?:### BEGIN SOLUTION\n)?(\w+) = ")
CHECK = re.compile(r'check\("([\d.]+)", (\w+)\)')


# ---------------------------------------------------------------- memory
class TreeMemory:
    """Sample the RSS of this process's descendants: peak of the sum, peak per role and per process."""

    def __init__(self, interval=0.05):
        self.interval, self.peak, self.roles = interval, 0, defaultdict(int)
        self._stop = threading.Event()

    @staticmethod
    def role(process) -> str:
        try:
            line = " ".join(process.cmdline())
        except psutil.Error:
            return "other"
        if "ipykernel" in line or "capped_kernel" in line:
            return "kernel"
        if "multiprocessing" in line:
            return "worker"
        if "bwrap" in line:
            return "bwrap"
        return "tool"  # nbgrader, jupyter execute

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                role = self.role(child)
                self.roles[role] = max(self.roles[role], rss)
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- the nbgrader assignment
def nbgrader_meta(**fields) -> dict:
    return {"nbgrader": {"schema_version": 3, "locked": False, "solution": False, "grade": False, **fields}}


def test_cell_source(exercise) -> str:
    """An autograded test cell: the exercise's public and hidden checks, its points as output.

    The checks are the course's own (``score_exercise`` runs the public check and every hidden
    expression, with partial credit), so both tools do the same work per exercise; nbgrader
    reads the cell's numeric output as the points (its partial credit).
    """
    blob = base64.b64encode(pickle.dumps(exercise)).decode()
    return textwrap.dedent(f"""\
        import base64 as _b64, pickle as _pickle
        from summit_course.grading.scoring import score_exercise as _score
        _exercise = _pickle.loads(_b64.b64decode("{blob}"))
        float(_score(_exercise, {exercise.variable}).points or 0)""")


def tag_cells(notebook, exercises: dict, source: bool) -> None:
    """Give answer and check cells nbgrader's metadata (and, in the source, the test code)."""
    by_variable = {e.variable: e for e in exercises.values()}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        check, answer = CHECK.fullmatch(cell.source.strip()), ANSWER.match(cell.source)
        if check and check.group(1) in exercises:
            exercise = exercises[check.group(1)]
            if exercise.public.is_written:
                continue
            cell.metadata.update(nbgrader_meta(grade=True, locked=True, points=exercise.points,
                                               grade_id=f"test-{exercise.id.replace('.', '_')}"))
            if source:
                cell.source = test_cell_source(exercise)
        elif answer and answer.group(1) in by_variable:
            exercise = by_variable[answer.group(1)]
            written = exercise.public.is_written
            cell.metadata.update(nbgrader_meta(solution=True, grade=written, grade_id=f"answer-{exercise.id.replace('.', '_')}",
                                               **({"points": exercise.points} if written else {})))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}


def nbgrader_course(base: Path, course: Path, assignment, ours_python: str, nbgrader_python: str) -> Path:
    """An nbgrader course folder with assignment ``ps1`` generated from lesson 90's solution."""
    root = base / "nbgrader"
    (root / "source" / "ps1").mkdir(parents=True)
    exercises = {e.id: e for e in assignment.exercises}
    notebook = nbformat.read(course / "solutions" / "90-fixture.ipynb", as_version=4)
    tag_cells(notebook, exercises, source=True)
    nbformat.write(notebook, root / "source" / "ps1" / "ps1.ipynb")
    (root / "nbgrader_config.py").write_text(textwrap.dedent(f"""\
        c = get_config()
        c.CourseDirectory.root = {str(root)!r}
        c.CourseDirectory.course_id = "summit"
        c.ExecutePreprocessor.timeout = 30
        c.ClearSolutions.code_stub = {{"python": "..."}}
        """))
    # nbgrader's kernel: this environment's Python (the same files as our kernels import).
    spec = root / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [ours_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    subprocess.run([nbgrader_python, "-m", "nbgrader", "generate_assignment", "ps1", "--force"], cwd=root,
                   env=nbgrader_env(root, course, nbgrader_python), check=True, capture_output=True)
    return root


def nbgrader_env(root: Path, course: Path, nbgrader_python: str = "") -> dict:
    path = f"{Path(nbgrader_python).parent}{os.pathsep}{os.environ['PATH']}" if nbgrader_python else os.environ["PATH"]
    return {**os.environ, "PATH": path, "JUPYTER_PATH": str(root / "jupyter"), "SUMMIT_DATA": str(course / "datasets"),
            "PYTHONDONTWRITEBYTECODE": "1"}  # as our grader's kernels run


# ---------------------------------------------------------------- the runs
def run_ours(folder, manifest, course, work: Path, jobs: int, sandbox: bool) -> dict:
    """``summit-course grade`` as instructors run it (its own process, so its workers are as light)."""
    book = work / f"gb-{time.monotonic_ns()}.sqlite"
    command = [str(Path(sys.executable).with_name("summit-course")), "--root", str(course), "grade", str(folder),
               "--assignment", str(manifest), "--gradebook", str(book), "--jobs", str(jobs), "--no-progress"]
    subprocess.run(command + ([] if sandbox else ["--no-sandbox"]), check=True, capture_output=True)
    with Gradebook(book) as opened:
        return {(a["student"], a["exercise"]): a["points"] for a in opened.answers()}


def run_nbgrader(folder: Path, root: Path, course: Path, nbgrader_python: str) -> dict:
    for sub in ("submitted", "autograded", "feedback"):
        shutil.rmtree(root / sub, ignore_errors=True)
    (root / "gradebook.db").unlink(missing_ok=True)
    env = nbgrader_env(root, course, nbgrader_python)
    subprocess.run([nbgrader_python, "-m", "nbgrader", "generate_assignment", "ps1", "--force"], cwd=root,
                   env=env, check=True, capture_output=True)
    for path in sorted(folder.glob("*.ipynb")):
        target = root / "submitted" / path.stem / "ps1"
        target.mkdir(parents=True)
        shutil.copyfile(path, target / "ps1.ipynb")
    done = subprocess.run([nbgrader_python, "-m", "nbgrader", "autograde", "ps1", "--create", "--force"],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"nbgrader autograde failed:\n{done.stderr[-3000:]}")
    script = textwrap.dedent(f"""\
        import json
        from nbgrader.api import Gradebook
        out = {{}}
        with Gradebook("sqlite:///{root / 'gradebook.db'}") as gb:
            for sub in gb.assignment_submissions("ps1"):
                for nb in sub.notebooks:
                    for g in nb.grades:
                        if g.name.startswith("test-"):
                            out[sub.student_id + "|" + g.name[5:].replace("_", ".")] = g.score
        print(json.dumps(out))""")
    scores = json.loads(subprocess.run([nbgrader_python, "-c", script], env=env, check=True,
                                       capture_output=True, text=True).stdout)
    return {tuple(k.split("|")): v for k, v in scores.items()}


def run_execute_loop(folder: Path, assignment, course: Path, scratch: Path) -> dict:
    """Sequential ``jupyter execute`` per notebook, then the same scoring in this process."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    return execute_loop_scores(folder, assignment, course, scratch, {"PYTHONDONTWRITEBYTECODE": "1"})


# ---------------------------------------------------------------- breakdown and floor
def breakdown(folder, manifest, course, work: Path, sandbox: bool) -> dict:
    """Grade in this process, one submission at a time, timing each step by wrapping functions."""
    import nbclient

    from summit_course.grading import execute, grader

    totals = defaultdict(float)

    def timed(owner, name, key):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[key] += time.perf_counter() - start
        return original, wrapper

    def timed_async(owner, name, key):
        original = getattr(owner, name)

        async def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                totals[key] += time.perf_counter() - start
        return original, wrapper

    @contextlib.contextmanager
    def scratch_timed(*args, **kwargs):
        start = time.perf_counter()
        manager = original_scratch(*args, **kwargs)
        value = manager.__enter__()
        totals["scratch copy"] += time.perf_counter() - start
        try:
            yield value
        finally:
            start = time.perf_counter()
            manager.__exit__(None, None, None)
            totals["scratch copy"] += time.perf_counter() - start

    def sequential(tasks, jobs=None):
        for task in tasks:
            yield task, execute.execute_submission(task)

    original_scratch = execute.scratch_folder
    patches = [
        (grader, "read_submission", *timed(grader, "read_submission", "reading")[1:]),
        (execute, "read_notebook", *timed(execute, "read_notebook", "reading")[1:]),
        (execute, "_run_once", *timed(execute, "_run_once", "_run_once")[1:]),
        (execute, "_execute", *timed_async(execute, "_execute", "_execute")[1:]),
        (nbclient.NotebookClient, "async_start_new_kernel",
         *timed_async(nbclient.NotebookClient, "async_start_new_kernel", "kernel start")[1:]),
        (nbclient.NotebookClient, "async_start_new_kernel_client",
         *timed_async(nbclient.NotebookClient, "async_start_new_kernel_client", "kernel start")[1:]),
        (grader, "verdicts", *timed(grader, "verdicts", "scoring")[1:]),
        (Gradebook, "record", *timed(Gradebook, "record", "gradebook")[1:]),
        (execute, "scratch_folder", scratch_timed),
        (grader, "run_local", sequential),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    count = len(list(folder.glob("*.ipynb")))
    try:
        for owner, name, wrapper in patches:
            setattr(owner, name, wrapper)
        start = time.perf_counter()
        grade(folder, manifest, work / f"gb-b-{time.monotonic_ns()}.sqlite", course=course, jobs=1,
              limits=Limits(sandbox=sandbox), progress=False)
        total = time.perf_counter() - start
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    execute_s = totals.pop("_execute")
    totals["reading answers"] = totals.pop("_run_once") - execute_s - totals["scratch copy"]
    totals["cells + kernel stop"] = execute_s - totals["kernel start"]
    totals["other"] = total - sum(totals.values())
    return {"total": total / count, **{k: v / count for k, v in totals.items()}}


def floor(folder: Path, course: Path, count: int) -> float:
    """A bare kernel per notebook (this Python, no sandbox, no scratch): start, run the same cells, stop."""
    from nbclient import NotebookClient

    env = {**os.environ, "SUMMIT_DATA": str(course / "datasets"), "PYTHONDONTWRITEBYTECODE": "1"}
    paths = sorted(folder.glob("*.ipynb"))[:count]
    start = time.perf_counter()
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=30, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    return (time.perf_counter() - start) / len(paths)


# ---------------------------------------------------------------- main
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12, help="students (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default: %(default)s)")
    parser.add_argument("--nbgrader-python", help="the Python of an environment with nbgrader (skipped if absent)")
    parser.add_argument("--no-sandbox-runs", action="store_true", help="skip the sandboxed runs (no bubblewrap)")
    args = parser.parse_args(argv)
    if args.nbgrader_python:  # absolute (nbgrader runs in its course folder), symlinks kept (a venv)
        args.nbgrader_python = os.path.abspath(args.nbgrader_python)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
        base = Path(tmp)
        course = make_course(base / "course")
        manifest = release(course, base / "release", lessons=["90"]) / "assignment.json"
        assignment = load_assignment(manifest, course)
        exercises = {e.id: e for e in assignment.exercises}
        folder = base / "submissions"
        make_class(course, folder, args.submissions)
        for path in folder.glob("*.ipynb"):  # the same bytes for every tool: add nbgrader's metadata
            notebook = nbformat.read(path, as_version=4)
            tag_cells(notebook, exercises, source=False)
            nbformat.write(notebook, path)
        runs = {}
        if not args.no_sandbox_runs:
            runs["ours, sandboxed, 2 jobs"] = lambda: run_ours(folder, manifest, course, base, 2, True)
            runs["ours, sandboxed, 1 job"] = lambda: run_ours(folder, manifest, course, base, 1, True)
        runs["ours, --no-sandbox, 2 jobs"] = lambda: run_ours(folder, manifest, course, base, 2, False)
        runs["ours, --no-sandbox, 1 job"] = lambda: run_ours(folder, manifest, course, base, 1, False)
        nbgrader_problem = ""
        if args.nbgrader_python:
            try:
                root = nbgrader_course(base, course, assignment, sys.executable, args.nbgrader_python)
                runs["nbgrader 0.9 autograde (1 kernel at a time)"] = lambda: run_nbgrader(
                    folder, root, course, args.nbgrader_python)
            except subprocess.CalledProcessError as exc:
                nbgrader_problem = f"nbgrader could not generate the assignment: {exc.stderr[-2000:]}"
        else:
            nbgrader_problem = "no --nbgrader-python given"
        runs["jupyter execute loop + scoring"] = lambda: run_execute_loop(folder, assignment, course,
                                                                          base / "execute")
        print(f"{args.submissions} submissions of lesson 90 (4 auto-graded exercises + 1 written), "
              f"{args.rounds} rounds, {os.cpu_count()} cores, load average at start {load[0]:.1f}", flush=True)
        if nbgrader_problem:
            print(f"nbgrader: {nbgrader_problem}")
        times, memory, scores = defaultdict(list), defaultdict(lambda: (0, {})), {}
        names = list(runs)
        for round_number in range(args.rounds):
            order = names[round_number % len(names):] + names[:round_number % len(names)]
            if round_number % 2:
                order.reverse()
            for name in order:
                with TreeMemory() as sampler:
                    start = time.perf_counter()
                    try:
                        scores[name] = runs[name]()
                    except Exception as exc:
                        print(f"  {name}: FAILED: {exc}")
                        continue
                    times[name].append(time.perf_counter() - start)
                if sampler.peak > memory[name][0]:
                    memory[name] = (sampler.peak, dict(sampler.roles))
                print(f"  round {round_number + 1}: {name}: {times[name][-1]:.1f} s", flush=True)
        print(f"\n{'run':46} {'median s':>9} {'sub/s':>6} {'peak MiB':>9}  per process (MiB)")
        medians = {n: statistics.median(t) for n, t in times.items()}
        for name, seconds in medians.items():
            peak, roles = memory[name]
            per = ", ".join(f"{r} {v / 2**20:.0f}" for r, v in sorted(roles.items()))
            print(f"{name:46} {seconds:9.1f} {args.submissions / seconds:6.2f} {peak / 2**20:9.0f}  {per}")
        reference = next((n for n in medians if n.startswith("nbgrader")), None)
        print()
        for name in medians:
            if reference and name != reference:
                print(f"throughput {name} / nbgrader: {medians[reference] / medians[name]:.2f}x")
        if "ours, sandboxed, 2 jobs" in medians:
            cost = medians["ours, sandboxed, 2 jobs"] / medians["ours, --no-sandbox, 2 jobs"] - 1
            print(f"sandbox cost (2 jobs, same submissions): {100 * cost:+.0f}% time")
            j1, j2 = medians["ours, sandboxed, 1 job"], medians["ours, sandboxed, 2 jobs"]
            efficiency = j1 / j2 / 2
            print(f"scaling: 1 job {args.submissions / j1:.2f}/s, 2 jobs {args.submissions / j2:.2f}/s "
                  f"({efficiency:.0%} of linear); 16 cores at that efficiency: "
                  f"~{16 * efficiency * args.submissions / j1:.1f} submissions/s")
        agree = True
        if reference and reference in scores:
            theirs = scores[reference]
            for name, ours in scores.items():
                if name.startswith("ours"):
                    differ = [k for k, v in theirs.items() if ours.get(k) is None or abs(ours[k] - v) > 1e-9]
                    agree &= not differ
                    print(f"{name}: {len(theirs) - len(differ)} of {len(theirs)} auto-graded scores agree with "
                          f"nbgrader" + (f"; differ: {differ[:5]}" if differ else ""))
        execute_scores = scores.get("jupyter execute loop + scoring", {})
        for name, ours in scores.items():
            if name.startswith("ours"):
                same = all(ours.get(k) == v for k, v in execute_scores.items())
                agree &= same
                print(f"{name}: {'same' if same else 'DIFFERENT'} scores as the jupyter execute loop")
        print("\nper submission, one at a time in this process (s):")
        count = min(args.submissions, 6)
        sub = base / "subset"
        sub.mkdir()
        for path in sorted(folder.glob("*.ipynb"))[:count]:
            shutil.copy(path, sub / path.name)
        floor_s = floor(sub, course, count)
        for sandbox in ([False] if args.no_sandbox_runs else [True, False]):
            parts = breakdown(sub, manifest, course, base, sandbox)
            label = "sandboxed" if sandbox else "--no-sandbox"
            print(f"  ours {label}: {parts.pop('total'):.2f} = " +
                  ", ".join(f"{k} {v:.2f}" for k, v in parts.items()))
        print(f"  floor (bare kernel, same cells): {floor_s:.2f}")
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
