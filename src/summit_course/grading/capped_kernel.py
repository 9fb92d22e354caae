"""Launch an IPython kernel under resource limits, for grading students' notebooks.

The grader's kernelspec runs ``python -m summit_course.grading.capped_kernel --memory-mb N
--cpu-seconds S --max-processes P -f {connection_file}`` (inside the sandbox when there is
one). This sets the process's limits, then starts ipykernel in the same process:

- address space (``RLIMIT_AS``): a cell that takes more raises ``MemoryError``;
- CPU time (``RLIMIT_CPU``): past the limit the kernel prints :data:`CPU_MARK` to its log
  and exits, so the grader can say why;
- processes (``RLIMIT_NPROC``): a fork past the limit fails (the kernel enforces it for
  every user but root; the grader's watchdog counts the sandbox's processes as well);
- file size (``RLIMIT_FSIZE``): no single file over the limit.

On systems without these limits (Windows; macOS ignores ``RLIMIT_AS``) the kernel runs
without them.
"""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["CPU_MARK", "apply_limits", "apply_memory_cap", "main"]

MB = 1024 * 1024
CPU_MARK = "summit-grader: the kernel used up its CPU time"


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
    if max_processes > 0:
        _set("RLIMIT_NPROC", max_processes)
    if max_file_mb > 0:
        _set("RLIMIT_FSIZE", max_file_mb * MB)


def main(argv: list[str] | None = None) -> None:
    """Apply the limits, then run ipykernel with the remaining arguments."""
    parser = argparse.ArgumentParser(prog="python -m summit_course.grading.capped_kernel")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap in MB")
    parser.add_argument("--cpu-seconds", type=int, default=0, help="CPU time cap in seconds")
    parser.add_argument("--max-processes", type=int, default=0, help="process cap")
    parser.add_argument("--max-file-mb", type=int, default=0, help="largest file the kernel may write, in MB")
    args, kernel_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    apply_limits(args.memory_mb, args.cpu_seconds, args.max_processes, args.max_file_mb)
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance(argv=kernel_args)


if __name__ == "__main__":  # pragma: no cover - run as the kernel's process
    main()
