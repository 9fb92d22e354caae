"""Run a grading kernel inside bubblewrap: no network, no view of the course, its own processes.

The kernel sees, read-only, the system (``/usr``), the interpreter and its standard library,
the virtual environment it runs from (its site-packages), the course package and the
submission's own copy of the datasets; nothing the grader's environment variables name
(``PYTHONPATH`` and the like) widens that, and its environment is :func:`kernel_env`, set
by bubblewrap after clearing everything else. Everything it may write lives in size-capped
tmpfs folders inside the sandbox (``/sandbox`` and ``/tmp``), so nothing it writes survives
the run, except one host file bound in for its answers (:data:`ANSWERS`, capped by the
kernel's file-size limit). The grader reaches the kernel's IPC sockets, which live in that
tmpfs, through ``/proc/<pid>/root`` of the sandbox's first process, whose pid bubblewrap
reports on ``--info-fd``.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from shutil import which

from .. import journal

__all__ = [
    "ANSWERS", "CONNECTION_FILE", "ONE_THREAD", "Launch", "SandboxSpec", "SandboxUnavailable", "bwrap_command",
    "font_caches", "kernel_env", "mpl_cache", "readonly_paths", "sandbox_problem",
]

INSIDE = Path("/sandbox")  # the kernel's writable home, a tmpfs inside the sandbox
CONNECTION_FILE = INSIDE / "connection.json"
#: One BLAS/OpenMP thread per kernel, sandboxed or not: parallelism comes from --jobs.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Passed on to the kernel when set: they tune OpenBLAS to the CPU (some virtual machines need them).
CPU_TUNING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
ANSWERS = INSIDE / "answers.json"  # bound to one host file: the only thing the kernel can write outside
DATASETS = INSIDE / "work" / "datasets"
WORK = INSIDE / "work"
MPL = INSIDE / "mpl"
#: The way out every message of a sandbox that cannot run ends with.
NO_SANDBOX_HELP = ("To grade without a sandbox (only for notebooks you trust), add --no-sandbox: the gradebook "
                   "records that you did.")
INSTALL_HELP = (
    "Grading runs each notebook inside bubblewrap, a small sandbox tool, and {why}.\n"
    "  Debian/Ubuntu: sudo apt-get install bubblewrap\n"
    "  Fedora/RHEL:   sudo dnf install bubblewrap\n"
    "  macOS/Windows: grade inside WSL 2 or a Linux container, where bubblewrap installs as above.\n"
) + NO_SANDBOX_HELP
USERNS_HELP = (
    "user namespaces are switched off on this system, so bubblewrap cannot start ({detail}).\n"
    "  Most Linux systems: sudo sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or\n"
    "  sudo sysctl -w user.max_user_namespaces=15000; on Ubuntu 24.04 and later, allow bwrap in\n"
    "  AppArmor (an apparmor profile for /usr/bin/bwrap with the 'userns' permission).\n"
) + NO_SANDBOX_HELP
OLD_HELP = (
    "This bubblewrap is too old for the grading sandbox ({detail}): grading needs bubblewrap 0.7 or later (2022).\n"
    "  Debian/Ubuntu: sudo apt-get install bubblewrap (from a current release or its backports)\n"
    "  Fedora/RHEL:   sudo dnf upgrade bubblewrap\n"
) + NO_SANDBOX_HELP
FAILED_HELP = "The grading sandbox does not start here: {detail}\n" + NO_SANDBOX_HELP


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot start here; the message says what to do."""


@dataclass(frozen=True)
class SandboxSpec:
    """What one sandbox binds and sets: plain data, carried in the kernelspec to the provisioner."""

    answers: str  # the host file that appears inside as ANSWERS
    datasets: str | None  # the run's copy of the datasets, read-only inside at DATASETS
    disk_mb: int  # the size of /sandbox (and a quarter of it for /tmp)
    fonts: tuple[str, ...]  # matplotlib's font list cache files, so that no kernel rebuilds it
    env: dict  # the kernel's whole environment

    @classmethod
    def of_run(cls, answers: Path, datasets: Path | None, disk_mb: int) -> SandboxSpec:
        """The sandbox of one run: its answers file, its copy of the datasets, its disk cap."""
        from ..data import ENV_VAR

        copied = None if datasets is None else str(datasets)
        return cls(str(answers), copied, disk_mb, font_caches(), kernel_env(copied, ENV_VAR))


