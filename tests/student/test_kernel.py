"""The course kernel loads the package at start: the notes work before the setup cell."""

from __future__ import annotations

import json

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from summit_course import kernel


def test_install_writes_a_python3_kernel_that_loads_the_extension(tmp_path):
    folder = kernel.install(prefix=str(tmp_path))
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "python3" / "kernel.json").read_text())
    assert folder.endswith("python3")
    assert spec["argv"][:3] == ["python", "-m", "ipykernel_launcher"] and "--ext=summit_course" in spec["argv"]
    assert spec["display_name"] == "Python 3 (ipykernel)" and spec["language"] == "python"
    kernel.install(prefix=str(tmp_path))  # again: replaced, not an error


def _run(client, code: str) -> str:
    out = []

    def keep(msg):
        content = msg["content"]
        out.append(content.get("text", "") + "".join(content.get("data", {}).get("text/plain", "")))

    client.execute_interactive(code, timeout=60, output_hook=keep)
    return "".join(out)


def test_after_a_restart_the_first_cell_already_gets_the_courses_notes(tmp_path):
    kernel.install(prefix=str(tmp_path))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")])
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        for _ in range(2):  # a fresh kernel, then the same after Kernel → Restart
            out = _run(client, 'check("7.6", container_ratio)')
            assert "Note: `check` comes from the setup cell at the top of the notebook" in out, out
            assert "Note: `pd` comes from the setup cell" in _run(client, "pd.Series([1])")
            manager.restart_kernel()
            client.wait_for_ready(timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_load_ext_registers_the_tracker_in_a_shell_that_had_none():
    from IPython.core.interactiveshell import InteractiveShell

    from summit_course import cells

    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    cells.uninstall()
    try:
        shell.run_line_magic("load_ext", "summit_course")
        assert cells.tracker is not None and cells.tracker.shell is shell
    finally:
        cells.uninstall()
        InteractiveShell.clear_instance()


def test_every_lesson_names_the_course_kernel_as_it_calls_itself():
    """A lesson whose kernelspec differs from the running kernel's is rewritten by JupyterLab on
    opening, so it shows the unsaved dot before the student did anything. ``SUMMIT_COURSE_ROOT``:
    another course's lessons (a copy with a lesson added; tests/authoring/test_new_lesson.py)."""
    import json
    import os
    from pathlib import Path

    from summit_course.kernel import DISPLAY_NAME, KERNEL_NAME

    root = Path(os.environ.get("SUMMIT_COURSE_ROOT") or Path(__file__).resolve().parents[2])
    for folder in ("lessons", "solutions"):
        for path in sorted((root / folder).glob("*.ipynb")):
            spec = json.loads(path.read_text("utf-8"))["metadata"]["kernelspec"]
            assert (spec["name"], spec["display_name"]) == (KERNEL_NAME, DISPLAY_NAME), path.name
