"""Round 6's findings for lessons 05 and 06 (round 7 brief c8c), each checked on the shipped notebooks.

No table a student holds or sees before a graded exercise carries that exercise's key column; the
limits' outcome rules live on the rules page with made-up examples only; the model's agreement is
counted only on the articles' forecasts; 06 fits its time with one written answer as homework; 5.1
and 5.4 ask for a judgement; 5.3 asks for the set of years and 6.5 names counts given for ids.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from summit_course import load
from summit_course.authoring.exercises import instructor_exercises

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR = {e["id"]: e for e in instructor_exercises(ROOT / "solutions" / "exercises")}
LESSON = {"05": "05-the-security-council", "06": "06-limits-of-cooperation", "07": "07-evidence-and-claims"}
#: For each graded exercise whose key sits in a column of a course table: the lesson, and the columns.
#: (Lesson 07's 7.2 hides `evidence_kind` the same way, but shows its counts by claimant type
#: above the quiz on purpose; its own test covers it.)
KEY_COLUMNS = {
    "6.4": ("06", ("outcome_by_2025", "outcome_basis", "outcome_source_id")),
}


def _cells(stem: str) -> list:
    return nbformat.read(ROOT / "solutions" / f"{LESSON[stem]}.ipynb", as_version=4).cells


def _text(stem: str, instructor: bool = False) -> str:
    return "\n\n".join(c.source for c in _cells(stem) if c.cell_type == "markdown"
                       and ("instructor" in c.metadata.get("tags", [])) == instructor)


def _shown(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        for value in output.get("data", {}).values():
            parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else "")
    return "\n".join(parts)


@pytest.mark.parametrize("exercise_id", sorted(KEY_COLUMNS))
def test_no_table_shown_or_held_before_a_graded_exercise_has_its_key_column(exercise_id):
    """Round 6: 6.4's key was one pointer away, in outcome columns still in `limits` when 6.4 is asked.

    Runs the lesson's code up to the exercise's answer cell, as a student would, and fails if any
    table then in the namespace, or any stored output above, holds a key column.
    """
    stem, columns = KEY_COLUMNS[exercise_id]
    cells = _cells(stem)
    answer_at = next(i for i, c in enumerate(cells) if c.cell_type == "code" and f'check("{exercise_id}"' in c.source) - 1
    namespace: dict = {}
    for cell in cells[:answer_at]:
        if cell.cell_type != "code":
            continue
        shown = _shown(cell)
        assert not [c for c in columns if c in shown], f"{exercise_id}: a stored output shows a key column:\n{cell.source}"
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cell.source, f"<{stem} cell>", "exec"), namespace)
    held = {name: sorted(set(columns) & set(value.columns)) for name, value in namespace.items()
            if isinstance(value, pd.DataFrame) and set(columns) & set(value.columns)}
    assert not held, f"{exercise_id} is asked while these tables hold its key column: {held}"


def test_the_outcome_rules_are_on_the_rules_page_with_made_up_examples_only():
    rules = (ROOT / "datasets" / "coding-rules.md").read_text(encoding="utf-8")
    readme = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    section = rules[rules.index("## `outcome_by_2025`: rules O1–O3"):]
    assert all(f"**O{n} →" in section for n in (1, 2, 3)) and "Made-up example" in section
    assert not re.search(r"\*\*O\d →", readme), "the data dictionary still writes an O rule"
    # none of 6.4's six pairs, nor any report or item of the limits, is an example on either page
    for telling in ("treaty", "ballistic missiles", "rounds sent", "veto", "war stocks", "more advanced",
                    "published", "troops"):
        assert telling not in section.lower(), telling
    assert "the very thing the limit names" in section


def test_06_points_to_the_rules_page_not_the_data_dictionary():
    """Round 6: §6.6 sent students to datasets/README.md for G1-G4, which are in coding-rules.md."""
    text = _text("06")
    assert "datasets/README.md" not in text
    flat = " ".join(text.split())
    assert "G1 to G4 in `datasets/coding-rules.md`" in flat and "O1 to O3 in `datasets/coding-rules.md`" in flat


def test_06_counts_agreement_only_on_the_articles_forecasts():
    """Round 6: 'agrees on four' counted two givings done at the summit, inputs rather than forecasts."""
    text = _text("06") + _text("06", instructor=True)
    assert "agrees on four" not in text and "only five transfers" not in text
    assert "compares the model on three. It agrees on two" in text
    assert "handed over at the summit itself" in text and "partly built in" in text
    assert not [c.source for c in _cells("06") if "agrees on 4" in _shown(c)]


def test_06_sweeps_with_the_helper_and_fits_its_time():
    cells = _cells("06")
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "model.sweep(" in code and "pd.concat" not in code and " for t in " not in code
    meta = nbformat.read(ROOT / "solutions" / f"{LESSON['06']}.ipynb", as_version=4).metadata["course"]
    assert 40 <= meta["teaching"] + meta["exercises"] <= 45
    assert "### Exercise 6.8 — Attack a verdict (homework)" in _text("06")
    assert "6.8 is homework" in _text("06") and "6.8 is homework" in _text("06", instructor=True)
    # the sweeps a student writes fit the 1-5 line rule too
    for cell in cells:
        if "### BEGIN SOLUTION" in cell.source and "model.sweep(" in cell.source:
            body = re.search(r"### BEGIN SOLUTION\n(.*)### END SOLUTION", cell.source, re.S).group(1)
            assert len(body.strip().splitlines()) <= 5, cell.source


def test_6_5_names_counts_given_where_ids_are_wanted():
    from summit_course import check

    assert "counts of verdicts" in repr(check("6.5", {2, 3}))
    assert "counts of verdicts" in repr(check("6.5", {1, 2, 3}))


def test_6_6_says_how_to_wrap_a_dict():
    task = next(c.source for c in _cells("06") if c.source.startswith("### Exercise 6.6"))
    assert "`pd.Series({...})`" in task


def test_5_1_needs_each_part_of_the_rule_and_gives_the_reason():
    """Round 6: 5.1 was thin (every draft a Russia-or-China vote); now each answer carries its reason."""
    from summit_course import check

    spec = INSTRUCTOR["5.1"]
    assert all(":" in partner for partner in spec["right"]) and len(spec["right"]) == 4
    drafts = dict(spec["answer"])
    too_few = next(d for d in drafts if d.startswith("A draft resolution: 8 for"))
    us_veto = next(d for d in drafts if "United States votes against" in d)
    assert drafts[too_few].startswith("not adopted") and drafts[us_veto].startswith("defeated by a veto")
    wrong = {**drafts, too_few: "adopted: nine or more for, and no permanent member against"}
    assert check("5.1", drafts).correct and not check("5.1", wrong).correct
    # the permanent members are named in the lesson, with the Charter as source
    assert "China, France, Russia, the United Kingdom and the United\nStates, Article 23" in _text("05")


def test_5_3_asks_for_the_years_so_a_count_by_a_wrong_method_cannot_pass():
    """Walkthrough: 18 minus the years counted (the undated row's year included) gave 9 by chance."""
    from summit_course import check

    unsc = load("unsc_actions").set_index("action_id")
    renewed = set(range(unsc.at["res_1874", "date"].year + 1, unsc.at["res_2680", "date"].year + 1))
    years = renewed - set(unsc["date"].dt.year.dropna().astype(int))
    wrong_method = 18 - unsc["date"].dt.year.nunique(dropna=False)  # 2006-2023 minus every year seen, NaT too
    assert wrong_method == len(years)  # the count the wrong method happens to hit
    assert not check("5.3", wrong_method).correct
    assert check("5.3", years).correct
    assert "Give the years as a set" in next(c.source for c in _cells("05") if c.source.startswith("### Exercise 5.3"))


def test_5_4_asks_what_a_claim_is_about_before_choosing_the_rows():
    """Round 6: 5.4 was a word search; now the student sorts a headline's claim from what the vote was on."""
    task = next(c.source for c in _cells("05") if c.source.startswith("### Exercise 5.4"))
    assert "headline" in task and "Write both\nin a comment" in task and "Panel" not in task
    assert "panel" not in INSTRUCTOR["5.4"]["variable"].lower()  # the answer cell's name gave the subject away
    assert not [h for h in INSTRUCTOR["5.4"]["hints"] if "search" in h or "Panel" in h]
