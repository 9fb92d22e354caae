"""nbgrader's side of ``bench_peers.py``: the same lesson as an nbgrader assignment, graded by ``nbgrader autograde``.

The lesson becomes an nbgrader assignment by script: the solution's answer cells (already
between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) become solution cells, a written
answer a manually graded one, and each ``check(...)`` cell an autograded test cell that runs
the exercise's public and hidden checks (the course's own ``score_exercise``) and outputs the
points, which nbgrader takes as partial credit. nbgrader's kernel is this environment's
Python (a ``python3`` kernelspec on ``JUPYTER_PATH``), so both tools' kernels import the same
compiled files.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import nbformat

CHECK = re.compile(r'check\("([\d.]+)", (\w+)\)')
#: The environment every tool's kernels get: no bytecode written (as our grader's kernels), no journal.
KERNEL_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "SUMMIT_JOURNAL": "off"}


def nbgrader_meta(**fields) -> dict:
    return {"nbgrader": {"schema_version": 3, "locked": False, "solution": False, "grade": False, **fields}}


def test_cell_source(exercise) -> str:
    """An autograded test cell: the exercise's public and hidden checks, its points as output."""
    blob = base64.b64encode(pickle.dumps(exercise)).decode()
    return textwrap.dedent(f"""\
        import base64 as _b64, pickle as _pickle
        from summit_course.grading.scoring import score_exercise as _score
        _exercise = _pickle.loads(_b64.b64decode("{blob}"))
        float(_score(_exercise, {exercise.variable}).points or 0)""")


def answer_variable(source: str, variables) -> str | None:
    """The answer variable a cell sets and shows last (``x = ...`` somewhere, ``x`` alone on its last line)."""
    lines = source.strip().splitlines()
    last = lines[-1].strip() if lines else ""
    return last if last in variables and re.search(rf"^{re.escape(last)} = ", source, re.M) else None


def tag_cells(notebook, exercises: dict, source: bool) -> None:
    """Give answer and check cells nbgrader's metadata (and, in the source, the test code)."""
    by_variable = {e.variable: e for e in exercises.values()}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        check, variable = CHECK.fullmatch(cell.source.strip()), answer_variable(cell.source, by_variable)
        if check and check.group(1) in exercises:
            exercise = exercises[check.group(1)]
            if exercise.public.is_written:
                continue
            cell.metadata.update(nbgrader_meta(grade=True, locked=True, points=exercise.points,
                                               grade_id=f"test-{exercise.id.replace('.', '_')}"))
            if source:
                cell.source = test_cell_source(exercise)
        elif variable:
            exercise = by_variable[variable]
            written = exercise.public.is_written
            cell.metadata.update(nbgrader_meta(solution=True, grade=written, grade_id=f"answer-{exercise.id.replace('.', '_')}",
                                               **({"points": exercise.points} if written else {})))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}


def tag_submissions(folder: Path, exercises: dict) -> None:
    """Add nbgrader's metadata to every submission in ``folder`` (the same bytes for every tool)."""
    for path in folder.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        tag_cells(notebook, exercises, source=False)
        nbformat.write(notebook, path)


def nbgrader_course(root: Path, lesson, assignment, ours_python: str, nbgrader_python: str) -> Path:
    """An nbgrader course folder at ``root`` with assignment ``ps1`` generated from the lesson's solution."""
    (root / "source" / "ps1").mkdir(parents=True)
    notebook = nbformat.read(lesson.solution, as_version=4)
    tag_cells(notebook, {e.id: e for e in assignment.exercises}, source=True)
    nbformat.write(notebook, root / "source" / "ps1" / "ps1.ipynb")
    (root / "nbgrader_config.py").write_text(textwrap.dedent(f"""\
        c = get_config()
        c.CourseDirectory.root = {str(root)!r}
        c.CourseDirectory.course_id = "summit"
        c.ExecutePreprocessor.timeout = 30
        c.ClearSolutions.code_stub = {{"python": "..."}}
        """))
    spec = root / "jupyter" / "kernels" / "python3"  # nbgrader's kernel: this environment's Python
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [ours_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    subprocess.run([nbgrader_python, "-m", "nbgrader", "generate_assignment", "ps1", "--force"], cwd=root,
                   env=nbgrader_env(root, lesson.course, nbgrader_python), check=True, capture_output=True)
    return root


def nbgrader_env(root: Path, course: Path, nbgrader_python: str = "") -> dict:
    path = f"{Path(nbgrader_python).parent}{os.pathsep}{os.environ['PATH']}" if nbgrader_python else os.environ["PATH"]
    return {**os.environ, "PATH": path, "JUPYTER_PATH": str(root / "jupyter"), "SUMMIT_DATA": str(course / "datasets"),
            **KERNEL_ENV}


SCORES = """\
import json
from nbgrader.api import Gradebook
out = {{}}
with Gradebook("sqlite:///{book}") as gb:
    for sub in gb.assignment_submissions("ps1"):
        for nb in sub.notebooks:
            for g in nb.grades:
                if g.name.startswith("test-"):
                    out[sub.student_id + "|" + g.name[5:].replace("_", ".")] = g.score
print(json.dumps(out))"""


def run_nbgrader(folder: Path, root: Path, course: Path, nbgrader_python: str) -> dict:
    """``nbgrader generate_assignment`` + ``autograde`` of every notebook in ``folder``; the points per (student, exercise)."""
    for sub in ("submitted", "autograded", "feedback"):
        shutil.rmtree(root / sub, ignore_errors=True)
    (root / "gradebook.db").unlink(missing_ok=True)
    env = nbgrader_env(root, course, nbgrader_python)
    subprocess.run([nbgrader_python, "-m", "nbgrader", "generate_assignment", "ps1", "--force"], cwd=root,
                   env=env, check=True, capture_output=True)
    for path in sorted(folder.glob("*.ipynb")):
        target = root / "submitted" / path.stem / "ps1"
        target.mkdir(parents=True)
        shutil.copyfile(path, target / "ps1.ipynb")
    done = subprocess.run([nbgrader_python, "-m", "nbgrader", "autograde", "ps1", "--create", "--force"],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"nbgrader autograde failed:\n{done.stderr[-3000:]}")
    scores = json.loads(subprocess.run([nbgrader_python, "-c", SCORES.format(book=root / "gradebook.db")], env=env,
                                       check=True, capture_output=True, text=True).stdout)
    return {tuple(k.split("|")): v for k, v in scores.items()}
