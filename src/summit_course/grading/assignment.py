"""Load what to grade: the exercises of a released manifest or a course, with answers and hidden checks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .._version import __version__
from ..authoring.exercises import compile_entry, model_answer
from ..authoring.manifest import MANIFEST, ManifestError, read_manifest
from ..authoring.verify import checked_exercises
from ..data import course_data
from ..registry import Exercise

__all__ = ["Assignment", "GradedExercise", "check_manifest_path", "load_assignment"]


@dataclass(frozen=True)
class GradedExercise:
    """An exercise as the grader sees it: the instructor's entry, its public form, the model answer."""

    entry: dict
    public: Exercise
    model: object = None

    @property
    def id(self) -> str:
        return self.entry["id"]

    @property
    def variable(self) -> str:
        return self.entry["variable"]

    @property
    def lesson(self) -> str:
        return self.entry["lesson"]

    @property
    def points(self) -> float:
        return float(self.entry.get("points", 1))

    @property
    def partial(self) -> bool:
        return bool(self.entry.get("partial", False))

    @property
    def hidden(self) -> list[str]:
        return list(self.entry.get("hidden", []))

    def info(self) -> dict:
        """What the gradebook keeps: public fields and the rubric, never answers or hidden checks."""
        keep = ("id", "lesson", "variable", "kind", "objective", "hints", "rubric")
        return {**{k: self.entry[k] for k in keep if k in self.entry}, "points": self.points, "partial": self.partial}


@dataclass(frozen=True)
class Assignment:
    """The exercises to grade, where the datasets are, and a fingerprint of it all."""

    name: str
    exercises: tuple[GradedExercise, ...]
    datasets: Path | None = None
    due: str | None = None
    created: str | None = None  # when the release wrote the manifest (UTC, ISO 8601); None for a course folder

    @property
    def lessons(self) -> list[str]:
        return sorted({e.lesson for e in self.exercises})

    @property
    def answers_of(self) -> dict[str, list[str]]:
        """Each lesson's answer variables (to recognise a renamed notebook by its content)."""
        found: dict[str, list[str]] = {}
        for e in self.exercises:
            found.setdefault(e.lesson, []).append(e.variable)
        return found

    @property
    def variables(self) -> tuple[str, ...]:
        """The answer variables to read out of each kernel, once each, in exercise order."""
        return tuple(dict.fromkeys(e.variable for e in self.exercises))

    @cached_property
    def hint_counts(self) -> dict[str, int]:
        """Each exercise's number of hints (a journal's hint numbers are capped at it)."""
        return {e.id: len(e.entry.get("hints", [])) for e in self.exercises}

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever an exercise (answer, checks, points) or the grader changes."""
        text = json.dumps([e.entry for e in self.exercises], sort_keys=True, default=repr) + __version__
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def info(self) -> dict:
        return {"name": self.name, "due": self.due, "released": self.created, "lessons": self.lessons, "exercises": [e.info() for e in self.exercises],
                "total_points": sum(e.points for e in self.exercises)}


def load_assignment(source, course=None) -> Assignment:
    """Read what to grade: an ``assignment.json`` (or its bundle folder), or a course folder.

    Parameters
    ----------
    source : str or Path
        A manifest written by :func:`summit_course.publish.release` (its exercises are
        graded), or the course folder itself (all its exercises are graded).
    course : str or Path, optional
        The instructor's course folder, whose ``solutions/exercises`` hold the answers
        and hidden checks. Default: ``source`` when it is a course, else the first
        folder upwards from the working directory that has ``solutions/exercises``.

    Raises
    ------
    ManifestError
        When the manifest or the course cannot be found or do not match.
    """
    source = Path(source)
    is_course = source.is_dir() and (source / "solutions").is_dir() and not (source / MANIFEST).is_file()
    manifest = None if is_course else check_manifest_path(source)
    root = Path(course) if course else (_find_course(Path.cwd()) if manifest else source)
    sources = root / "solutions" / "exercises"
    if not sources.is_dir():
        raise ManifestError(f"{root.resolve()} has no solutions/exercises/: grading needs the instructor's course "
                         "folder (it holds the answers and hidden checks). Run this from the course folder (the "
                         "one with solutions/), or pass it with --root.")
    # a check the model answer fails would give every student 0: every problem stops grading here
    entries = checked_exercises(sources, root, only={e["id"] for e in manifest["exercises"]} if manifest else None)
    if manifest is not None:
        by_id = {e["id"]: e for e in entries}
        wanted = [e["id"] for e in manifest["exercises"]]
        unknown = [i for i in wanted if i not in by_id]
        if unknown:
            raise ManifestError(f"The manifest names exercise(s) {', '.join(unknown)}, which {sources} does not define.")
        entries = [by_id[i] for i in wanted]
    with course_data(root):
        exercises = tuple(
            GradedExercise(e, Exercise.from_dict(compile_entry(e)), None if e["kind"] == "written" else model_answer(e))
            for e in entries
        )
    datasets = root / "datasets"
    name = manifest["name"] if manifest else root.resolve().name
    return Assignment(name, exercises, datasets.resolve() if datasets.is_dir() else None,
                      manifest.get("due") if manifest else None, manifest.get("created") if manifest else None)


def check_manifest_path(source) -> dict:
    """Read the manifest at ``source`` (an ``assignment.json`` or its bundle folder).

    A wrong path gets a message that names the right file: a path that does not exist, the
    student zip, the bundle's README or one of its notebooks.
    """
    source = Path(source)
    where = source.resolve()
    if not source.exists():
        raise ManifestError(f"There is no {where}: --assignment takes the release's manifest, "
                         f"release/<name>/{MANIFEST}. Check the spelling (nothing was graded).")
    if source.is_file() and source.name != MANIFEST:
        bundle = source.with_suffix("") if source.suffix.lower() == ".zip" else _bundle_above(source)
        what = ("the student zip" if source.suffix.lower() == ".zip" else
                "a notebook" if source.suffix.lower() == ".ipynb" else f"the file {source.name}")
        right = bundle / MANIFEST if bundle is not None and (bundle / MANIFEST).is_file() else None
        use = f"use {right}" if right else f"use release/<name>/{MANIFEST} (the bundle folder's manifest)"
        raise ManifestError(f"{where} is {what}, not the assignment manifest; {use}.")
    if source.is_dir() and not (source / MANIFEST).is_file():
        raise ManifestError(f"{where} holds no {MANIFEST}: --assignment takes a release's bundle folder or its "
                         f"release/<name>/{MANIFEST}.")
    return read_manifest(source)


def _bundle_above(path: Path) -> Path | None:
    for folder in path.resolve().parents:
        if (folder / MANIFEST).is_file():
            return folder
    return None


def _find_course(start: Path) -> Path:
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "solutions" / "exercises").is_dir():
            return folder
    raise ManifestError("Could not find the course folder (with solutions/exercises/) above "
                     f"{start.resolve()}; run this from the course folder (the one with solutions/), or pass "
                     "it with --root.")
