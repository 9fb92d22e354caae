"""Prepare where a submission runs: a private scratch folder, the limited kernel (sandboxed or not) and its environment."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import journal
from ..data import ENV_VAR
from . import capped_kernel, confine, sandbox
from .tasks import Limits

__all__ = ["Scratch", "kernel_manager", "remove_stale_scratch", "scratch_folder", "scratch_root"]

KERNEL_NAME = "summit-grader"
PROVISIONER = "summit-grading"  # the entry point of provisioner.GradingProvisioner


@dataclass(frozen=True)
class Scratch:
    """One run's scratch folder on the host, and what the kernel is told about it."""

    folder: Path
    scope: list  # the command that starts the kernel in a cgroup of its own ([]: none)
    env: dict  # the unsandboxed kernel's environment (a sandboxed one's is in ``spec``)
    answers: Path  # the host file the grader reads the answers from
    answers_in_kernel: str  # where the harvest cell writes them, as the kernel sees it
    spec: sandbox.SandboxSpec | None  # what the sandbox binds; None: no sandbox


def scratch_root() -> Path:
    """The folder that holds this user's grading scratch folders (``<pid>-<random>`` each).

    ``<tmp>/summit-grade-<uid>``, made private (0700); when that name is taken by something
    that is not this user's private folder (another user's, a link), a private folder of this
    process's own, from :func:`tempfile.mkdtemp`, instead.
    """
    root = Path(tempfile.gettempdir()) / f"summit-grade-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    return root if _private(root) else _own_root()


def _private(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (no link) of this user that no one else may enter."""
    if not hasattr(os, "getuid"):
        return folder.is_dir()
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


@functools.lru_cache(maxsize=1)
def _own_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="summit-grade-"))


def remove_stale_scratch() -> int:
    """Delete the scratch folders and cgroups of worker processes that are gone (killed mid-run); return how many."""
    if os.name != "posix":  # os.kill(pid, 0) only probes a process on POSIX
        return 0
    removed = confine.remove_stale_cgroups()
    for folder in scratch_root().iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not confine.alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


@contextlib.contextmanager
def scratch_folder(datasets: Path | None, limits: Limits) -> Iterator[Scratch]:
    """A fresh private scratch folder with its own copy of ``datasets``, deleted afterwards.

    Unsandboxed, the kernel works in ``work/`` inside it. Sandboxed, the kernel sees none
    of it but the datasets (read-only) and the answers file. Where the machine offers one,
    a cgroup with the kernel's caps comes with it (:func:`confine.kernel_cgroup`).
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
        with confine.kernel_cgroup(limits.memory_mb, limits.max_processes) as scope:
            if limits.sandbox:
                spec = sandbox.SandboxSpec.of_run(answers, copied, limits.disk_mb)
                yield Scratch(folder, scope, {}, answers, str(sandbox.ANSWERS), spec)
            else:
                yield Scratch(folder, scope, _kernel_env(work, copied), answers, str(answers), None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _kernel_env(work: Path, datasets: Path | None) -> dict[str, str]:
    """The unsandboxed kernel's environment: the grader's own (it runs with the grader's rights anyway)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "PYTHONSTARTUP"))}
    env.update(HOME=str(work), IPYTHONDIR=str(work / ".ipython"),
               MPLCONFIGDIR=str(sandbox.mpl_cache()), MPLBACKEND="agg",
               **sandbox.ONE_THREAD, PYTHONDONTWRITEBYTECODE="1", **{journal.ENV_VAR: journal.OFF})
    if datasets is not None:
        env[ENV_VAR] = str(datasets)
    else:
        env.pop(ENV_VAR, None)
    return env


def kernel_manager(scratch: Scratch, limits: Limits):
    """A kernel manager for :mod:`summit_course.grading.capped_kernel` in ``scratch``, and its log file's path."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = _kernelspec(scratch, limits)
    # IPC sockets (where the OS has them) avoid the TCP port races of many parallel kernels;
    # a short path keeps them within the 104-byte limit of socket paths on macOS.
    if scratch.spec is not None:
        transport = {"transport": "ipc", "ip": f"{sandbox.INSIDE}/k"}  # inside; the provisioner says where outside
    else:
        transport = {"transport": "ipc", "ip": str(scratch.folder / "k")} if os.name == "posix" else {}
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
                            connection_file=str(kernels / "connection.json"), **transport)
    return km, kernels / "kernel.log"


def _kernelspec(scratch: Scratch, limits: Limits) -> Path:
    """Write the limited kernel's kernelspec in the scratch folder; return the kernels folder."""
    kernels = scratch.folder / "kernel" / "kernels"
    spec = kernels / KERNEL_NAME
    spec.mkdir(parents=True)
    sandboxed = scratch.spec is not None
    connection = str(sandbox.CONNECTION_FILE) if sandboxed else "{connection_file}"
    config = {"scope": scratch.scope, "sandbox": asdict(scratch.spec) if sandboxed else {},
              "kernel_log": str(kernels / "kernel.log")}
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": capped_kernel.command(limits, ["--HistoryManager.enabled=False", "-f", connection], sandboxed=sandboxed),
        "display_name": "Summit grader (limited)", "language": "python",
        # a signal to bwrap does not reach a kernel in its own PID namespace; a message does
        "interrupt_mode": "message" if sandboxed else "signal",
        "metadata": {"debugger": False, "kernel_provisioner": {"provisioner_name": PROVISIONER, "config": config}},
    }), encoding="utf-8")
    return kernels
