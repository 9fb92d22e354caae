"""The course kernel imports what the lessons need in the background, while the student reads."""

from __future__ import annotations

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from summit_course import kernel, warm

#: Waits for the warming thread (if the kernel started one) to end, then lists which of three modules are loaded.
LOADED = ("import sys, threading\n"
          "for t in threading.enumerate():\n"
          "    t.join(60) if t.name == 'summit-warm' else None\n"
          "print(sorted(m for m in ('pandas', 'matplotlib.figure', 'summit_course.charts') if m in sys.modules))")


def _loaded(client) -> str:
    out = []
    client.execute_interactive(LOADED, timeout=60, output_hook=lambda msg: out.append(msg["content"].get("text", "")))
    return "".join(out).strip()


@pytest.mark.parametrize("switch", ["", "off"])
def test_the_course_kernel_warms_pandas_and_matplotlib_unless_switched_off(tmp_path, switch):
    kernel.install(prefix=str(tmp_path))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")])
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    manager.start_kernel(env={"PATH": "/usr/bin:/bin", warm.ENV_VAR: switch})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        # the extension starts the thread before the kernel answers: once it has ended, all it loads is loaded
        loaded = _loaded(client)
        assert loaded == ("[]" if switch else "['matplotlib.figure', 'pandas', 'summit_course.charts']"), loaded
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_warming_is_a_daemon_thread_that_only_imports(monkeypatch):
    monkeypatch.setattr(warm, "MODULES", ("json", "no_such_module_here"))
    thread = warm.start(delay=0)
    assert thread is not None and thread.daemon and thread.name == "summit-warm"
    thread.join(10)
    assert not thread.is_alive()  # a missing module is left to the cell that needs it
    monkeypatch.setenv(warm.ENV_VAR, "off")
    assert warm.start() is None
