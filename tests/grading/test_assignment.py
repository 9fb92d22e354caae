"""What to grade comes from a release's manifest and the course that holds the hidden checks."""

from __future__ import annotations

import pytest

from summit_course.grading.assignment import load_assignment


def test_a_manifest_needs_the_course_that_holds_the_hidden_checks(manifest, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="--root"):
        load_assignment(manifest)


def test_a_missing_assignment_path_is_an_error(course, tmp_path):
    with pytest.raises(ValueError, match="There is no .*assignmnet.json.*release/<name>/assignment.json"):
        load_assignment(tmp_path / "release" / "assignmnet.json", course)


@pytest.mark.parametrize("wrong, what", [
    ("assignment-90.zip", "the student zip"),
    ("assignment-90/README.md", "the file README.md"),
    ("assignment-90/lessons/90-fixture.ipynb", "a notebook"),
])
def test_pointing_at_another_file_of_the_release_names_the_manifest(course, manifest, wrong, what):
    path = manifest.parent.parent / wrong
    with pytest.raises(ValueError) as info:
        load_assignment(path, course)
    message = str(info.value)
    assert what in message and f"use {manifest.resolve()}" in message


def test_the_course_folder_still_means_every_exercise(course):
    assert len(load_assignment(course).exercises) > 3
