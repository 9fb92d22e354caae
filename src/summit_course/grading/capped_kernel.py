"""Launch an IPython kernel under resource limits, for grading students' notebooks.

The grader's kernelspec runs ``python -m summit_course.grading.capped_kernel --memory-mb N
--cpu-seconds S --max-processes P -f {connection_file}`` (inside the sandbox when there is
one). This sets the process's limits, then starts ipykernel in the same process:

- address space (``RLIMIT_AS``): a cell that takes more raises ``MemoryError``;
- CPU time (``RLIMIT_CPU``): past the limit the kernel prints :data:`CPU_MARK` to its log
  and exits, so the grader can say why;
- processes (``RLIMIT_NPROC``): a fork past the limit fails. Linux counts this limit per
  user *and user namespace* (since 5.14), so it is set only inside the sandbox, whose user
  namespace is the kernel's own: elsewhere it would count every process of the user and
  stop an ordinary user's kernel from starting (root is exempt, which hid it);
- file size (``RLIMIT_FSIZE``): no single file over the limit.

These limits are per process. Where the machine offers a cgroup, the grader also starts
each kernel in one of its own (:mod:`summit_course.grading.confine`), which caps the memory
and processes of the whole sandbox. On systems without these limits (Windows; macOS ignores
``RLIMIT_AS``) the kernel runs without them.
"""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["CPU_MARK", "CHECKED", "apply_limits", "apply_memory_cap", "command", "main", "nproc_is_per_namespace"]

MB = 1024 * 1024
CPU_MARK = "summit-grader: the kernel used up its CPU time"
#: What ``--check PATH`` writes to PATH once the limits are set and ipykernel can be found.
CHECKED = "summit-grader: ready"


def command(limits, tail: list[str], *, sandboxed: bool) -> list[str]:
    """The command that runs this module with ``limits`` (a :class:`~summit_course.grading.tasks.Limits`), then ``tail``.

    The process cap is passed only to a sandboxed kernel, the one place where it counts the
    kernel's own processes alone.
    """
    argv = [sys.executable, "-m", "summit_course.grading.capped_kernel", "--memory-mb", str(limits.memory_mb),
            "--cpu-seconds", str(limits.cpu_seconds), "--max-file-mb", str(limits.disk_mb)]
    if sandboxed:
        argv += ["--max-processes", str(limits.max_processes)]
    return argv + tail


def nproc_is_per_namespace(release: str | None = None) -> bool:
    """Whether this Linux counts ``RLIMIT_NPROC`` per user namespace (5.14 and later)."""
    import re

    if release is None and not sys.platform.startswith("linux"):
        return False
    found = re.match(r"(\d+)\.(\d+)", release or os.uname().release)
    return bool(found) and (int(found[1]), int(found[2])) >= (5, 14)


def _set(name: str, soft: int, hard: int | None = None) -> bool:
    try:
        import resource
    except ImportError:  # Windows
        return False
    which = getattr(resource, name, None)
    if which is None:
        return False
    try:
        _, old_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if old_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, old_hard), min(hard, old_hard)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        return False
    return True


def apply_memory_cap(memory_mb: int) -> bool:
    """Limit this process's address space to ``memory_mb`` megabytes (0 or less: no cap).

    Returns
    -------
    bool
        True when the cap is in force.
    """
    return memory_mb > 0 and _set("RLIMIT_AS", int(memory_mb) * MB)


_LOG_FD = 2  # the kernel's log; ipykernel later points fd 2 at the notebook, so keep a copy


def _out_of_cpu(signum, frame):  # pragma: no cover - runs in the kernel as it stops
    os.write(_LOG_FD, f"\n{CPU_MARK}\n".encode())
    os._exit(3)


def apply_limits(memory_mb: int, cpu_seconds: int = 0, max_processes: int = 0, max_file_mb: int = 0) -> None:
    """Apply every limit that is above 0 to this process (and so to what it starts)."""
    apply_memory_cap(memory_mb)
    if cpu_seconds > 0 and _set("RLIMIT_CPU", cpu_seconds, cpu_seconds + 5):
        import signal

        global _LOG_FD
        _LOG_FD = os.dup(2)
        signal.signal(signal.SIGXCPU, _out_of_cpu)  # the hard limit kills it anyway 5 s later
    if max_processes > 0 and nproc_is_per_namespace():
        _set("RLIMIT_NPROC", max_processes)
    if max_file_mb > 0:
        _set("RLIMIT_FSIZE", max_file_mb * MB)


def main(argv: list[str] | None = None) -> None:
    """Apply the limits, then run ipykernel with the remaining arguments."""
    parser = argparse.ArgumentParser(prog="python -m summit_course.grading.capped_kernel")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap in MB")
    parser.add_argument("--cpu-seconds", type=int, default=0, help="CPU time cap in seconds")
    parser.add_argument("--max-processes", type=int, default=0,
                        help="process cap (give it only where the kernel has a user namespace of its own)")
    parser.add_argument("--max-file-mb", type=int, default=0, help="largest file the kernel may write, in MB")
    parser.add_argument("--check", metavar="PATH",
                        help="set the limits, find ipykernel, write a line to PATH and exit (the grader's probe)")
    args, kernel_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    apply_limits(args.memory_mb, args.cpu_seconds, args.max_processes, args.max_file_mb)
    if args.check:
        import importlib.util

        if importlib.util.find_spec("ipykernel") is None:
            sys.exit("ipykernel cannot be imported here")
        with open(args.check, "w", encoding="utf-8") as handle:
            handle.write(CHECKED)
        return
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance(argv=kernel_args)


if __name__ == "__main__":  # pragma: no cover - run as the kernel's process
    main()
