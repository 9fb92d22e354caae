"""Site pages from notebooks, without Sphinx: the edition rules and clear errors on bad lessons."""

from __future__ import annotations

import re

import nbformat
import pytest

from summit_course.publish.site import SiteError, SiteSettings
from summit_course.publish.site.frame import overview_boxes
from summit_course.publish.site.notebooks import page_notebook, widget_alt
from summit_course.publish.site.notebooks import PERSONAL_NOTE
from summit_course.publish.site.pages import Lesson, conf_text, landing_text, schedule_text

ENTRIES = [{"id": "9.1", "lesson": "09-x", "variable": "answer_one", "kind": "integer", "points": 2,
            "objective": "Count rows", "prompt": "How many?", "rubric": ["2 points: the right count"]}]
LINKS = SiteSettings(binder="me/course-student").links("learner", "09-x")
OVERVIEW = "**Time:** 10 min teaching · 5 min exercises\n\n**Questions**\n- Why?\n\n**Objectives** – you will\n- count rows."


def _lesson(overview=OVERVIEW, key_points="## Key points\n\n- Counting is easy."):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md("# A lesson\n\nA hook."), md(overview), code("table = load('events')\ntable",),
             md("### Exercise 9.1 — Count"), code("### BEGIN SOLUTION\nanswer_one = 3\n### END SOLUTION\nanswer_one"),
             code('check("9.1", answer_one)'), code("quiz('9.1')"),
             md("> **Instructor note:** Ask the class first."), md(key_points)]
    cells[-2].metadata["tags"] = ["instructor"]
    shown = {"output_type": "execute_result", "execution_count": 1, "metadata": {}}
    cells[2].outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "the table"}})]
    cells[4].outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "3"}})]
    cells[5].outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "✅ passed"}})]
    cells[6].outputs = [nbformat.from_dict({**shown, "data": {
        "application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "MultipleChoice('9.1')"}})]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["course"] = {"teaching": 10, "exercises": 5}
    return notebook


def _text(page) -> str:
    return "\n".join(c.source + "".join(str(o.get("data", "")) for o in c.get("outputs", [])) for c in page.cells)


def test_learner_page_keeps_teaching_outputs_and_hides_answers_notes_and_checks():
    text = _text(page_notebook(_lesson(), "learner", "09-x", ENTRIES, LINKS))
    assert "the table" in text and "answer_one = ..." in text
    assert "answer_one = 3" not in text and "✅" not in text and "Ask the class" not in text
    assert "Quiz 9.1: How many?" in text and "lab/index.html?path=lessons/09-x.ipynb" in text
    assert "mybinder.org/v2/gh/me/course-student/main?urlpath=lab/tree/lessons/09-x.ipynb" in text
    assert ":class: objectives" in text and ":class: keypoints" in text and "2 points" not in text


def test_instructor_page_keeps_answers_and_sets_notes_and_rubrics_apart():
    text = _text(page_notebook(_lesson(), "instructor", "09-x", ENTRIES, LINKS))
    assert "answer_one = 3" in text and "✅ passed" in text
    assert ":class: instructor\n\nAsk the class first." in text
    assert ":class: instructor rubric" in text and "**Points:** 2" in text and "- 2 points: the right count" in text


def test_pages_get_stable_cell_ids():
    one, two = (page_notebook(_lesson(), "learner", "09-x", ENTRIES, LINKS) for _ in range(2))
    assert [c["id"] for c in one.cells] == [c["id"] for c in two.cells] == [f"09-{i:03d}" for i in range(len(one.cells))]


@pytest.mark.parametrize(("lesson", "message"), [
    (_lesson(overview="**Time:** 10 min\n\nNo objectives here."), "09-x: the lesson has no \\*\\*Objectives\\*\\*"),
    (_lesson(overview="**Objectives**\n- count."), "no \\*\\*Time\\*\\* block"),
    (_lesson(key_points="## Summary"), "09-x: the lesson has no '## Key points' cell"),
    (_lesson(key_points="## Key points\n"), "'## Key points' cell has no bullets"),
])
def test_a_lesson_without_its_frame_is_refused_with_a_clear_message(lesson, message):
    with pytest.raises(SiteError, match=message):
        page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS)


def test_unknown_edition_and_missing_timings_are_refused():
    with pytest.raises(SiteError, match="Unknown edition 'teacher'"):
        page_notebook(_lesson(), "teacher", "09-x", ENTRIES, LINKS)
    notebook = _lesson()
    del notebook.metadata["course"]
    with pytest.raises(SiteError, match="09-x: the notebook metadata has no course.teaching"):
        Lesson.from_notebook("09-x", "A lesson", notebook, ENTRIES)


def test_schedule_totals_minutes_and_points():
    lessons = [Lesson("01-a", "A", 20, 30, 5), Lesson("02-b", "B", 25, 40, 7)]
    text = schedule_text(lessons)
    assert "| [01 A](01-a.ipynb) | 20 min | 30 min | 50 min | 50 min | 5 |" in text
    assert "| [02 B](02-b.ipynb) | 25 min | 40 min | 1 h 05 min | 1 h 55 min | 7 |" in text
    assert "| **all 2 lessons** | **45 min** | **1 h 10 min** | **1 h 55 min** | | **12** |" in text


def test_widget_alt_text():
    assert widget_alt('Explorer("Kim\'s route")', {}) == "Explorer: Kim's route"
    assert widget_alt("something else", {}) == "an interactive widget"
    assert "Objectives" in overview_boxes(OVERVIEW, "09-x")


def test_a_bare_figure_takes_its_alt_text_from_the_cell_or_is_refused():
    lesson = _lesson()
    png = {"output_type": "display_data", "metadata": {},
           "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"}}
    lesson.cells[2].outputs = [nbformat.from_dict(png)]
    with pytest.raises(SiteError, match="09-x: the figure of the cell starting \"table = load\\('events'\\)\" has no alt"):
        page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS)
    lesson.cells[2].metadata["alt"] = "Bar chart of events per year"
    page = page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS)
    figure = next(c for c in page.cells if c.cell_type == "code" and c.outputs)
    assert figure.metadata["mystnb"] == {"image": {"alt": "Bar chart of events per year"}}


