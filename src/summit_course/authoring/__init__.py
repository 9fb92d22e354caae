"""The author's tools: ``solutions/`` -> ``lessons/``, the exercise registry, the assignment manifest.

``lessons`` builds the student notebooks from the solution notebooks (answers become
``...``, instructor notes are dropped, navigation is regenerated) and re-executes a
solution; ``exercises`` reads ``solutions/exercises/*.toml`` and compiles the hashed
registry the package ships; ``manifest`` is the ``assignment.json`` format that a release
writes and the grader reads. Grading and publishing build on these; this subpackage
imports neither of them, nor the gradebook.
"""

from __future__ import annotations

from .exercises import compile_registry, instructor_exercises, model_answer
from .declarations import ExerciseError
from .lessons import Course, build, lesson_from_solution, navigation, strip_solution
from .manifest import ManifestError, read_manifest
from .runs import run_solution, stale_runs

__all__ = [
    "Course",
    "ExerciseError",
    "ManifestError",
    "build",
    "compile_registry",
    "instructor_exercises",
    "lesson_from_solution",
    "model_answer",
    "navigation",
    "read_manifest",
    "run_solution",
    "stale_runs",
    "strip_solution",
]
