"""The lessons ``bench_peers.py`` grades, and a class of varied submissions for each.

Two lessons: the test suite's fixture (lesson 90 of a small course written into a temporary
folder) and the course's own lesson 01, released from this repository. Each class is the
lesson's student notebook with its answer cells filled in, reproducibly at random: the
model answer, a wrong answer, a cell left at ``...`` or one that raises. Every notebook also
carries nbgrader's cell metadata (``peers_nbgrader.tag_cells``), so both tools grade the very
same files.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the fixture course

from summit_course.grading.assignment import load_assignment  # noqa: E402
from summit_course.publish.release import release  # noqa: E402

#: Lesson 01's wrong answers per answer variable (code), beside its model answer and ``...``.
WRONG_01 = {
    "lead_up_sequence": ['["Shoigu visits Pyongyang", "North Korea\'s first satellite launch fails", '
                         '"Putin stays away from the BRICS summit in Johannesburg", '
                         '"The White House says arms talks are advancing", "Putin misses the G20 in New Delhi"]',
                         '["Shoigu visits Pyongyang"]', '"Shoigu visits Pyongyang"'],
    "days_between_summits": ["1460", "'four years'", '(events["date"].max() - events["date"].min()).days'],
    "trip_days": ['(trip["date"].max() - trip["date"].min()).days', "len(trip)", "'ten'"],
    "russian_stops": ['route["place_id"].nunique()', "len(route)", "3.5"],
    "events_per_day": ['trip["date"].value_counts()', 'trip.groupby("place_id").size()', "len(trip)"],
    "real_disagreements": ['["A", "D"]', '["E"]', '"D"'],
    "why_venue_timing": ['"""Too short."""', '"""Kim wanted rockets and Putin wanted to be seen with a guest, '
                         'right after the forum in Vladivostok."""'],
    "summit_outcomes": ['["B"]', '["A", "B", "C", "D"]', '"B, D"'],
}
#: Cells that raise, as students write them.
BROKEN = ["{var}_typo", "[1, 2", "undefined_name + 1"]


@dataclass(frozen=True)
class GradedLesson:
    """One lesson to grade: its course folder, release manifest, solution notebook and submissions."""

    label: str
    course: Path
    manifest: Path
    solution: Path
    submissions: Path

    @property
    def count(self) -> int:
        return len(list(self.submissions.glob("*.ipynb")))


def fixture_lesson(base: Path, count: int) -> GradedLesson:
    """The fixture course's lesson 90 (4 auto-graded exercises + 1 written) and ``count`` submissions."""
    from bench_grade import make_class
    from tests.fixture_course import make_course

    course = make_course(base / "course")
    manifest = release(course, base / "release", lessons=["90"]) / "assignment.json"
    make_class(course, base / "submissions", count)
    return GradedLesson("lesson 90 (fixture)", course, manifest, course / "solutions" / "90-fixture.ipynb",
                        base / "submissions")


def model_answers(solution) -> dict[str, str]:
    """Each answer variable's model code: what stands between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    found = {}
    for cell in solution.cells:
        block = re.search(r"### BEGIN SOLUTION\n(.*?)\n### END SOLUTION\n(\w+)\s*$", cell.source, re.S)
        if cell.cell_type == "code" and block:
            found[block.group(2)] = block.group(1)
    return found


def _answer_cell(variable: str, choice: str, model: str, rng: random.Random) -> str:
    if choice == "model":
        return f"{model}\n{variable}"
    if choice == "blank":
        return f'{variable} = """..."""\n{variable}' if variable == "why_venue_timing" else f"{variable} = ...\n{variable}"
    if choice == "broken":
        return f"{variable} = {rng.choice(BROKEN).format(var=variable)}\n{variable}"
    return f"{variable} = {rng.choice(WRONG_01[variable])}\n{variable}"


def lesson01_class(lesson: Path, solution: Path, folder: Path, count: int, seed: int = 11) -> None:
    """``count`` students' copies of lesson 01, each answer the model (55 %), wrong, blank or broken.

    Student 0 answers everything as the model does, student 1 leaves everything blank.
    """
    rng = random.Random(seed)
    models = model_answers(nbformat.read(solution, as_version=4))
    folder.mkdir(parents=True)
    for n in range(count):
        notebook = nbformat.read(lesson, as_version=4)
        for cell in notebook.cells:
            match = re.fullmatch(r'(\w+) = (?:\.\.\.|"""\.\.\.""")\n(\w+)', cell.source.strip())
            if cell.cell_type != "code" or not match or match.group(1) not in models:
                continue
            variable = match.group(1)
            roll = rng.random()
            choice = ("model" if n == 0 else "blank" if n == 1 else
                      "model" if roll < 0.55 else "wrong" if roll < 0.8 and variable in WRONG_01
                      else "blank" if roll < 0.92 else "broken")
            cell.source = _answer_cell(variable, choice, models[variable], rng)
        nbformat.write(notebook, folder / f"student{n:03d}.ipynb")


def lesson01(base: Path, count: int) -> GradedLesson:
    """The course's lesson 01, released from this repository, and ``count`` submissions of it."""
    stem = "01-the-summit"
    manifest = release(ROOT, base / "release01", lessons=["01"]) / "assignment.json"
    load_assignment(manifest, ROOT)  # fails here, not in the middle of the timing, if it cannot load
    lesson01_class(ROOT / "lessons" / f"{stem}.ipynb", ROOT / "solutions" / f"{stem}.ipynb",
                   base / "submissions01", count)
    return GradedLesson("lesson 01", ROOT, manifest, ROOT / "solutions" / f"{stem}.ipynb", base / "submissions01")


def subset(lesson: GradedLesson, folder: Path, count: int) -> GradedLesson:
    """The same lesson with only its first ``count`` submissions (for the per-submission breakdown)."""
    folder.mkdir()
    for path in sorted(lesson.submissions.glob("*.ipynb"))[:count]:
        shutil.copy(path, folder / path.name)
    return GradedLesson(lesson.label, lesson.course, lesson.manifest, lesson.solution, folder)