def test_binder_links_come_only_from_the_student_repository_setting(tmp_path, monkeypatch):
    """Never from the git remote (the instructor repository, with solutions/) nor SUMMIT_SITE_REPO."""
    import subprocess

    from summit_course.publish.site.build import BINDER_VAR, binder_repo

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:me/course.git"], check=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(BINDER_VAR, raising=False)
    monkeypatch.setenv("SUMMIT_SITE_REPO", "me/course")  # the old setting: ignored
    assert binder_repo() is None
    for edition in ("learner", "instructor"):
        links = SiteSettings(binder=binder_repo()).links(edition, "09-x")
        text = _text(page_notebook(_lesson(), edition, "09-x", ENTRIES, links))
        assert "Binder" not in text and "mybinder" not in text and "OWNER/REPO" not in text
    monkeypatch.setenv(BINDER_VAR, "me/course-student")
    for edition in ("learner", "instructor"):
        links = SiteSettings(binder=binder_repo()).links(edition, "09-x")
        assert links["binder"] == "https://mybinder.org/v2/gh/me/course-student/main?urlpath=lab/tree/lessons/09-x.ipynb"
        text = _text(page_notebook(_lesson(), edition, "09-x", ENTRIES, links))
        assert "on Binder" in text and "/tree/solutions/" not in text
    monkeypatch.setenv(BINDER_VAR, "https://github.com/me/course")
    with pytest.raises(SiteError, match="not owner/name: name the public GitHub repository that holds a student release"):
        binder_repo()


def test_a_personal_output_becomes_a_note_in_the_learner_edition_only():
    lesson = _lesson()
    shown = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
             "data": {"text/plain": "forecaster    0.374"}}
    cell = nbformat.v4.new_code_cell("rows.mean()", outputs=[nbformat.from_dict(shown)])
    cell.metadata["tags"] = ["personal"]
    lesson.cells.insert(3, cell)
    learner = _text(page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS))
    assert "0.374" not in learner and PERSONAL_NOTE in learner and "rows.mean()" in learner
    assert "forecaster    0.374" in _text(page_notebook(lesson, "instructor", "09-x", ENTRIES, LINKS))


def test_the_landing_page_says_what_needs_a_network_for_the_links_it_has():
    lessons = [Lesson("01-a", "A", 20, 30, 5), Lesson("02-b", "B", 25, 40, 7)]
    both = landing_text("learner", lessons, [], {"lite": True, "binder": True, "course_zip": "../../download/c.zip"})
    assert "Each lesson takes 50 to 65 minutes" in both and "30 to 50" not in both
    assert "In your browser, with nothing to install" in both and "On Binder" in both
    assert "| run a lesson on Binder |" in both and "| run a lesson on a class hub | yes, to reach the hub |" in both
    assert "Pyodide's public CDN" in both and "then no" not in both
    assert '<a href="../../download/c.zip" download>download the course</a>' in both
    assert "python -m venv .venv && .venv/bin/python -m pip install -r requirements.txt" in both
    assert "make lab" not in both  # a command of the instructor's repository, which a learner does not have
    bare = landing_text("learner", lessons, [], {})
    assert "Binder" not in bare and "JupyterLite" not in bare and "course folder your instructor gave you" in bare
    instructor = landing_text("instructor", lessons, [], {"lite": True, "binder": False})
    assert "a JupyterLite link" in instructor and "make lab" in instructor and "Binder" not in instructor


