"""The gradebook imports the standard library and itself only, so it reads on any Python without the course's stack."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import summit_course.gradebook

FOLDER = Path(summit_course.gradebook.__file__).parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_every_gradebook_module_imports_only_the_standard_library():
    outside = {f"{path.name}: {name}" for path in FOLDER.glob("*.py") for name in _imports(path)
               if name not in sys.stdlib_module_names and name != "__future__"}
    assert outside == set()


def test_the_check_sees_a_third_party_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import pandas\nfrom jinja2 import Template\nfrom . import store\n", encoding="utf-8")
    assert _imports(planted) == {"pandas", "jinja2"}
