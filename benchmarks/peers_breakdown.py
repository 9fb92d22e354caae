"""Where one submission's time goes in our grader, beside the floor (a bare kernel running the same cells).

The grader runs in the benchmark's own process, one submission at a time, with timing
wrappers around its functions (no change to the grader): reading the submission, waiting
for a kernel (started ahead), the cells, the kernel's stop, reading the answers out,
scoring, writing the gradebook, and the rest.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat

from summit_course.gradebook import Gradebook
from summit_course.grading import Limits, grade


def _timed(totals, owner, name, key):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - start
    return owner, name, wrapper


def _timed_async(totals, owner, name, key):
    original = getattr(owner, name)

    async def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - start
    return owner, name, wrapper


def breakdown(lesson, work: Path, sandbox: bool) -> dict:
    """Grade ``lesson``'s submissions in this process, one at a time; seconds per submission by step.

    The kernel of each notebook was started ahead, while the one before ran (grading/ahead.py):
    "waiting for a kernel" is what is left of its start on the critical path; "kernel start,
    overlapped" is the start itself (nbclient's, with its scratch folder), for reference, not
    part of the total.
    """
    import nbclient

    from summit_course.grading import ahead, execute, grader

    totals = defaultdict(float)

    def sequential(tasks, jobs=None):
        for task in tasks:
            yield task, execute.execute_submission(task)

    patches = [
        _timed(totals, grader, "read_submission", "reading"),
        _timed(totals, execute, "read_notebook", "reading"),
        _timed(totals, execute, "_run_once", "_run_once"),
        _timed_async(totals, ahead, "take", "waiting for a kernel"),
        _timed_async(totals, execute, "_execute", "cells"),
        _timed_async(totals, ahead, "close", "kernel stop"),
        _timed_async(totals, ahead, "_start", "(kernel start, overlapped)"),
        _timed(totals, grader, "verdicts", "scoring"),
        _timed(totals, Gradebook, "record", "gradebook"),
        (grader, "run_local", sequential),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, wrapper in patches:
            setattr(owner, name, wrapper)
        grade(lesson.submissions, lesson.manifest, work / f"gb-b-{time.monotonic_ns()}.sqlite", course=lesson.course,
              jobs=1, limits=Limits(sandbox=sandbox), progress=False)  # once unmeasured: this process's template
        ahead.discard()
        totals.clear()
        start = time.perf_counter()
        grade(lesson.submissions, lesson.manifest, work / f"gb-b-{time.monotonic_ns()}.sqlite", course=lesson.course,
              jobs=1, limits=Limits(sandbox=sandbox), progress=False)
        total = time.perf_counter() - start
        ahead.discard()
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    overlapped = totals.pop("(kernel start, overlapped)")
    on_path = sum(totals[k] for k in ("waiting for a kernel", "cells", "kernel stop"))
    totals["reading answers"] = totals.pop("_run_once") - on_path
    totals["other"] = total - sum(totals.values())
    totals["(kernel start, overlapped)"] = overlapped
    return {"total": total / lesson.count, **{k: v / lesson.count for k, v in totals.items()}}


def floor(lesson) -> float:
    """A bare kernel per notebook (this Python, no sandbox, no scratch): start, run the same cells, stop."""
    from nbclient import NotebookClient

    from bench_lessons import kernel_manager

    env = {**os.environ, "SUMMIT_DATA": str(lesson.course / "datasets"), "PYTHONDONTWRITEBYTECODE": "1",
           "SUMMIT_JOURNAL": "off"}
    paths = sorted(lesson.submissions.glob("*.ipynb"))
    start = time.perf_counter()
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory(prefix="bench-") as sockets:
            km = kernel_manager(Path(sockets))
            try:
                NotebookClient(notebook, km=km, timeout=30, allow_errors=True, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
            finally:
                if km.has_kernel:
                    km.shutdown_kernel(now=True)
    return (time.perf_counter() - start) / len(paths)
