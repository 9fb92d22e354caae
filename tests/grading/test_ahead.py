"""Kernels started ahead (summit_course/grading/ahead.py): only where a worker will use them.

While a worker runs one notebook, the next notebook's kernel starts beside it. After the
last tasks of a run (each likely a worker's last) that kernel would only be started and
shut down again, on a machine whose cores the other worker needs: the pool tells those
tasks that nothing follows, and they start no kernel ahead.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from summit_course.grading import Limits, ahead, execute, runners
from summit_course.grading.tasks import SubmissionRun, SubmissionTask

LIMITS = Limits(cell_timeout=20, notebook_timeout=40, sandbox=False)


def _task(more_follow: bool, notebooks: int = 1) -> SubmissionTask:
    data = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])).encode()
    return SubmissionTask("s", tuple((f"n{i}.ipynb", data) for i in range(notebooks)), ("x",), None, LIMITS,
                          more_follow=more_follow)


def _spare_after(task: SubmissionTask):
    ahead.discard()
    try:
        run = execute.execute_submission(task)
        return run, ahead._state.spare
    finally:
        ahead.discard()


@pytest.mark.slow
@pytest.mark.parametrize("more_follow", [True, False])
def test_a_kernel_is_started_ahead_only_when_more_tasks_follow(more_follow):
    run, spare = _spare_after(_task(more_follow))
    assert [r.answers["x"] for r in run.runs] and not run.grader_error, run
    assert (spare is not None) == more_follow


@pytest.mark.slow
def test_a_submission_of_two_notebooks_starts_its_second_kernel_ahead_even_when_last(monkeypatch):
    taken = []
    real = ahead.take

    async def recorded(datasets, limits, start_next=True):
        taken.append(start_next)
        return await real(datasets, limits, start_next)
    monkeypatch.setattr(ahead, "take", recorded)
    run, spare = _spare_after(_task(False, notebooks=2))
    assert len(run.runs) == 2 and all(r.answers for r in run.runs), run
    assert taken == [True, False] and spare is None


def test_the_pool_tells_its_last_tasks_per_worker_that_nothing_follows(monkeypatch):
    seen = []

    def record(task):
        seen.append((task.student, task.more_follow))
        return SubmissionRun(task.student)
    monkeypatch.setattr(runners, "execute_submission", record)
    monkeypatch.setattr(runners, "_pool", lambda jobs, stop: ThreadPoolExecutor(1))
    tasks = [SubmissionTask(f"s{i}", (), ()) for i in range(5)]
    results = list(runners.run_local(tasks, jobs=2))
    assert sorted(task.student for task, _ in results) == [t.student for t in tasks]
    assert all(task.more_follow for task, _ in results)  # the grader's own tasks are left as they were
    assert seen == [("s0", True), ("s1", True), ("s2", True), ("s3", False), ("s4", False)]