def mpl_cache() -> Path:
    """The grader's matplotlib cache folder."""
    return Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")


def font_caches() -> tuple[str, ...]:
    """The grader's matplotlib font list caches, bound into each sandbox (a kernel would take seconds to rebuild one)."""
    return tuple(str(p) for p in sorted(mpl_cache().glob("fontlist-*.json")))


def readonly_paths() -> list[Path]:
    """What the kernel must see, read-only: the interpreter, its standard library, the environment, the course package."""
    import summit_course

    paths = {*_links_to(Path(sys.executable)), Path(sys.prefix), Path(sys.prefix).resolve(),
             Path(summit_course.__file__).resolve().parent}
    paths |= {Path(sysconfig.get_path(name)).resolve() for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    if sysconfig.get_config_var("Py_ENABLE_SHARED"):  # the interpreter's libpython, by the name the loader asks for
        paths.add(Path(sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")))
    paths = {p for p in paths if p.exists() and not _is_system(p)}
    return sorted(p for p in paths if not any(q != p and q in p.parents for q in paths))


def _links_to(path: Path) -> list[Path]:
    """``path`` and each link on the way to the file it names (all bound, so each resolves inside)."""
    chain = [path]
    while path.is_symlink() and len(chain) < 40:
        path = Path(os.path.normpath(path.parent / os.readlink(path)))
        chain.append(path)
    return chain


def _is_system(path: Path) -> bool:
    return path == Path("/usr") or Path("/usr") in path.parents


def kernel_env(datasets: str | None, data_env_var: str) -> dict[str, str]:
    """The sandboxed kernel's whole environment: an allow-list, nothing else of the grader's."""
    env = {
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin", "HOME": str(WORK), "TMPDIR": "/tmp",
        "LANG": "C.UTF-8", "IPYTHONDIR": str(WORK / ".ipython"), "MPLCONFIGDIR": str(MPL), "MPLBACKEND": "agg",
        **ONE_THREAD, journal.ENV_VAR: journal.OFF,  # grading never writes a learner's journal
        **{name: os.environ[name] for name in CPU_TUNING if os.environ.get(name)},
    }
    if datasets is not None:
        env[data_env_var] = str(DATASETS)
    return env


def bwrap_command(kernel_argv: list[str], spec: SandboxSpec, *, info_fd: int, connection_fd: int) -> list[str]:
    """bubblewrap's command, then ``kernel_argv`` run inside.

    ``kernel_argv`` reads its connection file from :data:`CONNECTION_FILE`, copied in from
    the pipe ``connection_fd``; bubblewrap writes the sandbox's first pid to ``info_fd``.
    """
    args = [which("bwrap") or "bwrap",
            "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "grader", "--cap-drop", "ALL",
            "--clearenv", *[word for name, value in sorted(spec.env.items()) for word in ("--setenv", name, value)],
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/sbin", "/sbin"]
    if Path("/usr/lib64").is_dir():
        args += ["--symlink", "usr/lib64", "/lib64"]
    disk = spec.disk_mb * 1024 * 1024
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(disk // 4), "--tmpfs", "/tmp",
             "--size", str(disk), "--tmpfs", str(INSIDE), "--dir", str(WORK), "--dir", str(MPL)]
    for path in readonly_paths():
        args += ["--ro-bind", str(path), str(path)]
    if spec.datasets is not None:
        args += ["--ro-bind", spec.datasets, str(DATASETS)]
    for cached in spec.fonts:
        args += ["--ro-bind", cached, str(MPL / Path(cached).name)]
    args += ["--bind", spec.answers, str(ANSWERS), "--ro-bind-data", str(connection_fd), str(CONNECTION_FILE),
             "--info-fd", str(info_fd), "--chdir", str(WORK), "--"]
    return args + kernel_argv


class Launch:
    """One sandbox's start: a pipe that brings the connection file in, one that tells the sandbox's pid."""

    def __init__(self, connection: bytes):
        self._info, self.info_fd = os.pipe()
        self.connection_fd, writer = os.pipe()
        with os.fdopen(writer, "wb") as handle:  # a connection file is far below a pipe's 64 KiB
            handle.write(connection)
        self._open = [self._info, self.info_fd, self.connection_fd]

    @property
    def pass_fds(self) -> tuple[int, int]:
        """The descriptors bubblewrap must inherit."""
        return self.info_fd, self.connection_fd

    def command(self, kernel_argv: list[str], spec: SandboxSpec, scope: list[str]) -> list[str]:
        """``scope`` (the cgroup's command, or []), then bubblewrap, then ``kernel_argv``."""
        return [*scope, *bwrap_command(kernel_argv, spec, info_fd=self.info_fd, connection_fd=self.connection_fd)]

    def child_pid(self, timeout: float = 30.0) -> int:
        """The sandbox's first process, as this side numbers it; call once bubblewrap has been started."""
        self._close(self.info_fd, self.connection_fd)  # now only bubblewrap holds them: its exit ends the read
        data, deadline = b"", time.monotonic() + timeout
        while select.select([self._info], [], [], max(0.0, deadline - time.monotonic()))[0]:
            chunk = os.read(self._info, 4096)
            if not chunk:
                break
            data += chunk
        try:
            return int(json.loads(data)["child-pid"])
        except (ValueError, KeyError, TypeError):
            raise SandboxUnavailable("bubblewrap did not start the sandbox (its message is in the kernel's log)"
                                     ) from None

    def close(self) -> None:
        """Close what is still open of both pipes."""
        self._close(*self._open)

    def _close(self, *fds: int) -> None:
        for fd in fds:
            if fd in self._open:
                self._open.remove(fd)
                os.close(fd)


def sandbox_problem(limits=None) -> str | None:
    """Why the grading sandbox cannot run here (with what to install or enable), or None when it works.

    Runs the very command a grading kernel starts with (the same cgroup scope, bubblewrap
    options, binds, pipes, interpreter and limits), with the kernel's own check
    (``capped_kernel --check``) in place of the kernel.
    """
    from . import capped_kernel, confine
    from .tasks import Limits

    limits = limits or Limits()
    if not sys.platform.startswith("linux"):
        return INSTALL_HELP.format(why=f"bubblewrap runs only on Linux (this is {sys.platform})")
    if which("bwrap") is None:
        return INSTALL_HELP.format(why="bubblewrap (the `bwrap` command) is not installed")
    with tempfile.TemporaryDirectory(prefix="summit-probe-") as folder:
        answers, datasets = Path(folder, "answers.json"), Path(folder, "datasets")
        answers.touch()
        datasets.mkdir()
        spec, launch = SandboxSpec.of_run(answers, datasets, limits.disk_mb), Launch(b"{}")
        try:
            with confine.kernel_cgroup(limits.memory_mb, limits.max_processes) as scope:
                argv = launch.command(capped_kernel.command(limits, ["--check", str(ANSWERS)], sandboxed=True),
                                      spec, scope)
                done = subprocess.run(argv, pass_fds=launch.pass_fds, capture_output=True, text=True, timeout=60)
            if done.returncode != 0 or answers.read_text("utf-8") != capped_kernel.CHECKED:
                return _cannot_start(done.stderr.strip() or f"exit code {done.returncode}")
            launch.child_pid(timeout=1)
        except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
            return _cannot_start(str(exc))
        finally:
            launch.close()
    return None


def _cannot_start(detail: str) -> str:
    detail = detail.strip().splitlines()[-1][:200] if detail.strip() else "no message"
    if detail.startswith("bwrap: Unknown option"):
        return OLD_HELP.format(detail=detail)
    if detail.startswith("bwrap:") and any(word in detail for word in ("namespace", "uid map", "Permission denied",
                                                                       "Operation not permitted")):
        return USERNS_HELP.format(detail=detail)
    return FAILED_HELP.format(detail=detail)
