"""Out-of-date answer keys never reach a release, and a grade says when the release's keys differ (walkthrough:
solutions/exercises/ changed without a build; the wheel shipped the old keys, so check() wanted 15 rows and the
grade 13)."""

from __future__ import annotations

import json
import shutil
import zipfile

from summit_course.authoring.exercises import registry_text
from summit_course.cli import main
from summit_course.data import course_data
from summit_course.grading.assignment import load_assignment
from summit_course.grading.release_keys import REGISTRY_IN_WHEEL, keys_differ
from tests.fixture_course import EXERCISES, toml_text


def _built(course):
    """Give the fixture course its own registry, as `summit-course build` writes it."""
    registry = course / "src" / "summit_course" / "exercises.json"
    registry.parent.mkdir(parents=True)
    with course_data(course):
        registry.write_text(registry_text(course / "solutions" / "exercises"), encoding="utf-8")
    return registry


def _change_90_2(course):
    entries = [dict(e) for e in EXERCISES["90-fixture"]]
    entries[1]["answer"] = "Knevichi Airfield Vostochny"
    (course / "solutions" / "exercises" / "90-fixture.toml").write_text(toml_text(entries), encoding="utf-8")


def test_release_and_grade_refuse_a_registry_older_than_the_exercise_sources(fresh_course, tmp_path, capsys):
    registry = _built(fresh_course)
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0
    _change_90_2(fresh_course)
    capsys.readouterr()
    assert main(["build", "--check", "--no-run", "--root", str(fresh_course)]) == 1  # build --check knows
    assert "src/summit_course/exercises.json" in capsys.readouterr().out
    shutil.rmtree(fresh_course / "release")
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 2
    err = capsys.readouterr().err
    assert ("summit-course release: src/summit_course/exercises.json is out of date: solutions/exercises/ changed "
            "since the last build (exercise(s) 90.2)") in err
    assert "Run `summit-course build`" in err and "nothing was written" in err
    assert not (fresh_course / "release").exists()
    old = registry.read_text("utf-8")
    with course_data(fresh_course):
        registry.write_text(registry_text(fresh_course / "solutions" / "exercises"), encoding="utf-8")
    assert main(["release", "--lessons", "90", "--root", str(fresh_course)]) == 0  # built: released
    registry.write_text(old, encoding="utf-8")  # and the sources change again, unbuilt
    (tmp_path / "in").mkdir()
    manifest = fresh_course / "release" / "assignment-90" / "assignment.json"
    capsys.readouterr()
    assert main(["grade", str(tmp_path / "in"), "--assignment", str(manifest), "--root", str(fresh_course)]) == 2
    assert "summit-course grade: src/summit_course/exercises.json is out of date" in capsys.readouterr().err
    assert not list(fresh_course.glob("*.sqlite"))


def test_grade_names_the_exercises_whose_keys_in_the_release_wheel_differ(fresh_course, tmp_path):
    from summit_course.publish.release import release

    bundle = release(fresh_course, tmp_path / "release", lessons=["90"])
    wheel = next((bundle / "package").glob("*.whl"))
    with course_data(fresh_course):
        shipped = json.loads(registry_text(fresh_course / "solutions" / "exercises"))
    _rewrite(wheel, shipped)  # the fixture's wheel is the repository's: give it the course's keys
    spec = load_assignment(bundle / "assignment.json", fresh_course)
    assert keys_differ(bundle / "assignment.json", spec.exercises) == ""
    _change_90_2(fresh_course)
    spec = load_assignment(bundle / "assignment.json", fresh_course)
    warning = keys_differ(bundle / "assignment.json", spec.exercises)
    assert warning.startswith(f"WARNING: the answer keys of 90.2 in the release's wheel ({wheel.name}) differ from "
                              "solutions/exercises/")


def _rewrite(wheel, registry):
    """The wheel with ``registry`` as its exercises.json (the other files as they were)."""
    with zipfile.ZipFile(wheel) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()
                 if not info.filename.startswith(REGISTRY_IN_WHEEL)}
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(REGISTRY_IN_WHEEL, json.dumps(registry))
