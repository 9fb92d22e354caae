"""The student release: what goes in, and proof that nothing answers an exercise."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from summit_course.authoring.exercises import instructor_exercises, model_answer
from summit_course.authoring.manifest import read_manifest
from summit_course.data import course_data
from summit_course.keys import canonical
from summit_course.publish.release import ReleaseError, exercise_blocks, release

ROOT = Path(__file__).resolve().parents[2]


def _renderings(entry) -> list[str]:
    """Every form in which a text or date model answer could be written down."""
    import datetime as dt

    forms = []
    for answer in [model_answer(entry), *entry.get("also_accept", [])]:
        text = canonical(entry["kind"], answer, {})  # ISO date, or folded text
        forms += [str(answer), text]
        if entry["kind"] == "date":
            day = dt.date.fromisoformat(text)
            forms += [day.strftime("%d %B %Y"), day.strftime("%B %d, %Y"), f"{day.day} {day:%B %Y}"]
    return [f.casefold() for f in forms if len(f) >= 5]


def _bundle_texts(bundle: Path):
    """Every text file of the bundle folder and of its zip, looking inside nested zips (the wheel)."""

    def from_zip(label, archive):
        for member in archive.namelist():
            data = archive.read(member)
            if member.endswith((".zip", ".whl")):
                import io

                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from from_zip(f"{label}!{member}", inner)
            else:
                yield f"{label}!{member}", data

    items = [(p.relative_to(bundle).as_posix(), p.read_bytes()) for p in bundle.rglob("*") if p.is_file()]
    for name, data in items:
        if name.endswith(".whl"):
            with zipfile.ZipFile(bundle / name) as archive:
                items += list(from_zip(name, archive))
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        items += list(from_zip("zip", archive))
    texts = []
    for name, data in items:
        try:
            texts.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            pass
    return items, texts


def _bundle_path(name: str) -> str:
    """``zip!assignment-90/README.md`` and ``README.md`` are both the bundle's ``README.md``."""
    return name.split("!", 1)[1].split("/", 1)[1] if name.startswith("zip!") else name


def _assert_no_secrets(bundle: Path, course_root: Path, scan_answers_everywhere=True, check_code=True):
    """Search every text file, in the folder, the zip and the wheel, for anything that answers."""
    entries = instructor_exercises(course_root / "solutions" / "exercises")
    items, texts = _bundle_texts(bundle)
    names = [name for name, _ in items]
    assert not [n for n in names if n.endswith(".toml") or "solutions/" in n]
    assert any(n.endswith(".ipynb") for n in names) and any(n.startswith("zip!") for n in names)
    with course_data(course_root):
        answers = {e["id"]: _renderings(e) for e in entries if e["kind"] in ("text", "date")}
    for name, text in texts:
        folded = text.casefold()
        assert "secret teaching tip" not in folded, name  # the fixture's instructor note
        if name.endswith(".ipynb"):
            assert "begin solution" not in folded, name
        for entry in entries:
            if check_code or not name.endswith(".py"):
                for hidden in entry.get("hidden", []):
                    assert hidden not in text, f"{name}: hidden check of {entry['id']}"
            for line in entry.get("rubric", []):
                assert line.casefold() not in folded, f"{name}: rubric of {entry['id']}"
            if scan_answers_everywhere or _bundle_path(name) in ("README.md", "assignment.json", "requirements.txt"):
                for form in answers.get(entry["id"], []):
                    assert form not in folded, f"{name}: answer to {entry['id']} ({form!r})"


