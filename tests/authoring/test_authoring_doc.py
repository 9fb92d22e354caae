"""docs/authoring.md shows what the commands really print and says what a reader needs before a step.

Each test is one finding of a blind author walkthrough (issue #28, round 7) that read the guide
and ran it: the sample output it did not get, the file a command wrote unasked, the install the
browser test needed first, the step that was missing, the due date already past.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def _task(number: int) -> str:
    """The text of "## Task N" up to the next heading of its level or "# Reference" (not a shell comment)."""
    found = re.search(rf"^## Task {number}:.*?(?=^## |^# Reference$)", GUIDE, re.M | re.S)
    assert found, f"docs/authoring.md has no Task {number}"
    return found.group(0)


def _listed(text: str, header: str) -> list[str]:
    """The indented file names printed under the line starting with ``header`` (``Wrote 2 file(s).``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(header))
    indent = len(lines[start]) - len(lines[start].lstrip())
    names = []
    for line in lines[start + 1:]:
        if len(line) - len(line.lstrip()) <= indent or not line.strip():
            break
        names.append(line.strip())
    return names


def test_task_1s_build_lists_the_edited_solution_under_re_ran_not_wrote():
    """The walkthrough: the sample listed solutions/03 under "Wrote"; `build` lists it under "Re-ran" only."""
    task = _task(1)
    wrote, ran = _listed(task, "Wrote "), _listed(task, "Re-ran ")
    assert "solutions/03-what-pyongyang-wants.ipynb" in ran and not set(wrote) & set(ran), (wrote, ran)
    assert re.search(rf"Wrote {len(wrote)} file\(s\)\.", task) and re.search(rf"Re-ran {len(ran)} solution", task)


def test_a_check_run_from_the_shell_keeps_out_of_the_journal_and_says_so():
    """The walkthrough: `python -c 'check(...)'` wrote .summit/ in the course folder, so hint() advanced."""
    runs = [line for line in GUIDE.splitlines() if "python -c" in line and "summit_course import" in line]
    assert runs and all(re.match(r"\s*\$ SUMMIT_JOURNAL=off ", line) for line in runs), runs
    assert ".summit/journal.jsonl" in _task(1)


def test_axe_core_is_installed_before_a_lessons_browser_test():
    """The walkthrough: without axe-core the browser command reported "1 skipped" after 33 s."""
    commands = [line.strip() for line in _task(7).splitlines() if line.strip() and not line.lstrip().startswith("#")]
    install = next(i for i, c in enumerate(commands) if c == "npm ci --prefix tests/a11y")
    browser = next(i for i, c in enumerate(commands) if "tests/browser/test_lessons_in_browser.py" in c)
    assert install < browser


def test_task_4_says_to_build_once_more_after_rewording_the_readme():
    """The walkthrough: after rewording the README's lesson row, `build --check` said README.md was out of date."""
    task = " ".join(_task(4).split())
    assert re.search(r"After you reword the README cell, run `\.venv/bin/summit-course build` once more", task)


@pytest.mark.parametrize("doc", ["README.md", "docs/authoring.md"])
def test_no_due_date_to_type_is_already_past(doc):
    """The walkthrough: the example `--due 2026-12-07T17:00` was past on the day it was tried."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    now = dt.datetime.now()
    for written in re.findall(r"--due (\d{4}-\d\d-\d\d(?:T\d\d:\d\d)?)", text):
        due = dt.datetime.fromisoformat(written if "T" in written else f"{written}T23:59:59")
        assert due > now, f"{doc}: `--due {written}` is past: compute it, as `$(date -d '+7 days' +%F)`"


def test_task_6_shows_an_unchanged_copy_as_untouched_with_its_status_column():
    """The walkthrough: the blank row showed no status ("blank"), while grading says `untouched`, and
    `cut -f1-11` cut the status column off."""
    task = _task(6)
    header = next(line for line in task.splitlines() if line.startswith("student,"))
    assert header.endswith(",status"), header
    assert re.search(r"^blank,[\d,]*,untouched$", task, re.M) and re.search(r"^correct,[\d,]*,ok$", task, re.M)
    assert re.search(r"Graded 2 submission\(s\) \(1 ok, 1 untouched\)\.", task)
