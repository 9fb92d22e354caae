"""Round 7's blind review of lessons 00, 01 and 04 (content round 9): each finding a test can catch, caught.

0.3 takes any way of naming Kozlov alone; 1.4's foreseen mistakes name the kind of slip, never
how far it is from the key; the forecasts' closing rule is stated one way everywhere; the
veto question's "known then" gives the 2023 renewal vote; lesson 04 shows nothing from after the
summit above its first check; a sentence beside a quote may be read either way in 4.7.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from summit_course import check

from tests.content.test_lessons_00_04_round7 import EXERCISES, ROOT, SOLUTIONS, _cells  # one reader of the lessons


@pytest.mark.parametrize("form", [
    "Minister Alexander Kozlov", "Kozlov, Natural Resources Minister",
    "Alexander Kozlov, Russia's Natural Resources Minister", "Russian Natural Resources Minister Aleksandr Kozlov",
    "Kozlov (Minister of Natural Resources)", "Alexander Kozlov - the Natural Resources Minister",
    "minister of natural resources alexander kozlov.", "Mr Kozlov",
])
def test_0_3_accepts_any_way_of_naming_kozlov(form):
    """Round 7: three correct answers naming Kozlov with his post failed check() and the grader
    (the grader runs the same public check, then 0.3's hidden ones: it has none)."""
    assert check("0.3", form).status == "passed", form
    assert not EXERCISES["0.3"].get("hidden")


@pytest.mark.parametrize("form", ["Kozhemyako", "Kozlov and Kozhemyako", "Vladimir Putin", "Natural Resources Minister",
                                  "Sergei Lavrov"])
def test_0_3_refuses_a_text_that_names_someone_else_or_no_one(form):
    assert check("0.3", form).status == "incorrect", form


def test_1_4_foreseen_mistakes_name_the_slip_not_the_distance():
    """Round 7: "Entering 5 says five is 'the gap… or the number of days with a stop'; entering 7
    says 'one day too long'. Two tries give 6." No message says how far off, or which way."""
    for mistake in EXERCISES["1.4"]["mistakes"]:
        say = mistake["say"]
        assert not re.search(r"too (long|short|many|few)|\b(one|two|three) days?\b|\bgap\b|\d+(st|nd|rd|th)\b", say), say
        assert not re.search(r"\b(five|six|seven|eight)\b", say, re.I), say
        assert "rows" in say or "counted" in say, say  # it names the kind of slip


STALE_CLOSING = re.compile(r"(starts?|opens?|begins?) lesson 02|clos\w+ (when|as|once)[^.]{0,40}lesson 0[23]", re.I)


def test_the_forecasts_closing_rule_is_stated_one_way_everywhere():
    """Round 7: datasets/README.md said the forecasts "close when a student starts lesson 02"; lessons
    01 and 04 close them at the first check or hint in lesson 04."""
    paths = [ROOT / "README.md", *sorted((ROOT / "datasets").glob("*.md")), *sorted((ROOT / "docs").glob("*.md")),
             *sorted(SOLUTIONS.glob("*.ipynb"))]
    for path in paths:
        text = " ".join(path.read_text(encoding="utf-8").replace('\\n"', " ").split())
        assert not STALE_CLOSING.search(text), (path.name, STALE_CLOSING.search(text).group(0))
    readme = " ".join((ROOT / "datasets" / "README.md").read_text(encoding="utf-8").split())
    assert "close when a student runs lesson 04's setup cell" in readme  # round 8: the setup cell closes them


def test_the_veto_question_gives_the_base_rate_known_then():
    """Round 7: fc_unsc_veto_mid_2024's "known then" "points straight at the Panel mandate's 30 April
    2024 expiry. It leaves out the base rate in the data: Russia voted for the renewal in March 2023
    (res. 2680)." The text now says so, and the row it rests on says the same, before the question was asked."""
    from summit_course.data import load

    question = load("forecasts").set_index("forecast_id").loc["fc_unsc_veto_mid_2024"]
    renewal = load("unsc_actions").set_index("action_id").loc["res_2680"]
    assert renewal["russia_vote"] == "yes" and renewal["action"] == "panel_renewal"
    assert renewal["date"] <= question["asked_on"]
    known = question["known_then"]
    assert "March 2023" in known and "2680" in known and "Russia had voted for" in known


def test_lesson_04_shows_nothing_after_the_summit_above_its_first_check():
    """Round 7: the forecasts close at 04's first check, but 04 "shows post-summit figures a student
    can read before checking". Everything a student sees above the first check() call (text, code,
    stored outputs) was public on 20 September 2023; that check is 4.1's, graded; the opening box
    names it the gate, and a box stands before the first post-summit exercise."""
    from datetime import date

    from .later import findings
    from .visible import lesson_pieces

    pieces = lesson_pieces(next(SOLUTIONS.glob("04-*.ipynb")))
    first = next(i for i, p in enumerate(pieces) if re.search(r"^check\(", p.text, re.M))
    assert pieces[first].text.strip() == 'check("4.1", wants_both_articles)' and EXERCISES["4.1"]["points"] > 0
    for piece in pieces[:first]:
        found = findings(piece.text, date(2023, 9, 20), code="cell" in piece.where and "(code)" in piece.where)
        assert not found, (piece.where, found)
        assert not re.search(r"\b20(2[4-9])\b", piece.text), piece.where
    cells = _cells("04")  # round 8: the setup cell closes the forecasts (test_lessons_01_04_round10)
    at = next(i for i, c in enumerate(cells) if c.source.startswith("### Exercise 4.5 "))
    assert cells[at - 1].source.startswith("> **From here on, hindsight.**") and "setup cell" in cells[at - 1].source


PRINCIPLE = ("A sentence that follows a quote, inside the analyst's paragraph but outside his quotation marks, "
             "can be read two ways: as the writer passing on more of the analyst's view in other words, or as "
             "the writer's own comment.")


def test_4_7_takes_either_reading_of_the_sentence_beside_bennetts_quote():
    """Round 7: the 4.7 rubric said "Do not accept 'Bennett judged the quality doubtful'", but the
    article's "questionable at best" follows "…as Bennett told Vox." without quotation marks of its
    own. The rubric accepts both readings, lesson 04 says why in the words lesson 02 uses, and no
    text of lessons 04's own credits the doubt to the writer alone."""
    rubric = " ".join(EXERCISES["4.7"]["rubric"])
    assert "Do not accept 'Bennett" not in rubric and "not Bennett's" not in rubric
    assert re.search(r"read as his view in the writer's words or as the writer's own: accept", rubric)
    lesson = [" ".join(c.source.replace("\n>", " ").split()) for c in _cells("04") if c.cell_type == "markdown"]
    assert any(PRINCIPLE in text for text in lesson)
    for text in lesson:
        assert not re.search(r"not Bennett's|quality is the second article's own", text), text[:120]
    readme = " ".join((ROOT / "datasets" / "README.md").read_text(encoding="utf-8").split())
    assert "questionable at best\" is the writer's" not in readme and "is the writer's, not Bennett's). Hedges" not in readme


def test_every_lesson_states_the_reading_principle_in_the_same_words():
    """c9b teaches the same principle in lesson 02 (2.3) and 03 (3.7): one wording wherever it stands."""
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            text = " ".join(cell.source.replace("\n>", " ").split())
            if "can be read two ways" in text and "quotation marks" in text:
                assert PRINCIPLE in text, (path.stem, text[:200])
