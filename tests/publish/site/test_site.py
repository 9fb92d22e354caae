"""The course website: two editions, no answers in the learner's, links that resolve, nothing online."""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from summit_course.authoring.exercises import instructor_exercises
from summit_course.publish.site import SiteError, build_edition
from summit_course.publish.site.audit import instructor_notes, numeric_answers, public_problems, site_leaks, words
from summit_course.publish.site.notebooks import PERSONAL_NOTE, answer_names, shows_answer
from summit_course.publish.site.pages import INSTRUCTOR_BANNER
from summit_course.publish.site.public import COURSE_ZIP, public_site

from .built import ROOT, read_page

ENTRIES = instructor_exercises(ROOT / "solutions" / "exercises")
STEMS = [p.stem for p in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))]


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_both_editions_have_every_lesson_a_landing_page_and_search(built_site):
    site = built_site["path"]
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "instructor", "learner"]
    for edition in ("learner", "instructor"):
        assert {f"{s}.html" for s in STEMS} <= {p.name for p in (site / edition).iterdir()}
        assert (site / edition / "searchindex.js").is_file() and (site / edition / "search.html").is_file()
    assert (site / "instructor" / "schedule.html").is_file() and not (site / "learner" / "schedule.html").exists()
    top = read_page(site / "index.html")
    assert top.links == ["learner/index.html", "instructor/index.html"]
    assert "do not publish this folder" in (site / "index.html").read_text("utf-8")


def test_every_instructor_page_says_so_and_asks_not_to_be_indexed(built_site):
    site = built_site["path"]
    for page in (site / "instructor").rglob("*.html"):
        if "_static" not in page.parts:
            text = page.read_text("utf-8")
            assert INSTRUCTOR_BANNER in text and '<meta name="robots" content="noindex">' in text, page
    for page in (site / "learner").rglob("*.html"):
        assert INSTRUCTOR_BANNER not in page.read_text("utf-8") and "noindex" not in page.read_text("utf-8"), page


def _fake_lite(folder: Path) -> Path:
    (folder / "lab").mkdir(parents=True)
    (folder / "lab" / "index.html").write_text("<!DOCTYPE html><title>JupyterLite</title>")
    (folder / "files" / "lessons").mkdir(parents=True)
    for lesson in (ROOT / "lessons").glob("*.ipynb"):
        (folder / "files" / "lessons" / lesson.name).write_bytes(lesson.read_bytes())
    return folder


def test_the_public_folder_holds_the_learner_edition_and_lite_only(built_site, tmp_path):
    public = public_site(ROOT, tmp_path / "public", lite=_fake_lite(tmp_path / "lite"),
                         learner=built_site["path"] / "learner")
    assert sorted(p.name for p in public.iterdir()) == ["download", "index.html", "lite", "site"]
    assert sorted(p.name for p in (public / "site").iterdir()) == ["learner"]
    assert 'url=site/learner/index.html' in (public / "index.html").read_text("utf-8")
    assert public_problems(public, ENTRIES, ROOT / "lessons", ROOT / "solutions") == []
    assert not [p for p in public.rglob("*.html") if "noindex" in p.read_text("utf-8")]
    lesson = public / "site" / "learner" / "01-the-summit.html"
    lite = next(h for h in read_page(lesson).links if "/lite/" in h)
    assert (lesson.parent / urlsplit(lite).path).resolve().is_file()  # ../../lite/ resolves inside the folder
    public_site(ROOT, public, learner=built_site["path"] / "learner")  # a rebuild replaces it
    assert not (public / "lite").exists()


@pytest.mark.slow
def test_the_public_folder_offers_the_whole_course_to_download_and_install(tmp_path):
    public = public_site(ROOT, tmp_path / "public", lite=_fake_lite(tmp_path / "lite"), work=tmp_path)
    course = public / COURSE_ZIP
    with zipfile.ZipFile(course) as archive:
        names = set(archive.namelist())
    top = "summit-at-vostochny/"
    assert {top + "requirements.txt", top + "README.md", top + "datasets/datapackage.json"} <= names
    assert {f"{top}lessons/{s}.ipynb" for s in STEMS} <= names
    assert any(n.startswith(top + "package/summit_course-") and n.endswith(".whl") for n in names)
    for page in [public / "site" / "learner" / "index.html", public / "site" / "learner" / "03-what-pyongyang-wants.html"]:
        link = next(h for h in read_page(page).links if h.endswith(".zip"))
        assert (page.parent / link).resolve() == course.resolve(), page
        assert "make lab" not in page.read_text("utf-8")


def test_the_public_folder_refuses_the_instructor_edition(built_site, tmp_path):
    with pytest.raises(SiteError, match="Refusing to publish(.|\n)*a page of the instructor edition"):
        public_site(ROOT, tmp_path / "public", learner=built_site["path"] / "instructor")
    assert not (tmp_path / "public").exists()
    found = " ".join(public_problems(built_site["path"], ENTRIES, ROOT / "lessons", ROOT / "solutions"))
    assert "instructor/index.html: a page of the instructor edition" in found  # what the old recipe published
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(SiteError, match="is not a public site built by summit-course"):
        public_site(ROOT, tmp_path / "mine", learner=built_site["path"] / "learner")
    assert (tmp_path / "mine" / "notes.txt").is_file()


