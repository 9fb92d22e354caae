"""Run grading tasks on a local process pool or a Dask cluster, yielding each result as it completes."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import multiprocessing
import os
import select
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from .confine import Way, alive, describe, use, way
from .execute import execute_submission
from .sandbox import SandboxUnavailable, sandbox_problem
from .tasks import Limits, SubmissionRun, SubmissionTask

__all__ = ["dask_client", "default_jobs", "run_dask", "run_local", "start_pool_server", "worker_check"]

MAIN_VAR = "SUMMIT_GRADER_MAIN"  # the main script, for the pool's fork server to import once (see preload.py)
#: Set in the pool's fork server while it runs the grader's main script (preload.py): a script that grades then
#: has no ``if __name__ == "__main__":`` guard, and would start a pool from inside its own pool's fork server.
IMPORTING_MAIN = threading.Event()
UNGUARDED = ("grading started while the pool's fork server imported the grading script: put the script's call "
             "to grade() under `if __name__ == \"__main__\":`, as multiprocessing requires")
CRASHED = "its worker process died while it ran on its own, after a worker died while it ran beside others"


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _worker_start(grader: int, stop, chosen: Way) -> None:
    """Pool-worker initializer: take the grader's cgroup probe, leave Ctrl+C to the grader, exit when told or orphaned.

    The worker takes the way to a cgroup the grader found (:func:`confine.use`), so it
    need not probe again. It gets its own session, so Ctrl+C reaches only the grader, which then sets
    ``stop``. A thread ends the worker when ``stop`` is set or the grader is gone (even by
    ``kill -9``; the worker's parent is the pool's fork server, which in turn waits for the
    workers). The worker's kernels follow it: a sandboxed one through bubblewrap's
    ``--die-with-parent``, an unsandboxed one through its template (see :mod:`.template`).
    """
    use(chosen)
    if hasattr(os, "setsid"):
        os.setsid()
    gone = _watch(grader)

    def watch():
        while not stop.wait(1) and not gone():
            pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _watch(pid: int):
    """A function that says whether process ``pid`` has ended (a pidfd where Linux has them)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux 5.3+, or already gone
        return lambda: not alive(pid)
    return lambda: bool(select.select([fd], [], [], 0)[0])


def _context():
    """Workers forked from a fork server that imported the main script and the grading code once.

    Spawned, each worker would import them itself (multiprocessing runs the main script in
    every worker it spawns: for ``summit-course``, the whole command line with pandas).
    """
    if IMPORTING_MAIN.is_set():
        raise RuntimeError(UNGUARDED)
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows, where grading needs WSL anyway
        return multiprocessing.get_context("spawn")
    main = sys.modules["__main__"]
    if getattr(main, "__file__", None) and getattr(main.__spec__, "name", None) is None:
        os.environ[MAIN_VAR] = os.path.abspath(main.__file__)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "summit_course.grading.preload"])
    return context


def start_pool_server() -> None:
    """Start the pool's fork server now (where it is one), so that its imports overlap the grader's own start."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _pool(jobs: int, stop) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_worker_start,
                               initargs=(os.getpid(), stop, way()))


def _outcome(future, task: SubmissionTask) -> SubmissionRun | None:
    """The task's result, or None when its pool broke (a worker died: under this task or a neighbour)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:  # the task could not reach a worker, or its result the grader
        return SubmissionRun(task.student, grader_error=f"the worker failed ({type(exc).__name__}: {exc})")


@contextlib.contextmanager
def _stopping(stop, pools: list) -> Iterator[None]:
    """On an interrupt (or any error), make every worker exit at once, and their kernels with them."""
    try:
        yield
    except BaseException:
        stop.set()
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
        raise


def run_local(tasks: list[SubmissionTask], jobs: int | None = None) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run tasks on a local process pool; yield each result as it completes.

    When a worker dies (the pool breaks), the tasks it left unfinished run again one at a
    time, on a pool of one worker: only a task that breaks that pool on its own is blamed,
    as a grader error (tried again on the next run).
    """
    stop = _context().Event()
    workers = min(max(1, jobs or default_jobs()), len(tasks))
    pools = [_pool(workers, stop)]
    unfinished = []
    with _stopping(stop, pools):
        # the last tasks are each likely a worker's last: no kernel is started ahead after them
        futures = {pools[0].submit(execute_submission, task if number < len(tasks) - workers else
                                   dataclasses.replace(task, more_follow=False)): task
                   for number, task in enumerate(tasks)}
        for future in as_completed(futures):
            result = _outcome(future, futures[future])
            if result is None:
                unfinished.append(futures[future])
            else:
                yield futures[future], result
        solo = None
        for task in sorted(unfinished, key=tasks.index):
            if solo is None:  # the first, then after each break
                solo = _pool(1, stop)
                pools.append(solo)
            result = _outcome(solo.submit(execute_submission, task), task)
            if result is None:
                solo, result = None, SubmissionRun(task.student, grader_error=CRASHED)
            yield task, result
    for pool in pools:
        pool.shutdown(wait=True)


@functools.lru_cache(maxsize=4)
def worker_check(limits: Limits) -> tuple[str | None, str]:
    """Whether this machine can run grading kernels under ``limits`` (why not, or None), and how the limits bind here.

    Run once per Dask worker process before it takes work: by :func:`dask_client` on every
    worker there, and by each task (a worker that joined later).
    """
    return (sandbox_problem(limits) if limits.sandbox else None), describe(limits)


def _on_worker(task: SubmissionTask) -> SubmissionRun:
    problem, _ = worker_check(task.limits)
    if problem:
        return SubmissionRun(task.student, grader_error=f"this Dask worker cannot run the sandbox: {problem}"[:500])
    return execute_submission(task)


def dask_client(address: str, limits: Limits):
    """A client of the Dask scheduler at ``address``, once every worker passed :func:`worker_check`; how limits bind.

    Raises
    ------
    SandboxUnavailable
        Naming each worker that cannot run the sandbox, and why.
    """
    from distributed import Client

    client = Client(address, set_as_default=False)
    try:
        checks = client.run(worker_check, limits)
    except BaseException:
        client.close()
        raise
    problems = [f"Dask worker {worker}: {problem}" for worker, (problem, _) in sorted(checks.items()) if problem]
    if problems:
        client.close()
        raise SandboxUnavailable("\n".join(problems))
    lines = sorted({line for _, line in checks.values()})
    return client, "On the Dask workers: " + " | ".join(lines) if lines else ""


def run_dask(client, tasks: list[SubmissionTask]) -> Iterator[tuple[SubmissionTask, SubmissionRun]]:
    """Run the tasks on a Dask cluster (see :func:`dask_client`); yield each result as it completes.

    The workers need the course's Python environment, and the course's ``datasets/``
    at the same path (a shared file system).
    """
    from distributed import as_completed as dask_completed

    futures = []
    try:
        futures = client.map(_on_worker, tasks, pure=False, retries=1)
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
