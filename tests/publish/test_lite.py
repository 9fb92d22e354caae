"""`make lite`: the JupyterLite site holds every lesson, the data, Pyodide and the wheels, built offline."""

from __future__ import annotations

import asyncio
import json
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from summit_course import in_browser
from summit_course.publish.lite import SETUP_CELL
from summit_course.publish.pyodide import CDN, bundle_pyodide, needed_packages

from .lite_tools import shared_lite

ROOT = Path(__file__).resolve().parents[2]
COMPILED = ["contourpy", "kiwisolver", "matplotlib", "numpy", "pandas", "pillow"]


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory, worker_id):
    """The session's one JupyterLite build, made with no network where ``unshare -n`` works."""
    return shared_lite(tmp_path_factory, worker_id)


@pytest.mark.slow
def test_lite_site_contains_every_lesson_the_data_and_the_wheel(lite_site):
    site = lite_site
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    assert sorted(p.name for p in (site / "files" / "lessons").glob("*.ipynb")) == lessons
    assert (site / "files" / "datasets" / "datapackage.json").is_file()
    assert (site / "files" / "datasets" / "geo" / "region.geojson").is_file()
    assert list((site / "pypi").glob("summit_course-*.whl"))
    assert (site / "index.html").is_file()
    assert not list(site.rglob("solutions")), "no solutions in the student site"


@pytest.mark.slow
def test_each_lite_lesson_first_loads_the_course_packages(lite_site):
    for path in sorted((lite_site / "files" / "lessons").glob("*.ipynb")):
        code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert code[0] == SETUP_CELL and code[1].startswith("# Run this cell first"), path.name
    assert "await load_course_packages()" in SETUP_CELL and len(SETUP_CELL.splitlines()) <= 5


@pytest.mark.slow
def test_the_contents_link_of_each_lesson_opens_a_readme_that_lists_the_lessons(lite_site):
    readme = (lite_site / "files" / "README.md").read_text("utf-8")
    assert "## Lessons" in readme
    for path in sorted((lite_site / "files" / "lessons").glob("*.ipynb")):
        nav = nbformat.read(path, as_version=4).cells[0].source
        assert "](../README.md#lessons)" in nav, path.name  # resolves to files/README.md, heading "Lessons"
        assert f"](lessons/{path.name})" in readme


@pytest.mark.slow
def test_pyodide_and_the_pure_python_wheels_are_served_by_the_site(lite_site):
    config = json.loads((lite_site / "jupyter-lite.json").read_text("utf-8"))["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs" and kernel["disablePyPIFallback"] is True
    pyodide = lite_site / "static" / "pyodide"
    assert {"pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"} <= {p.name for p in pyodide.iterdir()}
    lock = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))
    needed = needed_packages(lock)
    remote = sorted(name for name, entry in needed.items() if "://" in entry["file_name"])
    assert remote == COMPILED  # on no registry this machine reaches: written down in remote-packages.txt
    assert (lite_site / "remote-packages.txt").read_text("utf-8").split()[-len(COMPILED):] == COMPILED
    for name, entry in needed.items():
        if name not in COMPILED:
            assert (pyodide / entry["file_name"]).is_file(), name
    assert {"ipywidgets", "comm", "jupyterlab-widgets"} <= {
        p.name.split("-")[0].replace("_", "-") for p in (lite_site / "pypi").glob("*.whl")}


def _fake_dist(folder: Path) -> Path:
    folder.mkdir()
    (folder / "package.json").write_text('{"version": "9.9.9"}')
    (folder / "pyodide.mjs").write_text("export {}")
    (folder / "pyodide.d.ts").write_text("types")
    packages = {
        "micropip": {"name": "micropip", "version": "1.0", "file_name": "micropip-1.0-py3-none-any.whl",
                     "sha256": "old", "depends": ["packaging"]},
        "packaging": {"name": "packaging", "version": "2.0", "file_name": "packaging-2.0-py3-none-any.whl",
                      "sha256": "old", "depends": []},
        "numpy": {"name": "numpy", "version": "3.0", "file_name": "numpy-3.0-cp314-wasm32.whl", "sha256": "x",
                  "depends": []},
    }
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {}, "packages": packages}))
    return folder


def test_bundle_serves_local_wheels_and_sends_the_rest_to_the_cdn(tmp_path):
    dist, wheels = _fake_dist(tmp_path / "dist"), tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "micropip-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr("micropip/__init__.py", "")
    (wheels / "packaging-1.5-py3-none-any.whl").write_bytes(b"another version")
    remote = bundle_pyodide(dist, wheels, tmp_path / "out", roots=["micropip"])
    lock = json.loads((tmp_path / "out" / "pyodide-lock.json").read_text())["packages"]
    assert lock["micropip"]["file_name"] == "micropip-1.0-py3-none-any.whl" and lock["micropip"]["sha256"] != "old"
    assert (tmp_path / "out" / "micropip-1.0-py3-none-any.whl").is_file()
    assert lock["packaging"]["file_name"] == CDN.format(version="9.9.9") + "packaging-2.0-py3-none-any.whl"
    assert lock["numpy"]["file_name"].startswith("https://cdn.jsdelivr.net/pyodide/v9.9.9/full/")
    assert not (tmp_path / "out" / "pyodide.d.ts").exists() and (tmp_path / "out" / "pyodide.mjs").is_file()
    assert remote == ["packaging"]  # micropip's roots: only packaging stays remote (numpy is not needed)


def test_needed_packages_names_a_missing_dependency():
    with pytest.raises(KeyError, match="Pyodide's lock has no package 'ipython'"):
        needed_packages({"packages": {}}, roots=["ipython"])


class _Piplite:
    """A stand-in for JupyterLite's piplite: 'installs' by doing nothing, or fails like Pyodide offline."""

    def __init__(self, fail):
        self.fail, self.asked = fail, []

    async def install(self, names):
        self.asked.append(names)
        if self.fail == "raise":
            raise OSError("Failed to fetch")


@pytest.mark.parametrize("fail", ["raise", "log"])
def test_without_the_network_the_setup_cell_says_so_in_one_sentence(monkeypatch, fail):
    piplite = _Piplite(fail)
    monkeypatch.setitem(sys.modules, "piplite", piplite)
    missing = {"pandas", "matplotlib"}  # Pyodide logs a failed download, or raises: either way it is missing
    real = in_browser.importlib.util.find_spec
    monkeypatch.setattr(in_browser.importlib.util, "find_spec", lambda n: None if n in missing else real(n))
    with pytest.raises(in_browser.NeedsNetwork) as raised:
        asyncio.run(in_browser.load_course_packages())
    assert piplite.asked == [["pandas", "matplotlib", "ipywidgets"]]
    message = str(raised.value)
    assert message.startswith("This lesson needs the network once: pandas and matplotlib could not be downloaded")
    assert message.count(". ") == 0 and message.endswith("run this cell again.")  # one sentence
    assert raised.value._render_traceback_() == [message]  # IPython shows it without a traceback


def test_with_the_packages_the_setup_cell_says_ready(monkeypatch):
    monkeypatch.setitem(sys.modules, "piplite", _Piplite(None))
    said = asyncio.run(in_browser.load_course_packages())
    assert said.startswith("Ready: pandas ") and "matplotlib " in said and "ipywidgets " in said
    monkeypatch.delitem(sys.modules, "piplite")  # JupyterLab: nothing to install, only imports
    assert asyncio.run(in_browser.load_course_packages()).startswith("Ready: pandas ")
