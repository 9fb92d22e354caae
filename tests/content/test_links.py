"""A lesson set before the data's end sends no student to a page that tells what came later.

Round 3's high finding: lesson 03 pointed to ``datasets/README.md`` and the code audit, and the
"Contents" link of every lesson opened the README's lesson table, where lesson 05's row said
"from 2006 to 2024 ... explain the turn". The knowledge-date test checked the notebooks, not
the files they point to. These tests prove that it now follows every such pointer.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import nbformat

from .later import findings
from .links import linked_pieces, section, targets
from .visible import lesson_pieces

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2023, 9, 20)


def _course(tmp_path: Path, *markdown: str, readme: str = "") -> tuple[Path, Path]:
    """A course folder with the real datasets, a README and one lesson of the given cells."""
    shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    (tmp_path / "README.md").write_text(readme or "# Course\n\n## Lessons\n\nNothing later.\n", encoding="utf-8")
    (tmp_path / "lessons").mkdir()
    path = tmp_path / "lessons" / "99-test.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(m) for m in markdown]), path)
    return tmp_path, path


def _later(root: Path, path: Path) -> dict[str, list[str]]:
    """For each file the lesson reaches, what it shows from after DAY (dates only where they count)."""
    found: dict[str, list[str]] = {}
    for piece, dated in linked_pieces(lesson_pieces(path), root):
        words = [f.words for f in findings(piece.text, DAY) if dated or f.kind != "date"]
        found.setdefault(piece.where.split(" (reached")[0], []).extend(words)
    return found


def test_a_lesson_that_points_to_the_data_dictionary_or_the_audit_is_caught(tmp_path):
    root, path = _course(tmp_path, "Each rule is written once in `datasets/README.md`, and "
                                   "`datasets/audit/code_audit.csv` shows the rule behind every row.")
    found = _later(root, path)
    assert found["datasets/README.md"] and found["datasets/audit/code_audit.csv"]
    assert {"Kursk", "MSMT"} & set(found["datasets/README.md"])


def test_the_rules_page_that_lessons_point_to_instead_shows_nothing_later(tmp_path):
    root, path = _course(tmp_path, "The rules are in `datasets/coding-rules.md` (S1 to S10).")
    assert _later(root, path) == {"datasets/coding-rules.md": []}


def test_the_contents_link_is_checked_in_the_section_it_opens_and_for_later_rows_elsewhere(tmp_path):
    readme = ("# Course\n\nAn example line: `{\"t\":\"2026-11-30T09:12:03Z\"}`.\n\n## Lessons\n\n"
              "| 05 | Sanctions | trace Russia's and China's votes from 2006 to 2024 and explain the turn |\n\n"
              "## For instructors\n\nDue 2026-12-07. Gerasimov reported on Kursk.\n")
    root, path = _course(tmp_path, "[Contents](../README.md#lessons)", readme=readme)
    found = _later(root, path)
    assert found["README.md#lessons"] == ["2024"]  # the old lesson-05 row hinted at the veto
    assert sorted(found["README.md, the rest of the file"]) == ["Gerasimov", "Kursk"]  # names, not the README's own dates


def test_a_page_that_names_the_data_dictionary_in_words_leads_there(tmp_path):
    """Round 4: coding-rules.md said "The data dictionary beside this page ... shows later rows",
    naming ``datasets/README.md`` by its title, not its file name: a pointer all the same."""
    root, path = _course(tmp_path, "The rules are in `datasets/coding-rules.md` (S1 to S10).")
    rules = root / "datasets" / "coding-rules.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nThe data dictionary beside this page shows later rows.\n",
                     encoding="utf-8")
    found = _later(root, path)
    assert {"Kursk", "MSMT"} & set(found["datasets/README.md"])


def test_a_named_folder_sends_the_student_to_every_file_in_it(tmp_path):
    root, path = _course(tmp_path, "The course's facts sit in small tables in the `datasets/` folder.")
    found = _later(root, path)
    assert found["datasets/events.csv"] and found["datasets/forecasts.csv"]


def test_links_between_lessons_and_to_the_web_are_not_followed(tmp_path):
    root, path = _course(tmp_path, "[Next](04-next.ipynb) | [AP](https://apnews.com/x.md) | see `solutions/`")
    (root / "lessons" / "04-next.ipynb").write_text("{}", encoding="utf-8")
    assert _later(root, path) == {}


def test_an_anchor_opens_its_section_down_to_the_next_heading_of_its_level():
    text = "# A\nintro\n## Lessons\nrow\n### Detail\nmore\n## Other\nlater\n"
    shown, rest = section(text, "lessons")
    assert shown == "## Lessons\nrow\n### Detail\nmore\n" and "later" in rest and "intro" in rest
    assert section(text, "missing") == (text, "")


def test_a_bare_name_that_fits_two_files_is_followed_to_both():
    found = {p.relative_to(ROOT).as_posix() for p, _ in targets("rules in README.md", [ROOT / "lessons", ROOT, ROOT / "datasets"], ROOT)}
    assert found == {"README.md", "datasets/README.md"}
