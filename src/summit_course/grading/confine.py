"""Start each grading kernel in a cgroup of its own where the machine offers one, so that its caps bind the whole kernel.

``RLIMIT_AS`` caps one process, and ``RLIMIT_NPROC`` binds per sandbox only inside its user
namespace and never for root: a kernel that forks 64 children could use 64 times its
memory. A cgroup caps the kernel and everything it starts together, for any user. Two ways:

- ``systemd-run --scope`` makes a transient scope unit with ``MemoryMax`` and ``TasksMax``
  and runs the command in it: as root through the system's service manager, as anyone
  else through their own (``--user``), to which systemd delegates both controllers.
- Without systemd, the cgroup file system, only where this process sits at the root of a
  hierarchy it may write to (a virtual machine or a container of one's own, as root): a
  cgroup further down belongs to whoever put the process there, and is left alone. Each
  kernel gets a folder with its caps, joins it before bubblewrap starts, and the folder is
  removed after it.

Which way works, and which caps it sets (memory, processes or both), is probed once per
process by starting a cgroup and reading its caps from inside. Where none works, grading
keeps the per-process limits, and :func:`describe` says so for the run's summary.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Way", "alive", "describe", "kernel_cgroup", "remove_stale_cgroups", "use", "way"]

MB = 1024 * 1024
CGROUP = Path("/sys/fs/cgroup")
PREFIX = f"summit-grade-{os.getuid() if hasattr(os, 'getuid') else 'user'}-"
_PROBE_MB, _PROBE_TASKS = 64, 16
#: Joins the cgroups whose ``cgroup.procs`` files come before ``--``, then runs the rest.
_JOIN = 'for f; do [ "$f" = -- ] && break; echo $$ > "$f" || exit 125; shift; done; shift; exec "$@"'
#: Run inside a probe's cgroup: print the memory and process caps that bind this process.
_READ_CAPS = """
import pathlib
caps = {}
for line in open('/proc/self/cgroup'):
    number, controllers, path = line.rstrip('\\n').split(':', 2)
    here = [(f'/sys/fs/cgroup{path}', 'memory.max', 'pids.max'), (f'/sys/fs/cgroup/unified{path}', 'memory.max',
            'pids.max')] if number == '0' else [(f'/sys/fs/cgroup/{c}{path}', 'memory.limit_in_bytes', 'pids.max')
                                                for c in controllers.split(',') if c in ('memory', 'pids')]
    for folder, memory, pids in here:
        for kind, name in (('memory', memory), ('processes', pids)):
            if (pathlib.Path(folder) / name).exists():
                caps[kind] = (pathlib.Path(folder) / name).read_text().strip()
print(caps.get('memory', '-'), caps.get('processes', '-'))
"""


@dataclass(frozen=True)
class Way:
    """How kernels get a cgroup here: systemd-run's options, or the folders to make one in; the caps it sets."""

    systemd: tuple[str, ...] = ()
    folders: tuple[tuple[str, str], ...] = ()  # (hierarchy: "v2", "memory" or "pids", the folder to make it in)
    caps: frozenset = frozenset()  # of "memory" and "processes"
    problem: str = ""  # why kernels get no cgroup (or no memory cap) here


def _systemd_caps(memory_mb: int, tasks: int) -> list[str]:
    return ["-p", f"MemoryMax={memory_mb}M", "-p", "MemorySwapMax=0", "-p", f"TasksMax={tasks}", "--"]


