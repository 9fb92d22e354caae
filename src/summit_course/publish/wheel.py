"""Build the helper package's wheel with uv and hatchling from this environment: no network.

``uv build`` in its default isolated mode looks the build backend up on PyPI every time, even
with a warm cache. Here the backend (hatchling, in the ``instructor`` extra and the lock) is
already installed beside this Python, so the build runs ``--no-build-isolation --offline``.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["build_wheel"]


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        raise RuntimeError("Building the course wheel needs uv: run `make install` (it installs uv "
                           "into .venv) or `pip install uv`.")
    return found


def build_wheel(project_root: Path, out_dir: Path) -> Path:
    """Build ``summit_course``'s wheel from ``project_root`` into ``out_dir``; return its path."""
    if importlib.util.find_spec("hatchling") is None:
        raise RuntimeError("Building the course wheel needs hatchling beside this Python: run `make install` "
                           "(the lock has it), or `pip install 'summit-course[instructor]'`.")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("summit_course-*.whl"):
        old.unlink()
    result = subprocess.run([_uv(), "build", "--wheel", "--quiet", "--no-build-isolation", "--offline",
                             "--python", sys.executable, "--out-dir", str(out_dir), str(project_root)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Building the course wheel failed:\n{result.stderr.strip()}")
    (out_dir / ".gitignore").unlink(missing_ok=True)  # uv marks its output folder; a bundle keeps none
    return next(out_dir.glob("summit_course-*.whl"))
