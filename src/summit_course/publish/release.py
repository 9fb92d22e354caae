"""Build a student release: the chosen lessons, the datasets, the helper package, a manifest.

``release(course_root, out_dir, lessons=["01", "03"], exercises=["3.2", "3.4"])`` writes a
folder and a zip of it::

    <name>/README.md            how to install, what to do, the due date
    <name>/requirements.txt     the locked versions of what the lessons need, and the wheel
    <name>/assignment.json      the manifest: exercise ids, variables, points, lessons, due
    <name>/lessons/NN-slug.ipynb
    <name>/datasets/...
    <name>/package/summit_course-<version>-py3-none-any.whl

The student notebooks are built from ``solutions/`` by the same function as ``make
build`` (answers become ``...``, instructor notes are dropped). When single exercises are
chosen, a lesson that holds any of them keeps only those exercises' cells and its teaching
cells; a lesson with none of them chosen is released whole. Nothing that answers an
exercise enters the bundle: no solution notebook, no exercise source (TOML), no hidden
check, no rubric. :func:`leaks` checks the finished bundle for all of these and the
release is refused if it finds one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

from .._version import __version__
from ..authoring.exercises import instructor_exercises
from ..authoring.lessons import BEGIN, NAV_MARK, Course, lesson_from_solution, navigation, title_of, with_navigation
from ..authoring.manifest import MANIFEST, MANIFEST_FORMAT
from ..data import course_data
from .wheel import build_wheel

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["ReleaseError", "leaks", "release"]

EXERCISE_HEADING = re.compile(r"^#{3}\s*Exercise\s+(\d+\.\w+)", re.M)
SECTION_HEADING = re.compile(r"^#{1,3}\s", re.M)
REPO_ROOT = Path(__file__).resolve().parents[3]
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}


class ReleaseError(ValueError):
    """The release cannot be built as asked; the message says why and what to do."""


def release(course_root, out_dir, lessons=(), exercises=None, due=None, name=None) -> Path:
    """Write a student bundle (folder and zip) for some lessons or single exercises.

    Parameters
    ----------
    course_root : str or Path
        The instructor's course folder (with ``solutions/`` and ``datasets/``).
    out_dir : str or Path
        Where the bundle folder and ``<name>.zip`` go.
    lessons : sequence of str
        Lesson numbers or names (``"01"`` or ``"01-the-summit"``). May be empty when
        ``exercises`` is given: their lessons are used.
    exercises : sequence of str, optional
        Exercise ids (``"3.2"``). A lesson that holds any of them keeps only those.
    due : str, optional
        The due date or date and time, ISO 8601 (``2025-10-01`` or ``2025-10-01T17:00``).
    name : str, optional
        The bundle's name; default ``assignment-`` and the lesson numbers.

    Returns
    -------
    Path
        The bundle folder (the zip is next to it, with the same name).
    """
    course = Course(Path(course_root).resolve())
    entries = instructor_exercises(course.exercise_sources) if course.exercise_sources.is_dir() else []
    chosen_lessons = _resolve_lessons(course, lessons, exercises, entries)
    chosen = _choose_exercises(chosen_lessons, exercises, entries)
    name = name or "assignment-" + "-".join(stem[:2] for stem in chosen_lessons)
    if not re.fullmatch(r"[\w.-]+", name):
        raise ReleaseError(f"The bundle name {name!r} may only use letters, digits, '.', '-' and '_'.")
    bundle = _fresh_folder(Path(out_dir) / name)
    notebooks = _student_notebooks(course, chosen_lessons, chosen, entries)
    for stem, notebook in notebooks.items():
        (bundle / "lessons").mkdir(exist_ok=True)
        (bundle / "lessons" / f"{stem}.ipynb").write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    if (course.root / "datasets").is_dir():
        shutil.copytree(course.root / "datasets", bundle / "datasets", ignore=_ignored)
    wheel = build_wheel(_project_root(course.root), bundle / "package")
    manifest = _manifest(name, chosen_lessons, notebooks, chosen, due)
    (bundle / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (bundle / "requirements.txt").write_text(_requirements(course.root, wheel.relative_to(bundle)), encoding="utf-8")
    (bundle / "README.md").write_text(_readme(manifest, wheel.relative_to(bundle)), encoding="utf-8")
    with course_data(course.root):
        found = leaks(bundle, entries, scan_answers_in=("README.md", MANIFEST, "requirements.txt"))
    if found:
        shutil.rmtree(bundle)
        raise ReleaseError("Refusing to release: the bundle would reveal answers:\n  " + "\n  ".join(found))
    _zip_folder(bundle, bundle.with_suffix(".zip"))
    return bundle


# -- choosing lessons and exercises ------------------------------------------------------


def _resolve_lessons(course: Course, lessons, exercises, entries) -> list[str]:
    available = [p.stem for p in course.notebooks()]
    if not available:
        raise ReleaseError(f"{course.solutions} has no lesson notebooks (NN-slug.ipynb).")
    wanted = [str(w).strip() for w in lessons if str(w).strip()]
    if not wanted and exercises:
        lesson_of = {e["id"]: e["lesson"] for e in entries}
        wanted = sorted({lesson_of[i] for i in exercises if i in lesson_of})
    if not wanted:
        raise ReleaseError("Choose at least one lesson (like '01') or exercise (like '3.2').")
    stems = []
    for item in wanted:
        matches = [s for s in available if s == item or s[:2] == item.zfill(2)]
        if len(matches) != 1:
            raise ReleaseError(f"There is no lesson {item!r}. Lessons: {', '.join(available)}.")
        if matches[0] not in stems:
            stems.append(matches[0])
    return sorted(stems)


def _choose_exercises(stems: list[str], exercises, entries) -> list[dict]:
    """The released exercises: every exercise of the lessons, narrowed where ids were given."""
    by_id = {e["id"]: e for e in entries}
    ids = [str(i).strip() for i in (exercises or []) if str(i).strip()]
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise ReleaseError(f"Unknown exercise id(s): {', '.join(unknown)}. Known: {', '.join(by_id)}.")
    outside = [i for i in ids if by_id[i]["lesson"] not in stems]
    if outside:
        raise ReleaseError(f"Exercise(s) {', '.join(outside)} are not in the chosen lessons ({', '.join(stems)}).")
    narrowed = {by_id[i]["lesson"] for i in ids}
    return [e for e in entries if e["lesson"] in stems and (e["lesson"] not in narrowed or e["id"] in ids)]


def exercise_blocks(notebook) -> dict[int, str]:
    """Map each cell index that belongs to an exercise (heading to next heading) to its id."""
    blocks, current = {}, None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            heading = EXERCISE_HEADING.search(cell.source)
            if heading:
                current = heading.group(1)
            elif SECTION_HEADING.search(cell.source) or cell.source.startswith(NAV_MARK):
                current = None
        if current is not None:
            blocks[index] = current
    return blocks


def _student_notebooks(course: Course, stems: list[str], chosen: list[dict], entries) -> dict:
    """Build each chosen lesson's student copy, cut to the chosen exercises, with navigation."""
    keep = {e["id"] for e in chosen}
    notebooks = {}
    for stem in stems:
        solution = nbformat.read(course.solutions / f"{stem}.ipynb", as_version=4)
        lesson = lesson_from_solution(solution)
        blocks = exercise_blocks(lesson)
        dropped = {e["id"] for e in entries if e["lesson"] == stem} - keep
        headless = sorted(dropped - set(blocks.values()))
        if headless:
            raise ReleaseError(f"{stem}: no '### Exercise {headless[0]}' heading, so the lesson cannot be cut "
                               "to single exercises.")
        lesson.cells = [c for i, c in enumerate(lesson.cells) if blocks.get(i) not in dropped]
        notebooks[stem] = lesson
    titles = [title_of(nb) for nb in notebooks.values()]
    paths = [Path(f"{stem}.ipynb") for stem in notebooks]
    for index, notebook in enumerate(notebooks.values()):
        nav = navigation(paths, titles, index).replace("../README.md#lessons", "../README.md#what-to-do")
        with_navigation(notebook, nav)
    return notebooks


