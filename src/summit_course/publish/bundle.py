"""The files of a release bundle besides its lessons: the manifest, requirements, README, and the zip.

``requirements.txt`` is the wheel and ``requirements/runtime.txt``: the student runtime (what the
lessons need and what it pulls in, none of the instructor's or test tools), at the lock's versions.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from .._version import __version__
from ..authoring.lessons import title_of
from ..authoring.manifest import MANIFEST_FORMAT
from ..authoring.due import due_text

__all__ = ["manifest_for", "readme_text", "repo_file", "requirements_text", "runtime_pins", "zip_folder"]

REPO_ROOT = Path(__file__).resolve().parents[3]
#: Every file in the zip: readable by all, writable by its owner, as a fresh file is.
ZIP_MODE = 0o644
RUNTIME = "requirements/runtime.txt"


def manifest_for(name: str, stems, notebooks: dict, chosen: list[dict], due) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "name": name,
        "course_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "due": due,
        "lessons": [{"lesson": s, "title": title_of(notebooks[s]), "notebook": f"lessons/{s}.ipynb"} for s in stems],
        "exercises": [{"id": e["id"], "lesson": e["lesson"], "variable": e["variable"], "kind": e["kind"],
                       "points": e.get("points", 1), "notebook": f"lessons/{e['lesson']}.ipynb"} for e in chosen],
        "total_points": sum(e.get("points", 1) for e in chosen),
    }



def repo_file(course_root: Path, relative: str) -> Path | None:
    """A file of the course, or else of the repository this package was installed from."""
    for root in (course_root, REPO_ROOT):
        if (root / relative).is_file():
            return root / relative
    return None



def runtime_pins(course_root: Path) -> list[str]:
    """The student runtime's pins, from ``requirements/runtime.txt`` (``make lock`` has uv resolve it
    from pyproject.toml's dependencies with the development lock as constraints)."""
    runtime = repo_file(course_root, RUNTIME)
    if runtime is None:
        raise FileNotFoundError(f"{RUNTIME} is missing: run `make lock` to make it from pyproject.toml.")
    lines = (line.split("#", 1)[0].strip() for line in runtime.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def requirements_text(course_root: Path, wheel: Path) -> str:
    return "\n".join([
        "# Install with:  python -m pip install --no-deps --compile -r requirements.txt   (from this folder)",
        "#   or with uv:  uv pip install --no-deps --compile-bytecode -r requirements.txt",
        "# (--no-deps: this file pins every package, so exactly these are installed; without it pip adds",
        "# rfc3987-syntax, an optional helper of jsonschema that slows every Jupyter start. Compiled",
        "# bytecode: kernels then start without recompiling pandas and matplotlib.)",
        "# The helper package, then the exact versions the course was tested with.",
        wheel.as_posix(), *runtime_pins(course_root), "",
    ])


#: What a lesson's code calls to ask for forecasts (each one is noted in the journal).
FORECAST_CALL = "forecast_sliders("


def asks_forecasts(notebooks) -> bool:
    """Whether any of the student notebooks asks for forecasts (so the README mentions them)."""
    return any(FORECAST_CALL in cell.source for notebook in notebooks for cell in notebook.cells
               if cell.cell_type == "code")


def _points(points: float) -> str:
    """An exercise's points as the README's table shows them: a practice exercise says so, never "0"."""
    return f"{points:g}" if points else "practice (0 points)"


def readme_text(manifest: dict, wheel: Path, forecasts: bool = False) -> str:
    """The bundle's README; ``forecasts``: a lesson asks for forecasts (:func:`asks_forecasts`)."""
    due = f"**Due:** {due_text(manifest['due'])}\n\n" if manifest["due"] else ""
    lessons = "\n".join(f"- `{l['notebook']}`: {l['title']}" for l in manifest["lessons"])
    rows = "\n".join(f"| {e['id']} | `{e['variable']}` | {_points(e['points'])} | "
                     f"{'your instructor, by hand' if e['kind'] == 'written' else 'the grader'} |"
                     for e in manifest["exercises"])
    several = len(manifest["lessons"]) > 1
    hand_in = ("a folder named after you that holds every notebook, each keeping its file name (listed below "
               "inside `lessons/`: your folder may keep that `lessons/` folder, or hold the notebooks directly)"
               if several else "the notebook, keeping its file name (listed below inside `lessons/`; hand in the "
               "notebook itself, or a folder named after you that holds it, with or without `lessons/`)")
    asked = ", and\neach forecast you give," if forecasts else ""
    forecast_values = ", and\nthe probabilities you gave in forecasts" if forecasts else ""
    return f"""# {manifest['name']}

{due}## What to do

Open each notebook, run every cell from the top, and replace each `...` in an answer cell
with your answer. `check()` tells you how many public checks pass; hidden checks run when
your instructor grades. Save the notebook and hand in {hand_in}. Do not rename the
notebooks: the grader finds each lesson by its name.

{lessons}

**Hand in your journal too.** Each `check()`, quiz **Check answer** and hint you open{asked}
is noted in `.summit/journal.jsonl` in this folder (a hidden folder:
in a terminal, `ls -a` shows it). Copy that file, as `journal.jsonl`, beside your notebooks
in a folder named after you, and hand in the folder. It holds, from every lesson you worked
in, the time of each check and whether it passed{"," if forecasts else " and"} the number of each hint you opened{forecast_values}. It never holds your answers and never changes your
grade: it tells your instructor which exercises took many tries or every hint, so the
course can be made clearer.

This assignment is worth **{manifest['total_points']:g} points**. Written answers are scored
by your instructor with a rubric; all other answers by the grader.

| exercise | answer variable | points | scored by |
|---|---|---|---|
{rows}

## Set-up (once)

On a JupyterHub that has the course installed, just open `lessons/`. On your own
computer, with Python 3.10 or newer, open a terminal in this folder and run:

```bash
python -m venv .venv
.venv/bin/python -m pip install --no-deps --compile -r requirements.txt
.venv/bin/jupyter lab lessons/
```

On Windows (PowerShell or Command Prompt), the same steps are:

```
py -m venv .venv
.venv\\Scripts\\python -m pip install --no-deps --compile -r requirements.txt
.venv\\Scripts\\jupyter lab lessons\\
```

`requirements.txt` installs the course's helper package (`{wheel.as_posix()}`) and the
exact versions of JupyterLab, pandas and ipywidgets the course was tested with (it lists
every package, hence `--no-deps`: nothing else is added). The notebooks find `datasets/`
by themselves. Next time, run only the last line.
"""


def zip_folder(folder: Path, target: Path, when: dt.datetime | None = None) -> Path:
    """Zip ``folder`` with entries dated ``when`` (default: now, local time) and mode 0644.

    One date for every entry, so two releases of the same files differ only in it; unzipped
    files get that date, not 1980 (which would look like a submission from 1980).
    """
    stamp = (when or dt.datetime.now()).timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", stamp)
                info.external_attr = (0o100000 | ZIP_MODE) << 16  # a regular file, rw-r--r--
                info.create_system = 3  # Unix, so unzip applies the mode
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return target
