"""The author's tools: ``solutions/`` -> ``lessons/``, the exercise registry, the assignment manifest.

``lessons`` builds the student notebooks from the solution notebooks (answers become
``...``, instructor notes are dropped, navigation is regenerated); ``declarations`` and
``verify`` read ``solutions/exercises/*.toml`` and stop on a broken exercise (``giveaways``:
or a public text that reveals an answer); ``exercises``
compiles the hashed registry the package ships; ``runs`` re-executes a solution and records
what it read; ``update`` is ``summit-course build`` (all of it, then what is stale);
``datasets`` validates the data; ``manifest`` is the ``assignment.json`` format that a
release writes and the grader reads, and ``due`` reads and shows its due date. Grading,
publishing and the reports build on these; this subpackage imports none of them, nor the
gradebook.
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
