"""The gradebook: one SQLite file per assignment, its exports, and manual scores of written answers.

``schema`` holds its tables and the rules every row keeps, ``store`` is the database (written by grading, one transaction per submission; read by
everything else), ``exports`` writes ``grades.csv`` and ``grades.json``, ``manual``
round-trips written answers through a CSV an instructor scores. Standard library only;
it imports nothing else of the course package.
"""

from __future__ import annotations

from .exports import export_csv, export_json
from .manual import ManualImport, export_manual, import_manual
from .schema import GradebookError
from .store import AnswerRecord, Gradebook, SubmissionRecord, student_rows, with_gradebook

__all__ = [
    "AnswerRecord",
    "Gradebook",
    "GradebookError",
    "ManualImport",
    "SubmissionRecord",
    "export_csv",
    "export_json",
    "export_manual",
    "import_manual",
    "student_rows",
    "with_gradebook",
]
