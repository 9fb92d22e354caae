"""The JupyterLite build tools for the tests: ``make lite-tools`` once (stamped, so a no-op after).

``make test`` sets them up before any test runs where npm exists; the first time needs the
registries (PyPI for .lite/venv and the wheels, npm for Pyodide), which CI reaches. Without npm
the JupyterLite tests skip, saying why (a failure under ``SUMMIT_REQUIRE_BROWSER=1``, as CI sets).
One pytest-xdist worker sets the tools up while the others wait on a lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summit_course.publish.lite import LiteTools

ROOT = Path(__file__).resolve().parents[2]


def lite_tools() -> LiteTools:
    """The tools ``make lite-tools`` installs in this checkout, set up first if needed."""
    if not (ROOT / ".lite" / ".installed").is_file() and shutil.which("npm") is None:
        message = ("JupyterLite's tools are not set up and npm is missing (Pyodide comes from npm): "
                   "sudo apt-get install npm, then make lite-tools.")
        if os.environ.get("SUMMIT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    (ROOT / ".lite").mkdir(exist_ok=True)
    with open(ROOT / ".lite" / "setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(["make", "-C", str(ROOT), "--no-print-directory", "lite-tools"],
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"make lite-tools failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return LiteTools.find(ROOT)


def _offline() -> bool:
    """Whether this machine can run a command without a network (``unshare -n``)."""
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-n", "true"]).returncode == 0


def shared_lite(tmp_path_factory, worker_id: str) -> Path:
    """The JupyterLite site built from this checkout once per test session, shared by every xdist worker
    (the first to ask builds it under a lock). Built with no network where ``unshare -n`` works, as a
    set-up clone builds it: ``unshare -n make lite``."""
    lite_tools()  # set up (or skip, saying why) first
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    site, work = shared / "lite-site", shared / "lite-work"
    with open(shared / "lite-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "lite-site.done").exists():
            code = (f"from pathlib import Path; from summit_course.publish.lite import build_lite; "
                    f"build_lite(Path({str(ROOT)!r}), Path({str(site)!r}), work=Path({str(work)!r}))")
            offline = _offline()
            command = [*(["unshare", "-n"] if offline else []), sys.executable, "-c", code]
            done = subprocess.run(command, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-3000:]
            (shared / "lite-site.done").write_text("built offline" if offline else "built")
    return site
