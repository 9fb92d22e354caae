"""How long does each lesson's cell make a student wait, and "Run All" take, against the floor measured in the same run?

Each lesson (the solved notebook, so every cell does its full work) runs with nbclient in a
fresh course kernel (``python3``, which loads the course package at start), ``--repeat``
times. Per cell, the wait is the time from the kernel starting the cell to its reply
(nbclient's ``record_timing``); the table lists each lesson's slowest cells (median over the
runs) and the setup cell, in runs whose first cell starts ``--read`` seconds (3) after the
kernel, as for a student who reads the lesson's opening first (``--read 0``: at once, as
Restart & Run All; "Run All" below is always timed at once). A cell over one second fails the benchmark (exit status 1) unless
the markdown cell just above it says why, in a sentence that it takes some seconds (see
``EXCUSED``). A second table shows "Run All" against the floor: a fresh kernel that imports
pandas and ipywidgets (target: at most 1.25x); a third what ``import summit_course`` adds to
``import pandas, ipywidgets`` in a fresh interpreter (target: under 0.15 s).

Usage: ``python benchmarks/bench_lessons.py [--repeat N] [lesson numbers ...]`` (``make bench``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
FLOOR_CELL = "import pandas, ipywidgets"
LESSON_TARGET, IMPORT_TARGET, CELL_TARGET = 1.25, 0.15, 1.0
#: Seconds a student spends on a lesson's opening (title, time, questions, objectives: 150 words or more) before the
#: setup cell: the course kernel imports what the lessons need meanwhile (summit_course/warm.py).
READ = 3.0
SLOWEST = 3
#: A markdown cell that says why the code cell below it takes longer: "... takes a few seconds ...".
EXCUSED = re.compile(r"\btakes?\b[^.]{0,80}\bseconds?\b", re.I)


def kernel_manager(folder: Path):
    """A kernel manager whose kernel talks over IPC sockets in ``folder`` (where the OS has them).

    Over TCP every kernel warns that it runs "without encryption", a screenful per run.
    """
    from jupyter_client.manager import KernelManager

    transport = {"transport": "ipc", "ip": str(folder / "k")} if os.name == "posix" else {}
    return KernelManager(kernel_name="python3", **transport)


def run_notebook(notebook, cwd: Path, read: float = 0.0) -> tuple[float, list[float | None]]:
    """Seconds to start a kernel, run every cell and shut the kernel down; and each code cell's own seconds.

    With ``read``, the first cell runs that many seconds after the kernel started (a student
    reading the lesson's opening); the seconds returned leave that pause out.
    """
    with tempfile.TemporaryDirectory(prefix="bench-") as sockets:
        km = kernel_manager(Path(sockets))
        client = NotebookClient(nbformat.from_dict(notebook), km=km, timeout=300, kernel_name="python3",
                                record_timing=True, resources={"metadata": {"path": str(cwd)}})
        start = time.perf_counter()
        try:
            with client.setup_kernel(env={**os.environ, "SUMMIT_JOURNAL": "off"}):
                time.sleep(read)
                start += read
                for index, cell in enumerate(client.nb.cells):
                    client.execute_cell(cell, index)
        finally:
            if km.has_kernel:  # the client shuts down only kernels it started itself
                km.shutdown_kernel()
        return time.perf_counter() - start, [_cell_seconds(cell) for cell in client.nb.cells]


def _cell_seconds(cell) -> float | None:
    timing = cell.get("metadata", {}).get("execution", {})
    if cell.cell_type != "code" or "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
        return None
    began, ended = (dt.datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                    for k in ("iopub.execute_input", "shell.execute_reply"))
    return (ended - began).total_seconds()


def floor_notebook():
    """A notebook with the one cell every lesson needs."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]
    return notebook


def median_time(notebook, cwd: Path, repeat: int, read: float = 0.0) -> tuple[float, list[float | None]]:
    """Median Run All seconds, and each cell's median seconds (None for cells that do not run)."""
    runs = [run_notebook(notebook, cwd, read) for _ in range(repeat)]
    cells = [None if None in column else statistics.median(column) for column in zip(*(r[1] for r in runs))]
    return statistics.median(r[0] for r in runs), cells


def import_seconds(statement: str, repeat: int) -> float:
    """Median wall time of a fresh interpreter running ``statement``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def excused(notebook, index: int) -> bool:
    """Whether the markdown cell just above code cell ``index`` says why it takes longer."""
    above = notebook.cells[index - 1] if index > 0 else None
    return above is not None and above.cell_type == "markdown" and bool(EXCUSED.search(above.source))


def slow_cells(name: str, notebook, cells: list[float | None]) -> list[str]:
    """Print the lesson's setup cell and slowest cells; return the cells over the target without a reason."""
    timed = [(seconds, index) for index, seconds in enumerate(cells) if seconds is not None]
    setup = next((i for i, c in enumerate(notebook.cells) if c.cell_type == "code"
                  and c.source.startswith("# Run this cell first")), None)
    shown = sorted(timed, reverse=True)[:SLOWEST]
    if setup is not None and all(index != setup for _, index in shown):
        shown.append((cells[setup], setup))
    over = []
    for seconds, index in shown:
        first = notebook.cells[index].source.strip().splitlines()[0][:60]
        if seconds <= CELL_TARGET:
            mark = "ok"
        elif excused(notebook, index):
            mark = "over, the lesson says why"
        else:
            mark = "OVER"
            over.append(f"{name} cell {index + 1} ({seconds:.2f} s)")
        print(f"  cell {index + 1:3d} {seconds:6.2f} s  {mark:26} {first}" + ("  [setup]" if index == setup else ""))
    return over


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--read", type=float, default=READ, help="seconds between the kernel's start and a student's "
                        "first cell, for the cell table (default: %(default)s; 0: Run All at once)")
    args = parser.parse_args(argv)
    paths = [p for p in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
             if not args.lessons or p.name[:2] in args.lessons]
    print(f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}", flush=True)

    floor, _ = median_time(floor_notebook(), ROOT / "solutions", args.repeat)
    rows, over = [], []
    print(f"\nslowest cells per lesson (median of {args.repeat} fresh course kernels, the first cell {args.read:g} s "
          f"after the kernel's start; target <= {CELL_TARGET:g} s a cell, or a reason in the markdown above it)")
    for path in tqdm(paths, desc="lessons", unit="lesson", disable=not sys.stderr.isatty()):
        notebook = nbformat.read(path, as_version=4)
        seconds, at_once = median_time(notebook, path.parent, args.repeat)
        rows.append((path.stem, seconds, seconds / floor))
        cells = median_time(notebook, path.parent, args.repeat, args.read)[1] if args.read else at_once
        print(f"{path.stem}:")
        over += slow_cells(path.stem, notebook, cells)

    print(f"\nfloor (kernel start + {FLOOR_CELL}): {floor:.2f} s, median of {args.repeat}")
    print(f"{'lesson':32} {'run all (s)':>12} {'x floor':>8}  target <= {LESSON_TARGET}")
    for name, seconds, ratio in rows:
        print(f"{name:32} {seconds:12.2f} {ratio:8.2f}  {'ok' if ratio <= LESSON_TARGET else 'over'}")

    bare = import_seconds("import pandas, ipywidgets", args.repeat + 2)
    ours = import_seconds("import pandas, ipywidgets, summit_course", args.repeat + 2)
    mark = "ok" if ours - bare < IMPORT_TARGET else "over"
    print(f"\nimport pandas, ipywidgets: {bare:.3f} s; + summit_course: {ours:.3f} s; "
          f"adds {ours - bare:+.3f} s (target < {IMPORT_TARGET} s) {mark}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if over:
        print(f"\nFAILED: {len(over)} cell(s) over {CELL_TARGET:g} s with no reason beside them: " + "; ".join(over))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
