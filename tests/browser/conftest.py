"""A real JupyterLab server and a headless Debian Chromium, shared by the browser tests.

The server runs on a loopback port the system picks (read back from the server's info file), with a token, on a scratch copy of the course
(so running lessons never writes outputs into lessons/), with a fresh settings and
workspace folder. Chromium is Debian's (``/usr/bin/chromium``) driven by Playwright
with a fresh user-data-dir; ``playwright install`` is never used.

Without Chromium these tests skip with a message, unless ``SUMMIT_REQUIRE_BROWSER=1``
(set by CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
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


class ServerExited(RuntimeError):
    """The server stopped before it answered; ``log`` is the end of what it wrote."""

    def __init__(self, code: int, log: str):
        super().__init__(f"The Jupyter server exited early with code {code}:\n{log}")
        self.log = log


def _poll(ready, process: subprocess.Popen, log: Path, what: str, seconds: float = 60):
    """``ready()``'s first true value, asked every 0.2 s (the server has no way to tell us); an early exit fails."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerExited(process.returncode, log.read_text(errors="replace")[-2000:])
        found = ready()
        if found:
            return found
        time.sleep(0.2)  # a poll's interval, not a wait for something to happen
    raise RuntimeError(f"The Jupyter server did not {what} within {seconds} s")


def _info(runtime: Path, process: subprocess.Popen) -> dict | None:
    """The server's own record of where it listens (``jpserver-<pid>.json``), once written whole."""
    try:
        return json.loads((runtime / f"jpserver-{process.pid}.json").read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def _start(command: list[str], env: dict, home: Path, token: str, attempts: int = 3):
    """Start the server and wait until it answers: ``(process, base URL)``.

    With ``--port=0`` the system picks a free port, but the server closes its probe socket and binds
    the port again later; should another process take the port in between, the server exits saying
    so, and it starts again (up to ``attempts`` times).
    """
    runtime, log_path = home / "runtime", home / "server.log"
    for attempt in range(attempts):
        with log_path.open("w") as log:
            process = subprocess.Popen(command, env={**env, "JUPYTER_RUNTIME_DIR": str(runtime)}, stdout=log,
                                       stderr=subprocess.STDOUT)
        try:
            info = _poll(lambda: _info(runtime, process), process, log_path, "write its server info")
            base = f"http://127.0.0.1:{info['port']}"
            _poll(lambda: _answers(f"{base}/api/status?token={token}"), process, log_path, f"answer at {base}")
            return process, base
        except ServerExited as exc:
            if "could not be started because" not in exc.log or attempt == attempts - 1:
                raise
        except BaseException:
            _stop(process)
            raise
    raise AssertionError("unreachable")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serve(command: list[str], env: dict, home: Path):
    """Run a Jupyter server ``command`` on a loopback port the system picks, with a token; yield its
    ``base`` URL and ``token`` once it answers; stop it after. Its log is ``home/server.log``."""
    token = secrets.token_hex(16)
    command = [*command, "--port=0", "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    process, base = _start(command, env, home, token)
    try:
        yield {"base": base, "token": token}
    finally:
        _stop(process)


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
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "SUMMIT_DATA": str(course / "datasets")}
    env.pop("SUMMIT_JOURNAL", None)  # not the test run's: kernels keep the scratch course's .summit/journal.jsonl
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={course / 'lessons'}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    with serve(command, env, home) as server:
        yield {**server, "root": course / "lessons"}


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
