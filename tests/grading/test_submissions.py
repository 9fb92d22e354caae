"""One submission per student is found in a folder, under distinct NFC-normalised ids."""

from __future__ import annotations

import unicodedata

import nbformat

from summit_course.grading.submissions import find_submissions


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
    assert set(found) == {"Ana", "ana (2)", "ana (3)", "empty", "notes", "Zoë"}  # "Zoë" in NFC, from NFD
    assert all("also named 'Ana'" in s.notes[0] or "also named 'ana'" in s.notes[0]
               for k, s in found.items() if k.casefold().startswith("ana"))
    assert found["ana (3)"].notebooks[0].name == "90-fixture.ipynb"
    assert "not a notebook" in found["notes"].problem and "no notebook" in found["empty"].problem


def test_a_folder_with_several_notebooks_uses_the_lesson_one(tmp_path):
    folder = tmp_path / "in" / "bo"
    folder.mkdir(parents=True)
    for name in ("scratch.ipynb", "90-fixture.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), folder / name)
    (only,) = find_submissions(tmp_path / "in", ["90-fixture"])
    assert [p.name for p in only.notebooks] == ["90-fixture.ipynb"]
    (confused,) = find_submissions(tmp_path / "in", ["42-other"])
    assert "holds 2 notebooks" in confused.problem