def _hierarchy_roots() -> list[tuple[str, str]]:
    """The writable hierarchies where this process's cgroup is the root, with their controllers."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        number, controllers, path = line.split(":", 2)
        if path != "/":
            continue
        if number == "0":
            for root in (CGROUP, CGROUP / "unified"):
                enabled = (root / "cgroup.subtree_control")
                if enabled.exists() and {"memory", "pids"} & set(enabled.read_text().split()):
                    found.append(("v2", str(root)))
                    break
        found += [(c, str(CGROUP / c)) for c in controllers.split(",") if c in ("memory", "pids")]
    return [(kind, folder) for kind, folder in found if os.access(folder, os.W_OK)]


def _probe(command: list[str]) -> tuple[frozenset, str]:
    """The caps that bind a process started with ``command`` (the probe's caps, read from inside), and what it said."""
    try:
        done = subprocess.run([*command, sys.executable, "-c", _READ_CAPS], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return frozenset(), str(exc)
    memory, processes = (done.stdout.split() + ["-", "-"])[:2]
    caps = ({"memory"} if memory == str(_PROBE_MB * MB) else set()) | (
        {"processes"} if processes == str(_PROBE_TASKS) else set())
    return frozenset(caps), (done.stderr.strip().splitlines() or [""])[-1][:200]


#: What systemd-run's refusal of the probe means, in a few words for the Limits line (its own are long).
_SYSTEMD_SAYS = {"Failed to connect to bus": "systemd is not running",
                 "Interactive authentication required": "systemd-run needs a password here"}

_CHOSEN: list[Way] = []


def way() -> Way:
    """How kernels get a cgroup of their own here (probed once per process, unless told by :func:`use`)."""
    if not _CHOSEN:
        _CHOSEN.append(_probe_way())
    return _CHOSEN[0]


def use(chosen: Way) -> None:
    """Take the way the grader probed on this machine (a local pool's workers do, and need not probe)."""
    _CHOSEN[:] = [chosen]


def _probe_way() -> Way:
    if not sys.platform.startswith("linux"):
        return Way(problem=f"cgroups are Linux's (this is {sys.platform})")
    why = "systemd-run is not installed"
    systemd_run = shutil.which("systemd-run")
    if systemd_run:
        base = (systemd_run, *(() if os.geteuid() == 0 else ("--user",)), "--scope", "--quiet", "--collect")
        caps, said = _probe([*base, *_systemd_caps(_PROBE_MB, _PROBE_TASKS)])
        if caps == {"memory", "processes"}:
            return Way(systemd=base, caps=caps)
        why = next((short for words, short in _SYSTEMD_SAYS.items() if words in said),
                   "systemd-run cannot start a scope with a memory and a process cap")
    folders = tuple(_hierarchy_roots())
    if not folders:
        return Way(problem=f"{why}, and no cgroup hierarchy is this process's own to write to")
    try:
        with kernel_cgroup(_PROBE_MB, _PROBE_TASKS, Way(folders=folders)) as command:
            caps, said = _probe(command)
    except OSError as exc:
        caps, said = frozenset(), exc.strerror
    if not caps:
        return Way(problem=f"{why}, and the cgroup file system refused a cgroup ({said})")
    missing = sorted({"memory", "pids"} - {"pids" if cap == "processes" else cap for cap in caps})
    return Way(folders=folders, caps=caps, problem=f"{why}, and this process has no {' or '.join(missing)} controller "
               "of its own" if missing else "")


def _write_caps(kind: str, folder: Path, memory_mb: int, tasks: int) -> None:
    files = {"v2": {"memory.max": memory_mb * MB, "memory.swap.max": 0, "pids.max": tasks},
             "memory": {"memory.limit_in_bytes": memory_mb * MB}, "pids": {"pids.max": tasks}}[kind]
    for name, value in files.items():
        if (folder / name).exists():
            (folder / name).write_text(str(value))


@contextlib.contextmanager
def kernel_cgroup(memory_mb: int, max_processes: int, how: Way | None = None) -> Iterator[list[str]]:
    """The command that starts what follows in a cgroup of its own with these caps ([] where there is none).

    Made by systemd-run, or here (removed when the block ends).
    """
    how = how or way()
    if how.systemd:
        yield [*how.systemd, *_systemd_caps(memory_mb, max_processes)]
        return
    made = []
    try:
        name = f"{PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
        for kind, parent in how.folders:
            folder = Path(parent, name)
            folder.mkdir()
            made.append(folder)
            _write_caps(kind, folder, memory_mb, max_processes)
        yield ["/bin/sh", "-c", _JOIN, "join", *[str(f / "cgroup.procs") for f in made], "--"] if made else []
    finally:
        for folder in made:
            _remove(folder)


def _remove(folder: Path, wait: float = 2.0) -> bool:
    """Remove a cgroup once the last of its processes is gone (they may take a moment to exit)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            folder.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:  # busy: processes still exiting
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)


def remove_stale_cgroups() -> int:
    """Remove this user's kernel cgroups left by workers that were killed mid-run; return how many.

    A process still in one (a sandbox whose start its worker's death interrupted) is ended first.
    """
    removed = 0
    for _, parent in way().folders:
        for folder in Path(parent).glob(f"{PREFIX}*"):
            pid = folder.name[len(PREFIX):].split("-", 1)[0]
            if pid.isdigit() and not alive(int(pid)):
                with contextlib.suppress(OSError, ValueError):
                    for left in (folder / "cgroup.procs").read_text().split():
                        os.kill(int(left), 9)
                removed += _remove(folder)
    return removed


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (POSIX)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def describe(limits) -> str:
    """The run summary's line on how ``limits`` (a :class:`~summit_course.grading.tasks.Limits`) bind on this machine.

    One statement: what the kernel's own cgroup caps (if any), what is capped per process instead, and why.
    """
    from .capped_kernel import nproc_is_per_namespace

    how, root = way(), getattr(os, "geteuid", lambda: -1)() == 0
    if limits.sandbox and nproc_is_per_namespace() and not root:
        processes = f"{limits.max_processes} processes in each sandbox"
    else:
        processes = "no process cap" + (" for root" if root else "")
    capped = [kind for kind in ("memory", "processes") if kind in how.caps]
    missing = [kind for kind in ("memory", "processes") if kind not in how.caps]
    in_cgroup = {"memory": f"{limits.memory_mb} MB of memory", "processes": f"{limits.max_processes} processes"}
    per_process = [{"memory": f"{limits.memory_mb} MB of memory", "processes": processes}[kind] for kind in missing]
    per_process.append(f"{limits.cpu_seconds} s of CPU time")
    parts = [" and ".join(in_cgroup[kind] for kind in capped) + " per kernel, in a cgroup of its own"] if capped else []
    parts.append("per process, " + ", ".join(per_process[:-1]) + " and " * (len(per_process) > 1) + per_process[-1])
    why = f" (no cgroup caps the {' or the '.join(missing)}: {how.problem})" if missing else ""
    return "Limits: " + "; ".join(parts) + why + "."
