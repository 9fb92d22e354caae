"""The plain, picklable data a grading worker receives (a task) and sends back (its runs)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Limits", "NotebookRun", "SubmissionRun", "SubmissionTask"]


@dataclass(frozen=True)
class Limits:
    """How long, how much memory, CPU, processes and disk one submission may use, and whether it is sandboxed."""

    cell_timeout: float = 30
    notebook_timeout: float = 120
    memory_mb: int = 2048
    cpu_seconds: int = 120
    max_processes: int = 64
    disk_mb: int = 256
    sandbox: bool = True


@dataclass(frozen=True)
class SubmissionTask:
    """Everything a worker needs to run one student's submission (plain, picklable data).

    Attributes
    ----------
    student : str
        The student's id (for the result only).
    notebooks : tuple of (str, bytes)
        Each notebook's file name and content.
    variables : tuple of str
        The answer variables to read out of the kernel.
    datasets : str or None
        The course's ``datasets/`` folder, copied into each scratch folder.
    limits : Limits
        Timeouts and the memory cap.
    more_follow : bool
        Whether the worker will likely run another task after this one: then, as each
        notebook runs, the next notebook's kernel starts beside it (see ``ahead.py``).
    """

    student: str
    notebooks: tuple[tuple[str, bytes], ...]
    variables: tuple[str, ...]
    datasets: str | None = None
    limits: Limits = Limits()
    more_follow: bool = True


@dataclass
class NotebookRun:
    """What running one notebook gave: answer values (tagged JSON) and what went wrong."""

    name: str
    answers: dict[str, dict] = field(default_factory=dict)
    assigned: dict[str, list[int]] = field(default_factory=dict)
    cell_errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failure: str = ""
    seconds: float = 0.0
    kernel: str = ""  # how its kernel started: "forked" (from the worker's template) or "fresh: <why not forked>"


@dataclass
class SubmissionRun:
    """The runs of every notebook of one submission, or why it could not run at all."""

    student: str
    runs: list[NotebookRun] = field(default_factory=list)
    grader_error: str = ""
