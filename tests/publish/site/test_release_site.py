"""``release --site``: the bundle carries the learner pages of its lessons, scanned for answers."""

from __future__ import annotations

import importlib
import zipfile

import pytest

from summit_course.cli import parser
from summit_course.publish.release import ReleaseError, release

from .built import ROOT, read_page

release_module = importlib.import_module("summit_course.publish.release")  # the package exports a function of that name


@pytest.mark.slow
def test_a_release_with_site_carries_the_learner_pages_of_its_lessons(tmp_path):
    bundle = release(ROOT, tmp_path / "out", lessons=["01"], site=True)
    site = bundle / "site"
    assert {p.name for p in bundle.iterdir()} <= set(release_module.RELEASE_WRITES)  # no build leftovers
    pages = sorted(p.name for p in site.glob("*.html"))
    assert "01-the-summit.html" in pages and "index.html" in pages
    assert not [p for p in pages if p[:2].isdigit() and p[:2] != "01"]  # only the released lesson
    lesson = (site / "01-the-summit.html").read_text("utf-8")
    assert 'alt="Timeline of the 14 lead-up events' in lesson and "✅ Exercise" not in lesson
    assert "/lite/" not in lesson and "lessons/01-the-summit.ipynb" in lesson  # no JupyterLite in a bundle
    assert all(not href.startswith("../") for href in read_page(site / "01-the-summit.html").links)
    assert "Open `site/index.html`" in (bundle / "README.md").read_text("utf-8")
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        assert f"{bundle.name}/site/01-the-summit.html" in archive.namelist()


def test_a_release_without_site_has_none(tmp_path, monkeypatch):
    monkeypatch.setattr(release_module, "build_wheel", _fake_wheel)
    bundle = release(ROOT, tmp_path / "out", lessons=["00"])
    assert not (bundle / "site").exists() and "site/index.html" not in (bundle / "README.md").read_text("utf-8")


def test_a_site_that_would_show_a_rubric_is_refused(tmp_path, monkeypatch):
    rubric = "1 point: a reason for Kim that explains the place or the moment, from the sources"

    def leaky_site(course, folder, stems, work):
        folder.mkdir()
        (folder / "index.html").write_text(f"<p>{rubric.replace(' ', '&nbsp;<b></b> ')}</p>")

    monkeypatch.setattr(release_module, "build_wheel", _fake_wheel)
    monkeypatch.setattr(release_module, "_write_site", leaky_site)
    with pytest.raises(ReleaseError, match="site/index.html: a rubric line of 1.7"):
        release(ROOT, tmp_path / "out", lessons=["01"], site=True)
    assert not (tmp_path / "out" / "assignment-01").exists()


def test_the_command_line_takes_site():
    assert parser().parse_args(["release", "--lessons", "01", "--site"]).site is True
    assert parser().parse_args(["release", "--lessons", "01"]).site is False
    assert parser().parse_args(["site"]).output == "_output/site"


def _fake_wheel(project, folder):
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "summit_course-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("summit_course/__init__.py", "")
    return wheel
