"""What a grading run did, in the lines the ``grade`` command prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..gradebook import SubmissionRecord
from ..gradebook.statuses import NEEDS_HELP
from .broken_checks import broken_checks

__all__ = ["GradeSummary"]


@dataclass
class GradeSummary:
    """What a grading run did, and what the gradebook holds that the instructor should know."""

    graded: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unchanged: int = 0
    sandboxed: bool = True
    unused: list[str] = field(default_factory=list)
    attention: dict = field(default_factory=dict)
    late: list[str] = field(default_factory=list)
    resandboxed: list[str] = field(default_factory=list)
    unsandboxed: list[str] = field(default_factory=list)
    due_moved: dict = field(default_factory=dict)
    limits: str = ""  # how the kernels' limits bound on this machine
    folder: str = ""  # the submissions folder, resolved
    loose: list[str] = field(default_factory=list)  # files at its top that are not notebooks: nobody's
    dropped: list[str] = field(default_factory=list)  # rows whose submission is gone, removed
    kept_gone: dict = field(default_factory=dict)  # rows whose submission is gone, kept: student -> why
    keys_note: str = ""  # the release's wheel holds other answer keys than those graded with
    broken: dict = field(default_factory=dict)  # a hidden check that raised on a right answer -> the students
    kernels: Counter = field(default_factory=Counter)  # how kernels started: "forked", or "fresh: <why>"

    def add(self, record: SubmissionRecord) -> None:
        self.graded.append(record.student)
        self.statuses[record.status] += 1
        if record.late:
            self.late.append(record.student)
        if record.status in NEEDS_HELP:
            self.attention.setdefault(record.status, []).append(record.student)
        for note in broken_checks(record.answers):
            self.broken.setdefault(note.split(":", 1)[0], []).append(record.student)

    @property
    def changed(self) -> bool:
        """Whether this run changed the gradebook (so exports made before it are out of date)."""
        return bool(self.graded or self.due_moved or self.dropped)

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        text = f"Graded {len(self.graded)} submission(s)" + (f" ({counts})" if counts else "") + "."
        if self.unchanged:
            text += f" {self.unchanged} unchanged, not graded again (use --all to re-grade them)."
        for status in NEEDS_HELP:  # most urgent first
            if status in self.attention:
                text += f"\n{status}: {', '.join(self.attention[status])} (why: the reason column of `summit-course export`, or the report)"
        for check, students in self.broken.items():
            text += (f"\nBROKEN: {check} on a right answer ({', '.join(students)}): left out of their scores; fix "
                     "the exercise file, build, and grade again with --all.")
        if self.late:
            text += f"\nlate (file time after the due date; flagged only): {', '.join(self.late)}"
        if self.due_moved:
            now = [s for s, late in self.due_moved.items() if late]
            text += ("\nThe due date changed, so the late flags of submissions not graded again follow it: "
                     + "; ".join(part for part in (f"now late: {', '.join(now)}" if now else "",
                                                   "no longer late: " + ", ".join(s for s in self.due_moved
                                                                                   if s not in now)
                                                   if len(now) < len(self.due_moved) else "") if part) + ".")
        if self.unused:
            text += "\nFiles handed in but not used:\n  " + "\n  ".join(self.unused)
        if self.loose:
            text += (f"\nNot graded, not a student's work (a submission is a NAME.ipynb or a NAME/ folder): "
                     f"{', '.join(self.loose)}, at the top of {self.folder}.")
        if self.dropped:
            text += (f"\nNo longer in {self.folder}, so removed from the gradebook: {', '.join(self.dropped)}.")
        for why in dict.fromkeys(self.kept_gone.values()):
            names = ", ".join(s for s, w in self.kept_gone.items() if w == why)
            text += (f"\nIn the gradebook but not in {self.folder}: {names}. Kept, since {why}; "
                     "`summit-course remove-student NAME` removes one.")
        if self.resandboxed:
            text += (f"\nGraded again inside the sandbox (an earlier run graded them with --no-sandbox): "
                     f"{', '.join(self.resandboxed)}")
        if self.keys_note:
            text += "\n" + self.keys_note
        if self.limits and self.graded:
            text += "\n" + self.limits
        fresh = {how: n for how, n in self.kernels.items() if how != "forked"}
        if fresh:
            text += "\nKernels started afresh, not forked from a warm template (slower): " + "; ".join(
                f"{how.removeprefix('fresh: ')} ({n})" for how, n in sorted(fresh.items()))
        if not self.sandboxed and self.graded:
            text += ("\nWARNING: graded WITHOUT the sandbox (--no-sandbox): the notebooks ran with your own "
                     "rights and could read or change your files. The gradebook records this.")
        if self.unsandboxed:
            text += (f"\nIn the gradebook, graded without the sandbox: {', '.join(self.unsandboxed)}. A run "
                     "without --no-sandbox grades them again inside it.")
        return text
