"""The bundle README's exercise table says "practice (0 points)" for an exercise worth no points (issue 26 i9)."""

from __future__ import annotations

from pathlib import Path

from summit_course.publish.bundle import readme_text


def test_a_practice_exercise_reads_practice_not_zero():
    manifest = {"due": None, "name": "a", "total_points": 2,
                "lessons": [{"notebook": "lessons/90-fixture.ipynb", "title": "Fixture"}],
                "exercises": [{"id": "90.0", "variable": "warm_up", "points": 0, "kind": "text"},
                              {"id": "90.1", "variable": "n_things", "points": 2, "kind": "integer"}]}
    text = readme_text(manifest, Path("summit_course-1.0-py3-none-any.whl"))
    assert "| 90.0 | `warm_up` | practice (0 points) | the grader |" in text
    assert "| 90.1 | `n_things` | 2 | the grader |" in text
