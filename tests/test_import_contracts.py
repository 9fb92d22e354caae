"""The package's boundaries by audience hold, and the check that guards them would catch a breach.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``); import-linter's
``lint-imports`` checks them over the import graph (direct and indirect imports).
"""

from __future__ import annotations

import importlib.metadata
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import summit_course

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACTS = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
SUBPACKAGES = {"authoring", "grading", "gradebook", "publish", "reports"}

#: One import that breaks each contract (by id), written into a copy of the package.
BREACHES = {
    "student-runtime": ("data.py", "from .grading import tasks"),
    "authoring-below": ("authoring/manifest.py", "from ..gradebook import store"),
    "grading-not-publish": ("grading/tasks.py", "from ..reports import pages"),
    "gradebook-leaf": ("gradebook/exports.py", "from ..publish import wheel"),
    "gradebook-standard-library": ("gradebook/rows.py", "import pandas"),
    "publish-apart-from-reports": ("reports/outputs.py", "from ..publish import bundle"),
    "cli-on-top": ("reports/report.py", "from ..cli import main"),
}


def lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the ``summit_course`` package found in ``src``."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([command, "--config", str(PYPROJECT), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_the_package_keeps_every_import_contract(tmp_path):
    result = lint_imports(Path(summit_course.__file__).parents[1], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


def test_each_contract_catches_an_import_that_breaks_it(tmp_path):
    assert set(BREACHES) == {c["id"] for c in CONTRACTS}, "give every contract a breach to catch"
    copy = tmp_path / "src" / "summit_course"
    shutil.copytree(Path(summit_course.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for module, line in BREACHES.values():
        path = copy / module
        path.write_text(path.read_text("utf-8") + f"\n{line}  # a deliberate breach\n", encoding="utf-8")
    result = lint_imports(tmp_path / "src", tmp_path)
    assert result.returncode != 0
    assert f"Contracts: 0 kept, {len(CONTRACTS)} broken." in result.stdout, result.stdout


def test_every_top_level_module_is_in_the_student_runtime_contract():
    """A new top-level module (say ``evidence.py``) is student runtime: list it in the contract."""
    runtime = next(c for c in CONTRACTS if c["id"] == "student-runtime")
    top_level = {f"summit_course.{m.name}" for m in pkgutil.iter_modules(summit_course.__path__)
                 if m.name not in SUBPACKAGES | {"cli"}}
    assert top_level <= set(runtime["source_modules"]), top_level - set(runtime["source_modules"])


def _third_party(names) -> set[str]:
    return {name for name in names if name.split(".")[0] not in sys.stdlib_module_names | {"__future__", "summit_course"}}


def _declared_distributions() -> set[str]:
    """The distributions pyproject.toml names (the runtime and every extra), normalised."""
    project = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]
    requirements = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements}


def test_the_gradebook_is_forbidden_every_third_party_package_the_course_uses():
    """A new dependency, or a new third-party import anywhere in the package, must join the contract's list."""
    import grimp

    forbidden = set(next(c for c in CONTRACTS if c["id"] == "gradebook-standard-library")["forbidden_modules"])
    graph = grimp.build_graph("summit_course", include_external_packages=True)
    imported = _third_party(m for m in graph.modules if not m.startswith("summit_course"))
    assert imported - forbidden == set()
    names_of: dict[str, set[str]] = {}
    for name, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            names_of.setdefault(distribution.lower().replace("_", "-"), set()).add(name)
    installed = {d for d in _declared_distributions() if d in names_of}
    assert len(installed) >= 20
    assert {d for d in installed if not names_of[d] & forbidden} == set()
