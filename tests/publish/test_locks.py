"""The locks `make lock` writes: a lean student runtime, the development lock, the Lite tools apart."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"


def _pins(name: str) -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for line in (REQUIREMENTS / name).read_text("utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][\w.-]*)==(\S+)", line)
        if match:
            pins.setdefault(match[1].lower(), set()).add(match[2])
    return pins


def test_the_runtime_pins_what_lessons_import_at_the_development_lock_versions():
    runtime, lock = _pins("runtime.txt"), _pins("lock.txt")
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "ipykernel"} <= set(runtime)
    assert all(versions <= lock.get(name, set()) for name, versions in runtime.items()), "runtime ⊄ lock"
    tools = {"playwright", "sphinx", "myst-nb", "pytest", "nbval", "hypothesis", "import-linter", "hatchling",
             "frictionless", "tqdm", "notebook", "jupyterlite-core", "jupyterlite-pyodide-kernel"}
    assert not tools & set(runtime), tools & set(runtime)
    assert len(runtime) < len(lock) * 0.6


def test_jupyterlite_tools_are_locked_apart_from_the_jupyterlab_environments():
    """In .venv (or a hub image) the Pyodide kernel's extension would load into JupyterLab and fail."""
    assert "jupyterlite-pyodide-kernel" not in _pins("lock.txt") and "jupyterlite-core" not in _pins("lock.txt")
    lite = _pins("lite.txt")
    assert {"jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlab-widgets"} <= set(lite)
    assert lite["jupyterlab-widgets"] == _pins("runtime.txt")["jupyterlab-widgets"]
    assert "jupyterlab" not in lite and "pandas" not in lite
