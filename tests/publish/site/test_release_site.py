"""``release --site``: the bundle carries the learner pages of its lessons, scanned for answers."""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

import pytest

from summit_course.cli import parser
from summit_course.publish.release import ReleaseError, release

from .built import ROOT, read_page

release_module = importlib.import_module("summit_course.publish.release")  # the package exports a function of that name


@pytest.mark.slow
def test_a_release_with_site_carries_the_learner_pages_of_its_lessons(tmp_path, monkeypatch):
    monkeypatch.delenv("SUMMIT_SITE_BINDER_REPO", raising=False)
    bundle = release(ROOT, tmp_path / "out", lessons=["01"], site=True)
    site = bundle / "site"
    assert {p.name for p in bundle.iterdir()} <= set(release_module.RELEASE_WRITES)  # no build leftovers
    pages = sorted(p.name for p in site.glob("*.html"))
    assert "01-the-summit.html" in pages and "index.html" in pages
    assert not [p for p in pages if p[:2].isdigit() and p[:2] != "01"]  # only the released lesson
    lesson = (site / "01-the-summit.html").read_text("utf-8")
    assert 'alt="Timeline of the 14 lead-up events' in lesson and "✅ Exercise" not in lesson
    assert "/lite/" not in lesson and "lessons/01-the-summit.ipynb" in lesson  # no JupyterLite in a bundle
    assert "mybinder" not in lesson and "Instructor edition" not in lesson  # no Binder without the setting
    assert all(not href.startswith("../") for href in read_page(site / "01-the-summit.html").links)
    assert "python -m http.server -d site" in (bundle / "README.md").read_text("utf-8")
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
    assert parser().parse_args(["site"]).public is False
    public = parser().parse_args(["site", "--public", "--lite", "_output/lite"])
    assert public.public is True and public.lite == "_output/lite"


def _fake_wheel(project, folder):
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "summit_course-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("summit_course/__init__.py", "")
    return wheel


def test_the_site_command_notes_missing_binder_links_and_publishes_only_with_public(tmp_path, monkeypatch, capsys):
    from summit_course.cli import main
    from summit_course.publish.site import build as build_module
    from summit_course.publish.site import public as public_module

    calls = []
    monkeypatch.setattr(build_module, "build_site", lambda root, out: calls.append(("site", out)) or out)
    monkeypatch.setattr("summit_course.publish.site.build_site", build_module.build_site)
    monkeypatch.setattr(public_module, "public_site", lambda root, out, lite: calls.append(("public", out, lite)) or out)
    monkeypatch.delenv("SUMMIT_SITE_BINDER_REPO", raising=False)
    assert main(["site", "--root", str(ROOT)]) == 0
    said = capsys.readouterr().out
    assert "Note: no Binder links; set SUMMIT_SITE_BINDER_REPO=owner/name" in said and "Do not publish it" in said
    monkeypatch.setenv("SUMMIT_SITE_BINDER_REPO", "me/course-student")
    assert main(["site", "--public", "--output", str(tmp_path / "public")]) == 0
    assert "Binder" not in capsys.readouterr().out
    assert calls == [("site", Path("_output/site").resolve()), ("public", tmp_path / "public", None)]
