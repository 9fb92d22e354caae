"""Prepare where a submission runs: a scratch folder, the memory-capped kernel and its environment."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..data import ENV_VAR

__all__ = ["kernel_manager", "remove_stale_scratch", "scratch_folder", "scratch_root"]

KERNEL_NAME = "summit-grader"


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
def scratch_folder(datasets: Path | None) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh scratch folder, deleted afterwards, and the environment of a kernel that works in it.

    The kernel's working folder is ``work/``, which gets its own copy of ``datasets``.
    """
    scratch = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=scratch_root()))
    try:
        work = scratch / "work"
        work.mkdir()
        copied = None
        if datasets is not None and datasets.is_dir():
            copied = work / "datasets"
            shutil.copytree(datasets, copied)
        yield scratch, _kernel_env(work, copied)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _kernel_env(work: Path, datasets: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "PYTHONSTARTUP"))}
    mpl = os.environ.get("MPLCONFIGDIR") or str(Path.home() / ".cache" / "matplotlib")
    env.update(HOME=str(work), IPYTHONDIR=str(work / ".ipython"), MPLCONFIGDIR=mpl,
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONDONTWRITEBYTECODE="1")
    if datasets is not None:
        env[ENV_VAR] = str(datasets)
    else:
        env.pop(ENV_VAR, None)
    return env


def kernel_manager(scratch: Path, memory_mb: int):
    """A kernel manager for :mod:`summit_course.grading.capped_kernel` in ``scratch``, and its log file's path."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = _kernelspec(scratch / "kernel", memory_mb)
    # IPC sockets (where the OS has them) avoid the TCP port races of many parallel kernels;
    # a short path keeps them within the 104-byte limit of socket paths on macOS.
    transport = {"transport": "ipc", "ip": str(scratch / "k")} if os.name == "posix" else {}
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
                            connection_file=str(kernels / "connection.json"), **transport)
    return km, kernels / "kernel.log"


def _kernelspec(folder: Path, memory_mb: int) -> Path:
    """Write the capped kernel's kernelspec under ``folder``; return the kernels folder."""
    kernels = folder / "kernels"
    spec = kernels / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "summit_course.grading.capped_kernel", "--memory-mb", str(memory_mb),
            "-f", "{connection_file}", "--HistoryManager.enabled=False"]
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Summit grader (memory-capped)", "language": "python",
        "interrupt_mode": "signal", "metadata": {"debugger": False},
    }), encoding="utf-8")
    return kernels
