"""Kernels started ahead: while a worker runs one notebook, the next notebook's kernel starts beside it.

Each kernel still gets a fresh scratch folder, cgroup and sandbox of its own and runs no code
but the kernel's own until its notebook comes: starting it early only takes its start (the
template's fork, the sandbox, ipykernel's first reply) off the time a notebook waits. A
kernel started ahead is used only by a notebook of the same datasets and limits, and only if
it is still alive; otherwise it is shut down and a kernel starts then, as it did before.

Each thread that grades (one in a pool worker, several in a Dask worker) keeps an event
loop of its own, so that the kernel started ahead goes on starting while the current
notebook runs on the same loop.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from .scratch import Scratch, kernel_manager, scratch_folder
from .tasks import Limits

__all__ = ["Ready", "close", "discard", "loop", "take"]


@dataclass
class Ready:
    """A started kernel, its client, and the scratch folder it lives in (closed by :func:`close`)."""

    stack: contextlib.ExitStack
    scratch: Scratch
    km: object
    kc: object
    log: Path


class _State(threading.local):
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.spare = None  # (task, key) of the kernel started ahead


_state = _State()


def loop() -> asyncio.AbstractEventLoop:
    """This thread's event loop, on which its kernels start and its notebooks run."""
    return _state.loop


async def _start(datasets: Path | None, limits: Limits) -> Ready:
    """Start a kernel in a fresh scratch folder, the way nbclient starts one (its own methods)."""
    import nbformat
    from nbclient import NotebookClient

    stack = contextlib.ExitStack()
    km = None
    try:
        scratch = stack.enter_context(scratch_folder(datasets, limits))
        km, log = kernel_manager(scratch, limits)
        handle = stack.enter_context(open(log, "wb"))
        starter = NotebookClient(nbformat.v4.new_notebook(), km=km,
                                 resources={"metadata": {"path": str(scratch.folder / "work")}})
        await starter.async_start_new_kernel(env=scratch.env, stdout=handle, stderr=handle)
        await starter.async_start_new_kernel_client()  # shuts the kernel down itself if it fails
        return Ready(stack, scratch, km, starter.kc, log)
    except BaseException:
        if km is not None and km.has_kernel:
            with contextlib.suppress(Exception):
                await km.shutdown_kernel(now=True)
        stack.close()
        raise


async def close(ready: Ready) -> None:
    """Shut the kernel down (if it still runs), stop its client and remove its scratch folder."""
    try:
        if ready.km.has_kernel:
            with contextlib.suppress(Exception):  # already gone
                await ready.km.shutdown_kernel(now=True)
        with contextlib.suppress(Exception):
            ready.kc.stop_channels()
    finally:
        ready.stack.close()


async def _drop(task: asyncio.Future) -> None:
    with contextlib.suppress(Exception):
        await close(await task)


async def take(datasets: Path | None, limits: Limits, ahead: bool = True) -> Ready:
    """A started kernel for a notebook: the one started ahead when it fits and lives, else a new one.

    With ``ahead``, the next notebook's kernel starts now, beside this one.
    """
    key, ready = (datasets, limits), None
    if _state.spare is not None:
        (task, spare_key), _state.spare = _state.spare, None
        if spare_key != key:
            await _drop(task)
        else:
            with contextlib.suppress(Exception):  # it failed to start: start one now, which says why if it fails too
                ready = await task
            if ready is not None and not await ready.km.is_alive():
                await close(ready)
                ready = None
    if ready is None:
        ready = await _start(datasets, limits)
    if ahead:
        _state.spare = (asyncio.ensure_future(_start(datasets, limits)), key)
    return ready


def discard() -> None:
    """Shut down this thread's kernel started ahead, if any (at exit, or before grading differently)."""
    if _state.spare is not None:
        (task, _), _state.spare = _state.spare, None
        _state.loop.run_until_complete(_drop(task))


atexit.register(discard)