def test_personal_outputs_are_not_shown_as_the_readers_own(built_site):
    site = built_site["path"]
    start = (site / "learner" / "00-start-here.html").read_text("utf-8")
    scoring = (site / "learner" / "08-what-happened-next.html").read_text("utf-8")
    teacher = (site / "instructor" / "08-what-happened-next.html").read_text("utf-8")
    lesson_00 = sum(e["lesson"].startswith("00") for e in ENTRIES)
    assert f"{lesson_00} of {lesson_00}" not in start and PERSONAL_NOTE in start  # the build run's progress()
    # lesson 08's numeric model answers, which the build run scored as the sample forecaster
    answers = [(what, pattern) for what, pattern in numeric_answers([e for e in ENTRIES if e["lesson"].startswith("08")])
               if pattern.search(teacher)]
    assert answers, "the instructor page shows none of lesson 08's numeric answers: the test lost its subject"
    assert [what for what, pattern in answers if pattern.search(scoring)] == []
    lesson_08 = nbformat.read(ROOT / "solutions" / "08-what-happened-next.ipynb", as_version=4)
    personal = sum("personal" in c.metadata.get("tags", []) for c in lesson_08.cells if c.cell_type == "code")
    assert personal >= 4 and scoring.count(PERSONAL_NOTE) == personal  # one note for each personal cell


def test_the_audit_finds_a_numeric_model_answer_in_a_teaching_output(tmp_path):
    entries = [{"id": "1.2", "lesson": "01-x", "kind": "integer", "answer": 1602, "variable": "a"},
               {"id": "8.5", "lesson": "08-x", "kind": "number", "answer": 0.3740625, "variable": "b"}]
    (tmp_path / "08-x.html").write_text("<pre>forecaster            0.374\ncoin_toss 0.250</pre><p>10.3745 1602 16020</p>")
    found = site_leaks(tmp_path, entries, tmp_path / "no-lessons", tmp_path / "no-solutions")
    assert found == ["08-x.html: the numeric answer to 1.2 (1602)", "08-x.html: the numeric answer to 8.5 (0.374)"]


def test_learner_edition_reveals_no_answer_rubric_or_instructor_note(built_site):
    site = built_site["path"]
    args = (ENTRIES, ROOT / "lessons", ROOT / "solutions")
    assert site_leaks(site / "learner", *args) == []
    # The same scan finds the answers and notes in the instructor edition: it can fail.
    found = " ".join(site_leaks(site / "instructor", *args))
    assert "a rubric line of 1.7" in found and "an instructor note" in found and "solution marker" in found


def test_learner_pages_keep_teaching_outputs_and_drop_answer_outputs(built_site):
    learner = (built_site["path"] / "learner" / "01-the-summit.html").read_text("utf-8")
    instructor = (built_site["path"] / "instructor" / "01-the-summit.html").read_text("utf-8")
    assert 'alt="Timeline of the 14 lead-up events' in learner  # a stored figure, with its alt text
    assert "dataframe" in learner  # stored tables
    assert "✅ Exercise" not in learner and "✅ Exercise 1.1" in instructor  # check() feedback
    assert "trip days" in words(learner) and "trip days 1" not in words(learner)  # trip_days = ...
    assert "trip days trip date max" in words(instructor)


def _figures_and_tables(texts) -> tuple[list[str], int]:
    """The alt texts of the images and the number of pandas tables in some HTML."""
    text = "\n".join(texts)
    alts = [html.unescape(a) for a in re.findall(r'<img[^>]*\balt="([^"]*)"', text)]
    return alts, text.count('class="dataframe')


def test_every_learner_page_shows_the_figures_and_tables_its_lesson_shows(built_site):
    """Its lesson's: every output of a cell that is not an answer (a solution region), a check, a cell
    that reads an answer's name (its output would show the answer), or one learner's own result.
    Lesson 02's chart and table were hidden by a word in its text."""
    for stem in STEMS:
        solution = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
        answers = answer_names(solution.cells)
        shown = ["".join(o.get("data", {}).get("text/html", "")) for c in solution.cells if c.cell_type == "code"
                 and not shows_answer(c.source, answers)
                 and "personal" not in c.metadata.get("tags", []) for o in c.get("outputs", [])]
        figures, tables = _figures_and_tables(shown)
        page_figures, page_tables = _figures_and_tables([(built_site["path"] / "learner" / f"{stem}.html").read_text("utf-8")])
        assert [f for f in figures if f not in page_figures] == [], stem
        assert page_tables == tables, stem
    assert _figures_and_tables([(built_site["path"] / "learner" / "02-the-delegation.html").read_text("utf-8")])[0]


