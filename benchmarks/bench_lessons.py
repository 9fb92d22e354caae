"""How long does "Run All" take for each lesson, against the floor measured in the same run?

The floor is what no lesson can beat: a fresh kernel that imports pandas and ipywidgets.
Each lesson (the solved notebook, so every cell does its full work) is executed with
nbclient in a fresh kernel, several times; the table shows medians and the ratio to the
floor (target: at most 1.25). A second table shows what ``import summit_course`` adds to
a bare ``import pandas, ipywidgets`` in a fresh interpreter (target: under 0.15 s).

Usage: ``python benchmarks/bench_lessons.py [--repeat N] [lesson numbers ...]``
(``make bench`` runs it).
"""

from __future__ import annotations

import argparse
import os
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
LESSON_TARGET, IMPORT_TARGET = 1.25, 0.15


def kernel_manager(folder: Path):
    """A kernel manager whose kernel talks over IPC sockets in ``folder`` (where the OS has them).

    Over TCP every kernel warns that it runs "without encryption", a screenful per run.
    """
    from jupyter_client.manager import KernelManager

    transport = {"transport": "ipc", "ip": str(folder / "k")} if os.name == "posix" else {}
    return KernelManager(kernel_name="python3", **transport)


def run_notebook(notebook, cwd: Path) -> float:
    """Seconds to start a kernel, run every cell and shut the kernel down."""
    with tempfile.TemporaryDirectory(prefix="bench-") as sockets:
        km = kernel_manager(Path(sockets))
        client = NotebookClient(nbformat.from_dict(notebook), km=km, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(cwd)}})
        start = time.perf_counter()
        try:
            client.execute()
        finally:
            if km.has_kernel:  # the client shuts down only kernels it started itself
                km.shutdown_kernel()
        return time.perf_counter() - start


def floor_notebook():
    """A notebook with the one cell every lesson needs."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]
    return notebook


def median_time(notebook, cwd: Path, repeat: int) -> float:
    return statistics.median(run_notebook(notebook, cwd) for _ in range(repeat))


def import_seconds(statement: str, repeat: int) -> float:
    """Median wall time of a fresh interpreter running ``statement``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paths = [p for p in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
             if not args.lessons or p.name[:2] in args.lessons]

    floor = median_time(floor_notebook(), ROOT / "solutions", args.repeat)
    rows = []
    for path in tqdm(paths, desc="lessons", unit="lesson"):
        notebook = nbformat.read(path, as_version=4)
        seconds = median_time(notebook, path.parent, args.repeat)
        rows.append((path.stem, seconds, seconds / floor))

    print(f"\nfloor (kernel start + {FLOOR_CELL}): {floor:.2f} s, median of {args.repeat}")
    print(f"{'lesson':32} {'run all (s)':>12} {'x floor':>8}  target <= {LESSON_TARGET}")
    for name, seconds, ratio in rows:
        mark = "ok" if ratio <= LESSON_TARGET else "over"
        print(f"{name:32} {seconds:12.2f} {ratio:8.2f}  {mark}")

    bare = import_seconds("import pandas, ipywidgets", args.repeat + 2)
    ours = import_seconds("import pandas, ipywidgets, summit_course", args.repeat + 2)
    mark = "ok" if ours - bare < IMPORT_TARGET else "over"
    print(f"\nimport pandas, ipywidgets: {bare:.3f} s; + summit_course: {ours:.3f} s; "
          f"adds {ours - bare:+.3f} s (target < {IMPORT_TARGET} s) {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
