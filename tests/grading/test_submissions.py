"""One submission per student is found in a folder, under distinct NFC-normalised ids."""

from __future__ import annotations

import unicodedata

import nbformat

from summit_course.grading.submissions import find_submissions, loose_files


def test_submission_ids_are_nfc_keep_non_ascii_and_never_collide(tmp_path):
    folder = tmp_path / "in"
    notebook = nbformat.v4.new_notebook()
    for name in ("Ana.ipynb", "ana.ipynb", unicodedata.normalize("NFD", "Zoë.ipynb"), "notes.txt"):
        (folder / name).parent.mkdir(exist_ok=True)
        nbformat.write(notebook, folder / name)
    (folder / "ana").mkdir()
    nbformat.write(notebook, folder / "ana" / "90-fixture.ipynb")
    (folder / "empty").mkdir()
    (folder / ".ipynb_checkpoints").mkdir()
    found = {s.student: s for s in find_submissions(folder, ["90-fixture"])}
    assert set(found) == {"Ana", "ana (2)", "ana (3)", "empty", "Zoë"}  # "Zoë" in NFC, from NFD
    assert loose_files(folder) == ["notes.txt"]  # not a notebook at the top: nobody's submission
    assert all("also named 'Ana'" in s.notes[0] or "also named 'ana'" in s.notes[0]
               for k, s in found.items() if k.casefold().startswith("ana"))
    assert found["ana (3)"].notebooks[0].name == "90-fixture.ipynb"
    assert "no notebook" in found["empty"].problem


def test_a_folder_with_several_notebooks_uses_the_lesson_one(tmp_path):
    folder = tmp_path / "in" / "bo"
    folder.mkdir(parents=True)
    for name in ("scratch.ipynb", "90-fixture.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), folder / name)
    (only,) = find_submissions(tmp_path / "in", ["90-fixture"])
    assert [p.name for p in only.notebooks] == ["90-fixture.ipynb"]
    (confused,) = find_submissions(tmp_path / "in", ["42-other"])
    assert "holds 2 notebooks" in confused.problem
    assert only.unused == ("scratch.ipynb not used: its name matches no lesson of this assignment and it sets "
                           "none of the answers still missing",)


def _notebook_setting(*variables):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(f"{v} = 1\n{v}") for v in variables]
    return notebook


def test_a_renamed_notebook_is_matched_by_the_answers_it_sets(tmp_path):
    folder = tmp_path / "in" / "kim"
    folder.mkdir(parents=True)
    nbformat.write(_notebook_setting("n_things"), folder / "90-fixture.ipynb")
    nbformat.write(_notebook_setting("years", "spot"), folder / "Lesson 91 FINAL (1).ipynb")
    nbformat.write(_notebook_setting("other"), folder / "Untitled.ipynb")
    (folder / "answers.docx").write_bytes(b"PK")
    (kim,) = find_submissions(tmp_path / "in", ["90-fixture", "91-other"],
                              {"90-fixture": ["n_things"], "91-other": ["years", "spot"]})
    assert [p.name for p in kim.notebooks] == ["90-fixture.ipynb", "Lesson 91 FINAL (1).ipynb"]
    assert any("Lesson 91 FINAL (1).ipynb was graded as lesson 91-other" in n and "2 of that lesson's" in n
               for n in kim.notes)
    assert sorted(kim.unused) == ["Untitled.ipynb not used: its name matches no lesson of this assignment and it "
                                  "sets none of the answers still missing",
                                  "answers.docx not used: not a notebook (.ipynb)"]


def test_late_work_is_flagged_against_the_due_date(tmp_path):
    import datetime as dt
    import os

    from summit_course.grading.submissions import Submission, file_time, is_late

    path = tmp_path / "kim.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    moment = dt.datetime(2025, 10, 2, 9, 30).timestamp()
    os.utime(path, (moment, moment))
    handed_in = file_time(Submission("kim", "kim.ipynb", (path,), path=path))
    assert handed_in.replace(tzinfo=None) == dt.datetime(2025, 10, 2, 9, 30)
    assert is_late(handed_in, "2025-10-01") and not is_late(handed_in, "2025-10-02")
    assert is_late(handed_in, "2025-10-02T09:00") and not is_late(handed_in, "2025-10-02T17:00")
    assert not is_late(handed_in, None)


def test_links_pipes_and_devices_are_refused_with_a_reason_and_never_read(tmp_path):
    """Only a regular file with one name is a student's own: anything else is refused before it is opened."""
    import os
    import signal
    import socket

    from summit_course.grading.submissions import read_submission

    outside = tmp_path / "course" / "solutions"
    outside.mkdir(parents=True)
    nbformat.write(_notebook_setting("n_things"), outside / "90-fixture.ipynb")
    folder = tmp_path / "in"
    (folder / "mallory").mkdir(parents=True)
    (folder / "alice.ipynb").symlink_to(outside / "90-fixture.ipynb")
    os.link(outside / "90-fixture.ipynb", folder / "bob.ipynb")
    (folder / "mirror").symlink_to(outside, target_is_directory=True)
    (folder / "mallory" / "90-fixture.ipynb").symlink_to(outside / "90-fixture.ipynb")
    os.mkfifo(folder / "piped.ipynb")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "sock.ipynb"))
    expected = {
        "alice": f"alice.ipynb is a symbolic link to {outside / '90-fixture.ipynb'} (not followed)",
        "bob": "bob.ipynb is a hard link to another file (it has 2 names on disk)",
        "mirror": f"mirror is a symbolic link to {outside} (not followed)",
        "mallory": f"90-fixture.ipynb is a symbolic link to {outside / '90-fixture.ipynb'} (not followed)",
        "piped": "piped.ipynb is not a regular file (a named pipe)",
        "sock": "sock.ipynb is not a regular file (a socket)",
    }
    if os.geteuid() == 0:  # only root may make a device node
        os.mknod(folder / "dev.ipynb", 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 3))
        expected["dev"] = "dev.ipynb is not a regular file (a device)"
    signal.alarm(60)  # opening the pipe would block for ever: fail instead
    try:
        found = {s.student: read_submission(s)[0] for s in find_submissions(folder, ["90-fixture"], {})}
    finally:
        signal.alarm(0)
        listener.close()
    assert set(found) == set(expected)
    for student, reason in expected.items():
        assert found[student].problem.startswith(reason), found[student].problem
        assert "only plain files are graded" in found[student].problem
        assert found[student].notebooks == ()
    # named once, in the problem, not again among the files not used (walkthrough round 1: kim's reason said each
    # link twice)
    assert found["mallory"].unused == ()
    assert found["mallory"].problem.count("90-fixture.ipynb is") == 1


