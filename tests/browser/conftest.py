"""A real JupyterLab server and a headless Debian Chromium, shared by the browser tests.

The server runs on a free loopback port with a token, on a scratch copy of the course
(so running lessons never writes outputs into lessons/), with a fresh settings and
workspace folder. Chromium is Debian's (``/usr/bin/chromium``) driven by Playwright
with a fresh user-data-dir; ``playwright install`` is never used.

Without Chromium these tests skip with a message, unless ``SUMMIT_REQUIRE_BROWSER=1``
(set by CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

#: The course whose lessons and datasets the server serves: this one, or SUMMIT_COURSE_ROOT (a copy
#: with a lesson added, say; tests/authoring/test_new_lesson.py).
ROOT = Path(os.environ.get("SUMMIT_COURSE_ROOT") or Path(__file__).resolve().parents[2])
CHROMIUM = os.environ.get("SUMMIT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _require_browser():
    if Path(CHROMIUM).is_file():
        return
    message = (f"Chromium not found at {CHROMIUM}. To run the browser tests install Debian's "
               "chromium package (sudo apt-get install chromium) or set SUMMIT_CHROMIUM.")
    if os.environ.get("SUMMIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"JupyterLab exited early with code {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer at {url} within {seconds} s")


SETTINGS = {  # render every cell (no windowing) so the tests see the whole lesson
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


def _write_settings(folder: Path) -> None:
    for name, value in SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """Start JupyterLab on a scratch copy of the course; yield its base URL and token."""
    _require_browser()
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "lessons", course / "lessons")
    shutil.copytree(ROOT / "datasets", course / "datasets")
    home = tmp_path_factory.mktemp("home")
    _write_settings(home / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "SUMMIT_DATA": str(course / "datasets")}
    env.pop("SUMMIT_JOURNAL", None)  # not the test run's: kernels keep the scratch course's .summit/journal.jsonl
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course / 'lessons'}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    log_path = home / "lab.log"
    log = log_path.open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/status?token={token}", process, log_path)
        yield {"base": base, "token": token, "root": course / "lessons"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def playwright_driver():
    """Playwright's driver for one test module: every browser fixture launches from it (a second sync
    driver in the same process fails: "Sync API inside the asyncio loop"). Module scope, not session:
    while it runs, ``asyncio.run`` fails in this process, and a worker runs other modules' tests
    (jupyter_client's, for one) between its browser modules."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch_chromium(playwright_driver, profile: Path, timeout_ms: int = 30_000):
    """Debian's Chromium, headless, with a fresh profile folder and the course's flags."""
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(timeout_ms)
    return context


@pytest.fixture(scope="module")
def chromium_context(playwright_driver, tmp_path_factory):
    """A headless Chromium with a fresh profile (no JupyterLab: for pages the course writes)."""
    context = launch_chromium(playwright_driver, tmp_path_factory.mktemp("chromium-profile"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def browser_context(lab_server, chromium_context):
    """The same Chromium, once JupyterLab is up."""
    return chromium_context


@pytest.fixture(scope="session")
def artifacts():
    """The folder that keeps one screenshot per lesson."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
