"""Grade submissions: each in a fresh memory-capped kernel, verdicts decided in the grader's process.

The pipeline, one module per step: ``assignment`` (what to grade, with model answers and
hidden checks), ``submissions`` (one per student in a folder), ``notebooks`` (read a
submitted file as a runnable notebook), ``scratch`` and ``capped_kernel`` (where and how a
submission's kernel runs), ``execute`` (run it under timeouts and read the answers out as
JSON, via ``answers``), ``scoring`` (answers -> gradebook records), ``runners`` (a local
process pool or a Dask cluster, over the picklable ``tasks``) and ``grader`` (the whole
run, resumable, into the gradebook).

``grade`` is imported on first use, so that ``python -m summit_course.grading.capped_kernel``
(started once per submission) loads none of the grader.
"""

from __future__ import annotations

__all__ = ["GradeSummary", "Limits", "grade"]


def __getattr__(name):
    """Import :mod:`.grader` on first use of ``grade``, ``GradeSummary`` or ``Limits``."""
    if name in __all__:
        from . import grader

        return getattr(grader, name)
    raise AttributeError(f"module 'summit_course.grading' has no attribute {name!r}")
