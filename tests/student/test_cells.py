"""The cell tracker: a check never grades a value its answer cell did not just set.

These tests drive a real IPython shell (``run_cell``), not mocks: the tracker hears the same
``pre_run_cell`` and ``post_run_cell`` events a Jupyter kernel sends.
"""

from __future__ import annotations

import subprocess
import sys

from IPython.core.interactiveshell import InteractiveShell

from summit_course import cells, check

STALE_NAME = "Your answer cell stopped with NameError: fix it and run it again"


def run(ip, source):
    return ip.run_cell(source).result


def text(feedback) -> str:
    return repr(feedback)


def test_a_passing_answer_cell_is_graded(shell):
    run(shell, "n_items = 42")
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")


def test_a_failed_answer_cell_is_not_graded(shell):
    run(shell, "hosts = {'Putin', 'Shoigu'}")
    assert text(run(shell, 'check("99.5", hosts)')).startswith("✅")
    failed = shell.run_cell("hosts = {military, navy}")
    assert isinstance(failed.error_in_exec, NameError)
    out = text(run(shell, 'check("99.5", hosts)'))
    assert STALE_NAME in out and "did not grade the old value" in out
    assert "✅" not in out and "looks right" not in out


def test_a_failed_edit_of_a_placeholder_is_not_not_attempted(shell):
    run(shell, "n_items = ...")
    shell.run_cell("n_items = twelve")
    out = text(run(shell, 'check("99.1", n_items)'))
    assert STALE_NAME in out and "not attempted" not in out


def test_a_syntax_error_is_caught_before_the_old_text_is_counted(shell):
    run(shell, 'why = "a first draft of five words"')
    failed = shell.run_cell('why = "Russia wants shells, and\nNorth Korea wants technology."')
    assert failed.error_before_exec is not None
    out = text(run(shell, 'check("99.13", why)'))
    assert "stopped with SyntaxError" in out and "words" not in out


def test_fixing_the_cell_makes_the_check_grade_again(shell):
    shell.run_cell("n_items = twelve")
    run(shell, "n_items = 42")
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")


def test_out_of_order_the_last_cell_to_run_counts(shell):
    run(shell, "n_items = 42")          # the answer cell
    shell.run_cell("n_items = n_itmes + 1")  # a later cell, run after it, fails
    assert STALE_NAME in text(run(shell, 'check("99.1", n_items)'))
    run(shell, "n_items = 42")          # the student goes back and runs the answer cell again
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")


def test_a_cell_that_only_reads_the_variable_does_not_count(shell):
    run(shell, "n_items = 42")
    shell.run_cell("n_items / undefined_name")
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")


def test_a_restarted_kernel_starts_fresh(shell):
    run(shell, "n_items = 42")
    shell.run_cell("n_items = twelve")
    InteractiveShell.clear_instance()  # a restart: a new shell, a new tracker
    ip = InteractiveShell.instance()
    ip.user_ns["n_items"] = 42  # a value no cell of this kernel set (e.g. run before the setup cell)
    cells.install(ip)
    ip.run_cell("from summit_course import check")
    out = text(ip.run_cell('check("99.1", n_items)').result)
    assert "has not run since the kernel started" in out and "✅" not in out
    ip.run_cell("n_items = 42")
    assert text(ip.run_cell('check("99.1", n_items)').result).startswith("✅")


def test_a_check_given_a_literal_value_is_graded(shell):
    assert text(run(shell, 'check("99.1", 42)')).startswith("✅")


def test_check_never_raises_when_the_tracker_breaks(shell, monkeypatch):
    monkeypatch.setattr(cells.tracker, "current_source", None)
    run(shell, "n_items = 42")
    assert text(check("99.1", 42)).startswith("✅")


# --- the answer cell's own latest run (cells have ids in JupyterLab, Notebook 7 and nbclient) ---


def test_a_misspelled_name_in_the_answer_cell_is_not_graded_as_the_old_value(shell):
    run_in = {"cell_id": "answer-cell"}
    shell.run_cell("share = 20000 / 44000", **run_in)
    assert text(run(shell, 'check("99.2", share)')).startswith("✅")
    shell.run_cell("shar = 20000 / 44000", **run_in)  # the same cell, edited: a typo
    out = text(run(shell, 'check("99.2", share)'))
    assert "✅" not in out and "looks right" not in out
    assert "set `shar`, not `share`" in out and "did not grade the old value" in out
    shell.run_cell("share = 20000 / 44000", **run_in)  # fixed
    assert text(run(shell, 'check("99.2", share)')).startswith("✅")


def test_an_answer_cell_emptied_of_its_assignment_names_what_it_should_set(shell):
    shell.run_cell("n_items = 42", cell_id="a")
    shell.run_cell("42", cell_id="a")
    out = text(run(shell, 'check("99.1", n_items)'))
    assert "set no name" in out and "`n_items = ...`" in out and "✅" not in out


