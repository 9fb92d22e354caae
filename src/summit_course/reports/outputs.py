"""What is made from a gradebook under its default names, and whether each is older than the grades.

The gradebook notes when its grades last changed (a grading run, a manual-score import, a
moved due date). An output written before that is out of date: :func:`refresh` rewrites
those it can (``grades.csv``, ``grades.json``, the feedback pages, the report) and names the
others with the command that writes them again (the Canvas and Moodle files need their
``--ids``; the written-answers sheet is rewritten by ``manual-export``, which keeps what was
typed into it). Every command that changes grades calls it, and every command that writes
one output names the others that are out of date, so nothing goes stale in silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..gradebook import Gradebook, export_csv, export_json
from ..gradebook.locate import named_output
from ..gradebook.platforms import remembered_command
from .feedback import write_feedback
from .report import report_files, write_report

__all__ = ["Output", "Refresh", "default_outputs", "note_elsewhere", "refresh", "stale_outputs", "written_elsewhere"]


@dataclass(frozen=True)
class Output:
    """One default output: where it is, the command that writes it, and how to rewrite it (None: by hand)."""

    path: Path
    command: str
    write: Callable | None = None
    #: What makes it out of date: any change of the grades ("grades", a late flag too), of the points only
    #: ("scores": the Canvas and Moodle files hold nothing else), or of the graded answers ("answers": a grading run).
    after: str = "grades"

    @property
    def label(self) -> str:
        return f"{self.path}/" if not self.path.suffix else str(self.path)


def _platform_output(book: Path, platform: str) -> Output:
    """A Canvas or Moodle file: rewritten by hand, with the command that last wrote it (its --ids file too)."""
    out = named_output(book, "grades", f"-{platform}.csv")
    default = f"summit-course export --format {platform} --ids <your ids file>"
    return Output(out, remembered_command(out, default + (" [--assignment-id N]" if platform == "canvas" else "")),
                  after="scores")


def default_outputs(book: Path) -> list[Output]:
    """Every output the commands write next to ``book`` under their default names."""
    return [
        Output(named_output(book, "grades", ".csv"), "summit-course export", export_csv),
        Output(named_output(book, "grades", ".json"), "summit-course export --format json", export_json),
        Output(named_output(book, "feedback", ""), "summit-course feedback", write_feedback),
        Output(named_output(book, "report", ".html"), "summit-course report", write_report),
        _platform_output(book, "canvas"),
        _platform_output(book, "moodle"),
        Output(named_output(book, "written-answers", ".csv"),
               "summit-course manual-export (it keeps every score typed into the sheet)", after="answers"),
    ]


def _written_at(output: Output) -> float | None:
    """When the output was written (a folder: its oldest page), or None if it does not exist."""
    if output.path.is_dir():
        times = [p.stat().st_mtime for p in output.path.glob("*.html")]
        return min(times) if times else None
    if output.path.name.startswith("report") and output.path.is_file():
        return min(p.stat().st_mtime for p in report_files(output.path) if p.exists())
    return output.path.stat().st_mtime if output.path.is_file() else None


def stale_outputs(book: Path, skip=()) -> list[Output]:
    """The default outputs that exist and were written before the grades last changed."""
    with Gradebook(book, write=False) as opened:
        changed = {"grades": opened.changed_at(), "scores": opened.changed_at(scores=True),
                   "answers": opened.changed_at(answers=True)}
    skip = {Path(p) for p in skip}
    return [o for o in default_outputs(book) if o.path not in skip and changed[o.after] is not None
            and (written := _written_at(o)) is not None and written < changed[o.after]]


@dataclass
class Refresh:
    """What :func:`refresh` rewrote, and what is out of date and needs a command."""

    rewritten: list[Output] = field(default_factory=list)
    stale: list[Output] = field(default_factory=list)

    def lines(self, command: Callable[[str], str] = str) -> list[str]:
        """What to tell the instructor; ``command`` adds what the suggested commands must repeat (``--root``)."""
        text = []
        if self.rewritten:
            text.append("Refreshed with the new grades:\n  " + "\n  ".join(o.label for o in self.rewritten))
        if self.stale:
            text.append("Out of date now (written before these grades), write them again:\n  "
                        + "\n  ".join(f"{o.label}: {command(o.command)}" for o in self.stale))
        return text


def _elsewhere_file(book: Path) -> Path:
    """Where the outputs written with ``--out`` are noted: a hidden file beside the gradebook."""
    return book.with_name(f".{book.name}.elsewhere")


def note_elsewhere(book: Path, path: Path, command: str) -> None:
    """Note an output written with ``--out`` (and the command that writes it), so a change of grades names it."""
    entries = dict(written_elsewhere(book))
    entries[str(Path(path).resolve())] = command
    _elsewhere_file(book).write_text("".join(f"{p}\t{c}\n" for p, c in entries.items()), "utf-8")


def written_elsewhere(book: Path) -> list[tuple[str, str]]:
    """The outputs noted by :func:`note_elsewhere` that still exist: (path, command)."""
    try:
        lines = _elsewhere_file(book).read_text("utf-8").splitlines()
    except OSError:
        return []
    pairs = [tuple(line.split("\t", 1)) for line in lines if "\t" in line]
    return [(p, c) for p, c in pairs if Path(p).exists()]


def refresh(book: Path) -> Refresh:
    """Rewrite the out-of-date default outputs that can be rewritten as they were; name the others."""
    done = Refresh()
    for output in stale_outputs(book):
        if output.write is None:
            done.stale.append(output)
        else:
            output.write(book, output.path)
            done.rewritten.append(output)
    return done