def test_bundle_has_lessons_datasets_package_manifest_and_zip(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"], due="2025-10-01")
    assert bundle.name == "assignment-90" and bundle.with_suffix(".zip").is_file()
    assert sorted(p.name for p in (bundle / "lessons").iterdir()) == ["90-fixture.ipynb"]
    assert (bundle / "datasets" / "things.csv").is_file() and (bundle / "datasets" / "geo" / "region.geojson").is_file()
    manifest = read_manifest(bundle)
    assert [e["id"] for e in manifest["exercises"]] == ["90.1", "90.2", "90.3", "90.4", "90.5"]
    assert manifest["exercises"][0] == {"id": "90.1", "lesson": "90-fixture", "variable": "n_things",
                                        "kind": "integer", "points": 2, "notebook": "lessons/90-fixture.ipynb"}
    assert manifest["due"].startswith("2025-10-01T23:59:59") and manifest["total_points"] == 9 and manifest["created"]
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        assert "assignment-90/lessons/90-fixture.ipynb" in archive.namelist()


def test_unzipped_files_are_readable_and_dated_now_not_1980(fresh_course, tmp_path):
    """Issue 26, problem 8: zip entries were 0600 and dated 1980, so untouched copies looked handed in in 1980."""
    import datetime as dt

    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        entries = archive.infolist()
        archive.extractall(tmp_path / "unzipped")
    assert {(info.external_attr >> 16) & 0o777 for info in entries} == {0o644}
    assert {info.date_time[0] for info in entries} == {dt.datetime.now().year}
    assert all(abs(dt.datetime(*info.date_time) - dt.datetime.now()) < dt.timedelta(minutes=10) for info in entries)


def test_student_notebook_has_placeholders_and_no_instructor_cells(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    notebook = nbformat.read(bundle / "lessons" / "90-fixture.ipynb", as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "n_things = ...\n" in code and "airfield = ...\n" in code
    assert not any("instructor" in c.metadata.get("tags", []) for c in notebook.cells)


def test_requirements_pin_the_locked_runtime_packages_and_the_wheel(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    lines = (bundle / "requirements.txt").read_text("utf-8").splitlines()
    wheels = [line for line in lines if line.endswith(".whl")]
    assert wheels == ["package/summit_course-" + read_manifest(bundle)["course_version"] + "-py3-none-any.whl"]
    pinned = {line.split("==")[0] for line in lines if "==" in line}
    assert {"pandas", "ipywidgets", "jupyterlab", "nbformat"} <= pinned
    assert not {"pytest", "nbval", "hypothesis", "playwright", "sphinx", "frictionless"} & pinned  # no tools
    lock = (ROOT / "requirements" / "lock.txt").read_text("utf-8")
    assert all(line.split(" ;")[0] + "\n" in lock or line.split(" ;")[0] + " ;" in lock
               for line in lines if "==" in line)  # the lock's versions (a marker may be narrower)


def test_wheel_installs_and_imports_without_a_build_tool(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    wheel = next((bundle / "package").glob("*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True)
    assert (target / "summit_course" / "checks.py").is_file()
    assert (target / "summit_course" / "exercises.json").is_file()
    metadata = next(target.glob("summit_course-*.dist-info")) / "METADATA"
    assert "Requires-Dist: pandas" in metadata.read_text("utf-8")


def test_bundle_folder_and_zip_reveal_no_answer_hidden_check_or_rubric(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90", "91"])
    _assert_no_secrets(bundle, fresh_course)


def test_single_exercises_keep_their_cells_and_the_teaching_cells(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90", "91"], exercises=["90.2", "90.4"])
    notebook = nbformat.read(bundle / "lessons" / "90-fixture.ipynb", as_version=4)
    text = "\n".join(c.source for c in notebook.cells)
    assert set(exercise_blocks(notebook).values()) == {"90.2", "90.4"}
    for kept in ("## 90.1 Count the things", "things = load('things')", "## Key points", "airfield = ...",
                 "by_kind = ..."):
        assert kept in text
    for dropped in ("n_things", "arrival", "why = ", "Exercise 90.1", "Exercise 90.5"):
        assert dropped not in text
    manifest = read_manifest(bundle)
    assert [e["id"] for e in manifest["exercises"]] == ["90.2", "90.4", "91.1", "91.2"]
    nav = [c.source for c in notebook.cells if c.source.startswith("<!--NAV-->")]
    assert len(nav) == 2 and "91-other.ipynb" in nav[0]


def test_exercises_alone_choose_their_lessons(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", exercises=["91.2"], name="quiz-1")
    assert bundle.name == "quiz-1"
    assert [e["id"] for e in read_manifest(bundle)["exercises"]] == ["91.2"]
    assert [p.name for p in (bundle / "lessons").iterdir()] == ["91-other.ipynb"]


@pytest.mark.parametrize("kwargs, message", [
    ({"lessons": ["42"]}, "There is no lesson '42'. Lessons: 90-fixture, 91-other"),
    ({"lessons": ["90"], "exercises": ["9.9"]}, "Unknown exercise id"),
    ({"lessons": ["90"], "exercises": ["91.1"]}, "not in the chosen lessons"),
    ({"lessons": ["90"], "due": "next friday"}, "not ISO 8601"),
    ({"lessons": []}, "Choose at least one lesson"),
])
def test_bad_requests_say_what_is_wrong(fresh_course, tmp_path, kwargs, message):
    with pytest.raises(ReleaseError, match=message):
        release(fresh_course, tmp_path / "out", **kwargs)


def test_release_is_refused_if_a_lesson_would_show_a_rubric(fresh_course, tmp_path):
    solution = fresh_course / "solutions" / "90-fixture.ipynb"
    notebook = nbformat.read(solution, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell("Names the kind of evidence behind the claim (1 point)."))
    nbformat.write(notebook, solution)
    with pytest.raises(ReleaseError, match="rubric line of 90.5"):
        release(fresh_course, tmp_path / "out", lessons=["90"])
    assert not (tmp_path / "out" / "assignment-90").exists()


def test_an_existing_folder_that_is_not_a_bundle_is_never_replaced(fresh_course, tmp_path):
    (tmp_path / "out" / "assignment-90").mkdir(parents=True)
    (tmp_path / "out" / "assignment-90" / "thesis.docx").write_text("precious")
    with pytest.raises(ReleaseError, match="not a release bundle"):
        release(fresh_course, tmp_path / "out", lessons=["90"])
    assert (tmp_path / "out" / "assignment-90" / "thesis.docx").read_text() == "precious"


@pytest.mark.skipif(not (ROOT / "solutions" / "exercises").is_dir(), reason="the course has no exercises yet")
def test_release_of_the_real_course_reveals_no_hidden_check_or_rubric(tmp_path):
    entries = instructor_exercises(ROOT / "solutions" / "exercises")
    lessons = sorted({e["lesson"][:2] for e in entries})
    bundle = release(ROOT, tmp_path / "out", lessons=lessons)
    # Lesson prose and the data may mention an answer's words ("Vostochny"), so the answer
    # search covers what the release itself writes (README, manifest, requirements); generic
    # hidden checks such as "isinstance(value, int)" occur in the package's code for other
    # reasons (test_no_answers_leak covers the package).
    _assert_no_secrets(bundle, ROOT, scan_answers_everywhere=False, check_code=False)


def test_a_failed_re_release_leaves_the_earlier_bundle_intact(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"], due="2025-10-01")
    before = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    zipped = bundle.with_suffix(".zip").read_bytes()
    with pytest.raises(ReleaseError, match="not ISO 8601"):
        release(fresh_course, tmp_path / "out", lessons=["90"], due="01/10/2025")
    assert {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before
    assert bundle.with_suffix(".zip").read_bytes() == zipped
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["assignment-90", "assignment-90.zip"]
    assert release(fresh_course, tmp_path / "out", lessons=["90"], due="2025-10-02") == bundle  # still a bundle


def test_re_releasing_keeps_the_student_repository_and_what_the_release_did_not_write(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    subprocess.run(["git", "init", "-q", str(bundle)], check=True)
    (bundle / ".gitignore").write_text(".ipynb_checkpoints/\n")
    (bundle / "binder").mkdir()
    (bundle / "binder" / "environment.yml").write_text("name: course\n")
    (bundle / "lessons" / "90-old-draft.ipynb").write_text("{}")
    release(fresh_course, tmp_path / "out", lessons=["90"], due="2025-10-02")
    assert (bundle / ".git" / "HEAD").is_file()
    assert (bundle / ".gitignore").read_text() == ".ipynb_checkpoints/\n"
    assert (bundle / "binder" / "environment.yml").is_file()
    assert sorted(p.name for p in (bundle / "lessons").iterdir()) == ["90-fixture.ipynb"]  # lessons/ is the release's
    assert read_manifest(bundle)["due"].startswith("2025-10-02T23:59:59")  # the end of that day, with its zone
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        assert not [n for n in archive.namelist() if "/.git/" in n or "binder" in n]


def test_an_empty_student_repository_can_receive_the_first_release(fresh_course, tmp_path):
    folder = tmp_path / "out" / "assignment-90"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    release(fresh_course, tmp_path / "out", lessons=["90"])
    assert (folder / ".git" / "HEAD").is_file() and (folder / "assignment.json").is_file()


def test_past_due_dates_are_recognised():
    import datetime as dt

    from summit_course.publish.release import is_past

    now = dt.datetime(2025, 10, 2, 9, 0)
    assert is_past("2025-10-01", now) and not is_past("2025-10-02", now) and not is_past(None, now)
    assert is_past("2025-10-02T08:00", now) and not is_past("2025-10-02T17:00", now)


def test_the_student_readme_gives_points_who_scores_and_windows_steps(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90", "91"], exercises=["90.2", "90.5"])
    assert bundle.name == "assignment-90-91-ex-90.2-90.5"  # the name says which exercises
    readme = (bundle / "README.md").read_text("utf-8")
    total = read_manifest(bundle)["total_points"]
    assert f"worth **{total:g} points**" in readme
    assert "| 90.5 | `why` | 2 | your instructor, by hand |" in readme and "| 90.2 | `airfield` | 1 | the grader |" in readme
    assert ".venv\\Scripts\\python -m pip install --no-deps --compile -r requirements.txt" in readme
    assert ".venv\\Scripts\\jupyter lab lessons\\" in readme and "Do not rename" in readme
    assert "`.summit/journal.jsonl`" in readme and "as `journal.jsonl`" in readme
    journal = " ".join(readme.split("**Hand in your journal too.**")[1].split("\n\n")[0].split())
    assert "from every lesson you worked in" in journal and "never holds your answers and never changes your grade" in journal
    # walkthrough: "each forecast you give" in an assignment without forecast lessons
    assert "forecast" not in readme
    hand_in = " ".join(readme.split("## What to do")[1].split("- `lessons/")[0].split())
    assert ("each keeping its file name (listed below inside `lessons/`: your folder may keep that `lessons/` folder, "
            "or hold the notebooks directly)") in hand_in  # the grader takes both


def test_the_readme_speaks_of_forecasts_only_when_a_lesson_asks_for_them(fresh_course, tmp_path):
    solution = fresh_course / "solutions" / "91-other.ipynb"
    notebook = nbformat.read(solution, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("forecast_sliders(ids=['f1'])"))
    nbformat.write(notebook, solution)
    readme = (release(fresh_course, tmp_path / "out", lessons=["90", "91"]) / "README.md").read_text("utf-8")
    journal = " ".join(readme.split("**Hand in your journal too.**")[1].split("\n\n")[0].split())
    assert "hint you open, and each forecast you give, is noted" in journal
    assert "the number of each hint you opened, and the probabilities you gave in forecasts" in journal
