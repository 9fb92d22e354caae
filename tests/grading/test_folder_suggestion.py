"""A refused submissions folder suggests a folder that would be accepted, and a release bundle is named as one
(issue 26 i9)."""

from __future__ import annotations

import pytest

from summit_course.grading.folder_check import NotSubmissions, check_folder


def _nb(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"cells": []}', encoding="utf-8")


def test_the_suggestion_walks_up_to_the_folder_of_students(tmp_path):
    _nb(tmp_path / "in" / "kim" / "lessons" / "90-fixture.ipynb")
    _nb(tmp_path / "in" / "ana.ipynb")
    with pytest.raises(NotSubmissions) as refused:
        check_folder(tmp_path / "in" / "kim" / "lessons", ["90-fixture"])
    assert f"(here perhaps {(tmp_path / 'in').resolve()})" in str(refused.value)


def test_a_release_bundle_given_as_submissions_is_named_as_one(tmp_path):
    bundle = tmp_path / "release" / "assignment-90"
    _nb(bundle / "lessons" / "90-fixture.ipynb")
    (bundle / "assignment.json").write_text("{}", encoding="utf-8")
    with pytest.raises(NotSubmissions) as refused:
        check_folder(bundle, ["90-fixture"])
    assert "is the release bundle" in str(refused.value) and "perhaps" not in str(refused.value)
