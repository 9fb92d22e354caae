"""Run a grading kernel inside bubblewrap: no network, no view of the course, its own processes.

The kernel sees a read-only system (``/usr``), the Python installation and virtual
environment it runs from, the helper package, and the submission's own copy of the
datasets. Everything it may write lives in size-capped tmpfs folders inside the sandbox
(``/sandbox`` and ``/tmp``), so a notebook cannot fill the instructor's disk, and nothing
it writes survives the run. The grader reaches the kernel's IPC sockets and the answers
file through ``/proc/<pid>/root``, the sandbox's own view of its files, so no folder of
the host is writable from inside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from .. import journal

__all__ = [
    "ANSWERS", "CONNECTION_FILE", "ONE_THREAD", "SandboxUnavailable", "bwrap_command", "inside_root", "kernel_env",
    "readonly_paths", "sandbox_problem", "sandbox_processes",
]

INSIDE = Path("/sandbox")  # the kernel's writable home, a tmpfs inside the sandbox
CONNECTION_FILE = INSIDE / "connection.json"
#: One BLAS/OpenMP thread per kernel, sandboxed or not: parallelism comes from --jobs.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
ANSWERS = INSIDE / "answers.json"  # bound to one host file: the only thing the kernel can write outside
DATASETS = INSIDE / "work" / "datasets"
WORK = INSIDE / "work"
MPL = INSIDE / "mpl"
INSTALL_HELP = (
    "Grading runs each notebook inside bubblewrap, a small sandbox tool, and {why}.\n"
    "  Debian/Ubuntu: sudo apt-get install bubblewrap\n"
    "  Fedora/RHEL:   sudo dnf install bubblewrap\n"
    "  macOS/Windows: grade inside WSL 2 or a Linux container, where bubblewrap installs as above.\n"
    "To grade without a sandbox (only for notebooks you trust), add --no-sandbox: the gradebook "
    "records that you did."
)
USERNS_HELP = (
    "user namespaces are switched off on this system, so bubblewrap cannot start ({detail}).\n"
    "  Most Linux systems: sudo sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or\n"
    "  sudo sysctl -w user.max_user_namespaces=15000; on Ubuntu 24.04 and later, allow bwrap in\n"
    "  AppArmor (an apparmor profile for /usr/bin/bwrap with the 'userns' permission)."
)


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot start here; the message says what to do."""


def sandbox_problem() -> str | None:
    """Why the sandbox cannot run here (with what to install or enable), or None when it works."""
    if not sys.platform.startswith("linux"):
        return INSTALL_HELP.format(why=f"bubblewrap runs only on Linux (this is {sys.platform})")
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return INSTALL_HELP.format(why="bubblewrap (the `bwrap` command) is not installed")
    probe = [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return USERNS_HELP.format(detail=str(exc))
    if done.returncode != 0:
        return USERNS_HELP.format(detail=(done.stderr.strip() or f"exit code {done.returncode}")[:200])
    return None


def readonly_paths() -> list[Path]:
    """What Python needs to see, read-only: its installation, the environment, the helper package."""
    import summit_course

    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.prefix)}
    paths |= {Path(sysconfig.get_path(name)).resolve() for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    package = Path(summit_course.__file__).resolve().parent
    paths.add(package.parent if package.parent.name == "src" else package)  # an editable install's src/
    for entry in filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)):
        paths.add(Path(entry).resolve())
    paths = {p for p in paths if p.exists() and not _is_system(p)}
    return sorted(p for p in paths if not any(q != p and q in p.parents for q in paths))


def _is_system(path: Path) -> bool:
    return path == Path("/usr") or Path("/usr") in path.parents


def bwrap_command(kernel_argv: list[str], answers: Path, datasets: Path | None, *, disk_mb: int = 256,
                  mpl_cache: Path | None = None) -> list[str]:
    """The full command: bubblewrap's options, then ``kernel_argv`` run inside.

    ``kernel_argv`` must read its connection file from :data:`CONNECTION_FILE`; the
    placeholder ``{connection_file}`` in the result is filled in by jupyter_client. The
    host file ``answers`` appears inside as :data:`ANSWERS`, where the harvest cell writes;
    ``disk_mb`` caps what the kernel can write in ``/sandbox`` (and a quarter of it in ``/tmp``).
    """
    args = [shutil.which("bwrap") or "bwrap",
            "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "grader",
            # the kernel's parent is pid 1 inside, which ipykernel would read as "parent gone"
            "--unsetenv", "JPY_PARENT_PID",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/sbin", "/sbin"]
    if Path("/usr/lib64").is_dir():
        args += ["--symlink", "usr/lib64", "/lib64"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(disk_mb * 1024 * 1024 // 4), "--tmpfs", "/tmp",
             "--size", str(disk_mb * 1024 * 1024), "--tmpfs", str(INSIDE),
             "--dir", str(WORK), "--dir", str(MPL)]
    for path in readonly_paths():
        args += ["--ro-bind", str(path), str(path)]
    if datasets is not None:
        args += ["--ro-bind", str(datasets), str(DATASETS)]
    if mpl_cache is not None:
        for cached in sorted(mpl_cache.glob("fontlist-*.json")):
            args += ["--ro-bind", str(cached), str(MPL / cached.name)]
    args += ["--bind", str(answers), str(ANSWERS),
             "--ro-bind", "{connection_file}", str(CONNECTION_FILE), "--chdir", str(WORK), "--"]
    return args + kernel_argv


def kernel_env(datasets: Path | None, data_env_var: str) -> dict[str, str]:
    """A small, explicit environment for the sandboxed kernel (none of the grader's secrets)."""
    env = {
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin", "HOME": str(WORK), "TMPDIR": "/tmp",
        "LANG": os.environ.get("LANG", "C.UTF-8"), "IPYTHONDIR": str(WORK / ".ipython"),
        "MPLCONFIGDIR": str(MPL), "MPLBACKEND": "agg",
        **ONE_THREAD, journal.ENV_VAR: journal.OFF,  # grading never writes a learner's journal
    }
    for name in ("PYTHONPATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "VIRTUAL_ENV"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    if datasets is not None:
        env[data_env_var] = str(DATASETS)
    return env


def inside_root(bwrap_pid: int, timeout: float = 10.0) -> Path:
    """``/proc/<pid>/root`` of the sandbox's first process: the host's door to its files."""
    deadline = time.monotonic() + timeout
    children = Path(f"/proc/{bwrap_pid}/task/{bwrap_pid}/children")
    while time.monotonic() < deadline:
        try:
            pids = children.read_text().split()
        except OSError:
            pids = []
        if pids:
            return Path(f"/proc/{pids[0]}/root")
        time.sleep(0.005)
    raise SandboxUnavailable(f"the sandbox (bwrap, pid {bwrap_pid}) did not start within {timeout:g} s")


def sandbox_processes(root: Path) -> int:
    """How many processes live in the sandbox whose ``/proc/<pid>/root`` is ``root``."""
    try:
        namespace = os.readlink(root.parent / "ns" / "pid")
    except OSError:
        return 0
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                count += os.readlink(f"/proc/{entry.name}/ns/pid") == namespace
            except OSError:
                continue
    return count
