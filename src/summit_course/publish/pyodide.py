"""Pyodide for the JupyterLite site: its core from npm, and every wheel this machine's registries carry.

Pyodide's core (the WebAssembly Python, its standard library and ``pyodide-lock.json``) comes
from the npm package ``pyodide``, pinned by ``requirements/pyodide/package-lock.json``. Its
packages are not on npm. The pure-Python ones the kernel and the lessons need (micropip,
IPython and what it pulls in, pandas' and matplotlib's pure helpers) are on PyPI at
Pyodide's own versions: ``requirements/pyodide/wheels.txt`` pins them with hashes, and
:func:`bundle_pyodide` puts them beside the core and points the lock at them. The compiled
ones (numpy, pandas, matplotlib, pillow, kiwisolver, contourpy) exist only as Pyodide's
builds on its CDN, so the lock sends the browser there for them: a lesson needs the network
the first time it loads pandas, and the kernel itself starts offline.

``python -m summit_course.publish.pyodide`` rewrites ``wheels.txt`` from the installed
Pyodide's lock (with the network: it downloads each wheel once to hash it).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["CDN", "KERNEL_AND_LESSONS", "bundle_pyodide", "needed_packages", "remote_packages", "write_wheel_pins"]

#: Where Pyodide's own builds of its packages live (``{version}`` is the npm package's).
CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
#: What the browser kernel loads to start (micropip, IPython, jedi) and what the lessons import.
KERNEL_AND_LESSONS = ("micropip", "ipython", "jedi", "pandas", "matplotlib")
#: The core files the site serves (the npm package also holds docs, type stubs and source maps).
CORE_SUFFIXES = (".mjs", ".js", ".wasm", ".zip", ".json")
SKIPPED = {"package.json"}


def _name(text: str) -> str:
    return text.lower().replace("_", "-").replace(".", "-")


def needed_packages(lock: dict, roots=KERNEL_AND_LESSONS) -> dict[str, dict]:
    """The entries of a Pyodide lock that ``roots`` need, with everything they depend on."""
    packages = {_name(key): value for key, value in lock["packages"].items()}
    needed, todo = {}, [_name(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        if name not in packages:
            raise KeyError(f"Pyodide's lock has no package {name!r}")
        needed[name] = packages[name]
        todo += [_name(d) for d in packages[name].get("depends", [])]
    return dict(sorted(needed.items()))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _local_wheels(wheels: Path) -> dict[tuple[str, str], Path]:
    """(name, version) of each wheel in ``wheels``, from its file name."""
    found = {}
    for wheel in sorted(Path(wheels).glob("*.whl")):
        name, version = wheel.name.split("-")[:2]
        found[(_name(name), version)] = wheel
    return found


def bundle_pyodide(dist: Path, wheels: Path, target: Path, roots=KERNEL_AND_LESSONS) -> list[str]:
    """Copy Pyodide's core from ``dist`` and the local ``wheels`` into ``target``; rewrite its lock.

    Each package of the lock whose wheel (same name and version) is in ``wheels`` is served
    from ``target`` (its hash updated); every other one is fetched from Pyodide's CDN.
    Returns the names of the packages ``roots`` (the kernel and the lessons) need that stay remote.
    """
    dist, target = Path(dist), Path(target)
    lock = json.loads((dist / "pyodide-lock.json").read_text("utf-8"))
    version = json.loads((dist / "package.json").read_text("utf-8"))["version"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in sorted(dist.iterdir()):
        if path.is_file() and path.suffix in CORE_SUFFIXES and path.name not in SKIPPED:
            shutil.copy2(path, target / path.name)
    local = _local_wheels(wheels)
    for entry in lock["packages"].values():
        wheel = local.get((_name(entry["name"]), entry["version"]))
        if wheel is None:
            entry["file_name"] = CDN.format(version=version) + entry["file_name"]
            continue
        shutil.copy2(wheel, target / wheel.name)
        entry["file_name"], entry["sha256"] = wheel.name, _sha256(wheel)
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", "utf-8")
    return remote_packages(lock, roots)


def remote_packages(lock: dict, roots=KERNEL_AND_LESSONS) -> list[str]:
    """The packages ``roots`` need that a lock still fetches from a web address."""
    return [name for name, entry in needed_packages(lock, roots).items() if "://" in entry["file_name"]]


def write_wheel_pins(dist: Path, extra: list[str], output: Path) -> Path:
    """Write ``name==version --hash=...`` for the pure-Python wheels :data:`KERNEL_AND_LESSONS` need.

    ``extra`` adds pins the kernel installs with piplite (``ipywidgets==8.1.9``, ...).
    Downloads each wheel from PyPI once, to hash it.
    """
    lock = json.loads((Path(dist) / "pyodide-lock.json").read_text("utf-8"))
    pure = [f"{e['name']}=={e['version']}" for e in needed_packages(lock).values()
            if e["file_name"].endswith("-none-any.whl")]
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "--platform", "any", "--python-version", "3.14", "--implementation", "py",
                        "--dest", scratch, *pure, *extra], check=True)
        lines = [f"{_name(name)}=={version} --hash=sha256:{_sha256(wheel)}"
                 for (name, version), wheel in _local_wheels(Path(scratch)).items()]
    header = ("# The pure-Python wheels the JupyterLite site serves itself, at Pyodide's versions (and the\n"
              "# widgets' at the runtime lock's). Made by: python -m summit_course.publish.pyodide\n")
    Path(output).write_text(header + "\n".join(sorted(lines)) + "\n", "utf-8")
    return Path(output)


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    here = Path(__file__).resolve().parents[3] / "requirements"
    runtime = (here / "runtime.txt").read_text("utf-8").splitlines()
    widgets = [line.split()[0] for line in runtime if line.startswith(("ipywidgets==", "comm==", "jupyterlab-widgets=="))]
    print(write_wheel_pins(here / "pyodide" / "node_modules" / "pyodide", widgets, here / "pyodide" / "wheels.txt"))
