"""What check(), hint(), quizzes and the forecast sliders put in the journal, and what progress() and my_forecasts() read back."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from summit_course import check, explore, hint, hints, journal, my_forecasts, progress, registry
from summit_course.explore.forecast_sliders import LESSON_01
from summit_course.quizzes import quiz


def _lessons() -> int:
    """How many lessons have exercises: one row each in progress() (a teacher's lesson adds one)."""
    return len({e.lesson for e in registry.exercises().values()})


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_check_hint_and_quiz_record_verdicts_and_numbers_never_answers(fixture_registry, here):
    check("99.1", ...)
    check("99.1", "forty-two")
    hint("99.1")
    hint("99.1")
    widget = quiz("99.7")
    widget.choice.value = "B"
    widget.show_feedback()
    check("no such exercise", 3)  # an unknown id is not an exercise: nothing to record
    got = _lines(here)
    assert [(e["kind"], e.get("verdict"), e.get("hint"), e["via"]) for e in got] == [
        ("check", "not_attempted", None, "check"), ("check", "incorrect", None, "check"),
        ("hint", None, 1, "hint"), ("hint", None, 2, "hint"), ("check", "passed", None, "quiz")]
    assert got[1]["passed"] == 0 and got[1]["total"] == 3 and got[4]["passed"] == 3
    text = here.read_text(encoding="utf-8")
    assert "forty-two" not in text and '"B"' not in text and "Count the rows" not in text


def test_journaling_off_changes_no_feedback(fixture_registry, monkeypatch, here):
    on = repr(check("99.1", "forty-two"))
    monkeypatch.setenv(journal.ENV_VAR, "off")
    assert repr(check("99.1", "forty-two")) == on
    assert len(_lines(here)) == 1


def _progress_after(*events):
    for kind, fields in events:
        assert journal.record(kind, **fields)
    return progress()


def _row(result, lesson):
    return next(row for row in result.rows if row.lesson.startswith(lesson))


def test_progress_counts_the_latest_verdict_per_exercise_and_the_hints_used(here):
    result = _progress_after(
        ("check", dict(exercise="0.1", verdict="incorrect", passed=2, total=3)),
        ("check", dict(exercise="0.1", verdict="passed", passed=3, total=3)),
        ("check", dict(exercise="0.2", verdict="passed", passed=3, total=3)),
        ("check", dict(exercise="0.2", verdict="incorrect", passed=2, total=3)),  # broke it again
        ("check", dict(exercise="0.3", verdict="not_attempted", passed=0, total=0)),
        ("check", dict(exercise="0.13", verdict="recorded", passed=2, total=2)),  # a written answer
        ("hint", dict(exercise="0.2", hint=1, of=3)), ("hint", dict(exercise="0.2", hint=2, of=3)),
        ("hint", dict(exercise="0.2", hint=1, of=3)),  # a restart starts the hints again
        ("check", dict(exercise="1.1", verdict="passed", passed=3, total=3)),
    )
    zero = _row(result, "00")
    assert zero.passed == ("0.1", "0.13") and zero.tried == ("0.2",) and zero.hints == 2
    assert "0.3" in zero.untouched and zero.total == len(zero.passed) + 1 + len(zero.untouched)
    assert zero.next_step().startswith("Try Exercise 0.2 again")
    assert _row(result, "01").next_step().startswith("Go on with Exercise 1.2")
    assert _row(result, "02").next_step() == "Not begun: start at the top"
    assert result.next_lesson().startswith("Next: lesson 00 start here. Try Exercise 0.2 again")
    assert result.checks == 6  # the placeholder's check is not an attempt


def test_progress_text_is_stable_and_says_every_state_in_words(here):
    result = _progress_after(("check", dict(exercise="0.1", verdict="passed", passed=3, total=3)))
    text = repr(result)
    assert text == repr(progress())
    lines = text.splitlines()
    assert lines[0].startswith("Your progress by lesson, from the 1 check in your journal")
    assert lines[1].split()[:2] == ["Lesson", "Passed"] and "Next step" in lines[1]
    assert lines[2].startswith("00 start here") and "1 of 13" in lines[2]
    assert len(lines) == 2 + _lessons() + 1  # caption, headings, one line per lesson, the next step


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_progress_html_is_an_accessible_table(here):
    page = _Table()
    page.feed(_progress_after(("hint", dict(exercise="3.1", hint=1, of=2)))._repr_html_())
    tags = [tag for tag, _ in page.tags]
    assert tags.count("table") == 1 and "caption" in tags and "style" not in str(page.tags)
    headers = [attrs for tag, attrs in page.tags if tag == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    assert sum(a["scope"] == "row" for a in headers) == _lessons()
    assert "Tried, not passed yet" in page.text and "Not begun: start at the top" in page.text


def test_progress_skips_corrupt_lines_and_says_so(here):
    journal.record("check", exercise="0.1", verdict="passed", passed=3, total=3)
    with open(here, "a", encoding="utf-8") as handle:
        handle.write('{"kind": "check", "exer\n\x00garbage\n')
    result = progress()
    assert _row(result, "00").passed == ("0.1",)
    assert repr(result).endswith("2 unreadable journal lines skipped")


def test_progress_with_the_journal_off_says_so(monkeypatch):
    monkeypatch.setenv(journal.ENV_VAR, "off")
    assert "switched off" in repr(progress()).splitlines()[0]


def test_moving_a_slider_records_that_forecast_and_my_forecasts_keeps_the_latest(here):
    assert list(my_forecasts().columns) == ["forecast_id", "probability", "recorded"]
    assert my_forecasts().empty
    widget = explore.forecast_sliders({"fc_troops_deployed_2024": 0.15}, ids=LESSON_01)
    assert not here.exists()  # showing the sliders, even from pasted values, records nothing
    widget.controls["fc_troops_deployed_2024"].value = 0.3
    widget.controls["fc_defence_treaty_2024"].value = 0.8
    widget.controls["fc_troops_deployed_2024"].value = 0.35
    mine = my_forecasts()
    assert list(mine["forecast_id"]) == ["fc_defence_treaty_2024", "fc_troops_deployed_2024"]
    assert list(mine["probability"]) == [0.8, 0.35]
    assert len(_lines(here)) == 3


def test_a_quiz_passed_only_in_the_quiz_is_not_passed_until_check_passes(fixture_registry, here):
    """The quiz's ✅ judges the widget; the grader reads the answer cell, still ``...`` here."""
    widget = quiz("99.7")
    widget.choice.value = "B"
    assert widget.show_feedback().correct
    assert check("99.7", ...).status == "not_attempted"  # the line was never pasted
    row = _row(progress(), "99")
    assert row.passed == () and row.quizzed == ("99.7",) and "99.7" not in row.untouched + row.tried
    assert row.next_step() == ('Exercise 99.7 was checked in the quiz only: paste the line the quiz shows '
                               'into the answer cell, then run check("99.7", venue)')
    text = repr(progress())
    assert "Checked in the quiz only" in text.splitlines()[1] and "Next: lesson 99 fixture. Exercise 99.7" in text
    assert check("99.7", "B").correct
    row = _row(progress(), "99")
    assert row.passed == ("99.7",) and row.quizzed == ()
    widget.choice.value = "A"
    widget.show_feedback()  # trying the quiz again changes nothing in the answer cell
    assert _row(progress(), "99").passed == ("99.7",)


def test_a_quiz_miss_after_a_quiz_pass_is_tried_and_old_entries_without_via_are_checks(here):
    result = _progress_after(
        ("check", dict(exercise="0.9", verdict="passed", passed=2, total=2, via="quiz")),
        ("check", dict(exercise="0.9", verdict="incorrect", passed=1, total=2, via="quiz")),
        ("check", dict(exercise="0.6", verdict="passed", passed=2, total=2, via="quiz")),
        ("check", dict(exercise="0.6", verdict="incorrect", passed=1, total=2, via="check")),
        ("check", dict(exercise="0.1", verdict="passed", passed=3, total=3)),  # written before "via"
    )
    zero = _row(result, "00")
    assert zero.passed == ("0.1",) and zero.tried == ("0.6", "0.9") and zero.quizzed == ()


def test_the_quiz_hint_button_records_each_hint_once_via_the_quiz(here, monkeypatch):
    monkeypatch.setattr(hints, "_hints_shown", {})
    widget = quiz("0.9")
    widget.show_hint()
    widget.show_hint()
    assert [(e["kind"], e["hint"], e["via"]) for e in _lines(here)] == [("hint", 1, "quiz"), ("hint", 2, "quiz")]


def test_hint_numbers_count_up_to_the_exercises_own_and_nonsense_is_ignored(here):
    result = _progress_after(
        ("hint", dict(exercise="0.2", hint=999_999, of=999_999)),  # a hand-edited journal
        ("hint", dict(exercise="0.3", hint=-5, of=2)),
        ("hint", dict(exercise="0.3", hint=0, of=2)),
        ("hint", dict(exercise="99.99", hint=7, of=9)),
        ("check", dict(exercise="0.4", verdict="hacked", passed=1, total=1)),
    )
    zero = _row(result, "00")
    assert zero.hints == len(registry.get("0.2").hints) == 2
    assert "0.4" in zero.untouched and result.checks == 0


@pytest.mark.parametrize("where", ["file/journal.jsonl", "/proc/nonexist/j.jsonl"])
def test_progress_says_when_the_journal_could_not_be_saved(tmp_path, monkeypatch, capsys, where):
    monkeypatch.setattr(journal, "_problems", {})
    monkeypatch.setattr(journal, "_warned", False)
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv(journal.ENV_VAR, str(tmp_path / where))
    assert repr(check("0.1", [1])).startswith("❌ Exercise 0.1")
    assert capsys.readouterr().err.count("could not be saved") == 1
    result = progress()
    warning = repr(result).splitlines()[1]
    assert warning.startswith("This table is incomplete: your journal could not be saved in this session (")
    assert str(tmp_path / where) in warning or where in warning
    assert result._repr_html_().startswith('<div class="summit-progress"><p><strong>This table is incomplete')
    monkeypatch.setenv(journal.ENV_VAR, str(tmp_path / "elsewhere.jsonl"))
    assert "incomplete" not in repr(progress())


def test_lesson_08_scores_only_forecasts_recorded_before_any_later_lesson_began(here, capsys):
    for kind, fields in [
        ("forecast", dict(forecast="fc_troops_deployed_2024", p=0.15)),
        ("forecast", dict(forecast="fc_defence_treaty_2024", p=0.3)),
        ("check", dict(exercise="1.1", verdict="passed", passed=3, total=3)),
        ("hint", dict(exercise="8.1", hint=1, of=2, via="quiz")),  # lesson 08 begun
        ("forecast", dict(forecast="fc_troops_deployed_2024", p=0.95)),  # moved after the outcomes
        ("forecast", dict(forecast="fc_unsc_veto_mid_2024", p=1.0)),
    ]:
        assert journal.record(kind, **fields)
    mine = my_forecasts(before_lesson="02")
    assert dict(zip(mine["forecast_id"], mine["probability"])) == {
        "fc_defence_treaty_2024": 0.3, "fc_troops_deployed_2024": 0.15}
    assert mine.attrs["left_out"] == 2
    note = capsys.readouterr().out
    assert note.startswith("Note: 2 forecast changes made after you started the exercises of lesson 02 or later (")
    assert "are left out" in note
    latest = my_forecasts()  # without a lesson: every forecast, the latest per question
    assert dict(zip(latest["forecast_id"], latest["probability"]))["fc_troops_deployed_2024"] == 0.95
    assert len(latest) == 3 and capsys.readouterr().out == ""


def test_before_a_lesson_with_no_entries_yet_every_forecast_counts(here, capsys):
    journal.record("forecast", forecast="fc_troops_deployed_2024", p=0.15)
    journal.record("check", exercise="7.1", verdict="incorrect", passed=0, total=3)
    assert list(my_forecasts(before_lesson="08")["probability"]) == [0.15]
    assert capsys.readouterr().out == ""


def test_a_forecast_moved_after_a_lesson_that_tells_the_outcome_is_left_out(here, capsys):
    """Lesson 05 shows the March 2024 veto: a slider moved after its exercises began is not a forecast."""
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.2)
    journal.record("check", exercise="5.1", verdict="passed", passed=3, total=3)
    journal.record("forecast", forecast="fc_unsc_veto_mid_2024", p=0.95)
    mine = my_forecasts(before_lesson="02")
    assert list(mine["probability"]) == [0.2] and mine.attrs["left_out"] == 1
    assert "1 forecast change made after you started the exercises of lesson 02 or later" in capsys.readouterr().out


def test_progress_outside_any_course_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv(journal.ENV_VAR)
    monkeypatch.delenv("SUMMIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(journal, "journal_path", lambda start=None: None)  # the package's own repo is not found
    first = repr(progress()).splitlines()[0]
    assert "no course folder was found" in first and "switched off" not in first
