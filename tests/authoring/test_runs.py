"""``summit-course run``: the kernel gets its journal and registry through its own environment."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from summit_course.authoring import Course
from summit_course.authoring.runs import run_solution
from summit_course.journal import ENV_VAR as JOURNAL_VAR
from summit_course.registry import REGISTRY_VAR


@pytest.mark.slow
def test_the_kernel_gets_a_fresh_journal_and_the_courses_registry_and_this_process_keeps_its_environment(
        tmp_path, monkeypatch):
    course = Course(tmp_path / "course")
    course.solutions.mkdir(parents=True)
    course.datasets.mkdir()
    path = course.solutions / "90-env.ipynb"
    code = f"import os\nprint(os.environ[{JOURNAL_VAR!r}])\nprint(os.environ[{REGISTRY_VAR!r}])"
    nbformat.write(new_notebook(cells=[new_code_cell(code)], metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}}), path)
    monkeypatch.setenv(JOURNAL_VAR, str(tmp_path / "the-learners-own.jsonl"))
    before = dict(os.environ)
    assert run_solution(course, path) == []
    assert dict(os.environ) == before
    journal, registry = nbformat.read(path, as_version=4).cells[0].outputs[0]["text"].splitlines()
    assert journal.endswith("journal.jsonl") and "summit-run-" in journal  # a scratch journal, now deleted
    assert not os.path.exists(journal)
    assert registry == str(course.registry)
