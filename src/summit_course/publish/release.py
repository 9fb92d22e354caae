"""Build a student release: the chosen lessons, the datasets, the helper package, a manifest.

``release(course_root, out_dir, lessons=["01", "03"], exercises=["3.2", "3.4"])`` writes a
folder and a zip of it::

    <name>/README.md            how to install, what to do, the due date
    <name>/requirements.txt     the locked versions of what the lessons need, and the wheel
    <name>/assignment.json      the manifest: exercise ids, variables, points, lessons, due
    <name>/lessons/NN-slug.ipynb
    <name>/datasets/...         as they stood on the lessons' knowledge date (``released_data``)
    <name>/package/summit_course-<version>-py3-none-any.whl
    <name>/site/index.html      with ``site=True``: the learner edition of the website, to read offline

The student notebooks are built from ``solutions/`` by the same function as ``make
build`` (answers become ``...``, instructor notes are dropped). When single exercises are
chosen, a lesson that holds any of them keeps only those exercises' cells and its teaching
cells; a lesson with none of them chosen is released whole. Nothing that answers an
exercise enters the bundle: no solution notebook, no exercise source (TOML), no hidden
check, no rubric. :func:`leaks` checks the finished bundle for all of these and the
release is refused if it finds one. Nor does anything tell what came after the lessons'
knowledge date: the tables are cut to it, the wheel's registry to the lessons released so far.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..authoring.due import DueDateError, parse_due
from ..authoring.lessons import NAV_MARK, Course, lesson_from_solution, navigation, title_of, with_navigation
from ..authoring.manifest import MANIFEST
from ..authoring.registry_check import stale_registry
from ..authoring.verify import checked_exercises
from ..data import course_data
from ..gradebook import UsageError
from .bundle import asks_forecasts, manifest_for, readme_text, repo_file, requirements_text, zip_folder
from .leaks import leaks
from .released_data import release_day, write_cut_tables
from .wheel_registry import trim_registry
from .site.audit import site_leaks
from .wheel import build_wheel

__all__ = ["RELEASE_WRITES", "ReleaseError", "exercise_blocks", "is_past", "release"]

EXERCISE_HEADING = re.compile(r"^#{3}\s*Exercise\s+(\d+\.\w+)", re.M)
SECTION_HEADING = re.compile(r"^#{1,3}\s", re.M)
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}
SITE_NOTE = ("\n## Reading the lessons in a browser\n\n`site/` holds the lessons as web pages, with their "
             "figures and tables and a search box, no answers. They need no network and no Python. Serve "
             "them with `python -m http.server -d site` and open http://localhost:8000/. Opened from disk "
             "(`site/index.html`), the pages work, but the browser blocks the extracts under each search "
             "result. To run a lesson, open it in `lessons/` with JupyterLab.\n")


class ReleaseError(UsageError):
    """The release cannot be built as asked; the message says why and what to do."""


def release(course_root, out_dir, lessons=(), exercises=None, due=None, name=None, site=False) -> Path:
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
        The due date or date and time, ISO 8601 (``2025-10-01`` or ``2025-10-01T17:00``); without
        a zone, this machine's (see :func:`.due.parse_due`). The manifest stores it with its offset.
    name : str, optional
        The bundle's name; default ``assignment-`` and the lesson numbers.
    site : bool
        Also write ``site/``: the learner edition of the course website for the chosen
        lessons (whole lessons, with their stored figures and tables), to read offline.

    Returns
    -------
    Path
        The bundle folder (the zip is next to it, with the same name).
    """
    course = Course(Path(course_root).resolve())
    # a broken exercise stops the release, with every problem of the exercise files
    entries = checked_exercises(course.exercise_sources, course.root) if course.exercise_sources.is_dir() else []
    stale = stale_registry(course, "release")  # the wheel would ship old keys: check() and the grade would disagree
    if stale:
        raise ReleaseError(stale)
    # Every argument is checked before anything on disk is touched.
    due = _due(due)
    chosen_lessons = _resolve_lessons(course, lessons, exercises, entries)
    chosen = _choose_exercises(chosen_lessons, exercises, entries)
    if not name:  # the default name says which lessons, and which exercises when only some were chosen
        name = "assignment-" + "-".join(stem[:2] for stem in chosen_lessons)
        if exercises:
            name += "-ex-" + "-".join(e["id"] for e in chosen if e["id"] in set(map(str, exercises)))
    if not re.fullmatch(r"[\w.-]+", name):
        raise ReleaseError(f"The bundle name {name!r} may only use letters, digits, '.', '-' and '_'.")
    target = Path(out_dir).resolve() / name
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The bundle is built in a temporary folder next to the target and swapped in only when
    # complete: a failure on the way leaves an earlier release exactly as it was.
    with tempfile.TemporaryDirectory(prefix=f".{name}.", dir=target.parent) as scratch:
        bundle = Path(scratch) / name
        bundle.mkdir()
        notebooks = _student_notebooks(course, chosen_lessons, chosen, entries)
        for stem, notebook in notebooks.items():
            (bundle / "lessons").mkdir(exist_ok=True)
            (bundle / "lessons" / f"{stem}.ipynb").write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        if (course.root / "datasets").is_dir():
            shutil.copytree(course.root / "datasets", bundle / "datasets", ignore=_ignored)
            day = release_day(notebooks.values())  # nothing on disk from after the lessons' knowledge date
            if day is not None:
                with course_data(course.root):
                    write_cut_tables(bundle / "datasets", day)
        if site:
            _write_site(course, bundle / "site", chosen_lessons, Path(scratch))
        wheel = build_wheel(_project_root(course.root), bundle / "package")
        trim_registry(wheel, chosen_lessons[-1])  # no later lesson's prompts, options or hints
        manifest = manifest_for(name, chosen_lessons, notebooks, chosen, due)
        (bundle / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (bundle / "requirements.txt").write_text(requirements_text(course.root, wheel.relative_to(bundle)),
                                                 encoding="utf-8")
        readme = (readme_text(manifest, wheel.relative_to(bundle), asks_forecasts(notebooks.values()))
                  + (SITE_NOTE if site else ""))
        (bundle / "README.md").write_text(readme, encoding="utf-8")
        with course_data(course.root):
            found = leaks(bundle, entries, scan_answers_in=("README.md", MANIFEST, "requirements.txt"))
            if site:
                found += [f"site/{f}" for f in site_leaks(bundle / "site", entries, bundle / "lessons", course.solutions)]
        if found:
            raise ReleaseError("Refusing to release: the bundle would reveal answers:\n  " + "\n  ".join(found))
        zip_folder(bundle, Path(scratch) / f"{name}.zip")
        _swap_in(bundle, target)
        os.replace(Path(scratch) / f"{name}.zip", target.with_suffix(".zip"))
    return target



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


def _write_site(course: Course, folder: Path, stems: list[str], work: Path) -> None:
    """The learner edition of the chosen lessons; no JupyterLite link (a bundle carries none), and
    Binder links only when ``SUMMIT_SITE_BINDER_REPO`` names the student repository."""
    from .site import SiteSettings, build_edition
    from .site.build import binder_repo

    settings = SiteSettings(binder=binder_repo(), lite=None)
    build_edition(course.root, "learner", folder, settings, work=work, stems=set(stems))


# -- the bundle's files ------------------------------------------------------------------


# What a release writes at the top of its bundle folder; anything else there (the ``.git`` of
# a student repository, a .gitignore, a binder/ folder) is the instructor's and is kept.
RELEASE_WRITES = ("README.md", "requirements.txt", MANIFEST, "lessons", "datasets", "package", "site")


def _check_target(folder: Path) -> None:
    """Refuse, before anything is written, a folder that holds files but no earlier release."""
    if folder.exists() and not folder.is_dir():
        raise ReleaseError(f"{folder} is a file, not a folder; choose another --name or --out.")
    if folder.is_dir() and not (folder / MANIFEST).is_file():
        others = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
        if others:
            raise ReleaseError(f"{folder} exists and is not a release bundle (it has no {MANIFEST} but holds "
                               f"{', '.join(sorted(others)[:5])}); nothing was changed. Choose another --out or "
                               "--name, or empty that folder.")


def _swap_in(built: Path, target: Path) -> None:
    """Replace what an earlier release wrote in ``target`` by ``built``'s files; keep the rest."""
    if not target.exists():
        os.replace(built, target)
        return
    for name in RELEASE_WRITES:
        old, new = target / name, built / name
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        elif old.exists() or old.is_symlink():
            old.unlink()
        if new.exists():
            os.replace(new, old)


def is_past(due: str | None, now: dt.datetime | None = None) -> bool:
    """Whether an ISO due date (or date and time) has passed; a date alone lasts to its end."""
    if not due:
        return False
    if len(due) == 10:
        return dt.date.fromisoformat(due) < (now or dt.datetime.now()).date()
    moment = dt.datetime.fromisoformat(due)
    if moment.tzinfo is not None:
        return moment < (now or dt.datetime.now(dt.timezone.utc))
    return moment < (now or dt.datetime.now()).replace(tzinfo=None)


def _ignored(directory, names) -> list[str]:
    return [n for n in names if n in SKIP_NAMES or n.endswith((".pyc", ".toml"))]



def _due(due) -> str | None:
    try:
        return parse_due(due)
    except DueDateError as exc:
        raise ReleaseError(str(exc)) from None


def _project_root(course_root: Path) -> Path:
    """The folder whose pyproject.toml builds the helper package."""
    pyproject = repo_file(course_root, "pyproject.toml")
    if pyproject is None:
        raise ReleaseError("Cannot find the course's pyproject.toml to build the helper package.")
    return pyproject.parent
