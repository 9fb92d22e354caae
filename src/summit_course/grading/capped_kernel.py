"""Launch an IPython kernel whose memory is capped, for grading students' notebooks.

The grader's kernelspec runs ``python -m summit_course.grading.capped_kernel --memory-mb N -f
{connection_file}``. This sets the address-space limit (``RLIMIT_AS``) of the kernel
process, then starts ipykernel in the same process. A cell that tries to take more raises
``MemoryError`` (or, if C code cannot cope, the kernel dies); either way the grader's own
process is unharmed and the run goes on. On systems without ``RLIMIT_AS`` (Windows, and
macOS, which ignores it) the kernel runs without a cap.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["apply_memory_cap", "main"]

MB = 1024 * 1024


def apply_memory_cap(memory_mb: int) -> bool:
    """Limit this process's address space to ``memory_mb`` megabytes.

    Parameters
    ----------
    memory_mb : int
        The cap; 0 or less means no cap.

    Returns
    -------
    bool
        True when the cap is in force.
    """
    if memory_mb <= 0:
        return False
    try:
        import resource
    except ImportError:  # Windows
        return False
    limit = int(memory_mb) * MB
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    """Apply the memory cap, then run ipykernel with the remaining arguments."""
    parser = argparse.ArgumentParser(prog="python -m summit_course.grading.capped_kernel")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap in MB")
    args, kernel_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    apply_memory_cap(args.memory_mb)
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance(argv=kernel_args)


if __name__ == "__main__":  # pragma: no cover - run as the kernel's process
    main()
