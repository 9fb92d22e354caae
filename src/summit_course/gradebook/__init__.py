"""The gradebook: one SQLite file per assignment, its exports, and manual scores of written answers.

``schema`` holds its tables and the rules every row keeps (``statuses`` names every status),
``store`` is the database (written by grading, one transaction per submission, and by a
manual-score import; opened read-only by everything else), ``rows`` sums it up per student,
``exports`` writes ``grades.csv`` and ``grades.json``, ``platforms`` the files Canvas and
Moodle import (with ``idmap`` reading who is who from a mapping or the platform's own
export), ``manual`` round-trips written
answers through a sheet an instructor scores, ``files`` writes every file atomically and
``locate`` names them. Standard library only (the contract ``gradebook-standard-library`` in
pyproject.toml), and nothing else of the course package (the contract ``gradebook-leaf``).
"""

from __future__ import annotations

from .errors import UsageError
from .exports import export_csv, export_json
from .idmap import IdMap, IdsError, read_ids
from .manual import ManualExport, export_manual
from .manual_import import ManualImport, import_manual
from .platforms import PlatformExport, export_canvas, export_moodle
from .schema import GradebookError
from .rows import student_rows
from .store import AnswerRecord, Gradebook, SubmissionRecord, with_gradebook

__all__ = [
    "AnswerRecord",
    "Gradebook",
    "GradebookError",
    "IdMap",
    "IdsError",
    "ManualExport",
    "ManualImport",
    "PlatformExport",
    "SubmissionRecord",
    "UsageError",
    "export_canvas",
    "export_csv",
    "export_json",
    "export_manual",
    "export_moodle",
    "import_manual",
    "read_ids",
    "student_rows",
    "with_gradebook",
]
