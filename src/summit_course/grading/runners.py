"""Run grading tasks on a local process pool or a Dask cluster, yielding each result as it completes."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from .execute import execute_submission
from .tasks import SubmissionRun, SubmissionTask

__all__ = ["default_jobs", "run_dask", "run_local"]

MAX_CRASHES = 3


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _exit_with_parent(parent: int) -> None:
    """Pool-worker initializer: leave the terminal's Ctrl+C to the grader, exit when it dies.

    The worker gets its own session, so Ctrl+C reaches only the grader, which stops the
    workers itself; a thread ends the worker when the grader is gone (even by ``kill -9``),
    and the worker's kernel follows (ipykernel watches its parent).
    """
    if hasattr(os, "setsid"):
        os.setsid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's worker processes now (they are ours; their kernels follow them)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def run_local(tasks: list[SubmissionTask], jobs: int | None = None) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run tasks on a local process pool; yield each result as it completes.

    A worker that crashes (the pool breaks) has its tasks re-run on a fresh pool; a task
    that keeps crashing workers is reported as a grader error after a few tries.
    """
    jobs = max(1, jobs or default_jobs())
    pending, crashes = list(tasks), Counter()
    context = multiprocessing.get_context("spawn")
    while pending:
        pool = ProcessPoolExecutor(min(jobs, len(pending)), mp_context=context,
                                   initializer=_exit_with_parent, initargs=(os.getpid(),))
        try:
            futures = {pool.submit(execute_submission, task): task for task in pending}
            pending = []
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # BrokenProcessPool: a worker died under this task or a neighbour
                    crashes[task.student] += 1
                    if crashes[task.student] < MAX_CRASHES:
                        pending.append(task)
                        continue
                    result = SubmissionRun(task.student, grader_error=f"the worker process crashed ({exc})")
                yield task, result
        except BaseException:
            _terminate(pool)
            raise
        pool.shutdown(wait=True)


def run_dask(tasks: list[SubmissionTask], address: str) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run the same tasks on a Dask distributed cluster; yield each result as it completes.

    The workers need the course's Python environment, and the course's ``datasets/``
    at the same path (a shared file system).
    """
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(address, set_as_default=False)
    futures = []
    try:
        futures = client.map(execute_submission, tasks, pure=False, retries=1)
        owner = {future.key: task for future, task in zip(futures, tasks)}
        for future in dask_completed(futures, loop=client.loop):
            task = owner[future.key]
            try:
                result = future.result()
            except Exception as exc:  # a lost worker, a cancelled task
                result = SubmissionRun(task.student, grader_error=f"the Dask task failed ({type(exc).__name__}: {exc})")
            yield task, result
    finally:
        client.cancel(futures)
        client.close()
