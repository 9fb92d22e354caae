"""The gradebook: one SQLite file per assignment, its exports, and manual scores of written answers.

``schema`` holds its tables and the rules every row keeps, ``store`` is the database (written by grading, one transaction per submission; read by
everything else), ``exports`` writes ``grades.csv`` and ``grades.json``, ``platforms`` the
files Canvas and Moodle import (with ``idmap`` reading the student-to-platform-id CSV), ``manual``
round-trips written answers through a CSV an instructor scores. Standard library only;
it imports nothing else of the course package.
"""

from __future__ import annotations

from .exports import export_csv, export_json
from .idmap import IdsError, read_ids
from .manual import ManualImport, export_manual, import_manual
from .platforms import PlatformExport, export_canvas, export_moodle
from .schema import GradebookError
from .store import AnswerRecord, Gradebook, SubmissionRecord, student_rows, with_gradebook

__all__ = [
    "AnswerRecord",
    "Gradebook",
    "GradebookError",
    "IdsError",
    "ManualImport",
    "PlatformExport",
    "SubmissionRecord",
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
