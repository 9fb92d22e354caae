"""Prepare where a submission runs: a scratch folder, the limited kernel (sandboxed or not) and its environment."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import journal
from ..data import ENV_VAR
from . import sandbox
from .tasks import Limits

__all__ = ["Scratch", "kernel_manager", "remove_stale_scratch", "scratch_folder", "scratch_root"]

KERNEL_NAME = "summit-grader"


@dataclass(frozen=True)
class Scratch:
    """One run's scratch folder on the host, and what the kernel is told about it."""

    folder: Path
    env: dict
    answers: Path  # the host file the grader reads the answers from
    answers_in_kernel: str  # where the harvest cell writes them, as the kernel sees it
    datasets: Path | None  # the run's own copy of the datasets
    sandboxed: bool


def scratch_root() -> Path:
    """The folder that holds this user's grading scratch folders (``<pid>-<random>`` each)."""
    root = Path(tempfile.gettempdir()) / f"summit-grade-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def remove_stale_scratch() -> int:
    """Delete scratch folders whose worker process is gone (it was killed mid-run); return how many."""
    if os.name != "posix":  # os.kill(pid, 0) only probes a process on POSIX
        return 0
    removed = 0
    for folder in scratch_root().iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextlib.contextmanager
def scratch_folder(datasets: Path | None, sandboxed: bool) -> Iterator[Scratch]:
    """A fresh scratch folder with its own copy of ``datasets``, deleted afterwards.

    Unsandboxed, the kernel works in ``work/`` inside it. Sandboxed, the kernel sees none
    of it but the datasets (read-only) and the answers file.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=scratch_root()))
    try:
        work = folder / "work"
        work.mkdir()
        copied = None
        if datasets is not None and datasets.is_dir():
            copied = work / "datasets"
            shutil.copytree(datasets, copied)
        answers = folder / f"answers-{os.urandom(8).hex()}.json"
        answers.touch()
        if sandboxed:
            yield Scratch(folder, sandbox.kernel_env(copied, ENV_VAR), answers, str(sandbox.ANSWERS), copied, True)
        else:
            yield Scratch(folder, _kernel_env(work, copied), answers, str(answers), copied, False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _mpl_cache() -> Path:
    return Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")


def _kernel_env(work: Path, datasets: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "PYTHONSTARTUP"))}
    env.update(HOME=str(work), IPYTHONDIR=str(work / ".ipython"), MPLCONFIGDIR=str(_mpl_cache()),
               **sandbox.ONE_THREAD,
               PYTHONDONTWRITEBYTECODE="1", **{journal.ENV_VAR: journal.OFF})
    if datasets is not None:
        env[ENV_VAR] = str(datasets)
    else:
        env.pop(ENV_VAR, None)
    return env


def _manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        """Connects to the kernel's IPC sockets through ``/proc/<pid>/root`` of its sandbox."""

        sandbox_root: Path | None = None

        async def _async_post_start_kernel(self, **kwargs):
            # before jupyter_client connects its control socket (interrupts, shutdown) and clients
            self.sandbox_root = sandbox.inside_root(self.provisioner.process.pid)
            self.ip = f"{self.sandbox_root}{sandbox.INSIDE}/k"
            await super()._async_post_start_kernel(**kwargs)

    return AsyncKernelManager, SandboxedKernelManager


def kernel_manager(scratch: Scratch, limits: Limits):
    """A kernel manager for :mod:`summit_course.grading.capped_kernel` in ``scratch``, and its log file's path."""
    from jupyter_client.kernelspec import KernelSpecManager

    plain, sandboxed = _manager_class()
    kernels = _kernelspec(scratch, limits)
    # IPC sockets (where the OS has them) avoid the TCP port races of many parallel kernels;
    # a short path keeps them within the 104-byte limit of socket paths on macOS.
    if scratch.sandboxed:
        manager, transport = sandboxed, {"transport": "ipc", "ip": f"{sandbox.INSIDE}/k"}
    else:
        manager, transport = plain, ({"transport": "ipc", "ip": str(scratch.folder / "k")} if os.name == "posix" else {})
    km = manager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
                 connection_file=str(kernels / "connection.json"), **transport)
    return km, kernels / "kernel.log"


def _kernelspec(scratch: Scratch, limits: Limits) -> Path:
    """Write the limited kernel's kernelspec in the scratch folder; return the kernels folder."""
    kernels = scratch.folder / "kernel" / "kernels"
    spec = kernels / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "summit_course.grading.capped_kernel", "--memory-mb", str(limits.memory_mb),
            "--cpu-seconds", str(limits.cpu_seconds), "--max-processes", str(limits.max_processes),
            "--max-file-mb", str(limits.disk_mb), "--HistoryManager.enabled=False", "-f"]
    if scratch.sandboxed:
        argv = sandbox.bwrap_command([*argv, str(sandbox.CONNECTION_FILE)], scratch.answers, scratch.datasets,
                                     disk_mb=limits.disk_mb, mpl_cache=_mpl_cache())
    else:
        argv.append("{connection_file}")
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Summit grader (limited)", "language": "python",
        # a signal to bwrap does not reach a kernel in its own PID namespace; a message does
        "interrupt_mode": "message" if scratch.sandboxed else "signal", "metadata": {"debugger": False},
    }), encoding="utf-8")
    return kernels
