"""The JupyterLite build tools for the tests: ``make lite-tools`` once (stamped, so a no-op after).

The first run needs the registries (PyPI for .lite/venv and the wheels, npm for Pyodide); CI
reaches them. One pytest-xdist worker sets them up while the others wait on a lock.
"""

from __future__ import annotations

import fcntl
import subprocess
from pathlib import Path

from summit_course.publish.lite import LiteTools

ROOT = Path(__file__).resolve().parents[2]


def lite_tools() -> LiteTools:
    """The tools ``make lite-tools`` installs in this checkout, set up first if needed."""
    (ROOT / ".lite").mkdir(exist_ok=True)
    with open(ROOT / ".lite" / "setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(["make", "-C", str(ROOT), "--no-print-directory", "lite-tools"],
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"make lite-tools failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return LiteTools.find(ROOT)
