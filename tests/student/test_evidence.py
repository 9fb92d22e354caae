"""The evidence scale: one ordered list that the datasets and lessons share."""

from __future__ import annotations

import json
from pathlib import Path

from summit_course import EVIDENCE_LEVELS, evidence_scale, load

ROOT = Path(__file__).resolve().parents[2]
COURSE_ORDER = ["official_record", "news_report", "state_media_claim",
                "intelligence_assessment", "expert_judgement", "speculation"]


def test_six_levels_in_the_course_order():
    assert list(EVIDENCE_LEVELS) == COURSE_ORDER


def test_scale_table_is_ranked_and_defined():
    scale = evidence_scale()
    assert list(scale.index) == [1, 2, 3, 4, 5, 6]
    assert list(scale["level"]) == COURSE_ORDER
    assert all(len(meaning.split()) >= 8 for meaning in scale["meaning"])


def test_every_level_used_in_the_data_is_on_the_scale():
    used = set(load("events")["certainty"].astype(str)) | set(load("claims")["evidence_kind"].astype(str))
    assert used <= set(EVIDENCE_LEVELS), used - set(EVIDENCE_LEVELS)


def test_schema_enums_follow_the_scale():
    package = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    for key in [("events", "certainty"), ("claims", "evidence_kind")]:
        assert fields[key]["constraints"]["enum"] == COURSE_ORDER, key


def test_each_meaning_fits_a_table_cell_whole():
    """Lessons show text cells up to 200 characters (data.py); a longer meaning would be cut."""
    assert all(len(meaning) <= 200 for meaning in EVIDENCE_LEVELS.values())