def test_a_notebook_swapped_for_a_link_after_it_was_found_is_not_read(tmp_path):
    from summit_course.grading.submissions import read_submission

    folder = tmp_path / "in"
    folder.mkdir()
    nbformat.write(_notebook_setting("n_things"), folder / "kim.ipynb")
    nbformat.write(_notebook_setting("n_things"), tmp_path / "solution.ipynb")
    (kim,) = find_submissions(folder, ["90-fixture"])
    (folder / "kim.ipynb").unlink()
    (folder / "kim.ipynb").symlink_to(tmp_path / "solution.ipynb")
    submission, files, _ = read_submission(kim)
    assert files == [] and submission.problem.startswith(
        f"kim.ipynb is a symbolic link to {tmp_path / 'solution.ipynb'} (not followed)")


def test_jupyters_autosave_copies_are_named_but_need_no_look(tmp_path, manifest):
    """Walkthrough round 1: hana's .ipynb_checkpoints copy was mentioned nowhere, though every unused file is named."""
    from summit_course.grading.blank import ReleaseCopies, set_aside_course_files

    folder = tmp_path / "in" / "hana" / "lessons"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    nbformat.write(_notebook_setting("n_things"), folder / "90-fixture.ipynb")
    nbformat.write(_notebook_setting("n_things"), folder / ".ipynb_checkpoints" / "90-fixture-checkpoint.ipynb")
    (folder.parent / "__MACOSX").mkdir()
    (folder.parent / "__MACOSX" / "._90-fixture.ipynb").write_bytes(b"\0")
    (hana,) = find_submissions(tmp_path / "in", ["90-fixture"])
    assert [p.name for p in hana.notebooks] == ["90-fixture.ipynb"] and hana.unused == ()
    assert hana.set_aside == ("__MACOSX/._90-fixture.ipynb not used: a zip tool's metadata",
                              "lessons/.ipynb_checkpoints/90-fixture-checkpoint.ipynb not used: Jupyter's autosave copy")
    aside, note = set_aside_course_files(hana, ReleaseCopies(manifest))
    assert aside.unused == () and note == ("left aside, not used and needing no look: __MACOSX/ (a zip tool's "
                                           "metadata), lessons/.ipynb_checkpoints/ (Jupyter's autosave copy)")


def test_a_hidden_folder_is_summed_up_as_a_folder_with_its_count_of_files(tmp_path, manifest):
    """Walkthrough: a .venv of 23,324 files was summed up as "a hidden file"."""
    from summit_course.grading.blank import ReleaseCopies, set_aside_course_files

    folder = tmp_path / "in" / "hana"
    (folder / ".venv" / "lib").mkdir(parents=True)
    for n in range(1200):
        (folder / ".venv" / "lib" / f"m{n}.py").write_text("")
    (folder / ".DS_Store").write_bytes(b"\0")
    nbformat.write(_notebook_setting("n_things"), folder / "90-fixture.ipynb")
    (hana,) = find_submissions(tmp_path / "in", ["90-fixture"])
    note = set_aside_course_files(hana, ReleaseCopies(manifest))[1]
    assert note == ("left aside, not used and needing no look: .DS_Store (a hidden file), "
                    ".venv/ (a hidden folder, 1,200 files)")


def test_a_file_time_after_the_grading_run_is_noted_not_accepted_in_silence(tmp_path):
    """Issue 26 i9 item 4: a clock set wrong made a file 'saved' after the grading run; it was flagged late, silently."""
    import datetime as dt
    import os
    from types import SimpleNamespace

    from summit_course.gradebook import SubmissionRecord
    from summit_course.grading.grader import _dated
    from summit_course.grading.submissions import Submission

    path = tmp_path / "kim.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    ahead = (dt.datetime.now() + dt.timedelta(days=3)).timestamp()
    os.utime(path, (ahead, ahead))
    spec = SimpleNamespace(due="2025-10-01", hint_counts={})
    record = _dated(spec, Submission("kim", "kim.ipynb", (path,), path=path),
                    SubmissionRecord("kim", "kim.ipynb", "sha", "fp", "ok", "ran"))
    assert record.late
    assert "kim.ipynb's file time" in record.reason and "later than this grading run" in record.reason
    assert record.reason.startswith("ran; ")
    now = dt.datetime.now().timestamp()
    os.utime(path, (now, now))
    record = _dated(spec, Submission("kim", "kim.ipynb", (path,), path=path),
                    SubmissionRecord("kim", "kim.ipynb", "sha", "fp", "ok", "ran"))
    assert record.reason == "ran"
