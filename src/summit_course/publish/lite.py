"""Build a JupyterLite site of the lessons: the course in a browser, with no server.

The site is static (any web host or a USB stick will do) and serves Pyodide's core, the
course's wheel and every pure-Python package the kernel and the lessons need
(:mod:`.pyodide`): the kernel starts with no network. Pyodide's compiled packages (numpy,
pandas, matplotlib, pillow...) are on no registry this build can use, so the browser loads
them from Pyodide's CDN the first time a lesson runs. Each lesson in the site gets a first
cell that installs the course and loads those packages, or says in one sentence that it
needs the network (:mod:`summit_course.in_browser`).

The build tools (jupyterlite-core and the Pyodide kernel) live in an environment of their
own, ``.lite/venv``, which ``make lite`` sets up with Pyodide from npm and the wheels from
PyPI; after that the build needs no network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..authoring.lessons import title_of
from .pyodide import bundle_pyodide
from .wheel import build_wheel

__all__ = ["SETUP_CELL", "LiteTools", "build_lite", "contents_readme", "lite_lesson", "stage_contents"]

SETUP_CELL = (
    "# JupyterLite only: install the course into this browser tab and load pandas and matplotlib\n"
    "%pip install -q --no-deps summit-course\n"
    "from summit_course.in_browser import load_course_packages\n"
    "await load_course_packages()"
)
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"


@dataclass(frozen=True)
class LiteTools:
    """What a build uses: the Python of the JupyterLite tools, Pyodide's npm package, the wheels."""

    python: Path
    pyodide: Path
    wheels: Path

    @classmethod
    def find(cls, project_root: Path) -> LiteTools:
        """The tools ``make lite`` installs under ``project_root``; a clear error when one is missing."""
        root = Path(project_root)
        tools = cls(root / ".lite" / "venv" / "bin" / "python",
                    root / "requirements" / "pyodide" / "node_modules" / "pyodide", root / ".lite" / "wheels")
        for what, path in (("JupyterLite's build tools", tools.python),
                           ("Pyodide (from npm)", tools.pyodide / "pyodide-lock.json"),
                           ("Pyodide's wheels", tools.wheels)):
            if not path.exists():
                raise RuntimeError(f"{what} are not set up ({path} is missing): run `make lite-tools` once, "
                                   "with the network (it needs npm: sudo apt-get install npm).")
        return tools


def lite_lesson(path: Path):
    """A lesson with the setup cell in front of its first code cell."""
    notebook = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(SETUP_CELL)
    cell["id"] = "lite-setup"
    first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(first_code, cell)
    return notebook


def contents_readme(lessons: list[Path]) -> str:
    """The README the lessons' "Contents" link opens (``../README.md#lessons``)."""
    items = "\n".join(f"- [{p.stem[:2]} {title_of(nbformat.read(p, as_version=4))}](lessons/{p.name})"
                      for p in lessons)
    return ("# Summit at Vostochny\n\nA Jupyter course on the September 2023 meeting of Vladimir Putin and "
            "Kim Jong Un, running in this browser (JupyterLite). Your work stays in this browser's storage: "
            "download a notebook (File > Download) to keep it elsewhere.\n\n"
            f"## Lessons\n\nStart with lesson 00 and run each lesson's cells from the top.\n\n{items}\n")


def stage_contents(root: Path, staging: Path) -> Path:
    """Copy lessons (with setup cells), datasets and a contents README into ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "lessons").mkdir(parents=True)
    lessons = sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb"))
    for path in lessons:
        nbformat.write(lite_lesson(path), staging / "lessons" / path.name)
    shutil.copytree(Path(root) / "datasets", staging / "datasets")
    (staging / "README.md").write_text(contents_readme(lessons), encoding="utf-8")
    return staging


def _stage_packages(tools: LiteTools, project_root: Path, work: Path) -> list[str]:
    """Pyodide into ``work/static/pyodide``, piplite's wheels into ``work/pypi``; the packages left remote."""
    remote = bundle_pyodide(tools.pyodide, tools.wheels, work / "static" / "pyodide")
    pypi = work / "pypi"
    if pypi.exists():
        shutil.rmtree(pypi)
    build_wheel(project_root, pypi)
    served = {p.name for p in (work / "static" / "pyodide").glob("*.whl")}
    for wheel in sorted(tools.wheels.glob("*.whl")):  # the widgets and comm: not in Pyodide's lock
        if wheel.name not in served:
            shutil.copy2(wheel, pypi / wheel.name)
    # Everything the course installs is in the site: piplite never asks PyPI (offline it would hang).
    settings = {"jupyter-config-data": {"litePluginSettings": {KERNEL_SETTINGS: {"disablePyPIFallback": True}}}}
    (work / "jupyter-lite.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return remote


def build_lite(root: Path, output: Path, work: Path | None = None, tools: LiteTools | None = None) -> Path:
    """Build the JupyterLite site into ``output`` (staging in ``work``); return its path."""
    root = Path(root)
    tools = tools or LiteTools.find(root)
    work = Path(work or root / "build" / "lite")
    work.mkdir(parents=True, exist_ok=True)
    contents = stage_contents(root, work / "contents")
    remote = _stage_packages(tools, root, work)
    result = subprocess.run(
        [str(tools.python), "-m", "jupyter", "lite", "build", "--contents", str(contents),
         "--output-dir", str(output)], cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"jupyter lite build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    (Path(output) / "remote-packages.txt").write_text(
        "# Pyodide's compiled packages the lessons need, which this site loads from Pyodide's CDN\n"
        + "\n".join(remote) + "\n", encoding="utf-8")
    return Path(output)