def test_each_page_offers_its_notebook_and_a_local_install_in_two_commands():
    page = page_notebook(_lesson(), "learner", "09-x", ENTRIES, LINKS)
    live = next(c.source for c in page.cells if ":class: live" in c.source)
    assert "Run this lesson" in live and "CDN" in live and "after that it works offline" not in live
    assert '<a href="notebooks/09-x.ipynb" download>Download this lesson’s notebook</a>' in live
    commands = re.search(r"```bash\n(.*?)```", live, re.S)[1].split("\n")
    assert [c.strip() for c in commands if c.strip()] == [
        "python -m venv .venv && .venv/bin/python -m pip install -r requirements.txt",
        ".venv/bin/jupyter lab lessons/09-x.ipynb"]
    assert "make lab" not in live and "course folder your instructor gave you" in live
    zipped = SiteSettings(course_zip="../../download/c.zip").links("learner", "09-x")
    live = next(c.source for c in page_notebook(_lesson(), "learner", "09-x", ENTRIES, zipped).cells
                if ":class: live" in c.source)
    assert '<a href="../../download/c.zip" download>download the course</a>' in live


def test_a_title_is_escaped_once_in_the_live_box_and_widget_text():
    lesson = _lesson()
    lesson.cells[0].source = '# Kim & Putin <script>alert("x")</script>\n\nA hook.'
    page = page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS)
    live = next(c.source for c in page.cells if ":class: live" in c.source)
    assert "<script>" not in live and "Kim &amp; Putin &lt;script&gt;" in live and "&amp;amp;" not in live
    lesson.cells[6].outputs[0]["data"]["text/plain"] = "Explorer('<b>Kim & Putin</b>')"
    page = page_notebook(lesson, "learner", "09-x", ENTRIES, LINKS)
    fallback = next(o for c in page.cells for o in c.get("outputs", []) if "widget-fallback" in str(o))
    assert "Explorer: &lt;b&gt;Kim &amp; Putin&lt;/b&gt;." in fallback["data"]["text/html"]


def test_outputs_are_hidden_by_answer_cell_identity_not_by_a_word_in_the_text():
    """Lesson 02's chart was hidden because its text says "hosts", lesson 00's answer variable."""
    lesson, code = _lesson(), nbformat.v4.new_code_cell
    shown = {"output_type": "execute_result", "execution_count": 1, "metadata": {}}
    chart = code('# Read the chart: Russian hosts on the right\ntitle = "hosts and answer_one"\ntitle')
    chart.outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "THE CHART"}})]
    reader = code("answer_one * 2")  # reads this lesson's answer: its output shows the answer
    reader.outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "SIX"}})]
    magic = code("%time answer_one")  # does not parse as Python: any word counts
    magic.outputs = [nbformat.from_dict({**shown, "data": {"text/plain": "MAGIC"}})]
    lesson.cells[5:5] = [chart, reader, magic]
    entries = ENTRIES + [{"id": "0.5", "lesson": "00-start-here", "variable": "hosts", "kind": "text"}]
    text = _text(page_notebook(lesson, "learner", "09-x", entries, LINKS))
    assert "THE CHART" in text and "SIX" not in text and "MAGIC" not in text


def test_the_lessons_own_previous_next_lines_are_left_to_the_theme():
    lesson = _lesson()
    lesson.cells.insert(0, nbformat.v4.new_markdown_cell("<!--NAV-->\n[Contents](../README.md#lessons) | [next](x.ipynb)"))
    for edition in ("learner", "instructor"):
        assert "<!--NAV-->" not in _text(page_notebook(lesson, edition, "09-x", ENTRIES, LINKS))


def test_only_the_instructor_edition_carries_the_banner_and_noindex():
    instructor, learner = conf_text("instructor", "T"), conf_text("learner", "T")
    assert "Instructor edition — do not publish where students can read it" in instructor
    assert '"summit_noindex": True' in instructor and '"summit_noindex": False' in learner
    assert "Instructor edition" not in learner