# -- the bundle's files ------------------------------------------------------------------


def _fresh_folder(folder: Path) -> Path:
    if folder.exists():
        if not (folder / MANIFEST).is_file():
            raise ReleaseError(f"{folder} exists and is not a release bundle; choose another output folder.")
        shutil.rmtree(folder)
        folder.with_suffix(".zip").unlink(missing_ok=True)
    folder.mkdir(parents=True)
    return folder


def _ignored(directory, names) -> list[str]:
    return [n for n in names if n in SKIP_NAMES or n.endswith((".pyc", ".toml"))]


def _manifest(name: str, stems, notebooks: dict, chosen: list[dict], due) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "name": name,
        "course_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "due": _due(due),
        "lessons": [{"lesson": s, "title": title_of(notebooks[s]), "notebook": f"lessons/{s}.ipynb"} for s in stems],
        "exercises": [{"id": e["id"], "lesson": e["lesson"], "variable": e["variable"], "kind": e["kind"],
                       "points": e.get("points", 1), "notebook": f"lessons/{e['lesson']}.ipynb"} for e in chosen],
        "total_points": sum(e.get("points", 1) for e in chosen),
    }


def _due(due) -> str | None:
    if due is None or str(due).strip() == "":
        return None
    text = str(due).strip()
    try:
        return (dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)).isoformat()
    except ValueError:
        raise ReleaseError(f"The due date {text!r} is not ISO 8601 (like 2025-10-01 or 2025-10-01T17:00).") from None


