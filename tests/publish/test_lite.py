"""`make lite`: the JupyterLite site builds and holds every lesson, the data and the wheel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from summit_course.publish.lite import INSTALL_CELL, build_lite

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_lite_site_contains_every_lesson_the_data_and_the_wheel(tmp_path):
    site = build_lite(ROOT, tmp_path / "site", work=tmp_path / "work")
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    assert sorted(p.name for p in (site / "files" / "lessons").glob("*.ipynb")) == lessons
    assert (site / "files" / "datasets" / "datapackage.json").is_file()
    assert (site / "files" / "datasets" / "geo" / "region.geojson").is_file()
    assert list((site / "pypi").glob("summit_course-*.whl"))
    assert (site / "index.html").is_file()
    first = nbformat.read(site / "files" / "lessons" / lessons[0], as_version=4)
    code = [c.source for c in first.cells if c.cell_type == "code"]
    assert code[0] == INSTALL_CELL and code[1].startswith("# Run this cell first")
    assert not list(site.rglob("solutions")), "no solutions in the student site"
