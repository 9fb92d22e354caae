"""The gradebook: one SQLite file per assignment, its exports, and manual scores of written answers.

Written by grading (one transaction per submission), read by everything else. Standard
library only; it imports nothing else of the course package.
"""

from __future__ import annotations

from .store import (
    AnswerRecord,
    Gradebook,
    ManualImport,
    SubmissionRecord,
    export_csv,
    export_json,
    export_manual,
    import_manual,
    student_rows,
    with_gradebook,
)

__all__ = [
    "AnswerRecord",
    "Gradebook",
    "ManualImport",
    "SubmissionRecord",
    "export_csv",
    "export_json",
    "export_manual",
    "import_manual",
    "student_rows",
    "with_gradebook",
]