def _project(course_root: Path) -> dict:
    path = _repo_file(course_root, "pyproject.toml")
    if path is None:
        return {"name": "summit-course", "dependencies": []}
    with path.open("rb") as handle:
        return tomllib.load(handle).get("project", {})


def _repo_file(course_root: Path, relative: str) -> Path | None:
    """A file of the course, or else of the repository this package was installed from."""
    for root in (course_root, REPO_ROOT):
        if (root / relative).is_file():
            return root / relative
    return None


def _project_root(course_root: Path) -> Path:
    """The folder whose pyproject.toml builds the helper package."""
    pyproject = _repo_file(course_root, "pyproject.toml")
    if pyproject is None:
        raise ReleaseError("Cannot find the course's pyproject.toml to build the helper package.")
    return pyproject.parent


def _requirement_name(text: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", text.strip(), maxsplit=1)[0].lower().replace("_", "-")


def locked_runtime_requirements(lock_text: str, dependencies) -> list[str]:
    """The lock's lines for the runtime dependencies and everything they pull in.

    Test-only packages (pytest, nbval, distributed) are left out: students do not need them.
    """
    blocks: dict[str, tuple[list[str], set[str]]] = {}
    current = None
    for line in lock_text.splitlines():
        if re.match(r"^[A-Za-z0-9]", line):
            current = _requirement_name(line)
            blocks.setdefault(current, ([], set()))[0].append(line.strip())
        elif current and line.strip().startswith("#"):
            parent = line.strip().lstrip("#").strip().removeprefix("via").strip()
            if parent:
                blocks[current][1].add(_requirement_name(parent))
    needed = {_requirement_name(d) for d in dependencies}
    grown = True
    while grown:
        grown = False
        for package, (_, parents) in blocks.items():
            if package not in needed and parents & needed:
                needed.add(package)
                grown = True
    return [line for package, (lines, _) in blocks.items() if package in needed for line in lines]


def _requirements(course_root: Path, wheel: Path) -> str:
    dependencies = _project(course_root).get("dependencies", [])
    lock = _repo_file(course_root, "requirements/lock.txt")
    pinned = locked_runtime_requirements(lock.read_text("utf-8"), dependencies) if lock else list(dependencies)
    return "\n".join([
        "# Install with:  python -m pip install -r requirements.txt   (from this folder)",
        "# The helper package, then the exact versions the course was tested with.",
        wheel.as_posix(), *pinned, "",
    ])


def _readme(manifest: dict, wheel: Path) -> str:
    due = f"**Due:** {manifest['due']}\n\n" if manifest["due"] else ""
    lessons = "\n".join(f"- `{l['notebook']}`: {l['title']}" for l in manifest["lessons"])
    rows = "\n".join(f"| {e['id']} | `{e['variable']}` | {e['points']:g} |" for e in manifest["exercises"])
    return f"""# {manifest['name']}

{due}## What to do

Open each notebook, run every cell from the top, and replace each `...` in an answer cell
with your answer. `check()` tells you how many public checks pass; hidden checks run when
your instructor grades. Save the notebook and hand it in as your instructor says (one
`.ipynb` file per lesson, or a folder named after you that holds them).

{lessons}

| exercise | answer variable | points |
|---|---|---|
{rows}

## Set-up (once)

On a JupyterHub that has the course installed, just open `lessons/`. On your own
computer, with Python 3.10 or newer, from this folder:

```bash
python -m venv .venv
.venv/bin/python -m pip install -r requirements.txt     # Windows: .venv\\Scripts\\python
.venv/bin/jupyter lab lessons/
```

`requirements.txt` installs the course's helper package (`{wheel.as_posix()}`) and the
exact versions of JupyterLab, pandas and ipywidgets the course was tested with. The
notebooks find `datasets/` by themselves.
"""


# -- the helper package as a wheel -------------------------------------------------------


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return target


# -- the leak check ----------------------------------------------------------------------


def _text_files(folder: Path):
    """Yield ``(name, text)`` for every text file in ``folder``, looking inside zips and wheels."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield from _decoded(f"{name}!{member}", archive.read(member))
        else:
            yield from _decoded(name, data)


def _decoded(name: str, data: bytes):
    try:
        yield name, data.decode("utf-8")
    except UnicodeDecodeError:
        return


def leaks(folder, entries, scan_answers_in=None) -> list[str]:
    """Everything in a bundle that would reveal an answer; an empty list when clean.

    Looks for solution notebooks and exercise sources (by name), solution regions in
    notebooks, rubric lines and hidden checks (in every text file, inside zips too; hidden
    checks are not searched in the helper package's code, where generic expressions such
    as ``isinstance(value, int)`` occur for other reasons, and which the repository's own
    tests keep free of answers), and the text and date model answers. Lesson prose and
    data may legitimately mention an answer's words ("Vostochny"), so ``scan_answers_in``
    can limit the answer search to some top-level names; by default every file is searched.
    """
    from ..authoring.exercises import model_answer
    from ..keys import canonical, normalise_text

    folder = Path(folder)
    found = [f"{p.relative_to(folder)}: an instructor file" for p in folder.rglob("*")
             if p.suffix == ".toml" or "solutions" in p.relative_to(folder).parts]
    rubrics = [(f"a rubric line of {e['id']}", r) for e in entries for r in e.get("rubric", []) if len(r) >= 8]
    hidden = [(f"a hidden check of {e['id']}", h) for e in entries for h in e.get("hidden", []) if len(h) >= 8]
    answers = [(f"the answer to {e['id']}", form) for e in entries if e["kind"] in ("text", "date")
               for a in [model_answer(e), *e.get("also_accept", [])]
               for form in [canonical(e["kind"], a, {})] if len(form) >= 5]
    for name, text in _text_files(folder):
        top = name.split("/")[0].split("!")[0]
        in_code = top == "package" and name.endswith(".py")
        found += [f"{name}: {what}" for what, secret in rubrics + ([] if in_code else hidden) if secret in text]
        if name.endswith(".ipynb") and BEGIN in text:
            found.append(f"{name}: a solution region")
        if scan_answers_in is None or top in scan_answers_in:
            folded = normalise_text(text)
            found += [f"{name}: {what}" for what, answer in answers if answer in folded]
    return found
