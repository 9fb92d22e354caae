"""The environment carries compiled bytecode (issue #14): kernels never compile pandas from source.

Grading kernels run with ``PYTHONDONTWRITEBYTECODE=1`` and hub images are read-only, so a
package installed without bytecode is recompiled at every kernel start (about 1.4 s here for
pandas, ipywidgets and matplotlib). ``make install`` passes ``--compile-bytecode`` to uv and
compiles ``src/`` (the editable course package); this test fails on an environment installed
without it. It checks, without importing anything, that every module of the packages a kernel
loads has a ``.pyc`` in ``__pycache__`` that matches its source (not stale).
"""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

# What a lesson kernel and a grading kernel load; the course package is the editable install.
PACKAGES = ["pandas", "numpy", "matplotlib", "ipykernel", "IPython", "ipywidgets", "summit_course"]


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin, f"{name} is not installed"
    return Path(spec.origin).parent


def bytecode_problem(source: Path) -> str | None:
    """Why ``source`` has no usable compiled bytecode for this interpreter, or None."""
    cached = Path(importlib.util.cache_from_source(str(source)))
    try:
        data = cached.read_bytes()
    except OSError:
        return "no .pyc"
    if data[:4] != importlib.util.MAGIC_NUMBER:
        return "a .pyc of another Python"
    flags = struct.unpack("<I", data[4:8])[0]
    if flags & 1:  # hash-based (PEP 552), as compileall writes under SOURCE_DATE_EPOCH
        return None if data[8:16] == importlib.util.source_hash(source.read_bytes()) else "stale .pyc (hash)"
    mtime, size = struct.unpack("<II", data[8:16])
    stat = source.stat()
    if mtime != int(stat.st_mtime) & 0xFFFFFFFF or size != stat.st_size & 0xFFFFFFFF:
        return "stale .pyc"
    return None


def uncompiled(folder: Path) -> list[str]:
    return [f"{p.relative_to(folder)}: {why}" for p in sorted(folder.rglob("*.py"))
            if (why := bytecode_problem(p))]


@pytest.mark.parametrize("name", PACKAGES)
def test_installed_packages_have_fresh_bytecode(name):
    folder = package_dir(name)
    missing = uncompiled(folder)
    total = sum(1 for _ in folder.rglob("*.py"))
    assert not missing, (
        f"{len(missing)} of {total} modules of {name} have no fresh bytecode ({', '.join(missing[:5])}, ...): "
        "install with `uv pip install --compile-bytecode` (as `make install` does) "
        "and `python -m compileall src` for the editable course package")


def test_the_check_sees_a_missing_and_a_stale_pyc(tmp_path):
    module = tmp_path / "mod.py"
    module.write_text("x = 1\n")
    assert bytecode_problem(module) == "no .pyc"
    import py_compile

    py_compile.compile(str(module), doraise=True)
    assert bytecode_problem(module) is None
    module.write_text("x = 22\n")  # another size: stale whatever the clock's resolution
    assert bytecode_problem(module) == "stale .pyc"
