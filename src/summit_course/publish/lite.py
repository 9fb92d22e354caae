"""Build a JupyterLite site of the lessons: the course in a browser, with no server.

The site is static (any web host or a USB stick will do), but it is not offline:
Pyodide, pandas and ipywidgets load from their CDN and PyPI the first time a lesson
runs. The course's own wheel ships inside the site (piplite), and each lesson in the site
gets a first cell that installs it, so ``from summit_course import ...`` works in Pyodide.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from .wheel import build_wheel

__all__ = ["INSTALL_CELL", "build_lite", "stage_contents"]

INSTALL_CELL = (
    "# JupyterLite only: install the course's helper package into this browser tab\n"
    "%pip install -q ipywidgets\n"
    "%pip install -q --no-deps summit-course"
)


def lite_lesson(path: Path):
    """A lesson with the install cell in front of its setup cell."""
    notebook = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(INSTALL_CELL)
    cell["id"] = "lite-install"
    first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(first_code, cell)
    return notebook


def stage_contents(root: Path, staging: Path) -> Path:
    """Copy lessons (with install cells) and datasets into ``staging``, keeping folders."""
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "lessons").mkdir(parents=True)
    for path in sorted((root / "lessons").glob("*.ipynb")):
        nbformat.write(lite_lesson(path), staging / "lessons" / path.name)
    shutil.copytree(root / "datasets", staging / "datasets")
    return staging


def build_lite(root: Path, output: Path, work: Path | None = None) -> Path:
    """Build the JupyterLite site into ``output`` (staging in ``work``); return its path."""
    work = work or root / "build" / "lite"
    contents = stage_contents(root, work / "contents")
    wheel = build_wheel(root, work / "wheels")
    subprocess.run(
        [sys.executable, "-m", "jupyter", "lite", "build", "--contents", str(contents),
         "--piplite-wheels", str(wheel), "--output-dir", str(output)],
        check=True, cwd=work,
    )
    return output