def test_each_learner_page_offers_its_notebook_without_answers(built_site):
    learner = built_site["path"] / "learner"
    for stem in STEMS:
        links = read_page(learner / f"{stem}.html").links
        assert f"notebooks/{stem}.ipynb" in links, stem
        notebook = nbformat.read(learner / "notebooks" / f"{stem}.ipynb", as_version=4)
        code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
        assert "BEGIN SOLUTION" not in code and not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code")
        assert not any("instructor" in c.metadata.get("tags", []) for c in notebook.cells)
        assert "make lab" not in (learner / f"{stem}.html").read_text("utf-8")


def test_a_lesson_page_has_one_set_of_previous_next_links(built_site):
    page = (built_site["path"] / "learner" / "01-the-summit.html").read_text("utf-8")
    assert page.count('class="prev-next-area"') == 1 and "Contents</a> |" not in page
    assert "← 00 How this course works" not in page


def test_widgets_show_their_alt_text_and_a_live_link(built_site):
    page = (built_site["path"] / "learner" / "01-the-summit.html").read_text("utf-8")
    assert page.count('class="widget-fallback"') == 5
    assert "Explorer: Kim's route, day by day" in html.unescape(page)
    assert re.search(r"Quiz 1\.\d+: \w", page), "a quiz shows its id and prompt"
    assert "../../lite/lab/index.html?path=lessons/01-the-summit.ipynb" in page


def test_frame_boxes_and_instructor_material(built_site):
    site = built_site["path"]
    for edition in ("learner", "instructor"):
        page = (site / edition / "05-the-security-council.html").read_text("utf-8")
        for box in ("overview", "objectives", "keypoints", "live"):
            assert f'class="{box} admonition"' in page, (edition, box)
    instructor = (site / "instructor" / "01-the-summit.html").read_text("utf-8")
    assert instructor.count('class="instructor rubric admonition"') == sum(e["lesson"] == "01-the-summit"
                                                                          for e in ENTRIES)
    assert instructor.count('class="instructor admonition"') == 3  # lesson 01's three instructor notes
    learner = (site / "learner" / "01-the-summit.html").read_text("utf-8")
    assert "instructor admonition" not in learner and "Rubric" not in learner


def test_schedule_totals_the_lessons_timings_and_points(built_site):
    text = words((built_site["path"] / "instructor" / "schedule.html").read_text("utf-8"))
    timings = [nbformat.read(ROOT / "solutions" / f"{s}.ipynb", as_version=4).metadata["course"] for s in STEMS]
    total = sum(t["teaching"] + t["exercises"] for t in timings)
    points = sum(e.get("points", 0) for e in ENTRIES)
    assert f"all {len(STEMS)} lessons" in text
    assert f"{total // 60} h {total % 60:02d} min" in text and f"min {points}" in text


def test_no_asset_comes_from_the_internet(built_site):
    for page in _pages(built_site["path"]):
        assets = read_page(page).assets
        assert not [a for a in assets if re.match(r"(https?:)?//", a)], page
    for css in built_site["path"].rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text("utf-8", "replace")), css
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", css.read_text("utf-8", "replace")), css


def test_every_internal_link_and_anchor_resolves(built_site):
    site = built_site["path"]
    ids = {page: read_page(page).ids for page in _pages(site)}
    broken, external = [], set()
    for page in ids:
        for href in read_page(page).links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                external.add(parts.netloc)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if site.resolve() not in target.parents and target != site.resolve():
                assert re.fullmatch(r"\.\./\.\./lite/lab/index\.html", parts.path), (page, href)
                continue  # JupyterLite, published next to the site
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set()):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []
    assert external <= {"mybinder.org", "www.sphinx-doc.org", "sphinx-doc.org", "github.com",
                        "pydata-sphinx-theme.readthedocs.io", "sphinx-book-theme.readthedocs.io",
                        "ebp.jupyterbook.org", "jupyterbook.org"}, external


def test_every_image_has_alt_text(built_site):
    missing = [(page.name, img.get("src", "")[:60]) for page in _pages(built_site["path"])
               for img in read_page(page).images if not (img.get("alt") or "").strip()]
    assert missing == []


def test_a_second_build_gives_the_same_files(built_site, tmp_path):
    first = built_site["path"] / "learner"
    second = build_edition(ROOT, "learner", tmp_path / "learner", work=tmp_path)

    def digests(folder):
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    one, two = digests(first), digests(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_instructor_notes_are_found_in_the_sources():
    notes = instructor_notes(ROOT / "solutions")
    assert len(notes) >= len(STEMS) and all(len(n.split()) >= 5 for n in notes)


def test_each_page_has_one_h1_and_headings_never_skip_a_level(built_site):
    for edition in ("learner", "instructor"):
        for page in sorted((built_site["path"] / edition).glob("[0-9i]*.html")):  # lessons and the landing page
            text = page.read_text("utf-8")
            article = text[text.index("<article"):text.index("</article>")]
            levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", article)]
            assert levels[0] == 1 and levels.count(1) == 1, page
            assert [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1] == [], page
