"""Lessons import only the light student runtime; instructor machinery stays unloaded."""

from __future__ import annotations

import json
import subprocess
import sys

INSTRUCTOR_ONLY = ["nbclient", "frictionless", "playwright", "distributed", "dask", "jupyterlab",
                   "sqlite3", "summit_course.authoring", "summit_course.grading", "summit_course.gradebook",
                   "summit_course.publish", "summit_course.reports", "summit_course.cli"]

LESSON_SESSION = """
import json, sys
from summit_course import load, datasets, check, hint, quiz, explore
load("events"); datasets(); check("0.1", 1); hint("0.1"); quiz("0.9"); explore.browse("events")
print(json.dumps(sorted(sys.modules)))
"""


def test_a_lesson_session_loads_no_instructor_machinery():
    out = subprocess.run([sys.executable, "-c", LESSON_SESSION], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert {"pandas", "ipywidgets", "summit_course"} <= loaded
    assert not loaded & set(INSTRUCTOR_ONLY), loaded & set(INSTRUCTOR_ONLY)


def test_importing_the_package_loads_no_widgets_or_matplotlib():
    out = subprocess.run([sys.executable, "-c", "import json, sys, summit_course; "
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    assert "matplotlib" not in loaded and "ipywidgets" not in loaded
