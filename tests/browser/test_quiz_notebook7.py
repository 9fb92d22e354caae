"""A multiple-choice quiz in Jupyter Notebook 7 (the ``notebook`` package), with the keyboard alone.

Notebook 7 handles its shortcuts before the quiz sees a key, so ArrowDown moved the notebook
to the next cell instead of moving the choice. The same small notebook as the JupyterLab
test (a quiz cell, then a plain cell) shows whether the arrows stay in the quiz.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from .conftest import ROOT, _require_browser, _write_settings, serve
from .test_quiz_keyboard import ACTIVE, FOCUSED, NOTEBOOK, SETTLED

pytestmark = pytest.mark.browser
CELLS = ".jp-Notebook .jp-CodeCell"


@pytest.fixture(scope="module")
def notebook_server(tmp_path_factory):
    """Jupyter Notebook 7 (a loopback port the system picks, a token), on a scratch folder holding the quiz."""
    _require_browser()
    folder, home = tmp_path_factory.mktemp("nb7"), tmp_path_factory.mktemp("nb7-home")
    shutil.copytree(ROOT / "datasets", folder / "datasets")
    (folder / "quiz-keyboard.ipynb").write_text(json.dumps(NOTEBOOK))
    _write_settings(home / "settings")
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "SUMMIT_DATA": str(folder / "datasets"),
           "SUMMIT_JOURNAL": "off"}
    command = [sys.executable, "-m", "notebook", "--no-browser", f"--ServerApp.root_dir={folder}",
               "--JupyterNotebookApp.expose_app_in_browser=True"]
    with serve(command, env, home) as server:
        yield server


@pytest.fixture
def quiz_page(notebook_server, chromium_context):
    page = chromium_context.new_page()
    page.goto(f"{notebook_server['base']}/notebooks/quiz-keyboard.ipynb?token={notebook_server['token']}")
    page.wait_for_selector(CELLS, timeout=60_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(  # both cells ran: each shows an execution count
        f"() => [...document.querySelectorAll('{CELLS} .jp-InputPrompt')].every(e => /\\[\\d+\\]/.test(e.textContent))",
        timeout=120_000)
    page.locator(".summit-quiz fieldset.summit-choices").wait_for(timeout=30_000)
    yield page
    page.close()


def test_a_quiz_is_answered_by_keyboard_in_notebook_7(quiz_page):
    page = quiz_page
    quiz = page.locator(".summit-quiz")
    radios = quiz.locator("fieldset.summit-choices input[type=radio]")
    assert radios.count() >= 3
    radios.first.focus()
    page.keyboard.press("Space")  # choose the first option, as a keyboard user starts
    page.wait_for_function("() => document.activeElement.checked")
    cell_before = page.evaluate(ACTIVE)
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.type === 'radio' && document.activeElement.value === '1'")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.type === 'radio' && document.activeElement.value === '2'")
    focused = page.evaluate(FOCUSED)
    assert focused["checked"] and focused["inQuiz"], focused
    assert page.evaluate(ACTIVE) == cell_before, "ArrowDown moved the notebook to another cell"

    # Python's widget holds the third option, and keeps it past the quiz's own re-sync (1 s): under load
    # the kernel's echo of the second press can arrive after the third
    page.wait_for_function(SETTLED, arg="2", timeout=30_000, polling=100)
    page.keyboard.press("Tab")  # out of the group in one step: the Check button
    assert "Check answer" in page.evaluate(FOCUSED)["text"]
    page.keyboard.press("Enter")
    feedback = quiz.locator(".summit-feedback")
    feedback.wait_for(timeout=10_000)
    assert "Exercise 3.6" in feedback.inner_text()
    assert quiz.locator(".summit-paste pre code").inner_text().endswith("'C'"), "Python got the third option"
