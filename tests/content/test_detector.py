"""The knowledge-date check catches each kind of leak the December review found, and no non-date."""

from __future__ import annotations

from datetime import date

import nbformat
import pytest

from summit_course import knowledge

from .dates import mentions
from .later import findings
from .visible import lesson_pieces, widget_pieces

DAY = date(2023, 9, 20)


@pytest.mark.parametrize("text, earliest", [
    ("Shin said on 29 December 2023 that", date(2023, 12, 29)),
    ("before the 2024 veto", date(2024, 1, 1)),
    ("by mid-2024", date(2024, 1, 1)),
    ("KCNA claimed orbit on 21 November", date(2023, 11, 21)),
    ("a third try in October", date(2023, 10, 1)),
    ("Timestamp('2023-11-21 00:00:00')", date(2023, 11, 21)),
    ("Sept. 13, 2023", date(2023, 9, 13)),
    ("in June and July 2024", date(2024, 6, 1)),
    ("on 18 October 2024, then on 4 November", date(2024, 10, 18)),
])
def test_each_way_of_writing_a_date_is_read_at_its_earliest(text, earliest):
    assert mentions(text, 2023)[0].day == earliest


@pytest.mark.parametrize("text", [
    "resolution 2087 and S/RES/2397", "fc_missiles_used_mid_2024", "Kim may 5 times",
    "about 1,180 km in 20 hours", "the Hwasong-17",
])
def test_numbers_that_are_not_dates_are_left_alone(text):
    assert mentions(text, 2023) == []


def test_later_rows_are_found_by_id_and_by_their_own_words():
    by_id = findings("see c_kcna_satellite_orbit and trip_summit_vostochny", DAY)
    assert [f.words for f in by_id] == ["c_kcna_satellite_orbit"]
    satellite = load_claim("c_kcna_satellite_orbit")
    assert any("words of claims row c_kcna_satellite_orbit" in f.why for f in findings(f"… {satellite} …", DAY))
    assert findings("Peskov said no agreements were signed.", DAY) == []


def test_code_that_picks_an_outcome_column_is_found():
    assert [f.words for f in findings('forecasts[["question", "resolution"]]', DAY, code=True)] == ["resolution"]
    assert findings('forecasts[["question", "resolution"]]', date(2025, 7, 3), code=True) == []


def load_claim(claim_id: str) -> str:
    from summit_course import load

    claims = load("claims", as_of=None).set_index("claim_id")
    return claims.loc[claim_id, "claim"]


def _notebook(tmp_path, setup: str):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"# Run this cell first\n{setup}"),
        nbformat.v4.new_markdown_cell("Try `KCNA` in the box."),
        nbformat.v4.new_code_cell('explore.browse("claims")'),
    ])
    path = tmp_path / "99-test.ipynb"
    nbformat.write(notebook, path)
    return path


def _leaks(path):
    knowledge.as_of(None)
    try:
        pieces = lesson_pieces(path) + widget_pieces(path)
    finally:
        knowledge.as_of(None)
    return [f for p in pieces for f in findings(p.text, DAY, code="(code)" in p.where)]


def test_a_browser_left_on_the_whole_claims_table_is_caught(tmp_path):
    """The December review's H1: lesson 00's browser opened on claims showed the satellite in orbit."""
    leaks = _leaks(_notebook(tmp_path, "from summit_course import explore"))
    assert {"c_kcna_satellite_orbit", "c_treaty_article4"} <= {f.words for f in leaks}


def test_the_same_browser_under_the_lessons_knowledge_date_shows_nothing_later(tmp_path):
    assert _leaks(_notebook(tmp_path, 'from summit_course import explore, as_of\nas_of("2023-09-20")')) == []


def test_a_name_only_later_rows_use_is_found_unless_a_text_of_the_day_holds_it():
    """Round 3: the data dictionary named Kursk and the MSMT; a page or a lesson that names them
    tells of later events even without a date. A post of 2023 that later rows also name is not."""
    assert {f.words for f in findings("troops fought in Kursk, the MSMT said", DAY)} >= {"Kursk", "MSMT"}
    assert findings("vice chairman, WPK Central Military Commission", DAY) == []