def test_an_answer_cell_that_sets_several_other_names_lists_them(shell):
    shell.run_cell("n_items = 42", cell_id="a")
    shell.run_cell("n_item, n_extra = 42, 1", cell_id="a")
    assert "set `n_item` and `n_extra`, not `n_items`" in text(run(shell, 'check("99.1", n_items)'))


def test_setting_the_variable_in_another_cell_makes_that_cell_the_answer_cell(shell):
    shell.run_cell("n_items = 41", cell_id="a")
    shell.run_cell("n_items = 42", cell_id="b")  # a scratch cell further down, on purpose
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")
    shell.run_cell("print('something else')", cell_id="a")
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅"), "b set it last: a no longer counts"


def test_other_cells_running_in_between_do_not_matter(shell):
    shell.run_cell("n_items = 42", cell_id="a")
    shell.run_cell("n_items * 2", cell_id="b")
    shell.run_cell("other = 1", cell_id="c")
    assert text(run(shell, 'check("99.1", n_items)')).startswith("✅")


def test_without_cell_ids_a_near_miss_just_before_the_check_is_caught(shell):
    run(shell, "share = 20000 / 44000")
    run(shell, "shar = 20000 / 44000")  # no cell id: an older front end
    out = text(run(shell, 'check("99.2", share)'))
    assert "set `shar`, not `share`" in out and "✅" not in out
    run(shell, "unrelated = 1")
    assert text(run(shell, 'check("99.2", share)')).startswith("✅"), "only a near miss just before counts"


def test_outside_ipython_nothing_is_registered(fixture_registry):
    code = ("import sys, summit_course\n"
            "from summit_course import cells\n"
            "assert cells.tracker is None\n"
            "assert 'IPython' not in sys.modules, 'importing the package must not load IPython'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    cells.uninstall()
    assert cells.stale_reason("n_items") is None
    assert text(check("99.1", 42)).startswith("✅")


# --- one plain line under the traceback -------------------------------------------------


def note_after(ip, source, capsys) -> tuple[str, str]:
    """The cell's printed output, and its last line (the note, when there is one)."""
    capsys.readouterr()
    ip.run_cell(source)
    out = capsys.readouterr().out
    return out, out.strip().splitlines()[-1]


def test_a_note_goes_under_the_traceback_never_instead(shell, capsys):
    out, last = note_after(shell, "hosts = {military, navy}", capsys)
    assert "NameError" in out
    assert out.index("NameError") < out.index("Note:")
    assert last == ("Note: If military is a word or a value from the table, put it in quotes: "
                    "'military'. If it is a variable, run the cells above, or Kernel → Restart "
                    "Kernel and Run All Cells.")


def test_a_name_from_an_earlier_cell(shell, capsys):
    _, last = note_after(shell, "n_items * 2", capsys)  # an answer variable, not set yet
    assert last == ("Note: `n_items` is set in an earlier cell: run the cells above, or "
                    "Kernel → Restart Kernel and Run All Cells.")


def test_an_answer_variable_never_set_beside_a_misspelling_names_the_misspelling(shell, capsys):
    """The instructor walkthrough: `russia_vote = ...` then `check("5.2", russia_votes)` advised running
    the cells above, which cannot help; the grader said a cell sets `russia_vote` instead."""
    shell.run_cell("n_item = 42")
    _, last = note_after(shell, 'check("99.1", n_items)', capsys)
    assert "a cell sets `n_item`" in last and "spell it `n_items`" in last and "cells above" not in last


def test_check_itself_undefined_means_the_setup_cell_did_not_run(shell, capsys):
    del shell.user_ns["check"]
    _, last = note_after(shell, 'check("99.1", 42)', capsys)
    assert last.startswith("Note: `check` comes from the setup cell") and "Run this cell first" in last


def test_a_date_without_quotes(shell, capsys):
    out, last = note_after(shell, "when = 2023-09-13", capsys)
    assert "SyntaxError" in out
    assert last == "Note: A date needs quotes: write '2023-09-13', not 2023-09-13."


def test_an_unfinished_text(shell, capsys):
    _, last = note_after(shell, 'why = "Russia wants shells\nand more"', capsys)
    assert 'three quotes: why = """ ... """' in last


def test_a_column_that_is_not_in_the_table(shell, capsys):
    shell.run_cell("import pandas as pd\ndf = pd.DataFrame({'portfolio': [1], 'person': [2]})")
    out, last = note_after(shell, 'df["portfolios"]', capsys)
    assert "KeyError" in out
    assert last == "Note: There is no column 'portfolios'. Did you mean 'portfolio'?"
    _, last = note_after(shell, 'df["zzz"]', capsys)
    assert last == "Note: There is no column 'zzz'. The columns are: 'portfolio', 'person'."


def test_other_errors_get_no_note(shell, capsys):
    out, _ = note_after(shell, "1 / 0", capsys)
    assert "ZeroDivisionError" in out and "Note:" not in out
