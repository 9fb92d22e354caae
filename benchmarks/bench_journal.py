"""What does the learner's journal add to a check()? Time it with journaling off and on.

Each round times ``check()`` on a scratch course (a folder with ``datasets/`` and a
``lessons/`` working directory, as a student has) three ways, in alternating order:

- ``off``: ``SUMMIT_JOURNAL=off``, no journal at all;
- ``found``: no ``SUMMIT_JOURNAL``, so the journal is found beside ``datasets/`` (a student's case);
- ``env``: ``SUMMIT_JOURNAL`` names the file (tests, hubs that set it).

It prints the median microseconds per check and the ratio to ``off``. A student runs a check
in a cell, so it then times what they wait for: a check cell run in a real kernel (request,
display, idle), in one kernel with the journal off and one with it on (``--cells``).
Indicative, never an assertion: read the ratios, measured in the same run, not the times.

Usage: ``python benchmarks/bench_journal.py [--checks N] [--rounds N]`` (``make bench-journal``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A wrong answer and a right one: a check's usual work, structure diagnosis included.
ANSWERS = [("0.5", {"Nobody", "Somebody"}), ("0.6", [2006, 2009])]


def time_checks(n: int) -> float:
    """Median-free mean: microseconds per ``check()`` over ``n`` calls."""
    from summit_course import check

    start = time.perf_counter()
    for i in range(n):
        exercise, answer = ANSWERS[i % len(ANSWERS)]
        check(exercise, answer)
    return (time.perf_counter() - start) / n * 1e6


def start_kernel(course: Path, journal: str):
    """A kernel in the course's lessons/ whose journal setting is ``journal``, with check imported."""
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(course / f"k-{journal[-3:]}"))
    manager.start_kernel(cwd=str(course / "lessons"), env={**os.environ, "SUMMIT_JOURNAL": journal})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("from summit_course import check; check('0.5', {'Nobody'})", timeout=60,
                               output_hook=lambda msg: None)
    return manager, client


def time_cells(course: Path, n: int) -> dict[str, list[float]]:
    """Milliseconds per check cell, in a kernel with the journal off and one with it on, alternating."""
    kernels = {"off": start_kernel(course, "off"), "on": start_kernel(course, str(course / "cells.jsonl"))}
    times: dict[str, list[float]] = {name: [] for name in kernels}
    try:
        for i in range(n):
            exercise, answer = ANSWERS[i % len(ANSWERS)]
            for name in (list(kernels) if i % 2 == 0 else list(reversed(kernels))):
                start = time.perf_counter()
                kernels[name][1].execute_interactive(f"check({exercise!r}, {answer!r})", timeout=60,
                                                     output_hook=lambda msg: None)
                times[name].append((time.perf_counter() - start) * 1e3)
        return times
    finally:
        for manager, client in kernels.values():
            client.stop_channels()
            manager.shutdown_kernel(now=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=300, help="checks per timing (default 300)")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    parser.add_argument("--cells", type=int, default=200, help="check cells run per kernel (default 200; 0 skips)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as folder:
        course = Path(folder)
        (course / "datasets").symlink_to(ROOT / "datasets")
        (course / "lessons").mkdir()
        os.chdir(course / "lessons")
        os.environ.pop("SUMMIT_DATA", None)
        settings = {"off": "off", "found": None, "env": str(course / "env.jsonl")}
        os.environ["SUMMIT_JOURNAL"] = "off"
        time_checks(50)  # warm: imports, the registry, pandas
        times: dict[str, list[float]] = {name: [] for name in settings}
        for round_ in range(args.rounds):
            order = list(settings) if round_ % 2 == 0 else list(reversed(settings))
            for name in order:
                if settings[name] is None:
                    os.environ.pop("SUMMIT_JOURNAL", None)
                else:
                    os.environ["SUMMIT_JOURNAL"] = settings[name]
                times[name].append(time_checks(args.checks))
        written = sum(1 for _ in open(course / ".summit" / "journal.jsonl", encoding="utf-8"))
        cells = time_cells(course, args.cells) if args.cells else {}
    base = statistics.median(times["off"])
    print(f"check() with and without the journal: {args.rounds} rounds of {args.checks} checks")
    print(f"{'journal':<8} {'µs per check':>13} {'ratio to off':>13}")
    for name, values in times.items():
        print(f"{name:<8} {statistics.median(values):>13.0f} {statistics.median(values) / base:>13.2f}")
    print(f"({written} entries written to the found journal)")
    if cells:
        base = statistics.median(cells["off"])
        print(f"\nA check cell run in a kernel, as a student waits for it: {args.cells} cells per kernel")
        print(f"{'journal':<8} {'ms per cell':>13} {'ratio to off':>13}")
        for name, values in cells.items():
            print(f"{name:<8} {statistics.median(values):>13.2f} {statistics.median(values) / base:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
