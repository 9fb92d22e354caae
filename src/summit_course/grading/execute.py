"""Run one submission's notebooks in fresh limited (by default sandboxed) kernels, under timeouts, and read the answers out.

Each kernel is started ahead (:mod:`.ahead`), while the worker's previous notebook runs.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import ahead
from .answers import harvest_source
from .notebooks import NotReadable, assigned_variables, read_notebook
from .capped_kernel import CPU_MARK
from .tasks import Limits, NotebookRun, SubmissionRun, SubmissionTask

__all__ = ["execute_submission", "run_notebook"]

ANSWERS_MAX_BYTES = 50 * 1024 * 1024
SKIPPED_CELL = "# (skipped by the grader: this cell {why})"
TIMEOUT_ERROR = "CellTimeoutError"


@functools.lru_cache(maxsize=1)
def _client_class():
    """NotebookClient that keeps no outputs (a 50 MB print costs nothing) but counts them."""
    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        output_bytes = 0

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            data = content.get("data") or {}
            self.output_bytes += len(content.get("text", "")) + sum(len(str(v)) for v in data.values())
            return None

    return GradingClient


@dataclass
class _Attempt:
    """One execution attempt: where it stopped, and what it recorded."""

    current: int = -1
    errors: list = field(default_factory=list)
    fatal: str = ""
    output_bytes: int = 0
    kernel: str = ""  # how the kernel started (the provisioner's ``how``)


async def _execute(notebook, ready: ahead.Ready, limits: Limits, attempt: _Attempt) -> None:
    from nbclient.exceptions import DeadKernelError

    km = ready.km
    attempt.kernel = getattr(km.provisioner, "how", "")

    def started(cell, cell_index):
        attempt.current = cell_index

    def failed(cell, cell_index, execute_reply):
        content = execute_reply.get("content", {})
        attempt.errors.append({"cell": cell_index, "ename": str(content.get("ename", ""))[:100],
                               "evalue": str(content.get("evalue", ""))[:300]})

    client = _client_class()(
        notebook, km=km, timeout=max(1, int(math.ceil(limits.cell_timeout))), allow_errors=True,
        interrupt_on_timeout=True, shutdown_kernel="immediate", record_timing=False,
        error_on_timeout={"ename": TIMEOUT_ERROR, "evalue": f"the cell ran longer than {limits.cell_timeout:g} s",
                          "traceback": []},
        on_cell_start=started, on_cell_error=failed,
        resources={"metadata": {"path": str(ready.scratch.folder / "work")}},
    )
    client.kc = ready.kc  # started already (see ahead.py)
    try:
        run = asyncio.ensure_future(client.async_execute(cleanup_kc=True))
        # Not asyncio.wait_for: nbclient turns the cancellation into DeadKernelError, which
        # would report a notebook that ran out of time as one that killed its kernel.
        done, _ = await asyncio.wait({run}, timeout=limits.notebook_timeout)
        if not done:
            attempt.fatal = "timeout"
            run.cancel()
            await asyncio.gather(run, return_exceptions=True)
        elif isinstance(run.exception(), DeadKernelError):
            attempt.fatal = "cpu" if CPU_MARK in _tail(ready.log) else "dead"
        else:
            run.result()
    finally:
        attempt.output_bytes += client.output_bytes


def _run_once(notebook, names, datasets: Path | None, limits: Limits, attempt: _Attempt,
              start_next: bool = False) -> dict | str:
    """Execute ``notebook`` plus the harvest cell; return the answers or why there are none.

    With ``start_next``, the next notebook's kernel starts while this one runs (:mod:`.ahead`).
    """
    import nbformat

    loop = ahead.loop()
    ready = loop.run_until_complete(ahead.take(datasets, limits, start_next))
    try:
        notebook = nbformat.from_dict(notebook)
        notebook.cells.append(nbformat.v4.new_code_cell(harvest_source(names, ready.scratch.answers_in_kernel)))
        loop.run_until_complete(_execute(notebook, ready, limits, attempt))
        return "" if attempt.fatal else _read_answers(ready.scratch.answers, attempt, len(notebook.cells) - 1)
    finally:
        loop.run_until_complete(ahead.close(ready))


def _read_answers(answers: Path, attempt: _Attempt, harvest_cell: int) -> dict | str:
    """The answers the harvest cell wrote, or why there are none."""
    if not answers.stat().st_size:
        grader_errors = [e for e in attempt.errors if e["cell"] == harvest_cell]
        why = f" ({grader_errors[0]['ename']}: {grader_errors[0]['evalue']})" if grader_errors else ""
        return f"the grader could not read the answers out of the kernel{why}"
    if answers.stat().st_size > ANSWERS_MAX_BYTES:
        return "the answer values are too large to grade (over 50 MB)"
    try:
        return json.loads(answers.read_text("utf-8"))
    except (ValueError, RecursionError):
        return "the answer values could not be read back (damaged JSON)"


def _tail(log: Path, size: int = 4096) -> str:
    """The end of the kernel's log (where the CPU limit leaves its mark)."""
    try:
        with open(log, "rb") as handle:
            handle.seek(max(0, log.stat().st_size - size))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _culprit(attempt: _Attempt) -> int:
    """The cell to blame: the first that timed out (a kernel that ignores the interrupt
    stays busy with it, so every later cell times out too), else the one running."""
    if attempt.fatal in ("timeout", "cpu"):  # a CPU limit hit after an interrupt is that cell's doing
        timed_out = [e["cell"] for e in attempt.errors if e["ename"] == TIMEOUT_ERROR]
        if timed_out:
            return timed_out[0]
    return attempt.current


