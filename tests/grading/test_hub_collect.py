"""The guide's hub collect loop copies each student's own files, never what a link points to
(walkthrough round 1, finding 3: `cp -p` copied a classmate's notebook through a link)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from summit_course.grading.submissions import find_submissions, read_submission

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "instructors.md"


def _collect_loop() -> str:
    """The bash block of the guide's "Collect." paragraph (On a JupyterHub), as printed."""
    text = GUIDE.read_text("utf-8")
    block = re.search(r"\*\*Collect\.\*\*.*?```bash\n(.*?)```", text, re.S)
    assert block, "docs/instructors.md lost its hub collect loop"
    return block.group(1)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_collect_loop_copies_a_link_as_a_link_so_grading_refuses_it(tmp_path):
    homes = tmp_path / "home"
    lessons = {user: homes / f"jupyter-{user}" / "summit-assignment-01-03" / "lessons" for user in ("ana", "kim")}
    for folder in lessons.values():
        folder.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), lessons["ana"] / "01-the-summit.ipynb")
    (lessons["kim"] / "01-the-summit.ipynb").symlink_to(lessons["ana"] / "01-the-summit.ipynb")  # kim's "work"
    script = _collect_loop().replace("/home/jupyter-", f"{homes}/jupyter-")
    subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, check=True, capture_output=True, timeout=60)
    copied = tmp_path / "submissions" / "kim" / "01-the-summit.ipynb"
    assert copied.is_symlink(), "the loop followed kim's link and copied ana's notebook as kim's"
    assert not (tmp_path / "submissions" / "ana" / "01-the-summit.ipynb").is_symlink()
    found = {s.student: read_submission(s)[0] for s in find_submissions(tmp_path / "submissions", ["01-the-summit"])}
    assert found["kim"].problem.startswith("01-the-summit.ipynb is a symbolic link to ")
    assert f"{lessons['ana'].name}/01-the-summit.ipynb (not followed)" in found["kim"].problem  # a long target is cut at its start
    assert not found["ana"].problem
    assert os.readlink(copied) == str(lessons["ana"] / "01-the-summit.ipynb")
