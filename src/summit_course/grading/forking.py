"""The worker's side of the kernel template (:mod:`.template`): start it once, ask it for each kernel, watch that kernel.

One template per worker process and kind of run (sandboxed or not), started on the first
kernel. When the template cannot start or cannot fork a kernel into a run (an old kernel
without the namespace calls, a cgroup this user may not join), :func:`fork_kernel` raises
:class:`TemplateUnavailable` and the provisioner starts that kernel afresh, as it did before
templates; a template that failed once is not asked again by that worker.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .. import journal
from . import sandbox
from .template import READY

__all__ = ["Forked", "TemplateUnavailable", "close_templates", "fork_kernel", "template_env"]

START_TIMEOUT = 120.0  # the first import of pandas and matplotlib on a cold, busy machine
FORK_TIMEOUT = 30.0
#: Run inside each kernel's cgroup and sandbox, what bubblewrap builds the sandbox around: it says when it runs, then
#: waits until killed or its worker is gone (its input, a pipe from the worker, then ends).
HOLDER = "import os; os.write(1, b'ready\\n'); os.read(0, 1)"


class TemplateUnavailable(RuntimeError):
    """The template cannot give this kernel (the message says why); start it afresh instead."""


def template_env(sandboxed: bool, home: Path) -> dict[str, str]:
    """The template's environment: its kernels' own (each kernel then takes its run's), with a home of its own.

    Its imports see what a kernel's would; ``HOME`` and ``IPYTHONDIR`` are a private folder
    of the template and ``MPLCONFIGDIR`` the grader's matplotlib cache, which hold real host
    folders (the sandbox's exist only inside it).
    """
    if sandboxed:
        from ..data import ENV_VAR

        env = sandbox.kernel_env(str(sandbox.DATASETS), ENV_VAR)
    else:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "PYTHONSTARTUP"))}
        env.update(sandbox.ONE_THREAD, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="agg",
                   **{journal.ENV_VAR: journal.OFF})
    return {**env, "HOME": str(home), "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(sandbox.mpl_cache())}


class _Template:
    """A running template process and the pipes to it."""

    def __init__(self, sandboxed: bool):
        from .scratch import scratch_root

        self.home = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-template-", dir=scratch_root()))
        self.log = self.home / "template.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "summit_course.grading.template"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=log, cwd=self.home, env=template_env(sandboxed, self.home))
        if self._line(START_TIMEOUT) != READY:
            self.close()
            raise TemplateUnavailable(f"the kernel template did not start ({self._tail()})")

    def _line(self, timeout: float) -> str:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        return self.process.stdout.readline().decode("utf-8", "replace").strip() if ready else ""

    def _tail(self) -> str:
        try:
            return (self.log.read_text("utf-8", "replace").strip().splitlines() or ["no message"])[-1][:200]
        except OSError:
            return "no message"

    def fork(self, request: dict) -> int:
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            answer = json.loads(self._line(FORK_TIMEOUT) or "{}")
        except (OSError, ValueError) as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        if not isinstance(answer.get("pid"), int):
            raise TemplateUnavailable(f"the kernel template could not fork a kernel "
                                      f"({answer.get('error') or self._tail()})")
        return answer["pid"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        shutil.rmtree(self.home, ignore_errors=True)


_templates: dict[bool, _Template | str] = {}  # per kind of run: the template, or why this worker has none
_lock = threading.Lock()  # a Dask worker runs tasks in threads


def fork_kernel(sandboxed: bool, request: dict) -> Forked:
    """A kernel forked by this worker's template for ``request`` (see :mod:`.template`).

    Raises
    ------
    TemplateUnavailable
        When there is no template here, or it failed (it is then not asked again).
    """
    with _lock:
        template = _templates.get(sandboxed)
        if isinstance(template, str):
            raise TemplateUnavailable(template)
        try:
            if template is None:
                template = _templates[sandboxed] = _Template(sandboxed)
            return Forked(template.fork(request))
        except (TemplateUnavailable, OSError) as exc:
            if isinstance(template, _Template):
                template.close()
            _templates[sandboxed] = str(exc)
            raise TemplateUnavailable(str(exc)) from None


@atexit.register
def close_templates() -> None:
    """End this process's templates (at exit; a later kernel starts a new one)."""
    for template in _templates.values():
        if isinstance(template, _Template):
            template.close()
    _templates.clear()


class Forked:
    """A kernel the template forked (not this process's child): whether it still runs, and ending it."""

    def __init__(self, pid: int):
        self.pid = pid
        try:
            self._fd = os.pidfd_open(pid)
        except OSError:  # it has already gone
            self._fd = None

    def alive(self) -> bool:
        return self._fd is not None and not select.select([self._fd], [], [], 0)[0]

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel and its process group (a session of its own)."""
        if not self.alive():
            return
        try:
            os.killpg(self.pid, signum)
        except OSError:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self._fd, signum)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