def _describe_fatal(notebook, index: int, fatal: str, limits: Limits) -> tuple[str, str]:
    """Say where a run stopped (``cell 4 (`while True:`)``) and why."""
    what = {
        "dead": "stopped the kernel (it exited, crashed or ran out of memory)",
        "cpu": f"used more than the {limits.cpu_seconds} s of CPU time a kernel may use, which stopped it",
    }.get(fatal, f"was still running when the notebook's {limits.notebook_timeout:g} s limit ran out")
    if 0 <= index < len(notebook.cells):
        first = (notebook.cells[index].source.strip().splitlines() or [""])[0][:60]
        return f"cell {index + 1} (`{first}`)", what
    if index < 0:
        return "the kernel, before any cell ran,", what.replace("stopped the kernel ", "stopped ")
    return "the grader's own cell", what


def _error_notes(errors: list[dict], notebook, limits: Limits) -> list[str]:
    """Notes on cells the grader's limits stopped (timeouts, the memory cap)."""
    notes = []
    for error in errors:
        where, _ = _describe_fatal(notebook, error["cell"], "", limits)
        if error["ename"] == TIMEOUT_ERROR:
            notes.append(f"{where} ran longer than {limits.cell_timeout:g} s and was interrupted")
        elif error["ename"] == "MemoryError":
            notes.append(f"{where} ran out of memory (the limit is {limits.memory_mb} MB)")
    return notes


def _skip(notebook, index: int, why: str):
    import nbformat

    copy = nbformat.from_dict(notebook)
    copy.cells[index].source = SKIPPED_CELL.format(why=why)
    return copy


def run_notebook(name: str, data: bytes, names, datasets: Path | None, limits: Limits,
                 start_next: bool = False) -> NotebookRun:
    """Read, execute and harvest one notebook.

    Errors in a cell do not stop later cells. When a cell kills the kernel or stalls the
    whole notebook, the notebook runs once more without that cell.

    Parameters
    ----------
    name : str
        The notebook's file name (for messages).
    data : bytes
        The file's content.
    names : sequence of str
        The answer variables to read.
    datasets : Path or None
        The ``datasets/`` folder to copy into the scratch folder.
    limits : Limits
        Timeouts and memory cap.
    start_next : bool
        Start the next notebook's kernel while this one runs (a worker that grades one
        notebook after another; see :mod:`.ahead`).
    """
    start = time.monotonic()
    run = NotebookRun(name)
    try:
        notebook, run.notes = read_notebook(data)
    except NotReadable as exc:
        run.failure = f"{name}: {exc}"
        return run
    run.assigned = assigned_variables(notebook, names)
    if not run.assigned:
        run.failure = (f"{name} has none of this assignment's answer cells "
                       f"({', '.join(names[:6])}{' …' if len(names) > 6 else ''}); is it for another lesson?")
        return run
    result: dict | str = ""
    original = notebook
    for attempt_number in (1, 2):
        attempt = _Attempt()
        result = _run_once(notebook, names, datasets, limits, attempt, start_next)
        run.cell_errors = attempt.errors
        run.kernel = attempt.kernel
        if attempt.output_bytes > 10 * 1024 * 1024:
            run.notes.append(f"the cells printed {attempt.output_bytes / 1024 / 1024:.0f} MB of output "
                             "(not kept)")
        if not attempt.fatal:
            break
        culprit = _culprit(attempt)
        where, what = _describe_fatal(original, culprit, attempt.fatal, limits)
        if attempt_number == 2 or not 0 <= culprit < len(original.cells):
            result = f"{where} {what}; no answers could be read"
            break
        run.notes.append(f"{where} {what}; it was skipped and the notebook run again")
        notebook = _skip(notebook, culprit, "ran too long" if attempt.fatal == "timeout" else "stopped the kernel")
    run.notes += _error_notes(run.cell_errors, original, limits)
    if isinstance(result, dict):
        run.answers = {k: v for k, v in result.items() if k in names and isinstance(v, dict)}
    else:
        run.failure = f"{name}: {result}" if result else f"{name}: no answers could be read"
    run.seconds = time.monotonic() - start
    return run


def execute_submission(task: SubmissionTask) -> SubmissionRun:
    """Run every notebook of one submission; the grading pool's task function. Never raises."""
    result = SubmissionRun(task.student)
    try:
        datasets = Path(task.datasets) if task.datasets else None
        for number, (name, data) in enumerate(task.notebooks, 1):
            start_next = task.more_follow or number < len(task.notebooks)
            result.runs.append(run_notebook(name, data, list(task.variables), datasets, task.limits, start_next))
    except Exception as exc:  # the grader's own fault (no kernel, disk full): retried next run
        result.grader_error = f"{type(exc).__name__}: {exc}"[:500]
    return result
