"""The class report in Chromium at 1280 and 390 px: who needs help on the first screen, nothing squeezed.

Issue 26, problem 7: the table's columns squeezed to one letter per line ("st u d e nt",
"9 / 2 7"), and the page was 12,600 px tall. The class here is the issue's: thirteen students
and 27 exercises over three lessons, with blank and untouched work, a whole course folder,
unreadable answers, a late one and written answers awaiting their scores.
"""

from __future__ import annotations

import pytest

from summit_course.gradebook import AnswerRecord, Gradebook, SubmissionRecord
from summit_course.reports.report import write_report

pytestmark = pytest.mark.browser
SCREENS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LESSONS = ("02-the-balance-sheet", "05-sanctions-and-the-security-council", "07-what-the-codes-say")
EXERCISES = [{"id": f"{lesson[1]}.{n}", "lesson": lesson, "points": 1, "kind": "written" if n == 9 else "text",
              "objective": f"Read table {n} of lesson {lesson[:2]} and say what it shows about the summit"}
             for lesson in LESSONS for n in range(1, 10)]
COURSE_NOTE = ("also handed in 15 file(s) of the course folder, not needed: README.md, datasets/ (13), "
               "requirements.txt")
UNREAD = ("answers that could not be read: 5.3 (cell 32: SyntaxError: leading zeros in decimal integer literals "
          "are not permitted; use an 0o prefix for octal integers), 7.2 (cell 18: NameError: name 'Knevichi' is "
          "not defined)")


def _student(name, right, status="ok", reason="", late=False, blank=False):
    answers = []
    for number, info in enumerate(EXERCISES):
        if blank:
            answers.append(AnswerRecord(info["id"], "not_attempted", 0.0, 1.0))
        elif info["kind"] == "written":
            answers.append(AnswerRecord(info["id"], "manual", None, 1.0, answer=f"{name} wrote an answer."))
        else:
            ok = number < right
            answers.append(AnswerRecord(info["id"], "passed" if ok else "incorrect", 1.0 if ok else 0.0, 1.0, 2, 2))
    record = SubmissionRecord(name, f"{name}/", "sha", "fp", status, reason, answers, late=late,
                              submitted_at="2026-12-11T09:30:00+01:00" if late else "2026-12-10T12:00:00+01:00")
    return record


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    with Gradebook(out / "gradebook-assignment-02-05-07.sqlite") as book:
        book.set_assignment({"name": "assignment-02-05-07", "due": "2026-12-10T17:00:00+01:00",
                             "exercises": EXERCISES})
        for name, right in (("amira", 24), ("ben", 24), ("chen", 20), ("dina", 18), ("emil", 15), ("fatou", 12)):
            book.record(_student(name, right))
        book.record(_student("Zoë Ωmega-Lindqvist", 24, "ok", COURSE_NOTE))  # a note, no reason to review
        book.record(_student("kim", 9, "review", UNREAD + "; Lesson 5 FINAL (1).ipynb was graded as lesson "
                             "05-sanctions-and-the-security-council: its name does not say so, but it sets 7 of that "
                             "lesson's answer variables (keep the lesson's file name)"))
        book.record(_student("lee", 21, late=True))
        book.record(_student("mo", 0, "blank", "no answer given: every answer cell still holds ... or is missing",
                             blank=True))
        book.record(_student("noor", 0, "untouched", "the release copy, unchanged: no answer given (the wrong file "
                             "handed in?)", blank=True))
        book.record(_student("omar", 0, "failed", "Lesson 2.ipynb: the file is not valid JSON (it may be damaged "
                             "or not a notebook): Expecting ',' delimiter: line 1 column 2", blank=True))
        book.record(_student("pia", 6, "review", "no notebook for lesson 07-what-the-codes-say (none of its answer "
                             "cells was found)"))
    return write_report(out / "gradebook-assignment-02-05-07.sqlite", out / "report-assignment-02-05-07.html")


# Each cell's text as lines: the tops of its words' boxes. A word split over two lines has two tops
# (a line may end after a hyphen or a slash, as in print, so those end a word here).
_LAYOUT = """() => {
  const words = cell => {
    const out = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s\\/-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        out.push({word: match[0], lines: tops.size, top: [...tops][0]});
      }
    }
    return out;
  };
  return [...document.querySelectorAll('td')].map(cell => {
    const found = words(cell);
    return {text: cell.textContent, whole: cell.classList.contains('n'),
            broken: found.filter(w => w.lines > 1).map(w => w.word),
            lines: new Set(found.map(w => w.top)).size};
  });
}"""


@pytest.fixture
def page(chromium_context):
    opened = chromium_context.new_page()
    yield opened
    opened.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_first_screen_says_who_needs_help_and_why(report, page, screen, artifacts):
    page.set_viewport_size(SCREENS[screen])
    page.goto(report.as_uri())
    page.screenshot(path=str(artifacts / f"report-{screen}.png"))
    page.screenshot(path=str(artifacts / f"report-{screen}-full.png"), full_page=True)
    heading = page.locator("#attention").bounding_box()
    first_row = page.locator("table.help tbody tr").first.bounding_box()
    assert heading["y"] < SCREENS[screen]["height"] / 2 and first_row["y"] < SCREENS[screen]["height"]
    names = page.locator("table.help tbody tr td:first-child").all_inner_texts()
    assert names[:3] == ["noor", "mo", "omar"], "untouched and blank work first, then what could not be graded"
    assert names[3:] == ["pia", "kim", "fatou", "lee"], "then by score: review, fewer than half the points, late"
    why = page.locator("table.help tbody tr").first.locator("td").last.inner_text()
    assert why.count("release copy, unchanged") == 1


@pytest.mark.parametrize("screen", SCREENS)
def test_no_name_score_or_word_is_broken_and_nothing_scrolls_sideways(report, page, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(report.as_uri())
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width[0]} px of content in {width[1]} px"
    cells = page.evaluate(_LAYOUT)
    broken = [(c["text"][:40], c["broken"]) for c in cells if c["broken"]]
    assert broken == [], "words split over two lines"
    if screen == "laptop":  # names, scores, statuses stay on one line
        squeezed = [c["text"] for c in cells if c["whole"] and c["lines"] > 1]
        assert squeezed == []


def test_the_page_is_not_a_wall(report, page):
    """12,600 px before; the charts of the item analytics are folded, the exercise chart shows the ten hardest.
    (7,000 until the report gained the pending-answers line and the sandboxed column: 7,085 px, so 7,500.)"""
    page.set_viewport_size(SCREENS["laptop"])
    page.goto(report.as_uri())
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 7500, height
    files = page.locator("p.files").inner_text()
    assert all(name in files for name in ("report-assignment-02-05-07.html", "report-assignment-02-05-07-exercises.csv",
                                          "report-assignment-02-05-07-items.csv"))
